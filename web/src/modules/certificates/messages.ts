/** The certificates pages' strings, in zh-CN and en-US side by side. */
import type { Messages } from '../../shell/i18n.ts';

export const messages = {
  'nav.certificates': { zh: 'certificates 记录', en: 'Certificates records' },
  'certificates.heading': { zh: 'certificates 记录', en: 'Certificates records' },
  'certificates.title': { zh: '标题', en: 'Title' },
  'certificates.status': { zh: '状态', en: 'Status' },
  'certificates.status.open': { zh: '办理中', en: 'Open' },
  'certificates.status.closed': { zh: '已办结', en: 'Closed' },
  'certificates.createdAt': { zh: '登记时间', en: 'Created' },
  'certificates.empty': { zh: '暂无记录', en: 'No records' },
  'certificates.tableCaption': { zh: 'certificates 记录列表', en: 'Certificates records' },
} satisfies Messages;
