/**
 * `onewindow audit verify`'s check of the stored certificates: each row's credential still carries its issuer key's
 * signature, and the row's columns (id, number, type, holder name, validity, face) are the ones that credential
 * signed. An edited row or a swapped credential is named by certificate id and number.
 */
import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import type { Kernel } from '../../kernel/kernel.ts';
import { canonicalJson } from '../../kernel/audit.ts';
import type { StoredCheck, StoredProblem } from '../module.ts';
import type { CertificateTable } from './tables.ts';

const SUBJECT = 'certificates.certificate';

async function problemOf(
  k: Kernel,
  r: CertificateTable,
  keys: Map<string, Record<string, unknown>>,
): Promise<string | null> {
  let jws: string;
  try {
    jws = k.cipher.decrypt(r.credential_enc);
  } catch (e) {
    return `the stored credential cannot be decrypted: ${(e as Error).message}`;
  }
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(jws).kid;
  } catch {
    return 'the stored credential is not a compact JWS';
  }
  if (kid !== r.kid) return `the credential is signed by key ${kid}, the row says ${r.kid}`;
  const jwk = keys.get(kid);
  if (!jwk) return `the credential's key ${kid} is not an issuer key of this platform`;
  let vc: Record<string, any>;
  try {
    const { payload } = await compactVerify(jws, await importJWK(jwk as never, String(jwk.alg ?? 'EdDSA')));
    vc = JSON.parse(new TextDecoder().decode(payload)) as Record<string, any>;
  } catch (e) {
    return `the stored credential's signature does not verify: ${(e as Error).message}`;
  }
  const subject = vc.credentialSubject ?? {};
  const differs: string[] = [];
  const same = (name: string, signed: unknown, stored: unknown) => {
    if (canonicalJson(signed ?? null) !== canonicalJson(stored ?? null)) differs.push(name);
  };
  same('id', vc.id, r.id);
  same('number', subject.certificate?.number, r.number);
  same('type', subject.certificate?.type?.code, r.type_code);
  same('holder name', subject.holder?.name, r.holder_name);
  same('valid from', vc.validFrom, r.valid_from);
  same('valid until', vc.validUntil, r.valid_until);
  same('face', subject.face, r.face_masked);
  return differs.length ? `the stored ${differs.join(', ')} differ(s) from the signed credential` : null;
}

export async function verifyStoredCertificates(k: Kernel): Promise<StoredCheck> {
  const keys = new Map(
    (await k.db.selectFrom('certificates_issuer_keys').select(['kid', 'public_jwk']).execute()).map((r) => [
      r.kid,
      r.public_jwk,
    ]),
  );
  const problems: StoredProblem[] = [];
  let checked = 0;
  let after = '';
  for (;;) {
    const rows = await k.db
      .selectFrom('certificates_certificates')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    for (const r of rows) {
      checked++;
      const detail = await problemOf(k, r, keys);
      if (detail)
        problems.push({ subjectType: SUBJECT, subjectId: r.id, kind: 'altered', detail: `${r.number}: ${detail}` });
    }
    if (rows.length < 500) break;
    after = rows[rows.length - 1].id;
  }
  return { checked: { [SUBJECT]: checked }, problems };
}
