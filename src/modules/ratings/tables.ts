/** The ratings module's tables and their migrations (block 4: 0400–0499). */
import { sql, type Kysely } from 'kysely';
import type { MigrationDef } from '../../kernel/db/migrate.ts';
import type { DbAdapter } from '../../kernel/db/adapter.ts';
import type { StoredColumnKinds } from '../../kernel/db/columns.ts';

/**
 * An invitation to rate one subject (a concluded case, later a closed hotline ticket), offered by the subject's
 * module through `offerRating`: one per subject, bound to the account that may rate it.
 */
export interface RatingsInvitationTable {
  id: string;
  /** The subject rated, as its module names it (`cases.case`): unique together with subject_id. */
  subject_type: string;
  subject_id: string;
  /** What the rater is shown, e.g. the case number and the item's name. */
  subject_label: string;
  /** The only account that may rate it; never shown to staff. */
  rater_account: string;
  department_code: string;
  department_name: string;
  /** The department's kind (SCJG, ZWFW, …): whose staff work its rectification. */
  department_kind: string;
  region: string;
  item_id: string;
  item_name: string;
  /** The channel the subject's module suggests (where the service was given), if any. */
  channel: string | null;
  offered_at: string;
}

/** A rating (评价): one per invitation (unique), so a second attempt cannot add another. */
export interface RatingsRatingTable {
  id: string;
  invitation_id: string;
  score: number;
  /** JSON array of tag codes from the score's band. */
  tags: string[];
  comment: string | null;
  channel: string;
  /** The rater gave their name for a callback (实名评价): the rectification must record one. */
  real_name: boolean;
  rated_at: string;
  /** Copied from the invitation, so statistics read one table. */
  department_code: string;
  department_name: string;
  region: string;
  item_id: string;
  item_name: string;
}

/** A rectification (整改) of a 差评, worked by the handling department; its status moves by `rectificationLifecycle`. */
export interface RatingsRectificationTable {
  id: string;
  rating_id: string;
  invitation_id: string;
  status: string;
  version: number;
  department_code: string;
  department_name: string;
  department_kind: string;
  region: string;
  item_id: string;
  item_name: string;
  real_name: boolean;
  callback_note: string | null;
  called_back_at: string | null;
  findings: string | null;
  outcome: string | null;
  appeal_reason: string | null;
  appeal_decision: string | null;
  opened_at: string;
  /** The due time as tracked when opened (the kernel's deadline is the source; this copy serves statistics). */
  due_at: string | null;
  finished_at: string | null;
  /** Finished by its due time (null while open). */
  on_time: boolean | null;
  outcome_score: number | null;
  outcome_comment: string | null;
  outcome_rated_at: string | null;
  created_at: string;
  updated_at: string;
}

declare module '../../kernel/db/types.ts' {
  interface Database {
    ratings_invitations: RatingsInvitationTable;
    ratings_ratings: RatingsRatingTable;
    ratings_rectifications: RatingsRectificationTable;
  }
}

export const ratingsColumns: StoredColumnKinds = {
  ratings_ratings: { json: ['tags'], bool: ['real_name'] },
  ratings_rectifications: { bool: ['real_name', 'on_time'] },
};

export const ratingsMigrations: MigrationDef[] = [
  {
    name: '0400_ratings_base',
    async up(db: Kysely<any>, a: DbAdapter) {
      await db.schema
        .createTable('ratings_invitations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('subject_label', 'text', (c) => c.notNull())
        .addColumn('rater_account', 'text', (c) => c.notNull())
        .addColumn('department_code', 'text', (c) => c.notNull())
        .addColumn('department_name', 'text', (c) => c.notNull())
        .addColumn('department_kind', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('item_name', 'text', (c) => c.notNull())
        .addColumn('channel', 'text')
        .addColumn('offered_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('ratings_invitations_subject_uq', ['subject_type', 'subject_id'])
        .execute();
      await db.schema
        .createIndex('ratings_invitations_rater_ix')
        .on('ratings_invitations')
        .columns(['rater_account', 'id'])
        .execute();
      await db.schema
        .createTable('ratings_ratings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('invitation_id', 'text', (c) => c.notNull().unique().references('ratings_invitations.id'))
        .addColumn('score', 'integer', (c) => c.notNull())
        .addColumn('tags', sql.raw(a.jsonType), (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('real_name', sql.raw(a.booleanType), (c) => c.notNull())
        .addColumn('rated_at', 'text', (c) => c.notNull())
        .addColumn('department_code', 'text', (c) => c.notNull())
        .addColumn('department_name', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('item_name', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('ratings_ratings_region_ix')
        .on('ratings_ratings')
        .columns(['region', 'id'])
        .execute();
      await db.schema
        .createTable('ratings_rectifications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('rating_id', 'text', (c) => c.notNull().unique().references('ratings_ratings.id'))
        .addColumn('invitation_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('department_code', 'text', (c) => c.notNull())
        .addColumn('department_name', 'text', (c) => c.notNull())
        .addColumn('department_kind', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('item_name', 'text', (c) => c.notNull())
        .addColumn('real_name', sql.raw(a.booleanType), (c) => c.notNull())
        .addColumn('callback_note', 'text')
        .addColumn('called_back_at', 'text')
        .addColumn('findings', 'text')
        .addColumn('outcome', 'text')
        .addColumn('appeal_reason', 'text')
        .addColumn('appeal_decision', 'text')
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text')
        .addColumn('finished_at', 'text')
        .addColumn('on_time', sql.raw(a.booleanType))
        .addColumn('outcome_score', 'integer')
        .addColumn('outcome_comment', 'text')
        .addColumn('outcome_rated_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('ratings_rectifications_region_ix')
        .on('ratings_rectifications')
        .columns(['region', 'id'])
        .execute();
      await db.schema
        .createTable('ratings_limits')
        .addColumn('region', 'text', (c) => c.primaryKey())
        .addColumn('working_days', 'integer', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('ratings_limits').execute();
      await db.schema.dropTable('ratings_rectifications').execute();
      await db.schema.dropTable('ratings_ratings').execute();
      await db.schema.dropTable('ratings_invitations').execute();
    },
  },
  {
    // The rectification limit moved to the kernel's per-region limits (`ratings.rectification_days`, limits.ts).
    name: '0401_ratings_drop_limits',
    async up(db: Kysely<any>) {
      await db.schema.dropTable('ratings_limits').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema
        .createTable('ratings_limits')
        .addColumn('region', 'text', (c) => c.primaryKey())
        .addColumn('working_days', 'integer', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
];
