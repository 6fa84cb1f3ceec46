/**
 * The draw engine against docs/draw-spec.md: sample sizes, uniform indices (rejection, duplicates, n = 0, k ≥ n), m and
 * POOL_TOO_SMALL, the ceremony, the worked example of the spec, streaming, verification of changed files and records,
 * and an independent re-implementation of the specification (below, importing nothing of the engine) that must agree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import {
  DrawError,
  checkReveals,
  commitmentOf,
  draw,
  drawAsync,
  drawRecord,
  freeze,
  freezeAsync,
  populationTsv,
  recordDigest,
  sampleSize,
  seedOf,
  uniformIndices,
  verifyDraw,
  verifyDrawAsync,
  type DrawRecord,
  type Frozen,
  type PopulationLine,
  type PoolLine,
  type RecusalLine,
  type Selection,
  type Stratum,
} from './engine.ts';
import { candidate, reduceCandidate, rejectionRemainder, sha256Hex } from './indices.ts';
import { canonicalJson } from '../../../kernel/audit.ts';
import { SeededHasher, seededSha256 } from './sha256-seeded.ts';

// ---------------------------------------------------------------------------------------------------------------
// The independent re-implementation: the spec's steps 4–6 over the three frozen files, in plain BigInt arithmetic.
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest();
function refIndices(seed: string, label: string, n: number, k: number, log?: string[]): number[] {
  if (k >= n) return [...Array(n).keys()];
  const limit = 2n ** 64n - (2n ** 64n % BigInt(n));
  const out: number[] = [];
  for (let i = 0; out.length < k; i++) {
    const x = sha(`${seed}|${label}|${i}`).readBigUInt64BE(0);
    const j = Number(x % BigInt(n));
    const what = x >= limit ? 'rejected' : out.includes(j) ? 'duplicate' : (out.push(j), 'accepted');
    log?.push(what);
  }
  return out;
}
function refDraw(
  pop: string,
  pools: string,
  recusals: string,
  task: string,
  ratios: Record<string, number>,
  seed: string,
  depts: string[],
  m: number,
) {
  const rows = (tsv: string) =>
    tsv
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t'));
  const recused = new Set(rows(recusals).map(([t, i]) => `${t}\t${i}`));
  const [popRows, poolRows] = [rows(pop), rows(pools)];
  const out: { stratum: string; targetId: string; inspectors: Record<string, string[]> }[] = [];
  for (const s of ['A', 'B', 'C', 'D']) {
    const lines = popRows.filter(([st]) => st === s);
    const k = Math.floor((lines.length * ratios[s] + 9999) / 10000);
    for (const j of refIndices(seed, `${task}|target|${s}`, lines.length, k)) {
      const t = lines[j][1];
      const inspectors: Record<string, string[]> = {};
      for (const d of [...depts].sort()) {
        const pool = poolRows.filter(([pd, pi]) => pd === d && !recused.has(`${t}\t${pi}`)).map(([, pi]) => pi);
        inspectors[d] = refIndices(seed, `${task}|inspector|${d}|${t}`, pool.length, m).map((x) => pool[x]);
      }
      out.push({ stratum: s, targetId: t, inspectors });
    }
  }
  return out;
}
// ---------------------------------------------------------------------------------------------------------------

/** A small seeded generator (mulberry32), so a failure can be produced again. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SECRETS = [
  '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff',
  'fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210',
];
const RATIOS: Record<Stratum, number> = { A: 300, B: 5000, C: 10000, D: 7000 };

/** The worked example of docs/draw-spec.md section 5. */
function example() {
  const population: PopulationLine[] = [
    ['B', 'C4'],
    ['A', 'C5'],
    ['B', 'C6'],
    ['C', 'C7'],
    ['A', 'C8'],
    ['B', 'C9'],
    ['C', 'D0'],
    ['B', 'D1'],
    ['A', 'D2'],
    ['B', 'D3'],
  ].map(([stratum, t]) => ({ stratum: stratum as Stratum, targetId: `91110000MA01A2B3${t}` }));
  const pools: PoolLine[] = [
    ...['insp-01', 'insp-02', 'insp-03', 'insp-04'].map((inspectorId) => ({ department: 'SAMR', inspectorId })),
    ...['tax-01', 'tax-02', 'tax-03'].map((inspectorId) => ({ department: 'TAX', inspectorId })),
  ];
  const recusals: RecusalLine[] = [
    { targetId: '91110000MA01A2B3C6', inspectorId: 'insp-02', reason: 'conflict:relative' },
    { targetId: '91110000MA01A2B3C4', inspectorId: 'tax-01', reason: 'inspected-within:6' },
  ];
  const frozen = freeze({ population, pools, recusals, departments: ['TAX', 'SAMR'], m: 2 });
  const seed = seedOf(SECRETS);
  const result = draw({
    taskId: 'T2026-0001',
    frozen,
    ratios: RATIOS,
    seed,
    departments: ['SAMR', 'TAX'],
    m: 2,
    population,
  });
  const record = drawRecord({
    taskId: 'T2026-0001',
    filters: { region: '110000' },
    frozen,
    commitments: SECRETS.map((s, i) => ({
      participantId: i ? 'acct-supervisor-1' : 'acct-samr-1',
      outside: i === 1,
      commitment: commitmentOf(s),
    })),
    reveals: SECRETS,
    seed,
    result,
    timestamps: { frozenAt: '2026-12-01T02:00:00.000Z', drawnAt: '2026-12-01T03:00:00.000Z' },
  });
  return { population, pools, recusals, frozen, seed, result, record, populationText: populationTsv(population) };
}

function throwsCode(fn: () => unknown, code: string) {
  assert.throws(fn, (e: unknown) => e instanceof DrawError && e.code === code);
}

test('sample sizes round up to whole targets: k = floor((n × r + 9999) / 10000)', () => {
  assert.equal(sampleSize(0, 300), 0);
  assert.equal(sampleSize(1, 300), 1, 'any non-empty class with a ratio gets at least one inspection');
  assert.equal(sampleSize(100, 300), 3);
  assert.equal(sampleSize(101, 300), 4, '3.03 rounds up');
  assert.equal(sampleSize(10_000, 500), 500);
  assert.equal(sampleSize(10_001, 500), 501);
  assert.equal(sampleSize(7, 10_000), 7);
  assert.equal(sampleSize(7, 0), 0);
  assert.equal(sampleSize(10_000_000, 7000), 7_000_000);
  throwsCode(() => sampleSize(5, 10_001), 'BAD_PARAMETER');
  throwsCode(() => sampleSize(5, 2.5), 'BAD_PARAMETER');
  throwsCode(() => sampleSize(-1, 300), 'BAD_PARAMETER');
});

test('uniform indices: n = 0 selects nothing, k ≥ n selects all in sorted order, otherwise k distinct in order of acceptance', () => {
  const seed = sha('s').toString('hex');
  assert.deepEqual(uniformIndices(seed, 'L', 0, 5), []);
  assert.deepEqual(uniformIndices(seed, 'L', 5, 0), []);
  assert.deepEqual(uniformIndices(seed, 'L', 4, 4), [0, 1, 2, 3]);
  assert.deepEqual(uniformIndices(seed, 'L', 4, 9), [0, 1, 2, 3]);
  for (const [n, k] of [
    [10, 3],
    [1000, 999],
    [50_000, 40],
    [100_000_000, 20],
    [2 ** 40 + 7, 30],
  ]) {
    const got = uniformIndices(seed, `L${n}`, n, k);
    assert.deepEqual(got, refIndices(seed, `L${n}`, n, k), `n=${n} k=${k}`);
    assert.equal(new Set(got).size, k);
    assert.ok(got.every((i) => Number.isInteger(i) && i >= 0 && i < n));
  }
});

test("the hot loop's JavaScript SHA-256 (seed block compressed once) equals node:crypto at every block boundary", () => {
  const seed = sha('midstate').toString('hex');
  const hash = seededSha256(seed);
  for (let n = 0; n <= 200; n++) {
    const tail = Array.from({ length: n }, (_, i) => '0Az.:_-|'[i % 8]).join('');
    const want = sha(seed + tail);
    assert.deepEqual(hash(tail), [want.readUInt32BE(0), want.readUInt32BE(4)], `tail of ${n} bytes`);
  }
  // Other seeds and non-ASCII labels go through node:crypto, with the same result.
  for (const [s, label] of [
    ['short-seed', 'L'],
    [seed, '标签'],
  ]) {
    const want = sha(`${s}|${label}|7`);
    assert.deepEqual(candidate(s, label, 7), [want.readUInt32BE(0), want.readUInt32BE(4)]);
    assert.deepEqual(uniformIndices(s, label, 1000, 5), refIndices(s, label, 1000, 5));
  }
});

test('the per-label hasher (label laid out once, digits written per candidate) equals node:crypto at every block boundary', () => {
  const seed = sha('prefix').toString('hex');
  const hasher = new SeededHasher(seed);
  for (let n = 0; n <= 200; n++) {
    const label = Array.from({ length: n }, (_, i) => '|0Az.:_-'[i % 8]).join('');
    // Whole, and as a head and a tail (step 6: the head kept laid out from the label before, the tail copied).
    for (const split of [n, n >> 1, 0]) {
      assert.ok(hasher.setLabel(label.slice(0, split), label.slice(split)));
      for (const i of [0, 7, 10, 99, 12345, 2 ** 53 - 1]) {
        const want = sha(`${seed}|${label}|${i}`);
        hasher.hash(i);
        assert.deepEqual([...hasher.out], [want.readUInt32BE(0), want.readUInt32BE(4)], `label ${n} bytes, i = ${i}`);
      }
    }
  }
  assert.equal(hasher.setLabel('标签'), false, 'a non-ASCII label is left to node:crypto');
  assert.equal(hasher.setLabel('head', '标签'), false, 'a non-ASCII tail too');
});

test('duplicates are skipped and still advance i', () => {
  const seed = sha('dup').toString('hex');
  const log: string[] = [];
  const want = refIndices(seed, 'few', 5, 4, log);
  assert.ok(log.includes('duplicate'), 'the example has duplicates');
  assert.deepEqual(uniformIndices(seed, 'few', 5, 4), want);
});

test('rejection sampling: x ≥ 2^64 − (2^64 mod n) is rejected, exactly at the boundary, for small and huge n', () => {
  const split = (x: bigint) => [Number(x >> 32n), Number(x & 0xffffffffn)] as const;
  for (const n of [1, 3, 5, 1000, 10_000_000, 94_906_265, 94_906_266, 2 ** 40 + 7, 2 ** 53 - 1]) {
    const r = rejectionRemainder(n);
    assert.equal(BigInt(r), 2n ** 64n % BigInt(n));
    const limit = 2n ** 64n - BigInt(r);
    for (const x of [
      0n,
      1n,
      BigInt(n) - 1n,
      BigInt(n),
      2n ** 32n - 1n,
      2n ** 32n,
      2n ** 53n + 1n,
      limit - 1n,
      limit,
      limit + 1n,
      2n ** 64n - 1n,
    ]) {
      if (x < 0n || x >= 2n ** 64n) continue;
      const want = x >= limit ? -1 : Number(x % BigInt(n));
      assert.equal(reduceCandidate(...split(x), n, r), want, `n=${n} x=${x}`);
    }
  }
  const rnd = prng(13);
  for (let t = 0; t < 20_000; t++) {
    const n = Math.max(1, Math.floor(rnd() ** 4 * 2 ** 53));
    const x = (BigInt(Math.floor(rnd() * 2 ** 32)) << 32n) | BigInt(Math.floor(rnd() * 2 ** 32));
    const r = rejectionRemainder(n);
    const want = x >= 2n ** 64n - BigInt(r) ? -1 : Number(x % BigInt(n));
    assert.equal(reduceCandidate(...split(x), n, r), want, `n=${n} x=${x}`);
  }
  // A real hash rejected: with n just above 2^64 / 2049, about one candidate in 2049 is rejected.
  const n = Number(2n ** 64n / 2049n + 1n);
  const seed = sha('reject').toString('hex');
  const log: string[] = [];
  refIndices(seed, 'big', n, 20_000, log);
  const firstRejected = log.indexOf('rejected');
  assert.ok(firstRejected >= 0, 'a rejection within 20,000 candidates');
  const k = firstRejected + 2;
  assert.deepEqual(uniformIndices(seed, 'big', n, k), refIndices(seed, 'big', n, k));
});

test('the worked example of docs/draw-spec.md', () => {
  const { frozen, seed, result, record, populationText } = example();
  const spec = fs.readFileSync(new URL('../../../../docs/draw-spec.md', import.meta.url), 'utf8');
  const expected = {
    population: '746a1d92704157bec2b935272b1a00da810c5a6aa499e6bd76c15ba3e126b476',
    A: 'e62091268e49f6ed2537f9b3a55c03d8647d9277b6e48baf7afab3326c12892f',
    B: '4430c922f9921b43f5630605f47a7802e7abd6fdfac74819d695e2bcc2ceca2d',
    C: 'bb3e3f835639aa07a5e747ba3db24a2ddbc308cc41d0192c31ea6e5f0c9361e9',
    D: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    pools: 'd6e1f434b4b94a066929dc6a956b0e49498f566284b7c53e50f497c7f82ff193',
    recusals: 'b042bdea8c74fa40ecb948b644035071f05d790ac0b0528c4f7223879428dafb',
    commitment0: '2a8abfa8cb9906290437854193ca6bca41d4d4e26d1d454bd66a35158095e737',
    commitment1: '7b9d07f2404b102b3c62fede026097c5ab81668f18414abd8ea560cecb008006',
    seed: 'c43e1b0fa9ba0fe7f5b7e895a27ac0637f2858cae4c862aee80bd5ce1c102746',
    record: '81457966fa1ffc290310a752c0d23181a293c64bfb5a18d1f0d45ac65fe942e2',
  };
  for (const [what, hex] of Object.entries(expected)) assert.ok(spec.includes(hex), `the spec shows ${what}`);
  assert.equal(populationText.split('\n')[0], 'A\t91110000MA01A2B3C5');
  assert.equal(frozen.population.digest, expected.population);
  assert.equal(frozen.population.count, 10);
  for (const s of ['A', 'B', 'C', 'D'] as const) assert.equal(frozen.strata[s].digest, expected[s]);
  assert.deepEqual(
    [frozen.strata.A.count, frozen.strata.B.count, frozen.strata.C.count, frozen.strata.D.count],
    [3, 5, 2, 0],
  );
  assert.equal(frozen.pools.digest, expected.pools);
  assert.equal(frozen.recusals.digest, expected.recusals);
  assert.deepEqual(SECRETS.map(commitmentOf), [expected.commitment0, expected.commitment1]);
  assert.equal(seed, expected.seed);
  assert.deepEqual(
    [result.strata.A.indices, result.strata.B.indices, result.strata.C.indices, result.strata.D.indices],
    [[1], [2, 0, 4], [0, 1], []],
  );
  assert.deepEqual(
    result.selections.map((s) => [s.targetId.slice(-2), s.inspectors.SAMR.join(' '), s.inspectors.TAX.join(' ')]),
    [
      ['C8', 'insp-04 insp-02', 'tax-02 tax-03'],
      ['C9', 'insp-01 insp-04', 'tax-02 tax-01'],
      ['C4', 'insp-03 insp-02', 'tax-02 tax-03'],
      ['D3', 'insp-01 insp-02', 'tax-01 tax-03'],
      ['C7', 'insp-04 insp-03', 'tax-03 tax-02'],
      ['D0', 'insp-01 insp-02', 'tax-01 tax-02'],
    ],
  );
  assert.equal(recordDigest(record), expected.record);
  assert.deepEqual(verifyDraw(record, populationText, frozen.pools.tsv, frozen.recusals.tsv), { ok: true });
});

test('m must be at least 2; POOL_TOO_SMALL for a small pool or for recusals that leave too few, only for targets present', () => {
  const population: PopulationLine[] = [
    { stratum: 'B', targetId: 'T1' },
    { stratum: 'A', targetId: 'T2' },
  ];
  const pools: PoolLine[] = ['i1', 'i2', 'i3'].map((inspectorId) => ({ department: 'D1', inspectorId }));
  throwsCode(() => freeze({ population, pools, recusals: [], departments: ['D1'], m: 1 }), 'BAD_PARAMETER');
  assert.throws(
    () => freeze({ population, pools, recusals: [], departments: ['D1'], m: 4 }),
    (e: unknown) => e instanceof DrawError && e.code === 'POOL_TOO_SMALL' && e.detail.department === 'D1',
  );
  assert.throws(
    () => freeze({ population, pools, recusals: [], departments: ['D1', 'D2'], m: 2 }),
    (e: unknown) => e instanceof DrawError && e.code === 'POOL_TOO_SMALL' && e.detail.department === 'D2',
    'a department without inspectors',
  );
  const recusals: RecusalLine[] = [
    { targetId: 'T2', inspectorId: 'i1', reason: 'conflict:spouse' },
    { targetId: 'T2', inspectorId: 'i3', reason: 'inspected-within:6' },
  ];
  assert.throws(
    () => freeze({ population, pools, recusals, departments: ['D1'], m: 2 }),
    (e: unknown) => e instanceof DrawError && e.code === 'POOL_TOO_SMALL' && e.detail.targetId === 'T2',
  );
  const elsewhere = recusals.map((r) => ({ ...r, targetId: 'T9' }));
  assert.equal(freeze({ population, pools, recusals: elsewhere, departments: ['D1'], m: 2 }).recusals.count, 2);
  assert.equal(freeze({ population: [], pools: [], recusals: [], departments: ['D1'], m: 2 }).population.count, 0);
  // Exactly m left: all of them, in pool order.
  const one: RecusalLine[] = [{ targetId: 'T2', inspectorId: 'i2', reason: 'conflict:spouse' }];
  const frozen = freeze({ population, pools, recusals: one, departments: ['D1'], m: 2 });
  const result = draw({
    taskId: 't',
    frozen,
    ratios: { A: 10000, B: 0, C: 0, D: 0 },
    seed: seedOf(SECRETS),
    departments: ['D1'],
    m: 2,
    population,
  });
  assert.deepEqual(result.selections, [{ stratum: 'A', targetId: 'T2', inspectors: { D1: ['i1', 'i3'] } }]);
});

test('inspectors are assigned as the second pass picks targets: the same selections, and POOL_TOO_SMALL in selection order', async () => {
  const population: PopulationLine[] = Array.from({ length: 40 }, (_, i) => ({
    stratum: 'B',
    targetId: `T${String(i).padStart(2, '0')}`,
  }));
  const pools: PoolLine[] = ['i1', 'i2', 'i3'].map((inspectorId) => ({ department: 'D1', inspectorId }));
  const frozen = freeze({ population, pools, recusals: [], departments: ['D1'], m: 2 });
  const input = {
    taskId: 't',
    ratios: { A: 0, B: 2500, C: 0, D: 0 },
    seed: seedOf(SECRETS),
    departments: ['D1'],
    m: 2,
  };
  const result = draw({ ...input, frozen, population });
  const targets = result.selections.map((s) => s.targetId);
  assert.equal(targets.length, 10);
  assert.notDeepEqual(targets, [...targets].sort(), 'selection order is not file order');
  // Streamed in small chunks (a database's pages), the same selections.
  const text = populationTsv(population);
  async function* chunks() {
    for (let i = 0; i < text.length; i += 17) yield text.slice(i, i + 17);
  }
  assert.deepEqual((await drawAsync({ ...input, frozen, population: chunks() })).selections, result.selections);
  // Frozen recusals that leave two selected targets short (a freeze would have refused them): the error names the
  // one selection order meets first, whichever the pass picked first.
  // Two selected targets whose file order is the reverse of their selection order.
  const i = targets.findIndex((t, n) => targets.slice(n + 1).some((u) => u < t));
  const j = targets.findIndex((u, n) => n > i && u < targets[i]);
  const short = [targets[i], targets[j]].flatMap((targetId) =>
    ['i1', 'i2'].map((inspectorId) => ({ targetId, inspectorId, reason: 'conflict:spouse' })),
  );
  const recusals = freeze({ population: [], pools, recusals: short, departments: ['D1'], m: 2 }).recusals;
  assert.throws(
    () => draw({ ...input, frozen: { ...frozen, recusals }, population }),
    (e: unknown) => e instanceof DrawError && e.code === 'POOL_TOO_SMALL' && e.detail.targetId === targets[i],
  );
});

test('a large draw draws its inspectors on a worker thread during the second pass: the same result, the same errors', async () => {
  const population: PopulationLine[] = Array.from({ length: 40_000 }, (_, i) => ({
    stratum: (['A', 'B', 'C', 'D'] as const)[i % 4],
    targetId: `91${String((i * 48271) % 2147483647).padStart(16, '0')}`,
  }));
  const departments = ['TAX', 'SAMR'];
  const pools: PoolLine[] = departments.flatMap((department) =>
    Array.from({ length: 7 }, (_, i) => ({ department, inspectorId: `${department}-${i}` })),
  );
  // Recusals for a tenth of the targets: their pools lose an inspector, so positions must map back to whole pools.
  const recusals = population
    .filter((_, i) => i % 10 === 3)
    .map((t, i) => ({ targetId: t.targetId, inspectorId: `SAMR-${i % 7}`, reason: 'conflict:relative' }));
  const frozen = freeze({ population, pools, recusals, departments, m: 3 });
  const input = {
    taskId: 'task-parallel',
    frozen,
    ratios: { A: 2000, B: 5000, C: 9000, D: 10000 },
    seed: seedOf(SECRETS),
    departments,
    m: 3,
  };
  const serial = draw({ ...input, population });
  assert.ok(serial.selections.length > 2 * 8192, 'several batches');
  const onWorker = await drawAsync({ ...input, population: [populationTsv(population)], parallelFrom: 1 });
  assert.deepEqual(onWorker, serial);
  assert.ok(Object.isFrozen(onWorker.selections[0].inspectors.SAMR));
  const recused = serial.selections.find((s) => recusals.some((r) => r.targetId === s.targetId));
  assert.ok(recused, 'a selected target has a recusal');
  // Recusals that leave a selected target short: the worker's batch fails and the error is the serial draw's.
  const victim = serial.selections[serial.selections.length - 5].targetId;
  const short = freeze({
    population: [],
    pools,
    recusals: ['TAX-0', 'TAX-1', 'TAX-2', 'TAX-3', 'TAX-4'].map((inspectorId) => ({
      targetId: victim,
      inspectorId,
      reason: 'conflict:spouse',
    })),
    departments,
    m: 3,
  }).recusals;
  await assert.rejects(
    drawAsync({ ...input, frozen: { ...frozen, recusals: short }, population, parallelFrom: 1 }),
    (e: unknown) => e instanceof DrawError && e.code === 'POOL_TOO_SMALL' && e.detail.targetId === victim,
  );
  // A population that is not the frozen one: refused before any selection is used.
  await assert.rejects(
    drawAsync({ ...input, population: population.slice(1), parallelFrom: 1 }),
    (e: unknown) => e instanceof DrawError && e.code === 'DIGEST_MISMATCH',
  );
});

test('a wrong or missing reveal voids the round; malformed secrets are refused', () => {
  const commitments = SECRETS.map(commitmentOf);
  assert.deepEqual(checkReveals(commitments, SECRETS), { ok: true, seed: seedOf(SECRETS) });
  const other = 'a'.repeat(64);
  assert.deepEqual(checkReveals(commitments, [SECRETS[0], other]), { ok: false, missing: [], wrong: [1] });
  assert.deepEqual(checkReveals(commitments, [null, SECRETS[1]]), { ok: false, missing: [0], wrong: [] });
  throwsCode(() => seedOf([SECRETS[0], SECRETS[1].toUpperCase()]), 'BAD_REVEAL');
  throwsCode(() => seedOf([SECRETS[0]]), 'BAD_REVEAL');
  throwsCode(() => commitmentOf('abc'), 'BAD_REVEAL');
});

test('frozen lines: bad identifiers, unsorted streams and a different second-pass population are refused', () => {
  throwsCode(() => populationTsv([{ stratum: 'A', targetId: 'has space' }]), 'BAD_IDENTIFIER');
  throwsCode(() => populationTsv([{ stratum: 'E' as Stratum, targetId: 'x' }]), 'BAD_IDENTIFIER');
  throwsCode(() => populationTsv([{ stratum: 'A', targetId: 'x'.repeat(65) }]), 'BAD_IDENTIFIER');
  const base = {
    pools: [
      { department: 'D', inspectorId: 'a' },
      { department: 'D', inspectorId: 'b' },
    ],
    recusals: [],
    departments: ['D'],
    m: 2,
  };
  throwsCode(() => freeze({ ...base, population: ['A\tx\nA\tw\n'] }), 'NOT_SORTED');
  throwsCode(() => freeze({ ...base, population: ['A\tx\nA\tx\n'] }), 'NOT_SORTED');
  throwsCode(() => freeze({ ...base, population: ['A\tx\r\n'] }), 'BAD_IDENTIFIER');
  throwsCode(() => freeze({ ...base, population: ['A\tx'] }), 'BAD_LINE');
  throwsCode(() => freeze({ ...base, population: ['A\tx\ty\n'] }), 'BAD_LINE');
  throwsCode(() => freeze({ ...base, population: ['Ax\n'] }), 'BAD_LINE');
  const frozen = freeze({ ...base, population: ['A\tw\nA\tx\n'] });
  throwsCode(
    () =>
      draw({
        taskId: 't',
        frozen,
        ratios: RATIOS,
        seed: seedOf(SECRETS),
        departments: ['D'],
        m: 2,
        population: ['A\tw\nA\ty\n'],
      }),
    'DIGEST_MISMATCH',
  );
});

test('a large freeze checks and hashes its population on a worker thread: the same frozen result, the same refusals', async () => {
  const { pools, recusals, frozen, populationText } = example();
  const input = { pools, recusals, departments: ['SAMR', 'TAX'], m: 2 };
  async function* pages(text: string, size = 5) {
    for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
  }
  // From the first byte on (parallelFrom: 1) and after some pages were held here first.
  for (const parallelFrom of [1, 40]) {
    assert.deepEqual(await freezeAsync({ ...input, population: pages(populationText), parallelFrom }), frozen);
  }
  const base = {
    pools: [
      { department: 'D', inspectorId: 'a' },
      { department: 'D', inspectorId: 'b' },
    ],
    recusals: [],
    departments: ['D'],
    m: 2,
  };
  for (const [text, code] of [
    ['A\tx\nA\tw\n', 'NOT_SORTED'],
    ['A\tx\r\n', 'BAD_IDENTIFIER'],
    ['A\tx', 'BAD_LINE'],
    ['Ax\n', 'BAD_LINE'],
  ] as const) {
    let here: unknown;
    try {
      freeze({ ...base, population: [text] });
    } catch (e) {
      here = e;
    }
    await assert.rejects(
      freezeAsync({ ...base, population: pages(text, 2), parallelFrom: 1 }),
      (e: unknown) =>
        e instanceof DrawError &&
        e.code === code &&
        here instanceof DrawError &&
        e.message === here.message &&
        JSON.stringify(e.detail) === JSON.stringify(here.detail),
      code,
    );
  }
  // A present target whose recusals leave a pool short (the worker reports the watched targets it saw).
  const short = [
    { targetId: 'w', inspectorId: 'a', reason: 'conflict:spouse' },
    { targetId: 'zz', inspectorId: 'b', reason: 'conflict:spouse' },
  ];
  await assert.rejects(
    freezeAsync({ ...base, recusals: short, population: pages('A\tw\nA\tx\n', 3), parallelFrom: 1 }),
    (e: unknown) => e instanceof DrawError && e.code === 'POOL_TOO_SMALL' && e.detail.targetId === 'w',
  );
});

test('populations stream: lines, text split anywhere, and async sources freeze and draw the same', async () => {
  const { population, pools, recusals, frozen, seed, result, populationText } = example();
  const pieces = (size: number) =>
    Array.from({ length: Math.ceil(populationText.length / size) }, (_, i) =>
      populationText.slice(i * size, (i + 1) * size),
    );
  for (const size of [1, 7, 64, 10_000]) {
    const again = freeze({ population: pieces(size), pools, recusals, departments: ['SAMR', 'TAX'], m: 2 });
    assert.deepEqual(again, frozen, `chunks of ${size}`);
  }
  async function* slowly() {
    for (const p of pieces(5)) yield p;
  }
  const frozenAsync: Frozen = await freezeAsync({
    population: slowly(),
    pools,
    recusals,
    departments: ['SAMR', 'TAX'],
    m: 2,
  });
  assert.deepEqual(frozenAsync, frozen);
  const input = { taskId: 'T2026-0001', frozen, ratios: RATIOS, seed, departments: ['SAMR', 'TAX'], m: 2 };
  assert.deepEqual(await drawAsync({ ...input, population: slowly() }), result);
  // The second pass counts newlines to the drawn lines: chunks ending anywhere, even inside a drawn line, pick the same.
  for (const size of [1, 2, 3, 7, 19, 20, 21, 64, 10_000])
    assert.deepEqual(draw({ ...input, population: pieces(size) }), result, `second pass in chunks of ${size}`);
  // Equal digests stand for equal bytes; anything else is refused before a target is trusted.
  const other = populationText.replace('91110000MA01A2B3C9', '91110000MA01A2B3CX');
  throwsCode(() => draw({ ...input, population: [other] }), 'DIGEST_MISMATCH');
  throwsCode(() => draw({ ...input, population: [populationText.slice(0, -1)] }), 'DIGEST_MISMATCH');
  throwsCode(() => draw({ ...input, population: [populationText.slice(0, -20)] }), 'DIGEST_MISMATCH');
  throwsCode(() => draw({ ...input, population: [populationText + 'D\tZ9\n'] }), 'DIGEST_MISMATCH');
  // latin1 hashing would read U+0141 as "A": such characters are refused, not hashed.
  throwsCode(() => draw({ ...input, population: [populationText.replace('C9', 'C\u0141')] }), 'BAD_IDENTIFIER');
  // Up to U+00FF a character hashes as a byte no frozen (ASCII) population holds: refused by the digest.
  for (const odd of ['\u00c1', ' ', '\r'])
    throwsCode(() => draw({ ...input, population: [populationText.replace('C9', `C${odd}`)] }), 'DIGEST_MISMATCH');
  assert.deepEqual(
    draw({ ...input, population: [...population].reverse() }),
    result,
    'an array is sorted for the caller',
  );
});

test('the record shares the frozen selections and is hashed in pieces: the same digest as its canonical JSON whole', () => {
  const { result, record } = example();
  assert.ok(Object.isFrozen(result.selections) && Object.isFrozen(result.selections[0].inspectors.SAMR));
  assert.throws(() => {
    (result.selections[0] as { targetId: string }).targetId = 'X';
  }, TypeError);
  assert.equal(record.selections, result.selections, 'shared, not copied');
  assert.equal(recordDigest(record), sha256Hex(canonicalJson(record)));
  // A record read back (not frozen) and a large one (pieces of ~1 MB, strings needing escapes) digest the same way.
  const big: DrawRecord = structuredClone(record);
  big.selections = Array.from({ length: 30_000 }, (_, i) => ({
    ...record.selections[i % record.selections.length],
    targetId: `T${i}`,
  }));
  big.filters = { note: 'quote " backslash \\ 中文 \u2028 end', n: 1e21, list: [1, null, 'x'] };
  assert.equal(recordDigest(big), sha256Hex(canonicalJson(big)));
  // Selections of other shapes take the generic writer: escapes, extra or missing keys, keys in another order.
  const odd = structuredClone(record);
  const [first, second, third] = odd.selections;
  (first as { targetId: string }).targetId = 'a"b\\c';
  (second as unknown as Record<string, unknown>).note = 'extra';
  third.inspectors = { TAX: third.inspectors.TAX, SAMR: [...third.inspectors.SAMR, '中'] };
  delete (odd.selections[3] as Partial<Selection>).inspectors;
  assert.equal(recordDigest(odd), sha256Hex(canonicalJson(odd)));
});

test('verify reports the first difference: population, seed, reveal, selection, inspectors, recusals, pools', async () => {
  const { frozen, record, populationText } = example();
  const pools = frozen.pools.tsv;
  const recusals = frozen.recusals.tsv;
  const changed = (edit: (r: DrawRecord) => void) => {
    const r = structuredClone(record);
    edit(r);
    return r;
  };
  const difference = (r: DrawRecord, pop = populationText, p = pools, rec = recusals) => {
    const v = verifyDraw(r, pop, p, rec);
    assert.equal(v.ok, false);
    return (v as { firstDifference: string }).firstDifference;
  };
  assert.match(
    difference(record, populationText.replace('B\t91110000MA01A2B3C9', 'B\t91110000MA01A2B3C8')),
    /^population\.digest/,
  );
  assert.match(difference(record, populationText + 'D\tX1\n'), /^population\.digest/);
  assert.match(difference(record, populationText.replace('A\t91110000MA01A2B3C8\n', '')), /^population\.digest/);
  assert.match(
    difference(record, 'B' + populationText.slice(1)),
    /^POPULATION\.tsv: population line 2: .* does not come after/,
  );
  assert.match(
    difference(changed((r) => (r.seed = 'f'.repeat(64)))),
    /^seed: the record has "f+", the files give "c43e1b0f/,
  );
  assert.match(difference(changed((r) => (r.reveals[1] = 'f'.repeat(64)))), /^reveals\[1\]: does not match/);
  assert.match(
    difference(changed((r) => (r.selections[2].targetId = '91110000MA01A2B3C6'))),
    /^selections\[2\]\.targetId/,
  );
  assert.match(difference(changed((r) => r.selections.reverse())), /^selections\[0\]\.stratum/);
  assert.match(difference(changed((r) => r.selections.pop())), /^selections \(count\)/);
  assert.match(
    difference(changed((r) => r.selections[3].inspectors.TAX.reverse())),
    /^selections\[3\]\.inspectors\.TAX/,
  );
  assert.match(difference(changed((r) => (r.strata.B.ratioBp = 7000))), /^strata\.B\.k/);
  assert.match(difference(changed((r) => (r.commitments[1].outside = false))), /no participant from outside/);
  assert.match(difference(record, populationText, pools, recusals.split('\n')[1] + '\n'), /^recusals\.digest/);
  const noRecusal = recusals.split('\n')[1] + '\n'; // target C4 no longer recuses tax-01
  const v = verifyDraw(
    changed((r) => (r.recusals = { count: 1, digest: sha(noRecusal).toString('hex') })),
    populationText,
    pools,
    noRecusal,
  );
  assert.equal(v.ok, false, 'a recusal list changed along with its digest still changes the inspectors drawn');
  assert.match((v as { firstDifference: string }).firstDifference, /^selections\[2\]\.inspectors\.TAX/);
  assert.match(difference(record, populationText, pools.replace('tax-03', 'tax-09')), /^pools\.digest/);
  assert.match(difference(changed((r) => (r.specVersion = 2))), /^specVersion/);
  assert.deepEqual(
    await verifyDrawAsync(
      record,
      (async function* () {
        yield populationText.slice(0, 33);
        yield populationText.slice(33);
      })(),
      pools,
      recusals,
    ),
    { ok: true },
  );
});

test('voided rounds stay on the record and must be void; commitments of the next round are fresh', () => {
  const { frozen, record, populationText } = example();
  const old = ['1'.repeat(64), '2'.repeat(64)];
  const voided = {
    commitments: old.map((s, i) => ({
      participantId: record.commitments[i].participantId,
      outside: i === 1,
      commitment: commitmentOf(s),
    })),
    reveals: [old[0], null],
    reason: 'reveal-missing',
  };
  const ok = { ...structuredClone(record), voidedRounds: [voided] };
  assert.deepEqual(verifyDraw(ok, populationText, frozen.pools.tsv, frozen.recusals.tsv), { ok: true });
  const notVoid = { ...ok, voidedRounds: [{ ...voided, reveals: old }] };
  assert.match(
    (verifyDraw(notVoid, populationText, frozen.pools.tsv, frozen.recusals.tsv) as { firstDifference: string })
      .firstDifference,
    /^voidedRounds\[0\]: every reveal matches/,
  );
  const reused = { ...ok, voidedRounds: [{ ...voided, commitments: [voided.commitments[0], record.commitments[1]] }] };
  assert.match(
    (verifyDraw(reused, populationText, frozen.pools.tsv, frozen.recusals.tsv) as { firstDifference: string })
      .firstDifference,
    /^commitments\[1\]: reused from a voided round/,
  );
});

test('the independent re-implementation agrees with the engine on a random population', () => {
  const rnd = prng(20261206);
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const uscc = () => Array.from({ length: 18 }, () => chars[Math.floor(rnd() * chars.length)]).join('');
  const population: PopulationLine[] = Array.from({ length: 3000 }, () => ({
    stratum: (['A', 'A', 'B', 'B', 'B', 'B', 'C', 'D'] as const)[Math.floor(rnd() * 8)],
    targetId: uscc(),
  }));
  const departments = ['SAMR', 'EPB', 'FIRE'];
  const pools: PoolLine[] = departments.flatMap((d) =>
    Array.from({ length: 4 + Math.floor(rnd() * 6) }, (_, i) => ({
      department: d,
      inspectorId: `${d.toLowerCase()}-${i}`,
    })),
  );
  const oneEach = new Map<string, RecusalLine>(); // one recusal per target at most, so no pool falls below m
  for (let i = 0; i < 400; i++) {
    const p = pools[Math.floor(rnd() * pools.length)];
    const targetId = population[Math.floor(rnd() * population.length)].targetId;
    oneEach.set(targetId, {
      targetId,
      inspectorId: p.inspectorId,
      reason: rnd() < 0.5 ? 'conflict:relative' : 'inspected-within:6',
    });
  }
  const recusals = [...oneEach.values()];
  const frozen = freeze({ population, pools, recusals, departments, m: 2 });
  const reveals = [sha('one').toString('hex'), sha('two').toString('hex'), sha('three').toString('hex')];
  const seed = seedOf(reveals);
  const ratios: Record<Stratum, number> = { A: 300, B: 500, C: 3000, D: 7000 };
  const result = draw({ taskId: 'T-rand', frozen, ratios, seed, departments, m: 2, population });
  const popText = populationTsv(population);
  assert.equal(createHash('sha256').update(popText).digest('hex'), frozen.population.digest);
  assert.equal(sha(reveals.join('|')).toString('hex'), seed);
  assert.deepEqual(
    result.selections,
    refDraw(popText, frozen.pools.tsv, frozen.recusals.tsv, 'T-rand', ratios, seed, departments, 2),
  );
  assert.ok(result.selections.length > 100);
});
