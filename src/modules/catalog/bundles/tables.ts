/**
 * Bundles (一件事一次办): the working copy of each bundle, and its append-only published versions. A published
 * version row is inserted once and never updated; its status (published / superseded / retired) is derived from the
 * bundle, as for implementations.
 */
import { sql, type Kysely } from 'kysely';
import type { DbAdapter } from '../../../kernel/db/adapter.ts';
import type { MigrationDef } from '../../../kernel/db/migrate.ts';

export interface BundleTable {
  id: string;
  code: string;
  name: string;
  /** The life event (新生儿出生, 开办餐饮店, 退休 …) the bundle serves. */
  life_event: string;
  /** The region where the bundle is offered; every member implementation covers it. */
  region: string;
  description: string | null;
  status: string;
  version: number;
  /** Resolved members (JSON): pinned implementation versions with their order. */
  members: unknown;
  /** The merged form (JSON): `{ schema, fields }`. */
  form: unknown;
  /** Conflicting field definitions found when the members were set (JSON array; empty when none). */
  conflicts: unknown;
  /** The de-duplicated material list (JSON array). */
  materials: unknown;
  published_version: number | null;
  submitted_by: string | null;
  submitted_at: string | null;
  retired_at: string | null;
  illustrative: boolean;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface BundleVersionTable {
  bundle_id: string;
  version: number;
  code: string;
  name: string;
  life_event: string;
  region: string;
  description: string | null;
  members: unknown;
  form: unknown;
  materials: unknown;
  /** SHA-256 of the canonical JSON of the version's content. */
  digest: string;
  submitted_by: string | null;
  published_by: string;
  published_at: string;
  illustrative: boolean;
}

declare module '../../../kernel/db/types.ts' {
  interface Database {
    catalog_bundles: BundleTable;
    catalog_bundle_versions: BundleVersionTable;
  }
}

export const bundleMigrations: MigrationDef[] = [
  {
    name: '0260_catalog_bundles',
    async up(db: Kysely<any>, a: DbAdapter) {
      const json = sql.raw(a.jsonType);
      await db.schema
        .createTable('catalog_bundles')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('life_event', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('members', json, (c) => c.notNull())
        .addColumn('form', json, (c) => c.notNull())
        .addColumn('conflicts', json, (c) => c.notNull())
        .addColumn('materials', json, (c) => c.notNull())
        .addColumn('published_version', 'integer')
        .addColumn('submitted_by', 'text')
        .addColumn('submitted_at', 'text')
        .addColumn('retired_at', 'text')
        .addColumn('illustrative', sql.raw(a.booleanType), (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('catalog_bundles_region_ix')
        .on('catalog_bundles')
        .columns(['region', 'id'])
        .execute();
      await db.schema
        .createTable('catalog_bundle_versions')
        .addColumn('bundle_id', 'text', (c) => c.notNull().references('catalog_bundles.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('life_event', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('members', json, (c) => c.notNull())
        .addColumn('form', json, (c) => c.notNull())
        .addColumn('materials', json, (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('submitted_by', 'text')
        .addColumn('published_by', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addColumn('illustrative', sql.raw(a.booleanType), (c) => c.notNull())
        .addPrimaryKeyConstraint('catalog_bundle_versions_pk', ['bundle_id', 'version'])
        .execute();
    },
    async down(db: Kysely<any>) {
      for (const t of ['catalog_bundle_versions', 'catalog_bundles']) await db.schema.dropTable(t).execute();
    },
  },
];
