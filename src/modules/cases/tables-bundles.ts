/**
 * Tables for bundles applied for (一件事一次办) and handle-anywhere (全省通办 / 跨省通办), migration 0306.
 *
 * A bundle application (the parent case) is one row; each member implementation's child case is an ordinary case
 * linked by `cases_bundle_members`. Its status is not stored: it is rolled up from the children on read. The
 * combined notice is stored once, when the last member ends.
 *
 * A handle-anywhere case is an ordinary case whose `accepting_region` (a column of cases_cases, because visibility
 * reads it) differs from its competent region; `cases_anywhere` keeps the rest: mode, window, forwarding, delivery.
 * `cases_forward_limits` held the forwarding limit per region until the kernel kept per-region limits in one store
 * (`cases.forward_days`, limits.ts); 0307 drops it.
 */
import { sql, type Kysely } from 'kysely';
import type { MigrationDef } from '../../kernel/db/migrate.ts';
import type { DbAdapter } from '../../kernel/db/adapter.ts';

export interface BundleApplicationTable {
  id: string;
  /** `<region>-<yyyymmdd>-Y<0001>`, unique. */
  number: string;
  version: number;
  bundle_id: string;
  bundle_version: number;
  bundle_code: string;
  bundle_name: string;
  /** Where the application is made (picks each member's competent body). */
  region: string;
  applicant_kind: string;
  applicant_name: string;
  applicant_account: string | null;
  applicant_person_id: string | null;
  applicant_enterprise_id: string | null;
  filed_by: string;
  channel: string;
  window: string | null;
  /** The combined notice (JSON), once every member has ended; null before. */
  notice: Record<string, unknown> | null;
  concluded_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface BundleMemberCaseTable {
  application_id: string;
  member_key: string;
  case_id: string;
  /** 1 for members that depend on nothing (started at once); otherwise they wait (status `waiting`). */
  stage: number;
  /** JSON array of the member keys whose grant this member waits for. */
  depends_on: string[];
  position: number;
}

export interface AnywhereCaseTable {
  case_id: string;
  /** collect: 代收代办; joint: 多地联办 (one case per competent body, sharing `group_id`). */
  mode: string;
  group_id: string | null;
  accepting_region: string;
  accepting_region_name: string;
  accepting_window: string;
  accepted_by: string;
  competent_region: string;
  /** Where the applicant collects the result: the accepting window, the competent body's window, or online. */
  delivery: string;
  forward_limit_days: number;
  forwarded_at: string | null;
  forwarded_by: string | null;
  created_at: string;
  /**
   * 多地联办 (mode joint, migration 0310): the other competent bodies and the part each does, JSON array of
   * `JointPart`; each becomes a step of the case when the lead body accepts it (steps.ts). Null for 代收代办.
   */
  parts?: JointPart[] | null;
}

/** One other body's part of a 多地联办 case, as the intake declared it and `competentBodyFor` named the body. */
export interface JointPart {
  region: string;
  regionName: string;
  department: { code: string; name: string; kind: string };
  /** What this body does (申报的办理内容), e.g. 核验迁出地户籍信息. */
  task: string;
}

declare module '../../kernel/db/types.ts' {
  interface Database {
    cases_bundle_applications: BundleApplicationTable;
    cases_bundle_members: BundleMemberCaseTable;
    cases_anywhere: AnywhereCaseTable;
  }
}

export const bundleAnywhereColumns = {
  cases_bundle_applications: { json: ['notice'] },
  cases_bundle_members: { json: ['depends_on'] },
  cases_anywhere: { json: ['parts'] },
};

/** The national default forwarding limit (working days) as 0306 stored it; now the default of `cases.forward_days`. */
const DEFAULT_FORWARD_DAYS = 2;

export const bundleAnywhereMigration: MigrationDef = {
  name: '0306_cases_bundles_anywhere',
  async up(db: Kysely<any>, a: DbAdapter) {
    await db.schema.alterTable('cases_cases').addColumn('accepting_region', 'text').execute();
    await db.schema
      .createIndex('cases_cases_accepting_ix')
      .on('cases_cases')
      .columns(['accepting_region', 'id'])
      .execute();
    await db.schema
      .createTable('cases_bundle_applications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('number', 'text', (c) => c.notNull().unique())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('bundle_id', 'text', (c) => c.notNull())
      .addColumn('bundle_version', 'integer', (c) => c.notNull())
      .addColumn('bundle_code', 'text', (c) => c.notNull())
      .addColumn('bundle_name', 'text', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('applicant_kind', 'text', (c) => c.notNull())
      .addColumn('applicant_name', 'text', (c) => c.notNull())
      .addColumn('applicant_account', 'text')
      .addColumn('applicant_person_id', 'text')
      .addColumn('applicant_enterprise_id', 'text')
      .addColumn('filed_by', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('window', 'text')
      .addColumn('notice', sql.raw(a.jsonType))
      .addColumn('concluded_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('cases_bundle_applications_region_ix')
      .on('cases_bundle_applications')
      .columns(['region', 'id'])
      .execute();
    await db.schema
      .createTable('cases_bundle_members')
      .addColumn('application_id', 'text', (c) => c.notNull().references('cases_bundle_applications.id'))
      .addColumn('member_key', 'text', (c) => c.notNull())
      .addColumn('case_id', 'text', (c) => c.notNull().unique().references('cases_cases.id'))
      .addColumn('stage', 'integer', (c) => c.notNull())
      .addColumn('depends_on', sql.raw(a.jsonType), (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('cases_bundle_members_pk', ['application_id', 'member_key'])
      .execute();
    await db.schema
      .createTable('cases_anywhere')
      .addColumn('case_id', 'text', (c) => c.primaryKey().references('cases_cases.id'))
      .addColumn('mode', 'text', (c) => c.notNull())
      .addColumn('group_id', 'text')
      .addColumn('accepting_region', 'text', (c) => c.notNull())
      .addColumn('accepting_region_name', 'text', (c) => c.notNull())
      .addColumn('accepting_window', 'text', (c) => c.notNull())
      .addColumn('accepted_by', 'text', (c) => c.notNull())
      .addColumn('competent_region', 'text', (c) => c.notNull())
      .addColumn('delivery', 'text', (c) => c.notNull())
      .addColumn('forward_limit_days', 'integer', (c) => c.notNull())
      .addColumn('forwarded_at', 'text')
      .addColumn('forwarded_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('cases_forward_limits')
      .addColumn('region', 'text', (c) => c.primaryKey())
      .addColumn('working_days', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db
      .insertInto('cases_forward_limits')
      .values({ region: '000000', working_days: DEFAULT_FORWARD_DAYS, updated_at: '2026-01-01T00:00:00.000Z' })
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('cases_forward_limits').execute();
    await db.schema.dropTable('cases_anywhere').execute();
    await db.schema.dropTable('cases_bundle_members').execute();
    await db.schema.dropTable('cases_bundle_applications').execute();
    await db.schema.dropIndex('cases_cases_accepting_ix').execute();
    await db.schema.alterTable('cases_cases').dropColumn('accepting_region').execute();
  },
};

/** The forwarding limit moved to the kernel's per-region limits (`cases.forward_days`): its table goes. */
export const dropForwardLimitsMigration: MigrationDef = {
  name: '0307_cases_drop_forward_limits',
  async up(db: Kysely<any>) {
    await db.schema.dropTable('cases_forward_limits').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema
      .createTable('cases_forward_limits')
      .addColumn('region', 'text', (c) => c.primaryKey())
      .addColumn('working_days', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db
      .insertInto('cases_forward_limits')
      .values({ region: '000000', working_days: DEFAULT_FORWARD_DAYS, updated_at: '2026-01-01T00:00:00.000Z' })
      .execute();
  },
};

/**
 * 多地联办 as one case: the other bodies' parts (cases_anywhere.parts), the regions they lie in on the case (so they
 * see it and lists find it), and the body a step belongs to (a part's step is handled by that body's staff).
 */
export const jointPartsMigration: MigrationDef = {
  name: '0310_cases_joint_parts',
  async up(db: Kysely<any>, a: DbAdapter) {
    await db.schema.alterTable('cases_anywhere').addColumn('parts', sql.raw(a.jsonType)).execute();
    await db.schema.alterTable('cases_cases').addColumn('part_regions', 'text').execute();
    for (const c of ['region', 'region_name', 'department_code', 'department_name', 'department_kind'])
      await db.schema.alterTable('cases_steps').addColumn(c, 'text').execute();
  },
  async down(db: Kysely<any>) {
    for (const c of ['department_kind', 'department_name', 'department_code', 'region_name', 'region'])
      await db.schema.alterTable('cases_steps').dropColumn(c).execute();
    await db.schema.alterTable('cases_cases').dropColumn('part_regions').execute();
    await db.schema.alterTable('cases_anywhere').dropColumn('parts').execute();
  },
};

/** The delegation report's figures (delegation-figures.ts) look cases up by delegation. */
export const delegationIndexMigration: MigrationDef = {
  name: '0311_cases_delegation_index',
  async up(db: Kysely<any>) {
    await db.schema
      .createIndex('cases_cases_delegation_ix')
      .on('cases_cases')
      .columns(['delegation_id', 'region'])
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('cases_cases_delegation_ix').execute();
  },
};
