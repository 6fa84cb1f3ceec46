/**
 * Tables for the reform modes and special procedures (migration 0302): the signed commitment of a 告知承诺 case with
 * its post-grant check, and each special procedure (特别程序) that paused a case's decision clock.
 */
import type { Kysely } from 'kysely';
import type { MigrationDef } from '../../kernel/db/migrate.ts';

/** The applicant's commitment (告知承诺书) on a 实行告知承诺 case, one per case, and the check of it (核查). */
export interface CaseCommitmentTable {
  case_id: string;
  /** The promise as the applicant saw and accepted it. */
  text: string;
  /** The account that signed (the applicant, or the clerk filing for them at a window). */
  signed_by: string;
  signed_at: string;
  /** null until checked; then 'verified' or 'false'. */
  outcome: string | null;
  checked_by: string | null;
  checked_at: string | null;
}

/** A special procedure: while `ended_at` is null the case is `suspended` and its decision clock does not run. */
export interface CaseSpecialProcedureTable {
  id: string;
  case_id: string;
  kind: string;
  reason: string;
  /** The longest it may pause the case, in working days. */
  max_days: number;
  started_at: string;
  started_by: string;
  ended_at: string | null;
  ended_by: string | null;
}

declare module '../../kernel/db/types.ts' {
  interface Database {
    cases_commitments: CaseCommitmentTable;
    cases_special_procedures: CaseSpecialProcedureTable;
  }
}

export const reformMigration: MigrationDef = {
  name: '0302_cases_reform',
  async up(db: Kysely<any>) {
    await db.schema.alterTable('cases_cases').addColumn('reform_mode', 'text').execute();
    await db.schema
      .alterTable('cases_cases')
      .addColumn('handling_kind', 'text', (c) => c.notNull().defaultTo('promised'))
      .execute();
    await db.schema
      .createTable('cases_commitments')
      .addColumn('case_id', 'text', (c) => c.primaryKey().references('cases_cases.id'))
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('signed_by', 'text', (c) => c.notNull())
      .addColumn('signed_at', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text')
      .addColumn('checked_by', 'text')
      .addColumn('checked_at', 'text')
      .execute();
    await db.schema
      .createTable('cases_special_procedures')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases_cases.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('max_days', 'integer', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('started_by', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'text')
      .addColumn('ended_by', 'text')
      .execute();
    await db.schema
      .createIndex('cases_special_procedures_case_ix')
      .on('cases_special_procedures')
      .columns(['case_id', 'started_at'])
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('cases_special_procedures').execute();
    await db.schema.dropTable('cases_commitments').execute();
    await db.schema.alterTable('cases_cases').dropColumn('handling_kind').execute();
    await db.schema.alterTable('cases_cases').dropColumn('reform_mode').execute();
  },
};
