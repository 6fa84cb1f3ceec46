/** The catalog's permissions and the roles that hold them by default. */
import { definePermissions } from '../../kernel/auth/permissions.ts';
import { STAFF_ROLES } from '../../kernel/auth/roles.ts';

export const catalogPermissions = definePermissions('catalog', {
  read: {
    zh: '查阅事项目录、实施清单（含草稿）与报表',
    en: 'Read the catalog, implementation lists (drafts too) and reports',
    roles: STAFF_ROLES,
  },
  edit: {
    zh: '编制事项与实施清单、提交审核',
    en: 'Draft items and implementation lists, submit for review',
    roles: ['reviewer', 'department_lead', 'admin'],
  },
  publish: {
    zh: '审核发布、退回、废止实施清单',
    en: 'Review, publish, return and retire implementation lists',
    roles: ['department_lead', 'admin'],
  },
  centers: {
    zh: '维护政务服务中心、窗口与负面清单',
    en: 'Maintain service centers, windows and negative lists',
    roles: ['department_lead', 'admin'],
  },
});
