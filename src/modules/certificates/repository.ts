/** The certificates module's queries, each usable inside a caller's transaction. */
import type { Executor } from '../../kernel/db/types.ts';
import type { CertificatesRecordTable } from './tables.ts';
import type { RecordCertificates, RecordStatus } from './model.ts';

export function toRecord(r: CertificatesRecordTable): RecordCertificates {
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

export async function findRecordRow(db: Executor, id: string): Promise<CertificatesRecordTable | undefined> {
  return db.selectFrom('certificates_records').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertRecord(db: Executor, row: CertificatesRecordTable): Promise<void> {
  await db.insertInto('certificates_records').values(row).execute();
}
