// The browser's re-run of a draw (web/src/modules/inspections/rerun/draw-rerun.ts) against the worked example of
// docs/draw-spec.md section 5, written out here from the document's tables, and against one change to each part.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rerunDraw, uniformIndices, type PublishedRecord } from '../src/modules/inspections/rerun/draw-rerun.ts';

const tsv = (...rows: string[][]) => new TextEncoder().encode(rows.map((r) => r.join('\t') + '\n').join(''));
const U = (s: string) => `91110000MA01A2B3${s}`;

const population = tsv(
  ['A', U('C5')],
  ['A', U('C8')],
  ['A', U('D2')],
  ['B', U('C4')],
  ['B', U('C6')],
  ['B', U('C9')],
  ['B', U('D1')],
  ['B', U('D3')],
  ['C', U('C7')],
  ['C', U('D0')],
);
const pools = tsv(
  ['SAMR', 'insp-01'],
  ['SAMR', 'insp-02'],
  ['SAMR', 'insp-03'],
  ['SAMR', 'insp-04'],
  ['TAX', 'tax-01'],
  ['TAX', 'tax-02'],
  ['TAX', 'tax-03'],
);
const recusals = tsv([U('C4'), 'tax-01', 'inspected-within:6'], [U('C6'), 'insp-02', 'conflict:relative']);

const selection = (stratum: 'A' | 'B' | 'C', t: string, samr: string[], tax: string[]) => ({
  stratum,
  targetId: U(t),
  inspectors: { SAMR: samr, TAX: tax },
});

function workedExample(): PublishedRecord & Record<string, unknown> {
  return {
    specVersion: 1,
    taskId: 'T2026-0001',
    filters: { region: '110000' },
    departments: ['SAMR', 'TAX'],
    m: 2,
    population: { count: 10, digest: '746a1d92704157bec2b935272b1a00da810c5a6aa499e6bd76c15ba3e126b476' },
    strata: {
      A: { count: 3, digest: 'e62091268e49f6ed2537f9b3a55c03d8647d9277b6e48baf7afab3326c12892f', ratioBp: 300, k: 1 },
      B: { count: 5, digest: '4430c922f9921b43f5630605f47a7802e7abd6fdfac74819d695e2bcc2ceca2d', ratioBp: 5000, k: 3 },
      C: { count: 2, digest: 'bb3e3f835639aa07a5e747ba3db24a2ddbc308cc41d0192c31ea6e5f0c9361e9', ratioBp: 10000, k: 2 },
      D: { count: 0, digest: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', ratioBp: 7000, k: 0 },
    },
    pools: { count: 7, digest: 'd6e1f434b4b94a066929dc6a956b0e49498f566284b7c53e50f497c7f82ff193' },
    recusals: { count: 2, digest: 'b042bdea8c74fa40ecb948b644035071f05d790ac0b0528c4f7223879428dafb' },
    voidedRounds: [],
    commitments: [
      {
        participantId: 'acct-samr-1',
        outside: false,
        commitment: '2a8abfa8cb9906290437854193ca6bca41d4d4e26d1d454bd66a35158095e737',
      },
      {
        participantId: 'acct-supervisor-1',
        outside: true,
        commitment: '7b9d07f2404b102b3c62fede026097c5ab81668f18414abd8ea560cecb008006',
      },
    ],
    reveals: [
      '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff',
      'fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210',
    ],
    seed: 'c43e1b0fa9ba0fe7f5b7e895a27ac0637f2858cae4c862aee80bd5ce1c102746',
    selections: [
      selection('A', 'C8', ['insp-04', 'insp-02'], ['tax-02', 'tax-03']),
      selection('B', 'C9', ['insp-01', 'insp-04'], ['tax-02', 'tax-01']),
      selection('B', 'C4', ['insp-03', 'insp-02'], ['tax-02', 'tax-03']),
      selection('B', 'D3', ['insp-01', 'insp-02'], ['tax-01', 'tax-03']),
      selection('C', 'C7', ['insp-04', 'insp-03'], ['tax-03', 'tax-02']),
      selection('C', 'D0', ['insp-01', 'insp-02'], ['tax-01', 'tax-02']),
    ],
    timestamps: { frozenAt: '2026-12-01T02:00:00.000Z', drawnAt: '2026-12-01T03:00:00.000Z' },
  };
}
const DIGEST = '81457966fa1ffc290310a752c0d23181a293c64bfb5a18d1f0d45ac65fe942e2';

const run = (record = workedExample(), files: { population?: Uint8Array; pools?: Uint8Array } = {}) =>
  rerunDraw({
    record,
    publishedDigest: DIGEST,
    population: files.population ?? population,
    pools: files.pools ?? pools,
    recusals,
  });

test('the worked example of docs/draw-spec.md re-runs to a match with the published record digest', () => {
  assert.deepEqual(run(), { ok: true, recordDigest: DIGEST, population: 10, selected: 6 });
});

test('the candidate table of label T2026-0001|target|B: indices 2, 0, 4 in order of acceptance', () => {
  const seed = workedExample().seed;
  assert.deepEqual(uniformIndices(seed, 'T2026-0001|target|B', 5, 3), [2, 0, 4]);
  assert.deepEqual(uniformIndices(seed, 'T2026-0001|target|A', 3, 1), [1]);
  assert.deepEqual(uniformIndices(seed, 'T2026-0001|inspector|SAMR|91110000MA01A2B3C4', 4, 2), [2, 1]);
  assert.deepEqual(uniformIndices(seed, 'x', 2, 5), [0, 1], 'k ≥ n selects all, sorted');
  assert.deepEqual(uniformIndices(seed, 'x', 0, 3), []);
});

test('each change is reported as the first difference, in plain words’ keys', () => {
  const diff = (r: ReturnType<typeof run>) => (r.ok ? 'match' : [r.difference.key, r.difference.params ?? {}]);

  const wrongReveal = workedExample();
  wrongReveal.reveals[1] = '0' + wrongReveal.reveals[1].slice(1);
  assert.deepEqual(diff(run(wrongReveal)), ['reveal', { n: 2 }]);

  const otherSeed = workedExample();
  otherSeed.seed = otherSeed.seed.replace(/^c/, 'd');
  assert.deepEqual(diff(run(otherSeed)), ['seed', {}]);

  const insiders = workedExample();
  insiders.commitments[1].outside = false;
  assert.deepEqual(diff(run(insiders)), ['participants', {}]);

  // A target added to the population file: its digest no longer matches the record.
  const grown = new Uint8Array([...population, ...new TextEncoder().encode(`D\t${U('Z9')}\n`)]);
  assert.deepEqual(diff(run(workedExample(), { population: grown })), ['populationFile', {}]);

  const fewerInspectors = tsv(['SAMR', 'insp-01'], ['SAMR', 'insp-02'], ['SAMR', 'insp-03']);
  assert.deepEqual(diff(run(workedExample(), { pools: fewerInspectors })), ['poolsFile', {}]);

  const swapped = workedExample();
  [swapped.selections[1], swapped.selections[2]] = [swapped.selections[2], swapped.selections[1]];
  assert.deepEqual(diff(run(swapped)), ['selection', { n: 2 }]);

  const otherInspector = workedExample();
  otherInspector.selections[3].inspectors.TAX = ['tax-01', 'tax-02'];
  assert.deepEqual(diff(run(otherInspector)), ['inspectors', { n: 4 }]);

  const smallerSample = workedExample();
  smallerSample.strata.B.k = 2;
  assert.deepEqual(diff(run(smallerSample)), ['sampleSize', { stratum: 'B' }]);

  // Every draw step agrees, but a field the steps do not read was changed after sealing.
  const edited = workedExample();
  edited.timestamps = { ...(edited.timestamps as object), drawnAt: '2026-12-01T04:00:00.000Z' };
  assert.deepEqual(diff(run(edited)), ['recordDigest', {}]);

  const early = workedExample() as Partial<PublishedRecord>;
  delete early.seed;
  assert.deepEqual(diff(run(early as ReturnType<typeof workedExample>)), ['notRevealed', {}]);
});
