/** The review steps' table (审查环节) and its migration, 0303 in the cases block. */
import { sql, type Kysely } from 'kysely';
import type { MigrationDef } from '../../kernel/db/migrate.ts';
import type { DbAdapter } from '../../kernel/db/adapter.ts';

/**
 * One review step of a case, instantiated at acceptance from the pinned version's `elements.process`. Its status moves
 * only through `stepLifecycle` (claim, assign, complete, recuse) and the opening of its stage; every change is an action.
 */
export interface CaseStepTable {
  id: string;
  case_id: string;
  /** The process step's key and name, as the pinned version declares them. */
  step_key: string;
  name: string;
  /** The staff role that handles it. */
  role: string;
  /** Its place in the process (0-based, review steps only). */
  position: number;
  /** Steps in one stage run in parallel (a parallel group, or a single step); stages run in order. */
  stage: number;
  parallel_group: string | null;
  /** The step's limit in working days, from when it opens. */
  days: number;
  /** pending (its stage has not opened), active, done. */
  status: string;
  version: number;
  assignee: string | null;
  assigned_at: string | null;
  opened_at: string | null;
  /** A copy of the tracked deadline (k.calendar), for ordering queues; responses read the tracked one. */
  due_at: string | null;
  done_at: string | null;
  done_by: string | null;
  /** agree | disagree. */
  opinion: string | null;
  comment: string | null;
  /** JSON array of the staff recused (回避) from this step, each recorded once with an action. */
  recused: string[];
  /**
   * A 多地联办 part (migration 0310): the other competent body whose staff handle this step — its region and
   * department; null for the case's own review steps (handled by the case's body).
   */
  region?: string | null;
  region_name?: string | null;
  department_code?: string | null;
  department_name?: string | null;
  department_kind?: string | null;
  created_at: string;
  updated_at: string;
}

declare module '../../kernel/db/types.ts' {
  interface Database {
    cases_steps: CaseStepTable;
  }
}

export const stepsMigration: MigrationDef = {
  name: '0303_cases_steps',
  async up(db: Kysely<any>, a: DbAdapter) {
    await db.schema
      .createTable('cases_steps')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases_cases.id'))
      .addColumn('step_key', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('stage', 'integer', (c) => c.notNull())
      .addColumn('parallel_group', 'text')
      .addColumn('days', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('assignee', 'text')
      .addColumn('assigned_at', 'text')
      .addColumn('opened_at', 'text')
      .addColumn('due_at', 'text')
      .addColumn('done_at', 'text')
      .addColumn('done_by', 'text')
      .addColumn('opinion', 'text')
      .addColumn('comment', 'text')
      .addColumn('recused', sql.raw(a.jsonType), (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('cases_steps_case_key_uq', ['case_id', 'step_key'])
      .execute();
    // The queue: open steps of a role, soonest deadline first.
    await db.schema
      .createIndex('cases_steps_queue_ix')
      .on('cases_steps')
      .columns(['status', 'role', 'due_at'])
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('cases_steps').execute();
  },
};
