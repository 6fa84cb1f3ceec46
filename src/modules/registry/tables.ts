/** The registry's tables: departments, enterprises and other organizations, natural persons, personal-data reads. */
import { sql, type Kysely } from 'kysely';
import type { DbAdapter } from '../../kernel/db/adapter.ts';
import type { MigrationDef } from '../../kernel/db/migrate.ts';
import type { StoredColumnKinds } from '../../kernel/db/columns.ts';

export interface DepartmentTable {
  code: string;
  name: string;
  kind: string;
  region: string;
  uscc: string;
  parent_code: string | null;
  synthetic: boolean;
}

export interface EnterpriseTable {
  id: string;
  uscc: string;
  name: string;
  org_type: string;
  entity_type: string;
  region: string;
  address: string;
  industry: string;
  legal_rep_name: string;
  legal_rep_id_enc: string | null;
  legal_rep_id_index: string | null;
  legal_rep_id_masked: string | null;
  status: string;
  established_on: string | null;
  licences: unknown;
  synthetic: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface PersonTable {
  id: string;
  resident_id_enc: string;
  resident_id_index: string;
  resident_id_masked: string;
  name: string;
  phone_enc: string | null;
  phone_index: string | null;
  phone_masked: string | null;
  region: string;
  synthetic: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface PersonalDataReadTable {
  id: string;
  at: string;
  reader_id: string;
  reader_role: string;
  person_id: string;
  fields: string;
  reason: string;
  request_id: string | null;
}

declare module '../../kernel/db/types.ts' {
  interface Database {
    registry_departments: DepartmentTable;
    registry_enterprises: EnterpriseTable;
    registry_persons: PersonTable;
    registry_personal_data_reads: PersonalDataReadTable;
  }
}

/** The registry's JSON and boolean columns (src/kernel/db/columns.ts converts them). */
export const registryColumns: StoredColumnKinds = {
  registry_departments: { bool: ['synthetic'] },
  registry_enterprises: { json: ['licences'], bool: ['synthetic'] },
  registry_persons: { bool: ['synthetic'] },
};

export const registryMigrations: MigrationDef[] = [
  {
    name: '0100_registry_base',
    async up(db: Kysely<any>, a: DbAdapter) {
      await db.schema
        .createTable('registry_departments')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('uscc', 'text', (c) => c.notNull().unique())
        .addColumn('parent_code', 'text', (c) => c.references('registry_departments.code'))
        .addColumn('synthetic', sql.raw(a.booleanType), (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('registry_departments_region_ix')
        .on('registry_departments')
        .columns(['region', 'kind'])
        .execute();

      await db.schema
        .createTable('registry_enterprises')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('uscc', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('org_type', 'text', (c) => c.notNull())
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('industry', 'text', (c) => c.notNull())
        .addColumn('legal_rep_name', 'text', (c) => c.notNull())
        .addColumn('legal_rep_id_enc', 'text')
        .addColumn('legal_rep_id_index', 'text')
        .addColumn('legal_rep_id_masked', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('established_on', 'text')
        .addColumn('licences', sql.raw(a.jsonType), (c) => c.notNull())
        .addColumn('synthetic', sql.raw(a.booleanType), (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('registry_enterprises_region_ix')
        .on('registry_enterprises')
        .columns(['region', 'id'])
        .execute();
      await db.schema
        .createIndex('registry_enterprises_name_ix')
        .on('registry_enterprises')
        .columns(['name'])
        .execute();

      await db.schema
        .createTable('registry_persons')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('resident_id_enc', 'text', (c) => c.notNull())
        .addColumn('resident_id_index', 'text', (c) => c.notNull().unique())
        .addColumn('resident_id_masked', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('phone_enc', 'text')
        .addColumn('phone_index', 'text')
        .addColumn('phone_masked', 'text')
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('synthetic', sql.raw(a.booleanType), (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('registry_persons_region_ix')
        .on('registry_persons')
        .columns(['region', 'id'])
        .execute();
      await db.schema.createIndex('registry_persons_name_ix').on('registry_persons').columns(['name']).execute();
      await db.schema
        .createIndex('registry_persons_phone_ix')
        .on('registry_persons')
        .columns(['phone_index'])
        .execute();

      await db.schema
        .createTable('registry_personal_data_reads')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('reader_id', 'text', (c) => c.notNull())
        .addColumn('reader_role', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text')
        .execute();
      await db.schema
        .createIndex('registry_pd_reads_person_ix')
        .on('registry_personal_data_reads')
        .columns(['person_id', 'at'])
        .execute();
    },
    async down(db: Kysely<any>) {
      for (const t of [
        'registry_personal_data_reads',
        'registry_persons',
        'registry_enterprises',
        'registry_departments',
      ])
        await db.schema.dropTable(t).execute();
    },
  },
];

/**
 * Index changes after the base schema. `registry_enterprises_name_ix` is dropped: it served no query (a name search
 * is `LIKE '%…%'` / `ILIKE`, which a B-tree cannot answer) and cost every registration and every seeded row one more
 * random B-tree insert.
 */
export const registryIndexMigrations: MigrationDef[] = [
  {
    name: '0104_registry_drop_unused_name_index',
    async up(db: Kysely<any>) {
      await db.schema.dropIndex('registry_enterprises_name_ix').ifExists().execute();
    },
    async down(db: Kysely<any>) {
      await db.schema
        .createIndex('registry_enterprises_name_ix')
        .on('registry_enterprises')
        .columns(['name'])
        .execute();
    },
  },
  /**
   * `enterpriseConflictsOf` (the inspections freeze's recusal reader) finds the enterprises whose legal
   * representative is a person a staff member declared a relation to: `legal_rep_id_index in (…)`. Without an index
   * that was one scan of every enterprise per freeze.
   */
  {
    name: '0105_registry_legal_rep_index',
    async up(db: Kysely<any>) {
      await db.schema
        .createIndex('registry_enterprises_legal_rep_ix')
        .on('registry_enterprises')
        .columns(['legal_rep_id_index'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('registry_enterprises_legal_rep_ix').ifExists().execute();
    },
  },
];
