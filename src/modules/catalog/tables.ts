/**
 * The catalog's tables: catalog items (基本目录), implementations (实施清单, the working copy of each) and the
 * append-only published versions of implementations. A published version row is inserted once and never updated:
 * its status (published / superseded / retired) is derived from the implementation, not stored.
 */
import { sql, type Kysely } from 'kysely';
import type { DbAdapter } from '../../kernel/db/adapter.ts';
import type { MigrationDef } from '../../kernel/db/migrate.ts';
import type { StoredColumnKinds } from '../../kernel/db/columns.ts';

export interface CatalogItemTable {
  id: string;
  basic_code: string;
  /** 业务办理项 number: '00' for a main item, '01'… for a business item under a parent. */
  business_item: string;
  name: string;
  item_type: number;
  legal_basis: unknown;
  levels: unknown;
  department_kind: string;
  parent_id: string | null;
  reform_mode: string | null;
  licensing_lists: unknown;
  /** The region whose catalog defines the item (the province for the basic catalog). */
  region: string;
  status: string;
  illustrative: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}

/** The implementation record: identity, lifecycle status and the working copy of the element set. */
export interface ImplementationTable {
  id: string;
  item_id: string;
  code: string;
  region: string;
  department_code: string;
  department_name: string;
  department_uscc: string;
  status: string;
  version: number;
  elements: unknown;
  effective_from: string;
  derived_from_id: string | null;
  derived_from_version: number | null;
  published_version: number | null;
  submitted_by: string | null;
  submitted_at: string | null;
  retired_at: string | null;
  illustrative: boolean;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** One published version: frozen content, inserted at publication and never changed. */
export interface ImplementationVersionTable {
  implementation_id: string;
  version: number;
  item_id: string;
  code: string;
  region: string;
  department_code: string;
  department_name: string;
  department_uscc: string;
  /** The catalog item as it stood at publication (code, name, type, legal basis, reform mode). */
  item: unknown;
  elements: unknown;
  effective_from: string;
  derived_from_id: string | null;
  derived_from_version: number | null;
  /** SHA-256 of the canonical JSON of the version's content. */
  digest: string;
  submitted_by: string | null;
  published_by: string;
  published_at: string;
  illustrative: boolean;
}

declare module '../../kernel/db/types.ts' {
  interface Database {
    catalog_items: CatalogItemTable;
    catalog_implementations: ImplementationTable;
    catalog_implementation_versions: ImplementationVersionTable;
  }
}

/** The catalog's JSON and boolean columns, its sub-folders' tables included (src/kernel/db/columns.ts converts them). */
export const catalogColumns: StoredColumnKinds = {
  catalog_items: { json: ['legal_basis', 'levels', 'licensing_lists'], bool: ['illustrative'] },
  catalog_implementations: { json: ['elements', 'source'], bool: ['illustrative'] },
  catalog_implementation_versions: { json: ['item', 'elements'], bool: ['illustrative'] },
  catalog_bundles: { json: ['members', 'form', 'conflicts', 'materials'], bool: ['illustrative'] },
  catalog_bundle_versions: { json: ['members', 'form', 'materials'], bool: ['illustrative'] },
  catalog_search_index: { json: ['life_events'], bool: ['illustrative'] },
  catalog_item_life_events: { json: ['life_events'] },
  catalog_delegations: { json: ['to_regions'] },
  catalog_center_windows: { json: ['departments'] },
};

export const catalogMigrations: MigrationDef[] = [
  {
    name: '0200_catalog_base',
    async up(db: Kysely<any>, a: DbAdapter) {
      await db.schema
        .createTable('catalog_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('basic_code', 'text', (c) => c.notNull())
        .addColumn('business_item', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('item_type', 'integer', (c) => c.notNull())
        .addColumn('legal_basis', sql.raw(a.jsonType), (c) => c.notNull())
        .addColumn('levels', sql.raw(a.jsonType), (c) => c.notNull())
        .addColumn('department_kind', 'text', (c) => c.notNull())
        .addColumn('parent_id', 'text', (c) => c.references('catalog_items.id'))
        .addColumn('reform_mode', 'text')
        .addColumn('licensing_lists', sql.raw(a.jsonType), (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('illustrative', sql.raw(a.booleanType), (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('catalog_items_code_uq', ['basic_code', 'business_item'])
        .execute();
      await db.schema.createIndex('catalog_items_parent_ix').on('catalog_items').columns(['parent_id']).execute();

      await db.schema
        .createTable('catalog_implementations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('item_id', 'text', (c) => c.notNull().references('catalog_items.id'))
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('department_code', 'text', (c) => c.notNull())
        .addColumn('department_name', 'text', (c) => c.notNull())
        .addColumn('department_uscc', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('elements', sql.raw(a.jsonType), (c) => c.notNull())
        .addColumn('effective_from', 'text', (c) => c.notNull())
        .addColumn('derived_from_id', 'text', (c) => c.references('catalog_implementations.id'))
        .addColumn('derived_from_version', 'integer')
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
        .createIndex('catalog_impl_item_region_ix')
        .on('catalog_implementations')
        .columns(['item_id', 'region'])
        .execute();
      await db.schema
        .createIndex('catalog_impl_region_ix')
        .on('catalog_implementations')
        .columns(['region', 'id'])
        .execute();
      await db.schema
        .createIndex('catalog_impl_derived_ix')
        .on('catalog_implementations')
        .columns(['derived_from_id'])
        .execute();

      await db.schema
        .createTable('catalog_implementation_versions')
        .addColumn('implementation_id', 'text', (c) => c.notNull().references('catalog_implementations.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('department_code', 'text', (c) => c.notNull())
        .addColumn('department_name', 'text', (c) => c.notNull())
        .addColumn('department_uscc', 'text', (c) => c.notNull())
        .addColumn('item', sql.raw(a.jsonType), (c) => c.notNull())
        .addColumn('elements', sql.raw(a.jsonType), (c) => c.notNull())
        .addColumn('effective_from', 'text', (c) => c.notNull())
        .addColumn('derived_from_id', 'text')
        .addColumn('derived_from_version', 'integer')
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('submitted_by', 'text')
        .addColumn('published_by', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addColumn('illustrative', sql.raw(a.booleanType), (c) => c.notNull())
        .addPrimaryKeyConstraint('catalog_impl_versions_pk', ['implementation_id', 'version'])
        .execute();
    },
    async down(db: Kysely<any>) {
      for (const t of ['catalog_implementation_versions', 'catalog_implementations', 'catalog_items'])
        await db.schema.dropTable(t).execute();
    },
  },
];
