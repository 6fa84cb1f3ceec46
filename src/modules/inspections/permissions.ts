/** The inspections module's permissions and the roles that hold them by default. */
import { definePermissions } from '../../kernel/auth/permissions.ts';
import { STAFF_ROLES } from '../../kernel/auth/roles.ts';

export const inspectionsPermissions = definePermissions('inspections', {
  read: { zh: '查阅inspections记录', en: 'Read inspections records', roles: STAFF_ROLES },
  manage: {
    zh: '登记和办结inspections记录',
    en: 'Create and close inspections records',
    roles: ['department_lead', 'admin'],
  },
});
