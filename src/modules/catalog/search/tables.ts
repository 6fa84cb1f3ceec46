/**
 * The search index's tables: one row per implementation whose published version is in force (rebuilt from the
 * catalog, so it can always be dropped and re-made), a counter for its sort keys, and the items' life-event tags.
 *
 * `doc_id` is the sort key as well as the row's key: level bucket (county 0, city 1, province 2) · name length ·
 * sequence, so "own region first, shorter (more general) names first" is plain key order and a search reads the
 * full-text index in that order and stops after one page, instead of ranking every match.
 */
import { sql, type Kysely } from 'kysely';
import type { DbAdapter, FullTextIndex } from '../../../kernel/db/adapter.ts';
import type { MigrationDef } from '../../../kernel/db/migrate.ts';

export interface SearchIndexTable {
  doc_id: number;
  implementation_id: string;
  version: number;
  item_id: string;
  code: string;
  name: string;
  item_type: number;
  department_code: string;
  department_name: string;
  department_kind: string;
  region: string;
  handling_kind: string;
  promised_days: number | null;
  illustrative: boolean;
  /** JSON array of life-event keys (from the item's tags). */
  life_events: unknown;
  /** Space-separated tokens: `^word` for words of the title, plain words of all text, and filter tokens (r_, d_, t_, l_). */
  tokens: string;
  indexed_at: string;
}

/** The sequence part of new sort keys (one row, id 'doc'). */
export interface SearchStateTable {
  id: string;
  next_seq: number;
}

/** An item's life-event tags (一件事 browsing), one row per tagged item, versioned like any edited record. */
export interface ItemLifeEventsTable {
  item_id: string;
  life_events: unknown;
  version: number;
  updated_by: string;
  updated_at: string;
}

declare module '../../../kernel/db/types.ts' {
  interface Database {
    catalog_search_index: SearchIndexTable;
    catalog_search_state: SearchStateTable;
    catalog_item_life_events: ItemLifeEventsTable;
  }
}

export const SEARCH_FULL_TEXT: FullTextIndex = { table: 'catalog_search_index', key: 'doc_id', column: 'tokens' };

export const searchMigrations: MigrationDef[] = [
  {
    name: '0210_catalog_search_index',
    async up(db: Kysely<any>, a: DbAdapter) {
      await db.schema
        .createTable('catalog_search_index')
        .addColumn('doc_id', sql.raw(a.bigintType), (c) => c.primaryKey())
        .addColumn('implementation_id', 'text', (c) => c.notNull().unique())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('item_type', 'integer', (c) => c.notNull())
        .addColumn('department_code', 'text', (c) => c.notNull())
        .addColumn('department_name', 'text', (c) => c.notNull())
        .addColumn('department_kind', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('handling_kind', 'text', (c) => c.notNull())
        .addColumn('promised_days', 'integer')
        .addColumn('illustrative', sql.raw(a.booleanType), (c) => c.notNull())
        .addColumn('life_events', sql.raw(a.jsonType), (c) => c.notNull())
        .addColumn('tokens', 'text', (c) => c.notNull())
        .addColumn('indexed_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('catalog_search_item_ix').on('catalog_search_index').columns(['item_id']).execute();
      // Browsing counts read a region's rows through this index (region = one code, never a prefix scan of all).
      await db.schema
        .createIndex('catalog_search_region_ix')
        .on('catalog_search_index')
        .columns(['region', 'department_code', 'item_type'])
        .execute();
      await a.createFullTextIndex(db, SEARCH_FULL_TEXT);
      await db.schema
        .createTable('catalog_search_state')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('next_seq', sql.raw(a.bigintType), (c) => c.notNull())
        .execute();
      await db.insertInto('catalog_search_state').values({ id: 'doc', next_seq: 1 }).execute();
      await db.schema
        .createTable('catalog_item_life_events')
        .addColumn('item_id', 'text', (c) => c.primaryKey().references('catalog_items.id'))
        .addColumn('life_events', sql.raw(a.jsonType), (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<any>, a: DbAdapter) {
      await db.schema.dropTable('catalog_item_life_events').execute();
      await db.schema.dropTable('catalog_search_state').execute();
      await a.dropFullTextIndex(db, SEARCH_FULL_TEXT);
      await db.schema.dropTable('catalog_search_index').execute();
    },
  },
];
