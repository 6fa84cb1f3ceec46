/** The cases module's tables and their migrations (block 3: 0300–0399). */
import { sql, type Kysely } from 'kysely';
import type { MigrationDef } from '../../kernel/db/migrate.ts';
import type { DbAdapter } from '../../kernel/db/adapter.ts';
import type { StoredColumnKinds } from '../../kernel/db/columns.ts';
import type { SupplementItem } from './model.ts';
import { reformMigration } from './tables-reform.ts';
import { stepsMigration } from './steps-tables.ts';
import {
  bundleAnywhereColumns,
  bundleAnywhereMigration,
  dropForwardLimitsMigration,
  jointPartsMigration,
  delegationIndexMigration,
} from './tables-bundles.ts';

/** One case (办件). Its status moves only through `caseLifecycle`; every move is an action in the audit chain. */
export interface CaseTable {
  id: string;
  /** `<region>-<yyyymmdd>-<00001>`, unique. */
  number: string;
  status: string;
  version: number;
  item_id: string;
  item_name: string;
  implementation_id: string;
  implementation_version: number;
  implementation_code: string;
  /** The competent body (region and department) as `competentBodyFor` answered at filing. */
  region: string;
  region_name: string;
  department_code: string;
  department_name: string;
  /** The department's kind (SCJG, ZWFW, …): reviewers and approvers act on their own kind's cases only. */
  department_kind: string;
  basis: string;
  delegation_id: string | null;
  applicant_kind: string;
  applicant_name: string;
  /** The applicant's own account (null when a clerk filed for a person without an account). */
  applicant_account: string | null;
  applicant_person_id: string | null;
  applicant_enterprise_id: string | null;
  filed_by: string;
  channel: string;
  window: string | null;
  /** The form as filed, JSON, with ID and phone values encrypted (`v1.…`). */
  form_data: Record<string, unknown>;
  /** The form with ID and phone values masked, JSON: what responses show. */
  form_masked: Record<string, unknown>;
  /** The form's field titles by field name (from the pinned schema), JSON: what screens label the fields with. */
  form_labels: Record<string, string>;
  promised_days: number;
  submitted_at: string;
  accepted_at: string | null;
  accepted_by: string | null;
  decided_at: string | null;
  concluded_at: string | null;
  refusal_reason: string | null;
  refusal_basis: string | null;
  /** The open (or last) supplement notice: JSON array of { ref, description }. */
  supplement_items: SupplementItem[] | null;
  supplement_requested_at: string | null;
  /** Who asked for the supplement: the resubmission returns to them. */
  supplement_requested_by: string | null;
  supplement_count: number;
  decision: string | null;
  decision_reason: string | null;
  decision_basis: string | null;
  /** JSON array of irregularity flags. */
  flags: string[];
  created_at: string;
  updated_at: string;
  /** The item's reform mode as the pinned version froze it (null: none). */
  reform_mode: string | null;
  /** 'immediate' (即办件) or 'promised', from the pinned version. */
  handling_kind: string;
  /** Handle-anywhere: the region whose window took the application for another region's body (tables-bundles.ts). */
  accepting_region?: string | null;
  /**
   * 多地联办: the regions of the other competent bodies doing a part of this case, comma-wrapped (`,410200,`) so a
   * list can match a subtree with one `like` (tables-bundles.ts, migration 0310); null otherwise.
   */
  part_regions?: string | null;
}

/** The last sequence number used per region and day, for case numbers. */
export interface CaseNumberTable {
  prefix: string;
  seq: number;
}

/** A material (申请材料) uploaded to a case: the file itself is in the blob store, under its SHA-256. */
export interface CaseMaterialTable {
  id: string;
  case_id: string;
  /** Which of the implementation's listed materials it is (its key), when the uploader said. */
  material_key: string | null;
  /** The file name as uploaded (path parts and control characters removed). */
  name: string;
  /** Sniffed from the content: application/pdf, image/jpeg, image/png or application/ofd. */
  content_type: string;
  size: number;
  sha256: string;
  storage_key: string;
  uploaded_by: string;
  uploaded_at: string;
  /**
   * Set when the material is satisfied by a source instead of an upload (migration 0308): the source's kind
   * (`certificate`), its record's id and number, and what the verification at filing said (valid, reason, at).
   * Such a row stores no file: its type is `application/vc+jwt`, its digest the verified credential's, its
   * storage key empty.
   */
  source_kind?: string | null;
  source_ref?: string | null;
  source_number?: string | null;
  source_check?: { valid: boolean; reason: string | null; at: string } | null;
  /**
   * A shared-data material (migration 0309): what was read, from which source, about whom (masked), JSON —
   * `{ source: { id, name }, dataSource, subject: { kind, name, identifier }, fields: [{ label, value }] }`.
   */
  source_data?: SharedDataStored | null;
  /** A reused upload (migration 0309): the earlier case's material whose blob this row references. */
  reused_from?: string | null;
}

export interface SharedDataStored {
  source: { id: string; name: { zh: string; en: string } };
  dataSource: string;
  subject: { kind: 'person' | 'enterprise'; name: string; identifier: string };
  fields: Array<{ label: { zh: string; en: string }; value: string }>;
}

/**
 * One read of shared data about a data subject (a person's account, or an enterprise) for a case: who read what from
 * which source, when, and for which case and purpose. The data subject sees their own rows (migration 0309).
 */
export interface CaseDataReadTable {
  id: string;
  at: string;
  subject_kind: string;
  /** The person's applicant account, or the enterprise id. */
  subject_ref: string;
  source_id: string;
  data_source: string;
  /** The fields read, their zh labels joined by `、`. */
  fields: string;
  purpose: string;
  case_id: string;
  case_number: string;
  department_name: string;
  reader_id: string;
  /** `applicant` (the read at filing, with their consent) or `staff` (a look at the case's material). */
  reader_kind: string;
  reader_name: string;
}

/**
 * A decision document (决定书, 通知书, 告知书) issued on a move: the PDF is in the blob store under its SHA-256, signed
 * (Ed25519 over the canonical statement, documents.ts) with the key named by `key_id`. Public facts only besides.
 */
export interface CaseDocumentTable {
  id: string;
  case_id: string;
  /** grant_decision · denial_decision · refusal_notice · supplement_notice */
  kind: string;
  /** `<kind code>-<region>-<yyyy>-<00001>`, unique. */
  number: string;
  case_number: string;
  department_name: string;
  item_name: string;
  /** The applicant as the public may see them (a person masked 张*, an enterprise by name). */
  applicant_display: string;
  sha256: string;
  size: number;
  storage_key: string;
  alg: string;
  key_id: string;
  /** base64url signature over the canonical statement (documents.ts `statementOf`). */
  signature: string;
  created_at: string;
}

/** A licensing decision's 双公示 record: created with the decision, published by a job within 7 working days. */
export interface CasePublicationTable {
  id: string;
  case_id: string;
  document_id: string | null;
  document_number: string | null;
  case_number: string;
  item_name: string;
  decision: string;
  /** A person masked (张*), an enterprise by name; `applicant_uscc` for enterprises only. */
  applicant_display: string;
  applicant_uscc: string | null;
  region: string;
  region_name: string;
  department_code: string;
  department_name: string;
  decided_at: string;
  due_date: string | null;
  due_at: string | null;
  published_at: string | null;
  /** Published after its due time, or found unpublished past it. */
  late: boolean;
  created_at: string;
}

/** An in-app message (站内消息) to an account, about a case. */
export interface CaseNotificationTable {
  id: string;
  recipient_account: string;
  case_id: string;
  /** The event that caused it (its type), e.g. cases.case.accepted. */
  kind: string;
  title_zh: string;
  title_en: string;
  body_zh: string;
  body_en: string;
  /** The web path of the case. */
  link: string;
  read_at: string | null;
  created_at: string;
}

/** What the development channel sink "sent" (SMS, email): read by tests and by developers. */
export interface CaseSentMessageTable {
  id: string;
  channel: string;
  recipient_account: string;
  notification_id: string;
  text: string;
  sent_at: string;
}

/** A yellow or red light raised on one deadline of a case (lights.ts): once per deadline (its due instant) and colour. */
export interface CaseLightTable {
  case_id: string;
  purpose: string;
  due_at: string;
  light: string;
  raised_at: string;
}

declare module '../../kernel/db/types.ts' {
  interface Database {
    cases_cases: CaseTable;
    cases_numbers: CaseNumberTable;
    cases_materials: CaseMaterialTable;
    cases_data_reads: CaseDataReadTable;
    cases_documents: CaseDocumentTable;
    cases_publications: CasePublicationTable;
    cases_notifications: CaseNotificationTable;
    cases_sent_messages: CaseSentMessageTable;
    cases_lights: CaseLightTable;
  }
}

/** JSON columns, converted by the database plugin (kernel/db/columns.ts). */
export const casesColumns: StoredColumnKinds = {
  cases_cases: { json: ['form_data', 'form_masked', 'form_labels', 'supplement_items', 'flags'] },
  cases_publications: { bool: ['late'] },
  cases_steps: { json: ['recused'] },
  cases_materials: { json: ['source_check', 'source_data'] },
  ...bundleAnywhereColumns,
};

export const casesMigrations: MigrationDef[] = [
  {
    name: '0300_cases_base',
    async up(db: Kysely<any>, a: DbAdapter) {
      await db.schema
        .createTable('cases_cases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('item_name', 'text', (c) => c.notNull())
        .addColumn('implementation_id', 'text', (c) => c.notNull())
        .addColumn('implementation_version', 'integer', (c) => c.notNull())
        .addColumn('implementation_code', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('region_name', 'text', (c) => c.notNull())
        .addColumn('department_code', 'text', (c) => c.notNull())
        .addColumn('department_name', 'text', (c) => c.notNull())
        .addColumn('department_kind', 'text', (c) => c.notNull())
        .addColumn('basis', 'text', (c) => c.notNull())
        .addColumn('delegation_id', 'text')
        .addColumn('applicant_kind', 'text', (c) => c.notNull())
        .addColumn('applicant_name', 'text', (c) => c.notNull())
        .addColumn('applicant_account', 'text')
        .addColumn('applicant_person_id', 'text')
        .addColumn('applicant_enterprise_id', 'text')
        .addColumn('filed_by', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('window', 'text')
        .addColumn('form_data', sql.raw(a.jsonType), (c) => c.notNull())
        .addColumn('form_masked', sql.raw(a.jsonType), (c) => c.notNull())
        .addColumn('form_labels', sql.raw(a.jsonType), (c) => c.notNull())
        .addColumn('promised_days', 'integer', (c) => c.notNull())
        .addColumn('submitted_at', 'text', (c) => c.notNull())
        .addColumn('accepted_at', 'text')
        .addColumn('accepted_by', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('concluded_at', 'text')
        .addColumn('refusal_reason', 'text')
        .addColumn('refusal_basis', 'text')
        .addColumn('supplement_items', sql.raw(a.jsonType))
        .addColumn('supplement_requested_at', 'text')
        .addColumn('supplement_requested_by', 'text')
        .addColumn('supplement_count', 'integer', (c) => c.notNull())
        .addColumn('decision', 'text')
        .addColumn('decision_reason', 'text')
        .addColumn('decision_basis', 'text')
        .addColumn('flags', sql.raw(a.jsonType), (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('cases_cases_region_ix').on('cases_cases').columns(['region', 'id']).execute();
      await db.schema
        .createIndex('cases_cases_account_ix')
        .on('cases_cases')
        .columns(['applicant_account', 'id'])
        .execute();
      await db.schema
        .createIndex('cases_cases_enterprise_ix')
        .on('cases_cases')
        .columns(['applicant_enterprise_id', 'id'])
        .execute();
      await db.schema
        .createTable('cases_numbers')
        .addColumn('prefix', 'text', (c) => c.primaryKey())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('cases_numbers').execute();
      await db.schema.dropTable('cases_cases').execute();
    },
  },
  {
    name: '0301_cases_materials',
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('cases_materials')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases_cases.id'))
        .addColumn('material_key', 'text')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('storage_key', 'text', (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull())
        .addColumn('uploaded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('cases_materials_case_ix').on('cases_materials').columns(['case_id', 'id']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('cases_materials').execute();
    },
  },
  reformMigration,
  stepsMigration,
  {
    // E-supervision (docs/cases.md): the lights raised, so that each is raised and notified once.
    name: '0304_cases_lights',
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('cases_lights')
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases_cases.id'))
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('light', 'text', (c) => c.notNull())
        .addColumn('raised_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('cases_lights_pk', ['case_id', 'purpose', 'due_at', 'light'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('cases_lights').execute();
    },
  },
  {
    name: '0305_cases_documents_publicity_notifications',
    async up(db: Kysely<any>, a: DbAdapter) {
      await db.schema
        .createTable('cases_documents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases_cases.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('case_number', 'text', (c) => c.notNull())
        .addColumn('department_name', 'text', (c) => c.notNull())
        .addColumn('item_name', 'text', (c) => c.notNull())
        .addColumn('applicant_display', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('storage_key', 'text', (c) => c.notNull())
        .addColumn('alg', 'text', (c) => c.notNull())
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('signature', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('cases_documents_case_ix').on('cases_documents').columns(['case_id', 'id']).execute();
      await db.schema.createIndex('cases_documents_sha_ix').on('cases_documents').columns(['sha256']).execute();
      await db.schema
        .createTable('cases_publications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().unique().references('cases_cases.id'))
        .addColumn('document_id', 'text')
        .addColumn('document_number', 'text')
        .addColumn('case_number', 'text', (c) => c.notNull())
        .addColumn('item_name', 'text', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('applicant_display', 'text', (c) => c.notNull())
        .addColumn('applicant_uscc', 'text')
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('region_name', 'text', (c) => c.notNull())
        .addColumn('department_code', 'text', (c) => c.notNull())
        .addColumn('department_name', 'text', (c) => c.notNull())
        .addColumn('decided_at', 'text', (c) => c.notNull())
        .addColumn('due_date', 'text')
        .addColumn('due_at', 'text')
        .addColumn('published_at', 'text')
        .addColumn('late', sql.raw(a.booleanType), (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('cases_publications_published_ix')
        .on('cases_publications')
        .columns(['published_at', 'id'])
        .execute();
      await db.schema
        .createIndex('cases_publications_region_ix')
        .on('cases_publications')
        .columns(['region', 'id'])
        .execute();
      await db.schema
        .createTable('cases_notifications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('recipient_account', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title_zh', 'text', (c) => c.notNull())
        .addColumn('title_en', 'text', (c) => c.notNull())
        .addColumn('body_zh', 'text', (c) => c.notNull())
        .addColumn('body_en', 'text', (c) => c.notNull())
        .addColumn('link', 'text', (c) => c.notNull())
        .addColumn('read_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('cases_notifications_recipient_ix')
        .on('cases_notifications')
        .columns(['recipient_account', 'id'])
        .execute();
      await db.schema
        .createTable('cases_sent_messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('recipient_account', 'text', (c) => c.notNull())
        .addColumn('notification_id', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('cases_sent_messages').execute();
      await db.schema.dropTable('cases_notifications').execute();
      await db.schema.dropTable('cases_publications').execute();
      await db.schema.dropTable('cases_documents').execute();
    },
  },
  bundleAnywhereMigration,
  dropForwardLimitsMigration,
  {
    // Certificate-free materials (免证可办, docs/cases.md § Materials from a certificate): a material row may record
    // the source that satisfied it instead of an upload.
    name: '0308_cases_material_sources',
    async up(db: Kysely<any>, a: DbAdapter) {
      await db.schema.alterTable('cases_materials').addColumn('source_kind', 'text').execute();
      await db.schema.alterTable('cases_materials').addColumn('source_ref', 'text').execute();
      await db.schema.alterTable('cases_materials').addColumn('source_number', 'text').execute();
      await db.schema.alterTable('cases_materials').addColumn('source_check', sql.raw(a.jsonType)).execute();
    },
    async down(db: Kysely<any>) {
      for (const c of ['source_check', 'source_number', 'source_ref', 'source_kind'])
        await db.schema.alterTable('cases_materials').dropColumn(c).execute();
    },
  },
  {
    // Shared-data materials and reused uploads (docs/cases.md § Shared data, § Reusing an earlier upload).
    name: '0309_cases_shared_data_reuse',
    async up(db: Kysely<any>, a: DbAdapter) {
      await db.schema.alterTable('cases_materials').addColumn('source_data', sql.raw(a.jsonType)).execute();
      await db.schema.alterTable('cases_materials').addColumn('reused_from', 'text').execute();
      await db.schema
        .createTable('cases_data_reads')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('subject_kind', 'text', (c) => c.notNull())
        .addColumn('subject_ref', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('data_source', 'text', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('case_number', 'text', (c) => c.notNull())
        .addColumn('department_name', 'text', (c) => c.notNull())
        .addColumn('reader_id', 'text', (c) => c.notNull())
        .addColumn('reader_kind', 'text', (c) => c.notNull())
        .addColumn('reader_name', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('cases_data_reads_subject')
        .on('cases_data_reads')
        .columns(['subject_kind', 'subject_ref', 'at'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('cases_data_reads').execute();
      for (const c of ['reused_from', 'source_data'])
        await db.schema.alterTable('cases_materials').dropColumn(c).execute();
    },
  },
  jointPartsMigration,
  delegationIndexMigration,
];
