/** The inspections module's queries, each usable inside a caller's transaction. */
import type { Executor } from '../../kernel/db/types.ts';
import type { InspectionsRecordTable } from './tables.ts';
import type { RecordInspections, RecordStatus } from './model.ts';

export function toRecord(r: InspectionsRecordTable): RecordInspections {
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

export async function findRecordRow(db: Executor, id: string): Promise<InspectionsRecordTable | undefined> {
  return db.selectFrom('inspections_records').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertRecord(db: Executor, row: InspectionsRecordTable): Promise<void> {
  await db.insertInto('inspections_records').values(row).execute();
}
