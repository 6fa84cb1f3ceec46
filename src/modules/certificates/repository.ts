/** The certificates module's queries, each usable inside a caller's transaction. */
import { sql } from 'kysely';
import type { Executor } from '../../kernel/db/types.ts';
import type { CertificateTable } from './tables.ts';
import type { Certificate, CertificateStatus } from './model.ts';

export function toCertificate(r: CertificateTable): Certificate {
  return {
    id: r.id,
    number: r.number,
    type: { code: r.type_code, name: r.type_name },
    department: { code: r.department_code, name: r.department_name },
    region: r.region,
    caseId: r.case_id,
    holder: { kind: r.holder_kind, name: r.holder_name },
    face: r.face_masked,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    supersedes: r.supersedes,
    illustrative: r.illustrative,
    status: r.status as CertificateStatus,
    version: Number(r.version),
    createdAt: r.created_at,
  };
}

export async function findCertificateRow(db: Executor, id: string): Promise<CertificateTable | undefined> {
  return db.selectFrom('certificates_certificates').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The next serial for a type and issuer (GB/T 36904's serial), in the caller's transaction. One upsert, so two
 * concurrent grants on PostgreSQL cannot both read the same serial or both insert the first (the row lock orders them).
 */
export async function nextSerial(tx: Executor, key: string): Promise<number> {
  const row = await tx
    .insertInto('certificates_sequences')
    .values({ key, seq: 1 })
    .onConflict((oc) => oc.column('key').doUpdateSet({ seq: sql`certificates_sequences.seq + 1` }))
    .returning('seq')
    .executeTakeFirstOrThrow();
  return Number(row.seq);
}
