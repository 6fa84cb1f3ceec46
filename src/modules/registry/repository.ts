/**
 * Registry queries. Every function takes the caller's executor (a transaction when the change must be atomic) and,
 * for lists, a region scope that the query itself applies — so a route that forgot a check still cannot leak rows
 * outside the caller's jurisdiction.
 */
import { subtreePrefix } from '../../kernel/reference/divisions.ts';
import { tryUpdateVersioned } from '../../kernel/db/versioned.ts';
import { preparedInsert, preparedQuery } from '../../kernel/db/prepared.ts';
import type { Executor } from '../../kernel/db/types.ts';
import type { DbAdapter } from '../../kernel/db/adapter.ts';
import type { DepartmentTable, EnterpriseTable, PersonTable } from './tables.ts';
import './tables.ts';

/** Restricts a query to a region subtree; `null` scope means the whole province set (system, admins without region). */
export interface Scope {
  region: string | null;
}

// Lookups by key are the registry's hottest reads: compiled once (kernel/db/prepared.ts).
const enterpriseById = preparedQuery((db: Executor, id: string) =>
  db.selectFrom('registry_enterprises').selectAll().where('id', '=', id),
);
const enterpriseByUscc = preparedQuery((db: Executor, uscc: string) =>
  db.selectFrom('registry_enterprises').selectAll().where('uscc', '=', uscc),
);

export async function findEnterpriseById(db: Executor, id: string): Promise<EnterpriseTable | undefined> {
  return (await enterpriseById(db, id)).rows[0];
}

export async function findEnterpriseByUscc(db: Executor, uscc: string): Promise<EnterpriseTable | undefined> {
  return (await enterpriseByUscc(db, uscc)).rows[0];
}

export async function listEnterprises(
  db: Executor,
  adapter: DbAdapter,
  scope: Scope,
  filter: { q?: string; region?: string; status?: string; after?: string | null; limit: number },
): Promise<EnterpriseTable[]> {
  let q = db.selectFrom('registry_enterprises').selectAll();
  if (scope.region) q = q.where('region', 'like', subtreePrefix(scope.region) + '%');
  if (filter.region) q = q.where('region', 'like', subtreePrefix(filter.region) + '%');
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.q) q = q.where(adapter.containsInsensitive('name', filter.q));
  if (filter.after) q = q.where('id', '>', filter.after);
  return q.orderBy('id').limit(filter.limit).execute();
}

const insertEnterpriseRow = preparedInsert<EnterpriseTable>('registry_enterprises', {
  id: true,
  uscc: true,
  name: true,
  org_type: true,
  entity_type: true,
  region: true,
  address: true,
  industry: true,
  legal_rep_name: true,
  legal_rep_id_enc: true,
  legal_rep_id_index: true,
  legal_rep_id_masked: true,
  status: true,
  established_on: true,
  licences: true,
  synthetic: true,
  version: true,
  created_at: true,
  updated_at: true,
});

export async function insertEnterprise(db: Executor, row: EnterpriseTable): Promise<void> {
  await insertEnterpriseRow(db, row);
}

/** Updates when the stored version is `expected`; returns false when it is not (the caller answers 409). */
export function updateEnterprise(
  db: Executor,
  id: string,
  expected: number,
  changes: Partial<EnterpriseTable>,
): Promise<boolean> {
  return tryUpdateVersioned(db, 'registry_enterprises', id, expected, changes);
}

export async function findPersonById(db: Executor, id: string): Promise<PersonTable | undefined> {
  return db.selectFrom('registry_persons').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPersonByIdIndex(db: Executor, index: string): Promise<PersonTable | undefined> {
  return db.selectFrom('registry_persons').selectAll().where('resident_id_index', '=', index).executeTakeFirst();
}

export async function listPersons(
  db: Executor,
  adapter: DbAdapter,
  scope: Scope,
  filter: { name?: string; phoneIndex?: string; after?: string | null; limit: number },
): Promise<PersonTable[]> {
  let q = db.selectFrom('registry_persons').selectAll();
  if (scope.region) q = q.where('region', 'like', subtreePrefix(scope.region) + '%');
  if (filter.name) q = q.where(adapter.containsInsensitive('name', filter.name));
  if (filter.phoneIndex) q = q.where('phone_index', '=', filter.phoneIndex);
  if (filter.after) q = q.where('id', '>', filter.after);
  return q.orderBy('id').limit(filter.limit).execute();
}

export async function insertPerson(db: Executor, row: PersonTable): Promise<void> {
  await db.insertInto('registry_persons').values(row).execute();
}

export function updatePerson(
  db: Executor,
  id: string,
  expected: number,
  changes: Partial<PersonTable>,
): Promise<boolean> {
  return tryUpdateVersioned(db, 'registry_persons', id, expected, changes);
}

export async function findDepartmentByCode(db: Executor, code: string): Promise<DepartmentTable | undefined> {
  return db.selectFrom('registry_departments').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function listDepartments(
  db: Executor,
  filter: { region?: string; subtree?: boolean; kind?: string; after?: string | null; limit: number },
): Promise<DepartmentTable[]> {
  let q = db.selectFrom('registry_departments').selectAll();
  if (filter.region)
    q = filter.subtree
      ? q.where('region', 'like', subtreePrefix(filter.region) + '%')
      : q.where('region', '=', filter.region);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.after) q = q.where('code', '>', filter.after);
  return q.orderBy('code').limit(filter.limit).execute();
}
