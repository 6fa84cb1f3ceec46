/**
 * Catalog queries. Every function takes the caller's executor, so it runs inside the caller's transaction when the
 * change must be atomic. Published versions are only ever inserted: there is no update function for them.
 */
import { tryUpdateVersioned } from '../../kernel/db/versioned.ts';
import type { Executor } from '../../kernel/db/types.ts';
import type { DbAdapter } from '../../kernel/db/adapter.ts';
import { preparedQuery } from '../../kernel/db/prepared.ts';
import { markVersionWritten } from './version-memo.ts';
import type { CatalogItemTable, ImplementationTable, ImplementationVersionTable } from './tables.ts';
import './tables.ts';

import { subtreePrefix } from '../../kernel/reference/divisions.ts';

export { subtreePrefix };

// The filing path's queries (competentBodyFor, checkApplicability), built and compiled once (kernel/db/prepared.ts):
// every filing runs them.
const itemById = preparedQuery((db: Executor, id: string) =>
  db.selectFrom('catalog_items').selectAll().where('id', '=', id),
);
const itemByCode = preparedQuery((db: Executor, basicCode: string, businessItem: string) =>
  db
    .selectFrom('catalog_items')
    .selectAll()
    .where('basic_code', '=', basicCode)
    .where('business_item', '=', businessItem),
);
const implementationById = preparedQuery((db: Executor, id: string) =>
  db.selectFrom('catalog_implementations').selectAll().where('id', '=', id),
);

export async function findItem(db: Executor, id: string): Promise<CatalogItemTable | undefined> {
  return (await itemById(db, id)).rows[0];
}

export async function findItemByCode(
  db: Executor,
  basicCode: string,
  businessItem = '00',
): Promise<CatalogItemTable | undefined> {
  return (await itemByCode(db, basicCode, businessItem)).rows[0];
}

export interface ItemFilter {
  q?: string;
  itemType?: number;
  departmentKind?: string;
  status?: string;
  parentId?: string;
  after?: string | null;
  limit: number;
}

export async function listItems(db: Executor, adapter: DbAdapter, f: ItemFilter): Promise<CatalogItemTable[]> {
  let q = db.selectFrom('catalog_items').selectAll();
  if (f.q) q = q.where(adapter.containsInsensitive('name', f.q));
  if (f.itemType !== undefined) q = q.where('item_type', '=', f.itemType);
  if (f.departmentKind) q = q.where('department_kind', '=', f.departmentKind);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.parentId) q = q.where('parent_id', '=', f.parentId);
  if (f.after) q = q.where('id', '>', f.after);
  return q.orderBy('id').limit(f.limit).execute();
}

export async function insertItem(db: Executor, row: CatalogItemTable): Promise<void> {
  await db.insertInto('catalog_items').values(row).execute();
}

/** Updates when the stored version is `expected`; false when it is not (the caller answers 409). */
export function updateItem(
  db: Executor,
  id: string,
  expected: number,
  changes: Partial<CatalogItemTable>,
): Promise<boolean> {
  return tryUpdateVersioned(db, 'catalog_items', id, expected, changes);
}

export async function findImplementation(db: Executor, id: string): Promise<ImplementationTable | undefined> {
  return (await implementationById(db, id)).rows[0];
}

export interface ImplementationFilter {
  itemId?: string;
  itemIds?: string[];
  /** The region's whole subtree. */
  region?: string;
  departmentCode?: string;
  status?: string;
  derivedFromId?: string;
  /** Only those with a published version (and not retired). */
  published?: boolean;
  /** A keyword found in the item's name, the implementation code or the department's name. */
  keyword?: string;
  after?: string | null;
  limit: number;
}

/** `text` as a LIKE pattern matching it anywhere (its own % and _ dropped: no name or code needs them). */
const containing = (text: string) => `%${text.replace(/[%_\\]/g, '')}%`;

export async function listImplementations(db: Executor, f: ImplementationFilter): Promise<ImplementationTable[]> {
  let q = db.selectFrom('catalog_implementations').selectAll();
  if (f.itemId) q = q.where('item_id', '=', f.itemId);
  if (f.itemIds) q = f.itemIds.length ? q.where('item_id', 'in', f.itemIds) : q.where('id', '=', '');
  if (f.region) q = q.where('region', 'like', subtreePrefix(f.region) + '%');
  if (f.departmentCode) q = q.where('department_code', '=', f.departmentCode);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.derivedFromId) q = q.where('derived_from_id', '=', f.derivedFromId);
  if (f.published) q = q.where('published_version', 'is not', null).where('status', '!=', 'retired');
  if (f.keyword) {
    const like = containing(f.keyword);
    q = q.where((eb) =>
      eb.or([
        eb('item_id', 'in', eb.selectFrom('catalog_items').select('id').where('name', 'like', like)),
        eb('code', 'like', like),
        eb('department_name', 'like', like),
      ]),
    );
  }
  if (f.after) q = q.where('id', '>', f.after);
  return q.orderBy('id').limit(f.limit).execute();
}

/** How many implementation codes match a LIKE pattern (`_` for the sequence digits). */
export async function countCodes(db: Executor, pattern: string): Promise<number> {
  const r = await db
    .selectFrom('catalog_implementations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('code', 'like', pattern)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertImplementation(db: Executor, row: ImplementationTable): Promise<void> {
  await db.insertInto('catalog_implementations').values(row).execute();
}

/** Updates when the stored version is `expected`; false when it is not. */
export function updateImplementation(
  db: Executor,
  id: string,
  expected: number,
  changes: Partial<ImplementationTable>,
): Promise<boolean> {
  return tryUpdateVersioned(db, 'catalog_implementations', id, expected, changes);
}

/** Inserts a published version, marked unsettled first: not kept in memory until known committed (version-memo.ts). */
export async function insertVersion(db: Executor, row: ImplementationVersionTable): Promise<void> {
  markVersionWritten(row.implementation_id, Number(row.version));
  await db.insertInto('catalog_implementation_versions').values(row).execute();
}

export async function findVersion(
  db: Executor,
  implementationId: string,
  version: number,
): Promise<ImplementationVersionTable | undefined> {
  return db
    .selectFrom('catalog_implementation_versions')
    .selectAll()
    .where('implementation_id', '=', implementationId)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** What deciding applicability needs of an implementation: not its working copy (large JSON, read on every filing). */
export type ImplementationHead = Pick<
  ImplementationTable,
  'id' | 'item_id' | 'region' | 'status' | 'retired_at' | 'published_version'
>;
const HEAD_COLUMNS = ['id', 'item_id', 'region', 'status', 'retired_at', 'published_version'] as const;

/** Regions a prepared heads query takes: a county and its city and province, padded by repeating the last. */
const HEAD_REGIONS = 3;
const headsIn = preparedQuery((db: Executor, itemId: string, r0: string, r1: string, r2: string) =>
  db
    .selectFrom('catalog_implementations')
    .select(HEAD_COLUMNS)
    .where('item_id', '=', itemId)
    .where('region', 'in', [r0, r1, r2])
    .orderBy('id'),
);
const versionDates = preparedQuery((db: Executor, implementationId: string) =>
  db
    .selectFrom('catalog_implementation_versions')
    .select(['version', 'published_at', 'effective_from'])
    .where('implementation_id', '=', implementationId)
    .orderBy('version', 'desc'),
);

export function findImplementationHead(db: Executor, id: string): Promise<ImplementationHead | undefined> {
  return db.selectFrom('catalog_implementations').select(HEAD_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** The heads of an item's implementations in exactly these regions (index item_id, region). */
export function listImplementationHeads(
  db: Executor,
  itemId: string,
  regions: string[],
): Promise<ImplementationHead[]> {
  if (!regions.length) return Promise.resolve([]);
  if (regions.length <= HEAD_REGIONS) {
    const [r0, r1 = r0, r2 = r1] = regions;
    return headsIn(db, itemId, r0, r1, r2).then((r) => r.rows);
  }
  return db
    .selectFrom('catalog_implementations')
    .select(HEAD_COLUMNS)
    .where('item_id', '=', itemId)
    .where('region', 'in', regions)
    .orderBy('id')
    .execute();
}

/** The published versions of one implementation without their content, newest first: to pick the one in force. */
export function listVersionDates(
  db: Executor,
  implementationId: string,
): Promise<Array<{ version: number; published_at: string; effective_from: string }>> {
  return versionDates(db, implementationId).then((r) => r.rows);
}

/** Published versions of one implementation, newest first. */
export async function listVersions(
  db: Executor,
  implementationId: string,
  f: { before?: number | null; limit: number },
): Promise<ImplementationVersionTable[]> {
  let q = db
    .selectFrom('catalog_implementation_versions')
    .selectAll()
    .where('implementation_id', '=', implementationId);
  if (f.before) q = q.where('version', '<', f.before);
  return q.orderBy('version', 'desc').limit(f.limit).execute();
}
