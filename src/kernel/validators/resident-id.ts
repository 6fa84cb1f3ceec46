/**
 * Citizen identity number (公民身份号码), GB 11643-1999: 18 characters —
 * 6-digit region code (GB/T 2260) + 8-digit birth date YYYYMMDD + 3-digit sequence (odd = male, even = female)
 * + check character (digit or X).
 */
import { type Check, OK, fail } from '../errors.ts';
import { isPlausibleIssuingRegion } from '../reference/divisions.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
/** China Standard Time offset; "today" for the future-birth-date rule is the date in Beijing. */
const CST_OFFSET_MS = 8 * 3600 * 1000;

/** GB 11643 check character for the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** True if y-m-d is a real calendar date. */
function isCalendarDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** 'YYYYMMDD' of the given instant in China Standard Time. */
function cstYmd(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '');
}

/**
 * Validates an 18-character resident ID number, already normalized (`normalizeIdentifier`: trimmed, upper-case X).
 * Error codes: RESIDENT_ID_LENGTH, RESIDENT_ID_FORMAT, RESIDENT_ID_BIRTHDATE, RESIDENT_ID_REGION, RESIDENT_ID_CHECK_DIGIT.
 * An ID keeps the code of the office that issued it for life, so the region may be any code that was ever valid:
 * current, retired (崇文区 110103, 周口地区's 412701 …), or unknown under a province prefix (see
 * `isPlausibleIssuingRegion`); RESIDENT_ID_REGION only when the first two digits are no province.
 * `opts.today` fixes "now" for the not-in-the-future rule (defaults to the current time).
 */
export function checkResidentId(s: string, opts?: { today?: Date }): Check {
  if (s.length !== 18) {
    return fail(
      'RESIDENT_ID_LENGTH',
      `身份证号码应为 18 位（当前 ${s.length} 位）`,
      `A resident ID number has 18 characters (got ${s.length})`,
    );
  }
  if (!/^\d{17}[\dX]$/.test(s)) {
    return fail(
      'RESIDENT_ID_FORMAT',
      '身份证号码应为 17 位数字加 1 位数字或大写 X',
      'A resident ID number is 17 digits followed by a digit or capital X',
    );
  }
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  const birth = s.slice(6, 14);
  if (!isCalendarDate(y, m, d)) {
    return fail(
      'RESIDENT_ID_BIRTHDATE',
      `身份证号码中的出生日期 ${birth} 不是有效日期`,
      `Birth date ${birth} in the resident ID number is not a valid date`,
    );
  }
  if (y < 1900) {
    return fail(
      'RESIDENT_ID_BIRTHDATE',
      `身份证号码中的出生日期 ${birth} 早于 1900 年`,
      `Birth date ${birth} in the resident ID number is before 1900`,
    );
  }
  if (birth > cstYmd(opts?.today ?? new Date())) {
    return fail(
      'RESIDENT_ID_BIRTHDATE',
      `身份证号码中的出生日期 ${birth} 晚于今天`,
      `Birth date ${birth} in the resident ID number is in the future`,
    );
  }
  const region = s.slice(0, 6);
  if (!isPlausibleIssuingRegion(region)) {
    return fail(
      'RESIDENT_ID_REGION',
      `身份证号码中的地区码 ${region} 不属于任何省级行政区`,
      `Region code ${region} in the resident ID number belongs to no province`,
    );
  }
  if (residentIdCheckChar(s) !== s[17]) {
    return fail(
      'RESIDENT_ID_CHECK_DIGIT',
      '身份证号码校验位错误，请检查是否输错',
      'Resident ID number check digit mismatch; check for typos',
    );
  }
  return OK;
}

/**
 * Builds a valid resident ID number deterministically (for synthetic demo people).
 * `seq` (0..999) is the 3-digit sequence code; its parity gives the sex (odd = male).
 * Throws RangeError if the arguments cannot give a valid number (unknown region, bad or future date, bad seq).
 */
export function generateResidentId(opts: { region: string; birthDate: string; seq: number }): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(opts.birthDate);
  if (!m) throw new RangeError(`birthDate must be YYYY-MM-DD: ${opts.birthDate}`);
  if (!Number.isInteger(opts.seq) || opts.seq < 0 || opts.seq > 999)
    throw new RangeError(`seq must be an integer in 0..999: ${opts.seq}`);
  const first17 = `${opts.region}${m[1]}${m[2]}${m[3]}${String(opts.seq).padStart(3, '0')}`;
  const id = first17 + residentIdCheckChar(first17);
  const check = checkResidentId(id);
  if (!check.ok) throw new RangeError(`cannot generate a valid resident ID: ${check.en}`);
  return id;
}

/** Masks all but the first 4 and last 4 characters, e.g. '4101**********123X'. */
export function maskResidentId(s: string): string {
  if (s.length <= 8) return '*'.repeat(s.length);
  return s.slice(0, 4) + '*'.repeat(s.length - 8) + s.slice(-4);
}

export interface ResidentIdInfo {
  /** 'YYYY-MM-DD' */
  birthDate: string;
  sex: 'M' | 'F';
  /** 6-digit region code (GB/T 2260) */
  region: string;
}

/** Birth date, sex and region read from a resident ID number; null unless `checkResidentId` accepts it. */
export function residentIdInfo(s: string, opts?: { today?: Date }): ResidentIdInfo | null {
  if (!checkResidentId(s, opts).ok) return null;
  return {
    birthDate: `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`,
    sex: Number(s[16]) % 2 === 1 ? 'M' : 'F',
    region: s.slice(0, 6),
  };
}
