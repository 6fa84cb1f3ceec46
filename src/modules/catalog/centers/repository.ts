/** Queries over centers, halls, windows and negative lists; each takes the caller's executor. */
import { tryUpdateVersioned } from '../../../kernel/db/versioned.ts';
import type { Executor } from '../../../kernel/db/types.ts';
import { subtreePrefix } from '../repository.ts';
import type { CenterHallTable, CenterTable, CenterWindowTable, NegativeListEntryTable } from './tables.ts';
import './tables.ts';

export async function findCenter(db: Executor, id: string): Promise<CenterTable | undefined> {
  return db.selectFrom('catalog_centers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findCenterByName(db: Executor, region: string, name: string): Promise<CenterTable | undefined> {
  return db
    .selectFrom('catalog_centers')
    .selectAll()
    .where('region', '=', region)
    .where('name', '=', name)
    .executeTakeFirst();
}

/** Centers in a region's subtree (all when no region), by id. */
export async function listCenters(
  db: Executor,
  f: { region?: string; exactRegion?: boolean; status?: string; after?: string | null; limit: number },
): Promise<CenterTable[]> {
  let q = db.selectFrom('catalog_centers').selectAll();
  if (f.region)
    q = f.exactRegion ? q.where('region', '=', f.region) : q.where('region', 'like', subtreePrefix(f.region) + '%');
  if (f.status) q = q.where('status', '=', f.status);
  if (f.after) q = q.where('id', '>', f.after);
  return q.orderBy('id').limit(f.limit).execute();
}

export async function insertCenter(db: Executor, row: CenterTable): Promise<void> {
  await db.insertInto('catalog_centers').values(row).execute();
}

/** Updates when the stored version is `expected` (and bumps it); false when it is not. */
export function updateCenter(
  db: Executor,
  id: string,
  expected: number,
  changes: Partial<CenterTable>,
): Promise<boolean> {
  return tryUpdateVersioned(db, 'catalog_centers', id, expected, changes);
}

export async function hallsOf(db: Executor, centerIds: string[]): Promise<CenterHallTable[]> {
  if (!centerIds.length) return [];
  return db
    .selectFrom('catalog_center_halls')
    .selectAll()
    .where('center_id', 'in', centerIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function windowsOf(db: Executor, centerIds: string[]): Promise<CenterWindowTable[]> {
  if (!centerIds.length) return [];
  return db
    .selectFrom('catalog_center_windows')
    .selectAll()
    .where('center_id', 'in', centerIds)
    .orderBy('number')
    .execute();
}

export async function insertHall(db: Executor, row: CenterHallTable): Promise<void> {
  await db.insertInto('catalog_center_halls').values(row).execute();
}

export async function updateHall(db: Executor, id: string, changes: Partial<CenterHallTable>): Promise<void> {
  await db.updateTable('catalog_center_halls').set(changes).where('id', '=', id).execute();
}

export async function insertWindow(db: Executor, row: CenterWindowTable): Promise<void> {
  await db.insertInto('catalog_center_windows').values(row).execute();
}

export async function updateWindow(db: Executor, id: string, changes: Partial<CenterWindowTable>): Promise<void> {
  await db.updateTable('catalog_center_windows').set(changes).where('id', '=', id).execute();
}

export async function findWindowByNumber(
  db: Executor,
  centerId: string,
  number: string,
): Promise<CenterWindowTable | undefined> {
  return db
    .selectFrom('catalog_center_windows')
    .selectAll()
    .where('center_id', '=', centerId)
    .where('number', '=', number)
    .executeTakeFirst();
}

export async function entriesOf(db: Executor, centerIds: string[], status?: string): Promise<NegativeListEntryTable[]> {
  if (!centerIds.length) return [];
  let q = db.selectFrom('catalog_center_negative_list').selectAll().where('center_id', 'in', centerIds);
  if (status) q = q.where('status', '=', status);
  return q.orderBy('created_at').orderBy('id').execute();
}

export async function insertEntry(db: Executor, row: NegativeListEntryTable): Promise<void> {
  await db.insertInto('catalog_center_negative_list').values(row).execute();
}

export async function updateEntry(db: Executor, id: string, changes: Partial<NegativeListEntryTable>): Promise<void> {
  await db.updateTable('catalog_center_negative_list').set(changes).where('id', '=', id).execute();
}
