/** The inspections module's events: what other modules and webhooks may react to. */
import { Type } from '@fastify/type-provider-typebox';
import { defineEvents } from '../../kernel/events.ts';

const Moved = Type.Object({ id: Type.String(), region: Type.String(), version: Type.Integer(), status: Type.String() });

export const inspectionsEvents = defineEvents('inspections', {
  'inspections.task.created': {
    zh: '抽查任务已创建',
    en: 'Inspection task created',
    payload: Type.Object({ id: Type.String(), region: Type.String() }),
  },
  'inspections.task.frozen': { zh: '抽查对象已冻结', en: 'Population frozen', payload: Moved },
  'inspections.task.drawn': { zh: '已摇号', en: 'Draw made', payload: Moved },
  'inspections.task.started': { zh: '检查已开始', en: 'Inspections started', payload: Moved },
  'inspections.task.published': { zh: '抽查结果已公示', en: 'Results published', payload: Moved },
  'inspections.round.voided': {
    zh: '摇号轮次作废',
    en: 'Draw round voided',
    payload: Type.Object({ taskId: Type.String(), round: Type.Integer(), reason: Type.String() }),
  },
  // For the credit module: one result per target and item, random or targeted.
  'inspections.result.recorded': {
    zh: '检查结果已录入',
    en: 'Inspection result recorded',
    payload: Type.Object({
      id: Type.String(),
      visitId: Type.String(),
      kind: Type.String(),
      taskId: Type.Union([Type.String(), Type.Null()]),
      uscc: Type.String(),
      itemId: Type.String(),
      category: Type.String(),
      problem: Type.Boolean(),
      region: Type.String(),
    }),
  },
  'inspections.evidence.added': {
    zh: '检查证据已上传',
    en: 'Inspection evidence added',
    payload: Type.Object({
      id: Type.String(),
      visitId: Type.String(),
      itemId: Type.String(),
      contentType: Type.String(),
      size: Type.Integer(),
      sha256: Type.String(),
    }),
  },
  'inspections.visit.published': {
    zh: '检查结果已公示',
    en: 'Visit results published',
    payload: Type.Object({ id: Type.String(), region: Type.String(), late: Type.Boolean() }),
  },
});
