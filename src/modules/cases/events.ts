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

/**
 * A light raised on a case's deadline (lights.ts): for the notifications that go to the assignee (when the case has
 * one: the clerk a resubmission returns to, the accepting clerk for the decision) and the department's lead.
 */
const Light = Type.Object({
  id: Type.String(),
  number: Type.String(),
  region: Type.String(),
  department: Type.String(),
  purpose: Type.String({ description: 'acceptance | decision' }),
  due: Type.String({ description: 'The due instant (ISO 8601)' }),
  assignee: Type.Union([Type.String(), Type.Null()], { description: 'Account id of the staff member on the step' }),
});

/** Every review-step event names the step, its case, where it stands and who holds it now. */
const StepMoved = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  stepKey: Type.String(),
  status: Type.String(),
  assignee: Type.Union([Type.String(), Type.Null()]),
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
  'cases.visit.recorded': {
    zh: '已登记申请人到场',
    en: 'In-person visit recorded',
    payload: Type.Object({
      caseId: Type.String(),
      number: Type.String(),
      region: Type.String(),
      department: Type.String(),
      purpose: Type.String(),
      count: Type.Integer({ description: 'Visits so far, the window filing included' }),
      declared: Type.Integer({ description: 'Visits the implementation promises at most' }),
    }),
  },
  'cases.complaint.filed': {
    zh: '申请人已投诉',
    en: 'The applicant complained about the case',
    payload: Type.Object({
      caseId: Type.String(),
      number: Type.String(),
      region: Type.String(),
      department: Type.String(),
      n: Type.Integer({ description: 'The complaint’s number on the case (its text: cases’ complaintOf)' }),
    }),
  },
  'cases.material.sourced': {
    zh: '已使用电子证照作为申请材料',
    en: 'Material given by an e-certificate',
    payload: Type.Object({
      caseId: Type.String(),
      number: Type.String(),
      materialId: Type.String(),
      materialKey: Type.String(),
      sourceKind: Type.String({ description: 'certificate' }),
      recordNumber: Type.String({ description: 'The certificate number (GB/T 36904)' }),
      valid: Type.Boolean({
        description: 'What the verification at filing said (always true: an invalid one is refused)',
      }),
    }),
  },
  'cases.case.recorded': { zh: '已备案', en: 'Filing recorded', payload: Moved },
  'cases.case.granted_on_commitment': { zh: '告知承诺：当场准予许可', en: 'Granted on commitment', payload: Moved },
  'cases.case.commitment_verified': { zh: '承诺核查属实', en: 'Commitment verified', payload: Moved },
  // For credit regulation: who made the false commitment, on which item and case.
  'cases.case.commitment_breached': {
    zh: '虚假承诺：撤销许可',
    en: 'False commitment: grant revoked',
    payload: Type.Object({
      ...Moved.properties,
      applicantKind: Type.String(),
      applicantPersonId: Type.Union([Type.String(), Type.Null()]),
      applicantEnterpriseId: Type.Union([Type.String(), Type.Null()]),
      itemName: Type.String(),
    }),
  },
  'cases.case.handled_immediately': { zh: '即办件当场办结', en: 'Handled on the spot', payload: Moved },
  'cases.case.special_procedure_started': {
    zh: '启动特别程序，暂停计时',
    en: 'Special procedure started',
    payload: Moved,
  },
  'cases.case.special_procedure_ended': { zh: '特别程序结束，恢复计时', en: 'Special procedure ended', payload: Moved },
  'cases.case.flagged': {
    zh: '办件被标记异常',
    en: 'Case flagged',
    payload: Type.Object({ ...Moved.properties, flag: Type.String() }),
  },
  'cases.document.issued': {
    zh: '已出具决定文书',
    en: 'Decision document issued',
    payload: Type.Object({
      id: Type.String(),
      caseId: Type.String(),
      number: Type.String(),
      kind: Type.String(),
      sha256: Type.String(),
    }),
  },
  'cases.publication.published': {
    zh: '许可决定已公示（双公示）',
    en: 'Licensing decision published',
    payload: Type.Object({
      id: Type.String(),
      caseId: Type.String(),
      region: Type.String(),
      late: Type.Boolean(),
    }),
  },
  'cases.case.deadline_yellow': {
    zh: '办件期限黄灯预警',
    en: 'Case deadline: yellow light',
    payload: Light,
  },
  'cases.case.deadline_red': {
    zh: '办件期限红灯（已逾期）',
    en: 'Case deadline: red light (overdue)',
    payload: Light,
  },
  'cases.step.opened': { zh: '审查环节已开始', en: 'Review step opened', payload: StepMoved },
  'cases.step.claimed': { zh: '审查环节已认领', en: 'Review step claimed', payload: StepMoved },
  'cases.step.assigned': { zh: '审查环节已指派', en: 'Review step assigned', payload: StepMoved },
  'cases.step.completed': { zh: '审查环节已完成', en: 'Review step completed', payload: StepMoved },
  'cases.step.recused': { zh: '承办人已回避', en: 'Staff member recused', payload: StepMoved },
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
