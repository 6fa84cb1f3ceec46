/**
 * A task's population as the database reads it: the target directory valid at a time, filtered, minus the task's
 * stored exclusions. The draw (freeze and its second pass) and the population download read it as TSV text in the
 * spec's byte order, built by the database one keyset page (5 000 lines) at a time from the index `inspections_targets_draw_ix`
 * (stratum, USCC and the filter columns), so a population of millions is never held whole in memory: the engine's
 * `freezeAsync`/`drawAsync` hash each page as it arrives. Only a licence filter reads the rows themselves.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { subtreePrefix } from '../../kernel/reference/divisions.ts';
import { validAt } from './directories.ts';
import type { CreditClass, PopulationFilter } from './model.ts';
import type { InspectionTaskTable } from './tables.ts';

/**
 * Lines per page: about 100 KB of text, so memory stays bounded and each page is an ordinary young-generation
 * string (V8 puts strings over 128 KB in its large-object space, freed only by full collections: at 10M lines,
 * 1 MB pages piled up hundreds of MB there between them). The keyset seek per page costs little.
 */
export const POPULATION_PAGE = 5_000;
/** Values per `in (…)` list, well inside both databases' parameter limits. */
const IN_CHUNK = 500;

export interface PopulationScope {
  filter: PopulationFilter;
  /** The directory as of this time (a task's freeze time). */
  at: string;
  /** Leave out the targets this task's freeze excluded (only when it excluded any: the check costs a probe per row). */
  excludedFor?: string | null;
}

/** The scope of a frozen task: its filter as of its freeze time, minus its exclusions. */
export function frozenScope(task: InspectionTaskTable): PopulationScope {
  const excluded = Number((task.frozen as { excluded?: number } | null)?.excluded ?? 0);
  return { filter: task.filter as PopulationFilter, at: task.frozen_at!, excludedFor: excluded > 0 ? task.id : null };
}

function licenceHeld(k: Kernel, licence: string): Expression<SqlBool> {
  return k.adapter.dialect === 'postgres'
    ? sql<SqlBool>`inspections_targets.licences @> ${JSON.stringify([licence])}::jsonb`
    : sql<SqlBool>`exists (select 1 from json_each(inspections_targets.licences) where value = ${licence})`;
}

/** The directory rows in scope (no columns selected yet). */
export function scoped(k: Kernel, db: Executor, scope: PopulationScope) {
  const { filter } = scope;
  let q = validAt(db.selectFrom('inspections_targets'), scope.at).where(
    'region',
    'like',
    subtreePrefix(filter.region) + '%',
  );
  if (filter.industry) q = q.where('industry', 'like', filter.industry + '%');
  if (filter.subjectType) q = q.where('subject_type', '=', filter.subjectType);
  if (filter.keySupervision != null) q = q.where('key_supervision', '=', filter.keySupervision);
  if (filter.licence) q = q.where(licenceHeld(k, filter.licence));
  const task = scope.excludedFor;
  if (task)
    q = q.where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('inspections_task_exclusions as x')
            .select('x.uscc')
            .where('x.task_id', '=', task)
            .whereRef('x.uscc', '=', 'inspections_targets.uscc'),
        ),
      ),
    );
  return q;
}

/**
 * The population as TSV pages in byte order ("<stratum>\t<uscc>\n" lines, ascending by (stratum, USCC); the
 * stratum and USCC columns compare bytes on both databases), for the engine's `freezeAsync`/`drawAsync` and the
 * download. The pages go one stratum at a time, so the database only joins USCCs, with "\n<stratum>\t" as the
 * separator: no string is built per row (a third of a read's time at 10M targets), and the page gets its first
 * stratum and last newline here.
 */
export async function* populationPages(
  k: Kernel,
  db: Executor,
  scope: PopulationScope,
  pageSize = POPULATION_PAGE,
): AsyncGenerator<string> {
  const pg = k.adapter.dialect === 'postgres';
  // The database concatenates the ordered subquery's rows as they come: an ORDER BY inside string_agg/group_concat
  // would sort every page again (on PostgreSQL about half of each page's server time). Should that order ever
  // differ, the freeze refuses the page (NOT_SORTED) and the second pass's digest differs (DIGEST_MISMATCH).
  const page = async (stratum: string, after: string): Promise<{ text: string; lines: number }> => {
    const rows = scoped(k, db, scope)
      .select('uscc')
      .where('stratum', '=', stratum)
      .where('uscc', '>', after)
      .orderBy('uscc')
      .limit(pageSize);
    const separator = `\n${stratum}\t`; // one parameter: nothing to evaluate per row, even in a generic plan
    const joined = pg ? sql<string>`string_agg(p.uscc, ${separator})` : sql<string>`group_concat(p.uscc, ${separator})`;
    const row = await db
      .selectFrom(rows.as('p'))
      .select([joined.as('text'), (eb) => eb.fn.countAll<number>().as('lines')])
      .executeTakeFirst();
    const lines = Number(row?.lines ?? 0);
    return { text: lines ? `${stratum}\t${row!.text}\n` : '', lines };
  };
  // The strata present, in byte order, each found by one index seek (so a stratum outside A–D still reaches the
  // engine, which refuses it).
  const nextStratum = async (after: string | null): Promise<string | null> => {
    let q = scoped(k, db, scope).select('stratum');
    if (after !== null) q = q.where('stratum', '>', after);
    const row = await q.orderBy('stratum').limit(1).executeTakeFirst();
    return row?.stratum ?? null;
  };
  // The next page is asked for before this one is handed over, so PostgreSQL (another process) builds it while the
  // engine hashes this one; SQLite answers synchronously, so there it only means two pages in memory.
  let stratum = await nextStratum(null);
  if (stratum === null) return;
  let next = page(stratum, '');
  try {
    for (;;) {
      const { text, lines } = await next;
      if (lines === pageSize) next = page(stratum, text.slice(text.lastIndexOf('\t') + 1, -1));
      else {
        stratum = await nextStratum(stratum);
        if (stratum === null) next = Promise.resolve({ text: '', lines: 0 });
        else next = page(stratum, '');
      }
      if (lines) yield text;
      if (stratum === null) return;
    }
  } finally {
    // A reader that stopped early (a refused page) leaves a query in flight: let it end before the caller moves on
    // (a transaction's rollback), and keep its failure, if any, from going unhandled.
    await next.catch(() => undefined);
  }
}

/** Targets in scope per stratum (the task editor's expected sample sizes). */
export async function stratumCounts(k: Kernel, db: Executor, scope: PopulationScope) {
  const rows = await scoped(k, db, scope)
    .select(['stratum'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy('stratum')
    .execute();
  const counts: Record<CreditClass, number> = { A: 0, B: 0, C: 0, D: 0 };
  for (const r of rows) counts[r.stratum as CreditClass] = Number(r.n);
  return counts;
}

/** The rows in scope among the given USCCs or enterprise ids (small lists: exclusions, recusals, selected targets). */
export async function membersOf(
  k: Kernel,
  db: Executor,
  scope: PopulationScope,
  by: 'uscc' | 'enterprise_id',
  values: string[],
): Promise<Array<{ uscc: string; enterpriseId: string; name: string; region: string; stratum: CreditClass }>> {
  const out = [];
  const ids = [...new Set(values)];
  for (let i = 0; i < ids.length; i += IN_CHUNK) {
    const rows = await scoped(k, db, scope)
      .select(['uscc', 'enterprise_id', 'name', 'region', 'stratum'])
      .where(by, 'in', ids.slice(i, i + IN_CHUNK))
      .execute();
    for (const r of rows)
      out.push({
        uscc: r.uscc,
        enterpriseId: r.enterprise_id,
        name: r.name,
        region: r.region,
        stratum: r.stratum as CreditClass,
      });
  }
  return out;
}
