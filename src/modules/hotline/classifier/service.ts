/**
 * The classifier's services: train (from the training set and, when the tickets side feeds them, confirmed
 * tickets), suggest a routing, record what the operator confirmed, and measure accuracy in production.
 */
import { sql } from 'kysely';
import type { Kernel } from '../../../kernel/kernel.ts';
import { inTx } from '../../../kernel/kernel.ts';
import type { Executor } from '../../../kernel/db/types.ts';
import { inJurisdiction, requireJurisdiction, requirePermission, type Ctx } from '../../../kernel/context.ts';
import { AppError, invalid, notFound } from '../../../kernel/errors.ts';
import { newId } from '../../../kernel/ids.ts';
import { findDivision, subtreePrefix } from '../../../kernel/reference/divisions.ts';
import { requiredText } from '../../../kernel/validators/fields.ts';
import { classifierPermissions as P } from './permissions.ts';
import {
  buildClassifier,
  classify,
  compileClassifier,
  type ClassifierMetrics,
  type CompiledClassifier,
  type SerializedClassifier,
  type Suggestion,
  type TrainingRow,
} from './model.ts';
import { trainingRows } from './training-set.ts';
import type { HotlineClassifierSuggestionTable } from './tables.ts';

/** Fewer rows than this leave too few held out to tell a model from the baseline. */
export const MIN_TRAINING_ROWS = 30;
const MAX_TEXT = 4000;

export interface ModelInfo {
  id: string;
  version: number;
  trainedAt: string;
  trainingSize: number;
  metrics: ClassifierMetrics;
}

export interface TrainOutcome {
  /** The model now in use, or null when this one did not beat the majority baseline (the previous stays in use). */
  model: ModelInfo | null;
  metrics: ClassifierMetrics;
  beatsBaseline: boolean;
}

/** A confirmed ticket for retraining: the tickets side passes what operators confirmed. */
export type ConfirmedTicket = TrainingRow;

function checkRows(rows: readonly TrainingRow[]): TrainingRow[] {
  return rows.map((r, i) => ({
    content: requiredText(`rows[${i}].content`, r.content, MAX_TEXT),
    topic: requiredText(`rows[${i}].topic`, r.topic, 100),
    department: requiredText(`rows[${i}].department`, r.department, 100),
    topicLabel: r.topicLabel,
    departmentLabel: r.departmentLabel,
  }));
}

/**
 * Trains on the training set plus `extraRows`, evaluates on the fixed-seed held-out split, and stores the model as
 * the next version (action `train` on `hotline.classifier_model`) — only if it beats the majority-class baseline on
 * both topic and department accuracy; otherwise nothing is stored and the outcome says so.
 */
export async function trainClassifier(
  k: Kernel,
  ctx: Ctx,
  opts: { extraRows?: readonly TrainingRow[] } = {},
  tx?: Executor,
): Promise<TrainOutcome> {
  requirePermission(ctx, P.train);
  const extra = checkRows(opts.extraRows ?? []);
  const stored = await trainingRows(tx ?? k.db);
  const rows: TrainingRow[] = [
    ...stored.map((r) => ({
      content: r.content,
      topic: r.topic,
      department: r.department,
      topicLabel: r.topic_label,
      departmentLabel: r.department_label,
    })),
    ...extra,
  ];
  if (rows.length < MIN_TRAINING_ROWS)
    throw new AppError({
      code: 'TRAINING_SET_TOO_SMALL',
      status: 422,
      zh: `训练数据只有 ${rows.length} 条，至少需要 ${MIN_TRAINING_ROWS} 条（先用 onewindow hotline import 导入历史工单）`,
      en: `The training set has ${rows.length} rows; at least ${MIN_TRAINING_ROWS} are needed (load history with onewindow hotline import)`,
    });
  const { model, metrics } = buildClassifier(rows);
  const beatsBaseline =
    metrics.topic.accuracy > metrics.topic.baseline.accuracy &&
    metrics.department.accuracy > metrics.department.baseline.accuracy;
  if (!beatsBaseline) return { model: null, metrics, beatsBaseline };
  return inTx(k, tx, async (t) => {
    const last = await t
      .selectFrom('hotline_classifier_models')
      .select((eb) => eb.fn.max('version').as('v'))
      .executeTakeFirst();
    const info: ModelInfo = {
      id: newId(ctx.now.getTime()),
      version: Number(last?.v ?? 0) + 1,
      trainedAt: ctx.now.toISOString(),
      trainingSize: rows.length,
      metrics,
    };
    await t
      .insertInto('hotline_classifier_models')
      .values({
        id: info.id,
        version: info.version,
        trained_at: info.trainedAt,
        trained_by: ctx.principal.id,
        training_size: info.trainingSize,
        metrics: JSON.stringify(metrics),
        model: JSON.stringify(model),
      })
      .execute();
    await k.audit.record(t, ctx, {
      permission: P.train,
      action: 'train',
      subjectType: 'hotline.classifier_model',
      subjectId: info.id,
      after: {
        version: info.version,
        trainingSize: info.trainingSize,
        confirmedTickets: extra.length,
        topicAccuracy: metrics.topic.accuracy,
        departmentAccuracy: metrics.department.accuracy,
      },
    });
    return { model: info, metrics, beatsBaseline };
  });
}

/**
 * Retrains from tickets whose routing operators confirmed (the tickets side passes them, e.g. from a nightly job),
 * together with the imported history. The same rules as `trainClassifier`.
 */
export function retrainFromConfirmed(
  k: Kernel,
  ctx: Ctx,
  rows: readonly ConfirmedTicket[],
  tx?: Executor,
): Promise<TrainOutcome> {
  return trainClassifier(k, ctx, { extraRows: rows }, tx);
}

/** The model in use (the highest version), or null before the first training. */
export async function currentModel(k: Kernel, db: Executor = k.db): Promise<ModelInfo | null> {
  const r = await db
    .selectFrom('hotline_classifier_models')
    .select(['id', 'version', 'trained_at', 'training_size', 'metrics'])
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    version: Number(r.version),
    trainedAt: r.trained_at,
    trainingSize: Number(r.training_size),
    metrics: JSON.parse(r.metrics) as ClassifierMetrics,
  };
}

/** Compiled models by kernel, kept until a newer version is trained (compiling parses the JSON once). */
const compiled = new WeakMap<Kernel, { id: string; version: number; model: CompiledClassifier }>();

async function modelInUse(k: Kernel, db: Executor) {
  const head = await db
    .selectFrom('hotline_classifier_models')
    .select(['id', 'version'])
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!head) return null;
  const have = compiled.get(k);
  if (have?.id === head.id) return have;
  const row = await db
    .selectFrom('hotline_classifier_models')
    .select('model')
    .where('id', '=', head.id)
    .executeTakeFirstOrThrow();
  const entry = {
    id: head.id,
    version: Number(head.version),
    model: compileClassifier(JSON.parse(row.model) as SerializedClassifier),
  };
  compiled.set(k, entry);
  return entry;
}

export interface RoutingSuggestion {
  /** Null before a model is trained; the lists are then empty. */
  modelVersion: number | null;
  topics: Suggestion[];
  departments: Suggestion[];
}

function checkDivision(division: string | undefined): void {
  if (division !== undefined && !findDivision(division))
    throw invalid('division', 'DIVISION_UNKNOWN', `未知区划代码 ${division}`, `Unknown division code ${division}`);
}

/**
 * The top-3 topics and departments for a ticket's text, with probabilities. Read-only and without a caller
 * context (for the tickets side, which decides who may ask). `division` is checked only: departments are learnt as
 * kinds (城市管理局), which the routing rules turn into the department of that division. Pass `db` when calling inside a
 * transaction (SQLite has one connection: a query outside the open transaction would wait for it).
 */
export async function suggestRouting(
  k: Kernel,
  text: string,
  division?: string,
  db: Executor = k.db,
): Promise<RoutingSuggestion> {
  const t = requiredText('text', text, MAX_TEXT);
  checkDivision(division);
  const m = await modelInUse(k, db);
  if (!m) return { modelVersion: null, topics: [], departments: [] };
  return { modelVersion: m.version, ...classify(m.model, t) };
}

export interface StoredSuggestion extends RoutingSuggestion {
  /** Null when no model is trained yet (nothing is stored then). */
  id: string | null;
  confirmed: {
    topic: string;
    department: string;
    ticketId: string | null;
    topicRank: number;
    departmentRank: number;
  } | null;
}

const toStored = (r: HotlineClassifierSuggestionTable): StoredSuggestion => ({
  id: r.id,
  modelVersion: Number(r.model_version),
  topics: JSON.parse(r.topics) as Suggestion[],
  departments: JSON.parse(r.departments) as Suggestion[],
  confirmed:
    r.confirmed_at === null
      ? null
      : {
          topic: r.confirmed_topic!,
          department: r.confirmed_department!,
          ticketId: r.ticket_id,
          topicRank: Number(r.topic_rank),
          departmentRank: Number(r.department_rank),
        },
});

/**
 * Suggests a routing for an operator and stores what was suggested (not the text), so that the confirmation can
 * later be held against it (action `suggest` on `hotline.routing_suggestion`).
 */
export async function recordSuggestion(
  k: Kernel,
  ctx: Ctx,
  input: { text: string; division?: string },
  tx?: Executor,
): Promise<StoredSuggestion> {
  requirePermission(ctx, P.classify);
  checkDivision(input.division);
  if (input.division) requireJurisdiction(ctx, input.division, 'division');
  return inTx(k, tx, async (t) => {
    const s = await suggestRouting(k, input.text, input.division, t);
    if (s.modelVersion === null) return { id: null, ...s, confirmed: null };
    const row: HotlineClassifierSuggestionTable = {
      id: newId(ctx.now.getTime()),
      model_version: s.modelVersion!,
      region: input.division ?? ctx.principal.region,
      topics: JSON.stringify(s.topics),
      departments: JSON.stringify(s.departments),
      created_by: ctx.principal.id,
      created_at: ctx.now.toISOString(),
      ticket_id: null,
      confirmed_topic: null,
      confirmed_department: null,
      topic_rank: null,
      department_rank: null,
      confirmed_by: null,
      confirmed_at: null,
    };
    await t.insertInto('hotline_classifier_suggestions').values(row).execute();
    await k.audit.record(t, ctx, {
      permission: P.classify,
      action: 'suggest',
      subjectType: 'hotline.routing_suggestion',
      subjectId: row.id,
      after: { modelVersion: row.model_version, region: row.region, topics: s.topics, departments: s.departments },
    });
    return toStored(row);
  });
}

const visible = (ctx: Ctx, region: string | null) =>
  region === null ? ctx.principal.kind === 'system' || ctx.principal.region === null : inJurisdiction(ctx, region);

const rankOf = (list: Suggestion[], code: string) => list.findIndex((s) => s.code === code) + 1;

/**
 * Records the routing the operator confirmed for a suggestion (action `confirm`), with where it stood among the
 * suggestions (1–3, or 0). Confirming again with the same choice returns the stored confirmation; a different
 * choice is a 409. The tickets side may call it inside its dispatch transaction.
 */
export async function confirmRouting(
  k: Kernel,
  ctx: Ctx,
  id: string,
  input: { topic: string; department: string; ticketId?: string | null },
  tx?: Executor,
): Promise<StoredSuggestion> {
  requirePermission(ctx, P.classify);
  const topic = requiredText('topic', input.topic, 100);
  const department = requiredText('department', input.department, 100);
  const ticketId = input.ticketId ?? null;
  return inTx(k, tx, async (t) => {
    const row = await t
      .selectFrom('hotline_classifier_suggestions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row || !visible(ctx, row.region)) throw notFound('分类建议 suggestion', id, 'params.id');
    if (row.confirmed_at !== null) {
      if (row.confirmed_topic === topic && row.confirmed_department === department && row.ticket_id === ticketId)
        return toStored(row);
      throw new AppError({
        code: 'SUGGESTION_ALREADY_CONFIRMED',
        status: 409,
        zh: `该建议已确认为 ${row.confirmed_topic} / ${row.confirmed_department}`,
        en: `This suggestion was already confirmed as ${row.confirmed_topic} / ${row.confirmed_department}`,
      });
    }
    const before = toStored(row);
    const patch = {
      ticket_id: ticketId,
      confirmed_topic: topic,
      confirmed_department: department,
      topic_rank: rankOf(before.topics, topic),
      department_rank: rankOf(before.departments, department),
      confirmed_by: ctx.principal.id,
      confirmed_at: ctx.now.toISOString(),
    };
    const done = await t
      .updateTable('hotline_classifier_suggestions')
      .set(patch)
      .where('id', '=', id)
      .where('confirmed_at', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw notFound('分类建议 suggestion', id, 'params.id');
    const after = toStored({ ...row, ...patch });
    await k.audit.record(t, ctx, {
      permission: P.classify,
      action: 'confirm',
      subjectType: 'hotline.routing_suggestion',
      subjectId: id,
      after: after.confirmed,
    });
    return after;
  });
}

export interface AccuracyFigures {
  confirmed: number;
  topicTop1: number;
  topicTop3: number;
  departmentTop1: number;
  departmentTop3: number;
}

export interface ProductionAccuracy extends AccuracyFigures {
  byModel: (AccuracyFigures & { modelVersion: number })[];
}

/**
 * How often operators confirmed the first suggestion (top-1) or one of the three (top-3), over the confirmed
 * suggestions in the caller's jurisdiction, overall and per model version. Shares are 0 when nothing is confirmed.
 */
export async function productionAccuracy(k: Kernel, ctx: Ctx): Promise<ProductionAccuracy> {
  requirePermission(ctx, P.classify);
  let q = k.db
    .selectFrom('hotline_classifier_suggestions')
    .select([
      'model_version',
      sql<number>`count(*)`.as('n'),
      sql<number>`sum(case when topic_rank = 1 then 1 else 0 end)`.as('t1'),
      sql<number>`sum(case when topic_rank between 1 and 3 then 1 else 0 end)`.as('t3'),
      sql<number>`sum(case when department_rank = 1 then 1 else 0 end)`.as('d1'),
      sql<number>`sum(case when department_rank between 1 and 3 then 1 else 0 end)`.as('d3'),
    ])
    .where('confirmed_at', 'is not', null)
    .groupBy('model_version')
    .orderBy('model_version');
  if (ctx.principal.kind !== 'system' && ctx.principal.region)
    q = q.where('region', 'like', subtreePrefix(ctx.principal.region) + '%');
  const rows = (await q.execute()).map((r) => ({
    modelVersion: Number(r.model_version),
    n: Number(r.n),
    t1: Number(r.t1),
    t3: Number(r.t3),
    d1: Number(r.d1),
    d3: Number(r.d3),
  }));
  const figures = (n: number, t1: number, t3: number, d1: number, d3: number): AccuracyFigures => {
    const share = (x: number) => (n ? Math.round((x / n) * 10000) / 10000 : 0);
    return {
      confirmed: n,
      topicTop1: share(t1),
      topicTop3: share(t3),
      departmentTop1: share(d1),
      departmentTop3: share(d3),
    };
  };
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
  return {
    ...figures(
      sum((r) => r.n),
      sum((r) => r.t1),
      sum((r) => r.t3),
      sum((r) => r.d1),
      sum((r) => r.d3),
    ),
    byModel: rows.map((r) => ({ modelVersion: r.modelVersion, ...figures(r.n, r.t1, r.t3, r.d1, r.d3) })),
  };
}

/** The model in use with its held-out metrics, and the accuracy operators' confirmations show in production. */
export async function classifierStatus(
  k: Kernel,
  ctx: Ctx,
): Promise<{ model: ModelInfo | null; production: ProductionAccuracy }> {
  requirePermission(ctx, P.classify);
  return { model: await currentModel(k), production: await productionAccuracy(k, ctx) };
}
