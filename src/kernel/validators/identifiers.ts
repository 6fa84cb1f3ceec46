/**
 * The one case rule for identifiers: a USCC or a resident ID number is trimmed and upper-cased on input (a
 * lower-case `x` check character or USCC letter is the same identifier), then checked, and stored and compared in
 * that form. Every route and service takes identifiers through these functions.
 */
import { orThrow } from '../errors.ts';
import { checkResidentId } from './resident-id.ts';
import { checkUscc } from './uscc.ts';

/** Trimmed and upper-cased: the stored form of an identifier. */
export function normalizeIdentifier(s: string): string {
  return s.trim().toUpperCase();
}

/** The normalized USCC, or a 400 on `field`. */
export function usccInput(raw: string, field: string): string {
  const v = normalizeIdentifier(raw);
  orThrow(checkUscc(v), field);
  return v;
}

/** The normalized resident ID number, or a 400 on `field`; `today` fixes "now" for the birth-date rule. */
export function residentIdInput(raw: string, field: string, today: Date): string {
  const v = normalizeIdentifier(raw);
  orThrow(checkResidentId(v, { today }), field);
  return v;
}
