/** The shell's own strings (header, errors, not found), in zh-CN and en-US side by side. */
import type { Messages } from './i18n.ts';

export const messages = {
  'app.title': { zh: 'OneWindow 一网通办', en: 'OneWindow 一网通办' },
  'app.subtitle': { zh: '放管服平台', en: 'Government services platform' },
  'app.skipToContent': { zh: '跳到主要内容', en: 'Skip to main content' },
  'app.footer': { zh: 'OneWindow 一网通办 · 放管服平台', en: 'OneWindow 一网通办 · Government services platform' },
  'header.language': { zh: '界面语言', en: 'Language' },
  'header.elderMode': { zh: '适老模式', en: 'Elder mode' },
  'header.elderModeOn': { zh: '已开启适老模式', en: 'Elder mode is on' },
  'header.logout': { zh: '退出登录', en: 'Sign out' },
  'header.user': { zh: '当前用户', en: 'Signed in as' },
  'header.menu': { zh: '菜单', en: 'Menu' },
  'nav.label': { zh: '主导航', en: 'Main navigation' },
  'error.network': { zh: '网络错误，请稍后重试。', en: 'Network error, please try again later.' },
  'error.generic': { zh: '请求失败（{status}）', en: 'Request failed ({status})' },
  'error.forbidden': { zh: '您没有访问此功能的权限。', en: 'You do not have access to this feature.' },
  'notFound.heading': { zh: '页面不存在', en: 'Page not found' },
  'notFound.back': { zh: '返回首页', en: 'Back to home' },
  'common.loading': { zh: '加载中…', en: 'Loading…' },
  'common.retry': { zh: '重试', en: 'Retry' },
} satisfies Messages;
