/**
 * Certificate numbers per GB/T 36904 (电子证照标识):
 *   1.2.156.3005.2.<type code>.<issuer USCC>.<serial>.<version>.<check>
 * type code = the defining body's USCC (18) + a 3-digit sequence; serial = 11 digits; version = 3 digits; the check
 * character is ISO 7064 MOD 37,36 over type code + issuer code + serial + version (dots left out).
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const NUMBER_PREFIX = '1.2.156.3005.2.';

function checksum(s: string): number {
  const m = ALPHABET.length;
  let check = m / 2;
  for (const ch of s) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new Error(`character ${ch} is outside the MOD 37,36 alphabet`);
    check = ((((check || m) * 2) % (m + 1)) + v) % m;
  }
  return check;
}

/** The ISO 7064 MOD 37,36 check character of `s` (digits and upper-case letters). */
export function mod3736(s: string): string {
  const m = ALPHABET.length;
  return ALPHABET[(1 - (((checksum(s) || m) * 2) % (m + 1)) + m) % m];
}

/** Whether `s` ends with its correct MOD 37,36 check character. */
export function mod3736Valid(s: string): boolean {
  return s.length > 1 && checksum(s) === 1;
}

export function certificateNumber(typeCode: string, issuerUscc: string, serial: number, version: number): string {
  const parts = [typeCode, issuerUscc, String(serial).padStart(11, '0'), String(version).padStart(3, '0')];
  return NUMBER_PREFIX + parts.join('.') + '.' + mod3736(parts.join(''));
}

const NUMBER = /^1\.2\.156\.3005\.2\.([0-9A-Z]{21})\.([0-9A-Z]{18})\.(\d{11})\.(\d{3})\.([0-9A-Z])$/;

/** The parts of a well-formed number whose check character is right, else null. */
export function parseCertificateNumber(
  n: string,
): { typeCode: string; issuerUscc: string; serial: number; version: number } | null {
  const m = NUMBER.exec(n);
  if (!m || mod3736(m[1] + m[2] + m[3] + m[4]) !== m[5]) return null;
  return { typeCode: m[1], issuerUscc: m[2], serial: Number(m[3]), version: Number(m[4]) };
}
