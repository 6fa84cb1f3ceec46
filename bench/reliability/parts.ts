/**
 * The parts of `npm run bench:reliability` (issue 14). Each part runs against one database and returns its figures;
 * `failures` must be 0 for the run to pass (writes lost, 5xx answers, cross-city reads, tampering missed …).
 * The reduced form of each part runs inside `npm test` from the part's own test file.
 */
import type { DialectName } from '../../src/kernel/db/adapter.ts';
import { crashPart } from './crash.ts';
import { soakPart } from './soak.ts';

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

/** Registered parts, one line each. */
export const PARTS: ReliabilityPart[] = [
  // One line per part, so branches that add parts side by side merge cleanly.
  crashPart,
  soakPart,
];
