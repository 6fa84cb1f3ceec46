/** The draw's spec version, error type, identifiers and strata (docs/draw-spec.md step 1). Pure: no database, no clock. */

/** The version of docs/draw-spec.md this engine runs; a record names the version it was drawn under. */
export const DRAW_SPEC_VERSION = 1;

export type Stratum = 'A' | 'B' | 'C' | 'D';

/** The strata in byte order, the order every step walks them in. */
export const STRATA: readonly Stratum[] = ['A', 'B', 'C', 'D'];

/** Spec step 1: identifiers are 1–64 of these ASCII characters, so byte order and string order agree. */
export const IDENTIFIER = /^[0-9A-Za-z._:-]{1,64}$/;

/** A secret, a commitment, a digest or a seed: 64 lowercase hex characters. */
export const HEX64 = /^[0-9a-f]{64}$/;

export type DrawErrorCode =
  | 'POOL_TOO_SMALL' // a department's pool minus a target's recusals has fewer than m inspectors
  | 'BAD_IDENTIFIER' // an identifier outside ^[0-9A-Za-z._:-]{1,64}$ (or a stratum outside A–D)
  | 'BAD_LINE' // a TSV line of the wrong shape
  | 'NOT_SORTED' // frozen lines not strictly ascending by bytes (a duplicate line is not ascending)
  | 'BAD_REVEAL' // a reveal that is not 64 lowercase hex characters, or does not match its commitment
  | 'BAD_PARAMETER' // m < 2, a ratio outside 0–10000, a count that is not a non-negative integer, …
  | 'DIGEST_MISMATCH'; // the population read in the second pass is not the frozen one

/** Thrown by the engine; `detail` names what was at fault (a line number, a target, a department, …). */
export class DrawError extends Error {
  readonly code: DrawErrorCode;
  readonly detail: Record<string, unknown>;

  constructor(code: DrawErrorCode, message: string, detail: Record<string, unknown> = {}) {
    super(message);
    this.name = 'DrawError';
    this.code = code;
    this.detail = detail;
  }
}

/** Throws BAD_IDENTIFIER unless `value` is an identifier; `what` names it in the message. */
export function checkIdentifier(value: unknown, what: string): string {
  if (typeof value !== 'string' || !IDENTIFIER.test(value))
    throw new DrawError(
      'BAD_IDENTIFIER',
      `${what} ${JSON.stringify(value)} is not an identifier (^[0-9A-Za-z._:-]{1,64}$)`,
      {
        what,
        value,
      },
    );
  return value;
}

export function checkStratum(value: unknown): Stratum {
  if (value !== 'A' && value !== 'B' && value !== 'C' && value !== 'D')
    throw new DrawError('BAD_IDENTIFIER', `stratum ${JSON.stringify(value)} is not one of A, B, C, D`, { value });
  return value;
}

/** Throws BAD_PARAMETER unless `value` is an integer in [min, max]. */
export function checkInteger(value: unknown, what: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max)
    throw new DrawError('BAD_PARAMETER', `${what} must be an integer from ${min} to ${max}, not ${String(value)}`, {
      what,
      value,
    });
  return value;
}

/** Departments as the spec walks them: distinct identifiers in byte order. */
export function sortedDepartments(departments: readonly string[]): string[] {
  if (departments.length === 0) throw new DrawError('BAD_PARAMETER', 'a draw needs at least one department');
  for (const d of departments) checkIdentifier(d, 'department');
  const sorted = [...new Set(departments)].sort();
  if (sorted.length !== departments.length)
    throw new DrawError('BAD_PARAMETER', 'departments must be distinct', { departments });
  return sorted;
}

/** m, the inspectors per target per department: at least 2 (spec, "A task"). */
export function checkM(m: unknown): number {
  return checkInteger(m, 'm (inspectors per target per department)', 2, 1000);
}
