/**
 * The browser's re-run of a draw (web/src/modules/inspections/rerun/draw-rerun.ts, written apart from the server's
 * engine) agrees with the engine on a larger random draw: a match for the engine's record and files, and a
 * difference once one selection is changed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  STRATA,
  commitmentOf,
  draw,
  drawRecord,
  freeze,
  poolsTsv,
  populationTsv,
  recordDigest,
  recusalsTsv,
  seedOf,
  type PopulationLine,
  type Stratum,
} from '../src/modules/inspections/draw/engine.ts';
import { rerunDraw, type PublishedRecord } from '../web/src/modules/inspections/rerun/draw-rerun.ts';

test('3,000 targets, 2 departments, recusals: the browser re-run matches the engine, and spots a changed selection', () => {
  let state = 20261206;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const population: PopulationLine[] = Array.from({ length: 3000 }, (_, i) => ({
    stratum: STRATA[Math.floor(random() * 4)] as Stratum,
    targetId: `T${String(i).padStart(5, '0')}`,
  }));
  const pools = ['SAMR', 'TAX'].flatMap((department) =>
    Array.from({ length: 6 }, (_, i) => ({ department, inspectorId: `${department.toLowerCase()}-${i}` })),
  );
  const recusals = Array.from({ length: 40 }, (_, i) => ({
    targetId: `T${String(i * 70).padStart(5, '0')}`,
    inspectorId: `samr-${i % 6}`,
    reason: 'conflict:relative',
  }));
  const departments = ['SAMR', 'TAX'];
  const secrets = ['1'.repeat(64), 'a'.repeat(64), '0f'.repeat(32)];
  const seed = seedOf(secrets);
  const frozen = freeze({ population, pools, recusals, departments, m: 2 });
  const ratios = { A: 300, B: 500, C: 3000, D: 7000 };
  const result = draw({ taskId: 'T-2026-77', frozen, ratios, seed, departments, m: 2, population });
  const record = drawRecord({
    taskId: 'T-2026-77',
    filters: { region: '410100' },
    frozen,
    commitments: secrets.map((s, i) => ({ participantId: `acct-${i}`, outside: i === 2, commitment: commitmentOf(s) })),
    reveals: secrets,
    seed,
    result,
    timestamps: { drawnAt: '2026-12-06T08:00:00.000Z' },
  });
  const bytes = (s: string) => new TextEncoder().encode(s);
  const files = {
    population: bytes(
      populationTsv(
        [...population].sort((a, b) => (`${a.stratum}\t${a.targetId}` < `${b.stratum}\t${b.targetId}` ? -1 : 1)),
      ),
    ),
    pools: bytes(poolsTsv(pools)),
    recusals: bytes(recusalsTsv(recusals)),
  };
  const json = JSON.parse(JSON.stringify(record)) as PublishedRecord; // as the public API hands it over
  const rerun = rerunDraw({ record: json, publishedDigest: recordDigest(record), ...files });
  assert.deepEqual(rerun, {
    ok: true,
    recordDigest: recordDigest(record),
    population: 3000,
    selected: result.selections.length,
  });
  assert.ok(result.selections.length > 300, `a realistic sample (${result.selections.length})`);

  const changed = JSON.parse(JSON.stringify(record)) as PublishedRecord;
  changed.selections[10].targetId = population.find(
    (p) => p.stratum === changed.selections[10].stratum && !record.selections.some((s) => s.targetId === p.targetId),
  )!.targetId;
  const found = rerunDraw({ record: changed, publishedDigest: recordDigest(record), ...files });
  assert.deepEqual(found, { ok: false, difference: { key: 'selection', params: { n: 11 } } });
});
