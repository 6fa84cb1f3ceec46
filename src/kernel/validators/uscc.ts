/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015.
 *
 * Layout of the 18 characters:
 *   1      registration authority (登记管理部门代码)
 *   2      organization type within that authority (机构类别代码)
 *   3–8    administrative division of the registering office (登记管理机关行政区划码, GB/T 2260)
 *   9–17   subject identifier = organization code (主体标识码, GB 11714), pos 17 being its own check digit
 *   18     check digit over positions 1–17
 * All characters come from a 31-symbol set: digits and capitals without I, O, S, V, Z.
 */
import { type Check, OK, fail } from '../errors.ts';

/** The GB 32100 character set; a character's value is its index. */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/**
 * Registration authorities and the organization types each may issue (GB 32100-2015, Appendix A):
 * 1 机构编制 (1 机关, 2 事业单位, 3 编办直管群众团体, 9 其他); 2 外交 (1 外国常驻新闻机构, 9);
 * 3 司法行政 (1 律师执业机构, 2 公证处, 3 基层法律服务所, 4 司法鉴定机构, 5 仲裁委员会, 9);
 * 4 文化 (1 外国在华文化中心, 9); 5 民政 (1 社会团体, 2 民办非企业单位, 3 基金会, 9);
 * 6 旅游 (1 外国旅游部门常驻代表机构, 2 港澳台旅游部门常驻代表机构, 9); 7 宗教 (1 宗教活动场所, 2 宗教院校, 9);
 * 8 工会 (1 基层工会, 9); 9 工商 (1 企业, 2 个体工商户, 3 农民专业合作社);
 * A 中央军委改革和编制办公室 (1 军队事业单位, 9); N 农业 (1 组级, 2 村级, 3 乡镇级集体经济组织, 9); Y 其他 (1).
 * Types assigned after 2015 and already found on issued certificates are accepted too, so that real codes
 * are not rejected: 3-6 商事调解组织, 5-4 村民委员会, 5-5 居民委员会, 8-2 非法人工会组织.
 * (Authorities added later — G 公安, J 住建, Q 侨联 — are not accepted yet.)
 */
const ORG_TYPES: Readonly<Record<string, string>> = {
  '1': '1239',
  '2': '19',
  '3': '1234569',
  '4': '19',
  '5': '123459',
  '6': '129',
  '7': '129',
  '8': '129',
  '9': '123',
  A: '19',
  N: '1239',
  Y: '1',
};

/** Value of a GB 11714 organization-code character: digits 0–9, letters A=10 … Z=35. */
function orgCharValue(ch: string): number {
  return /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55;
}

/** GB 11714 check character for the 8-character organization-code body. */
export function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgCharValue(body8[i]) * ORG_CODE_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** GB 32100 check character for the first 17 characters. */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17[i]) * USCC_WEIGHTS[i];
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/**
 * Validates a unified social credit code. The value must already be trimmed and upper-case.
 * Error codes: USCC_LENGTH, USCC_CHARSET, USCC_AUTHORITY, USCC_ORG_TYPE, USCC_DIVISION, USCC_CHECK_DIGIT, USCC_ORG_CODE.
 *
 * The overall check digit (pos 18) is tested before the GB 11714 check digit (pos 17), so a typo is reported as
 * USCC_CHECK_DIGIT; USCC_ORG_CODE is only returned when pos 18 is consistent but the organization code is not.
 * GB 11714 is enforced because GB 32100 defines positions 9–17 as an organization code including its check digit;
 * real codes satisfy it (91350213678251743X → 67825174-3 and 91440101MA5CJQ4N59 → MA5CJQ4N-5 were verified).
 * Should a genuinely issued code ever fail it, drop this step rather than reject the holder.
 */
export function checkUscc(s: string): Check {
  if (s.length !== 18) {
    return fail(
      'USCC_LENGTH',
      `统一社会信用代码应为 18 位（当前 ${s.length} 位）`,
      `A unified social credit code has 18 characters (got ${s.length})`,
    );
  }
  for (const ch of s) {
    if (!USCC_CHARSET.includes(ch)) {
      return fail(
        'USCC_CHARSET',
        `统一社会信用代码含非法字符“${ch}”（只允许数字和除 I、O、S、V、Z 外的大写字母）`,
        `Invalid character "${ch}" in unified social credit code (digits and capitals except I, O, S, V, Z only)`,
      );
    }
  }
  const types = ORG_TYPES[s[0]];
  if (types === undefined) {
    return fail('USCC_AUTHORITY', `登记管理部门代码“${s[0]}”无效`, `Invalid registration authority code "${s[0]}"`);
  }
  if (!types.includes(s[1])) {
    return fail(
      'USCC_ORG_TYPE',
      `机构类别代码“${s[1]}”不适用于登记管理部门“${s[0]}”`,
      `Organization type "${s[1]}" is not valid for registration authority "${s[0]}"`,
    );
  }
  if (!/^\d{6}$/.test(s.slice(2, 8))) {
    return fail(
      'USCC_DIVISION',
      '统一社会信用代码第 3–8 位应为行政区划代码（6 位数字）',
      'Positions 3–8 of a unified social credit code must be a 6-digit division code',
    );
  }
  if (usccCheckChar(s.slice(0, 17)) !== s[17]) {
    return fail(
      'USCC_CHECK_DIGIT',
      '统一社会信用代码校验位错误，请检查是否输错',
      'Unified social credit code check digit mismatch; check for typos',
    );
  }
  const org = s.slice(8, 17);
  if (orgCodeCheckChar(org.slice(0, 8)) !== org[8]) {
    return fail(
      'USCC_ORG_CODE',
      `主体标识码（组织机构代码）${org} 校验位错误`,
      `Organization code ${org} (positions 9–17) has a wrong check digit`,
    );
  }
  return OK;
}

/** Number of distinct organization-code bodies the generator can produce (6 free base-31 characters). */
const GEN_SPACE = 31 ** 6;
/** Multiplier (coprime with 31) that scatters consecutive seqs over the space; the mapping stays a bijection. */
const GEN_MULT = 104729;

/**
 * Builds a valid unified social credit code for a synthetic demo enterprise, deterministically from `seq`.
 * The organization code is 'MA' + 6 characters derived from seq (as codes issued since 2015 are), followed by its
 * GB 11714 check digit; distinct seqs in 0 … 31^6−1 give distinct codes. Throws RangeError on bad arguments.
 */
export function generateUscc(opts: {
  division: string;
  seq: number;
  authority?: '1' | '5' | '9';
  orgType?: '1' | '2' | '3';
}): string {
  const authority = opts.authority ?? '9';
  const orgType = opts.orgType ?? '1';
  if (!/^\d{6}$/.test(opts.division)) throw new RangeError(`division must be 6 digits: ${opts.division}`);
  if (!Number.isSafeInteger(opts.seq) || opts.seq < 0 || opts.seq >= GEN_SPACE) {
    throw new RangeError(`seq must be an integer in 0..${GEN_SPACE - 1}: ${opts.seq}`);
  }
  let n = (opts.seq * GEN_MULT) % GEN_SPACE;
  let tail = '';
  for (let i = 0; i < 6; i++) {
    tail = USCC_CHARSET[n % 31] + tail;
    n = Math.floor(n / 31);
  }
  const body = `MA${tail}`;
  const first17 = `${authority}${orgType}${opts.division}${body}${orgCodeCheckChar(body)}`;
  return first17 + usccCheckChar(first17);
}
