/** The inspections module's tables and their migrations (block 7: 0700–0799). */
import type { Kysely } from 'kysely';
import type { MigrationDef } from '../../kernel/db/migrate.ts';

export interface InspectionsRecordTable {
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
export interface InspectionsClosureTable {
  event_id: string;
  record_id: string;
  noted_at: string;
}

declare module '../../kernel/db/types.ts' {
  interface Database {
    inspections_records: InspectionsRecordTable;
    inspections_closures: InspectionsClosureTable;
  }
}

export const inspectionsMigrations: MigrationDef[] = [
  {
    name: '0700_inspections_base',
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('inspections_records')
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
        .createIndex('inspections_records_region_ix')
        .on('inspections_records')
        .columns(['region', 'id'])
        .execute();
      await db.schema
        .createTable('inspections_closures')
        .addColumn('event_id', 'text', (c) => c.primaryKey())
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('noted_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('inspections_closures').execute();
      await db.schema.dropTable('inspections_records').execute();
    },
  },
];
