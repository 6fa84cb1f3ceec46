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
      await db.schema
        .createIndex('kernel_deadlines_provisional_ix')
        .on('kernel_deadlines')
        .columns(['provisional', 'due_date'])
        .execute();

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
      await db.schema
        .createIndex('kernel_actions_subject_ix')
        .on('kernel_actions')
        .columns(['subject_type', 'subject_id', 'at'])
        .execute();

      await db.schema
        .createTable('kernel_chain_heads')
        .addColumn('chain', 'integer', (c) => c.primaryKey())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('hash', sql.raw(a.byteOrderedText), (c) => c.notNull())
        .execute();
      const genesis = Array.from({ length: AUDIT_CHAIN_COUNT }, (_, chain) => ({
        chain,
        position: 0,
        hash: '0'.repeat(64),
      }));
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
      await db.schema
        .createIndex('kernel_outbox_pending_ix')
        .on('kernel_outbox')
        .columns(['dispatched_at', 'id'])
        .execute();
    },
    async down(db: Kysely<any>) {
      for (const t of [
        'kernel_outbox',
        'kernel_audit_links',
        'kernel_chain_heads',
        'kernel_actions',
        'kernel_deadlines',
        'kernel_calendar_years',
        'kernel_idempotency',
      ]) {
        await db.schema.dropTable(t).execute();
      }
    },
  },
  {
    // Events and jobs (docs/events-and-jobs.md): webhook subscriptions, per-webhook event deliveries, and the job queue.
    name: '0004_kernel_events_jobs',
    async up(db: Kysely<any>, a: DbAdapter) {
      await db.schema
        .createTable('kernel_webhooks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('secret', 'text', (c) => c.notNull()) // encrypted with the personal-data cipher
        .addColumn('event_types', sql.raw(a.jsonType), (c) => c.notNull())
        .addColumn('active', sql.raw(a.booleanType), (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('deleted_at', 'text')
        .execute();

      await db.schema
        .createTable('kernel_event_deliveries')
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('webhook_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('last_status', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('delivered_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('kernel_event_deliveries_pk', ['event_id', 'webhook_id'])
        .execute();
      await db.schema
        .createIndex('kernel_event_deliveries_due_ix')
        .on('kernel_event_deliveries')
        .columns(['status', 'next_attempt_at'])
        .execute();

      await db.schema
        .createTable('kernel_jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('payload', sql.raw(a.jsonType), (c) => c.notNull())
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('max_attempts', 'integer', (c) => c.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_until', 'text')
        .addColumn('last_error', 'text')
        .addColumn('unique_key', 'text', (c) => c.unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('kernel_jobs_due_ix').on('kernel_jobs').columns(['status', 'due_at']).execute();
      await db.schema
        .createIndex('kernel_jobs_lease_ix')
        .on('kernel_jobs')
        .columns(['status', 'lease_until'])
        .execute();
    },
    async down(db: Kysely<any>) {
      for (const t of ['kernel_jobs', 'kernel_event_deliveries', 'kernel_webhooks'])
        await db.schema.dropTable(t).execute();
    },
  },
  {
    // Audit-chain verification and signed checkpoints (docs/audit-chain.md, src/kernel/audit-checkpoints.ts): each link
    // records its hash algorithm; links are found by action for the cross-check; checkpoints keep every chain head, signed.
    name: '0003_kernel_audit_checkpoints',
    async up(db: Kysely<any>, a: DbAdapter) {
      await db.schema
        .alterTable('kernel_audit_links')
        .addColumn('hash_alg', 'text', (c) => c.notNull().defaultTo('sha256'))
        .execute();
      await db.schema
        .createIndex('kernel_audit_links_action_ix')
        .on('kernel_audit_links')
        .column('action_id')
        .execute();
      await db.schema
        .createTable('kernel_audit_checkpoints')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('hash_alg', 'text', (c) => c.notNull())
        .addColumn('heads', sql.raw(a.jsonType), (c) => c.notNull())
        .addColumn('root', sql.raw(a.byteOrderedText), (c) => c.notNull())
        .addColumn('signature', 'text', (c) => c.notNull())
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('alg', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('kernel_audit_checkpoints').execute();
      await db.schema.dropIndex('kernel_audit_links_action_ix').execute();
      await db.schema.alterTable('kernel_audit_links').dropColumn('hash_alg').execute();
    },
  },
  {
    name: '0005_kernel_office_hours',
    async up(db: Kysely<any>, a: DbAdapter) {
      await db.schema
        .createTable('kernel_office_hours')
        .addColumn('region', 'text', (c) => c.primaryKey())
        .addColumn('periods', sql.raw(a.jsonType), (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('kernel_office_hours').execute();
    },
  },
  {
    // In-process subscribers (events.ts): one receipt per subscriber and event, written in the handler's own
    // transaction, so an event delivered twice changes the database once.
    name: '0006_kernel_subscriber_receipts',
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('kernel_subscriber_receipts')
        .addColumn('subscriber', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('handled_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('kernel_subscriber_receipts_pk', ['subscriber', 'event_id'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('kernel_subscriber_receipts').execute();
    },
  },
];
