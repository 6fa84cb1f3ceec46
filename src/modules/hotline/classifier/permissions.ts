/**
 * The classifier's permissions, in the hotline module's namespace. The module's index.ts adds their `list` to the
 * module's permission declarations (one `permissions` per module).
 */
import { definePermissions } from '../../../kernel/auth/permissions.ts';

export const classifierPermissions = definePermissions('hotline', {
  classify: {
    zh: '获取并确认12345工单的分类与承办部门建议，查看分类模型指标',
    en: 'Get and confirm topic and department suggestions for hotline tickets; read the classifier metrics',
    roles: ['hotline_operator', 'admin'],
  },
  train: {
    zh: '导入12345历史工单并训练分类模型',
    en: 'Import historical hotline tickets and train the classifier',
    roles: ['admin'],
  },
});
