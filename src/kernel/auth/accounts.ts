/**
 * Accounts and sessions. Login is one strategy behind `LoginStrategy`, so a province's unified identity platform
 * (OIDC) can replace the password strategy. Passwords are hashed with scrypt; session tokens are random, handed
 * out once and stored only as SHA-256 digests; tokens expire after SESSION_TTL_MS; five failures lock an account
 * for fifteen minutes. Neither passwords nor tokens are ever logged.
 */
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { sql, type Kysely } from 'kysely';
import type { DbAdapter } from '../db/adapter.ts';
import type { MigrationDef } from '../db/migrate.ts';
import type { Executor } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { Ctx, Principal } from '../context.ts';
import type { Kernel } from '../kernel.ts';
import type { Mode } from '../config.ts';
import { ROLES, type Role } from './roles.ts';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: { N: number }) => Promise<Buffer>;

export const SESSION_TTL_MS = 60 * 60 * 1000;
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

export interface AccountTable {
  id: string;
  username: string;
  password_hash: string;
  name: string;
  kind: string;
  roles: unknown;
  region: string | null;
  department: string | null;
  demo: boolean;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
}
export interface SessionTable {
  token_hash: string;
  account_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}
declare module '../db/types.ts' {
  interface Database {
    kernel_accounts: AccountTable;
    kernel_sessions: SessionTable;
  }
}

export const accountMigrations: MigrationDef[] = [
  {
    name: '0002_kernel_accounts',
    async up(db: Kysely<any>, a: DbAdapter) {
      await db.schema
        .createTable('kernel_accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('roles', sql.raw(a.jsonType), (c) => c.notNull())
        .addColumn('region', 'text')
        .addColumn('department', 'text')
        .addColumn('demo', sql.raw(a.booleanType), (c) => c.notNull())
        .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('kernel_sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull().references('kernel_accounts.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('kernel_sessions').execute();
      await db.schema.dropTable('kernel_accounts').execute();
    },
  },
];

/**
 * The scrypt cost of a new hash: 'standard' (N = 2^14) for every real account; 'test' (N = 2^4) only for demo
 * accounts in test mode, whose password is public anyway (see `demoPasswordCost`). A 'test' hash records its N, so
 * verifying needs no setting; a 'standard' hash keeps the original `scrypt$salt$key` form.
 */
export type PasswordCost = 'standard' | 'test';
const SCRYPT_N: Record<PasswordCost, number> = { standard: 16384, test: 16 };

/** The cost of demo accounts' hashes: 'test' in test mode only, never in development or production. */
export function demoPasswordCost(mode: Mode): PasswordCost {
  return mode === 'test' ? 'test' : 'standard';
}

export async function hashPassword(password: string, cost: PasswordCost = 'standard'): Promise<string> {
  const salt = randomBytes(16);
  const N = SCRYPT_N[cost];
  const key = await scrypt(password, salt, 32, { N });
  const params = cost === 'standard' ? '' : `n=${N}$`;
  return `scrypt$${params}${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  const [scheme, salt, key] = parts.length === 4 ? [parts[0], parts[2], parts[3]] : parts;
  const N = parts.length === 4 ? Number(/^n=(\d+)$/.exec(parts[1])?.[1]) : SCRYPT_N.standard;
  if (scheme !== 'scrypt' || !salt || !key || !Object.values(SCRYPT_N).includes(N)) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N });
  return timingSafeEqual(actual, expected);
}

export interface NewAccount {
  username: string;
  password: string;
  name: string;
  kind: 'staff' | 'person' | 'enterprise';
  roles: Role[];
  region: string | null;
  department: string | null;
  demo?: boolean;
  /** Honoured for demo accounts only; every other account is hashed at 'standard' cost. */
  passwordCost?: PasswordCost;
}

/** An account as other modules may see it: who it is and what kind, never its password or lockout state. */
export interface AccountRef {
  id: string;
  username: string;
  name: string;
  kind: NewAccount['kind'];
  /** The staff member's region and department (null for citizens and for staff without one). */
  region: string | null;
  department: string | null;
}

/** Finds an account by its username (for modules that refer to accounts, such as an enterprise's agents); changes nothing. */
export async function findAccountByUsername(db: Executor, username: string): Promise<AccountRef | undefined> {
  const r = await db
    .selectFrom('kernel_accounts')
    .select(['id', 'username', 'name', 'kind', 'region', 'department'])
    .where('username', '=', username)
    .executeTakeFirst();
  return r && { ...r, kind: r.kind as AccountRef['kind'] };
}

/**
 * A context acting as the account `username` in `roles`, now (demo seeding and benchmarks act as named demo staff
 * without signing in); undefined when there is no such account.
 */
export async function accountCtx(
  k: Pick<Kernel, 'db' | 'permissions' | 'clock'>,
  username: string,
  roles: Role[],
): Promise<Ctx | undefined> {
  const a = await findAccountByUsername(k.db, username);
  if (!a) return undefined;
  return {
    principal: {
      id: a.id,
      kind: a.kind,
      name: a.name,
      roles,
      region: a.region,
      department: a.department,
      grants: k.permissions.grantsOf(roles),
    },
    requestId: null,
    now: k.clock.now(),
  };
}

/** The display names of accounts by id (for timelines that name who acted); unknown ids are left out. */
export async function accountNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.selectFrom('kernel_accounts').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** An account by id with its roles (for modules that assign work to a named staff member); changes nothing. */
export async function findAccountById(db: Executor, id: string): Promise<(AccountRef & { roles: Role[] }) | undefined> {
  const r = await db
    .selectFrom('kernel_accounts')
    .select(['id', 'username', 'name', 'kind', 'region', 'department', 'roles'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r && { ...r, kind: r.kind as AccountRef['kind'], roles: r.roles as Role[] };
}

/** Staff accounts whose region is one of `regions`, with their roles (for modules offering whom to assign work to). */
export async function staffInRegions(
  db: Executor,
  regions: readonly string[],
): Promise<Array<AccountRef & { roles: Role[] }>> {
  if (!regions.length) return [];
  const rows = await db
    .selectFrom('kernel_accounts')
    .select(['id', 'username', 'name', 'kind', 'region', 'department', 'roles'])
    .where('kind', '=', 'staff')
    .where('region', 'in', [...regions])
    .orderBy('username')
    .limit(1000)
    .execute();
  return rows.map((r) => ({ ...r, kind: r.kind as AccountRef['kind'], roles: r.roles as Role[] }));
}

export async function createAccount(db: Executor, adapter: DbAdapter, acc: NewAccount, now: Date): Promise<string> {
  if (!/^[a-z0-9_.-]{3,40}$/.test(acc.username)) {
    throw new AppError({
      code: 'USERNAME_INVALID',
      status: 400,
      field: 'username',
      zh: '用户名须为 3–40 位小写字母、数字或 _.-',
      en: 'Username must be 3–40 of a-z 0-9 _ . -',
    });
  }
  if (acc.password.length < 8) {
    throw new AppError({
      code: 'PASSWORD_TOO_SHORT',
      status: 400,
      field: 'password',
      zh: '密码至少 8 位',
      en: 'Password must have at least 8 characters',
    });
  }
  for (const r of acc.roles) {
    if (!ROLES.includes(r))
      throw new AppError({
        code: 'ROLE_UNKNOWN',
        status: 400,
        field: 'roles',
        zh: `未知角色 ${r}`,
        en: `Unknown role ${r}`,
      });
  }
  const id = newId(now.getTime());
  await db
    .insertInto('kernel_accounts')
    .values({
      id,
      username: acc.username,
      password_hash: await hashPassword(acc.password, acc.demo ? (acc.passwordCost ?? 'standard') : 'standard'),
      name: acc.name,
      kind: acc.kind,
      roles: acc.roles,
      region: acc.region,
      department: acc.department,
      demo: acc.demo ?? false,
      failed_logins: 0,
      locked_until: null,
      created_at: now.toISOString(),
    })
    .execute();
  return id;
}

function principalOf(row: AccountTable): Principal {
  return {
    id: row.id,
    kind: row.kind as Principal['kind'],
    name: row.name,
    roles: row.roles as Role[],
    region: row.region,
    department: row.department,
  };
}

/** How a caller proves who they are. The password strategy is the built-in one; an OIDC strategy would add another. */
export interface LoginStrategy {
  name: string;
  /** Returns the account id on success; throws AppError otherwise. */
  authenticate(db: Kysely<any>, adapter: DbAdapter, credentials: Record<string, string>, now: Date): Promise<string>;
}

const badLogin = () =>
  new AppError({
    code: 'LOGIN_FAILED',
    status: 401,
    field: null,
    zh: '用户名或密码错误',
    en: 'Wrong username or password',
  });

export const passwordStrategy: LoginStrategy = {
  name: 'password',
  async authenticate(db, adapter, { username, password }, now) {
    const row = (await db
      .selectFrom('kernel_accounts')
      .selectAll()
      .where('username', '=', username ?? '')
      .executeTakeFirst()) as AccountTable | undefined;
    if (!row) {
      await hashPassword(password ?? ''); // same work as a real check, so timing does not reveal which usernames exist
      throw badLogin();
    }
    if (row.locked_until && row.locked_until > now.toISOString()) {
      throw new AppError({
        code: 'ACCOUNT_LOCKED',
        status: 423,
        field: null,
        zh: '登录失败次数过多，账号已临时锁定，请稍后再试',
        en: 'Too many failed logins; the account is locked for a while',
      });
    }
    if (!(await verifyPassword(password ?? '', row.password_hash))) {
      const failed = row.failed_logins + 1;
      await db
        .updateTable('kernel_accounts')
        .set({
          failed_logins: failed >= MAX_FAILED_LOGINS ? 0 : failed,
          locked_until:
            failed >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCKOUT_MS).toISOString() : row.locked_until,
        })
        .where('id', '=', row.id)
        .execute();
      throw badLogin();
    }
    await db
      .updateTable('kernel_accounts')
      .set({ failed_logins: 0, locked_until: null })
      .where('id', '=', row.id)
      .execute();
    void adapter;
    return row.id;
  },
};

/** The password of every demo account (demo mode only; production refuses demo accounts). */
export const DEMO_PASSWORD = 'onewindow-demo';

const tokenDigest = (token: string) => createHash('sha256').update(token).digest('hex');

/** Opens a session; the token is returned once and only its digest is stored. */
export async function openSession(
  db: Executor,
  accountId: string,
  now: Date,
): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS).toISOString();
  await db
    .insertInto('kernel_sessions')
    .values({
      token_hash: tokenDigest(token),
      account_id: accountId,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      revoked_at: null,
    })
    .execute();
  return { token, expiresAt };
}

/**
 * How long a resolved session stays in this process's cache, in wall-clock milliseconds. A revocation through
 * `revokeSession` clears the entry in the process that handled it at once; every other process sees it within this
 * bound (the same holds for a session revoked or an account changed directly in the database).
 */
export const SESSION_CACHE_TTL_MS = 5_000;
/** Entries kept at most; the oldest are dropped first. */
export const SESSION_CACHE_MAX = 10_000;

interface CachedSession {
  principal: Principal;
  /** The session's expiry, epoch milliseconds. */
  expiresAtMs: number;
  /** performance.now() after which the row must be read again. */
  staleAt: number;
}

/**
 * Token → principal, so the auth hook neither runs the session join nor hashes the token on every request.
 * Process-wide (a token names one session in one database, whatever kernel reads it); bounded by
 * SESSION_CACHE_TTL_MS and SESSION_CACHE_MAX. The session's own expiry is still checked against the caller's clock
 * on every hit. Keyed by the token itself: it is in this process's memory while the request is served anyway, and
 * never leaves it.
 */
const sessionCache = new Map<string, CachedSession>();

/** Empties the session cache (tests that change sessions behind the API's back). */
export function clearSessionCache(): void {
  sessionCache.clear();
}

/**
 * The principal of a session read less than SESSION_CACHE_TTL_MS ago: the principal, null when that session has
 * expired by `now`, undefined when the cache does not know (ask `principalForToken`).
 */
export function cachedPrincipal(token: string, now: Date): Principal | null | undefined {
  const hit = sessionCache.get(token);
  if (!hit || hit.staleAt <= performance.now()) return undefined;
  return hit.expiresAtMs <= now.getTime() ? null : hit.principal;
}

/**
 * The principal a bearer token stands for, or null when it is unknown, expired or revoked. With `cached`, a
 * session read less than SESSION_CACHE_TTL_MS ago is answered from memory (see `sessionCache`); the principal is
 * then frozen and the same object for every hit.
 */
export async function principalForToken(
  db: Executor,
  adapter: DbAdapter,
  token: string,
  now: Date,
  opts: { cached?: boolean } = {},
): Promise<Principal | null> {
  if (opts.cached) {
    const hit = cachedPrincipal(token, now);
    if (hit !== undefined) return hit;
    sessionCache.delete(token);
  }
  const row = await db
    .selectFrom('kernel_sessions')
    .innerJoin('kernel_accounts', 'kernel_accounts.id', 'kernel_sessions.account_id')
    .selectAll('kernel_accounts')
    .select(['kernel_sessions.expires_at', 'kernel_sessions.revoked_at'])
    .where('kernel_sessions.token_hash', '=', tokenDigest(token))
    .executeTakeFirst();
  if (!row || row.revoked_at || row.expires_at <= now.toISOString()) return null;
  const principal = principalOf(row as unknown as AccountTable);
  if (opts.cached) {
    Object.freeze(principal.roles);
    sessionCache.set(token, {
      principal: Object.freeze(principal),
      expiresAtMs: Date.parse(row.expires_at),
      staleAt: performance.now() + SESSION_CACHE_TTL_MS,
    });
    if (sessionCache.size > SESSION_CACHE_MAX) sessionCache.delete(sessionCache.keys().next().value as string);
  }
  return principal;
}

/** Revokes the session; this process forgets it at once, others within SESSION_CACHE_TTL_MS. */
export async function revokeSession(db: Executor, token: string, now: Date): Promise<void> {
  const digest = tokenDigest(token);
  sessionCache.delete(token);
  await db
    .updateTable('kernel_sessions')
    .set({ revoked_at: now.toISOString() })
    .where('token_hash', '=', digest)
    .where('revoked_at', 'is', null)
    .execute();
  sessionCache.delete(token); // a request that read the row while the update ran must not keep it
}
