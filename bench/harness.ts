/**
 * The benchmark harness every module's scenarios plug into: the Scenario contract, the context a scenario runs in,
 * and the measuring helpers (HTTP load with autocannon in a worker thread, in-process latency, the baselines).
 *
 * Every figure a scenario reports sits beside a baseline measured the same way in the same run on the same machine
 * (a bare Fastify route, a raw 3-row transaction, a trivial in-process call), so the ratio stays meaningful on a
 * shared, noisy machine where absolute numbers drift from run to run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { Worker } from 'node:worker_threads';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { App } from '../src/kernel/http.ts';
import type { Kernel } from '../src/kernel/kernel.ts';
import type { DbAdapter, DialectName } from '../src/kernel/db/adapter.ts';
import { loggerOptions } from '../src/server/logging.ts';
import { insertRows } from '../src/kernel/db/bulk.ts';
import { applySqlitePragmas } from '../src/kernel/db/connect.ts';

// ─── The contract ────────────────────────────────────────────────────────────────────────────────────────────────

export type Unit = 'req/s' | 'ms' | 'ops/s' | 'rows/s';

export interface Measurement {
  name: string;
  unit: Unit;
  value: number;
  /** What the value is compared with: measured in the same run, the same way. */
  baseline: { name: string; value: number };
  lowerIsBetter: boolean;
}

export interface Scenario {
  /** Lower-case, hyphenated; used in cache file names, PostgreSQL schema names and result file names. */
  name: string;
  description: string;
  /** Rows (or whatever the scenario scales by) for a real run. */
  defaultScale: number;
  /** Scale for `--smoke` (CI): small enough that seeding takes about a second. */
  smokeScale: number;
  /**
   * Fills the scenario's database for `scale`. Must use bulk inserts (see `bulkInsert`), far faster than the API.
   * Runs once per database and scale; the result is cached until `--fresh`. Record what later runs should know (e.g.
   * seeding rate) in `ctx.seedInfo`; it is stored with the cache marker and given back when the cache is reused.
   */
  seed(ctx: BenchContext, scale: number): Promise<void>;
  /** Measures; every measurement carries its baseline. Throw on any error (a non-2xx answer is an error). */
  run(ctx: BenchContext, scale: number): Promise<Measurement[]>;
}

export type BenchKernel = Kernel & { close(): Promise<void> };

export interface BenchContext {
  readonly dialect: DialectName;
  /** A kernel over the scenario's own (cached) database, with the fixed bench personal-data key. */
  readonly k: BenchKernel;
  readonly smoke: boolean;
  /** Seconds per load measurement (0.5 in --smoke). */
  readonly durationSec: number;
  /** Seconds of unmeasured warm-up before each load measurement; it also checks every answer is 2xx. */
  readonly warmupSec: number;
  /** Concurrent HTTP connections (and concurrent workers for in-process throughput baselines). */
  readonly connections: number;
  /** Alternated pairs behind a ratio (`alternatingPairs`): 3 by default, 1 with --smoke. */
  readonly pairs: number;
  /** Log level of the real app and of the bare baseline (same `loggerOptions`). */
  readonly logLevel: string;
  /** True when the database was seeded in this run, false when a cached one was reused. */
  readonly seededNow: boolean;
  /** Facts recorded by `seed` (persisted in the cache marker, restored on reuse). */
  seedInfo: Record<string, unknown>;
  /** The real HTTP app (buildApp over `k` with every module), built once; the harness closes it. */
  app(): Promise<App>;
  /** A bearer token for a staff account (default 'admin', password DEMO_PASSWORD), logged in through the API. */
  staffToken(username?: string, password?: string): Promise<string>;
  /** The scenario's database, for baselines that open their own connection (`rawPreparedTransactionBaseline`). */
  readonly rawTarget: RawTarget;
  /** Adds a line to the scenario's report. */
  note(text: string): void;
  /** Progress output (stderr). */
  log(text: string): void;
}

// ─── HTTP load ───────────────────────────────────────────────────────────────────────────────────────────────────

/** One prebuilt request: the load generator sends the list in order, cycling, with one cursor for all connections. */
export interface PrebuiltRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** Sent as is (prebuild JSON with JSON.stringify). */
  body?: string;
  /** Merged over the load's headers. */
  headers?: Record<string, string>;
}

export interface HttpLoad {
  /** Fixed path; ignored when `list` is given. */
  path?: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON (content-type set). Ignored when `list` is given. */
  body?: unknown;
  /**
   * Prebuilt requests, walked in order and cycled. Build it once and give the same list to the real app and to its
   * baseline. A list meant to send each body once (fresh USCCs) must be longer than the run can consume.
   */
  list?: PrebuiltRequest[];
  connections?: number;
  durationSec?: number;
  /** Unmeasured warm-up first (also verifies answers); 0 to skip. */
  warmupSec?: number;
  /** Accept non-2xx answers (default: any non-2xx answer or connection error fails the measurement). */
  allowNon2xx?: boolean;
}

export interface HttpResult {
  /** Completed requests per second over the measured period. */
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  requests: number;
  non2xx: number;
  errors: number;
  durationSec: number;
  /** Entries of the list taken (warm-up included). */
  sent: number;
  /** Requests completed during the warm-up. */
  warmupRequests: number;
  /** Main-thread CPU ms per request over warm-up and measurement (the server's side; null off Linux). */
  cpuMsPerRequest: number | null;
}

/**
 * CPU seconds (user + system) this process's main thread has used, from /proc/self/task/<pid>/stat (Linux; null
 * elsewhere). Unlike throughput, CPU per request hardly depends on what else the machine runs, so it is reported
 * beside every load figure: the load generator's worker thread is not counted, and better-sqlite3 runs on the main
 * thread, so for SQLite it includes the database work.
 */
export function mainThreadCpuSeconds(): number | null {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
/** USER_HZ of /proc times (100 on every Linux we run on). */
const CLOCK_TICKS = 100;

/** Starts `app` on 127.0.0.1 with an ephemeral port unless it already listens; returns its base URL. */
export async function listenLocal(app: App): Promise<string> {
  if (!app.server.listening) await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('app is not listening on a TCP port');
  return `http://127.0.0.1:${addr.port}`;
}

const LOAD_WORKER = new URL('./load-worker.mjs', import.meta.url);

type LoadReply = { id: number; ok: true; result: HttpResult } | { id: number; ok: false; error: string };

/** The load worker, started once per process (it takes about a second) and serving one job at a time. */
let loadWorker: {
  worker: Worker;
  pending: Map<number, { resolve: (r: LoadReply) => void; reject: (e: Error) => void }>;
} | null = null;
let nextJob = 0;

function runInLoadWorker(job: Record<string, unknown>): Promise<LoadReply> {
  if (!loadWorker) {
    const worker = new Worker(LOAD_WORKER);
    const pending = new Map<number, { resolve: (r: LoadReply) => void; reject: (e: Error) => void }>();
    const failAll = (e: Error) => {
      for (const p of pending.values()) p.reject(e);
      pending.clear();
      loadWorker = null;
    };
    worker.on('message', (m: LoadReply) => {
      pending.get(m.id)?.resolve(m);
      pending.delete(m.id);
    });
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`load worker exited with code ${code}`)));
    worker.unref(); // never keeps the process alive
    loadWorker = { worker, pending };
  }
  const id = ++nextJob;
  const { worker, pending } = loadWorker;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ ...job, id });
  });
}

/**
 * HTTP load with autocannon against a listening server on 127.0.0.1 (an app is started on an ephemeral port if
 * needed). autocannon runs in a worker thread (bench/load-worker.mjs), never in the server's event loop, and sends
 * a prebuilt request list. A warm-up runs first and records the first non-2xx answer, so a broken route fails loudly
 * with its body instead of producing a meaningless figure.
 */
export async function measureHttp(target: App | FastifyInstance | string, load: HttpLoad): Promise<HttpResult> {
  const url = typeof target === 'string' ? target.replace(/\/$/, '') : await listenLocal(target as App);
  const headers: Record<string, string> = { ...(load.headers ?? {}) };
  let list = load.list;
  if (!list) {
    let body: string | undefined;
    if (load.body !== undefined) body = typeof load.body === 'string' ? load.body : JSON.stringify(load.body);
    list = [{ method: load.method ?? 'GET', path: load.path ?? '/', ...(body !== undefined ? { body } : {}) }];
  }
  if (list.some((r) => r.body !== undefined) && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
    headers['content-type'] = 'application/json';
  const profile = await startWindowProfile();
  // The job (with the whole request list) is copied to the worker synchronously here, before the server's CPU is
  // read: copying a write scenario's list (tens of thousands of bodies) is the bench's work, not the server's.
  const answered = runInLoadWorker({
    url,
    connections: load.connections ?? 10,
    durationSec: load.durationSec ?? 10,
    warmupSec: load.warmupSec ?? 1,
    allowNon2xx: load.allowNon2xx ?? false,
    base: { method: load.method ?? 'GET', headers },
    list,
  });
  const cpu0 = mainThreadCpuSeconds();
  const reply = await answered;
  const cpu1 = mainThreadCpuSeconds();
  await profile?.stop(list[0]!.path, reply.ok ? reply.result.requests + reply.result.warmupRequests : 0);
  if (!reply.ok) throw new Error(reply.error);
  const r = reply.result;
  const all = r.requests + r.warmupRequests;
  return { ...r, cpuMsPerRequest: cpu0 === null || cpu1 === null || all === 0 ? null : ((cpu1 - cpu0) * 1000) / all };
}

let profiled = 0;

/**
 * With `BENCH_CPU_PROFILE=<dir>`, a CPU profile of the main thread over one load window (warm-up and measurement,
 * nothing else: no start-up, seeding or other baselines), written as `<dir>/<n>-<first path>-<requests>.cpuprofile`
 * so the real route and its baseline can be compared per request (bench/README.md, "Profiling").
 */
async function startWindowProfile(): Promise<{ stop(label: string, requests: number): Promise<void> } | null> {
  const dir = process.env.BENCH_CPU_PROFILE;
  if (!dir) return null;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return {
    async stop(label, requests) {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      fs.mkdirSync(dir, { recursive: true });
      const name = `${++profiled}-${label.replace(/[^\w]+/g, '_').slice(0, 60)}-${requests}.cpuprofile`;
      fs.writeFileSync(path.join(dir, name), JSON.stringify(profile));
    },
  };
}

/** A bare Fastify app with the real app's logger configuration (`loggerOptions(level)`): no plugins, hooks, schemas or DB. */
export function bareFastify(level: string): FastifyInstance {
  return Fastify({ logger: loggerOptions(level) });
}

/**
 * The old HTTP baseline, kept so figures stay comparable with earlier runs: a bare Fastify app with one small JSON
 * route and the real app's logger configuration, measured with the same load settings.
 */
export async function bareFastifyBaseline(opts: {
  level: string;
  connections?: number;
  durationSec?: number;
  warmupSec?: number;
}): Promise<HttpResult> {
  const app = bareFastify(opts.level);
  app.get('/bench/json', async () => ({
    id: '0190a3c2-7e1f-7c3a-9d2e-5b6c7d8e9f01',
    status: 'active',
    name: '基准（示例）',
  }));
  await app.ready();
  try {
    return await measureHttp(app, {
      path: '/bench/json',
      connections: opts.connections,
      durationSec: opts.durationSec,
      warmupSec: opts.warmupSec,
    });
  } finally {
    await app.close();
  }
}

/**
 * The fair HTTP read baseline: a bare Fastify app (same logger) whose route answers each request of `list` with the
 * exact body the real app gave (recorded beforehand with `recordResponses`), driven by the same prebuilt list. The
 * ratio to it is what the real route's own work costs: auth, rate limit, headers, validation, the query, serializing.
 */
export async function sameResponseBaseline(opts: {
  level: string;
  route: string;
  list: PrebuiltRequest[];
  bodies: Map<string, string>;
  /** The real measurement's headers (a bearer token), sent here too: the same requests on both sides. */
  headers?: Record<string, string>;
  connections?: number;
  durationSec?: number;
  warmupSec?: number;
}): Promise<HttpResult> {
  const app = bareFastify(opts.level);
  app.get(opts.route, async (req, reply) => {
    const body = opts.bodies.get(req.url);
    if (body === undefined) return reply.status(404).send({ error: 'not recorded' });
    return reply.type('application/json; charset=utf-8').send(body);
  });
  await app.ready();
  try {
    return await measureHttp(app, {
      list: opts.list,
      headers: opts.headers ?? {},
      connections: opts.connections,
      durationSec: opts.durationSec,
      warmupSec: opts.warmupSec,
    });
  } finally {
    await app.close();
  }
}

/**
 * Measures `real` and its `baseline` in turn, `pairs` times (the baseline first in odd pairs, the real route first in
 * even ones), and gives back the pair whose throughput ratio is the median, with a note listing every pair's ratio.
 * On a shared machine a route's throughput drifts by a third between minutes (bench/README "Sixth pass"), so a ratio
 * is only meaningful within one pair; the median of several is steadier than any single one. CPU per request is each
 * side's own, so it is taken from the same median pair.
 */
export async function alternatingPairs(
  pairs: number,
  real: () => Promise<HttpResult>,
  baseline: () => Promise<HttpResult>,
): Promise<{ real: HttpResult; baseline: HttpResult; note: string }> {
  const runs: { real: HttpResult; baseline: HttpResult; ratio: number }[] = [];
  for (let i = 0; i < pairs; i++) {
    let r: HttpResult, b: HttpResult;
    if (i % 2 === 0) {
      b = await baseline();
      r = await real();
    } else {
      r = await real();
      b = await baseline();
    }
    runs.push({ real: r, baseline: b, ratio: r.reqPerSec / b.reqPerSec });
  }
  const median = [...runs].sort((x, y) => x.ratio - y.ratio)[Math.floor((runs.length - 1) / 2)]!;
  const note =
    `Throughput ratio to the baseline in each alternated pair: ${runs.map((x) => `${x.ratio.toFixed(2)}×`).join(', ')} ` +
    `(median ${median.ratio.toFixed(2)}×); the figures above are the median pair's.`;
  return { real: median.real, baseline: median.baseline, note };
}

/** The real app's answer to every distinct path of `list` (through `inject`), for `sameResponseBaseline`. */
export async function recordResponses(
  app: App,
  list: PrebuiltRequest[],
  headers: Record<string, string>,
): Promise<Map<string, string>> {
  const bodies = new Map<string, string>();
  for (const r of list) {
    if (bodies.has(r.path)) continue;
    const res = await app.inject({
      method: r.method ?? 'GET',
      url: r.path,
      headers: { ...headers, ...(r.headers ?? {}) },
    });
    if (res.statusCode !== 200)
      throw new Error(`recording ${r.path}: HTTP ${res.statusCode} ${res.body.slice(0, 300)}`);
    bodies.set(r.path, res.body);
  }
  return bodies;
}

/** The three standard HTTP measurements (throughput, p50, p99) of `real`, each beside the same figure of `baseline`. */
export function httpMeasurements(
  label: string,
  real: HttpResult,
  baseline: HttpResult,
  baselineLabel = 'bare Fastify JSON route',
): Measurement[] {
  return [
    {
      name: `${label} throughput`,
      unit: 'req/s',
      value: real.reqPerSec,
      baseline: { name: baselineLabel, value: baseline.reqPerSec },
      lowerIsBetter: false,
    },
    {
      name: `${label} latency p50`,
      unit: 'ms',
      value: real.p50Ms,
      baseline: { name: `${baselineLabel} p50`, value: baseline.p50Ms },
      lowerIsBetter: true,
    },
    {
      name: `${label} latency p99`,
      unit: 'ms',
      value: real.p99Ms,
      baseline: { name: `${baselineLabel} p99`, value: baseline.p99Ms },
      lowerIsBetter: true,
    },
    ...(real.cpuMsPerRequest !== null && baseline.cpuMsPerRequest !== null
      ? [
          {
            name: `${label} server CPU per request`,
            unit: 'ms' as const,
            value: real.cpuMsPerRequest,
            baseline: { name: `${baselineLabel} CPU per request`, value: baseline.cpuMsPerRequest },
            lowerIsBetter: true,
          },
        ]
      : []),
  ];
}

// ─── Database baseline ───────────────────────────────────────────────────────────────────────────────────────────

export interface ThroughputResult {
  opsPerSec: number;
  /** Main-thread CPU ms per op over warm-up and measurement (null off Linux). */
  cpuMsPerOp: number | null;
  p50Ms: number;
  p99Ms: number;
  ops: number;
  durationSec: number;
}

/**
 * Before a write window on SQLite: copies the WAL back into the database and empties it. A window of writes leaves
 * tens of MB in the WAL for the checkpointer to copy back, and the window after it paid for that (a registration's
 * first window, right after the raw baseline, ran 10–20 % below the same write minutes later); settled, each window
 * starts from the same state, whichever side it measures. Nothing to do on PostgreSQL.
 */
export async function settleWal(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  if (dialect === 'sqlite') await sql`pragma wal_checkpoint(truncate)`.execute(db);
}

/** Creates the small `bench_baseline` table (id, n, payload, created_at) if missing. */
export async function ensureBaselineTable(db: Kysely<any>): Promise<void> {
  await sql`create table if not exists bench_baseline (id text primary key, n integer not null, payload text not null, created_at text not null)`.execute(
    db,
  );
}

/**
 * The write baseline: a raw transaction inserting 3 small rows into `bench_baseline` on the same database, run by
 * `concurrency` loops for `durationSec` (after a short warm-up). ops/s = committed transactions per second. The
 * table is emptied first.
 */
export async function rawTransactionBaseline(
  db: Kysely<any>,
  opts: { concurrency?: number; durationSec?: number; warmupSec?: number } = {},
): Promise<ThroughputResult> {
  await ensureBaselineTable(db);
  await sql`delete from bench_baseline`.execute(db); // start from an empty table each run, so runs compare
  let seq = 0;
  const stamp = `${process.pid}-${Date.now().toString(36)}`;
  const op = () =>
    db.transaction().execute(async (tx) => {
      const now = new Date().toISOString();
      for (let i = 0; i < 3; i++) {
        const n = seq++;
        await tx
          .insertInto('bench_baseline')
          .values({ id: `${stamp}-${n}`, n, payload: `baseline row ${n}`, created_at: now })
          .execute();
      }
    });
  return measureThroughput(op, {
    concurrency: opts.concurrency ?? 10,
    durationSec: opts.durationSec ?? 10,
    warmupSec: opts.warmupSec ?? 1,
  });
}

/** Where a scenario's database lives, for baselines that open their own connection to it. */
export interface RawTarget {
  dialect: DialectName;
  /** SQLite: the database file. */
  sqliteFile?: string;
  /** PostgreSQL: the server and the scenario's schema. */
  pgUrl?: string;
  pgSchema?: string;
}

/** One statement of a raw transaction: SQL with `?` placeholders, and its parameters for the n-th transaction. */
export interface RawStatement {
  sql: string;
  params: (n: number) => unknown[];
}

/**
 * Copies of `tables` named `bench_raw_<table>`, with the same columns, keys and indexes (SQLite: the stored DDL with
 * the names changed; PostgreSQL: `LIKE … INCLUDING ALL`), created once and filled with the rows of those listed in
 * `copyRows`. Raw baselines write into them, so they pay the same index maintenance as the real write and leave the
 * real tables (and the audit chain) alone.
 */
export async function shadowTables(
  db: Kysely<any>,
  dialect: DialectName,
  tables: string[],
  copyRows: string[] = [],
): Promise<void> {
  for (const t of tables) {
    const shadow = `bench_raw_${t}`;
    if (dialect === 'sqlite') {
      const exists = await sql<{
        n: number;
      }>`select count(*) as n from sqlite_master where type = 'table' and name = ${shadow}`.execute(db);
      if (Number(exists.rows[0].n) > 0) continue;
      const ddl = await sql<{
        sql: string;
        type: string;
      }>`select sql, type from sqlite_master where tbl_name = ${t} and sql is not null order by type = 'index'`.execute(
        db,
      );
      if (!ddl.rows.length) throw new Error(`no table ${t}`);
      for (const r of ddl.rows) await sql.raw(r.sql.split(t).join(shadow)).execute(db);
    } else {
      const exists = await sql<{
        n: number;
      }>`select count(*) as n from information_schema.tables where table_schema = current_schema() and table_name = ${shadow}`.execute(
        db,
      );
      if (Number(exists.rows[0].n) > 0) continue;
      await sql.raw(`create table "${shadow}" (like "${t}" including all)`).execute(db);
    }
    if (copyRows.includes(t)) await sql.raw(`insert into "${shadow}" select * from "${t}"`).execute(db);
  }
}

/**
 * A raw transaction baseline: `statements` as prepared statements in one transaction per op, on a connection of
 * its own (SQLite: a second better-sqlite3 handle on the file, with the app's pragmas; PostgreSQL: a pool of
 * `concurrency` connections using named prepared statements), run by `concurrency` loops.
 */
export async function rawPreparedTransactionBaseline(
  target: RawTarget,
  statements: RawStatement[],
  opts: { concurrency?: number; durationSec?: number; warmupSec?: number } = {},
): Promise<ThroughputResult> {
  const concurrency = opts.concurrency ?? 10;
  const run = { concurrency, durationSec: opts.durationSec ?? 10, warmupSec: opts.warmupSec ?? 1 };
  let n = 0;
  if (target.dialect === 'sqlite') {
    const { default: SQLite } = await import('better-sqlite3');
    const db = new SQLite(target.sqliteFile!);
    try {
      applySqlitePragmas(db, target.sqliteFile!);
      const prepared = statements.map((st) => ({ stmt: db.prepare(st.sql), params: st.params }));
      const tx = db.transaction((i: number) => {
        for (const p of prepared) {
          if (p.stmt.reader) p.stmt.get(p.params(i));
          else p.stmt.run(p.params(i));
        }
      });
      return await measureThroughput(async () => tx(n++), run);
    } finally {
      db.close();
    }
  }
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: target.pgUrl,
    max: concurrency,
    options: target.pgSchema ? `-c search_path=${target.pgSchema}` : undefined,
  });
  const texts = statements.map((st) => {
    let i = 0;
    return st.sql.replace(/\?/g, () => `$${++i}`);
  });
  try {
    return await measureThroughput(async () => {
      const i = n++;
      const c = await pool.connect();
      try {
        await c.query('begin');
        for (let s = 0; s < statements.length; s++)
          await c.query({ name: `bench_raw_${s}`, text: texts[s], values: statements[s].params(i) });
        await c.query('commit');
      } catch (e) {
        await c.query('rollback').catch(() => undefined);
        throw e;
      } finally {
        c.release();
      }
    }, run);
  } finally {
    await pool.end();
  }
}

/** Runs `op` in `concurrency` loops for `durationSec`; reports completed ops per second and per-op latency. */
export async function measureThroughput(
  op: () => Promise<unknown>,
  opts: { concurrency: number; durationSec: number; warmupSec?: number },
): Promise<ThroughputResult> {
  const loop = async (untilNs: bigint, samples: number[] | null) => {
    while (process.hrtime.bigint() < untilNs) {
      const t = process.hrtime.bigint();
      await op();
      samples?.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  };
  const runFor = async (sec: number, samples: number[] | null) => {
    const until = process.hrtime.bigint() + BigInt(Math.round(sec * 1e9));
    await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, () => loop(until, samples)));
  };
  const cpu0 = mainThreadCpuSeconds();
  let warmOps = 0;
  if (opts.warmupSec) {
    const warm: number[] = [];
    await runFor(opts.warmupSec, warm);
    warmOps = warm.length;
  }
  const samples: number[] = [];
  const t0 = process.hrtime.bigint();
  await runFor(opts.durationSec, samples);
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu1 = mainThreadCpuSeconds();
  samples.sort((a, b) => a - b);
  const ops = samples.length + warmOps;
  return {
    cpuMsPerOp: cpu0 === null || cpu1 === null || ops === 0 ? null : ((cpu1 - cpu0) * 1000) / ops,
    opsPerSec: samples.length / sec,
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    ops: samples.length,
    durationSec: sec,
  };
}

// ─── In-process latency ──────────────────────────────────────────────────────────────────────────────────────────

export interface LatencyResult {
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  /** Calls per second when called back to back (total iterations / total time, timer overhead included). */
  opsPerSec: number;
  iterations: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/**
 * Latency of an in-process call, timed one call at a time with process.hrtime.bigint(); `fn` gets the iteration
 * number (use it to vary inputs). A tenth of the iterations (at least 100) run first, unmeasured, to warm the JIT.
 */
export async function latencyPercentiles(fn: (i: number) => unknown, iterations: number): Promise<LatencyResult> {
  const warm = Math.max(100, Math.floor(iterations / 10));
  for (let i = 0; i < warm; i++) {
    const r = fn(i);
    if (r instanceof Promise) await r;
  }
  const samples = new Float64Array(iterations);
  let sink = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    const t = process.hrtime.bigint();
    const r = fn(i);
    if (r instanceof Promise) await r;
    samples[i] = Number(process.hrtime.bigint() - t) / 1e6;
    if (r !== undefined) sink++;
  }
  const total = Number(process.hrtime.bigint() - t0) / 1e9;
  const sorted = Array.from(samples).sort((a, b) => a - b);
  void sink;
  return {
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    meanMs: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    opsPerSec: iterations / total,
    iterations,
  };
}

// ─── Seeding helpers ─────────────────────────────────────────────────────────────────────────────────────────────

export { MAX_PARAMS, rowsPerStatement } from '../src/kernel/db/bulk.ts';

/**
 * Inserts `rows` with multi-row INSERT statements (as many rows per statement as the dialect allows, up to 1000),
 * compiled once and reused (`insertRows` in src/kernel/db/bulk.ts). Call it inside a transaction covering many
 * statements; one transaction per statement is what makes seeding slow.
 */
export async function bulkInsert(
  db: Kysely<any>,
  adapter: DbAdapter,
  table: string,
  rows: Record<string, unknown>[],
): Promise<void> {
  await insertRows(db, adapter, table, rows);
}

/**
 * Seeds `count` generated rows in transactions of `rowsPerTx` rows, timing generation and insertion apart so a slow
 * generator (encryption per row, say) shows up as such. Calls `progress` about every 10 %.
 */
export async function seedGenerated<T extends Record<string, unknown>>(
  ctx: Pick<BenchContext, 'k' | 'log'>,
  table: string,
  from: number,
  count: number,
  make: (n: number) => T,
  opts: { rowsPerTx?: number; label?: string } = {},
): Promise<{
  rows: number;
  seconds: number;
  generateSeconds: number;
  insertSeconds: number;
  rowsPerSec: number;
  generateRowsPerSec: number;
  insertRowsPerSec: number;
  cpuSeconds: number;
}> {
  const k = ctx.k;
  const cpu0 = process.cpuUsage();
  const perTx = opts.rowsPerTx ?? 50_000;
  let genNs = 0n;
  let insNs = 0n;
  const t0 = process.hrtime.bigint();
  let nextReport = from + Math.max(perTx, Math.ceil(count / 10));
  for (let start = from; start < from + count; start += perTx) {
    const end = Math.min(from + count, start + perTx);
    const g0 = process.hrtime.bigint();
    const rows: T[] = new Array(end - start);
    for (let n = start; n < end; n++) rows[n - start] = make(n);
    const g1 = process.hrtime.bigint();
    await k.db.transaction().execute((tx) => bulkInsert(tx as Kysely<any>, k.adapter, table, rows));
    insNs += process.hrtime.bigint() - g1;
    genNs += g1 - g0;
    if (end >= nextReport && end < from + count) {
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      ctx.log(
        `  ${opts.label ?? table}: ${end - from}/${count} rows, ${s.toFixed(1)} s (${Math.round((end - from) / s)} rows/s)`,
      );
      nextReport += Math.max(perTx, Math.ceil(count / 10));
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const generateSeconds = Number(genNs) / 1e9;
  const insertSeconds = Number(insNs) / 1e9;
  return {
    rows: count,
    seconds,
    generateSeconds,
    insertSeconds,
    rowsPerSec: count / seconds,
    generateRowsPerSec: generateSeconds > 0 ? count / generateSeconds : Infinity,
    insertRowsPerSec: insertSeconds > 0 ? count / insertSeconds : Infinity,
    cpuSeconds: ((u) => (u.user + u.system) / 1e6)(process.cpuUsage(cpu0)),
  };
}

/** A small deterministic PRNG (mulberry32) for picking inputs reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
