/**
 * Verification by anyone (no account): this platform's issuer keys and imported trust list resolve the key, the
 * department's status lists answer revoked / suspended; a status list of another platform is fetched from its URL
 * only in the CLI (offline files) — here it is a warning.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { findDepartment } from '../registry/index.ts';
import { verifyJws, type TrustedKey, type Verification, type VerifyDeps } from './verify-core.ts';
import { findCertificateRow } from './repository.ts';
import { PURPOSES } from './status-list.ts';
import { importJWK, type JWK } from 'jose';

/** How long this platform's resolved issuer keys are kept (a department's name or USCC may change, rarely). */
const KEY_CACHE_MS = 60_000;
interface Caches {
  keys: Map<string, { key: TrustedKey; at: number }>;
  /** Decoded status-list bits by list id, kept while the list's revision is unchanged. */
  lists: Map<string, { revision: number; bits: Buffer }>;
}
const caches = new WeakMap<Kernel, Caches>();
function cachesOf(k: Kernel): Caches {
  let c = caches.get(k);
  if (!c) caches.set(k, (c = { keys: new Map(), lists: new Map() }));
  return c;
}

/**
 * The key of `kid`: this platform's issuer keys (public halves never change; imported once and kept a minute), else
 * an imported trust list's (read each time, so a new import counts at once).
 */
async function localKey(k: Kernel, kid: string, db: Executor): Promise<TrustedKey | null> {
  const cache = cachesOf(k).keys;
  const now = Date.now();
  const hit = cache.get(kid);
  if (hit && now - hit.at < KEY_CACHE_MS) return hit.key;
  const r = await db.selectFrom('certificates_issuer_keys').selectAll().where('kid', '=', kid).executeTakeFirst();
  if (r) {
    const d = await findDepartment(k, r.department_code, db);
    if (!d) return null;
    const key: TrustedKey = { jwk: r.public_jwk, uscc: d.uscc, issuerName: d.name };
    // SM2 keys are not JOSE keys: they never sign the JWS, so they are not imported.
    if (r.alg !== 'SM2') key.imported = await importJWK(r.public_jwk as JWK, r.alg);
    if (cache.size > 1000) cache.clear();
    cache.set(kid, { key, at: now });
    return key;
  }
  const trusted = await db.selectFrom('certificates_trusted_issuers').selectAll().execute();
  for (const t of trusted) {
    const jwk = t.jwks.keys.find((j) => j.kid === kid);
    if (jwk) return { jwk, uscc: t.uscc, issuerName: t.name, validFrom: t.valid_from, validUntil: t.valid_until };
  }
  return null;
}

/**
 * A department's status lists as of now: one small query for both lists' revisions, the bits read and decoded only
 * when a revision moved — so a revocation committed anywhere is seen by the next verification.
 */
async function departmentLists(k: Kernel, department: string, db: Executor): Promise<Map<string, Buffer>> {
  const cache = cachesOf(k).lists;
  const revs = await db
    .selectFrom('certificates_status_lists')
    .select(['id', 'revision'])
    .where('department_code', '=', department)
    .execute();
  const out = new Map<string, Buffer>();
  for (const { id, revision } of revs) {
    let hit = cache.get(id);
    if (!hit || hit.revision !== Number(revision)) {
      const row = await db
        .selectFrom('certificates_status_lists')
        .select(['bits', 'revision'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) continue;
      hit = { revision: Number(row.revision), bits: Buffer.from(row.bits, 'base64url') };
      cache.set(id, hit);
    }
    out.set(id, hit.bits);
  }
  return out;
}

/**
 * What a verification reads, through `db`: the kernel's handle, or a caller's transaction (a verification inside the
 * transaction that relies on it, e.g. a certificate used as a case's material, sees that transaction's state).
 */
export function localDeps(k: Kernel, db: Executor = k.db): VerifyDeps {
  const base = k.config.publicBaseUrl ?? '';
  // One verification's lists, read once for all its status entries.
  let lists: Promise<Map<string, Buffer>> | null = null;
  return {
    now: k.clock.now(),
    key: (kid) => localKey(k, kid, db),
    async statusBits(url) {
      const m = /\/credentials\/status\/([^/#?]+)$/.exec(url);
      if (!m || !url.startsWith(base)) return null;
      const id = decodeURIComponent(m[1]);
      const department = PURPOSES.map((p) => `-${p}`).find((suffix) => id.endsWith(suffix));
      if (!department) return null;
      lists ??= departmentLists(k, id.slice(0, -department.length), db);
      return (await lists).get(id) ?? null;
    },
    async issued(id) {
      const r = await findCertificateRow(db, id);
      return r ? k.cipher.decrypt(r.credential_enc) : null;
    },
    async supersededBy(id) {
      const newer = await db
        .selectFrom('certificates_certificates')
        .select('number')
        .where('supersedes', '=', id)
        .executeTakeFirst();
      return newer?.number ?? null;
    },
  };
}

/**
 * Verifies a pasted credential (compact JWS, data: URL, VC-API envelope or QR payload); SM2 checked when given. Reads
 * through `db` (a caller's transaction) when given.
 */
export async function verifyCredential(
  k: Kernel,
  input: { credential: string; sm2Signature?: { kid: string; signature: string } | null },
  db: Executor = k.db,
): Promise<Verification> {
  let sm2 = null;
  if (input.sm2Signature) {
    const r = await db
      .selectFrom('certificates_issuer_keys')
      .select('public_jwk')
      .where('kid', '=', input.sm2Signature.kid)
      .where('alg', '=', 'SM2')
      .executeTakeFirst();
    sm2 = { ...input.sm2Signature, key: r?.public_jwk ?? null };
  }
  return verifyJws(input.credential, localDeps(k, db), sm2);
}
