/** The hotline module's permissions and the roles that hold them by default. */
import { definePermissions } from '../../kernel/auth/permissions.ts';
import { STAFF_ROLES } from '../../kernel/auth/roles.ts';

export const hotlinePermissions = definePermissions('hotline', {
  read: { zh: '查阅hotline记录', en: 'Read hotline records', roles: STAFF_ROLES },
  manage: { zh: '登记和办结hotline记录', en: 'Create and close hotline records', roles: ['department_lead', 'admin'] },
});
