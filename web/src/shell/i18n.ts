/**
 * The UI's strings: each module keeps its own in `modules/<m>/messages.ts` (zh-CN and en-US side by side for each
 * key); the shell merges them with its own (`shell/messages.ts`). Keys are stable and unique across modules.
 */
import { createContext, useContext } from 'react';
import type { AnyWebModule } from './modules.ts';
import type { messages as shellMessages } from './messages.ts';

export type Lang = 'zh-CN' | 'en-US';
export const LANGS: readonly Lang[] = ['zh-CN', 'en-US'];

/** One module's strings: each key with its zh-CN and en-US text. `{name}` marks a variable. */
export type Messages = Record<string, { zh: string; en: string }>;

type KeysOf<M> = M extends { messages: infer X } ? keyof X & string : never;
/** Every key the shell and the modules in web/src/modules/index.ts declare. */
export type MsgKey = keyof typeof shellMessages | KeysOf<AnyWebModule>;

let merged: Record<Lang, Record<string, string>> | null = null;

/** Installs the merged dictionary (the shell does this once, from its own and every module's messages). */
export function installMessages(all: readonly Messages[]): void {
  const zh: Record<string, string> = {};
  const en: Record<string, string> = {};
  for (const m of all) {
    for (const [k, v] of Object.entries(m)) {
      zh[k] = v.zh;
      en[k] = v.en;
    }
  }
  merged = { 'zh-CN': zh, 'en-US': en };
}

/** The merged dictionary, by language (empty until the shell installs it). */
export function dictionary(lang: Lang): Record<string, string> {
  return merged?.[lang] ?? {};
}

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
  let s: string = dictionary(lang)[key] ?? dictionary('zh-CN')[key] ?? key;
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
