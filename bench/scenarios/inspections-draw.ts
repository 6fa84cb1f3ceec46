/**
 * Issue 13's draw benchmark: freeze + draw (docs/draw-spec.md) over the module's target directory
 * (`inspections_targets`, seeded with `scale` rows), beside the usual unverifiable approach on the same rows in the
 * same process — `SELECT … ORDER BY random() LIMIT k_s` for each credit class with the same k_s and the same filter.
 * Both read the database; the draw reads the population twice (freeze, then the second pass) through the module's
 * own reader (src/modules/inspections/population.ts: TSV text built by the database in byte order, keyset pages of
 * 5 000 lines, from the index alone). The draw runs several times, each run followed by the naive queries, and both
 * sides report medians, so the ratio compares figures taken in the same minutes on a shared machine.
 * Peak RSS: the process's high-water mark (`maxRSS`) after the first draw, before any naive query (which holds k
 * rows as objects) — the figure to read, since on SQLite a whole
 * pass runs without giving timers a turn (better-sqlite3 answers synchronously, so every await resolves as a
 * microtask) and a 25 ms sampler sees only the moments between phases; the sampler still splits what it sees into
 * anonymous and file-backed memory. Run with `--scale 100000`, `1000000` or `10000000`.
 */
import { readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import type { BenchContext, Measurement, Scenario } from '../harness.ts';
import {
  commitmentOf,
  drawAsync,
  drawRecord,
  freezeAsync,
  recordDigest,
  seedOf,
  STRATA,
  type Stratum,
} from '../../src/modules/inspections/draw/engine.ts';
import { populationPages, scoped, type PopulationScope } from '../../src/modules/inspections/population.ts';

/** The default ratios of issue 13 (basis points). With the class mix below they sample about 8 % of targets. */
const RATIOS: Record<Stratum, number> = { A: 300, B: 500, C: 3000, D: 7000 };
const DEPARTMENTS = ['SAMR', 'TAX'];
/** Every seeded target lies in 郑州市金水区; the task's filter is the city (a region prefix, as a real task's). */
const SCOPE: PopulationScope = { filter: { region: '410100' }, at: '2026-12-01T00:00:00.000Z' };

/** Target i's USCC-like id: a bijection of 1 … 2^31−2 (multiplication modulo a prime), so ids are not in insertion order. */
const targetId = (i: number) => `91${String((i * 48271) % 2147483647).padStart(16, '0')}`;

/** Class mix: A 30 %, B 60 % (half of them without a class, drawn as B), C 7 %, D 3 % (by (i × 7919) mod 100). */
const CLASS_SQL = `case when (i * 7919) % 100 < 30 then 'A' when (i * 7919) % 100 < 60 then 'B' when (i * 7919) % 100 < 90 then null when (i * 7919) % 100 < 97 then 'C' else 'D' end`;

/** The directory's secondary indexes (as the migrations made them), so seeding can drop and rebuild them. */
async function secondaryIndexes(ctx: BenchContext): Promise<Array<{ name: string; sql: string }>> {
  const db = ctx.k.db as Kysely<any>;
  if (ctx.dialect === 'postgres')
    return (
      await sql<{
        name: string;
        sql: string;
      }>`select indexname as name, indexdef as sql from pg_indexes where schemaname = current_schema() and tablename = 'inspections_targets' and indexname not like '%pkey'`.execute(
        db,
      )
    ).rows;
  return (
    await sql<{
      name: string;
      sql: string;
    }>`select name, sql from sqlite_master where type = 'index' and tbl_name = 'inspections_targets' and sql is not null`.execute(
      db,
    )
  ).rows;
}

/**
 * Fills the module's own target directory (`inspections_targets`, every column) in one INSERT … SELECT over a
 * generated series, with its secondary indexes dropped first and rebuilt after (a sorted build instead of 10M random
 * B-tree inserts).
 */
async function seed(ctx: BenchContext, scale: number): Promise<void> {
  const db = ctx.k.db as Kysely<any>;
  const pg = ctx.dialect === 'postgres';
  const indexes = await secondaryIndexes(ctx);
  for (const ix of indexes) await sql.raw(`drop index ${ix.name}`).execute(db);
  const t0 = performance.now();
  const columns =
    'row_id, uscc, enterprise_id, name, region, industry, address, subject_type, credit_class, stratum, key_supervision, licences, valid_from, valid_to';
  const values = (fmt: (width: number, expr: string) => string, cls: string) =>
    `${fmt(10, 'i')}, '91' || ${fmt(16, `(i * 48271) % 2147483647`)}, 'e' || ${fmt(10, 'i')}, 'T' || i, '410105', 'C13', 'A' || i, 'company', ${cls}, coalesce(${cls}, 'B'), ${pg ? 'false' : '0'}, '[]', '2026-01-01T00:00:00.000Z', null`;
  if (pg)
    await sql
      .raw(
        `insert into inspections_targets (${columns}) select ${values((w, e) => `lpad((${e})::text, ${w}, '0')`, 'c')}
         from (select i, ${CLASS_SQL} as c from generate_series(1::bigint, ${scale}::bigint) as g(i)) s`,
      )
      .execute(db);
  else
    await sql
      .raw(
        `with recursive g(i) as (select 1 union all select i + 1 from g where i < ${scale})
         insert into inspections_targets (${columns}) select ${values((w, e) => `printf('%0${w}d', ${e})`, 'c')}
         from (select i, ${CLASS_SQL} as c from g)`,
      )
      .execute(db);
  const inserted = (performance.now() - t0) / 1000;
  for (const ix of indexes) await sql.raw(ix.sql).execute(db);
  // VACUUM, not only ANALYZE: it sets the visibility map, as autovacuum does for a directory loaded long before its
  // draws; without it every index entry the draw reads costs a heap page visit too.
  if (pg) await sql.raw(`vacuum (analyze) inspections_targets`).execute(db);
  else await sql.raw(`analyze`).execute(db);
  ctx.seedInfo.targets = { rows: scale, insertSeconds: inserted, seconds: (performance.now() - t0) / 1000 };
}

/** RSS split as Linux counts it: anonymous (heap, buffers) and file-backed (SQLite's memory-mapped database file). */
function rssParts(): { anon: number; file: number } {
  try {
    const status = readFileSync('/proc/self/status', 'latin1');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { anon: kb('RssAnon') / 1024, file: kb('RssFile') / 1024 };
  } catch {
    return { anon: NaN, file: NaN };
  }
}

/**
 * Samples RSS every 25 ms while `fn` runs (the draw yields between pages, so samples land throughout; a long
 * synchronous step is caught by the process's own high-water mark, `maxRSS`, read by the caller).
 */
async function withPeakRss<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; peakMb: number; anonMb: number; fileMb: number; ms: number }> {
  let peak = process.memoryUsage.rss();
  let anon = 0;
  let file = 0;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage.rss());
    const parts = rssParts();
    anon = Math.max(anon, parts.anon);
    file = Math.max(file, parts.file);
  };
  const timer = setInterval(sample, 25);
  const t0 = performance.now();
  try {
    const value = await fn();
    sample();
    return { value, peakMb: peak / 2 ** 20, anonMb: anon, fileMb: file, ms: performance.now() - t0 };
  } finally {
    clearInterval(timer);
  }
}

/** One small in-memory draw first, so the measured one runs on warm (JIT-compiled) code, as a long-lived server would. */
async function warmUp(): Promise<void> {
  const population = Array.from({ length: 20_000 }, (_, i) => ({ stratum: STRATA[i % 4], targetId: targetId(i + 1) }));
  const pools = DEPARTMENTS.flatMap((department) =>
    ['w1', 'w2', 'w3'].map((inspectorId) => ({ department, inspectorId })),
  );
  const frozen = await freezeAsync({ population, pools, recusals: [], departments: DEPARTMENTS, m: 2 });
  const seed = seedOf(['1'.repeat(64), '2'.repeat(64)]);
  await drawAsync({ taskId: 'warm-up', frozen, ratios: RATIOS, seed, departments: DEPARTMENTS, m: 2, population });
}

async function run(ctx: BenchContext, scale: number): Promise<Measurement[]> {
  const pools = DEPARTMENTS.flatMap((department) =>
    Array.from({ length: 60 }, (_, i) => ({ department, inspectorId: `${department.toLowerCase()}-${i}` })),
  );
  const recusals = Array.from({ length: Math.min(1000, scale) }, (_, j) => ({
    targetId: targetId(1 + ((j * 7717) % scale)),
    inspectorId: `samr-${j % 60}`,
    reason: 'conflict:relative',
  }));
  const secrets = ['5'.repeat(64), 'a'.repeat(64)];
  const taskId = 'bench-task-1';

  await warmUp();
  const rssBefore = process.memoryUsage.rss() / 2 ** 20;
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  /** One freeze + draw + record, timed by phase: wall time and this process's CPU time. */
  const once = async () => {
    const t0 = performance.now();
    const c0 = cpuMs();
    const frozen = await freezeAsync({
      population: populationPages(ctx.k, ctx.k.db, SCOPE),
      pools,
      recusals,
      departments: DEPARTMENTS,
      m: 2,
    });
    const freezeMs = performance.now() - t0;
    const freezeCpu = cpuMs() - c0;
    const seed = seedOf(secrets);
    const t1 = performance.now();
    const c1 = cpuMs();
    const result = await drawAsync({
      taskId,
      frozen,
      ratios: RATIOS,
      seed,
      departments: DEPARTMENTS,
      m: 2,
      population: populationPages(ctx.k, ctx.k.db, SCOPE),
    });
    const drawMs = performance.now() - t1;
    const drawCpu = cpuMs() - c1;
    const t2 = performance.now();
    const record = drawRecord({
      taskId,
      filters: {},
      frozen,
      commitments: secrets.map((s, i) => ({ participantId: `p${i}`, outside: i === 1, commitment: commitmentOf(s) })),
      reveals: secrets,
      seed,
      result,
      timestamps: {},
    });
    const digest = recordDigest(record);
    // Keep figures only: a run's selections and record are garbage once digested (as after a real draw's commit).
    return {
      counts: Object.fromEntries(STRATA.map((s) => [s, frozen.strata[s].count])) as Record<Stratum, number>,
      ks: Object.fromEntries(STRATA.map((s) => [s, result.strata[s].k])) as Record<Stratum, number>,
      selected: result.selections.length,
      freezeMs,
      drawMs,
      freezeCpu,
      drawCpu,
      recordMs: performance.now() - t2,
      digest,
    };
  };
  /** The naive queries once: ORDER BY random() LIMIT k_s per class, with the draw's k_s and filter. */
  const naiveOnce = async (ks: Record<Stratum, number>) => {
    const c0 = cpuMs();
    const run = { ms: 0, cpu: 0, rows: 0, perClass: [] as string[] };
    for (const s of STRATA) {
      const t0 = performance.now();
      const rows = await scoped(ctx.k, ctx.k.db, SCOPE)
        .select('uscc')
        .where('stratum', '=', s)
        .orderBy(sql`random()`)
        .limit(ks[s])
        .execute();
      const ms = performance.now() - t0;
      run.ms += ms;
      run.rows += rows.length;
      run.perClass.push(`${s}: k ${ks[s].toLocaleString('en-US')} in ${ms.toFixed(0)} ms`);
    }
    run.cpu = cpuMs() - c0;
    if (run.rows !== ks.A + ks.B + ks.C + ks.D)
      throw new Error('the naive queries returned a different number of targets');
    return run;
  };
  // Several runs (the machine is shared: medians), each draw followed by the naive queries, so both sides of the
  // ratio are sampled in the same minutes; every run must seal the same record.
  const runs = ctx.smoke ? 1 : scale >= 5_000_000 ? 2 : 5;
  const all: Awaited<ReturnType<typeof once>>[] = [];
  const naiveRuns: Awaited<ReturnType<typeof naiveOnce>>[] = [];
  let maxRssMb = 0; // the process's high-water mark after the first draw, before any naive query ran
  const ours = await withPeakRss(async () => {
    for (let i = 0; i < runs; i++) {
      all.push(await once());
      if (i === 0) maxRssMb = process.resourceUsage().maxRSS / 1024;
      naiveRuns.push(await naiveOnce(all[i].ks));
    }
    return all[all.length - 1];
  });
  const maxRssAllMb = process.resourceUsage().maxRSS / 1024;
  if (new Set(all.map((r) => r.digest)).size !== 1)
    throw new Error('two runs of the same draw sealed different records');
  const median = <T>(list: T[], f: (r: T) => number) => {
    const v = list.map(f).sort((a, b) => a - b);
    return v[Math.floor((v.length - 1) / 2)];
  };
  const { counts, selected } = ours.value;
  const naive = {
    ms: median(naiveRuns, (r) => r.ms),
    cpu: median(naiveRuns, (r) => r.cpu),
    perClass: naiveRuns[naiveRuns.length - 1].perClass,
  };

  const total = median(all, (r) => r.freezeMs + r.drawMs);
  const totalCpu = median(all, (r) => r.freezeCpu + r.drawCpu);
  const recordMs = median(all, (r) => r.recordMs);
  ctx.note(
    `${scale.toLocaleString('en-US')} targets, ${selected.toLocaleString('en-US')} selected ` +
      `(${((100 * selected) / Math.max(1, scale)).toFixed(1)} %), ${DEPARTMENTS.length} departments × m = 2 inspectors each; ` +
      `median of ${runs} runs: freeze ${median(all, (r) => r.freezeMs).toFixed(0)} ms (CPU ${median(all, (r) => r.freezeCpu).toFixed(0)} ms), ` +
      `draw (second pass + inspectors) ${median(all, (r) => r.drawMs).toFixed(0)} ms (CPU ${median(all, (r) => r.drawCpu).toFixed(0)} ms), ` +
      `freeze + draw CPU ${totalCpu.toFixed(0)} ms (this process${ctx.dialect === 'postgres' ? '; the PostgreSQL server’s work is not in it' : ''}), ` +
      `record + digest ${recordMs.toFixed(0)} ms; every run: ${all.map((r) => (r.freezeMs + r.drawMs).toFixed(0)).join(', ')} ms; ` +
      `peak RSS (process maxRSS after the first draw, before any naive query; seeding included when seeded in this run) ${maxRssMb.toFixed(0)} MB ` +
      `(${maxRssAllMb.toFixed(0)} MB after every run and naive query), ${rssBefore.toFixed(0)} MB before the draws; sampled between phases ${ours.peakMb.toFixed(0)} MB ` +
      `(anonymous ${ours.anonMb.toFixed(0)} MB, file-backed ${ours.fileMb.toFixed(0)} MB: the database file memory-mapped by SQLite).`,
  );
  ctx.note(
    `Naive ORDER BY random() LIMIT k per class, after each draw run: median ${naive.ms.toFixed(0)} ms (CPU of this process ${naive.cpu.toFixed(0)} ms); every run: ${naiveRuns.map((r) => r.ms.toFixed(0)).join(', ')} ms; the last: ${naive.perClass.join('; ')} (of ${STRATA.map((s) => counts[s].toLocaleString('en-US')).join(' / ')} targets).`,
  );
  const measurements: Measurement[] = [
    {
      name: 'freeze + draw (both passes, inspectors)',
      unit: 'ms',
      value: total,
      baseline: { name: 'ORDER BY random() LIMIT k, 4 classes', value: naive.ms },
      lowerIsBetter: true,
    },
    {
      name: 'freeze + draw + record digest',
      unit: 'ms',
      value: total + recordMs,
      baseline: { name: 'ORDER BY random() LIMIT k, 4 classes', value: naive.ms },
      lowerIsBetter: true,
    },
  ];
  // On SQLite the database works in this process, so CPU time compares both sides whatever the machine's load.
  if (ctx.dialect === 'sqlite')
    measurements.push({
      name: 'freeze + draw, CPU time of the process',
      unit: 'ms',
      value: totalCpu,
      baseline: { name: 'ORDER BY random() LIMIT k, 4 classes, CPU time', value: naive.cpu },
      lowerIsBetter: true,
    });
  return measurements;
}

export const inspectionsDraw: Scenario = {
  name: 'inspections-draw',
  description:
    'Verifiable draw (docs/draw-spec.md): freeze + draw over a directory of `scale` targets (classes A 30 %, B 60 %, C 7 %, D 3 %; default ratios; ' +
    '2 departments × 60 inspectors, m = 2, 1000 recusals), versus SELECT … ORDER BY random() LIMIT k per class on the same table.',
  defaultScale: 1_000_000,
  smokeScale: 2000,
  seed,
  run,
};
