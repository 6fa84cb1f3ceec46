/**
 * The parts of `npm run bench:reliability` (issue 14). Each part runs against one database and returns its figures;
 * `failures` must be 0 for the run to pass (writes lost, 5xx answers, cross-city reads, tampering missed …).
 * The reduced form of each part runs inside `npm test` from the part's own test file. A part imports its types from
 * types.ts, never from here (that would be an import cycle).
 */
import type { ReliabilityPart } from './types.ts';
import { receiptsPart } from './receipts.ts';
import { accessPart } from './access.ts';
import { fuzzPart } from './fuzz.ts';
import { crashPart } from './crash.ts';
import { soakPart } from './soak.ts';

/** Registered parts, one line each. */
export const PARTS: ReliabilityPart[] = [
  receiptsPart, // tamper evidence: receipts, the chain, stored records
  accessPart, // access control and password hashes: the cross-city sweep
  fuzzPart, // bad input: the OpenAPI-driven fuzzer
  crashPart, // durability: kill -9 under a mixed write load
  soakPart, // steady traffic; on PostgreSQL, two processes
];
