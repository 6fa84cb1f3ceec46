/**
 * The hotline's tables for transfers between centers, transfers in from other modules and 办不成事 reports
 * (migration 0610; docs/hotline.md "Transfers").
 */
import type { Kysely } from 'kysely';
import type { MigrationDef } from '../../kernel/db/migrate.ts';

/** One transfer of a ticket from a center to another, with its reason. */
export interface HotlineTransferTable {
  id: string;
  ticket_id: string;
  from_center: string;
  to_center: string;
  reason: string;
  by_account: string;
  at: string;
}

/** A ticket registered from another module's subject (a 差评, a case): one ticket per source. */
export interface HotlineTransferInTable {
  source_type: string;
  source_id: string;
  ticket_id: string;
  at: string;
}

declare module '../../kernel/db/types.ts' {
  interface Database {
    hotline_transfers: HotlineTransferTable;
    hotline_transfer_ins: HotlineTransferInTable;
  }
}

export const hotlineFeatureMigrations: MigrationDef[] = [
  {
    name: '0610_hotline_transfers',
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('hotline_tickets')
        .addColumn('transfer_count', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('hotline_tickets')
        .addColumn('cannot_get_done', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createTable('hotline_transfers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('ticket_id', 'text', (c) => c.notNull())
        .addColumn('from_center', 'text', (c) => c.notNull())
        .addColumn('to_center', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('by_account', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('hotline_transfers_ticket_ix').on('hotline_transfers').column('ticket_id').execute();
      await db.schema
        .createTable('hotline_transfer_ins')
        .addColumn('source_type', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('ticket_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('hotline_transfer_ins_pk', ['source_type', 'source_id'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('hotline_transfer_ins').execute();
      await db.schema.dropTable('hotline_transfers').execute();
      await db.schema.alterTable('hotline_tickets').dropColumn('cannot_get_done').execute();
      await db.schema.alterTable('hotline_tickets').dropColumn('transfer_count').execute();
    },
  },
];
