/** Field checks every module's service functions use; each throws a 400 naming the field. */
import { invalid } from '../errors.ts';

/** Trimmed, non-empty text of at most `max` characters. */
export function requiredText(field: string, v: string, max: number): string {
  const t = v.trim();
  if (!t) throw invalid(field, 'FIELD_EMPTY', `${field} 不能为空`, `${field} must not be empty`);
  if (t.length > max) throw invalid(field, 'FIELD_TOO_LONG', `${field} 不能超过 ${max} 个字符`, `${field} must be at most ${max} characters`);
  return t;
}

/** A real calendar date written YYYY-MM-DD. */
export function checkDate(field: string, v: string): void {
  const d = new Date(v + 'T00:00:00Z');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) {
    throw invalid(field, 'DATE_INVALID', `${field} 须为有效日期 YYYY-MM-DD`, `${field} must be a valid date YYYY-MM-DD`);
  }
}
