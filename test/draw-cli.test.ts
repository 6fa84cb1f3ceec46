/** `onewindow draw verify`: a match exits 0, a changed file exits 3 naming the first difference, bad usage exits 1. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  commitmentOf,
  draw,
  drawRecord,
  freeze,
  populationTsv,
  recordDigest,
  seedOf,
  type PopulationLine,
  type Stratum,
} from '../src/modules/inspections/draw/engine.ts';

const exec = promisify(execFile);

async function onewindow(...args: string[]) {
  try {
    const r = await exec(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      env: { ...process.env, ONEWINDOW_MODE: 'test' },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

test('draw verify re-runs a published draw from its four files', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-draw-'));
  const population: PopulationLine[] = Array.from({ length: 400 }, (_, i) => ({
    stratum: 'ABCD'[i % 4] as Stratum,
    targetId: `91330100MA${String(i).padStart(8, '0')}`,
  }));
  const pools = ['SAMR', 'TAX'].flatMap((department) =>
    ['01', '02', '03', '04'].map((n) => ({ department, inspectorId: `${department.toLowerCase()}-${n}` })),
  );
  const recusals = [{ targetId: population[3].targetId, inspectorId: 'samr-02', reason: 'conflict:relative' }];
  const frozen = freeze({ population, pools, recusals, departments: ['SAMR', 'TAX'], m: 2 });
  const secrets = ['3'.repeat(64), 'c'.repeat(64)];
  const seed = seedOf(secrets);
  const ratios = { A: 300, B: 500, C: 3000, D: 7000 };
  const result = draw({ taskId: 'T-cli', frozen, ratios, seed, departments: ['SAMR', 'TAX'], m: 2, population });
  const record = drawRecord({
    taskId: 'T-cli',
    filters: { region: '330100' },
    frozen,
    commitments: secrets.map((s, i) => ({ participantId: `acct-${i}`, outside: i === 1, commitment: commitmentOf(s) })),
    reveals: secrets,
    seed,
    result,
    timestamps: { drawnAt: '2026-12-06T08:00:00.000Z' },
  });
  const file = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  const files = [
    file('RECORD.json', JSON.stringify(record, null, 2)),
    file('POPULATION.tsv', populationTsv(population)),
    file('POOLS.tsv', frozen.pools.tsv),
    file('RECUSALS.tsv', frozen.recusals.tsv),
  ];

  const ok = await onewindow('draw', 'verify', ...files);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, new RegExp(`^match: task T-cli, 400 targets frozen, ${result.selections.length} selected`));
  assert.ok(ok.stdout.includes(recordDigest(record)));

  const noRecusals = file('RECUSALS-changed.tsv', '');
  const changed = await onewindow('draw', 'verify', files[0], files[1], files[2], noRecusals, '--json');
  assert.equal(changed.code, 3);
  assert.deepEqual(JSON.parse(changed.stdout).ok, false);
  assert.match(JSON.parse(changed.stdout).firstDifference, /^recusals\.digest/);

  const usage = await onewindow('draw', 'verify', files[0]);
  assert.equal(usage.code, 1);
  assert.match(usage.stderr, /usage: onewindow draw verify RECORD\.json POPULATION\.tsv POOLS\.tsv RECUSALS\.tsv/);
  fs.rmSync(dir, { recursive: true, force: true });
});
