/** The cases module's events: what other modules and webhooks may react to. */
import { Type } from '@fastify/type-provider-typebox';
import { defineEvents } from '../../kernel/events.ts';

/** Every case event carries the case's id, number, competent region and department, and where it stands now. */
const Moved = Type.Object({
  id: Type.String(),
  number: Type.String(),
  region: Type.String(),
  department: Type.String(),
  itemId: Type.String(),
  version: Type.Integer(),
  status: Type.String(),
});

export const casesEvents = defineEvents('cases', {
  'cases.case.submitted': { zh: '申请已提交', en: 'Application submitted', payload: Moved },
  'cases.case.accepted': { zh: '办件已受理', en: 'Case accepted', payload: Moved },
  'cases.case.refused': { zh: '办件不予受理', en: 'Case refused', payload: Moved },
  'cases.case.supplement_requested': { zh: '已一次性告知补正', en: 'Supplement requested', payload: Moved },
  'cases.case.resubmitted': { zh: '补正后已重新提交', en: 'Resubmitted after supplement', payload: Moved },
  'cases.case.review_started': { zh: '办件进入审查', en: 'Review started', payload: Moved },
  'cases.case.granted': { zh: '准予许可', en: 'Granted', payload: Moved },
  'cases.case.denied': { zh: '不予许可', en: 'Denied', payload: Moved },
  'cases.case.concluded': { zh: '办件已办结', en: 'Case concluded', payload: Moved },
  'cases.case.withdrawn': { zh: '申请已撤回', en: 'Application withdrawn', payload: Moved },
  'cases.case.deemed_accepted': {
    zh: '逾期未作受理决定，视为受理',
    en: 'Deemed accepted: no acceptance decision within the limit',
    payload: Moved,
  },
  'cases.material.added': {
    zh: '已上传申请材料',
    en: 'Material uploaded',
    payload: Type.Object({
      caseId: Type.String(),
      number: Type.String(),
      materialId: Type.String(),
      contentType: Type.String(),
      size: Type.Integer(),
      sha256: Type.String(),
    }),
  },
  'cases.case.forwarded': { zh: '通办件已转交有权机关', en: 'Forwarded to the competent body', payload: Moved },
  'cases.case.member_started': {
    zh: '前置事项已准予，后续事项开始办理',
    en: 'Prerequisites granted: bundle member started',
    payload: Moved,
  },
  'cases.case.member_not_started': {
    zh: '前置事项未获准予，后续事项不再办理',
    en: 'A prerequisite was not granted: bundle member not started',
    payload: Moved,
  },
  'cases.bundle.submitted': {
    zh: '一件事申请已提交',
    en: 'Bundle application submitted',
    payload: Type.Object({
      id: Type.String(),
      number: Type.String(),
      bundleId: Type.String(),
      bundleVersion: Type.Integer(),
      region: Type.String(),
      cases: Type.Array(Type.String()),
    }),
  },
  'cases.bundle.concluded': {
    zh: '一件事办结，已出具合并告知',
    en: 'Bundle application ended; combined notice issued',
    payload: Type.Object({
      id: Type.String(),
      number: Type.String(),
      outcome: Type.String(),
      granted: Type.Integer(),
      members: Type.Integer(),
    }),
  },
});
