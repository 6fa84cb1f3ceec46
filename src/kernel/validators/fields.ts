/** Field checks every module's service functions use; each throws a 400 naming the field. */
import { invalid } from '../errors.ts';

/** Trimmed, non-empty text of at most `max` characters. */
export function requiredText(field: string, v: string, max: number): string {
  const t = v.trim();
  if (!t) throw invalid(field, 'FIELD_EMPTY', `${field} 不能为空`, `${field} must not be empty`);
  if (t.length > max)
    throw invalid(
      field,
      'FIELD_TOO_LONG',
      `${field} 不能超过 ${max} 个字符`,
      `${field} must be at most ${max} characters`,
    );
  return t;
}

/** A real calendar date written YYYY-MM-DD. */
export function checkDate(field: string, v: string): void {
  const d = new Date(v + 'T00:00:00Z');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) {
    throw invalid(
      field,
      'DATE_INVALID',
      `${field} 须为有效日期 YYYY-MM-DD`,
      `${field} must be a valid date YYYY-MM-DD`,
    );
  }
}

/** A required reason (for a lifecycle move, a personal-data read…): trimmed, 1–500 characters. */
export function reasonOf(reason: string | undefined | null): string {
  const r = reason?.trim();
  if (!r) throw invalid('reason', 'REASON_REQUIRED', '此操作须说明理由', 'This action needs a reason');
  if (r.length > 500)
    throw invalid('reason', 'FIELD_TOO_LONG', '理由不能超过 500 个字符', 'The reason must be at most 500 characters');
  return r;
}
