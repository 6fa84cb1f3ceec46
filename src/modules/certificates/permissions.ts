/** The certificates module's permissions and the roles that hold them by default. */
import { definePermissions } from '../../kernel/auth/permissions.ts';
import { STAFF_ROLES } from '../../kernel/auth/roles.ts';

export const certificatesPermissions = definePermissions('certificates', {
  read: { zh: '查阅本部门签发的电子证照', en: 'Read certificates issued by the department', roles: STAFF_ROLES },
  manage: {
    zh: '注销、暂停和恢复电子证照',
    en: 'Revoke, suspend and reinstate certificates',
    roles: ['department_lead', 'admin'],
  },
  own: { zh: '查看本人的证照库', en: 'See one’s own certificates (wallet)', roles: ['applicant'] },
  use: {
    zh: '使用持证人授权本部门的电子证照（每次使用均记录并告知持证人）',
    en: 'Use certificates their holders granted to the department (every use is logged for the holder)',
    roles: ['window_clerk', 'reviewer', 'approver', 'department_lead', 'inspector'],
  },
  expire: {
    zh: '将超过有效期的电子证照标记为已过期（系统：每日作业）',
    en: 'Mark certificates past their validity as expired (the system: a daily job)',
    roles: [],
  },
  configure: {
    zh: '维护证照类型、签发密钥和信任列表',
    en: 'Maintain certificate types, issuer keys and the trust list',
    roles: ['admin'],
  },
  issue_conformance: {
    zh: '通过 VC-API 签发测试凭证',
    en: 'Issue test credentials through the VC-API',
    roles: ['admin'],
  },
});
