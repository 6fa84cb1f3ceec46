/**
 * The hotline's tables for attachments (migration 0620; attachments.ts) and the knowledge base's past good replies
 * (migration 0621; past-replies.ts).
 */
import type { Kysely } from 'kysely';
import type { MigrationDef } from '../../kernel/db/migrate.ts';

/** A file of a ticket; the bytes are in the blob store under their SHA-256. */
export interface HotlineAttachmentTable {
  id: string;
  ticket_id: string;
  /** `caller`, `center` or `reply` (attachments.ts says who sees which). */
  kind: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  storage_key: string;
  uploaded_by: string;
  uploaded_at: string;
}

/**
 * A past good reply (优秀答复) in the knowledge base: the content and reply of a ticket closed as resolved with a
 * satisfied callback, personal data stripped; retired when the citizen's rating of the ticket is not good.
 */
export interface HotlinePastReplyTable {
  ticket_id: string;
  region: string;
  topic_code: string;
  request_type: string;
  question: string;
  answer: string;
  /** The citizen's 1–5 rating of the ticket, when one was given. */
  rating: number | null;
  active: number;
  created_at: string;
}

declare module '../../kernel/db/types.ts' {
  interface Database {
    hotline_attachments: HotlineAttachmentTable;
    hotline_past_replies: HotlinePastReplyTable;
  }
}

export const hotlineAttachmentMigrations: MigrationDef[] = [
  {
    name: '0620_hotline_attachments',
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('hotline_attachments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('ticket_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('storage_key', 'text', (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull())
        .addColumn('uploaded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('hotline_attachments_ticket_ix')
        .on('hotline_attachments')
        .columns(['ticket_id', 'id'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('hotline_attachments').execute();
    },
  },
  {
    name: '0621_hotline_past_replies',
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('hotline_past_replies')
        .addColumn('ticket_id', 'text', (c) => c.primaryKey())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('topic_code', 'text', (c) => c.notNull())
        .addColumn('request_type', 'text', (c) => c.notNull())
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('answer', 'text', (c) => c.notNull())
        .addColumn('rating', 'integer')
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('hotline_past_replies_region_ix')
        .on('hotline_past_replies')
        .columns(['region', 'active'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('hotline_past_replies').execute();
    },
  },
];
