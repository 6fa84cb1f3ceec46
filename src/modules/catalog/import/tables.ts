/**
 * Where an imported implementation came from: the list it was taken from and its code there (`sourceCode`, e.g. the
 * original 广安区 implementation code). Kept on the implementation, not the item: the original code names one
 * region and one implementing body — an implementation — while the item's own source basic code is that code's
 * prefix. Two nullable columns added to `catalog_implementations`; rows created by hand leave them null.
 */
import { sql, type Kysely } from 'kysely';
import type { DbAdapter } from '../../../kernel/db/adapter.ts';
import type { MigrationDef } from '../../../kernel/db/migrate.ts';

declare module '../tables.ts' {
  interface ImplementationTable {
    /** The implementation's code in the list it was imported from. */
    source_code?: string | null;
    /** `{ list, department, mainItem, url }` of the source row (JSON), null when not imported. */
    source?: unknown;
  }
}

export const importMigrations: MigrationDef[] = [
  {
    name: '0230_catalog_import_source',
    async up(db: Kysely<any>, a: DbAdapter) {
      await db.schema.alterTable('catalog_implementations').addColumn('source_code', 'text').execute();
      await db.schema.alterTable('catalog_implementations').addColumn('source', sql.raw(a.jsonType)).execute();
      await db.schema
        .createIndex('catalog_impl_source_code_ix')
        .on('catalog_implementations')
        .columns(['source_code'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('catalog_impl_source_code_ix').execute();
      await db.schema.alterTable('catalog_implementations').dropColumn('source').execute();
      await db.schema.alterTable('catalog_implementations').dropColumn('source_code').execute();
    },
  },
];
