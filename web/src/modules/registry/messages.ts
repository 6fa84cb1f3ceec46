/** The registry pages' strings, in zh-CN and en-US side by side. */
import type { Messages } from '../../shell/i18n.ts';

export const messages = {
  'nav.registry': { zh: '企业与个人库', en: 'Enterprises & people' },
  'registry.heading': { zh: '企业与个人库', en: 'Enterprises & people' },
  'registry.searchLabel': { zh: '企业名称或统一社会信用代码', en: 'Enterprise name or unified social credit code' },
  'registry.searchPlaceholder': { zh: '输入企业名称或统一社会信用代码', en: 'Enterprise name or USCC' },
  'registry.search': { zh: '查询', en: 'Search' },
  'registry.loadMore': { zh: '加载更多', en: 'Load more' },
  'registry.uscc': { zh: '统一社会信用代码', en: 'USCC' },
  'registry.name': { zh: '企业名称', en: 'Name' },
  'registry.region': { zh: '所属区划', en: 'Region' },
  'registry.status.active': { zh: '存续', en: 'Active' },
  'registry.status.revoked': { zh: '吊销', en: 'Revoked' },
  'registry.status.deregistered': { zh: '注销', en: 'Deregistered' },
  'registry.status': { zh: '登记状态', en: 'Status' },
  'registry.synthetic': { zh: '示例数据', en: 'Synthetic' },
  'registry.empty': { zh: '暂无数据', en: 'No data' },
  'registry.count': { zh: '已显示 {n} 条', en: '{n} shown' },
  'registry.tableCaption': { zh: '企业查询结果', en: 'Enterprise search results' },
} satisfies Messages;
