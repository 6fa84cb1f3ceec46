/**
 * Spec step 2 for the inspector pools ("<department>\t<inspectorId>\n") and the recusals
 * ("<targetId>\t<inspectorId>\t<reason>\n"): small lists, written sorted and read back with every line checked.
 * A recusal reason is a code with the identifiers' characters (e.g. `conflict:spouse`, `inspected-within:6`), so
 * its byte order and string order agree too.
 */
import { createHash } from 'node:crypto';
import { DrawError, IDENTIFIER, checkIdentifier } from './spec.ts';

export interface PoolLine {
  department: string;
  inspectorId: string;
}

export interface RecusalLine {
  targetId: string;
  inspectorId: string;
  reason: string;
}

export interface FrozenPools {
  count: number;
  digest: string;
  /** Each department's inspectors in byte order. */
  byDepartment: Map<string, string[]>;
}

export interface FrozenRecusals {
  count: number;
  digest: string;
  /** Each recused target's recused inspectors. */
  byTarget: Map<string, Set<string>>;
}

function sortedLines(lines: string[]): string {
  return [...new Set(lines)].sort().join('');
}

/** The frozen bytes of the inspector pools: sorted, identical lines once. */
export function poolsTsv(lines: Iterable<PoolLine>): string {
  return sortedLines(
    [...lines].map(
      (l) => `${checkIdentifier(l.department, 'department')}\t${checkIdentifier(l.inspectorId, 'inspector id')}\n`,
    ),
  );
}

/** The frozen bytes of the recusals: sorted, identical lines once. */
export function recusalsTsv(lines: Iterable<RecusalLine>): string {
  return sortedLines(
    [...lines].map(
      (l) =>
        `${checkIdentifier(l.targetId, 'target id')}\t${checkIdentifier(l.inspectorId, 'inspector id')}\t${checkIdentifier(l.reason, 'recusal reason')}\n`,
    ),
  );
}

/** Splits frozen TSV into lines of `fields` identifiers each, checking the shape and strict byte order. */
function readLines(tsv: string, fields: number, what: string): string[][] {
  if (typeof tsv !== 'string') throw new DrawError('BAD_LINE', `${what}: not text`);
  if (tsv !== '' && !tsv.endsWith('\n'))
    throw new DrawError('BAD_LINE', `${what}: the last line does not end with a newline`);
  const lines = tsv === '' ? [] : tsv.slice(0, -1).split('\n');
  let prev = '';
  return lines.map((line, i) => {
    const cells = line.split('\t');
    if (cells.length !== fields || !cells.every((c) => IDENTIFIER.test(c)))
      throw new DrawError('BAD_LINE', `${what} line ${i + 1}: not ${fields} tab-separated identifiers`, {
        line: i + 1,
      });
    if (line <= prev && i > 0)
      throw new DrawError('NOT_SORTED', `${what} line ${i + 1}: does not come after the line before it`, {
        line: i + 1,
      });
    prev = line;
    return cells;
  });
}

const digest = (tsv: string) => createHash('sha256').update(tsv, 'utf8').digest('hex');

/** Reads frozen pool bytes back (throws BAD_LINE / NOT_SORTED). */
export function readPools(tsv: string): FrozenPools {
  const byDepartment = new Map<string, string[]>();
  const lines = readLines(tsv, 2, 'pools');
  for (const [department, inspectorId] of lines) {
    const pool = byDepartment.get(department) ?? [];
    pool.push(inspectorId);
    byDepartment.set(department, pool);
  }
  return { count: lines.length, digest: digest(tsv), byDepartment };
}

/** Reads frozen recusal bytes back (throws BAD_LINE / NOT_SORTED). */
export function readRecusals(tsv: string): FrozenRecusals {
  const byTarget = new Map<string, Set<string>>();
  const lines = readLines(tsv, 3, 'recusals');
  for (const [targetId, inspectorId] of lines) {
    const set = byTarget.get(targetId) ?? new Set<string>();
    set.add(inspectorId);
    byTarget.set(targetId, set);
  }
  return { count: lines.length, digest: digest(tsv), byTarget };
}

/** Spec step 6: department d's pool for target t — d's frozen inspectors minus t's recusals, order kept. */
export function poolFor(pools: FrozenPools, recusals: FrozenRecusals, department: string, targetId: string): string[] {
  const pool = pools.byDepartment.get(department) ?? [];
  const recused = recusals.byTarget.get(targetId);
  return recused ? pool.filter((i) => !recused.has(i)) : pool;
}

/**
 * Spec step 2's POOL_TOO_SMALL rule, without reading the population: whether any target at all would be short
 * (a department's whole pool below m), and which recused targets would be. The caller checks these against the
 * targets actually present.
 */
export function shortPools(
  pools: FrozenPools,
  recusals: FrozenRecusals,
  departments: readonly string[],
  m: number,
): { everyTarget: string | null; recusedTargets: Map<string, string> } {
  const everyTarget = departments.find((d) => (pools.byDepartment.get(d)?.length ?? 0) < m) ?? null;
  const recusedTargets = new Map<string, string>();
  for (const t of recusals.byTarget.keys()) {
    const d = departments.find((d) => poolFor(pools, recusals, d, t).length < m);
    if (d) recusedTargets.set(t, d);
  }
  return { everyTarget, recusedTargets };
}
