/** The inspections module's permissions and the roles that hold them by default. */
import { definePermissions } from '../../kernel/auth/permissions.ts';
import { STAFF_ROLES } from '../../kernel/auth/roles.ts';

export const inspectionsPermissions = definePermissions('inspections', {
  read: { zh: '查阅双随机抽查', en: 'Read random inspections', roles: STAFF_ROLES },
  manage: {
    zh: '管理抽查事项、名录库和抽查任务',
    en: 'Manage inspection items, directories and tasks',
    roles: ['department_lead', 'admin'],
  },
  // The outside participant (a supervisor or discipline inspector) holds this; they are otherwise read-only.
  witness: {
    zh: '参与摇号（提交承诺与揭示）',
    en: 'Take part in a draw (commit and reveal)',
    roles: ['department_lead', 'supervisor', 'discipline_inspector', 'admin'],
  },
  record_results: {
    zh: '录入检查结果',
    en: 'Record inspection results',
    roles: ['inspector', 'department_lead', 'admin'],
  },
});
