/** Spec step 7: the draw record and its digest. */
import { createHash } from 'node:crypto';
import { canonicalJsonTo } from '../../../kernel/audit.ts';
import { DRAW_SPEC_VERSION, IDENTIFIER, STRATA, type Stratum } from './spec.ts';
import type { DrawResult, Frozen, Selection } from './steps.ts';

/** A participant's commitment as recorded, in the order commitments were recorded. */
export interface RecordedCommitment {
  participantId: string;
  /** From outside the task's departments (a supervisor or discipline inspector). */
  outside: boolean;
  commitment: string;
}

/** A voided round stays on the record: its commitments, the reveals that came (null = missing) and why. */
export interface VoidedRound {
  commitments: RecordedCommitment[];
  reveals: (string | null)[];
  reason: string;
}

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Spec step 7: the record, a plain JSON object; `recordDigest` is what the audit chain seals. */
export interface DrawRecord {
  specVersion: number;
  taskId: string;
  filters: { [key: string]: JsonValue };
  departments: string[];
  m: number;
  population: { count: number; digest: string };
  strata: Record<Stratum, { count: number; digest: string; ratioBp: number; k: number }>;
  pools: { count: number; digest: string };
  recusals: { count: number; digest: string };
  voidedRounds: VoidedRound[];
  commitments: RecordedCommitment[];
  reveals: string[];
  seed: string;
  selections: Selection[];
  /** ISO 8601 instants, e.g. frozenAt, committedAt, revealedAt, drawnAt. */
  timestamps: Record<string, string>;
}

export interface DrawRecordInput {
  taskId: string;
  filters: { [key: string]: JsonValue };
  frozen: Frozen;
  voidedRounds?: VoidedRound[];
  commitments: RecordedCommitment[];
  reveals: string[];
  seed: string;
  result: DrawResult;
  timestamps: Record<string, string>;
}

/**
 * Spec step 7: assembles the record (copies, so later changes to the inputs do not reach it). The selections of a
 * `draw` are frozen (immutable), so they are shared rather than copied: at 10M targets they are 810 000 objects.
 */
export function drawRecord(input: DrawRecordInput): DrawRecord {
  const { frozen, result } = input;
  const record: DrawRecord = {
    specVersion: DRAW_SPEC_VERSION,
    taskId: input.taskId,
    filters: input.filters,
    departments: frozen.departments,
    m: frozen.m,
    population: { count: frozen.population.count, digest: frozen.population.digest },
    strata: Object.fromEntries(
      STRATA.map((s) => [
        s,
        {
          count: frozen.strata[s].count,
          digest: frozen.strata[s].digest,
          ratioBp: result.strata[s].ratioBp,
          k: result.strata[s].k,
        },
      ]),
    ) as DrawRecord['strata'],
    pools: { count: frozen.pools.count, digest: frozen.pools.digest },
    recusals: { count: frozen.recusals.count, digest: frozen.recusals.digest },
    voidedRounds: input.voidedRounds ?? [],
    commitments: input.commitments,
    reveals: input.reveals,
    seed: input.seed,
    selections: [],
    timestamps: input.timestamps,
  };
  const copy = structuredClone(record);
  copy.selections = Object.isFrozen(result.selections) ? result.selections : structuredClone(result.selections);
  return copy;
}

/**
 * Hex SHA-256 of the record's RFC 8785 canonical JSON — what `recordAction` seals. Hashed in pieces of about 1 MB
 * (the same bytes as `sha256Hex(canonicalJson(record))`), never as one string of the whole record.
 */
export function recordDigest(record: DrawRecord): string {
  const hash = createHash('sha256');
  let buffer = '';
  canonicalJsonTo(
    record,
    (piece) => {
      buffer += piece;
      if (buffer.length >= 1 << 20) {
        hash.update(buffer, 'utf8');
        buffer = '';
      }
    },
    2,
    selectionJson,
  );
  return hash.update(buffer, 'utf8').digest('hex');
}

const isIdentifier = (v: unknown): v is string => typeof v === 'string' && IDENTIFIER.test(v);

/**
 * The canonical JSON of a selection as `canonicalJson` writes it, about 10× faster: when the value has exactly the
 * keys of a `Selection` and every string in it is an identifier (no character JSON escapes, keys in UTF-16 order as
 * written), its canonical form is fixed. Anything else (a record read back with other keys, odd values): null, and
 * the generic writer takes it.
 */
function selectionJson(v: unknown): string | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const sel = v as Partial<Selection> & Record<string, unknown>;
  if (Object.getPrototypeOf(sel) !== Object.prototype) return null;
  const keys = Object.keys(sel);
  if (keys.length !== 3 || !isIdentifier(sel.stratum) || !isIdentifier(sel.targetId)) return null;
  const inspectors = sel.inspectors as Record<string, unknown> | undefined;
  if (inspectors === null || typeof inspectors !== 'object' || Array.isArray(inspectors)) return null;
  if (Object.getPrototypeOf(inspectors) !== Object.prototype) return null; // no toJSON to honour
  const departments = Object.keys(inspectors).sort();
  let out = '{"inspectors":{';
  for (let j = 0; j < departments.length; j++) {
    const d = departments[j];
    const ids = inspectors[d];
    if (!isIdentifier(d) || !Array.isArray(ids)) return null;
    out += (j ? ',"' : '"') + d + '":[';
    for (let i = 0; i < ids.length; i++) {
      if (!isIdentifier(ids[i])) return null;
      out += (i ? ',"' : '"') + ids[i] + '"';
    }
    out += ']';
  }
  return out + '},"stratum":"' + sel.stratum + '","targetId":"' + sel.targetId + '"}';
}
