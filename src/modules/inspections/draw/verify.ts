/**
 * Re-runs a draw record from its downloadable files and reports the first difference. The checks run in a fixed
 * order — the record's own shape, the ceremony (reveals, seed, voided rounds), the pools and recusals files, the
 * population file (one streaming pass that also picks the selected lines), the sample sizes, the selections and
 * their inspectors — so a given change is always reported the same way.
 */
import { DRAW_SPEC_VERSION, DrawError, HEX64, IDENTIFIER, STRATA, type Stratum } from './spec.ts';
import { checkReveals, sampleSize, sha256Hex } from './indices.ts';
import { readPools, readRecusals, shortPools, type FrozenPools, type FrozenRecusals } from './lists.ts';
import { PopulationReader, readPopulation, readPopulationAsync, type PopulationStream } from './population.ts';
import { assignInspectors, planTargets, type Selection, type StratumDraw } from './steps.ts';
import type { DrawRecord } from './record.ts';

export type VerifyResult = { ok: true } | { ok: false; firstDifference: string };

/** A difference found; caught at the top and turned into `{ ok: false }`. */
class Difference extends Error {}

function differ(what: string): never {
  throw new Difference(what);
}

function same(what: string, recorded: unknown, recomputed: unknown): void {
  if (recorded !== recomputed)
    differ(`${what}: the record has ${JSON.stringify(recorded)}, the files give ${JSON.stringify(recomputed)}`);
}

function checkShape(r: DrawRecord): void {
  if (typeof r !== 'object' || r === null) differ('the record is not a JSON object');
  if (r.specVersion !== DRAW_SPEC_VERSION)
    differ(
      `specVersion: the record has ${JSON.stringify(r.specVersion)}; this verifier runs version ${DRAW_SPEC_VERSION}`,
    );
  if (typeof r.taskId !== 'string' || !IDENTIFIER.test(r.taskId)) differ('taskId: not an identifier');
  if (!Array.isArray(r.departments) || r.departments.length === 0) differ('departments: missing');
  r.departments.forEach((d, i) => {
    if (typeof d !== 'string' || !IDENTIFIER.test(d)) differ(`departments[${i}]: not an identifier`);
    if (i > 0 && d <= r.departments[i - 1]) differ(`departments[${i}]: not in byte order or repeated`);
  });
  if (!Number.isInteger(r.m) || r.m < 2) differ('m: must be an integer ≥ 2');
  for (const s of STRATA) {
    const st = r.strata?.[s];
    if (!st || !Number.isInteger(st.ratioBp) || st.ratioBp < 0 || st.ratioBp > 10000)
      differ(`strata.${s}.ratioBp: missing or outside 0–10000`);
  }
  for (const key of ['commitments', 'reveals', 'selections', 'voidedRounds'] as const)
    if (!Array.isArray(r[key])) differ(`${key}: missing`);
}

/** Spec step 3: who took part, the reveals against the commitments, the seed, and the voided rounds. */
function checkCeremony(r: DrawRecord): void {
  if (r.commitments.length < 2) differ('commitments: fewer than two participants');
  const ids = r.commitments.map((c) => c.participantId);
  if (new Set(ids).size !== ids.length) differ('commitments: a participant committed twice');
  if (!r.commitments.some((c) => c.outside === true)) differ('commitments: no participant from outside the department');
  same('reveals (count)', r.reveals.length, r.commitments.length);
  r.reveals.forEach((secret, i) => {
    if (typeof secret !== 'string' || !HEX64.test(secret)) differ(`reveals[${i}]: not 64 lowercase hex characters`);
    if (sha256Hex(secret) !== r.commitments[i].commitment)
      differ(`reveals[${i}]: does not match commitments[${i}] (${r.commitments[i].commitment})`);
  });
  same('seed', r.seed, sha256Hex(r.reveals.join('|')));
  const earlier = new Set<string>();
  r.voidedRounds.forEach((round, j) => {
    const check = checkReveals(
      round.commitments.map((c) => c.commitment),
      round.reveals,
    );
    if (check.ok) differ(`voidedRounds[${j}]: every reveal matches its commitment, so the round was not void`);
    for (const c of round.commitments) earlier.add(c.commitment);
  });
  r.commitments.forEach((c, i) => {
    if (earlier.has(c.commitment)) differ(`commitments[${i}]: reused from a voided round (commitments must be fresh)`);
  });
}

function readList<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof DrawError) differ(`${what}: ${e.message}`);
    throw e;
  }
}

function checkLists(r: DrawRecord, poolsTsv: string, recusalsTsv: string) {
  const pools = readList('POOLS.tsv', () => readPools(poolsTsv));
  same('pools.digest', r.pools?.digest, pools.digest);
  same('pools.count', r.pools?.count, pools.count);
  const recusals = readList('RECUSALS.tsv', () => readRecusals(recusalsTsv));
  same('recusals.digest', r.recusals?.digest, recusals.digest);
  same('recusals.count', r.recusals?.count, recusals.count);
  return { pools, recusals, short: shortPools(pools, recusals, r.departments, r.m) };
}

function planFromRecord(r: DrawRecord): Record<Stratum, StratumDraw> {
  const counts = {} as Record<Stratum, number>;
  const ratios = {} as Record<Stratum, number>;
  for (const s of STRATA) {
    if (!Number.isSafeInteger(r.strata[s].count) || r.strata[s].count < 0) differ(`strata.${s}.count: not a count`);
    counts[s] = r.strata[s].count;
    ratios[s] = r.strata[s].ratioBp;
  }
  if (!HEX64.test(r.seed)) differ('seed: not 64 lowercase hex characters');
  const plan = planTargets(r.taskId, counts, ratios, r.seed);
  for (const s of STRATA) same(`strata.${s}.k`, r.strata[s].k, sampleSize(counts[s], ratios[s]));
  return plan;
}

function checkPopulation(
  r: DrawRecord,
  summary: ReturnType<PopulationReader['finish']>,
  short: ReturnType<typeof shortPools>,
): void {
  same('population.digest', r.population?.digest, summary.digest);
  same('population.count', r.population?.count, summary.count);
  for (const s of STRATA) {
    same(`strata.${s}.digest`, r.strata[s].digest, summary.strata[s].digest);
    same(`strata.${s}.count`, r.strata[s].count, summary.strata[s].count);
  }
  if (summary.count > 0 && short.everyTarget !== null)
    differ(`POOLS.tsv: department ${short.everyTarget} has fewer than m = ${r.m} inspectors (POOL_TOO_SMALL)`);
  const [t] = [...summary.seen].sort();
  if (t !== undefined)
    differ(
      `RECUSALS.tsv: target ${t} leaves department ${short.recusedTargets.get(t)} fewer than m inspectors (POOL_TOO_SMALL)`,
    );
}

function checkSelections(
  r: DrawRecord,
  plan: Record<Stratum, StratumDraw>,
  picked: Map<Stratum, Map<number, string>>,
  lists: { pools: FrozenPools; recusals: FrozenRecusals },
  poolsTsv: string,
  recusalsTsv: string,
): void {
  const targets = STRATA.flatMap((s) => plan[s].indices.map((i) => ({ stratum: s, targetId: picked.get(s)!.get(i)! })));
  const frozen = {
    pools: { count: lists.pools.count, digest: lists.pools.digest, tsv: poolsTsv },
    recusals: { count: lists.recusals.count, digest: lists.recusals.digest, tsv: recusalsTsv },
  };
  const rerun: Selection[] = assignInspectors(r.taskId, targets, frozen, r.departments, r.m, r.seed);
  const n = Math.min(rerun.length, r.selections.length);
  for (let i = 0; i < n; i++) {
    const got = r.selections[i];
    const want = rerun[i];
    same(`selections[${i}].stratum`, got?.stratum, want.stratum);
    same(`selections[${i}].targetId`, got?.targetId, want.targetId);
    const depts = Object.keys(got?.inspectors ?? {}).sort();
    same(`selections[${i}].inspectors (departments)`, depts.join(','), r.departments.join(','));
    for (const d of r.departments)
      same(`selections[${i}].inspectors.${d}`, (got.inspectors[d] ?? []).join(','), want.inspectors[d].join(','));
  }
  same('selections (count)', r.selections.length, rerun.length);
}

function guard(run: () => void): VerifyResult {
  try {
    run();
    return { ok: true };
  } catch (e) {
    if (e instanceof Difference) return { ok: false, firstDifference: e.message };
    if (e instanceof DrawError) return { ok: false, firstDifference: e.message };
    throw e;
  }
}

function prepare(r: DrawRecord, poolsTsv: string, recusalsTsv: string) {
  checkShape(r);
  checkCeremony(r);
  const lists = checkLists(r, poolsTsv, recusalsTsv);
  const plan = planFromRecord(r);
  const reader = new PopulationReader(
    Object.fromEntries(STRATA.map((s) => [s, plan[s].indices])),
    new Set(lists.short.recusedTargets.keys()),
  );
  const finish = (summary: ReturnType<PopulationReader['finish']>) => {
    checkPopulation(r, summary, lists.short);
    checkSelections(r, plan, summary.picked, lists, poolsTsv, recusalsTsv);
  };
  return { reader, finish };
}

function readPopulationFile<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof DrawError) differ(`POPULATION.tsv: ${e.message}`);
    throw e;
  }
}

/**
 * Re-runs the draw a record describes over the frozen files (population as one string or chunks of text) and
 * reports a match or the first difference.
 */
export function verifyDraw(
  record: DrawRecord,
  populationTsv: string | Iterable<string>,
  poolsTsv: string,
  recusalsTsv: string,
): VerifyResult {
  return guard(() => {
    const { reader, finish } = prepare(record, poolsTsv, recusalsTsv);
    const chunks = typeof populationTsv === 'string' ? [populationTsv] : populationTsv;
    finish(readPopulationFile(() => readPopulation(reader, chunks)));
  });
}

/** `verifyDraw` with the population streamed (e.g. a file read in chunks), for populations of millions. */
export async function verifyDrawAsync(
  record: DrawRecord,
  populationTsv: AsyncIterable<string> | Iterable<string>,
  poolsTsv: string,
  recusalsTsv: string,
): Promise<VerifyResult> {
  let prepared: ReturnType<typeof prepare> | undefined;
  const early = guard(() => {
    prepared = prepare(record, poolsTsv, recusalsTsv);
  });
  if (!early.ok || !prepared) return early;
  const { reader, finish } = prepared;
  let summary: ReturnType<PopulationReader['finish']>;
  try {
    summary = await readPopulationAsync(reader, populationTsv as PopulationStream);
  } catch (e) {
    if (e instanceof DrawError) return { ok: false, firstDifference: `POPULATION.tsv: ${e.message}` };
    throw e;
  }
  return guard(() => finish(summary));
}
