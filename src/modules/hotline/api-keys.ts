/**
 * Open311 API keys (接口密钥): a center's host-department lead (or an administrator) issues a key to a partner's client
 * application; the key is shown once and stored only as its SHA-256 (as login tokens are), bound to that center, with
 * its own intake rate. Revoking is final. Every use — an intake, a refusal, a read of the center's private fields — is
 * a row in `hotline_api_key_uses`; issuing and revoking are actions in the audit chain.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { inJurisdiction, requirePermission, type Ctx, type Principal } from '../../kernel/context.ts';
import { AppError, invalid, notFound, staleVersion } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { requiredText } from '../../kernel/validators/fields.ts';
import { hotlinePermissions as P } from './permissions.ts';
import { hotlineEvents } from './events.ts';
import { findCenterRow, listCenterRows } from './repository.ts';
import type { HotlineApiKeyTable, HotlineCenterTable } from './tables.ts';

export const API_KEY_PREFIX = 'ow311_';
export const DEFAULT_RATE_PER_MINUTE = 30;
const SUBJECT = 'hotline.api_key';

export interface ApiKey {
  id: string;
  center: { id: string; name: string; region: string };
  client: string;
  contact: string | null;
  prefix: string;
  ratePerMinute: number;
  version: number;
  createdAt: string;
  revokedAt: string | null;
  revokeReason: string | null;
  /** Intakes accepted through the key, and the time of its last use of any kind. */
  intakes: number;
  lastUsedAt: string | null;
}

export interface ApiKeyUse {
  at: string;
  action: 'intake' | 'rate_limited' | 'revoked_refused' | 'read';
  ticketNumber: string | null;
}

export const keyDigest = (secret: string) => createHash('sha256').update(secret).digest('hex');

const keyAbsent = (id: string) => notFound('接口密钥 API key', id, 'params.id');

/**
 * The centers whose keys the caller manages: an administrator's within their jurisdiction, or the center hosted by
 * the caller's own department (its lead). Another department's lead holds `hotline:keys` but manages none.
 */
async function managedCenters(ctx: Ctx, db: Executor): Promise<HotlineCenterTable[]> {
  requirePermission(ctx, P.keys);
  const p = ctx.principal;
  return (await listCenterRows(db)).filter(
    (c) =>
      p.kind === 'system' ||
      (inJurisdiction(ctx, c.region) && (p.roles.includes('admin') || p.department === c.host_department)),
  );
}

async function present(db: Executor, rows: HotlineApiKeyTable[]): Promise<ApiKey[]> {
  if (!rows.length) return [];
  const centers = new Map((await listCenterRows(db)).map((c) => [c.id, c]));
  const ids = rows.map((r) => r.id);
  const counts = await db
    .selectFrom('hotline_api_key_uses')
    .select(['key_id', 'action'])
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('at').as('last')])
    .where('key_id', 'in', ids)
    .groupBy(['key_id', 'action'])
    .execute();
  return rows.map((r) => {
    const c = centers.get(r.center_id);
    const mine = counts.filter((x) => x.key_id === r.id);
    const last = mine.map((x) => String(x.last)).sort();
    return {
      id: r.id,
      center: { id: r.center_id, name: c?.name ?? r.center_id, region: c?.region ?? '' },
      client: r.client,
      contact: r.contact,
      prefix: r.prefix,
      ratePerMinute: Number(r.rate_per_minute),
      version: Number(r.version),
      createdAt: r.created_at,
      revokedAt: r.revoked_at,
      revokeReason: r.revoke_reason,
      intakes: Number(mine.find((x) => x.action === 'intake')?.n ?? 0),
      lastUsedAt: last.length ? last[last.length - 1] : null,
    };
  });
}

export interface IssueInput {
  centerId: string;
  client: string;
  contact?: string | null;
  ratePerMinute?: number;
}

/** Issues a key; the answer carries the secret, which is never stored nor shown again. */
export async function issueApiKey(k: Kernel, ctx: Ctx, input: IssueInput): Promise<{ key: ApiKey; secret: string }> {
  const client = requiredText('client', input.client, 100);
  const contact = input.contact?.trim() || null;
  if (contact && contact.length > 200)
    throw invalid('contact', 'TOO_LONG', '联系方式过长（最多200字）', 'Contact is too long (200 at most)');
  // The partner's organisation or a work address: a person's phone would sit here in plain text.
  if (contact && /1[3-9]\d{9}/.test(contact.replace(/[\s-]/g, '')))
    throw invalid(
      'contact',
      'CONTACT_HAS_PHONE',
      '联系方式请填写单位或邮箱，不要填写个人手机号',
      'Give an organisation or an e-mail address as contact, not a personal phone number',
    );
  const rate = input.ratePerMinute ?? DEFAULT_RATE_PER_MINUTE;
  if (!Number.isInteger(rate) || rate < 1 || rate > 600)
    throw invalid('ratePerMinute', 'RATE_OUT_OF_RANGE', '每分钟限额须为1至600', 'The rate must be 1 to 600 a minute');
  return k.db.transaction().execute(async (t) => {
    const center = (await managedCenters(ctx, t)).find((c) => c.id === input.centerId);
    if (!center) throw notFound('12345热线中心 hotline center', input.centerId, 'centerId');
    const secret = API_KEY_PREFIX + randomBytes(24).toString('base64url');
    const row: HotlineApiKeyTable = {
      id: newId(ctx.now.getTime()),
      center_id: center.id,
      client,
      contact,
      prefix: secret.slice(0, API_KEY_PREFIX.length + 4),
      key_hash: keyDigest(secret),
      rate_per_minute: rate,
      version: 1,
      created_by: ctx.principal.id,
      created_at: ctx.now.toISOString(),
      revoked_at: null,
      revoked_by: null,
      revoke_reason: null,
    };
    await t.insertInto('hotline_api_keys').values(row).execute();
    await k.audit.record(t, ctx, {
      permission: P.keys,
      action: 'issue',
      subjectType: SUBJECT,
      subjectId: row.id,
      after: { center: center.id, client, contact, prefix: row.prefix, ratePerMinute: rate },
      event: hotlineEvents.make('hotline.api_key.issued', { id: row.id, center: center.id, client }),
    });
    return { key: (await present(t, [row]))[0], secret };
  });
}

/** The keys of the centers the caller manages, newest first (never a secret nor its hash). */
export async function listApiKeys(k: Kernel, ctx: Ctx): Promise<ApiKey[]> {
  const centers = await managedCenters(ctx, k.db);
  if (!centers.length) return [];
  const rows = await k.db
    .selectFrom('hotline_api_keys')
    .selectAll()
    .where(
      'center_id',
      'in',
      centers.map((c) => c.id),
    )
    .orderBy('id', 'desc')
    .execute();
  return present(k.db, rows);
}

async function managedKey(k: Kernel, ctx: Ctx, db: Executor, id: string): Promise<HotlineApiKeyTable> {
  const row = await db.selectFrom('hotline_api_keys').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !(await managedCenters(ctx, db)).some((c) => c.id === row.center_id)) throw keyAbsent(id);
  return row;
}

/** Revokes a key for good (a reason is required); its next use is refused with 403. */
export async function revokeApiKey(
  k: Kernel,
  ctx: Ctx,
  id: string,
  input: { version: number; reason: string },
): Promise<ApiKey> {
  const reason = requiredText('reason', input.reason, 500);
  return k.db.transaction().execute(async (t) => {
    const row = await managedKey(k, ctx, t, id);
    if (Number(row.version) !== input.version) throw staleVersion(input.version, Number(row.version));
    if (row.revoked_at)
      throw new AppError({
        code: 'API_KEY_REVOKED',
        status: 409,
        zh: '该密钥已吊销',
        en: 'The key is already revoked',
      });
    await t
      .updateTable('hotline_api_keys')
      .set({
        revoked_at: ctx.now.toISOString(),
        revoked_by: ctx.principal.id,
        revoke_reason: reason,
        version: Number(row.version) + 1,
      })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .execute();
    await k.audit.record(t, ctx, {
      permission: P.keys,
      action: 'revoke',
      subjectType: SUBJECT,
      subjectId: id,
      reason,
      before: { revoked: false },
      after: { revoked: true },
      event: hotlineEvents.make('hotline.api_key.revoked', { id, center: row.center_id, client: row.client }),
    });
    const after = await t.selectFrom('hotline_api_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return (await present(t, [after]))[0];
  });
}

/** The latest uses of a key (at most 100), newest first. */
export async function apiKeyUses(k: Kernel, ctx: Ctx, id: string): Promise<ApiKeyUse[]> {
  await managedKey(k, ctx, k.db, id);
  const rows = await k.db
    .selectFrom('hotline_api_key_uses as u')
    .leftJoin('hotline_tickets as t', 't.id', 'u.ticket_id')
    .select(['u.at', 'u.action', 't.number'])
    .where('u.key_id', '=', id)
    .orderBy('u.id', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({ at: r.at, action: r.action as ApiKeyUse['action'], ticketNumber: r.number ?? null }));
}

/** The key a secret names (revoked or not), with its center; null when none. */
export async function findKeyBySecret(
  db: Executor,
  secret: string,
): Promise<{ key: HotlineApiKeyTable; center: HotlineCenterTable } | null> {
  if (!secret.startsWith(API_KEY_PREFIX) || secret.length > 100) return null;
  const key = await db
    .selectFrom('hotline_api_keys')
    .selectAll()
    .where('key_hash', '=', keyDigest(secret))
    .executeTakeFirst();
  const center = key ? await findCenterRow(db, key.center_id) : undefined;
  return key && center ? { key, center } : null;
}

export async function recordKeyUse(
  db: Executor,
  now: Date,
  keyId: string,
  action: ApiKeyUse['action'],
  ticketId: string | null = null,
): Promise<void> {
  await db
    .insertInto('hotline_api_key_uses')
    .values({ id: newId(now.getTime()), key_id: keyId, at: now.toISOString(), action, ticket_id: ticketId })
    .execute();
}

/** Locks the key's row until the transaction ends (a no-op update: SQLite has no FOR UPDATE, and needs none). */
export async function lockKey(tx: Executor, keyId: string): Promise<void> {
  await tx
    .updateTable('hotline_api_keys')
    .set((eb) => ({ version: eb.ref('version') }))
    .where('id', '=', keyId)
    .execute();
}

export async function isRevoked(tx: Executor, keyId: string): Promise<boolean> {
  const r = await tx.selectFrom('hotline_api_keys').select('revoked_at').where('id', '=', keyId).executeTakeFirst();
  return !r || r.revoked_at !== null;
}

/** Intakes the key made in the minute up to `now` (the rate window; counted in the database, so across processes). */
export async function intakesLastMinute(db: Executor, keyId: string, now: Date): Promise<number> {
  const r = await db
    .selectFrom('hotline_api_key_uses')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('key_id', '=', keyId)
    .where('action', '=', 'intake')
    .where('at', '>', new Date(now.getTime() - 60_000).toISOString())
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/**
 * The principal a key acts as when it files a ticket: the center's intake desk, within the center's region. The
 * action rows name it `api-key:<id>` so every ticket it filed is traced to the key (and so to the partner).
 */
export function keyPrincipal(key: HotlineApiKeyTable, center: HotlineCenterTable): Principal {
  return {
    id: `api-key:${key.id}`,
    kind: 'staff',
    name: key.client,
    roles: [],
    region: center.region,
    department: null,
    grants: new Map([[P.intake, 'hotline_operator']]),
  };
}
