/**
 * Service centers (政务服务中心) per region, their halls and windows, and each center's negative list (进驻事项负面清单).
 * A center is one aggregate: its halls, windows and negative-list entries change only through the center, and every
 * such change bumps the center's `version` (the concurrency token a caller sends back).
 */
import { sql, type Kysely } from 'kysely';
import type { DbAdapter } from '../../../kernel/db/adapter.ts';
import type { MigrationDef } from '../../../kernel/db/migrate.ts';

export interface CenterTable {
  id: string;
  region: string;
  name: string;
  address: string;
  hours: string;
  phone: string | null;
  /** open / closed; a closed center hosts nothing. */
  status: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface CenterHallTable {
  id: string;
  center_id: string;
  name: string;
  floor: string | null;
  created_at: string;
}

export interface CenterWindowTable {
  id: string;
  center_id: string;
  hall_id: string;
  /** The window number shown above it (A01, 12, …), unique within the center. */
  number: string;
  name: string;
  type: string;
  /** Departments served: `[{ code, name }]`, names copied from the registry when set. */
  departments: unknown;
  /** open / closed. */
  status: string;
  created_at: string;
}

/** One entry of a center's negative list: an implementation, or a whole item, that the center does not host. */
export interface NegativeListEntryTable {
  id: string;
  center_id: string;
  /** Null when the entry covers every implementation of the item. */
  implementation_id: string | null;
  item_id: string;
  reason: string;
  /** The approving authority and document, e.g. 金水区人民政府（金政文〔2026〕3号）. */
  approved_by: string;
  approved_on: string;
  /** active / removed. */
  status: string;
  removal_reason: string | null;
  created_at: string;
  removed_at: string | null;
}

declare module '../../../kernel/db/types.ts' {
  interface Database {
    catalog_centers: CenterTable;
    catalog_center_halls: CenterHallTable;
    catalog_center_windows: CenterWindowTable;
    catalog_center_negative_list: NegativeListEntryTable;
  }
}

export const centerMigrations: MigrationDef[] = [
  {
    name: '0240_catalog_centers',
    async up(db: Kysely<any>, a: DbAdapter) {
      await db.schema
        .createTable('catalog_centers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('hours', 'text', (c) => c.notNull())
        .addColumn('phone', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('catalog_centers_name_uq', ['region', 'name'])
        .execute();
      await db.schema
        .createIndex('catalog_centers_region_ix')
        .on('catalog_centers')
        .columns(['region', 'id'])
        .execute();
      await db.schema
        .createTable('catalog_center_halls')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('center_id', 'text', (c) => c.notNull().references('catalog_centers.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('floor', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('catalog_center_halls_center_ix')
        .on('catalog_center_halls')
        .columns(['center_id'])
        .execute();
      await db.schema
        .createTable('catalog_center_windows')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('center_id', 'text', (c) => c.notNull().references('catalog_centers.id'))
        .addColumn('hall_id', 'text', (c) => c.notNull().references('catalog_center_halls.id'))
        .addColumn('number', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('departments', sql.raw(a.jsonType), (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('catalog_center_windows_number_uq', ['center_id', 'number'])
        .execute();
      await db.schema
        .createTable('catalog_center_negative_list')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('center_id', 'text', (c) => c.notNull().references('catalog_centers.id'))
        .addColumn('implementation_id', 'text', (c) => c.references('catalog_implementations.id'))
        .addColumn('item_id', 'text', (c) => c.notNull().references('catalog_items.id'))
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('approved_by', 'text', (c) => c.notNull())
        .addColumn('approved_on', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('removal_reason', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('removed_at', 'text')
        .execute();
      await db.schema
        .createIndex('catalog_center_neg_center_ix')
        .on('catalog_center_negative_list')
        .columns(['center_id', 'status'])
        .execute();
    },
    async down(db: Kysely<any>) {
      for (const t of [
        'catalog_center_negative_list',
        'catalog_center_windows',
        'catalog_center_halls',
        'catalog_centers',
      ])
        await db.schema.dropTable(t).execute();
    },
  },
];
