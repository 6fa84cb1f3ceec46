/**
 * Verification by anyone (no account): this platform's issuer keys and imported trust list resolve the key, the
 * department's status lists answer revoked / suspended; a status list of another platform is fetched from its URL
 * only in the CLI (offline files) — here it is a warning.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { findDepartment } from '../registry/index.ts';
import { verifyJws, type TrustedKey, type Verification, type VerifyDeps } from './verify-core.ts';
import { findCertificateRow } from './repository.ts';

async function localKey(k: Kernel, kid: string): Promise<TrustedKey | null> {
  const r = await k.db.selectFrom('certificates_issuer_keys').selectAll().where('kid', '=', kid).executeTakeFirst();
  if (r) {
    const d = await findDepartment(k, r.department_code);
    return d ? { jwk: r.public_jwk, uscc: d.uscc, issuerName: d.name } : null;
  }
  const trusted = await k.db.selectFrom('certificates_trusted_issuers').selectAll().execute();
  for (const t of trusted) {
    const jwk = t.jwks.keys.find((j) => j.kid === kid);
    if (jwk) return { jwk, uscc: t.uscc, issuerName: t.name, validFrom: t.valid_from, validUntil: t.valid_until };
  }
  return null;
}

export function localDeps(k: Kernel): VerifyDeps {
  const base = k.config.publicBaseUrl ?? '';
  return {
    now: k.clock.now(),
    key: (kid) => localKey(k, kid),
    async statusBits(url) {
      const m = /\/credentials\/status\/([^/#?]+)$/.exec(url);
      if (!m || !url.startsWith(base)) return null;
      const row = await k.db
        .selectFrom('certificates_status_lists')
        .select('bits')
        .where('id', '=', m[1])
        .executeTakeFirst();
      return row ? Buffer.from(row.bits, 'base64url') : null;
    },
    async issued(id) {
      const r = await findCertificateRow(k.db, id);
      return r ? k.cipher.decrypt(r.credential_enc) : null;
    },
  };
}

/** Verifies a pasted credential (compact JWS, data: URL, VC-API envelope or QR payload); SM2 checked when given. */
export async function verifyCredential(
  k: Kernel,
  input: { credential: string; sm2Signature?: { kid: string; signature: string } | null },
): Promise<Verification> {
  let sm2 = null;
  if (input.sm2Signature) {
    const r = await k.db
      .selectFrom('certificates_issuer_keys')
      .select('public_jwk')
      .where('kid', '=', input.sm2Signature.kid)
      .where('alg', '=', 'SM2')
      .executeTakeFirst();
    sm2 = { ...input.sm2Signature, key: r?.public_jwk ?? null };
  }
  return verifyJws(input.credential, localDeps(k), sm2);
}
