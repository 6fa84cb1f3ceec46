/**
 * The hotline module's permissions and the roles that hold them by default. Holding one is not enough: a ticket is
 * reached only from its side (access.ts) — the center's operators and host-department lead, the handling department,
 * or the region's supervisors and discipline inspectors (read-only unless given `handle`).
 */
import { definePermissions } from '../../kernel/auth/permissions.ts';
import { STAFF_ROLES } from '../../kernel/auth/roles.ts';

export const hotlinePermissions = definePermissions('hotline', {
  read: { zh: '查阅12345工单', en: 'Read hotline tickets', roles: STAFF_ROLES },
  intake: {
    zh: '登记、派单、回访12345工单',
    en: 'Register, dispatch and call back hotline tickets',
    roles: ['hotline_operator', 'admin'],
  },
  handle: {
    zh: '签收、退单、延期、答复12345工单',
    en: 'Accept, return, extend and reply to hotline tickets',
    roles: ['reviewer', 'approver', 'department_lead', 'supervisor'],
  },
  decide: {
    zh: '12345中心仲裁、审批延期、督办',
    en: 'Arbitrate, approve extensions and supervise hotline tickets',
    roles: ['department_lead', 'admin'],
  },
  configure: {
    zh: '维护12345分类、派单规则和知识库',
    en: 'Configure hotline topics, routing rules and knowledge base',
    roles: ['department_lead', 'hotline_operator', 'admin'],
  },
  keys: {
    zh: '签发、吊销12345开放接口（Open311）密钥',
    en: 'Issue and revoke the hotline’s Open311 API keys',
    roles: ['department_lead', 'admin'],
  },
  // The oversight reads (status counts, the supervision board, the dashboard) for the center's side of the work.
  statistics: {
    zh: '查看12345统计与督办看板',
    en: 'View hotline statistics and the supervision board',
    roles: ['hotline_operator', 'supervisor', 'discipline_inspector', 'department_lead', 'admin'],
  },
  submit: { zh: '提交12345诉求', en: 'Submit a hotline request', roles: ['applicant'] },
});
