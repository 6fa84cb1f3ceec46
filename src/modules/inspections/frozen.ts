/** What a task stores of its freeze: counts and digests, without the frozen bytes. */
import type { Frozen } from './draw/engine.ts';

export function frozenSummary(f: Frozen) {
  return {
    specVersion: f.specVersion,
    population: f.population,
    strata: f.strata,
    pools: { count: f.pools.count, digest: f.pools.digest },
    recusals: { count: f.recusals.count, digest: f.recusals.digest },
  };
}
export type FrozenSummary = ReturnType<typeof frozenSummary> & { excluded: number };
