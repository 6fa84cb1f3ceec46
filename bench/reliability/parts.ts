/**
 * The parts of `npm run bench:reliability` (issue 14). Each part runs against one database and returns its figures;
 * `failures` must be 0 for the run to pass (writes lost, 5xx answers, cross-city reads, tampering missed …).
 * The reduced form of each part runs inside `npm test` from the part's own test file.
 */
import { crashPart } from './crash.ts';
import { soakPart } from './soak.ts';

// The types live in types.ts so that a part can import them without importing this registry (no cycle).
export type { ReliabilityFigures, ReliabilityOptions, ReliabilityPart } from './types.ts';
import type { ReliabilityPart } from './types.ts';

/** Registered parts, one line each. */
export const PARTS: ReliabilityPart[] = [
  // One line per part, so branches that add parts side by side merge cleanly.
  crashPart,
  soakPart,
];
