/**
 * The verifiable draw (docs/draw-spec.md, spec version 1) — pure: no database, no clock. The inspections module
 * freezes a population, runs the commit/reveal ceremony, draws, and seals `recordDigest(drawRecord(…))`;
 * `verifyDraw` (and `onewindow draw verify`) re-runs a record from its downloadable files.
 *
 * Populations stream: pass an array of lines (sorted for you) or, for millions of targets, a cursor / stream of
 * lines or TSV text already in byte order (`ORDER BY stratum, target_id`, with COLLATE "C" on PostgreSQL) — to
 * `freeze`/`draw`, or to `freezeAsync`/`drawAsync` when the source is asynchronous. bench/scenarios/inspections-draw.ts
 * reads a table as database-built TSV pages (keyset pagination), the fastest way found.
 *
 * ```ts
 * const frozen = await freezeAsync({ population, pools, recusals, departments, m });   // publish counts + digests
 * // ceremony: each participant submits commitmentOf(secret), then reveals; checkReveals(commitments, reveals)
 * const seed = seedOf(reveals);                                                        // in commitment order
 * const result = await drawAsync({ taskId, frozen, ratios, seed, departments, m, population }); // same population again
 * const record = drawRecord({ taskId, filters, frozen, voidedRounds, commitments, reveals, seed, result, timestamps });
 * // recordAction(… after: record …) seals it; recordDigest(record) is its SHA-256. Keep frozen.pools.tsv,
 * // frozen.recusals.tsv and the population (populationTsv, or re-read it) for download beside the record.
 * ```
 */
import { DRAW_SPEC_VERSION, DrawError, STRATA, checkM, sortedDepartments, type Stratum } from './spec.ts';
import {
  poolsTsv,
  readPools,
  readRecusals,
  recusalsTsv,
  shortPools,
  type PoolLine,
  type RecusalLine,
} from './lists.ts';
import {
  PopulationPicker,
  PopulationReader,
  lineText,
  readPopulation,
  readPopulationAsync,
  type PopulationInput,
  type PopulationLine,
  type PopulationStream,
  type PopulationSummary,
} from './population.ts';
import { FreezeOnWorker, ParallelInspectors } from './parallel.ts';
import { sampleSize } from './indices.ts';
import {
  assignInspectors,
  inspectorAssigner,
  planTargets,
  SelectionBuilder,
  type DrawResult,
  type Frozen,
  type Selection,
  type StratumDraw,
} from './steps.ts';

export { DRAW_SPEC_VERSION, DrawError, STRATA, IDENTIFIER, type DrawErrorCode, type Stratum } from './spec.ts';
export { commitmentOf, seedOf, checkReveals, uniformIndices, sampleSize } from './indices.ts';
export { poolsTsv, recusalsTsv, type PoolLine, type RecusalLine } from './lists.ts';
export {
  populationTsv,
  PopulationReader,
  type PopulationLine,
  type PopulationInput,
  type PopulationStream,
} from './population.ts';
export {
  planTargets,
  assignInspectors,
  type Frozen,
  type DrawResult,
  type Selection,
  type StratumDraw,
} from './steps.ts';
export {
  drawRecord,
  recordDigest,
  type DrawRecord,
  type DrawRecordInput,
  type RecordedCommitment,
  type VoidedRound,
} from './record.ts';

export interface FreezeInput<P> {
  population: P;
  pools: PoolLine[];
  recusals: RecusalLine[];
  departments: string[];
  m: number;
  /**
   * `freezeAsync` over an asynchronous source checks and hashes the population on a worker thread once this many
   * bytes of it have arrived (default `FREEZE_PARALLEL_FROM`, held until then); a smaller population, here. The same
   * result.
   */
  parallelFrom?: number;
}

/**
 * Bytes of population text (≈ 21 a line, so ≈ 1.6M lines) from which a freeze pays for a worker thread: starting one
 * costs ≈ 0.3 s of CPU on the other core (where PostgreSQL's server runs too), checking 1M lines here ≈ 0.15 s.
 */
export const FREEZE_PARALLEL_FROM = 32 * 2 ** 20;

/** Pools and recusals frozen, and a reader that will flag targets whose recusals leave a pool below m. */
function prepareFreeze(input: Omit<FreezeInput<unknown>, 'population'>) {
  const departments = sortedDepartments(input.departments);
  const m = checkM(input.m);
  const pTsv = poolsTsv(input.pools);
  const rTsv = recusalsTsv(input.recusals);
  const pools = readPools(pTsv);
  const recusals = readRecusals(rTsv);
  const short = shortPools(pools, recusals, departments, m);
  const watch = new Set(short.recusedTargets.keys());
  const reader = new PopulationReader({}, watch);
  const finish = (summary: PopulationSummary & { seen: Set<string> }): Frozen => {
    if (summary.count > 0 && short.everyTarget !== null)
      throw new DrawError('POOL_TOO_SMALL', `department ${short.everyTarget} has fewer than ${m} active inspectors`, {
        department: short.everyTarget,
        m,
      });
    const [target] = [...summary.seen].sort();
    if (target !== undefined) {
      const department = short.recusedTargets.get(target)!;
      throw new DrawError(
        'POOL_TOO_SMALL',
        `after the recusals for target ${target}, department ${department} has fewer than ${m} inspectors`,
        { targetId: target, department, m },
      );
    }
    return {
      specVersion: DRAW_SPEC_VERSION,
      departments,
      m,
      population: { count: summary.count, digest: summary.digest },
      strata: summary.strata,
      pools: { count: pools.count, digest: pools.digest, tsv: pTsv },
      recusals: { count: recusals.count, digest: recusals.digest, tsv: rTsv },
    };
  };
  return { reader, watch, finish };
}

/** Spec step 2: freezes the population, pools and recusals; throws POOL_TOO_SMALL, BAD_IDENTIFIER, NOT_SORTED, … */
export function freeze(input: FreezeInput<PopulationInput>): Frozen {
  const { reader, finish } = prepareFreeze(input);
  return finish(readPopulation(reader, input.population));
}

/** `freeze` over an asynchronous source (a database cursor or a file stream in byte order). */
export async function freezeAsync(input: FreezeInput<PopulationStream>): Promise<Frozen> {
  const { reader, watch, finish } = prepareFreeze(input);
  const { population } = input;
  if (!(Symbol.asyncIterator in population)) return finish(await readPopulationAsync(reader, population));
  // The first pages are held until the population proves large enough for a worker (then sent to it), or ends.
  const held: Array<PopulationLine | string> = [];
  let bytes = 0;
  let worker: FreezeOnWorker | null = null;
  const textOf = (item: PopulationLine | string) => (typeof item === 'string' ? item : lineText(item));
  try {
    for await (const item of population) {
      if (worker) worker.add(textOf(item));
      else {
        held.push(item);
        bytes += typeof item === 'string' ? item.length : 22;
        if (bytes >= (input.parallelFrom ?? FREEZE_PARALLEL_FROM)) {
          worker = new FreezeOnWorker(watch);
          for (const h of held.splice(0)) worker.add(textOf(h));
        }
      }
    }
    if (worker) return finish(await worker.finish());
    for (const h of held) reader.add(h); // in the order they came (an array given to `freeze` is sorted first)
    return finish(reader.finish());
  } finally {
    worker?.stop();
  }
}

export interface DrawInput<P> {
  taskId: string;
  frozen: Frozen;
  ratios: Record<Stratum, number>;
  seed: string;
  departments: string[];
  m: number;
  /** The frozen population again, for the second pass (its digest must equal the frozen one). */
  population: P;
  /**
   * `drawAsync` draws the inspectors on a worker thread, during the second pass, from this many selected targets
   * (default `PARALLEL_FROM`); below it, or in `draw`, on this thread. The result is the same either way.
   */
  parallelFrom?: number;
}

/**
 * Selections from which step 6 pays for a worker thread: starting one costs ≈ 0.3 s of CPU on the other core (while
 * this thread draws the target indices and reads); drawing the inspectors of 100 000 targets here ≈ 0.4 s.
 */
export const PARALLEL_FROM = 100_000;

/** How many targets the draw will select; 0 for ratios planTargets will refuse (with its own message). */
function selectionCount(counts: Record<Stratum, number>, ratios: Record<Stratum, number>): number {
  try {
    return STRATA.reduce((n, s) => n + sampleSize(counts[s], ratios[s]), 0);
  } catch {
    return 0;
  }
}

function prepareDraw(input: Omit<DrawInput<unknown>, 'population'>, mayUseWorker: boolean) {
  const { frozen } = input;
  if (frozen.specVersion !== DRAW_SPEC_VERSION)
    throw new DrawError(
      'BAD_PARAMETER',
      `frozen with spec version ${frozen.specVersion}, this engine runs ${DRAW_SPEC_VERSION}`,
    );
  const departments = sortedDepartments(input.departments);
  const m = checkM(input.m);
  if (departments.join('\n') !== frozen.departments.join('\n') || m !== frozen.m)
    throw new DrawError('BAD_PARAMETER', 'departments and m must be those the population was frozen with');
  const counts = Object.fromEntries(STRATA.map((s) => [s, frozen.strata[s].count])) as Record<Stratum, number>;
  // The worker (if any) starts first, so it gets ready while the target indices are drawn here.
  const selected = selectionCount(counts, input.ratios);
  // Step 6 runs as the second pass picks each target — on a worker thread for a large draw, else here (so, reading
  // from a database, while it builds the next page); the selections count only once the digest matches. Should a
  // target's pool be short, the targets are assigned again in selection order at the end, so the error is the one
  // selection order meets first.
  const worker =
    mayUseWorker && selected >= (input.parallelFrom ?? PARALLEL_FROM)
      ? new ParallelInspectors({
          taskId: input.taskId,
          pools: frozen.pools,
          recusals: frozen.recusals,
          departments,
          m,
          seed: input.seed,
        })
      : null;
  let plan: Record<Stratum, StratumDraw>;
  try {
    plan = planTargets(input.taskId, counts, input.ratios, input.seed);
  } catch (e) {
    worker?.stop();
    throw e;
  }
  const strata = STRATA.flatMap((s) => plan[s].indices.map(() => s));
  const assign = worker ? null : inspectorAssigner(input.taskId, frozen, departments, m, input.seed);
  const selections = new Array<Selection>(strata.length);
  let assigned = true;
  const reader = new PopulationPicker(
    counts,
    Object.fromEntries(STRATA.map((s) => [s, plan[s].indices])) as Record<Stratum, number[]>,
    (j, targetId) => {
      if (worker) worker.add(j, targetId);
      else if (assigned)
        try {
          selections[j] = assign!({ stratum: strata[j], targetId });
        } catch {
          assigned = false;
        }
    },
  );
  type Summary = ReturnType<PopulationPicker['finish']>;
  const checkDigest = (summary: Summary) => {
    if (summary.digest !== frozen.population.digest || summary.count !== frozen.population.count)
      throw new DrawError('DIGEST_MISMATCH', 'the population read for the draw is not the frozen population', {
        frozen: frozen.population.digest,
        read: summary.digest,
      });
  };
  const again = (summary: Summary): DrawResult => {
    const targets = summary.targets.map((targetId, j) => ({ stratum: strata[j], targetId }));
    return { strata: plan, selections: assignInspectors(input.taskId, targets, frozen, departments, m, input.seed) };
  };
  const finish = (summary: Summary): DrawResult => {
    checkDigest(summary);
    return assigned ? { strata: plan, selections: Object.freeze(selections) as Selection[] } : again(summary);
  };
  const finishAsync = async (summary: Summary): Promise<DrawResult> => {
    if (!worker) return finish(summary);
    checkDigest(summary);
    const positions = await worker.positions(strata.length);
    if (!positions) return again(summary);
    const pools = readPools(frozen.pools.tsv).byDepartment;
    const builder = new SelectionBuilder(
      departments,
      departments.map((d) => pools.get(d) ?? []),
      m,
    );
    const width = departments.length * m;
    for (let j = 0; j < strata.length; j++)
      selections[j] = builder.build({ stratum: strata[j], targetId: summary.targets[j] }, positions, j * width);
    return { strata: plan, selections: Object.freeze(selections) as Selection[] };
  };
  return { reader, finish, finishAsync, stop: () => worker?.stop() };
}

/** Spec steps 5–6: the targets (second pass over the population) and their inspectors. */
export function draw(input: DrawInput<PopulationInput>): DrawResult {
  const { reader, finish } = prepareDraw(input, false);
  return finish(readPopulation(reader, input.population));
}

/** `draw` over an asynchronous source; a large draw's inspectors are drawn on a worker thread meanwhile. */
export async function drawAsync(input: DrawInput<PopulationStream>): Promise<DrawResult> {
  const { reader, finishAsync, stop } = prepareDraw(input, true);
  try {
    return await finishAsync(await readPopulationAsync(reader, input.population));
  } finally {
    stop();
  }
}

export { verifyDraw, verifyDrawAsync, type VerifyResult } from './verify.ts';
