/** The inspections module's tables and their migrations (block 7: 0700–0799). */
import { sql, type Kysely } from 'kysely';
import type { MigrationDef } from '../../kernel/db/migrate.ts';
import type { DbAdapter } from '../../kernel/db/adapter.ts';
import type { StoredColumnKinds } from '../../kernel/db/columns.ts';

/** 抽查事项清单: one department's inspection item, taken from a catalog item of type 6 (行政检查). */
export interface InspectionItemTable {
  id: string;
  region: string;
  department: string;
  catalog_item_id: string;
  name: string;
  legal_basis: string;
  subject_type: string;
  method: string;
  created_by: string;
  created_at: string;
}

/** 年度抽查计划: published in advance, listing the items a department will inspect that year. */
export interface InspectionPlanTable {
  id: string;
  region: string;
  department: string;
  year: number;
  title: string;
  item_ids: unknown;
  created_by: string;
  created_at: string;
}

/**
 * 检查对象名录库, temporal: a change closes the current row (`valid_to`) and adds a new one, so the population a task
 * froze is the query "as of the freeze time" and stays what it was without a copy.
 */
export interface InspectionTargetTable {
  row_id: string;
  uscc: string;
  enterprise_id: string;
  name: string;
  region: string;
  industry: string;
  address: string;
  subject_type: string;
  credit_class: string | null;
  /** The draw's stratum: the credit class, or `B` when there is none (kept beside it so one index serves the draw). */
  stratum: string;
  key_supervision: boolean;
  licences: unknown;
  valid_from: string;
  valid_to: string | null;
}

/** 执法检查人员名录库, temporal like the targets: the pools a task froze are the rows valid at its freeze time. */
export interface InspectorTable {
  row_id: string;
  account_id: string;
  name: string;
  department: string;
  region: string;
  certificate_no: string;
  fields: unknown;
  status: string;
  valid_from: string;
  valid_to: string | null;
}

/** 抽查任务 (random) with its frozen digests and, once drawn, its record. */
export interface InspectionTaskTable {
  id: string;
  region: string;
  department: string;
  title: string;
  departments: unknown;
  item_ids: unknown;
  filter: unknown;
  ratios: unknown;
  inspectors_per_target: number;
  yearly_cap: number;
  window_start: string;
  window_end: string;
  status: string;
  version: number;
  frozen_at: string | null;
  frozen: unknown;
  round: number;
  record: unknown;
  record_digest: string | null;
  drawn_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** Targets a task left out of its population at freeze time (无事不扰: the yearly cap), with the reason. */
export interface TaskExclusionTable {
  task_id: string;
  uscc: string;
  reason: string;
}

/** Recusals a task froze: (target, inspector, reason). */
export interface TaskRecusalTable {
  task_id: string;
  uscc: string;
  inspector_id: string;
  reason: string;
}

/** One commitment of a ceremony round, and its reveal once made. */
export interface CommitmentTable {
  task_id: string;
  round: number;
  position: number;
  account_id: string;
  account_name: string;
  outside: boolean;
  commitment: string;
  reveal: string | null;
  committed_at: string;
  revealed_at: string | null;
}

/** A ceremony round: open, voided (with its reason; it stays on the record) or sealed. */
export interface RoundTable {
  task_id: string;
  round: number;
  status: string;
  reason: string | null;
  closed_at: string | null;
}

/** One visit to one target (random from a task, or targeted with its trigger): its inspectors and publication. */
export interface VisitTable {
  id: string;
  kind: string;
  task_id: string | null;
  trigger_kind: string | null;
  trigger_ref: string | null;
  region: string;
  uscc: string;
  target_name: string;
  target_region: string;
  stratum: string | null;
  departments: unknown;
  item_ids: unknown;
  inspectors: unknown;
  inspected_on: string | null;
  due_date: string | null;
  due_at: string | null;
  published_at: string | null;
  late: boolean;
  red_at: string | null;
  created_by: string;
  created_at: string;
}

/** One result per visit and item, in the national categories, with evidence file names. */
export interface ResultTable {
  id: string;
  visit_id: string;
  item_id: string;
  category: string;
  evidence: unknown;
  note: string;
  recorded_by: string;
  recorded_at: string;
}

/** An evidence file (photo, PDF) of one visit and item: its bytes in the kernel's blob store, by SHA-256. */
export interface EvidenceTable {
  id: string;
  visit_id: string;
  item_id: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  storage_key: string;
  uploaded_by: string;
  uploaded_at: string;
}

declare module '../../kernel/db/types.ts' {
  interface Database {
    inspections_items: InspectionItemTable;
    inspections_plans: InspectionPlanTable;
    inspections_targets: InspectionTargetTable;
    inspections_inspectors: InspectorTable;
    inspections_tasks: InspectionTaskTable;
    inspections_task_exclusions: TaskExclusionTable;
    inspections_task_recusals: TaskRecusalTable;
    inspections_commitments: CommitmentTable;
    inspections_rounds: RoundTable;
    inspections_visits: VisitTable;
    inspections_results: ResultTable;
    inspections_evidence: EvidenceTable;
  }
}

export const inspectionsColumns: StoredColumnKinds = {
  inspections_plans: { json: ['item_ids'] },
  inspections_targets: { json: ['licences'], bool: ['key_supervision'] },
  inspections_inspectors: { json: ['fields'] },
  inspections_tasks: { json: ['departments', 'item_ids', 'filter', 'ratios', 'frozen', 'record'] },
  inspections_commitments: { bool: ['outside'] },
  inspections_visits: { json: ['departments', 'item_ids', 'inspectors'], bool: ['late'] },
  inspections_results: { json: ['evidence'] },
};

const TABLES = [
  'inspections_results',
  'inspections_visits',
  'inspections_rounds',
  'inspections_commitments',
  'inspections_task_recusals',
  'inspections_task_exclusions',
  'inspections_tasks',
  'inspections_inspectors',
  'inspections_targets',
  'inspections_plans',
  'inspections_items',
];

export const inspectionsMigrations: MigrationDef[] = [
  {
    name: '0700_inspections_base',
    async up(db: Kysely<any>, a: DbAdapter) {
      const json = sql.raw(a.jsonType);
      const bool = sql.raw(a.booleanType);
      await db.schema
        .createTable('inspections_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('department', 'text', (c) => c.notNull())
        .addColumn('catalog_item_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('legal_basis', 'text', (c) => c.notNull())
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('inspections_items_dept_item_uq', ['department', 'catalog_item_id', 'subject_type'])
        .execute();
      await db.schema
        .createTable('inspections_plans')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('department', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('item_ids', json, (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('inspections_targets')
        .addColumn('row_id', 'text', (c) => c.primaryKey())
        .addColumn('uscc', 'text', (c) => c.notNull())
        .addColumn('enterprise_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('industry', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('credit_class', 'text')
        .addColumn('key_supervision', bool, (c) => c.notNull())
        .addColumn('licences', json, (c) => c.notNull())
        .addColumn('valid_from', 'text', (c) => c.notNull())
        .addColumn('valid_to', 'text')
        .execute();
      await db.schema
        .createIndex('inspections_targets_uscc_ix')
        .on('inspections_targets')
        .columns(['uscc', 'valid_from'])
        .execute();
      await db.schema
        .createIndex('inspections_targets_region_ix')
        .on('inspections_targets')
        .columns(['region', 'valid_from'])
        .execute();
      await db.schema
        .createTable('inspections_inspectors')
        .addColumn('row_id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('department', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('certificate_no', 'text', (c) => c.notNull())
        .addColumn('fields', json, (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('valid_from', 'text', (c) => c.notNull())
        .addColumn('valid_to', 'text')
        .execute();
      await db.schema
        .createIndex('inspections_inspectors_dept_ix')
        .on('inspections_inspectors')
        .columns(['department', 'valid_from'])
        .execute();
      await db.schema
        .createTable('inspections_tasks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('department', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('departments', json, (c) => c.notNull())
        .addColumn('item_ids', json, (c) => c.notNull())
        .addColumn('filter', json, (c) => c.notNull())
        .addColumn('ratios', json, (c) => c.notNull())
        .addColumn('inspectors_per_target', 'integer', (c) => c.notNull())
        .addColumn('yearly_cap', 'integer', (c) => c.notNull())
        .addColumn('window_start', 'text', (c) => c.notNull())
        .addColumn('window_end', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('frozen_at', 'text')
        .addColumn('frozen', json)
        .addColumn('round', 'integer', (c) => c.notNull())
        .addColumn('record', json)
        .addColumn('record_digest', 'text')
        .addColumn('drawn_at', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('inspections_tasks_region_ix')
        .on('inspections_tasks')
        .columns(['region', 'id'])
        .execute();
      await db.schema
        .createTable('inspections_task_exclusions')
        .addColumn('task_id', 'text', (c) => c.notNull())
        .addColumn('uscc', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('inspections_task_exclusions_pk', ['task_id', 'uscc'])
        .execute();
      await db.schema
        .createTable('inspections_task_recusals')
        .addColumn('task_id', 'text', (c) => c.notNull())
        .addColumn('uscc', 'text', (c) => c.notNull())
        .addColumn('inspector_id', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('inspections_task_recusals_pk', ['task_id', 'uscc', 'inspector_id', 'reason'])
        .execute();
      await db.schema
        .createTable('inspections_commitments')
        .addColumn('task_id', 'text', (c) => c.notNull())
        .addColumn('round', 'integer', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('account_name', 'text', (c) => c.notNull())
        .addColumn('outside', bool, (c) => c.notNull())
        .addColumn('commitment', 'text', (c) => c.notNull())
        .addColumn('reveal', 'text')
        .addColumn('committed_at', 'text', (c) => c.notNull())
        .addColumn('revealed_at', 'text')
        .addPrimaryKeyConstraint('inspections_commitments_pk', ['task_id', 'round', 'position'])
        .addUniqueConstraint('inspections_commitments_account_uq', ['task_id', 'round', 'account_id'])
        .execute();
      await db.schema
        .createTable('inspections_rounds')
        .addColumn('task_id', 'text', (c) => c.notNull())
        .addColumn('round', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('closed_at', 'text')
        .addPrimaryKeyConstraint('inspections_rounds_pk', ['task_id', 'round'])
        .execute();
      await db.schema
        .createTable('inspections_visits')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('task_id', 'text')
        .addColumn('trigger_kind', 'text')
        .addColumn('trigger_ref', 'text')
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('uscc', 'text', (c) => c.notNull())
        .addColumn('target_name', 'text', (c) => c.notNull())
        .addColumn('target_region', 'text', (c) => c.notNull())
        .addColumn('stratum', 'text')
        .addColumn('departments', json, (c) => c.notNull())
        .addColumn('item_ids', json, (c) => c.notNull())
        .addColumn('inspectors', json, (c) => c.notNull())
        .addColumn('inspected_on', 'text')
        .addColumn('due_date', 'text')
        .addColumn('due_at', 'text')
        .addColumn('published_at', 'text')
        .addColumn('late', bool, (c) => c.notNull())
        .addColumn('red_at', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('inspections_visits_uscc_ix')
        .on('inspections_visits')
        .columns(['uscc', 'created_at'])
        .execute();
      await db.schema.createIndex('inspections_visits_task_ix').on('inspections_visits').columns(['task_id']).execute();
      await db.schema
        .createTable('inspections_results')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('visit_id', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('evidence', json, (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('inspections_results_visit_item_uq', ['visit_id', 'item_id'])
        .execute();
    },
    async down(db: Kysely<any>) {
      for (const t of TABLES) await db.schema.dropTable(t).execute();
    },
  },
  /**
   * The draw reads a frozen population in byte order of (stratum, USCC), in keyset pages, twice (freeze, then the
   * second pass). `stratum` (the credit class, `B` when none) is stored beside `credit_class` so one B-tree holds
   * that order; the index also holds every filter column but the licences, so the pages are read from the index
   * alone. On PostgreSQL both key columns compare bytes (COLLATE "C"), as the spec sorts. The freeze finds the
   * targets of declared conflicts by enterprise id, hence the second index.
   */
  {
    name: '0701_inspections_targets_draw_index',
    async up(db: Kysely<any>, a: DbAdapter) {
      await sql
        .raw(`alter table inspections_targets add column stratum ${a.byteOrderedText} not null default 'B'`)
        .execute(db);
      await sql`update inspections_targets set stratum = coalesce(credit_class, 'B')`.execute(db);
      if (a.dialect === 'postgres')
        await sql.raw(`alter table inspections_targets alter column uscc type ${a.byteOrderedText}`).execute(db);
      await db.schema
        .createIndex('inspections_targets_draw_ix')
        .on('inspections_targets')
        .columns(['stratum', 'uscc', 'valid_from', 'valid_to', 'region', 'industry', 'subject_type', 'key_supervision'])
        .execute();
      await db.schema
        .createIndex('inspections_targets_enterprise_ix')
        .on('inspections_targets')
        .columns(['enterprise_id', 'valid_from'])
        .execute();
    },
    async down(db: Kysely<any>, a: DbAdapter) {
      await db.schema.dropIndex('inspections_targets_enterprise_ix').execute();
      await db.schema.dropIndex('inspections_targets_draw_ix').execute();
      if (a.dialect === 'postgres')
        await sql.raw(`alter table inspections_targets alter column uscc type text`).execute(db);
      await db.schema.alterTable('inspections_targets').dropColumn('stratum').execute();
    },
  },
  {
    name: '0702_inspections_evidence',
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('inspections_evidence')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('visit_id', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('storage_key', 'text', (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull())
        .addColumn('uploaded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('inspections_evidence_visit_ix')
        .on('inspections_evidence')
        .columns(['visit_id', 'item_id'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('inspections_evidence').execute();
    },
  },
];
