/** Display names for the catalog's codes, through i18n (keys `catalog.<kind>.<code>`). Unknown codes show as-is. */
import { dictionary, type Lang, type MsgKey } from '../../../shell/i18n.ts';

export type LabelKind =
  | 'status'
  | 'action'
  | 'itemType'
  | 'channel'
  | 'serviceObject'
  | 'materialForm'
  | 'materialSource'
  | 'requirement'
  | 'resultKind'
  | 'validity'
  | 'unit'
  | 'handleAnywhere'
  | 'handlingKind'
  | 'role'
  | 'criterion'
  | 'severity'
  | 'change'
  | 'element';

export function label(lang: Lang, kind: LabelKind, code: string | number): string {
  const key = `catalog.${kind}.${code}`;
  return dictionary(lang)[key] ?? dictionary('zh-CN')[key] ?? String(code);
}

export function labelKey(kind: LabelKind, code: string | number): MsgKey {
  return `catalog.${kind}.${code}` as MsgKey;
}

/** `2024-05-01T03:04:05Z` → local `2024-05-01 11:04`. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Amount in fen → yuan text. */
export function yuan(fen: number): string {
  return (fen / 100).toFixed(2);
}
