/** Spec steps 5 (the target indices of each stratum) and 6 (the inspectors of each selected target). */
import { DrawError, STRATA, checkIdentifier, checkInteger, type Stratum } from './spec.ts';
import { fewIndices, sampleSize, uniformIndices } from './indices.ts';
import { SeededHasher } from './sha256-seeded.ts';
import { poolFor, readPools, readRecusals } from './lists.ts';
import type { StratumSummary } from './population.ts';

/** What freezing publishes before any randomness exists, plus the frozen pool and recusal bytes (small). */
export interface Frozen {
  specVersion: number;
  departments: string[];
  m: number;
  population: { count: number; digest: string };
  strata: Record<Stratum, StratumSummary>;
  pools: { count: number; digest: string; tsv: string };
  recusals: { count: number; digest: string; tsv: string };
}

export interface Selection {
  stratum: Stratum;
  targetId: string;
  /** Department → its m inspectors, in order of acceptance. */
  inspectors: Record<string, string[]>;
}

export interface StratumDraw {
  n: number;
  ratioBp: number;
  k: number;
  /** Indices into the stratum's sorted lines, in order of acceptance. */
  indices: number[];
}

export interface DrawResult {
  strata: Record<Stratum, StratumDraw>;
  /** Strata in byte order, each in order of acceptance. */
  selections: Selection[];
}

/** Spec step 5 before the second pass: k and the indices of every stratum, from the counts alone. */
export function planTargets(
  taskId: string,
  counts: Record<Stratum, number>,
  ratios: Record<Stratum, number>,
  seed: string,
): Record<Stratum, StratumDraw> {
  checkIdentifier(taskId, 'task id');
  if (!/^[0-9a-f]{64}$/.test(seed))
    throw new DrawError('BAD_PARAMETER', 'the seed must be 64 lowercase hex characters');
  const plan = {} as Record<Stratum, StratumDraw>;
  for (const s of STRATA) {
    const n = checkInteger(counts[s], `count of stratum ${s}`);
    const ratioBp = checkInteger(ratios?.[s], `ratio of stratum ${s}`, 0, 10000);
    const k = sampleSize(n, ratioBp);
    plan[s] = { n, ratioBp, k, indices: uniformIndices(seed, `${taskId}|target|${s}`, n, k) };
  }
  return plan;
}

/**
 * Spec step 6 as numbers: for one selected target, each department's m inspectors (departments in byte order, each
 * in order of acceptance) as positions in that department's whole frozen pool, written to `out` from
 * `at` (departments × m numbers). Each target's inspectors depend on it alone, so targets may come in any order
 * and batches of them may be drawn on other threads (parallel.ts). Throws POOL_TOO_SMALL.
 */
export interface InspectorIndexer {
  /** The departments (byte order) and each one's whole frozen pool, which the positions point into. */
  pools: string[][];
  index(targetId: string, out: Int32Array, at: number): void;
}

export function inspectorIndexer(
  taskId: string,
  frozen: Pick<Frozen, 'pools' | 'recusals'>,
  departments: string[],
  m: number,
  seed: string,
): InspectorIndexer {
  const pools = readPools(frozen.pools.tsv);
  const recusals = readRecusals(frozen.recusals.tsv);
  const byDepartment = departments.map((d) => {
    const whole = poolFor(pools, recusals, d, ''); // no recusals: the department's whole pool
    return {
      d,
      whole,
      position: new Map(whole.map((id, i) => [id, i])),
      head: `${taskId}|inspector|${d}|`,
      hasher: /^[0-9a-f]{64}$/.test(seed) ? new SeededHasher(seed) : null, // else node:crypto (uniformIndices)
    };
  });
  const picked = new Int32Array(m);
  return {
    pools: byDepartment.map((b) => b.whole),
    index(targetId, out, at) {
      const recused = recusals.byTarget.has(targetId);
      for (let j = 0; j < byDepartment.length; j++) {
        const { d, whole, position, head, hasher } = byDepartment[j];
        const pool = recused ? poolFor(pools, recusals, d, targetId) : whole;
        if (pool.length < m)
          throw new DrawError(
            'POOL_TOO_SMALL',
            `department ${d} has fewer than ${m} inspectors for target ${targetId}`,
            { targetId, department: d, m },
          );
        const to = at + j * m;
        if (hasher?.setLabel(head, targetId)) fewIndices(hasher, pool.length, m, picked, 0);
        else picked.set(uniformIndices(seed, head + targetId, pool.length, m)); // a non-ASCII id (never valid)
        for (let q = 0; q < m; q++) out[to + q] = pool === whole ? picked[q] : position.get(pool[picked[q]])!;
      }
    },
  };
}

/**
 * Builds selections from their inspectors' positions (as `InspectorIndexer.index` writes them), frozen deeply. A
 * department's list of m inspectors is one frozen array shared by every target drawn the same inspectors (at m = 2
 * from 60, 3 540 lists serve 810 000 targets): less memory and less to allocate.
 */
export class SelectionBuilder {
  readonly #departments: string[];
  readonly #pools: string[][];
  readonly #m: number;
  /** Per department: the lists seen, by their positions read as one number (when that fits a double exactly). */
  readonly #lists: Array<Map<number, string[]> | null>;

  constructor(departments: string[], pools: string[][], m: number) {
    this.#departments = departments;
    this.#pools = pools;
    this.#m = m;
    this.#lists = pools.map((pool) => (Math.pow(pool.length, m) < 2 ** 52 ? new Map() : null));
  }

  build(target: { stratum: Stratum; targetId: string }, positions: Int32Array, at: number): Selection {
    const m = this.#m;
    const inspectors: Record<string, string[]> = {};
    for (let j = 0; j < this.#departments.length; j++) {
      const pool = this.#pools[j];
      const from = at + j * m;
      const lists = this.#lists[j];
      let key = 0;
      if (lists) for (let q = 0; q < m; q++) key = key * pool.length + positions[from + q];
      let names = lists?.get(key);
      if (!names) {
        names = new Array<string>(m);
        for (let q = 0; q < m; q++) names[q] = pool[positions[from + q]];
        Object.freeze(names);
        lists?.set(key, names);
      }
      inspectors[this.#departments[j]] = names;
    }
    return Object.freeze({
      stratum: target.stratum,
      targetId: target.targetId,
      inspectors: Object.freeze(inspectors),
    }) as Selection;
  }
}

/**
 * Spec step 6 for one selected target: its m inspectors per department. Targets may come in any order (the draw
 * assigns each as its second pass picks it, while the database builds the next page). The selection comes out
 * frozen (deeply), so a record can share it instead of copying it.
 */
export function inspectorAssigner(
  taskId: string,
  frozen: Pick<Frozen, 'pools' | 'recusals'>,
  departments: string[],
  m: number,
  seed: string,
): (target: { stratum: Stratum; targetId: string }) => Selection {
  const indexer = inspectorIndexer(taskId, frozen, departments, m, seed);
  const builder = new SelectionBuilder(departments, indexer.pools, m);
  const positions = new Int32Array(departments.length * m);
  return (target) => {
    indexer.index(target.targetId, positions, 0);
    return builder.build(target, positions, 0);
  };
}

/** Spec step 6: m inspectors per department for each selected target, in selection order (frozen, deeply). */
export function assignInspectors(
  taskId: string,
  targets: { stratum: Stratum; targetId: string }[],
  frozen: Pick<Frozen, 'pools' | 'recusals'>,
  departments: string[],
  m: number,
  seed: string,
): Selection[] {
  const assign = inspectorAssigner(taskId, frozen, departments, m, seed);
  const selections = new Array<Selection>(targets.length);
  for (let t = 0; t < targets.length; t++) selections[t] = assign(targets[t]);
  return Object.freeze(selections) as Selection[];
}
