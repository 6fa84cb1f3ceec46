/** The hotline module's queries, each usable inside a caller's transaction. */
import type { Executor } from '../../kernel/db/types.ts';
import type { HotlineRecordTable } from './tables.ts';
import type { RecordHotline, RecordStatus } from './model.ts';

export function toRecord(r: HotlineRecordTable): RecordHotline {
  return {
    id: r.id,
    title: r.title,
    region: r.region,
    status: r.status as RecordStatus,
    version: Number(r.version),
    createdAt: r.created_at,
    closedAt: r.closed_at,
  };
}

export async function findRecordRow(db: Executor, id: string): Promise<HotlineRecordTable | undefined> {
  return db.selectFrom('hotline_records').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertRecord(db: Executor, row: HotlineRecordTable): Promise<void> {
  await db.insertInto('hotline_records').values(row).execute();
}
