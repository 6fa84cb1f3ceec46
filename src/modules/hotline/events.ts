/** The hotline module's events: what other modules and webhooks may react to. */
import { Type } from '@fastify/type-provider-typebox';
import { defineEvents } from '../../kernel/events.ts';

const Moved = Type.Object({
  id: Type.String(),
  number: Type.String(),
  region: Type.String(),
  department: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
  status: Type.String(),
});

export const hotlineEvents = defineEvents('hotline', {
  'hotline.ticket.created': {
    zh: '工单已登记',
    en: 'Ticket registered',
    payload: Type.Object({ id: Type.String(), number: Type.String(), region: Type.String(), type: Type.String() }),
  },
  'hotline.ticket.dispatched': { zh: '工单已派单', en: 'Ticket dispatched', payload: Moved },
  'hotline.ticket.returned': { zh: '工单已退单', en: 'Ticket returned', payload: Moved },
  'hotline.ticket.accepted': { zh: '工单已签收', en: 'Ticket accepted', payload: Moved },
  'hotline.ticket.extension_requested': { zh: '工单申请延期', en: 'Extension requested', payload: Moved },
  'hotline.ticket.extension_decided': { zh: '工单延期已审批', en: 'Extension decided', payload: Moved },
  'hotline.ticket.replied': { zh: '工单已答复', en: 'Ticket replied', payload: Moved },
  'hotline.ticket.reopened': { zh: '工单不满意重办', en: 'Ticket reopened', payload: Moved },
  'hotline.ticket.escalated': { zh: '工单已升级', en: 'Ticket escalated', payload: Moved },
  'hotline.ticket.closed': { zh: '工单已办结', en: 'Ticket closed', payload: Moved },
  'hotline.ticket.merged': { zh: '工单已并单', en: 'Ticket merged', payload: Moved },
  'hotline.ticket.transferred': {
    zh: '工单已转办其他热线中心',
    en: 'Ticket transferred to another center',
    payload: Moved,
  },
  'hotline.ticket.attached': {
    zh: '工单已上传附件',
    en: 'File attached to a ticket',
    payload: Type.Object({
      id: Type.String(),
      number: Type.String(),
      attachment: Type.String(),
      kind: Type.String(),
      contentType: Type.String(),
      size: Type.Integer(),
      sha256: Type.String(),
    }),
  },
  'hotline.ticket.supervised': {
    zh: '工单已督办',
    en: 'Supervision order issued',
    payload: Type.Object({ id: Type.String(), number: Type.String(), level: Type.Integer(), region: Type.String() }),
  },
  'hotline.ticket.deadline_yellow': {
    zh: '工单临近期限（黄灯）',
    en: 'Ticket deadline near (yellow)',
    payload: Type.Object({ id: Type.String(), purpose: Type.String(), due: Type.String() }),
  },
  'hotline.ticket.deadline_red': {
    zh: '工单已逾期（红灯）',
    en: 'Ticket overdue (red)',
    payload: Type.Object({ id: Type.String(), purpose: Type.String(), due: Type.String() }),
  },
  'hotline.api_key.issued': {
    zh: 'Open311 接口密钥已签发',
    en: 'Open311 API key issued',
    payload: Type.Object({ id: Type.String(), center: Type.String(), client: Type.String() }),
  },
  'hotline.api_key.revoked': {
    zh: 'Open311 接口密钥已吊销',
    en: 'Open311 API key revoked',
    payload: Type.Object({ id: Type.String(), center: Type.String(), client: Type.String() }),
  },
});
