/** The types of the reliability runner's parts (bench/reliability/parts.ts registers the parts). */
import type { DialectName } from '../../src/kernel/db/adapter.ts';

export interface ReliabilityOptions {
  db: DialectName;
  /** false: the reduced form CI runs; true: the full run. */
  full: boolean;
  /** Seed for anything random (kill moments, fuzz cases), so a run can be repeated. */
  seed: number;
  /** PostgreSQL server URL when db is 'postgres'. */
  pgUrl: string;
}

export interface ReliabilityFigures {
  part: string;
  /** Named figures, in report order: counts, latencies (ms), sizes (MB). */
  figures: Record<string, number | string>;
  /** How many things went wrong; the run fails unless every part reports 0. */
  failures: number;
  /** Up to a few lines naming what failed, for the report. */
  notes: string[];
}

export interface ReliabilityPart {
  name: string;
  description: string;
  run(opts: ReliabilityOptions): Promise<ReliabilityFigures>;
}
