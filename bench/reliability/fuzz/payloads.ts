/**
 * The hostile values the fuzzer plants (bench/reliability/fuzz/engine.ts): injection and markup payloads, path
 * traversal, broken Unicode, invalid Chinese identifiers (USCC, resident ID, division code), dates at the calendar's
 * edges and stale versions. Chosen by a field's name where the name says what it holds.
 */

/** SQL, script and template payloads, path traversal and broken or unusual Unicode. */
export const NASTY_STRINGS: readonly string[] = [
  "' OR '1'='1",
  "1'; DROP TABLE kernel_actions; --",
  '" OR 1=1 --',
  "%' UNION SELECT password_hash FROM kernel_accounts --",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  '../../../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '/etc/passwd\u0000.pdf',
  '\ud800',
  'a\udfffb',
  '\udc00\ud800',
  '\u0000',
  'x\u0000y',
  '\u202eevil',
  '\ufeff',
  '😀😀😀',
  '𠮷野家',
  '   ',
  '',
  '\r\nSet-Cookie: a=b',
  'NaN',
  '-0',
  '1e999',
];

/** Too long for any field. */
export const HUGE_STRINGS: readonly string[] = ['x'.repeat(100_000), '中'.repeat(40_000), '\ud800'.repeat(5_000)];

/** USCCs (GB 32100) that are wrong: check digit, letters I/O/S/V/Z, length, case, an all-zero code. */
export const BAD_USCC: readonly string[] = [
  '91440101MA5CJQ4N58',
  '91440101MA5CJQ4N5I',
  '000000000000000000',
  'IIIIIIIIIIIIIIIIII',
  '91440101ma5cjq4n59',
  '9144010',
  '91440101MA5CJQ4N59X',
  '９１４４０１０１ＭＡ５ＣＪＱ４Ｎ５９',
];

/** Resident IDs (GB 11643) that are wrong: check digit, 30 February, a future birth date, lengths, lower-case x. */
export const BAD_RESIDENT_IDS: readonly string[] = [
  '110105194912310020',
  '110105194902300015',
  '110105300001010019',
  '000000000000000000',
  '11010519491231002',
  '1101051949123100299',
  '11010519491231002x',
  '110105000000000000',
];

/** Division codes (GB/T 2260) that are no division: all zeros, unknown, short, long, letters, padded. */
export const BAD_DIVISIONS: readonly string[] = [
  '000000',
  '999999',
  '41010',
  '4101011',
  'abcdef',
  '410100 ',
  '990000',
  '41',
];

/** Dates at the calendar's edges: a provisional 2027 holiday, impossible days, 1900, 9999, year 0 and 10000. */
export const EDGE_DATES: readonly string[] = [
  '2027-10-01',
  '2027-02-29',
  '2028-02-29',
  '2026-02-29',
  '1900-01-01',
  '1899-12-31',
  '9999-12-31',
  '0000-01-01',
  '10000-01-01',
  '2026-13-01',
  '2026-12-32',
  '2026-00-10',
  '2026-12-01T25:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '1900-01-01T00:00:00Z',
  '2027-01-01T00:00:00+14:00',
  '-000001-01-01',
];

/** Versions a client could hold: stale, far ahead, negative, fractional, beyond 2^53, of the wrong type. */
export const STALE_VERSIONS: readonly unknown[] = [0, -1, 1, 2, 999_999, 2 ** 31, 2 ** 53 + 2, 1.5, '1', null];

/** Numbers at the edges of what JSON and the databases hold. */
export const EDGE_NUMBERS: readonly number[] = [0, -1, 1, -0, 1.5, 1e-7, 2 ** 31, 2 ** 53 + 1, 1e308, -1e308];

/** Path-parameter values, already URL-encoded: traversal, encoded slashes, invalid UTF-8, lone surrogates, huge. */
export const NASTY_PATH_PARAMS: readonly string[] = [
  '..',
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f%2e%2e%2f',
  '..%5C..%5Cwindows',
  '%00',
  '%FF%FE',
  '%C0%AF',
  '%ED%A0%80',
  '%E4%B8',
  "'%20OR%20'1'%3D'1",
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  'x'.repeat(2_000),
  '-1',
  '0',
  '9'.repeat(40),
];

/** Upload bodies of types the server must refuse or sniff: HTML, SVG with script, a PE header, a zip, junk. */
export const BAD_UPLOADS: readonly { contentType: string; body: Buffer }[] = [
  { contentType: 'text/html', body: Buffer.from('<html><script>alert(1)</script></html>') },
  {
    contentType: 'image/svg+xml',
    body: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
  },
  { contentType: 'application/pdf', body: Buffer.from('MZ\x90\x00 this is an executable pretending to be a pdf') },
  { contentType: 'application/pdf', body: Buffer.from('%PDF-1.7\n%\xff\xfe truncated') },
  { contentType: 'application/zip', body: Buffer.from('PK\x03\x04\x14\x00\x00\x00\x00\x00 broken zip') },
  { contentType: 'application/octet-stream', body: Buffer.alloc(0) },
  { contentType: 'image/png', body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xff]) },
];

/** Which special list a field's name calls for, if any. */
export function specialValuesFor(name: string): readonly unknown[] | null {
  const n = name.toLowerCase();
  if (n.includes('uscc')) return BAD_USCC;
  if (/residentid|idnumber|idcard|certno/.test(n)) return BAD_RESIDENT_IDS;
  if (/region|division|^code$|parent/.test(n)) return BAD_DIVISIONS;
  if (/date|^on$|on$|at$|^from$|^to$|deadline|until|since|year|month|day|asof/.test(n)) return EDGE_DATES;
  if (/version/.test(n)) return STALE_VERSIONS;
  if (/phone|mobile/.test(n)) return ['1380013800', '+86 138 0013 8000', '00000000000', '138001380001'];
  if (/name$|^name|filename/.test(n)) return ['../../etc/passwd', '..\\evil.exe', 'a/b.pdf', 'CON', '.pdf', ''];
  return null;
}
