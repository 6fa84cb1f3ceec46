/** The kernel's own events. */
import { Type } from '@fastify/type-provider-typebox';
import { defineEvents } from './events.ts';

export const KERNEL_EVENTS = defineEvents('kernel', {
  'kernel.calendar.loaded': {
    zh: '年度节假日安排已载入',
    en: 'A year of holidays was loaded',
    payload: Type.Object({ year: Type.Integer() }, { additionalProperties: Type.Integer() }),
  },
  'kernel.office_hours.changed': {
    zh: '工作时间已变更',
    en: 'Office hours changed',
    payload: Type.Object({ region: Type.String() }),
  },
  'kernel.region_limits.changed': {
    zh: '地区时限设置已变更',
    en: 'A region’s limits changed',
    payload: Type.Object({ region: Type.String() }),
  },
});
