/**
 * Issuer keys (签发密钥, also the department's e-seal key): Ed25519 (EdDSA) by default, ES256 available, SM2 with SM3
 * as the national-crypto option (sm2.ts). Each key is named by its RFC 7638 thumbprint; the private half is stored
 * encrypted with `k.cipher` and never answered. Creating a key retires the department's previous key of that
 * algorithm, which stays published so what it signed still verifies.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { Kernel } from '../../kernel/kernel.ts';
import { inTx } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { requirePermission, type Ctx } from '../../kernel/context.ts';
import { invalid } from '../../kernel/errors.ts';
import { getDepartment } from '../registry/index.ts';
import { certificatesPermissions as P } from './permissions.ts';
import { certificatesEvents } from './events.ts';
import { generateSm2 } from './sm2.ts';
import type { IssuerKeyTable } from './tables.ts';

export const ISSUER_ALGS = ['EdDSA', 'ES256', 'SM2'] as const;
export type IssuerAlg = (typeof ISSUER_ALGS)[number];

export interface IssuerKey {
  kid: string;
  department: string;
  alg: IssuerAlg;
  status: 'active' | 'retired';
  publicJwk: Record<string, unknown>;
  createdAt: string;
  retiredAt: string | null;
}

export const toKey = (r: IssuerKeyTable): IssuerKey => ({
  kid: r.kid,
  department: r.department_code,
  alg: r.alg as IssuerAlg,
  status: r.status as 'active' | 'retired',
  publicJwk: r.public_jwk,
  createdAt: r.created_at,
  retiredAt: r.retired_at,
});

function generate(alg: IssuerAlg): { publicJwk: Record<string, unknown>; privateText: string } {
  if (alg === 'SM2') {
    const { publicJwk, privateHex } = generateSm2();
    return { publicJwk, privateText: privateHex };
  }
  const { privateKey, publicKey } =
    alg === 'EdDSA' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    publicJwk: publicKey.export({ format: 'jwk' }) as Record<string, unknown>,
    privateText: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

/** A new key for `department`; the previous active key of that algorithm is retired (still verifies). */
export async function createIssuerKey(
  k: Kernel,
  ctx: Ctx,
  input: { department: string; alg?: string },
  tx?: Executor,
): Promise<IssuerKey> {
  requirePermission(ctx, P.configure);
  const alg = (input.alg ?? 'EdDSA') as IssuerAlg;
  if (!ISSUER_ALGS.includes(alg))
    throw invalid(
      'alg',
      'ALG_UNSUPPORTED',
      '签名算法须为 EdDSA、ES256 或 SM2',
      'The algorithm must be EdDSA, ES256 or SM2',
    );
  return inTx(k, tx, async (t) => {
    await getDepartment(k, input.department, t, 'department');
    const { publicJwk, privateText } = generate(alg);
    const kid = await calculateJwkThumbprint(publicJwk as JWK, 'sha256');
    const at = ctx.now.toISOString();
    await t
      .updateTable('certificates_issuer_keys')
      .set({ status: 'retired', retired_at: at })
      .where('department_code', '=', input.department)
      .where('alg', '=', alg)
      .where('status', '=', 'active')
      .execute();
    const jwk = { ...publicJwk, kid, alg: alg === 'SM2' ? 'SM2' : alg, use: 'sig' };
    const row: IssuerKeyTable = {
      kid,
      department_code: input.department,
      alg,
      public_jwk: jwk,
      private_enc: k.cipher.encrypt(privateText),
      status: 'active',
      created_at: at,
      retired_at: null,
    };
    await t.insertInto('certificates_issuer_keys').values(row).execute();
    const key = toKey(row);
    await k.audit.record(t, ctx, {
      permission: P.configure,
      action: 'create',
      subjectType: 'certificates.issuer_key',
      subjectId: kid,
      after: key,
      event: certificatesEvents.make('certificates.key.created', { kid, department: input.department, alg }),
    });
    return key;
  });
}

/** A department's keys, newest first (public halves only). */
export async function listIssuerKeys(k: Kernel, ctx: Ctx, department: string): Promise<IssuerKey[]> {
  requirePermission(ctx, P.configure);
  const rows = await k.db
    .selectFrom('certificates_issuer_keys')
    .selectAll()
    .where('department_code', '=', department)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(toKey);
}

export async function activeKeyRow(
  db: Executor,
  department: string,
  algs: readonly string[],
): Promise<IssuerKeyTable | undefined> {
  return db
    .selectFrom('certificates_issuer_keys')
    .selectAll()
    .where('department_code', '=', department)
    .where('alg', 'in', [...algs])
    .where('status', '=', 'active')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

/** The department's JOSE signing key, made (Ed25519) on first need as the system's action. */
export async function signingKey(k: Kernel, ctx: Ctx, tx: Executor, department: string): Promise<IssuerKeyTable> {
  const have = await activeKeyRow(tx, department, ['EdDSA', 'ES256']);
  if (have) return have;
  await createIssuerKey(k, { ...ctx, principal: { ...ctx.principal, kind: 'system' } }, { department }, tx);
  return (await activeKeyRow(tx, department, ['EdDSA', 'ES256']))!;
}

export function privateKeyOf(k: Kernel, row: IssuerKeyTable): KeyObject {
  return createPrivateKey({ key: k.cipher.decrypt(row.private_enc), format: 'pem' });
}

export function sm2PrivateOf(k: Kernel, row: IssuerKeyTable): string {
  return k.cipher.decrypt(row.private_enc);
}

/** Every published JOSE key (active and retired), as a JWKS: SM2 keys are in the trust list only. */
export async function issuerJwks(k: Kernel, db: Executor = k.db): Promise<{ keys: Record<string, unknown>[] }> {
  const rows = await db
    .selectFrom('certificates_issuer_keys')
    .select(['public_jwk'])
    .where('alg', 'in', ['EdDSA', 'ES256'])
    .orderBy('created_at')
    .execute();
  return { keys: rows.map((r) => r.public_jwk) };
}

/** The public half of JOSE key `kid` (active or retired), or null when no such key exists here. */
export async function publicKeyOf(db: Executor, kid: string): Promise<KeyObject | null> {
  const row = await db
    .selectFrom('certificates_issuer_keys')
    .select(['public_jwk'])
    .where('kid', '=', kid)
    .where('alg', 'in', ['EdDSA', 'ES256'])
    .executeTakeFirst();
  return row ? createPublicKey({ key: row.public_jwk as never, format: 'jwk' }) : null;
}
