// Runs the tests. Node 20's --test does not expand globs and starts files in name order, so the files are listed and
// started here, each in its own process.
//
//   node scripts/test.mjs            everything (`npm test`): the type-checks of server and web, the dependency rules
//                                    (.dependency-cruiser.cjs), lint (eslint.config.js) and the format check, run alongside every
//                                    *.test.ts under src/, test/ and web/test/, on SQLite and PostgreSQL, browser tests included
//                                    (the web UI is built first when stale)
//   node scripts/test.mjs --unit     the quick loop (`npm run test:unit`): the *.test.ts under src/ and web/test/ on SQLite only; no
//                                    type-check, no PostgreSQL, none of test/ (which starts servers, the CLI, the browser)
//   node scripts/test.mjs FILE…      the given files, on every dialect available
//
// Test files run ONEWINDOW_TEST_CONCURRENCY at a time (default 3: on two cores most of a test's time is spent
// waiting for PostgreSQL, a child process or the browser), longest first by the last run's times (.cache/; without
// them, those under test/ first and spread out). At the end it prints the slowest files by CPU time. The run's
// database templates (src/kernel/db/testing.ts) are shared by its test processes and removed at the end, with any
// database a failed test left behind.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function find(dir, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') find(p, out);
    } else if (e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/**
 * Runs `files` `n` at a time, in the order given. (node --test would sort them by name, which put the longest files,
 * the browser tests under test/, last.)
 */
async function pool(files, n, fn) {
  const results = [];
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      results[i] = await fn(files[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, files.length) }, worker));
  return results;
}

/**
 * One test file in its own process (node:test runs a file's tests when the file is run), its output printed in
 * one piece when it ends so that files running side by side do not interleave; test counts added up for the end.
 */
function runFile(file, env) {
  return new Promise((resolve) => {
    const args = ['--import', 'tsx', '--import', './scripts/test-usage.mjs', '--test-reporter=spec', file];
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code, signal) => {
      const status = code ?? (signal ? 1 : 0);
      for (const key of Object.keys(counts)) {
        const m = out.match(new RegExp(`^ℹ ${key} (\\d+)$`, 'm'));
        if (m) counts[key] += Number(m[1]);
      }
      if (status !== 0) failedFiles.push(file);
      process.stdout.write(`\n${status === 0 ? '▶' : '✖'} ${file}\n${out}`);
      resolve(status);
    });
  });
}

/** CPU time (ms) of the children this process has waited for so far: /proc/self/stat cutime + cstime (Linux). */
function childrenCpuMs() {
  try {
    const f = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(f[13]) + Number(f[14])) * 10;
  } catch {
    return 0;
  }
}

const jobUsage = []; // { label, wallMs, cpuMs } of the checks run beside the tests

function run(args, env = process.env, label = null) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, args, { stdio: 'inherit', env });
    child.on('exit', (code, signal) => {
      // The children reaped since the last reading: almost always just this one.
      const cpu = childrenCpuMs();
      if (label) jobUsage.push({ label, wallMs: Date.now() - started, cpuMs: cpu - lastChildrenCpu });
      lastChildrenCpu = cpu;
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}
let lastChildrenCpu = childrenCpuMs();

const args = process.argv.slice(2);
const unit = args[0] === '--unit';
const only = unit ? [] : args;
if (unit && args.length > 1) {
  console.error('usage: node scripts/test.mjs [--unit | FILE…]');
  process.exit(1);
}
if (unit && process.env.CI === 'true') {
  console.error('--unit leaves out PostgreSQL and the end-to-end tests; CI runs `npm test`');
  process.exit(1);
}

// The end-to-end files under test/ take longest, so they start first, but spread out (one, then two others) so that
// fewer of their servers, CLIs and browsers start at the same moment.
const spread = (slow, rest) =>
  slow.flatMap((f, i) => [f, ...rest.slice(2 * i, 2 * i + 2)]).concat(rest.slice(2 * slow.length));
const quick = [...find('src'), ...find('web/test')].sort();
// Longest first, by each file's time in the last run here (.cache/test-times.json, written at the end of a run): the
// run then ends with short files filling the gaps rather than one long file starting late. New files count as long.
const TIMES = '.cache/test-times.json';
const lastTimes = fs.existsSync(TIMES) ? JSON.parse(fs.readFileSync(TIMES, 'utf8')) : null;
const longestFirst = (list) => [...list].sort((a, b) => (lastTimes[b] ?? Infinity) - (lastTimes[a] ?? Infinity));
const everything = lastTimes ? longestFirst([...find('test'), ...quick]) : spread(find('test').sort(), quick);
const files = only.length ? only : unit ? quick : everything;
const concurrency = Number(process.env.ONEWINDOW_TEST_CONCURRENCY || 3);
const runId = `r${randomBytes(5).toString('hex')}`;
const env = { ...process.env, ONEWINDOW_TEST_RUN: runId, ...(unit ? { ONEWINDOW_TEST_DIALECTS: 'sqlite' } : {}) };

const t0 = Date.now();
const jobs = [];
const labels = [];
const check = (label, args, env) => {
  const job = run(args, env, label);
  jobs.push(job);
  labels.push(label);
  return job;
};
let webBuilt = Promise.resolve(0);
if (only.length === 0 && !unit) {
  // Each check keeps a cache under .cache/ (git-ignored, per checkout), so a run after a small change re-checks little:
  // tsc's incremental build info, eslint's and prettier's per-file results (by content), dependency-cruiser's graph.
  // A fresh checkout (CI) has none and checks everything.
  const tsc = 'node_modules/typescript/bin/tsc';
  const tscCache = (name) => ['--incremental', '--tsBuildInfoFile', `.cache/tsc-${name}.tsbuildinfo`];
  check('tsc (server)', [tsc, '--noEmit', '-p', 'tsconfig.json', ...tscCache('server')]);
  check('tsc (web)', [tsc, '--noEmit', '-p', 'web/tsconfig.json', ...tscCache('web')]);
  // Boundaries (docs/architecture.md), lint and format; `npm run depcruise`, `npm run lint`, `npm run format:check` run the same.
  const depcruise = 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs';
  const cruised = ['src', 'web', 'bench', 'scripts', 'test', 'bin'];
  check('dependency rules', [depcruise, '--output-type', 'err', '--cache', '.cache/depcruise', ...cruised]);
  check('eslint', [
    'node_modules/eslint/bin/eslint.js',
    '--cache',
    '--cache-location',
    '.cache/eslint',
    '--cache-strategy',
    'content',
    '.',
  ]);
  check('prettier', [
    'node_modules/prettier/bin/prettier.cjs',
    '--check',
    '--log-level',
    'warn',
    '--cache',
    '--cache-location',
    '.cache/prettier',
    '.',
  ]);
  // Build the web UI now if it is stale, so that the browser tests' servers, started side by side, find it built
  // instead of each building it into the same web/dist.
  const ensure =
    "const { ensureWebBuild } = await import('./src/server/web-build.ts'); await ensureWebBuild({ log: (m) => console.log(m) });";
  webBuilt = check('web build', ['--import', 'tsx', '--input-type=module', '-e', ensure]);
}
const usageFile = path.join(os.tmpdir(), `ow-test-usage-${runId}.jsonl`);
const counts = { tests: 0, pass: 0, fail: 0, cancelled: 0, skipped: 0, todo: 0 };
const failedFiles = [];
jobs.push(
  webBuilt
    .then(() => pool(files, concurrency, (f) => runFile(f, { ...env, ONEWINDOW_TEST_USAGE: usageFile })))
    .then((codes) => (codes.some((c) => c !== 0) ? 1 : 0))
    .finally(() => cleanUp(runId)),
);
labels.push('tests');
const codes = await Promise.all(jobs);
const failed = labels.filter((_, i) => codes[i] !== 0);
printUsage();
console.log(
  `\n${Object.entries(counts)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')}`,
);
if (failedFiles.length) console.log(`failing files:\n  ${failedFiles.join('\n  ')}`);
console.log(
  `\n${failed.length ? `FAILED: ${failed.join(', ')}` : 'all passed'} in ${((Date.now() - t0) / 1000).toFixed(0)} s (${files.length} files, ${concurrency} at a time)`,
);
process.exit(failed.length ? 1 : 0);

/**
 * Where the time went: the slowest test files by CPU (their own plus the servers, CLIs and browsers they waited for)
 * and the checks run beside them. CPU rather than wall time, because the machine is often shared.
 */
function printUsage() {
  const sec = (ms) => (ms / 1000).toFixed(1).padStart(6);
  const rows = fs.existsSync(usageFile)
    ? fs
        .readFileSync(usageFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
  fs.rmSync(usageFile, { force: true });
  if (!rows.length && !jobUsage.length) return;
  const times = { ...lastTimes };
  for (const r of rows) times[r.file] = r.wallMs;
  fs.mkdirSync(path.dirname(TIMES), { recursive: true });
  fs.writeFileSync(TIMES, JSON.stringify(times, null, 1));
  const cpu = (r) => r.selfMs + r.childrenMs;
  const total = rows.reduce((n, r) => n + cpu(r), 0);
  console.log(
    `\nCPU s   wall s  (own + children)  slowest test files of ${rows.length}, ${sec(total).trim()} s CPU in all`,
  );
  for (const r of [...rows].sort((a, b) => cpu(b) - cpu(a)).slice(0, 10))
    console.log(`${sec(cpu(r))}  ${sec(r.wallMs)}  (${sec(r.selfMs).trim()} + ${sec(r.childrenMs).trim()})  ${r.file}`);
  for (const j of jobUsage) console.log(`${sec(j.cpuMs)}  ${sec(j.wallMs)}  ${j.label}`);
}

/** Removes this run's SQLite templates and PostgreSQL databases (templates and any that a failed test left). */
async function cleanUp(run) {
  fs.rmSync(path.join(os.tmpdir(), `ow-templates-${run}`), { recursive: true, force: true });
  if (unit) return;
  const url =
    process.env.ONEWINDOW_TEST_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    const { rows } = await c.query(`select datname from pg_database where datname like $1`, [`ow\\_${run}\\_%`]);
    for (const { datname } of rows) {
      await c.query(`alter database "${datname}" with is_template false allow_connections true`);
      await c.query(`drop database if exists "${datname}" with (force)`);
    }
  } catch {
    // PostgreSQL unreachable: the tests said so already (and failed under CI=true).
  } finally {
    await c.end().catch(() => {});
  }
}
