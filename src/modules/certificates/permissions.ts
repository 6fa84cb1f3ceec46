/** The certificates module's permissions and the roles that hold them by default. */
import { definePermissions } from '../../kernel/auth/permissions.ts';
import { STAFF_ROLES } from '../../kernel/auth/roles.ts';

export const certificatesPermissions = definePermissions('certificates', {
  read: { zh: '查阅certificates记录', en: 'Read certificates records', roles: STAFF_ROLES },
  manage: {
    zh: '登记和办结certificates记录',
    en: 'Create and close certificates records',
    roles: ['department_lead', 'admin'],
  },
});
