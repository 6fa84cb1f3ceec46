/**
 * The classifier's tables (migrations 0650–0659 of the hotline block): the training set (historical tickets loaded
 * by `onewindow hotline import`), the trained models (JSON, one row per version) and the routing suggestions with the
 * operator's confirmation. JSON is kept as text and parsed here, so the module declares no JSON columns for them.
 */
import type { Kysely } from 'kysely';
import type { MigrationDef } from '../../../kernel/db/migrate.ts';

/** One historical ticket: what was asked, and where the center routed it. */
export interface HotlineClassifierTrainingTable {
  /** SHA-256 of content, topic, department and created: loading the same export twice adds nothing. */
  key: string;
  content: string;
  topic: string;
  topic_label: string;
  department: string;
  department_label: string;
  division: string | null;
  /** When the ticket was taken (YYYY-MM-DD or YYYY-MM-DDTHH:mm), as the export has it; null when not mapped. */
  created: string | null;
  /** The import batch that loaded it (see the `hotline.training_set` action of that id). */
  batch_id: string;
  imported_at: string;
}

/** A trained model: the naive Bayes counts as JSON, with its held-out metrics. The highest version is in use. */
export interface HotlineClassifierModelTable {
  id: string;
  version: number;
  trained_at: string;
  trained_by: string;
  training_size: number;
  /** JSON: ClassifierMetrics (held-out split, baseline). */
  metrics: string;
  /** JSON: SerializedClassifier. */
  model: string;
}

/** A suggestion shown to an operator, and what the operator confirmed (null until then). No ticket text is kept. */
export interface HotlineClassifierSuggestionTable {
  id: string;
  model_version: number;
  region: string | null;
  /** JSON: the top-3 topics [{ code, label, score }]. */
  topics: string;
  /** JSON: the top-3 departments. */
  departments: string;
  created_by: string;
  created_at: string;
  ticket_id: string | null;
  confirmed_topic: string | null;
  confirmed_department: string | null;
  /** 1–3: where the confirmed choice stood among the suggestions; 0: not among them. */
  topic_rank: number | null;
  department_rank: number | null;
  confirmed_by: string | null;
  confirmed_at: string | null;
}

declare module '../../../kernel/db/types.ts' {
  interface Database {
    hotline_classifier_training: HotlineClassifierTrainingTable;
    hotline_classifier_models: HotlineClassifierModelTable;
    hotline_classifier_suggestions: HotlineClassifierSuggestionTable;
  }
}

export const classifierMigrations: MigrationDef[] = [
  {
    name: '0650_hotline_classifier',
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('hotline_classifier_training')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('topic_label', 'text', (c) => c.notNull())
        .addColumn('department', 'text', (c) => c.notNull())
        .addColumn('department_label', 'text', (c) => c.notNull())
        .addColumn('division', 'text')
        .addColumn('created', 'text')
        .addColumn('batch_id', 'text', (c) => c.notNull())
        .addColumn('imported_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('hotline_classifier_models')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('version', 'integer', (c) => c.notNull().unique())
        .addColumn('trained_at', 'text', (c) => c.notNull())
        .addColumn('trained_by', 'text', (c) => c.notNull())
        .addColumn('training_size', 'integer', (c) => c.notNull())
        .addColumn('metrics', 'text', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('hotline_classifier_suggestions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('model_version', 'integer', (c) => c.notNull())
        .addColumn('region', 'text')
        .addColumn('topics', 'text', (c) => c.notNull())
        .addColumn('departments', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('ticket_id', 'text')
        .addColumn('confirmed_topic', 'text')
        .addColumn('confirmed_department', 'text')
        .addColumn('topic_rank', 'integer')
        .addColumn('department_rank', 'integer')
        .addColumn('confirmed_by', 'text')
        .addColumn('confirmed_at', 'text')
        .execute();
      await db.schema
        .createIndex('hotline_classifier_suggestions_confirmed_ix')
        .on('hotline_classifier_suggestions')
        .columns(['confirmed_at'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('hotline_classifier_suggestions').execute();
      await db.schema.dropTable('hotline_classifier_models').execute();
      await db.schema.dropTable('hotline_classifier_training').execute();
    },
  },
];
