/**
 * Test support: a Kernel and an HTTP app over a fresh database of a given dialect, with a manual clock and the
 * demo accounts. Tests call the public API through `app.inject`.
 *
 * What makes it quick: the database is copied from a template migrated once (`migratedDb`); demo passwords are
 * hashed at test cost (config mode 'test'); and the apps of one process share Fastify's schema compilers, so each
 * route schema compiles once per process rather than once per app.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { after } from 'node:test';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import { loadConfig } from '../kernel/config.ts';
import { migratedDb, type TestDb } from '../kernel/db/testing.ts';
import type { DialectName } from '../kernel/db/adapter.ts';
import { ManualClock } from '../kernel/calendar/index.ts';
import { createKernel } from './boot.ts';
import { buildApp } from './app.ts';
import { buildValidator } from './validation.ts';
import { MODULES, allMigrations } from '../modules/index.ts';
import { formatStatusReport, verifyLifecycleStatuses } from '../kernel/lifecycle-verify.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { createAccount, findAccountById, findAccountByUsername } from '../kernel/auth/accounts.ts';
import type { Role } from '../kernel/auth/roles.ts';
import assert from 'node:assert/strict';
import type { App } from '../kernel/http.ts';
import type { AppOptions } from './app.ts';
import { seedRegistryDemo, DEMO_PASSWORD } from '../modules/registry/demo.ts';

// What tests outside src/server may take from here (dependency rules, docs/architecture.md): kernel tests migrate a
// fresh database with every module's migrations; module tests log in demo accounts.
export { allMigrations } from '../modules/index.ts';
export { createKernel } from './boot.ts';
export { DEMO_PASSWORD };

export interface TestApp {
  k: Kernel;
  app: App;
  clock: ManualClock;
  db: TestDb;
  dataDir: string;
  /** Logs in a demo account and returns `{ authorization: 'Bearer …' }`. */
  login(username: string): Promise<Record<string, string>>;
  /**
   * Holds every stored status to its action rows (a test that left a status its actions do not lead to fails here),
   * then drops the database. `{ tampered: true }` skips the check, for tests that edit rows underneath on purpose.
   */
  close(opts?: { tampered?: boolean }): Promise<void>;
}

const LIFECYCLES = MODULES.flatMap((m) => m.lifecycles ?? []);

export async function testApp(
  dialect: DialectName,
  opts: { start?: string; demo?: { enterprises: number; persons: number } } = {},
): Promise<TestApp> {
  const db = await migratedDb(dialect, allMigrations(MODULES));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-app-'));
  const clock = new ManualClock(opts.start ?? '2026-12-01T02:00:00Z');
  const config = {
    ...loadConfig({ ONEWINDOW_MODE: 'test', ONEWINDOW_DATA_DIR: dataDir }),
    dataKey: randomBytes(32).toString('base64'),
    publicRateLimit: 100000,
  };
  const k = await createKernel({ config, clock, db, migrate: false });
  await seedRegistryDemo(k, opts.demo ?? { enterprises: 0, persons: 0 });
  const app = await buildApp(k, MODULES, { webDist: null, compilersFactory: sharedCompilers() });
  return {
    k,
    app,
    clock,
    db,
    dataDir,
    async login(username: string) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username, password: DEMO_PASSWORD },
      });
      if (r.statusCode !== 201) throw new Error(`login ${username} failed: ${r.body}`);
      return { authorization: `Bearer ${r.json().token}` };
    },
    async close(opts: { tampered?: boolean } = {}) {
      const statuses = opts.tampered ? null : await verifyLifecycleStatuses(k.db, LIFECYCLES);
      await app.close();
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (statuses?.problems.length)
        throw new Error(`stored statuses disagree with their action rows:\n${formatStatusReport(statuses)}`);
    },
  };
}

/**
 * One app for the tests of a file that leave nothing another test would see (they only read, or build their own
 * app on its kernel): made on first use and closed after the file's tests. Its `close()` does nothing, so a test
 * written for `testApp` works unchanged. A test that writes, moves the clock or locks accounts keeps `testApp`.
 */
export function sharedTestApp(dialect: DialectName, opts: Parameters<typeof testApp>[1] = {}): () => Promise<TestApp> {
  let made: Promise<TestApp> | undefined;
  after(async () => {
    if (made) await (await made).close();
  });
  return async () => {
    made ??= testApp(dialect, opts);
    return { ...(await made), close: async () => {} };
  };
}

type Compilers = NonNullable<AppOptions['compilersFactory']>;
let compilers: Compilers | undefined;

/**
 * Fastify's own schema compilers (loaded from Fastify's dependencies, as Fastify loads them), shared by every app of
 * this process: a compiled validator or serializer is kept by its schema's text and its compiler options.
 */
export function sharedCompilers(): Compilers {
  if (compilers) return compilers;
  const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));
  const validators: Compilers['buildValidator'] = buildValidator(); // the server's own: bodies uncoerced
  const serializers: Compilers['buildSerializer'] = fromFastify('@fastify/fast-json-stringify-compiler')();
  const cache = new Map<string, unknown>();
  type RouteSchema = { schema: unknown; httpPart?: string; httpStatus?: string; contentType?: string };
  const memo = <F extends (def: any) => unknown>(kind: string, options: unknown, compile: F): F =>
    ((def: RouteSchema) => {
      const key = `${kind}|${JSON.stringify(options)}|${def.httpPart ?? ''}|${def.httpStatus ?? ''}|${def.contentType ?? ''}|${JSON.stringify(def.schema)}`;
      if (!cache.has(key)) cache.set(key, compile(def));
      return cache.get(key);
    }) as F;
  compilers = {
    buildValidator: (externals, options) =>
      memo(`v${JSON.stringify(externals)}`, options, validators!(externals, options)),
    buildSerializer: (externals, options) =>
      memo(`s${JSON.stringify(externals)}`, options, serializers!(externals, options)),
  };
  return compilers;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The `onewindow` command run in this process: `main(args)` of src/cli/main.ts with `env` as the whole environment
 * for the call and its console output captured, as a child process would see and print them. It spares a process
 * that loads tsx and the whole app for every command (~1.7 s CPU each); test/cli.test.ts still runs the real program
 * through the package bin and `npm run onewindow`. Calls must not overlap (a test file's tests run one at a time).
 */
export async function runCli(env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliResult> {
  const { main } = await import('../cli/main.ts');
  const saved = { ...process.env };
  const { log, info, warn, error } = console;
  let stdout = '';
  let stderr = '';
  // The kernel's own log (pino) writes to this process's stdout, past the capture: quiet unless asked for.
  replaceEnv({ ONEWINDOW_LOG_LEVEL: 'silent', ...env });
  console.log = console.info = (...a: unknown[]) => void (stdout += `${format(...a)}\n`);
  console.warn = console.error = (...a: unknown[]) => void (stderr += `${format(...a)}\n`);
  try {
    const code = await main(args);
    if (code < 0) throw new Error(`onewindow ${args.join(' ')} kept running (a server) in the test process`);
    return { code, stdout, stderr };
  } finally {
    Object.assign(console, { log, info, warn, error });
    replaceEnv(saved);
  }
}

function replaceEnv(env: NodeJS.ProcessEnv): void {
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  for (const [key, value] of Object.entries(env)) if (value !== undefined) process.env[key] = value;
}

/**
 * A further account (a second citizen, staff of another region) at the test password cost; answers its login headers.
 * The demo province may already hold it (e.g. the second-city staff): then it is used when it is the same.
 */
export async function addAccount(
  t: TestApp,
  username: string,
  roles: Role[],
  region: string | null,
  department: string | null,
  kind: 'staff' | 'person' = 'staff',
): Promise<Record<string, string>> {
  const existing = await findAccountByUsername(t.k.db, username);
  if (existing) {
    const same = await findAccountById(t.k.db, existing.id);
    assert.deepEqual(
      [same?.kind, [...(same?.roles ?? [])].sort(), same?.region, same?.department],
      [kind, [...roles].sort(), region, department],
      `${username} exists with other roles or another place`,
    );
    return t.login(username);
  }
  const account = { username, password: DEMO_PASSWORD, name: `${username}（测试）`, kind, roles, region, department };
  await createAccount(t.k.db, t.k.adapter, { ...account, demo: true, passwordCost: 'test' }, t.clock.now());
  return t.login(username);
}

/** An injected response, as tests read it. */
export interface InjectedResponse {
  statusCode: number;
  body: string;
  json(): any;
}

/** The response's JSON after asserting its status (the body is the assertion's message, so a failure shows why). */
export async function ok(response: InjectedResponse | Promise<InjectedResponse>, status = 200): Promise<any> {
  const r = await response;
  assert.equal(r.statusCode, status, r.body);
  return r.json();
}
