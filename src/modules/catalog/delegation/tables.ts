/**
 * Delegations (放权赋能 / 下放): an item's handling moved from a province or city to listed counties from an effective
 * date. A row is never deleted; a rollback keeps it with its reason and time, so `competentBodyFor` can answer for
 * any moment in the past (a case filed then stays with the body that was competent then).
 */
import { sql, type Kysely } from 'kysely';
import type { DbAdapter } from '../../../kernel/db/adapter.ts';
import type { MigrationDef } from '../../../kernel/db/migrate.ts';

export interface DelegationTable {
  id: string;
  item_id: string;
  /** The delegating region (a province or city) and its level. */
  from_region: string;
  from_level: string;
  /** County division codes the handling moves to (JSON array). */
  to_regions: unknown;
  /** The department kind that handles the item in each county (the item's own kind unless stated). */
  receiving_kind: string;
  /** Asia/Shanghai calendar date from which cases filed go to the county. */
  effective_from: string;
  reason: string;
  /** The decision document, e.g. 豫政〔2026〕1号; null when not given. */
  document: string | null;
  /** active / rolled_back. */
  status: string;
  rollback_reason: string | null;
  rolled_back_at: string | null;
  version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

declare module '../../../kernel/db/types.ts' {
  interface Database {
    catalog_delegations: DelegationTable;
  }
}

export const delegationMigrations: MigrationDef[] = [
  {
    name: '0250_catalog_delegation',
    async up(db: Kysely<any>, a: DbAdapter) {
      await db.schema
        .createTable('catalog_delegations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('item_id', 'text', (c) => c.notNull().references('catalog_items.id'))
        .addColumn('from_region', 'text', (c) => c.notNull())
        .addColumn('from_level', 'text', (c) => c.notNull())
        .addColumn('to_regions', sql.raw(a.jsonType), (c) => c.notNull())
        .addColumn('receiving_kind', 'text', (c) => c.notNull())
        .addColumn('effective_from', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('document', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('rollback_reason', 'text')
        .addColumn('rolled_back_at', 'text')
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('catalog_delegations_item_ix')
        .on('catalog_delegations')
        .columns(['item_id', 'created_at'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('catalog_delegations').execute();
    },
  },
];
