/** The hotline module's events: what other modules and webhooks may react to. */
import { Type } from '@fastify/type-provider-typebox';
import { defineEvents } from '../../kernel/events.ts';

const Moved = Type.Object({ id: Type.String(), region: Type.String(), version: Type.Integer(), status: Type.String() });

export const hotlineEvents = defineEvents('hotline', {
  'hotline.record.created': {
    zh: '记录已登记',
    en: 'Record created',
    payload: Type.Object({ id: Type.String(), region: Type.String() }),
  },
  'hotline.record.closed': { zh: '记录已办结', en: 'Record closed', payload: Moved },
  'hotline.record.reopened': { zh: '记录已重新打开', en: 'Record reopened', payload: Moved },
});
