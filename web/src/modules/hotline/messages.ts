/** The hotline pages' strings, in zh-CN and en-US side by side. */
import type { Messages } from '../../shell/i18n.ts';

export const messages = {
  'nav.hotline': { zh: 'hotline 记录', en: 'Hotline records' },
  'hotline.heading': { zh: 'hotline 记录', en: 'Hotline records' },
  'hotline.title': { zh: '标题', en: 'Title' },
  'hotline.status': { zh: '状态', en: 'Status' },
  'hotline.status.open': { zh: '办理中', en: 'Open' },
  'hotline.status.closed': { zh: '已办结', en: 'Closed' },
  'hotline.createdAt': { zh: '登记时间', en: 'Created' },
  'hotline.empty': { zh: '暂无记录', en: 'No records' },
  'hotline.tableCaption': { zh: 'hotline 记录列表', en: 'Hotline records' },
} satisfies Messages;
