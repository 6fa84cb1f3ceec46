/** Every UI string, in zh-CN and en-US. Keys are stable; add a key to both dictionaries. */
import { createContext, useContext } from 'react';

export type Lang = 'zh-CN' | 'en-US';
export const LANGS: readonly Lang[] = ['zh-CN', 'en-US'];

const zh = {
  'app.title': 'OneWindow 一网通办',
  'app.subtitle': '放管服平台',
  'app.skipToContent': '跳到主要内容',
  'app.footer': 'OneWindow 一网通办 · 放管服平台',
  'header.language': '界面语言',
  'header.elderMode': '适老模式',
  'header.elderModeOn': '已开启适老模式',
  'header.logout': '退出登录',
  'header.user': '当前用户',
  'nav.label': '主导航',
  'nav.home': '首页',
  'nav.registry': '企业与个人库',
  'nav.reference': '区划与日历',
  'nav.system': '系统',
  'login.heading': '登录',
  'login.intro': '请使用工作人员或申请人账号登录。',
  'login.username': '用户名',
  'login.password': '密码',
  'login.usernameRequired': '请输入用户名',
  'login.passwordRequired': '请输入密码',
  'login.submit': '登录',
  'login.failed': '登录失败',
  'login.demoHeading': '演示账号',
  'login.demoHint': '当前为演示环境，点击账号即可填入登录表单。',
  'login.demoFill': '填入账号',
  'login.sessionExpired': '登录已失效，请重新登录。',
  'home.heading': '首页',
  'home.welcome': '欢迎，{name}',
  'home.roles': '角色',
  'home.region': '所属区划',
  'home.department': '所属部门',
  'home.kind': '账号类型',
  'home.none': '无',
  'home.shortcuts': '常用功能',
  'registry.heading': '企业与个人库',
  'registry.searchLabel': '企业名称或统一社会信用代码',
  'registry.searchPlaceholder': '输入企业名称或统一社会信用代码',
  'registry.search': '查询',
  'registry.loadMore': '加载更多',
  'registry.uscc': '统一社会信用代码',
  'registry.name': '企业名称',
  'registry.region': '所属区划',
  'registry.status': '登记状态',
  'registry.synthetic': '示例数据',
  'registry.empty': '暂无数据',
  'registry.count': '已显示 {n} 条',
  'registry.tableCaption': '企业查询结果',
  'reference.heading': '区划与日历',
  'reference.divisions': '行政区划',
  'reference.parent': '上级区划代码',
  'reference.code': '区划代码',
  'reference.name': '名称',
  'reference.level': '层级',
  'reference.load': '查询',
  'system.heading': '系统',
  'system.mode': '运行模式',
  'system.demo': '演示环境',
  'system.health': '健康检查',
  'system.yes': '是',
  'system.no': '否',
  'system.ok': '正常',
  'system.unavailable': '不可用',
  'error.network': '网络错误，请稍后重试。',
  'error.generic': '请求失败（{status}）',
  'error.forbidden': '您没有访问此功能的权限。',
  'notFound.heading': '页面不存在',
  'notFound.back': '返回首页',
  'common.loading': '加载中…',
  'common.retry': '重试',
} as const;

export type MsgKey = keyof typeof zh;

const en: Record<MsgKey, string> = {
  'app.title': 'OneWindow 一网通办',
  'app.subtitle': 'Government services platform',
  'app.skipToContent': 'Skip to main content',
  'app.footer': 'OneWindow 一网通办 · Government services platform',
  'header.language': 'Language',
  'header.elderMode': 'Elder mode',
  'header.elderModeOn': 'Elder mode is on',
  'header.logout': 'Sign out',
  'header.user': 'Signed in as',
  'nav.label': 'Main navigation',
  'nav.home': 'Home',
  'nav.registry': 'Enterprises & people',
  'nav.reference': 'Divisions & calendar',
  'nav.system': 'System',
  'login.heading': 'Sign in',
  'login.intro': 'Sign in with a staff or applicant account.',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.usernameRequired': 'Please enter your username',
  'login.passwordRequired': 'Please enter your password',
  'login.submit': 'Sign in',
  'login.failed': 'Sign-in failed',
  'login.demoHeading': 'Demo accounts',
  'login.demoHint': 'This is a demo environment. Click an account to fill in the form.',
  'login.demoFill': 'Use account',
  'login.sessionExpired': 'Your session has expired. Please sign in again.',
  'home.heading': 'Home',
  'home.welcome': 'Welcome, {name}',
  'home.roles': 'Roles',
  'home.region': 'Region',
  'home.department': 'Department',
  'home.kind': 'Account type',
  'home.none': 'None',
  'home.shortcuts': 'Shortcuts',
  'registry.heading': 'Enterprises & people',
  'registry.searchLabel': 'Enterprise name or unified social credit code',
  'registry.searchPlaceholder': 'Enterprise name or USCC',
  'registry.search': 'Search',
  'registry.loadMore': 'Load more',
  'registry.uscc': 'USCC',
  'registry.name': 'Name',
  'registry.region': 'Region',
  'registry.status': 'Status',
  'registry.synthetic': 'Synthetic',
  'registry.empty': 'No data',
  'registry.count': '{n} shown',
  'registry.tableCaption': 'Enterprise search results',
  'reference.heading': 'Divisions & calendar',
  'reference.divisions': 'Administrative divisions',
  'reference.parent': 'Parent division code',
  'reference.code': 'Code',
  'reference.name': 'Name',
  'reference.level': 'Level',
  'reference.load': 'Look up',
  'system.heading': 'System',
  'system.mode': 'Mode',
  'system.demo': 'Demo',
  'system.health': 'Health',
  'system.yes': 'Yes',
  'system.no': 'No',
  'system.ok': 'OK',
  'system.unavailable': 'Unavailable',
  'error.network': 'Network error, please try again later.',
  'error.generic': 'Request failed ({status})',
  'error.forbidden': 'You do not have access to this feature.',
  'notFound.heading': 'Page not found',
  'notFound.back': 'Back to home',
  'common.loading': 'Loading…',
  'common.retry': 'Retry',
};

export const MESSAGES: Record<Lang, Record<MsgKey, string>> = { 'zh-CN': zh, 'en-US': en };

/** Role names shown in the UI; unknown roles are shown as-is. */
export const ROLE_NAMES: Record<Lang, Record<string, string>> = {
  'zh-CN': {
    applicant: '申请人',
    window_clerk: '窗口受理员',
    reviewer: '审查员',
    approver: '审批人',
    department_lead: '部门负责人',
    inspector: '监管执法人员',
    hotline_operator: '热线坐席',
    supervisor: '效能督查员',
    discipline_inspector: '纪检监察员',
    admin: '系统管理员',
  },
  'en-US': {
    applicant: 'Applicant',
    window_clerk: 'Window clerk',
    reviewer: 'Reviewer',
    approver: 'Approver',
    department_lead: 'Department lead',
    inspector: 'Inspector',
    hotline_operator: 'Hotline operator',
    supervisor: 'Supervisor',
    discipline_inspector: 'Discipline inspector',
    admin: 'Administrator',
  },
};

export function translate(lang: Lang, key: MsgKey, vars?: Record<string, string | number>): string {
  let s: string = MESSAGES[lang][key] ?? MESSAGES['zh-CN'][key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

/** The value of the `lang` attribute on <html> for a UI language. */
export function htmlLang(lang: Lang): string {
  return lang === 'zh-CN' ? 'zh-CN' : 'en';
}

export interface I18n {
  lang: Lang;
  t: (key: MsgKey, vars?: Record<string, string | number>) => string;
  setLang: (lang: Lang) => void;
}

export const I18nContext = createContext<I18n>({
  lang: 'zh-CN',
  t: (key, vars) => translate('zh-CN', key, vars),
  setLang: () => undefined,
});

export function useI18n(): I18n {
  return useContext(I18nContext);
}
