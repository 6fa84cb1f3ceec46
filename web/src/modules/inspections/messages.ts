/** The inspections pages' strings, in zh-CN and en-US side by side. */
import type { Messages } from '../../shell/i18n.ts';

export const messages = {
  'nav.inspections': { zh: 'inspections 记录', en: 'Inspections records' },
  'inspections.heading': { zh: 'inspections 记录', en: 'Inspections records' },
  'inspections.title': { zh: '标题', en: 'Title' },
  'inspections.status': { zh: '状态', en: 'Status' },
  'inspections.status.open': { zh: '办理中', en: 'Open' },
  'inspections.status.closed': { zh: '已办结', en: 'Closed' },
  'inspections.createdAt': { zh: '登记时间', en: 'Created' },
  'inspections.empty': { zh: '暂无记录', en: 'No records' },
  'inspections.tableCaption': { zh: 'inspections 记录列表', en: 'Inspections records' },
} satisfies Messages;
