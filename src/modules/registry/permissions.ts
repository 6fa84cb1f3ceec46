/** The registry's permissions and the roles that hold them by default. */
import { definePermissions } from '../../kernel/auth/permissions.ts';
import { STAFF_ROLES } from '../../kernel/auth/roles.ts';

export const registryPermissions = definePermissions('registry', {
  read: {
    zh: '查阅企业、自然人和部门登记信息（脱敏）',
    en: 'Read enterprises, persons and departments (masked)',
    roles: STAFF_ROLES,
  },
  write: {
    zh: '登记和变更企业、自然人',
    en: 'Register and change enterprises and persons',
    roles: ['window_clerk', 'admin'],
  },
  read_personal: {
    zh: '查阅完整个人信息（须说明理由，留痕）',
    en: 'Read full personal data (with a reason, logged)',
    roles: ['window_clerk', 'reviewer', 'approver', 'department_lead'],
  },
  personal_reads: {
    zh: '查阅个人信息查阅记录',
    en: 'See who read personal data',
    roles: ['supervisor', 'discipline_inspector', 'admin'],
  },
  self: { zh: '查看本人登记信息及其查阅记录', en: 'See one’s own record and its reads', roles: ['applicant'] },
  declare_relation: {
    zh: '申报本人利益关系',
    en: 'Declare one’s own relations (conflicts of interest)',
    roles: STAFF_ROLES,
  },
  relations_read: {
    zh: '查阅工作人员利益关系申报',
    en: 'Read staff relation declarations',
    roles: ['department_lead', 'supervisor', 'discipline_inspector', 'admin'],
  },
});
