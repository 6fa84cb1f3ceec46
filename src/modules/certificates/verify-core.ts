/**
 * Verifying a credential, without a database: the caller gives what resolves keys and status lists (the service:
 * this platform's tables; the CLI: a trust list and status-list files). The answer says valid or invalid and exactly
 * why, and shows the face as the credential carries it (personal data is only ever masked or digested in it).
 */
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { ENVELOPE_PREFIX, usccOfIssuer } from './credential.ts';
import { bitAt } from './status-list.ts';
import { sm2Verify } from './sm2.ts';

export const REASONS = [
  'malformed',
  'untrusted_issuer',
  'signature',
  'tampered',
  'not_yet_valid',
  'expired',
  'revoked',
  'suspended',
  'superseded',
] as const;
export type Reason = (typeof REASONS)[number];

export const REASON_TEXT: Record<Reason | 'valid', { zh: string; en: string }> = {
  valid: {
    zh: '证照有效：签名正确，签发机关可信，在有效期内，未被注销或暂停',
    en: 'Valid: signed by a trusted issuer, in force, neither revoked nor suspended',
  },
  malformed: { zh: '无法识别：这不是一份电子证照凭证', en: 'Not recognised: this is not a certificate credential' },
  untrusted_issuer: { zh: '签发机关不在信任列表中', en: 'The issuer is not on the trust list' },
  signature: { zh: '签名验证失败', en: 'The signature does not verify' },
  tampered: { zh: '内容已被篡改', en: 'The content has been altered' },
  not_yet_valid: { zh: '证照尚未生效', en: 'The certificate is not yet valid' },
  expired: { zh: '证照已过有效期', en: 'The certificate has expired' },
  revoked: { zh: '证照已被注销', en: 'The certificate has been revoked' },
  suspended: { zh: '证照已被暂停', en: 'The certificate is suspended' },
  superseded: { zh: '证照已被新版本取代', en: 'The certificate has been superseded by a newer version' },
};

/** A key that may verify an issuer's credentials. */
export interface TrustedKey {
  jwk: Record<string, unknown>;
  /** The issuer's USCC: the credential's issuer must be this one. */
  uscc: string;
  issuerName: string;
  /** The key's trust period (an imported issuer's); a credential issued outside it is untrusted. */
  validFrom?: string | null;
  validUntil?: string | null;
  /** The key already imported (a resolver that caches keys saves the import on every verification). */
  imported?: Awaited<ReturnType<typeof importJWK>>;
}

export interface VerifyDeps {
  now: Date;
  key(kid: string): Promise<TrustedKey | null>;
  /** The status list's bits (decoded), or null when unknown (the status is then not checked, with a warning). */
  statusBits(listUrl: string): Promise<Buffer | null>;
  /** The credential as issued, when known here: tells a tampered copy from a bad signature. */
  issued?(id: string): Promise<string | null>;
  /**
   * The newer version's number when the issuer knows this credential was superseded (变更/延续): its revocation bit
   * is set, so standard verifiers refuse it; OneWindow's own answer says `superseded` instead of `revoked`.
   */
  supersededBy?(id: string): Promise<string | null>;
}

export interface Verification {
  valid: boolean;
  reason: Reason | null;
  message: { zh: string; en: string };
  checks: Array<{ check: string; ok: boolean }>;
  warnings: string[];
  credential: {
    id: string | null;
    name: string | null;
    issuer: { id: string | null; name: string | null };
    validFrom: string | null;
    validUntil: string | null;
    number: string | null;
    holder: Record<string, unknown> | null;
    face: Record<string, unknown> | null;
    illustrative: boolean;
  } | null;
  sm2: { kid: string; valid: boolean } | null;
  /** The newer version's certificate number, when the reason is `superseded` and it is known. */
  supersededBy: string | null;
}

/** The compact JWS in a pasted credential: itself, its `data:` URL, a VC-API envelope, or a QR payload URL. */
export function extractJws(input: string): string | null {
  let t = input.trim();
  if (t.startsWith('{')) {
    try {
      const o = JSON.parse(t) as Record<string, unknown>;
      const inner = (o.verifiableCredential ?? o) as Record<string, unknown>;
      t = typeof inner.id === 'string' ? inner.id : '';
    } catch {
      return null;
    }
  }
  const vc = /[#?&]vc=([^&#]+)/.exec(t);
  if (vc) t = decodeURIComponent(vc[1]);
  if (t.startsWith(ENVELOPE_PREFIX)) t = t.slice(ENVELOPE_PREFIX.length);
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(t) ? t : null;
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);

function summary(vc: Record<string, unknown>): Verification['credential'] {
  const issuer = (typeof vc.issuer === 'string' ? { id: vc.issuer } : (vc.issuer ?? {})) as Record<string, unknown>;
  const subject = (vc.credentialSubject ?? {}) as Record<string, any>;
  return {
    id: str(vc.id),
    name: str(vc.name),
    issuer: { id: str(issuer.id), name: str(issuer.name) },
    validFrom: str(vc.validFrom),
    validUntil: str(vc.validUntil),
    number: str(subject.certificate?.number),
    holder: subject.holder ?? null,
    face: subject.face ?? null,
    illustrative: Boolean(subject.certificate?.illustrative),
  };
}

export async function verifyJws(
  input: string,
  deps: VerifyDeps,
  sm2?: { kid: string; signature: string; key: Record<string, unknown> | null } | null,
): Promise<Verification> {
  const checks: Verification['checks'] = [];
  const warnings: string[] = [];
  const answer = (
    reason: Reason | null,
    vc: Record<string, unknown> | null,
    sm2Result: Verification['sm2'] = null,
    supersededBy: string | null = null,
  ) => ({
    valid: reason === null,
    reason,
    message: supersededBy
      ? {
          zh: `${REASON_TEXT.superseded.zh}（新版本编号 ${supersededBy}）`,
          en: `${REASON_TEXT.superseded.en} (number ${supersededBy})`,
        }
      : REASON_TEXT[reason ?? 'valid'],
    checks,
    warnings,
    credential: vc ? summary(vc) : null,
    sm2: sm2Result,
    supersededBy,
  });
  const jws = extractJws(input);
  let header: { kid?: string; alg?: string; typ?: string };
  let vc: Record<string, unknown>;
  try {
    if (!jws) return answer('malformed', null);
    header = decodeProtectedHeader(jws);
    vc = JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString('utf8'));
    if (header.typ !== 'vc+jwt' || typeof vc !== 'object' || vc === null) return answer('malformed', null);
  } catch {
    return answer('malformed', null);
  }
  const key = header.kid ? await deps.key(header.kid) : null;
  const issuerUscc = usccOfIssuer(summary(vc)!.issuer.id ?? '');
  const validFrom = str(vc.validFrom);
  const inKeyPeriod =
    key &&
    (!key.validFrom || (validFrom ?? '') >= key.validFrom) &&
    (!key.validUntil || (validFrom ?? '') <= key.validUntil);
  checks.push({ check: 'issuer', ok: Boolean(key && key.uscc === issuerUscc && inKeyPeriod) });
  if (!key || key.uscc !== issuerUscc || !inKeyPeriod) return answer('untrusted_issuer', vc);
  let ok: boolean;
  try {
    await compactVerify(jws, key.imported ?? (await importJWK(key.jwk as JWK, header.alg)));
    ok = true;
  } catch {
    ok = false;
  }
  checks.push({ check: 'signature', ok });
  if (!ok) {
    const issued = typeof vc.id === 'string' && deps.issued ? await deps.issued(vc.id) : null;
    return answer(issued && issued !== jws ? 'tampered' : 'signature', vc);
  }
  let sm2Result: Verification['sm2'] = null;
  if (sm2?.key) {
    const valid = sm2Verify(jws.slice(0, jws.lastIndexOf('.')), sm2.signature, sm2.key);
    sm2Result = { kid: sm2.kid, valid };
    checks.push({ check: 'sm2_signature', ok: valid });
    if (!valid) return answer('signature', vc, sm2Result);
  }
  const now = deps.now.toISOString();
  const validUntil = str(vc.validUntil);
  checks.push({ check: 'validity', ok: !(validFrom && validFrom > now) && !(validUntil && validUntil < now) });
  if (validFrom && validFrom > now) return answer('not_yet_valid', vc, sm2Result);
  if (validUntil && validUntil < now) return answer('expired', vc, sm2Result);
  const entries = ([] as Array<Record<string, unknown>>).concat((vc.credentialStatus as never) ?? []);
  for (const e of entries) {
    const purpose = str(e.statusPurpose);
    const list = str(e.statusListCredential);
    const index = Number(e.statusListIndex);
    if (!list || !Number.isInteger(index) || (purpose !== 'revocation' && purpose !== 'suspension')) continue;
    const bits = await deps.statusBits(list);
    if (!bits) {
      warnings.push(`status_unchecked:${purpose}`);
      continue;
    }
    const set = bitAt(bits, index);
    checks.push({ check: purpose, ok: !set });
    if (set && purpose === 'revocation' && typeof vc.id === 'string' && deps.supersededBy) {
      const newer = await deps.supersededBy(vc.id);
      if (newer) return answer('superseded', vc, sm2Result, newer);
    }
    if (set) return answer(purpose === 'revocation' ? 'revoked' : 'suspended', vc, sm2Result);
  }
  return answer(null, vc, sm2Result);
}
