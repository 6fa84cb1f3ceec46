/**
 * What the platform publishes for verifiers: the issuers' JWKS, the signed status-list credentials (cacheable for
 * STATUS_TTL_SECONDS), and the trust list (issuers, public keys, validity) another province imports — and the import
 * of theirs (证照互认).
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { inTx } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { requirePermission, type Ctx } from '../../kernel/context.ts';
import { invalid, notFound } from '../../kernel/errors.ts';
import { findDepartment } from '../registry/index.ts';
import { certificatesPermissions as P } from './permissions.ts';
import { certificatesEvents } from './events.ts';
import { activeKeyRow, privateKeyOf } from './keys.ts';
import { encodeList } from './status-list.ts';
import { issuerIdOf, signCredential, VC_CONTEXT } from './credential.ts';
import type { TrustedIssuerTable } from './tables.ts';

export const STATUS_TTL_SECONDS = 300;

/** The status list `id` as a signed BitstringStatusListCredential (vc+jwt). */
export async function signedStatusList(k: Kernel, id: string): Promise<string> {
  const row = await k.db.selectFrom('certificates_status_lists').selectAll().where('id', '=', id).executeTakeFirst();
  const absent = () => notFound('状态列表 status list', id, 'params.id');
  if (!row) throw absent();
  const [dept, key] = [
    await findDepartment(k, row.department_code),
    await activeKeyRow(k.db, row.department_code, ['EdDSA', 'ES256']),
  ];
  if (!dept || !key) throw absent();
  const url = `${k.config.publicBaseUrl ?? ''}/credentials/status/${id}`;
  const now = k.clock.now();
  const credential = {
    '@context': [VC_CONTEXT],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: { id: issuerIdOf(dept.uscc), name: dept.name },
    validFrom: now.toISOString(),
    validUntil: new Date(now.getTime() + STATUS_TTL_SECONDS * 1000).toISOString(),
    credentialSubject: {
      id: `${url}#list`,
      type: 'BitstringStatusList',
      statusPurpose: row.purpose,
      encodedList: encodeList(Buffer.from(row.bits, 'base64url')),
      ttl: STATUS_TTL_SECONDS * 1000,
    },
  };
  return (await signCredential(credential, { kid: key.kid, alg: key.alg, privateKey: privateKeyOf(k, key) })).jws;
}

export interface TrustListIssuer {
  name: string;
  uscc: string;
  province: string;
  validFrom: string;
  validUntil: string | null;
  keys: Record<string, unknown>[];
}
export interface TrustList {
  type: 'OneWindowTrustList';
  province: string;
  issuedAt: string;
  issuers: TrustListIssuer[];
}

const provinceOf = (region: string) => region.slice(0, 2) + '0000';

/** This platform's issuers with every key (active and retired, SM2 included): what another province imports. */
export async function trustList(k: Kernel): Promise<TrustList> {
  const rows = await k.db.selectFrom('certificates_issuer_keys').selectAll().orderBy('created_at').execute();
  const byDept = new Map<string, TrustListIssuer>();
  for (const r of rows) {
    let e = byDept.get(r.department_code);
    if (!e) {
      const d = await findDepartment(k, r.department_code);
      if (!d) continue;
      e = {
        name: d.name,
        uscc: d.uscc,
        province: provinceOf(d.region),
        validFrom: r.created_at,
        validUntil: null,
        keys: [],
      };
      byDept.set(r.department_code, e);
    }
    e.keys.push(r.public_jwk);
  }
  const issuers = [...byDept.values()];
  return {
    type: 'OneWindowTrustList',
    province: issuers[0]?.province ?? '000000',
    issuedAt: k.clock.now().toISOString(),
    issuers,
  };
}

const USCC = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** Imports another province's trust list: its issuers verify here from then on (within their validity). */
export async function importTrustList(
  k: Kernel,
  ctx: Ctx,
  list: TrustList,
  tx?: Executor,
): Promise<{ imported: number }> {
  requirePermission(ctx, P.configure);
  if (list?.type !== 'OneWindowTrustList' || !Array.isArray(list.issuers))
    throw invalid('type', 'TRUST_LIST_INVALID', '这不是一份信任列表', 'This is not a trust list');
  list.issuers.forEach((i, n) => {
    if (!USCC.test(String(i.uscc)))
      throw invalid(
        `issuers.${n}.uscc`,
        'USCC_INVALID',
        '签发机关的统一社会信用代码不正确',
        'The issuer’s USCC is malformed',
      );
    if (!Array.isArray(i.keys) || i.keys.some((j) => typeof j?.kid !== 'string'))
      throw invalid(`issuers.${n}.keys`, 'KEYS_INVALID', '签发机关的公钥须带 kid', 'Each issuer key needs a kid');
    if (!i.validFrom || Number.isNaN(Date.parse(i.validFrom)))
      throw invalid(
        `issuers.${n}.validFrom`,
        'DATE_INVALID',
        '有效期起始时间不正确',
        'The validity start is malformed',
      );
  });
  return inTx(k, tx, async (t) => {
    let imported = 0;
    for (const i of list.issuers) {
      const kids = i.keys.map((j) => String(j.kid));
      const ours = await t
        .selectFrom('certificates_issuer_keys')
        .select('kid')
        .where('kid', 'in', kids)
        .executeTakeFirst();
      if (ours) continue; // our own issuers (a list exported here) are trusted through their keys already
      const row: TrustedIssuerTable = {
        id: `${i.province}:${i.uscc}`,
        name: String(i.name).slice(0, 200),
        uscc: i.uscc,
        province: String(i.province ?? list.province),
        jwks: { keys: i.keys },
        valid_from: i.validFrom,
        valid_until: i.validUntil ?? null,
        imported_at: ctx.now.toISOString(),
        imported_by: ctx.principal.id,
      };
      await t.deleteFrom('certificates_trusted_issuers').where('id', '=', row.id).execute();
      await t.insertInto('certificates_trusted_issuers').values(row).execute();
      imported++;
    }
    await k.audit.record(t, ctx, {
      permission: P.configure,
      action: 'import_trust_list',
      subjectType: 'certificates.trust_list',
      subjectId: list.province,
      after: { province: list.province, issuers: list.issuers.map((i) => ({ uscc: i.uscc, keys: i.keys.length })) },
      event: certificatesEvents.make('certificates.trust_list.imported', {
        province: list.province,
        issuers: imported,
      }),
    });
    return { imported };
  });
}

export interface TrustedIssuer {
  name: string;
  uscc: string;
  province: string;
  validFrom: string;
  validUntil: string | null;
  keys: number;
  importedAt: string;
}

/** The issuers imported from other provinces' trust lists (the administrator's view), by province and name. */
export async function importedIssuers(k: Kernel, ctx: Ctx): Promise<TrustedIssuer[]> {
  requirePermission(ctx, P.configure);
  const rows = await k.db
    .selectFrom('certificates_trusted_issuers')
    .selectAll()
    .orderBy('province')
    .orderBy('name')
    .limit(2000)
    .execute();
  return rows.map((r) => ({
    name: r.name,
    uscc: r.uscc,
    province: r.province,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    keys: r.jwks.keys.length,
    importedAt: r.imported_at,
  }));
}
