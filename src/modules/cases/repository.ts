/** The cases module's queries, each usable inside a caller's transaction. */
import { sql } from 'kysely';
import type { Executor } from '../../kernel/db/types.ts';
import { tryUpdateVersioned } from '../../kernel/db/versioned.ts';
import { preparedInsert, preparedQuery } from '../../kernel/db/prepared.ts';
import type { CaseTable } from './tables.ts';

// Every read and move of a case loads it: compiled once (kernel/db/prepared.ts).
const caseById = preparedQuery((db: Executor, id: string) =>
  db.selectFrom('cases_cases').selectAll().where('id', '=', id),
);

export async function findCaseRow(db: Executor, id: string): Promise<CaseTable | undefined> {
  return (await caseById(db, id)).rows[0];
}

/** What a status read shows of a case: every column but the stored (encrypted) form and the staff-only ids. */
export type CaseViewRow = Omit<
  CaseTable,
  'form_data' | 'filed_by' | 'accepted_by' | 'supplement_requested_by' | 'delegation_id' | 'created_at'
>;

const VIEW_COLUMNS = [
  'id',
  'number',
  'status',
  'version',
  'item_id',
  'item_name',
  'implementation_id',
  'implementation_version',
  'implementation_code',
  'region',
  'region_name',
  'department_code',
  'department_name',
  'department_kind',
  'basis',
  'applicant_kind',
  'applicant_name',
  'applicant_account',
  'applicant_person_id',
  'applicant_enterprise_id',
  'channel',
  'window',
  'form_masked',
  'form_labels',
  'promised_days',
  'submitted_at',
  'accepted_at',
  'decided_at',
  'concluded_at',
  'refusal_reason',
  'refusal_basis',
  'supplement_items',
  'supplement_requested_at',
  'supplement_count',
  'decision',
  'decision_reason',
  'decision_basis',
  'flags',
  'updated_at',
  'reform_mode',
  'handling_kind',
  'accepting_region',
  'part_regions',
] as const satisfies readonly (keyof CaseViewRow)[];

// The status read (GET /cases/:id): without the encrypted form, whose JSON is the row's largest.
const caseViewById = preparedQuery((db: Executor, id: string) =>
  db.selectFrom('cases_cases').select(VIEW_COLUMNS).where('id', '=', id),
);

export async function findCaseView(db: Executor, id: string): Promise<CaseViewRow | undefined> {
  return (await caseViewById(db, id)).rows[0] as CaseViewRow | undefined;
}

// Every column named, so a filing's insert is compiled once (kernel/db/prepared.ts).
const insertCaseRow = preparedInsert<CaseTable>('cases_cases', {
  id: true,
  number: true,
  status: true,
  version: true,
  item_id: true,
  item_name: true,
  implementation_id: true,
  implementation_version: true,
  implementation_code: true,
  region: true,
  region_name: true,
  department_code: true,
  department_name: true,
  department_kind: true,
  basis: true,
  delegation_id: true,
  applicant_kind: true,
  applicant_name: true,
  applicant_account: true,
  applicant_person_id: true,
  applicant_enterprise_id: true,
  filed_by: true,
  channel: true,
  window: true,
  form_data: true,
  form_masked: true,
  form_labels: true,
  promised_days: true,
  submitted_at: true,
  accepted_at: true,
  accepted_by: true,
  decided_at: true,
  concluded_at: true,
  refusal_reason: true,
  refusal_basis: true,
  supplement_items: true,
  supplement_requested_at: true,
  supplement_requested_by: true,
  supplement_count: true,
  decision: true,
  decision_reason: true,
  decision_basis: true,
  flags: true,
  created_at: true,
  updated_at: true,
  reform_mode: true,
  handling_kind: true,
  accepting_region: true,
  part_regions: true,
});

export async function insertCase(db: Executor, row: CaseTable): Promise<void> {
  await insertCaseRow(db, row);
}

export function updateCase(db: Executor, id: string, version: number, changes: Partial<CaseTable>): Promise<boolean> {
  return tryUpdateVersioned(db, 'cases_cases', id, version, changes);
}

/** The next sequence number for `prefix` (`<region>-<yyyymmdd>`), inside the caller's transaction. */
const bumpSequence = preparedQuery((db: Executor, prefix: string) =>
  db
    .insertInto('cases_numbers')
    .values({ prefix, seq: sql.lit(1) })
    .onConflict((oc) => oc.column('prefix').doUpdateSet({ seq: sql`cases_numbers.seq + 1` }))
    .returning('seq'),
);

export async function nextSequence(db: Executor, prefix: string): Promise<number> {
  const r = (await bumpSequence(db, prefix)).rows[0];
  if (!r) throw new Error(`no sequence returned for ${prefix}`);
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
