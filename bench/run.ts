/**
 * `npm run bench -- [--scenario NAME[,NAME]] [--scale N] [--db sqlite|postgres|both] [--smoke] [--fresh] …`
 *
 * Runs scenarios over cached seeded databases, prints a markdown summary (each figure beside its baseline and the
 * ratio) and writes `bench/results/<date>-<db>-<scenario>.json` and `.md`. Exits non-zero when any scenario fails.
 */
import { parseArgs } from 'node:util';
import { createHash, createPrivateKey } from 'node:crypto';
import type { DialectName } from '../src/kernel/db/adapter.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { createKernel } from '../src/server/boot.ts';
import { buildApp } from '../src/server/app.ts';
import type { App } from '../src/kernel/http.ts';
import { MODULES, allMigrations } from '../src/modules/index.ts';
import { DEMO_PASSWORD } from '../src/modules/registry/demo.ts';
import type { BenchContext, BenchKernel, Scenario } from './harness.ts';
import {
  CACHE_DIR,
  DEFAULT_PG_URL,
  openScenarioDb,
  pgReachable,
  pgSchemaName,
  sqliteCacheFile,
  type ScenarioDb,
} from './databases.ts';
import { machineInfo, machineLine, scenarioMarkdown, withRatios, writeResult, type ScenarioResult } from './report.ts';
import { SCENARIOS } from './scenarios/index.ts';

const USAGE = `npm run bench -- [options]

  --scenario NAME[,NAME]   scenarios to run (default: all): ${SCENARIOS.map((s) => s.name).join(', ')}
  --scale N                rows (or the scenario's unit) to seed; default: each scenario's defaultScale (smokeScale with --smoke)
  --db sqlite|postgres|both
                           default sqlite; with --smoke: sqlite, plus postgres when reachable (required when CI=true)
  --smoke                  every scenario at its smoke scale, ~0.5 s per figure (CI)
  --fresh                  drop the cached database(s) and seed again
  --duration SEC           seconds per load figure (default 10; 0.5 with --smoke)
  --connections N          concurrent HTTP connections / DB loops (default 10)
  --pairs N                a ratio is the median of N alternated pairs, real and baseline (default 3; 1 with --smoke)
  --log-level LEVEL        log level of the app and of the bare baseline (default warn)
  --pg-url URL             PostgreSQL (default $BENCH_DATABASE_URL, $DATABASE_URL or ${DEFAULT_PG_URL})
  --list                   list scenarios and exit`;

/**
 * The personal-data key of every bench database: fixed, so encrypted rows of a cached database stay readable across
 * runs. Not a secret — it protects synthetic data only.
 */
export const BENCH_DATA_KEY = createHash('sha256')
  .update('onewindow bench personal-data key (synthetic data only)')
  .digest('base64');

/**
 * The platform's Ed25519 signing key (audit checkpoints), required in production mode: fixed for the same reason,
 * derived from a public string (PKCS#8 DER prefix for Ed25519 + a 32-byte seed).
 */
export const BENCH_PLATFORM_KEY = createPrivateKey({
  key: Buffer.concat([
    Buffer.from('302e020100300506032b657004220420', 'hex'),
    createHash('sha256').update('onewindow bench platform key (synthetic data only)').digest(),
  ]),
  format: 'der',
  type: 'pkcs8',
})
  .export({ format: 'pem', type: 'pkcs8' })
  .toString();

interface Settings {
  smoke: boolean;
  fresh: boolean;
  scale: number | null;
  durationSec: number;
  warmupSec: number;
  connections: number;
  pairs: number;
  logLevel: string;
  pgUrl: string;
}

const log = (s: string) => process.stderr.write(s + '\n');

function localDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

function positive(v: string | undefined, name: string, fallback: number, allowFraction = false): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!(n > 0) || (!allowFraction && !Number.isInteger(n)))
    throw new Error(`--${name} must be a positive ${allowFraction ? 'number' : 'integer'}`);
  return n;
}

async function runScenario(s: Scenario, dialect: DialectName, st: Settings): Promise<ScenarioResult> {
  const startedAt = new Date();
  const t0 = performance.now();
  const scale = st.scale ?? (st.smoke ? s.smokeScale : s.defaultScale);
  const result: ScenarioResult = {
    scenario: s.name,
    description: s.description,
    db: dialect,
    scale,
    smoke: st.smoke,
    date: localDate(startedAt),
    startedAt: startedAt.toISOString(),
    wallSeconds: 0,
    settings: {
      durationSec: st.durationSec,
      warmupSec: st.warmupSec,
      connections: st.connections,
      pairs: st.pairs,
      logLevel: st.logLevel,
    },
    seed: { cached: false, location: '', seconds: null, completedAt: null, info: {} },
    machine: machineInfo(),
    measurements: [],
    notes: [],
    error: null,
  };
  let sdb: ScenarioDb | null = null;
  let k: BenchKernel | null = null;
  let app: App | null = null;
  const tokens = new Map<string, string>();
  try {
    log(`▶ ${s.name} on ${dialect}, scale ${scale.toLocaleString('en-US')}`);
    sdb = await openScenarioDb({
      dialect,
      scenario: s.name,
      scale,
      fresh: st.fresh,
      pgUrl: st.pgUrl,
      migrations: allMigrations(MODULES).map((m) => m.name),
    });
    if (sdb.staleReason) log(`  cached database is stale: ${sdb.staleReason}; seeding again`);
    result.seed.location = sdb.location;
    const config = loadConfig({
      ONEWINDOW_MODE: 'production',
      ONEWINDOW_DATA_DIR: CACHE_DIR,
      ONEWINDOW_DATA_KEY: BENCH_DATA_KEY,
      ONEWINDOW_PLATFORM_KEY: BENCH_PLATFORM_KEY,
      ONEWINDOW_LOG_LEVEL: st.logLevel,
      // The per-IP limit would turn the load test into a 429 test; the plugin still runs on every request.
      ONEWINDOW_PUBLIC_RATE_LIMIT: '1000000000',
      ONEWINDOW_WEB: 'off',
      ...(dialect === 'postgres' ? { DATABASE_URL: st.pgUrl, ONEWINDOW_PG_SCHEMA: pgSchemaName(s.name, scale) } : {}),
    });
    const kernel = await createKernel({ config, db: sdb.db });
    k = kernel;
    const ctx: BenchContext = {
      dialect,
      k: kernel,
      smoke: st.smoke,
      durationSec: st.durationSec,
      warmupSec: st.warmupSec,
      connections: st.connections,
      pairs: st.pairs,
      logLevel: st.logLevel,
      seededNow: !sdb.cached,
      seedInfo: { ...sdb.info },
      rawTarget:
        dialect === 'sqlite'
          ? { dialect, sqliteFile: sqliteCacheFile(s.name, scale) }
          : { dialect, pgUrl: st.pgUrl, pgSchema: pgSchemaName(s.name, scale) },
      async app() {
        app ??= await buildApp(kernel, MODULES, { webDist: null });
        return app;
      },
      async staffToken(username = 'admin', password = DEMO_PASSWORD) {
        const known = tokens.get(username);
        if (known) return known;
        const a = await ctx.app();
        const res = await a.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password } });
        if (res.statusCode !== 201)
          throw new Error(
            `login as ${username} failed (${res.statusCode}): ${res.body} — does the scenario's seed create the account?`,
          );
        const token = (res.json() as { token: string }).token;
        tokens.set(username, token);
        return token;
      },
      note: (text) => result.notes.push(text),
      log: (text) => log(text),
    };

    if (sdb.cached) {
      log(`  reusing cached database (${sdb.location}, seeded ${sdb.completedAt}); --fresh reseeds`);
      result.seed = {
        cached: true,
        location: sdb.location,
        seconds: Number(sdb.info.seedSeconds ?? NaN),
        completedAt: sdb.completedAt,
        info: sdb.info,
      };
    } else {
      log(`  seeding ${sdb.location} …`);
      const ts = performance.now();
      await s.seed(ctx, scale);
      const seconds = (performance.now() - ts) / 1000;
      ctx.seedInfo.seedSeconds = seconds;
      ctx.seedInfo.seededAt = new Date().toISOString();
      await sdb.markComplete(ctx.seedInfo);
      log(`  seeded in ${seconds.toFixed(1)} s`);
      result.seed = {
        cached: false,
        location: sdb.location,
        seconds,
        completedAt: String(ctx.seedInfo.seededAt),
        info: ctx.seedInfo,
      };
    }

    log('  measuring …');
    result.measurements = withRatios(await s.run(ctx, scale));
  } catch (e) {
    const err = e as Error;
    result.error = err.message;
    log(`✖ ${s.name} on ${dialect} failed: ${err.stack ?? err.message}`);
  } finally {
    try {
      if (app) await (app as App).close();
      if (k) await k.close();
      else if (sdb) await sdb.db.close();
    } catch (e) {
      log(`  (closing failed: ${(e as Error).message})`);
    }
  }
  result.wallSeconds = (performance.now() - t0) / 1000;
  return result;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenario: { type: 'string' },
      scale: { type: 'string' },
      db: { type: 'string' },
      smoke: { type: 'boolean', default: false },
      fresh: { type: 'boolean', default: false },
      duration: { type: 'string' },
      connections: { type: 'string' },
      pairs: { type: 'string' },
      'log-level': { type: 'string' },
      'pg-url': { type: 'string' },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.list) {
    for (const s of SCENARIOS)
      console.log(`${s.name.padEnd(22)} default ${s.defaultScale}, smoke ${s.smokeScale} — ${s.description}`);
    return 0;
  }

  const smoke = values.smoke;
  const durationSec = positive(values.duration, 'duration', smoke ? 0.5 : 10, true);
  const st: Settings = {
    smoke,
    fresh: values.fresh,
    scale: values.scale === undefined ? null : positive(values.scale.replace(/_/g, ''), 'scale', 0),
    durationSec,
    warmupSec: smoke ? 0.25 : Math.min(2, durationSec / 4),
    connections: positive(values.connections, 'connections', 10),
    pairs: positive(values.pairs, 'pairs', smoke ? 1 : 3),
    logLevel: values['log-level'] ?? 'warn',
    pgUrl: values['pg-url'] ?? process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? DEFAULT_PG_URL,
  };

  let scenarios = SCENARIOS;
  if (values.scenario) {
    const names = values.scenario
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    const unknown = names.filter((n) => !SCENARIOS.some((s) => s.name === n));
    if (unknown.length)
      throw new Error(`unknown scenario(s): ${unknown.join(', ')} (have: ${SCENARIOS.map((s) => s.name).join(', ')})`);
    scenarios = names.map((n) => SCENARIOS.find((s) => s.name === n)!);
  }

  const ci = process.env.CI === 'true' || process.env.CI === '1';
  let dbs: DialectName[];
  const pgNote: string[] = [];
  if (values.db) {
    if (!['sqlite', 'postgres', 'both'].includes(values.db)) throw new Error('--db must be sqlite, postgres or both');
    dbs = values.db === 'both' ? ['sqlite', 'postgres'] : [values.db as DialectName];
    if (dbs.includes('postgres')) {
      const r = await pgReachable(st.pgUrl);
      if (!r.ok) throw new Error(`PostgreSQL is not reachable at ${new URL(st.pgUrl).host}: ${r.error}`);
    }
  } else if (smoke) {
    dbs = ['sqlite'];
    const r = await pgReachable(st.pgUrl);
    if (r.ok) dbs.push('postgres');
    else if (ci)
      throw new Error(
        `CI=true: PostgreSQL must be reachable for the smoke run (${new URL(st.pgUrl).host}): ${r.error}`,
      );
    else pgNote.push(`PostgreSQL not reachable at ${new URL(st.pgUrl).host} (${r.error}); smoke ran on SQLite only.`);
  } else dbs = ['sqlite'];

  const t0 = performance.now();
  const results: ScenarioResult[] = [];
  for (const dialect of dbs) {
    for (const s of scenarios) {
      const r = await runScenario(s, dialect, st);
      const file = writeResult(r);
      log(`  → ${file}`);
      results.push(r);
    }
  }
  const wall = (performance.now() - t0) / 1000;

  const failed = results.filter((r) => r.error);
  const out: string[] = [];
  out.push(`## OneWindow benchmarks${smoke ? ' (smoke)' : ''} — ${localDate(new Date())}`);
  out.push('');
  out.push(`Machine: ${machineLine(machineInfo())}`);
  out.push('');
  out.push(
    'Ratio = value ÷ baseline, both measured in this run the same way; compare ratios across runs, not absolute figures.',
  );
  out.push('');
  for (const n of pgNote) out.push(`> ${n}\n`);
  for (const r of results) out.push(scenarioMarkdown(r));
  out.push(
    `Total wall time ${wall.toFixed(1)} s · ${results.length - failed.length}/${results.length} scenario runs succeeded.`,
  );
  console.log(out.join('\n'));
  if (failed.length) {
    log(`✖ failed: ${failed.map((r) => `${r.scenario} (${r.db})`).join(', ')}`);
    return 1;
  }
  return 0;
}

// Exit explicitly (a stray keep-alive socket or timer must not hang CI), once stdout has been flushed.
const exit = (code: number) => process.stdout.write('', () => process.exit(code));
main(process.argv.slice(2)).then(exit, (e: Error) => {
  log(`bench: ${e.message}\n\n${USAGE}`);
  exit(2);
});
