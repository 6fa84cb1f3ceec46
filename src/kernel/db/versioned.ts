/**
 * Optimistic updates: change a row only if its version is still the one the caller read, and bump it. Every
 * versioned table has `id` and `version` columns; a caller whose version is stale gets 409 VERSION_CONFLICT.
 */
import type { Updateable } from 'kysely';
import { staleVersion } from '../errors.ts';
import type { Database, Executor } from './types.ts';

type VersionedTable = {
  [T in keyof Database]: Database[T] extends { id: unknown; version: unknown } ? T : never;
}[keyof Database];

/** Applies `changes` to row `id` of `table` when its version is `version`; returns false when the version moved. */
export async function tryUpdateVersioned<T extends VersionedTable>(
  tx: Executor,
  table: T,
  id: string,
  version: number,
  changes: Updateable<Database[T]>,
): Promise<boolean> {
  const db = tx as any;
  const r = await db
    .updateTable(table)
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Like `tryUpdateVersioned`, but a moved version is 409 VERSION_CONFLICT naming the current one. */
export async function updateVersioned<T extends VersionedTable>(
  tx: Executor,
  table: T,
  id: string,
  version: number,
  changes: Updateable<Database[T]>,
): Promise<void> {
  if (await tryUpdateVersioned(tx, table, id, version, changes)) return;
  const current = await (tx as any).selectFrom(table).select('version').where('id', '=', id).executeTakeFirst();
  throw staleVersion(version, Number(current?.version ?? 0));
}

type StatusRow = { id: string; status: string; version: number; updated_at: string };

/**
 * The parts of a lifecycle's store (kernel/lifecycle.ts) that every table with `id`, `status`, `version` and
 * `updated_at` columns shares: the status and version of a row, the versioned save, the row as saved, and the page of
 * stored statuses `onewindow audit verify` replays. A module's store spreads them and adds load, authorize and view.
 */
export function versionedStatusRows<T extends VersionedTable, Row extends StatusRow>(table: T) {
  return {
    status: (row: Row) => row.status,
    version: (row: Row) => Number(row.version),
    save: (_k: unknown, tx: Executor, row: Row, version: number, patch: object, ctx: { now: Date }) =>
      tryUpdateVersioned(tx, table, row.id, version, {
        ...patch,
        updated_at: ctx.now.toISOString(),
      } as unknown as Updateable<Database[T]>),
    patched: (row: Row, patch: object, version: number, ctx: { now: Date }): Row => ({
      ...row,
      ...patch,
      version,
      updated_at: ctx.now.toISOString(),
    }),
    statusPage: (db: Executor, after: string, limit: number): Promise<Array<{ id: string; status: string }>> =>
      (db as any)
        .selectFrom(table)
        .select(['id', 'status'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(limit)
        .execute(),
  };
}
