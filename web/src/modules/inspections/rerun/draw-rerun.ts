/**
 * Re-runs a published draw in the browser from its record and its three frozen files, following docs/draw-spec.md
 * (version 1) step by step. Written apart from the server's engine on purpose: a second, independent reading of the
 * specification is what lets a citizen trust the result without trusting the platform's code. Pure and synchronous,
 * so a Web Worker (worker.ts) can run it over a population of a million lines while the page stays responsive.
 */
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex } from '@noble/hashes/utils';
import canonicalize from 'canonicalize';

export const SPEC_VERSION = 1;
const STRATA = ['A', 'B', 'C', 'D'] as const;
type Stratum = (typeof STRATA)[number];
const IDENTIFIER = /^[0-9A-Za-z._:-]{1,64}$/;
const HEX64 = /^[0-9a-f]{64}$/;

/** The parts of a draw record (spec step 7) the re-run reads; the digest covers every field. */
export interface PublishedRecord {
  specVersion: number;
  taskId: string;
  departments: string[];
  m: number;
  population: { count: number; digest: string };
  strata: Record<Stratum, { count: number; digest: string; ratioBp: number; k: number }>;
  pools: { count: number; digest: string };
  recusals: { count: number; digest: string };
  voidedRounds: Array<{ commitments: Array<{ commitment: string }>; reveals: (string | null)[] }>;
  commitments: Array<{ participantId: string; outside: boolean; commitment: string }>;
  reveals: string[];
  seed: string;
  selections: Array<{ stratum: Stratum; targetId: string; inspectors: Record<string, string[]> }>;
}

/** What a person is told: a message key (inspections.rerun.diff.*) and its plain parameters. */
export interface Difference {
  key:
    | 'notRevealed'
    | 'specVersion'
    | 'participants'
    | 'reveal'
    | 'seed'
    | 'voidedRound'
    | 'poolsFile'
    | 'recusalsFile'
    | 'populationFile'
    | 'stratum'
    | 'sampleSize'
    | 'poolTooSmall'
    | 'selectionCount'
    | 'selection'
    | 'inspectors'
    | 'recordDigest';
  params?: Record<string, string | number>;
}

export type RerunResult =
  { ok: true; recordDigest: string; population: number; selected: number } | { ok: false; difference: Difference };

export interface RerunInput {
  record: PublishedRecord;
  /** The digest the platform published (and sealed in its audit chain). */
  publishedDigest: string;
  population: Uint8Array;
  pools: Uint8Array;
  recusals: Uint8Array;
  /** Called now and then with the share of the work done (0–1). */
  onProgress?: (share: number) => void;
}

class Found extends Error {
  constructor(readonly difference: Difference) {
    super(difference.key);
  }
}
const differ = (key: Difference['key'], params?: Difference['params']): never => {
  throw new Found({ key, params });
};

const encoder = new TextEncoder();
const hex = (bytes: Uint8Array) => bytesToHex(sha256(bytes));
const hexOf = (s: string) => hex(encoder.encode(s));

/** Spec files: ASCII lines each ending in "\n", strictly ascending, every field an identifier (the last of recusals a reason). */
function lines(bytes: Uint8Array, fields: number, onBad: Difference['key']): string[] {
  if (bytes.length === 0) return [];
  if (bytes[bytes.length - 1] !== 0x0a || bytes.some((b) => b > 0x7f || b === 0x0d)) differ(onBad);
  const out = new TextDecoder('ascii').decode(bytes).slice(0, -1).split('\n');
  out.forEach((line, i) => {
    const parts = line.split('\t');
    if (parts.length !== fields || parts.some((p) => !IDENTIFIER.test(p))) differ(onBad);
    if (i > 0 && !(out[i - 1] < line)) differ(onBad);
  });
  return out;
}

/** Spec step 4: k distinct uniform indices below n for label L, in order of acceptance (all n, sorted, when k ≥ n). */
export function uniformIndices(seed: string, label: string, n: number, k: number): number[] {
  if (n === 0 || k === 0) return [];
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  const bigN = BigInt(n);
  const limit = (1n << 64n) - ((1n << 64n) % bigN);
  const taken = new Set<number>();
  const out: number[] = [];
  for (let i = 0; out.length < k; i++) {
    const h = sha256(encoder.encode(`${seed}|${label}|${i}`));
    const x = new DataView(h.buffer, h.byteOffset, 8).getBigUint64(0);
    if (x >= limit) continue;
    const index = Number(x % bigN);
    if (taken.has(index)) continue;
    taken.add(index);
    out.push(index);
  }
  return out;
}

export const sampleSize = (n: number, ratioBp: number) => Math.floor((n * ratioBp + 9999) / 10000);

function checkCeremony(r: PublishedRecord): void {
  const ids = r.commitments.map((c) => c.participantId);
  if (ids.length < 2 || new Set(ids).size !== ids.length || !r.commitments.some((c) => c.outside === true))
    differ('participants');
  if (r.reveals.length !== r.commitments.length) differ('reveal', { n: Math.min(r.reveals.length, ids.length) + 1 });
  r.reveals.forEach((secret, i) => {
    if (!HEX64.test(secret) || hexOf(secret) !== r.commitments[i].commitment) differ('reveal', { n: i + 1 });
  });
  if (r.seed !== hexOf(r.reveals.join('|'))) differ('seed');
  const earlier = new Set<string>();
  r.voidedRounds.forEach((round, j) => {
    const allMatch =
      round.reveals.length === round.commitments.length &&
      round.commitments.every((c, i) => {
        const s = round.reveals[i];
        return typeof s === 'string' && HEX64.test(s) && hexOf(s) === c.commitment;
      });
    if (allMatch) differ('voidedRound', { n: j + 1 });
    for (const c of round.commitments) earlier.add(c.commitment);
  });
  if (r.commitments.some((c) => earlier.has(c.commitment))) differ('voidedRound', { n: r.voidedRounds.length });
}

/** Re-runs the draw; the first difference found, in the order docs/draw-spec.md section 4 gives, or a match. */
export function rerunDraw(input: RerunInput): RerunResult {
  const { record: r } = input;
  const progress = input.onProgress ?? (() => {});
  try {
    if (!r || typeof r.seed !== 'string' || !Array.isArray(r.selections) || !Array.isArray(r.reveals))
      differ('notRevealed');
    if (r.specVersion !== SPEC_VERSION) differ('specVersion', { version: String(r.specVersion) });
    checkCeremony(r);

    // Pools and recusals (small), then the population in one pass.
    if (hex(input.pools) !== r.pools.digest) differ('poolsFile');
    const poolLines = lines(input.pools, 2, 'poolsFile');
    if (poolLines.length !== r.pools.count) differ('poolsFile');
    if (hex(input.recusals) !== r.recusals.digest) differ('recusalsFile');
    const recusalLines = lines(input.recusals, 3, 'recusalsFile');
    if (recusalLines.length !== r.recusals.count) differ('recusalsFile');
    progress(0.05);

    if (hex(input.population) !== r.population.digest) differ('populationFile');
    const population = lines(input.population, 2, 'populationFile');
    if (population.length !== r.population.count) differ('populationFile');
    progress(0.3);

    // Each stratum is a contiguous run of the sorted file: its own digest and count.
    const byStratum = new Map<Stratum, string[]>(STRATA.map((s) => [s, []]));
    for (const line of population) {
      const s = line.slice(0, line.indexOf('\t')) as Stratum;
      const list = byStratum.get(s);
      if (!list) differ('populationFile');
      list!.push(line.slice(2));
    }
    for (const s of STRATA) {
      const list = byStratum.get(s)!;
      if (list.length !== r.strata[s].count) differ('stratum', { stratum: s });
      if (hexOf(list.map((t) => `${s}\t${t}\n`).join('')) !== r.strata[s].digest) differ('stratum', { stratum: s });
      if (r.strata[s].k !== sampleSize(list.length, r.strata[s].ratioBp)) differ('sampleSize', { stratum: s });
    }
    progress(0.4);

    // Step 5: the targets; step 6: their inspectors.
    const pools = new Map<string, string[]>();
    for (const line of poolLines) {
      const [d, inspector] = line.split('\t');
      pools.set(d, [...(pools.get(d) ?? []), inspector]);
    }
    const recused = new Map<string, Set<string>>();
    for (const line of recusalLines) {
      const [t, inspector] = line.split('\t');
      recused.set(t, (recused.get(t) ?? new Set()).add(inspector));
    }
    const departments = [...r.departments].sort();
    const targets = new Set(population.map((line) => line.slice(2)));
    for (const d of departments) {
      const pool = pools.get(d) ?? [];
      if (pool.length < r.m) differ('poolTooSmall', { department: d });
      for (const [t, set] of recused)
        if (targets.has(t) && pool.filter((i) => !set.has(i)).length < r.m) differ('poolTooSmall', { department: d });
    }
    const expected = STRATA.flatMap((s) =>
      uniformIndices(r.seed, `${r.taskId}|target|${s}`, r.strata[s].count, r.strata[s].k).map((i) => ({
        stratum: s,
        targetId: byStratum.get(s)![i],
      })),
    );
    if (expected.length !== r.selections.length) differ('selectionCount', { expected: expected.length });
    expected.forEach((want, n) => {
      const got = r.selections[n];
      if (got?.stratum !== want.stratum || got.targetId !== want.targetId) differ('selection', { n: n + 1 });
      if (
        Object.keys(got.inspectors ?? {})
          .sort()
          .join('\n') !== departments.join('\n')
      )
        differ('inspectors', { n: n + 1 });
      for (const d of departments) {
        const pool = (pools.get(d) ?? []).filter((i) => !recused.get(want.targetId)?.has(i));
        const picked = uniformIndices(r.seed, `${r.taskId}|inspector|${d}|${want.targetId}`, pool.length, r.m).map(
          (i) => pool[i],
        );
        if ((got.inspectors?.[d] ?? []).join('\n') !== picked.join('\n')) differ('inspectors', { n: n + 1 });
      }
      if (n % 1000 === 0) progress(0.4 + (0.55 * n) / expected.length);
    });

    const recordDigest = hexOf(canonicalize(r) ?? '');
    if (recordDigest !== input.publishedDigest) differ('recordDigest');
    progress(1);
    return { ok: true, recordDigest, population: population.length, selected: expected.length };
  } catch (e) {
    if (e instanceof Found) return { ok: false, difference: e.difference };
    throw e;
  }
}
