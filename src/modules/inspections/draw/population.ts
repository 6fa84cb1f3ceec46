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
/** Characters above U+00FF. */
const WIDE = /[\u0100-\uffff]/;
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

/** A line's text, its stratum and identifier checked (so a bad identifier is named as such). */
export function lineText(line: PopulationLine): string {
  return `${checkStratum(line.stratum)}\t${checkIdentifier(line.targetId, 'target id')}\n`;
}

/** An array of lines is sorted for the caller; anything else (a cursor, a stream) must arrive in order. */
export function inOrder(population: PopulationInput): PopulationInput {
  if (!Array.isArray(population) || population.some((l) => typeof l === 'string')) return population;
  return [...(population as PopulationLine[])].sort(compareBytes);
}

/**
 * A copy of a short slice that does not keep the text it was cut from alive (V8 makes a slice of 13+ characters a
 * view into its parent: a kept target id would keep its whole ~1 MB page, and at 8 % selected every page).
 */
function ownCopy(slice: string): string {
  return Buffer.from(slice, 'latin1').toString('latin1');
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
    this.#batch += lineText(line);
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
    // The hot loop keeps its state in locals and touches per-stratum fields only where the stratum changes.
    let prev = this.#prev;
    let lines = this.#lines;
    let run: Stratum | null = null;
    let runCode = -1;
    let runStart = 0;
    let count = 0;
    let pick: number[] | undefined;
    let pickAt = 0;
    let picked: Map<number, string> | undefined;
    const watch = this.#watch;
    const endRun = (end: number) => {
      if (run === null) return;
      this.#hash.get(run)!.update(text.slice(runStart, end), 'latin1');
      this.#count[run] = count;
      this.#pickAt[run] = pickAt;
    };
    let p = 0;
    while (p < text.length) {
      const e = text.indexOf('\n', p);
      const line = text.slice(p, e);
      const c0 = line.charCodeAt(0); // 'A' … 'D'
      if (
        c0 < 65 ||
        c0 > 68 ||
        line.length < 3 ||
        line.length > 66 ||
        line.charCodeAt(1) !== 9 ||
        line.indexOf('\t', 2) !== -1
      )
        this.#fail('BAD_LINE', lines, 'not "<stratum A–D>\\t<target id>"');
      if (line <= prev)
        this.#fail('NOT_SORTED', lines, `${JSON.stringify(line)} does not come after ${JSON.stringify(prev)}`);
      if (c0 !== runCode) {
        endRun(p);
        run = line[0] as Stratum;
        runCode = c0;
        runStart = p;
        count = this.#count[run];
        pick = this.#pick[run];
        pickAt = this.#pickAt[run];
        picked = this.#picked.get(run);
      }
      if (pick !== undefined && pick[pickAt] === count) {
        picked!.set(count, ownCopy(line.slice(2)));
        pickAt++;
      }
      count++;
      if (watch !== null && watch.has(line.slice(2))) this.#seen.add(line.slice(2));
      prev = line;
      lines++;
      p = e + 1;
    }
    endRun(text.length);
    this.#prev = prev;
    this.#lines = lines;
  }
}

interface Reads<T> {
  add(item: PopulationLine | string): void;
  finish(): T;
}

/** Reads a whole population source (synchronously). */
export function readPopulation<T>(reader: Reads<T>, population: PopulationInput): T {
  for (const item of inOrder(population)) reader.add(item);
  return reader.finish();
}

/** Reads a whole population source that may be asynchronous (a database cursor, a file stream). */
export async function readPopulationAsync<T>(reader: Reads<T>, population: PopulationStream): Promise<T> {
  const source = Symbol.asyncIterator in population ? population : inOrder(population as PopulationInput);
  for await (const item of source) reader.add(item);
  return reader.finish();
}

/**
 * The second pass of spec step 5: the population again, hashed as a whole (the digest must equal the frozen one),
 * and the lines at the drawn indices of each stratum picked out. Everything else about the lines (shape, order,
 * strata, counts) was checked when they were frozen, and equal digests mean equal bytes, so this pass only counts
 * newlines between the wanted lines (no per-line slicing or comparing): far cheaper than the freeze at 10M lines.
 * Characters above U+00FF are still refused, so hashing the text as latin1 cannot make one text pass for another.
 * The caller must compare `finish()`'s digest and count with the frozen ones before trusting the targets.
 */
export class PopulationPicker {
  readonly #all: Hash = createHash('sha256');
  /** Global line numbers wanted, ascending; `#dest[j]` is where line `#want[j]`'s target id goes in `#targets`. */
  readonly #want: Float64Array;
  readonly #dest: Uint32Array;
  readonly #targets: string[];
  readonly #onPick: ((selection: number, targetId: string) => void) | undefined;
  #next = 0;
  #line = 0; // global number of the line that starts at the beginning of `#carry`
  #carry = '';

  /**
   * @param counts the frozen count of each stratum (strata in byte order follow each other in the population)
   * @param indices each stratum's drawn indices in order of acceptance; the targets come out strata in byte order,
   *   each in that order
   * @param onPick called with each target as it is picked (its place in the targets, in file order), before the
   *   digest is known
   */
  constructor(
    counts: Record<Stratum, number>,
    indices: Record<Stratum, readonly number[]>,
    onPick?: (selection: number, targetId: string) => void,
  ) {
    this.#onPick = onPick;
    const total = STRATA.reduce((n, s) => n + indices[s].length, 0);
    this.#want = new Float64Array(total);
    this.#dest = new Uint32Array(total);
    this.#targets = new Array<string>(total).fill('');
    let offset = 0; // first line of the stratum
    let base = 0; // first selection of the stratum
    let j = 0;
    for (const s of STRATA) {
      const idx = indices[s];
      const order = Array.from(idx.keys()).sort((a, b) => idx[a] - idx[b]);
      for (const o of order) {
        if (j > 0 && offset + idx[o] <= this.#want[j - 1])
          throw new DrawError('BAD_PARAMETER', `stratum ${s}: index ${idx[o]} drawn twice or out of range`);
        this.#want[j] = offset + idx[o];
        this.#dest[j++] = base + o;
      }
      offset += counts[s];
      base += idx.length;
    }
  }

  /** Adds TSV text; a chunk may end mid-line. */
  add(item: PopulationLine | string): void {
    if (typeof item !== 'string') {
      this.add(lineText(item));
      return;
    }
    // Hashed as latin1 (one byte a character): any character up to U+00FF hashes as a byte no frozen population
    // holds (its lines are ASCII identifiers), so the digest comparison refuses it; only a wider character could
    // pass for another (latin1 keeps its low byte). V8 answers this test at once for a one-byte string.
    const wide = WIDE.exec(item);
    if (wide)
      throw new DrawError('BAD_IDENTIFIER', `population: character ${JSON.stringify(wide[0])} is not allowed`, {});
    this.#all.update(item, 'latin1');
    const text = this.#carry ? this.#carry + item : item;
    const want = this.#want;
    let line = this.#line;
    let p = 0;
    const picked: string[] = [];
    const dest: number[] = [];
    for (;;) {
      const target = this.#next < want.length ? want[this.#next] : Infinity;
      // Skip to the line `target` (or to the end of the text), counting newlines.
      while (line < target) {
        const e = text.indexOf('\n', p);
        if (e < 0) break;
        p = e + 1;
        line++;
      }
      if (line < target) break; // the text ends before the wanted line
      const e = text.indexOf('\n', p);
      if (e < 0) break; // the wanted line is not complete yet
      picked.push(text.slice(p + 2, e));
      dest.push(this.#dest[this.#next++]);
      p = e + 1;
      line++;
    }
    this.#carry = p < text.length ? text.slice(p) : '';
    this.#line = line;
    if (picked.length) {
      // One compact string for this chunk's picks, so they do not keep the chunk alive (see ownCopy).
      const own = picked.join('\n').split('\n');
      for (let i = 0; i < own.length; i++) this.#targets[dest[i]] = own[i];
      if (this.#onPick) for (let i = 0; i < own.length; i++) this.#onPick(dest[i], own[i]);
    }
  }

  /** The digest and line count read, and the picked target ids (strata in byte order, each in acceptance order). */
  finish(): { count: number; digest: string; targets: string[] } {
    // A trailing partial line or a population too short for the picks cannot match the frozen digest.
    return { count: this.#line, digest: this.#all.digest('hex'), targets: this.#targets };
  }
}
