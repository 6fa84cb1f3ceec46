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

/**
 * An element path as a person says it: `materials.2.condition` → 申请材料 第 3 项 · 条件; `item.legalBasis` → 设定依据.
 * Each named part is labelled through `catalog.element.<name>`; an unknown part is left out rather than shown raw.
 */
export function elementPath(lang: Lang, path: string): string {
  const words: string[] = [];
  for (const part of path.split('.')) {
    if (/^\d+$/.test(part)) words.push(lang === 'zh-CN' ? `第 ${Number(part) + 1} 项` : `no. ${Number(part) + 1}`);
    else if (part !== 'item' && part !== 'items') {
      const key = `catalog.element.${part}`;
      const text = dictionary(lang)[key] ?? dictionary('zh-CN')[key];
      if (text) words.push(text);
    }
  }
  return words.join(' · ') || label(lang, 'element', path);
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
