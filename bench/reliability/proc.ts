/**
 * Shared by the crash and soak parts: the real server as `onewindow start` (a child process, as
 * test/support/server.ts spawns it) on a database of its own — SQLite in a temp data folder, or a fresh schema on
 * PostgreSQL (DATABASE_URL + ONEWINDOW_PG_SCHEMA) — and a small HTTP client that signs in as demo accounts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { ReliabilityOptions } from './types.ts';

export const DEMO_PASSWORD = 'onewindow-demo';

/** A small seeded generator (mulberry32): kill moments and traffic mixes repeat with the seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** One database (and data folder, where stored files and keys live) for a part's servers; `drop` removes both. */
export interface PartDb {
  env: Record<string, string>;
  dataDir: string;
  drop(): Promise<void>;
}

export async function partDb(opts: ReliabilityOptions, name: string): Promise<PartDb> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `ow-rel-${name}-`));
  const env: Record<string, string> = {
    ONEWINDOW_DATA_DIR: dataDir,
    // One key for every start and every process: what a restarted or second server decrypts with.
    ONEWINDOW_DATA_KEY: randomBytes(32).toString('base64'),
    DATABASE_URL: '',
    ONEWINDOW_PG_SCHEMA: '',
  };
  if (opts.db === 'sqlite') {
    return { env, dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const schema = `rel_${name}_${randomBytes(5).toString('hex')}`;
  env.DATABASE_URL = opts.pgUrl;
  env.ONEWINDOW_PG_SCHEMA = schema;
  return {
    env,
    dataDir,
    async drop() {
      const c = new pg.Client({ connectionString: opts.pgUrl });
      await c.connect();
      try {
        await c.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await c.end();
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function serverEnv(db: PartDb, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...db.env,
    ONEWINDOW_MODE: 'development',
    ONEWINDOW_WEB: 'off',
    ONEWINDOW_LOG_LEVEL: 'warn',
    ONEWINDOW_DEMO_ENTERPRISES: '20',
    ONEWINDOW_DEMO_PERSONS: '20',
    // The load is one client address: public rate limits would answer 429 and hide what is measured.
    ONEWINDOW_PUBLIC_RATE_LIMIT: '1000000',
    // What `npm start` and the package bin set (bin/malloc-arenas.js); the parts start src/cli/main.ts directly.
    MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
    ...extra,
  };
}

export interface Server {
  proc: ChildProcess;
  port: number;
  base: string;
  output(): string;
  /** kill -9: no shutdown hook runs. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
  /** The server process's resident set size in MB (from /proc), or null when unavailable. */
  rssMb(): number | null;
  /**
   * Its anonymous resident memory in MB (RssAnon: heap, native allocations), or null: RSS less the file pages mapped
   * in, which on SQLite include the database file itself (`mmap_size`) — page cache that grows with the data.
   */
  anonMb(): number | null;
  /**
   * With `traceGc`: the V8 heap left after each full (Mark-Compact) collection, in MB, with the time it was seen — the
   * live JavaScript data, which a leak makes grow while RSS alone also counts heap not yet collected.
   */
  majorGcs: Array<{ at: number; heapMb: number }>;
}

/**
 * Starts `onewindow start` (migrates and seeds the demo province on first start) and waits for /readyz. The limit is
 * generous, as test/support/server.ts's: it only stops a server that never comes up, and a shared machine is slow.
 */
/** A `kB` line of /proc/<pid>/status in MB, or null when unavailable. */
function statusMb(pid: number | undefined, field: string): number | null {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export async function startServer(
  db: PartDb,
  extra: Record<string, string> = {},
  timeoutMs = 300_000,
  opts: { traceGc?: boolean } = {},
): Promise<Server> {
  const port = await freePort();
  let output = '';
  const majorGcs: Server['majorGcs'] = [];
  const nodeArgs = opts.traceGc ? ['--trace-gc'] : [];
  const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/cli/main.ts', 'start'], {
    env: serverEnv(db, { PORT: String(port), HOST: '127.0.0.1', ...extra }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => (output = (output + d).slice(-20_000)));
  // --trace-gc prints e.g. "Mark-Compact 95.3 (120.1) -> 90.2 (118.0) MB, …" on stdout.
  let partial = '';
  if (opts.traceGc)
    proc.stdout!.on('data', (d: Buffer) => {
      const lines = (partial + d).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const m = /Mark-Compact.*?-> ([\d.]+) \(/.exec(line);
        if (m) majorGcs.push({ at: Date.now(), heapMb: Number(m[1]) });
      }
    });
  proc.stderr!.on('data', (d) => (output = (output + d).slice(-20_000)));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const gone = () => proc.exitCode !== null || proc.signalCode !== null;
  const s: Server = {
    proc,
    port,
    base: `http://127.0.0.1:${port}`,
    output: () => output,
    majorGcs,
    async kill9() {
      if (gone()) return;
      proc.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (gone()) return;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(t);
    },
    rssMb: () => statusMb(proc.pid, 'VmRSS'),
    anonMb: () => statusMb(proc.pid, 'RssAnon'),
  };
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (gone()) throw new Error(`server exited (${proc.exitCode ?? proc.signalCode}):\n${output}`);
    const ok = await fetch(`${s.base}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return s;
    await sleep(200);
  }
  await s.kill9();
  throw new Error(`server not ready after ${timeoutMs / 1000} s:\n${output}`);
}

/** Runs a `onewindow` command on the part's database; answers its exit code and output. */
export async function cli(db: PartDb, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    let out = '';
    const p = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      env: serverEnv(db, {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    p.stdout!.on('data', (d) => (out += d));
    p.stderr!.on('data', (d) => (out += d));
    p.on('exit', (code) => resolve({ code, out }));
  });
}

export interface Answer {
  status: number;
  body: any;
  ms: number;
}

/** Calls the API; a connection error (the server was killed) answers status 0. */
export async function call(
  base: string,
  method: string,
  p: string,
  o: { token?: string; body?: unknown; key?: string } = {},
): Promise<Answer> {
  const t0 = performance.now();
  try {
    const r = await fetch(base + p, {
      method,
      headers: {
        ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
        ...(o.key ? { 'idempotency-key': o.key } : {}),
      },
      body: o.body !== undefined ? JSON.stringify(o.body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
    const text = await r.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: r.status, body, ms: performance.now() - t0 };
  } catch {
    return { status: 0, body: null, ms: performance.now() - t0 };
  }
}

export async function login(base: string, username: string): Promise<string> {
  const r = await call(base, 'POST', '/api/v1/session', { body: { username, password: DEMO_PASSWORD } });
  if (r.status !== 201) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token as string;
}

/** The accounts the parts act as (demo accounts, one role each where it matters). */
export const ACCOUNTS = {
  admin: 'admin',
  citizen: 'citizen.demo',
  clerk: 'clerk.jinshui',
  reviewer: 'reviewer.zhengzhou',
  approver: 'approver.zhengzhou',
  lead: 'lead.zhengzhou',
  operator: 'hotline.zhengzhou',
  handler: 'staff.zhengzhou.zj',
} as const;
export type Who = keyof typeof ACCOUNTS;

export async function loginAll(base: string): Promise<Record<Who, string>> {
  const out = {} as Record<Who, string>;
  for (const [who, username] of Object.entries(ACCOUNTS)) out[who as Who] = await login(base, username);
  return out;
}
