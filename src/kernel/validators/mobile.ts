/**
 * Mainland China mobile numbers: 11 digits, '1' then a second digit 3–9 (13x … 19x).
 * Input may carry a country prefix (+86, 0086 or 86) and spaces or hyphens as separators.
 */
import { type Check, OK, fail } from '../errors.ts';

const MOBILE_RE = /^1[3-9]\d{9}$/;

/** The bare 11-digit number, or null if `s` is not a mainland mobile number (with optional +86/0086/86 prefix). */
export function normalizeMobile(s: string): string | null {
  let t = s.trim().replace(/[\s-]/g, '');
  if (t.startsWith('+86')) t = t.slice(3);
  else if (t.startsWith('0086')) t = t.slice(4);
  else if (t.length === 13 && t.startsWith('86')) t = t.slice(2);
  return MOBILE_RE.test(t) ? t : null;
}

/** Validates a mainland mobile number (MOBILE_FORMAT); a +86 prefix is accepted. */
export function checkMobile(s: string): Check {
  if (normalizeMobile(s) === null) {
    return fail(
      'MOBILE_FORMAT',
      '手机号码格式不正确（应为以 13–19 开头的 11 位数字，可带 +86）',
      'Invalid mobile number (11 digits starting with 13–19, optionally prefixed by +86)',
    );
  }
  return OK;
}

/** Masks the middle four digits: '13812345678' → '138****5678'. Non-mobile input keeps only its first 3 and last 4 characters. */
export function maskMobile(s: string): string {
  const n = normalizeMobile(s) ?? s;
  if (n.length <= 7) return '*'.repeat(n.length);
  return n.slice(0, 3) + '*'.repeat(n.length - 7) + n.slice(-4);
}
