/**
 * The ratings module's permissions and the roles that hold them by default. Only applicants rate (staff hold no
 * `ratings:rate`, so they cannot write a rating); staff read ratings without their raters; the handling department's
 * lead works a rectification; the supervisor decides an appeal.
 */
import { definePermissions } from '../../kernel/auth/permissions.ts';

export const ratingsPermissions = definePermissions('ratings', {
  rate: {
    zh: '评价本人办理的事项（好差评），查看本人评价及整改结果',
    en: 'Rate one’s own service (好差评) and see one’s ratings and their rectification',
    roles: ['applicant'],
  },
  read: {
    zh: '查阅管辖范围内的评价（不含评价人）、整改与统计',
    en: 'Read ratings in one’s jurisdiction (never who rated), rectifications and statistics',
    roles: ['window_clerk', 'reviewer', 'approver', 'department_lead', 'supervisor', 'discipline_inspector', 'admin'],
  },
  rectify: {
    zh: '差评整改：回访、核实、整改、解释说明、申诉',
    en: 'Work a rectification: callback, verification, rectify, explain, appeal',
    roles: ['department_lead'],
  },
  decide_appeal: {
    zh: '裁定不实差评申诉',
    en: 'Decide an appeal against a rating as unfounded',
    roles: ['supervisor'],
  },
  offer: {
    zh: '发起评价邀请（系统：办件办结或不予受理后）',
    en: 'Offer a rating (the system: after a case is concluded or refused)',
    roles: [],
  },
});
