/**
 * Visits and their results (一公开). A random visit is created by the draw; a targeted one (non-random, with its
 * trigger: a complaint, a risk warning, a referral) by a department, and is kept apart in every statistic. The
 * assigned inspectors (or the department lead) record one result per item in the national categories, with evidence
 * file names; the first result starts the publication deadline (`inspections.publication_days` working days, from
 * k.calendar) and schedules the job that lights it red when the deadline passes unpublished. Each result emits
 * `inspections.result.recorded` (the credit module's input).
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { inJurisdiction, requireJurisdiction, requirePermission, systemCtx, type Ctx } from '../../kernel/context.ts';
import { AppError, invalid, notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { checkDate, requiredText } from '../../kernel/validators/fields.ts';
import { enqueueJob, type JobHandler } from '../../kernel/jobs.ts';
import { shanghaiDate, startOfShanghaiDay } from '../../kernel/calendar/index.ts';
import { subtreePrefix } from '../../kernel/reference/divisions.ts';
import { usccInput } from '../../kernel/validators/identifiers.ts';
import { inspectionsPermissions as P } from './permissions.ts';
import { inspectionsEvents } from './events.ts';
import { itemsByIds } from './directories.ts';
import { L } from './limits.ts';
import type { EvidenceTable, ResultTable, VisitTable } from './tables.ts';
import { toEvidence, type EvidenceFile } from './evidence-view.ts';
import { PROBLEM_CATEGORIES, RESULT_CATEGORY_CODES, TRIGGERS, type ResultCategory, type Trigger } from './model.ts';

export const VISIT_SUBJECT = 'inspections.visit';
export const LIGHT_JOB = 'inspections.light_overdue';

export interface Visit {
  id: string;
  kind: 'random' | 'targeted';
  taskId: string | null;
  trigger: Trigger | null;
  triggerRef: string | null;
  region: string;
  uscc: string;
  targetName: string;
  targetRegion: string;
  stratum: string | null;
  departments: string[];
  itemIds: string[];
  inspectors: Record<string, string[]>;
  inspectedOn: string | null;
  dueDate: string | null;
  publishedAt: string | null;
  late: boolean;
  /** Red light: the publication deadline passed unpublished (set by the job). */
  red: boolean;
  results: Array<{ itemId: string; category: ResultCategory; evidence: string[]; note: string; recordedAt: string }>;
  /** Evidence files uploaded for the visit's items (evidence.ts), oldest first. */
  files: EvidenceFile[];
}

function toVisit(v: VisitTable, results: ResultTable[], files: EvidenceTable[]): Visit {
  return {
    id: v.id,
    kind: v.kind as Visit['kind'],
    taskId: v.task_id,
    trigger: v.trigger_kind as Trigger | null,
    triggerRef: v.trigger_ref,
    region: v.region,
    uscc: v.uscc,
    targetName: v.target_name,
    targetRegion: v.target_region,
    stratum: v.stratum,
    departments: v.departments as string[],
    itemIds: v.item_ids as string[],
    inspectors: v.inspectors as Record<string, string[]>,
    inspectedOn: v.inspected_on,
    dueDate: v.due_date,
    publishedAt: v.published_at,
    late: Boolean(v.late),
    red: v.red_at !== null,
    results: results
      .filter((r) => r.visit_id === v.id)
      .map((r) => ({
        itemId: r.item_id,
        category: r.category as ResultCategory,
        evidence: r.evidence as string[],
        note: r.note,
        recordedAt: r.recorded_at,
      })),
    files: files.filter((f) => f.visit_id === v.id).map(toEvidence),
  };
}

export async function withResults(db: Executor, visits: VisitTable[]): Promise<Visit[]> {
  const ids = visits.map((v) => v.id);
  const results: ResultTable[] = [];
  const files: EvidenceTable[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    results.push(
      ...(await db
        .selectFrom('inspections_results')
        .selectAll()
        .where('visit_id', 'in', chunk)
        .orderBy('id')
        .execute()),
    );
    files.push(
      ...(await db
        .selectFrom('inspections_evidence')
        .selectAll()
        .where('visit_id', 'in', chunk)
        .orderBy('id')
        .execute()),
    );
  }
  return visits.map((v) => toVisit(v, results, files));
}

const visitAbsent = (id: string) => notFound('检查 visit', id, 'params.id');

export async function visibleVisit(k: Kernel, ctx: Ctx, id: string, db: Executor): Promise<VisitTable> {
  const v = await db.selectFrom('inspections_visits').selectAll().where('id', '=', id).executeTakeFirst();
  if (!v || !inJurisdiction(ctx, v.region)) throw visitAbsent(id);
  return v;
}

/** The visits of a task, or the caller's own (assigned) visits, or all targeted ones in jurisdiction. */
export async function listVisits(
  k: Kernel,
  ctx: Ctx,
  filter: { taskId?: string; mine?: boolean; kind?: 'random' | 'targeted' },
): Promise<Visit[]> {
  requirePermission(ctx, P.read);
  let q = k.db.selectFrom('inspections_visits').selectAll().orderBy('id');
  if (filter.taskId) q = q.where('task_id', '=', filter.taskId);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (ctx.principal.kind !== 'system' && ctx.principal.region)
    q = q.where('region', 'like', subtreePrefix(ctx.principal.region) + '%');
  let rows = await q.limit(2000).execute();
  if (filter.mine)
    rows = rows.filter((v) =>
      Object.values(v.inspectors as Record<string, string[]>)
        .flat()
        .includes(ctx.principal.id),
    );
  return withResults(k.db, rows);
}

export async function getVisit(k: Kernel, ctx: Ctx, id: string): Promise<Visit> {
  requirePermission(ctx, P.read);
  return (await withResults(k.db, [await visibleVisit(k, ctx, id, k.db)]))[0];
}

/**
 * Whether the caller may record a result or add evidence for `itemId` of visit `v` now: an assigned inspector, the
 * department lead (or an administrator), an item of the visit, before publication, while its task is inspecting.
 */
export async function requireRecorder(tx: Executor, ctx: Ctx, v: VisitTable, itemId: string): Promise<void> {
  const assigned = Object.values(v.inspectors as Record<string, string[]>)
    .flat()
    .includes(ctx.principal.id);
  const leads =
    (v.departments as string[]).includes(ctx.principal.department ?? '') &&
    ctx.principal.roles.includes('department_lead');
  if (!assigned && !leads && ctx.principal.kind !== 'system' && !ctx.principal.roles.includes('admin'))
    throw new AppError({
      code: 'NOT_ASSIGNED',
      status: 403,
      field: null,
      zh: '您不是该对象的检查人员',
      en: 'You are not assigned to this visit',
    });
  if (!(v.item_ids as string[]).includes(itemId))
    throw invalid('itemId', 'ITEM_NOT_IN_VISIT', '该事项不在本次检查范围内', 'This item is not part of the visit');
  if (v.published_at)
    throw new AppError({
      code: 'ALREADY_PUBLISHED',
      status: 409,
      field: null,
      zh: '结果已公示，不能修改',
      en: 'Results are published and cannot change',
    });
  if (v.kind === 'random') {
    const task = await tx
      .selectFrom('inspections_tasks')
      .select('status')
      .where('id', '=', v.task_id!)
      .executeTakeFirst();
    if (task?.status !== 'inspecting')
      throw new AppError({
        code: 'NOT_INSPECTING',
        status: 409,
        field: null,
        zh: '任务尚未开始检查',
        en: 'The task is not in its inspection phase',
      });
  }
}

/** Records (or corrects, before publication) one item's result of a visit. */
export async function recordResult(
  k: Kernel,
  ctx: Ctx,
  visitId: string,
  input: { itemId: string; category: ResultCategory; evidence: string[]; note?: string; inspectedOn: string },
): Promise<Visit> {
  requirePermission(ctx, P.record_results);
  if (!RESULT_CATEGORY_CODES.includes(input.category))
    throw invalid('category', 'CATEGORY_UNKNOWN', '检查结果类别无效', 'Unknown result category');
  checkDate('inspectedOn', input.inspectedOn);
  if (input.inspectedOn > shanghaiDate(ctx.now))
    throw invalid(
      'inspectedOn',
      'DATE_IN_FUTURE',
      '检查日期不能晚于今天',
      'The inspection date cannot be in the future',
    );
  const evidence = input.evidence.map((e) => requiredText('evidence', e, 200));
  const note = (input.note ?? '').trim().slice(0, 1000);
  return k.db.transaction().execute(async (tx) => {
    const v = await visibleVisit(k, ctx, visitId, tx);
    await requireRecorder(tx, ctx, v, input.itemId);
    const at = ctx.now.toISOString();
    const existing = await tx
      .selectFrom('inspections_results')
      .select('id')
      .where('visit_id', '=', v.id)
      .where('item_id', '=', input.itemId)
      .executeTakeFirst();
    const id = existing?.id ?? newId(ctx.now.getTime());
    const values = { category: input.category, evidence, note, recorded_by: ctx.principal.id, recorded_at: at };
    if (existing) await tx.updateTable('inspections_results').set(values).where('id', '=', id).execute();
    else
      await tx
        .insertInto('inspections_results')
        .values({ id, visit_id: v.id, item_id: input.itemId, ...values })
        .execute();
    if (!v.inspected_on) {
      // The publication deadline runs from the inspection: N working days (per region) by the kernel's calendar.
      const days = k.calendar.limitFor(v.region, L.publication_days).value;
      const start = startOfShanghaiDay(input.inspectedOn);
      const due = await k.calendar.track(
        tx,
        ctx.now,
        { type: VISIT_SUBJECT, id: v.id, purpose: 'publication' },
        { unit: 'working_days', amount: days, start },
      );
      await tx
        .updateTable('inspections_visits')
        .set({ inspected_on: input.inspectedOn, due_date: due.dueDate, due_at: due.dueAt })
        .where('id', '=', v.id)
        .execute();
      if (due.dueAt)
        await enqueueJob(tx, k.adapter, {
          kind: LIGHT_JOB,
          payload: {},
          dueAt: new Date(new Date(due.dueAt).getTime() + 1),
          uniqueKey: `${LIGHT_JOB}:${v.id}`,
          now: ctx.now,
        });
    }
    const problem = PROBLEM_CATEGORIES.includes(input.category);
    await k.audit.record(tx, ctx, {
      permission: P.record_results,
      action: existing ? 'correct_result' : 'record_result',
      subjectType: VISIT_SUBJECT,
      subjectId: v.id,
      after: { itemId: input.itemId, category: input.category, evidence, note },
      event: inspectionsEvents.make('inspections.result.recorded', {
        id,
        visitId: v.id,
        kind: v.kind,
        taskId: v.task_id,
        uscc: v.uscc,
        itemId: input.itemId,
        category: input.category,
        problem,
        region: v.region,
      }),
    });
    return (await withResults(tx, [await visibleVisit(k, ctx, v.id, tx)]))[0];
  });
}

/** Publishes a visit's results (every item recorded); late when past its deadline. */
export async function publishVisit(k: Kernel, ctx: Ctx, visitId: string): Promise<Visit> {
  requirePermission(ctx, P.manage);
  return k.db.transaction().execute(async (tx) => {
    const v = await visibleVisit(k, ctx, visitId, tx);
    if (v.published_at) return (await withResults(tx, [v]))[0]; // idempotent
    const recorded = await tx
      .selectFrom('inspections_results')
      .select('item_id')
      .where('visit_id', '=', v.id)
      .execute();
    const done = new Set(recorded.map((r) => r.item_id));
    if (!(v.item_ids as string[]).every((i) => done.has(i)))
      throw new AppError({
        code: 'RESULTS_INCOMPLETE',
        status: 409,
        field: null,
        zh: '尚有事项未录入结果',
        en: 'Some items have no result yet',
      });
    const late = v.due_at !== null && ctx.now.getTime() > new Date(v.due_at).getTime();
    await tx
      .updateTable('inspections_visits')
      .set({ published_at: ctx.now.toISOString(), late })
      .where('id', '=', v.id)
      .execute();
    await k.audit.record(tx, ctx, {
      permission: P.manage,
      action: 'publish',
      subjectType: VISIT_SUBJECT,
      subjectId: v.id,
      reason: late ? `逾期公示：应于 ${v.due_date} 前公示` : null,
      after: { publishedAt: ctx.now.toISOString(), late },
      event: inspectionsEvents.make('inspections.visit.published', { id: v.id, region: v.region, late }),
    });
    return (await withResults(tx, [await visibleVisit(k, ctx, v.id, tx)]))[0];
  });
}

/** Lights red every visit whose publication deadline passed unpublished; returns how many it lit. */
export async function lightOverdue(k: Kernel, now: Date): Promise<number> {
  return k.db.transaction().execute(async (tx) => {
    const due = await tx
      .selectFrom('inspections_visits')
      .select(['id', 'due_date'])
      .where('published_at', 'is', null)
      .where('red_at', 'is', null)
      .where('due_at', '<', now.toISOString())
      .limit(1000)
      .execute();
    for (const v of due) {
      await tx.updateTable('inspections_visits').set({ red_at: now.toISOString() }).where('id', '=', v.id).execute();
      await k.audit.record(tx, systemCtx(now), {
        action: 'light_red',
        subjectType: VISIT_SUBJECT,
        subjectId: v.id,
        reason: `结果应于 ${v.due_date} 前公示`,
        after: { red: true },
      });
    }
    return due.length;
  });
}

export function resultJobs(k: Kernel): Record<string, JobHandler> {
  return { [LIGHT_JOB]: async (_job, ctx) => void (await lightOverdue(k, ctx.now)) };
}

/** Records a targeted (non-random) inspection with its trigger; kept apart from random ones everywhere. */
export async function createTargeted(
  k: Kernel,
  ctx: Ctx,
  input: { uscc: string; trigger: Trigger; triggerRef: string; itemIds: string[]; inspectors: string[] },
): Promise<Visit> {
  requirePermission(ctx, P.manage);
  const uscc = usccInput(input.uscc, 'uscc');
  if (!TRIGGERS.includes(input.trigger)) throw invalid('trigger', 'TRIGGER_UNKNOWN', '触发原因无效', 'Unknown trigger');
  const triggerRef = requiredText('triggerRef', input.triggerRef, 200);
  const department = ctx.principal.department;
  if (!department) throw invalid('department', 'DEPARTMENT_REQUIRED', '须为部门人员', 'Department staff only');
  if (new Set(input.inspectors).size < 2)
    throw invalid('inspectors', 'TOO_FEW_INSPECTORS', '至少 2 名检查人员', 'At least 2 inspectors');
  return k.db.transaction().execute(async (tx) => {
    const target = await tx
      .selectFrom('inspections_targets')
      .selectAll()
      .where('uscc', '=', uscc)
      .where('valid_to', 'is', null)
      .executeTakeFirst();
    if (!target || !inJurisdiction(ctx, target.region)) throw notFound('检查对象 target', uscc, 'uscc');
    const items = await itemsByIds(tx, input.itemIds);
    if (!items.length || items.length !== input.itemIds.length || items.some((i) => i.department !== department))
      throw invalid('itemIds', 'ITEMS_INVALID', '请选择本部门清单中的事项', "Choose items from the department's list");
    const region = ctx.principal.region ?? target.region;
    requireJurisdiction(ctx, region);
    const row: VisitTable = {
      id: newId(ctx.now.getTime()),
      kind: 'targeted',
      task_id: null,
      trigger_kind: input.trigger,
      trigger_ref: triggerRef,
      region,
      uscc,
      target_name: target.name,
      target_region: target.region,
      stratum: target.credit_class ?? 'B',
      departments: [department],
      item_ids: input.itemIds,
      inspectors: { [department]: [...new Set(input.inspectors)] },
      inspected_on: null,
      due_date: null,
      due_at: null,
      published_at: null,
      late: false,
      red_at: null,
      created_by: ctx.principal.id,
      created_at: ctx.now.toISOString(),
    };
    await tx.insertInto('inspections_visits').values(row).execute();
    await k.audit.record(tx, ctx, {
      permission: P.manage,
      action: 'create_targeted',
      subjectType: VISIT_SUBJECT,
      subjectId: row.id,
      reason: `${input.trigger}: ${triggerRef}`,
      after: { uscc, trigger: input.trigger, triggerRef, itemIds: input.itemIds },
    });
    return toVisit(row, [], []);
  });
}
