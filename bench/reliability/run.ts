/**
 * `npm run bench:reliability -- [--part NAME[,NAME]] [--db sqlite|postgres|both] [--reduced] [--seed N]`
 *
 * Issue 14's evidence in full: each part (bench/reliability/parts.ts) against each database, figures written as
 * `bench/results/<date>-<db>-reliability.json` and `.md`. Exits non-zero when any part reports a failure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DialectName } from '../../src/kernel/db/adapter.ts';
import { DEFAULT_PG_URL, RESULTS_DIR, pgReachable } from '../databases.ts';
import { machineInfo, machineLine } from '../report.ts';
import { PARTS } from './parts.ts';
import type { ReliabilityFigures } from './types.ts';

const { values } = parseArgs({
  options: {
    part: { type: 'string' },
    db: { type: 'string', default: 'both' },
    reduced: { type: 'boolean', default: false },
    seed: { type: 'string' },
    'pg-url': { type: 'string' },
  },
});

const pgUrl = values['pg-url'] ?? process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? DEFAULT_PG_URL;
const seed = values.seed ? Number(values.seed) : Date.now() % 2 ** 31;
const wanted = values.part ? values.part.split(',') : PARTS.map((p) => p.name);
const unknown = wanted.filter((w) => !PARTS.some((p) => p.name === w));
if (unknown.length) {
  console.error(`unknown part(s): ${unknown.join(', ')}; known: ${PARTS.map((p) => p.name).join(', ')}`);
  process.exit(2);
}
let dbs: DialectName[] = values.db === 'both' ? ['sqlite', 'postgres'] : [values.db as DialectName];
if (dbs.includes('postgres') && !(await pgReachable(pgUrl)).ok) {
  if (values.db === 'postgres' || process.env.CI === 'true') {
    console.error(`PostgreSQL not reachable at ${pgUrl}`);
    process.exit(2);
  }
  console.log(`PostgreSQL not reachable at ${pgUrl}: SQLite only`);
  dbs = dbs.filter((d) => d !== 'postgres');
}

const date = new Date().toISOString().slice(0, 10);
const machine = machineInfo();
let failed = 0;
for (const db of dbs) {
  const results: ReliabilityFigures[] = [];
  for (const part of PARTS.filter((p) => wanted.includes(p.name))) {
    const t0 = Date.now();
    console.log(`==> ${db} ${part.name}: ${part.description}`);
    let r: ReliabilityFigures;
    try {
      r = await part.run({ db, full: !values.reduced, seed, pgUrl });
    } catch (e) {
      r = { part: part.name, figures: {}, failures: 1, notes: [`crashed: ${(e as Error).stack ?? e}`] };
    }
    r.figures['seconds'] = Math.round((Date.now() - t0) / 100) / 10;
    results.push(r);
    failed += r.failures;
    console.log(`    ${r.failures === 0 ? 'ok' : `FAILED (${r.failures})`} ${JSON.stringify(r.figures)}`);
    for (const n of r.notes) console.log(`    ${n}`);
  }
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const base = path.join(RESULTS_DIR, `${date}-${db}-reliability${values.reduced ? '-reduced' : ''}`);
  fs.writeFileSync(
    `${base}.json`,
    JSON.stringify({ date, db, seed, full: !values.reduced, machine, results }, null, 2) + '\n',
  );
  const md = [
    `# Reliability (${db}, ${values.reduced ? 'reduced' : 'full'} run, seed ${seed}) — ${date}`,
    '',
    ...results.flatMap((r) => [
      `## ${r.part}: ${r.failures === 0 ? 'passed' : `**${r.failures} failure(s)**`}`,
      '',
      '| figure | value |',
      '|---|---:|',
      ...Object.entries(r.figures).map(([k, v]) => `| ${k} | ${v} |`),
      ...(r.notes.length ? ['', ...r.notes.map((n) => `- ${n}`)] : []),
      '',
    ]),
    `Machine: ${machineLine(machine)}`,
    '',
  ].join('\n');
  fs.writeFileSync(`${base}.md`, md);
  console.log(`wrote ${base}.md`);
}
process.exit(failed === 0 ? 0 : 1);
