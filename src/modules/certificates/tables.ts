/** The certificates module's tables and their migrations (block 5: 0500–0599). */
import type { Kysely } from 'kysely';
import type { MigrationDef } from '../../kernel/db/migrate.ts';

export interface CertificatesRecordTable {
  id: string;
  title: string;
  region: string;
  status: string;
  version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

/** One row per closing the subscriber noticed (keyed by event id: a redelivered event adds nothing). */
export interface CertificatesClosureTable {
  event_id: string;
  record_id: string;
  noted_at: string;
}

declare module '../../kernel/db/types.ts' {
  interface Database {
    certificates_records: CertificatesRecordTable;
    certificates_closures: CertificatesClosureTable;
  }
}

export const certificatesMigrations: MigrationDef[] = [
  {
    name: '0500_certificates_base',
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('certificates_records')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text')
        .execute();
      await db.schema
        .createIndex('certificates_records_region_ix')
        .on('certificates_records')
        .columns(['region', 'id'])
        .execute();
      await db.schema
        .createTable('certificates_closures')
        .addColumn('event_id', 'text', (c) => c.primaryKey())
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('noted_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('certificates_closures').execute();
      await db.schema.dropTable('certificates_records').execute();
    },
  },
];
