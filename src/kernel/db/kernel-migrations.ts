/** The kernel's own tables: idempotency keys, loaded calendar years, tracked deadlines, the action log with its audit chain, and the event outbox. */
import { sql, type Kysely } from 'kysely';
import type { DbAdapter } from './adapter.ts';
import type { MigrationDef } from './migrate.ts';

export const AUDIT_CHAIN_COUNT = 16;

export const kernelMigrations: MigrationDef[] = [
  {
    name: '0001_kernel_base',
    async up(db: Kysely<any>, a: DbAdapter) {
      await db.schema
        .createTable('kernel_idempotency')
        .addColumn('caller', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('route', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('response_status', 'integer', (c) => c.notNull())
        .addColumn('response_body', sql.raw(a.jsonType), (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('kernel_idempotency_pk', ['caller', 'key'])
        .execute();

      await db.schema
        .createTable('kernel_calendar_years')
        .addColumn('year', 'integer', (c) => c.primaryKey())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('days', sql.raw(a.jsonType), (c) => c.notNull())
        .addColumn('loaded_at', 'text', (c) => c.notNull())
        .addColumn('loaded_by', 'text', (c) => c.notNull())
        .execute();

      // Deadlines any module asks the kernel to track, so they can be recomputed when a calendar year is loaded.
      await db.schema
        .createTable('kernel_deadlines')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('amount', 'integer', (c) => c.notNull())
        .addColumn('start_at', 'text', (c) => c.notNull())
        .addColumn('pauses', sql.raw(a.jsonType), (c) => c.notNull())
        .addColumn('due_date', 'text')
        .addColumn('due_at', 'text')
        .addColumn('provisional', sql.raw(a.booleanType), (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('kernel_deadlines_subject_uq', ['subject_type', 'subject_id', 'purpose'])
        .execute();
      await db.schema.createIndex('kernel_deadlines_provisional_ix').on('kernel_deadlines').columns(['provisional', 'due_date']).execute();

      // The action log: every state change of every module (see docs/architecture.md, "The action log").
      await db.schema
        .createTable('kernel_actions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('actor_role', 'text', (c) => c.notNull())
        .addColumn('on_behalf_of', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('rule_version', 'text')
        .addColumn('before_digest', 'text')
        .addColumn('after_digest', 'text')
        .addColumn('request_id', 'text')
        .addColumn('chain', 'integer', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('kernel_actions_subject_ix').on('kernel_actions').columns(['subject_type', 'subject_id', 'at']).execute();

      await db.schema
        .createTable('kernel_chain_heads')
        .addColumn('chain', 'integer', (c) => c.primaryKey())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('hash', sql.raw(a.byteOrderedText), (c) => c.notNull())
        .execute();
      const genesis = Array.from({ length: AUDIT_CHAIN_COUNT }, (_, chain) => ({ chain, position: 0, hash: '0'.repeat(64) }));
      await db.insertInto('kernel_chain_heads').values(genesis).execute();

      await db.schema
        .createTable('kernel_audit_links')
        .addColumn('chain', 'integer', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('action_id', 'text', (c) => c.notNull())
        .addColumn('prev_hash', sql.raw(a.byteOrderedText), (c) => c.notNull())
        .addColumn('hash', sql.raw(a.byteOrderedText), (c) => c.notNull())
        .addPrimaryKeyConstraint('kernel_audit_links_pk', ['chain', 'position'])
        .execute();

      await db.schema
        .createTable('kernel_outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('action_id', 'text')
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('payload', sql.raw(a.jsonType), (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('dispatched_at', 'text')
        .execute();
      await db.schema.createIndex('kernel_outbox_pending_ix').on('kernel_outbox').columns(['dispatched_at', 'id']).execute();
    },
    async down(db: Kysely<any>) {
      for (const t of ['kernel_outbox', 'kernel_audit_links', 'kernel_chain_heads', 'kernel_actions', 'kernel_deadlines', 'kernel_calendar_years', 'kernel_idempotency']) {
        await db.schema.dropTable(t).execute();
      }
    },
  },
];
