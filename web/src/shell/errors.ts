import { ApiError } from '../api/client.ts';
import type { I18n } from './i18n.ts';

/** A user-facing message for any error, in the current language. */
export function errorText(e: unknown, { lang, t }: Pick<I18n, 'lang' | 't'>): string {
  if (e instanceof ApiError) {
    if (e.apiMessage) return lang === 'zh-CN' ? e.apiMessage.zh : e.apiMessage.en;
    if (e.status === 0) return t('error.network');
    if (e.status === 403) return t('error.forbidden');
    return t('error.generic', { status: e.status });
  }
  return t('error.network');
}
