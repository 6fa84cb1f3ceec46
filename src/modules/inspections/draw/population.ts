/**
 * Spec step 2 for the population: lines "<stratum>\t<targetId>\n", strictly ascending by bytes, digested as a
 * whole and per stratum. The reader streams: it takes lines or TSV text in chunks of any size, hashes whole runs of
 * lines at once, keeps only the previous line, and can pick the lines at given indices of each stratum (the
 * second pass of step 5) — so 10M targets need neither a giant string nor an array of them.
 */
import { createHash, type Hash } from 'node:crypto';
import { DrawError, STRATA, checkIdentifier, checkStratum, type Stratum } from './spec.ts';

export interface PopulationLine {
  stratum: Stratum;
  targetId: string;
}

export interface StratumSummary {
  count: number;
  digest: string;
}

export interface PopulationSummary {
  count: number;
  digest: string;
  strata: Record<Stratum, StratumSummary>;
}

/** A population source: lines, or chunks of TSV text (split anywhere), from an array, a cursor or a stream. */
export type PopulationInput = Iterable<PopulationLine | string>;
export type PopulationStream = AsyncIterable<PopulationLine | string> | PopulationInput;

/** Outside these characters no line can be valid; one native scan finds them. */
const FOREIGN = /[^0-9A-Za-z._:\t\n-]/;
const BATCH = 1 << 16;

function compareBytes(a: PopulationLine, b: PopulationLine): number {
  return a.stratum < b.stratum
    ? -1
    : a.stratum > b.stratum
      ? 1
      : a.targetId < b.targetId
        ? -1
        : a.targetId > b.targetId
          ? 1
          : 0;
}

/** The frozen bytes of a population given as objects (sorted, identical lines once). For downloads and tests. */
export function populationTsv(lines: Iterable<PopulationLine>): string {
  const sorted = [...lines].map((l) => ({
    stratum: checkStratum(l.stratum),
    targetId: checkIdentifier(l.targetId, 'target id'),
  }));
  sorted.sort(compareBytes);
  let out = '';
  let prev = '';
  for (const l of sorted) {
    const line = `${l.stratum}\t${l.targetId}\n`;
    if (line !== prev) out += line;
    prev = line;
  }
  return out;
}

/** An array of lines is sorted for the caller; anything else (a cursor, a stream) must arrive in order. */
export function inOrder(population: PopulationInput): PopulationInput {
  if (!Array.isArray(population) || population.some((l) => typeof l === 'string')) return population;
  return [...(population as PopulationLine[])].sort(compareBytes);
}

export class PopulationReader {
  readonly #all: Hash = createHash('sha256');
  readonly #hash = new Map<Stratum, Hash>(STRATA.map((s) => [s, createHash('sha256')]));
  readonly #count: Record<Stratum, number> = { A: 0, B: 0, C: 0, D: 0 };
  readonly #pick: Partial<Record<Stratum, number[]>>; // ascending indices to pick, per stratum
  readonly #pickAt: Record<Stratum, number> = { A: 0, B: 0, C: 0, D: 0 };
  readonly #picked = new Map<Stratum, Map<number, string>>(STRATA.map((s) => [s, new Map()]));
  readonly #watch: ReadonlySet<string> | null;
  readonly #seen = new Set<string>();
  #prev = '';
  #carry = '';
  #batch = '';
  #lines = 0;

  /**
   * @param pick indices (any order) to pick in each stratum
   * @param watch target ids to report if present (freeze uses it for targets whose recusals leave a pool too small)
   */
  constructor(pick: Partial<Record<Stratum, readonly number[]>> = {}, watch?: ReadonlySet<string>) {
    this.#pick = Object.fromEntries(
      Object.entries(pick).map(([s, idx]) => [s, [...new Set(idx)].sort((a, b) => a - b)]),
    ) as Partial<Record<Stratum, number[]>>;
    this.#watch = watch && watch.size ? watch : null;
  }

  /** Adds one line (validated here, so a bad identifier is named as such). */
  addLine(line: PopulationLine): void {
    const s = checkStratum(line.stratum);
    this.#batch += `${s}\t${checkIdentifier(line.targetId, 'target id')}\n`;
    if (this.#batch.length >= BATCH) this.#flushBatch();
  }

  /** Adds TSV text; a chunk may end mid-line (the rest is kept for the next chunk). */
  addText(text: string): void {
    this.#flushBatch();
    const all = this.#carry + text;
    const end = all.lastIndexOf('\n') + 1;
    this.#carry = all.slice(end);
    if (end) this.#consume(end === all.length ? all : all.slice(0, end));
  }

  add(item: PopulationLine | string): void {
    if (typeof item === 'string') this.addText(item);
    else this.addLine(item);
  }

  /** The totals, the lines picked ([stratum][index] → target id) and the watched targets that were present. */
  finish(): PopulationSummary & { picked: Map<Stratum, Map<number, string>>; seen: Set<string> } {
    this.#flushBatch();
    if (this.#carry) this.#fail('BAD_LINE', this.#lines, 'the last line does not end with a newline');
    const strata = Object.fromEntries(
      STRATA.map((s) => [s, { count: this.#count[s], digest: this.#hash.get(s)!.digest('hex') }]),
    ) as Record<Stratum, StratumSummary>;
    const count = STRATA.reduce((n, s) => n + this.#count[s], 0);
    return { count, digest: this.#all.digest('hex'), strata, picked: this.#picked, seen: this.#seen };
  }

  #flushBatch(): void {
    if (!this.#batch) return;
    const b = this.#batch;
    this.#batch = '';
    this.#consume(b);
  }

  #fail(code: 'BAD_LINE' | 'NOT_SORTED' | 'BAD_IDENTIFIER', line: number, why: string): never {
    throw new DrawError(code, `population line ${line + 1}: ${why}`, { line: line + 1 });
  }

  /** Whole lines only. Checks shape and order, counts, picks, and hashes each stratum's run of lines at once. */
  #consume(text: string): void {
    const bad = FOREIGN.exec(text);
    if (bad) {
      const line = this.#lines + (text.slice(0, bad.index).match(/\n/g)?.length ?? 0);
      this.#fail('BAD_IDENTIFIER', line, `character ${JSON.stringify(bad[0])} is not allowed`);
    }
    this.#all.update(text, 'latin1'); // ASCII only (checked above), so latin1 = the UTF-8 bytes, faster
    let runStart = 0;
    let runStratum: Stratum | null = null;
    let p = 0;
    while (p < text.length) {
      const e = text.indexOf('\n', p);
      const line = text.slice(p, e);
      const s = line[0] as Stratum;
      const c0 = line.charCodeAt(0); // 'A' … 'D'
      if (
        c0 < 65 ||
        c0 > 68 ||
        line.length < 3 ||
        line.length > 66 ||
        line.charCodeAt(1) !== 9 ||
        line.indexOf('\t', 2) !== -1
      )
        this.#fail('BAD_LINE', this.#lines, 'not "<stratum A–D>\\t<target id>"');
      if (line <= this.#prev)
        this.#fail(
          'NOT_SORTED',
          this.#lines,
          `${JSON.stringify(line)} does not come after ${JSON.stringify(this.#prev)}`,
        );
      if (s !== runStratum) {
        if (runStratum) this.#hash.get(runStratum)!.update(text.slice(runStart, p), 'latin1');
        runStratum = s;
        runStart = p;
      }
      const index = this.#count[s]++;
      const pick = this.#pick[s];
      if (pick && pick[this.#pickAt[s]] === index) {
        this.#picked.get(s)!.set(index, line.slice(2));
        this.#pickAt[s]++;
      }
      if (this.#watch?.has(line.slice(2))) this.#seen.add(line.slice(2));
      this.#prev = line;
      this.#lines++;
      p = e + 1;
    }
    if (runStratum) this.#hash.get(runStratum)!.update(text.slice(runStart), 'latin1');
  }
}

/** Reads a whole population source (synchronously). */
export function readPopulation(reader: PopulationReader, population: PopulationInput) {
  for (const item of inOrder(population)) reader.add(item);
  return reader.finish();
}

/** Reads a whole population source that may be asynchronous (a database cursor, a file stream). */
export async function readPopulationAsync(reader: PopulationReader, population: PopulationStream) {
  const source = Symbol.asyncIterator in population ? population : inOrder(population as PopulationInput);
  for await (const item of source) reader.add(item);
  return reader.finish();
}
