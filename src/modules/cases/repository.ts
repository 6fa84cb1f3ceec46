/** The cases module's queries, each usable inside a caller's transaction. */
import { sql } from 'kysely';
import type { Executor } from '../../kernel/db/types.ts';
import { tryUpdateVersioned } from '../../kernel/db/versioned.ts';
import { preparedQuery } from '../../kernel/db/prepared.ts';
import type { CaseTable } from './tables.ts';

// Every read and move of a case loads it: compiled once (kernel/db/prepared.ts).
const caseById = preparedQuery((db: Executor, id: string) =>
  db.selectFrom('cases_cases').selectAll().where('id', '=', id),
);

export async function findCaseRow(db: Executor, id: string): Promise<CaseTable | undefined> {
  return (await caseById(db, id)).rows[0];
}

export async function insertCase(db: Executor, row: CaseTable): Promise<void> {
  await db.insertInto('cases_cases').values(row).execute();
}

export function updateCase(db: Executor, id: string, version: number, changes: Partial<CaseTable>): Promise<boolean> {
  return tryUpdateVersioned(db, 'cases_cases', id, version, changes);
}

/** The next sequence number for `prefix` (`<region>-<yyyymmdd>`), inside the caller's transaction. */
export async function nextSequence(db: Executor, prefix: string): Promise<number> {
  const r = await db
    .insertInto('cases_numbers')
    .values({ prefix, seq: 1 })
    .onConflict((oc) => oc.column('prefix').doUpdateSet({ seq: sql`cases_numbers.seq + 1` }))
    .returning('seq')
    .executeTakeFirstOrThrow();
  return Number(r.seq);
}

/** Who may be listed: an applicant's own cases (as a person or for an enterprise), or a region's subtree. */
export type ListScope =
  | { kind: 'account'; accountId: string }
  | { kind: 'enterprise'; enterpriseId: string }
  | { kind: 'region'; prefix: string | null };

export async function listCaseRows(
  db: Executor,
  scope: ListScope,
  f: { status?: string; before?: string | null; limit: number },
): Promise<CaseTable[]> {
  let q = db.selectFrom('cases_cases').selectAll().orderBy('id', 'desc').limit(f.limit);
  if (scope.kind === 'account')
    q = q.where('applicant_account', '=', scope.accountId).where('applicant_kind', '=', 'person');
  else if (scope.kind === 'enterprise') q = q.where('applicant_enterprise_id', '=', scope.enterpriseId);
  else if (scope.prefix)
    q = q.where((eb) =>
      eb.or([
        eb('region', 'like', `${scope.prefix}%`),
        eb('accepting_region', 'like', `${scope.prefix}%`),
        eb('part_regions', 'like', `%,${scope.prefix}%`), // 多地联办: a body doing a part (anywhere-access.ts)
      ]),
    );
  if (f.status) q = q.where('status', '=', f.status);
  if (f.before) q = q.where('id', '<', f.before);
  return q.execute();
}
