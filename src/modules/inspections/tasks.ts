/**
 * Inspection tasks (抽查任务): what to inspect, over which population, at which ratios; the population as of the
 * freeze time (a query over the temporal target directory, minus the yearly-cap exclusions stored with the task),
 * the pools and recusals frozen with it. The draw itself is the pure engine in ./draw/engine.ts.
 */
import { inTx, type Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { inJurisdiction, requireJurisdiction, requirePermission, type Ctx } from '../../kernel/context.ts';
import { AppError, invalid, notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { checkDate, requiredText } from '../../kernel/validators/fields.ts';
import { shanghaiDate, startOfShanghaiDay } from '../../kernel/calendar/index.ts';
import { subtreePrefix } from '../../kernel/reference/divisions.ts';
import { getDepartment, enterpriseConflictsOf } from '../registry/index.ts';
import { sampleSize } from './draw/engine.ts';
import { inspectionsPermissions as P } from './permissions.ts';
import { inspectionsEvents } from './events.ts';
import { itemsByIds, poolsAt } from './directories.ts';
import { membersOf, stratumCounts, type PopulationScope } from './population.ts';
import { L } from './limits.ts';
import type { InspectionTaskTable } from './tables.ts';
import {
  DEFAULT_RATIOS,
  STRATA,
  type CreditClass,
  type PopulationFilter,
  type Task,
  type TaskStatus,
} from './model.ts';

export const TASK_SUBJECT = 'inspections.task';
const ID = /^[0-9A-Za-z._:-]{1,64}$/;

export function toTask(r: InspectionTaskTable): Task {
  return {
    id: r.id,
    region: r.region,
    department: r.department,
    title: r.title,
    departments: r.departments as string[],
    itemIds: r.item_ids as string[],
    filter: r.filter as PopulationFilter,
    ratios: r.ratios as Record<CreditClass, number>,
    inspectorsPerTarget: Number(r.inspectors_per_target),
    yearlyCap: Number(r.yearly_cap),
    windowStart: r.window_start,
    windowEnd: r.window_end,
    status: r.status as TaskStatus,
    version: Number(r.version),
    frozenAt: r.frozen_at,
    round: Number(r.round),
    recordDigest: r.record_digest,
    drawnAt: r.drawn_at,
    createdAt: r.created_at,
  };
}

export interface TaskInput {
  title: string;
  /** Joint tasks (联合抽查): several departments, one target draw, inspectors per department. */
  departments?: string[];
  itemIds: string[];
  filter: PopulationFilter;
  ratios?: Partial<Record<CreditClass, number>>;
  inspectorsPerTarget?: number;
  yearlyCap?: number;
  windowStart: string;
  windowEnd: string;
}

/** Creates a draft task of the caller's department (and, for a joint task, the others named); action + event. */
export async function createTask(k: Kernel, ctx: Ctx, input: TaskInput, tx?: Executor): Promise<Task> {
  requirePermission(ctx, P.manage);
  const title = requiredText('title', input.title, 200);
  // The lead department is the caller's; an administrator names it first in `departments`.
  const own = ctx.principal.department;
  const named = input.departments ?? [];
  const lead = own && (named.length === 0 || named.includes(own)) ? own : named[0];
  if (!lead) throw invalid('departments', 'DEPARTMENT_REQUIRED', '请指定部门', 'Name a department');
  if (lead !== own && ctx.principal.kind !== 'system' && !ctx.principal.roles.includes('admin'))
    throw invalid('departments', 'NOT_YOUR_DEPARTMENT', '须由本部门牵头', 'Your own department must lead the task');
  const departments = [...new Set([lead, ...(input.departments ?? [])])].sort();
  checkDate('windowStart', input.windowStart);
  checkDate('windowEnd', input.windowEnd);
  if (input.windowEnd < input.windowStart)
    throw invalid('windowEnd', 'WINDOW_INVALID', '检查期限结束日不能早于开始日', 'The window ends before it starts');
  const m = input.inspectorsPerTarget ?? 2;
  if (!Number.isInteger(m) || m < 2 || m > 10)
    throw invalid(
      'inspectorsPerTarget',
      'TOO_FEW_INSPECTORS',
      '每个对象每个部门至少 2 名检查人员',
      'At least 2 inspectors per target and department',
    );
  const cap = input.yearlyCap ?? 2;
  if (!Number.isInteger(cap) || cap < 1)
    throw invalid('yearlyCap', 'CAP_INVALID', '年度上限须为正整数', 'The yearly cap must be a positive whole number');
  const ratios = { ...DEFAULT_RATIOS, ...(input.ratios ?? {}) };
  for (const s of STRATA)
    if (!Number.isInteger(ratios[s]) || ratios[s] < 0 || ratios[s] > 10000)
      throw invalid(`ratios.${s}`, 'RATIO_INVALID', '抽查比例须为 0–10000 基点', 'A ratio is 0–10000 basis points');
  const filter = input.filter;
  requireJurisdiction(ctx, filter.region, 'filter.region');
  return inTx(k, tx, async (t) => {
    for (const d of departments) {
      if (!ID.test(d)) throw invalid('departments', 'BAD_IDENTIFIER', '部门代码无效', 'Invalid department code');
      await getDepartment(k, d, t, 'departments');
    }
    const items = await itemsByIds(t, input.itemIds);
    if (
      !input.itemIds.length ||
      items.length !== new Set(input.itemIds).size ||
      items.some((i) => !departments.includes(i.department))
    )
      throw invalid(
        'itemIds',
        'ITEMS_INVALID',
        '请选择参与部门清单中的事项',
        "Choose items from the participating departments' lists",
      );
    const at = ctx.now.toISOString();
    const row: InspectionTaskTable = {
      id: newId(ctx.now.getTime()),
      region: filter.region,
      department: lead,
      title,
      departments,
      item_ids: [...new Set(input.itemIds)],
      filter: {
        region: filter.region,
        industry: filter.industry ?? null,
        subjectType: filter.subjectType ?? null,
        licence: filter.licence ?? null,
        keySupervision: filter.keySupervision ?? null,
      },
      ratios,
      inspectors_per_target: m,
      yearly_cap: cap,
      window_start: input.windowStart,
      window_end: input.windowEnd,
      status: 'draft',
      version: 1,
      frozen_at: null,
      frozen: null,
      round: 0,
      record: null,
      record_digest: null,
      drawn_at: null,
      created_by: ctx.principal.id,
      created_at: at,
      updated_at: at,
    };
    await t.insertInto('inspections_tasks').values(row).execute();
    const after = toTask(row);
    await k.audit.record(t, ctx, {
      permission: P.manage,
      action: 'create',
      subjectType: TASK_SUBJECT,
      subjectId: row.id,
      after,
      event: inspectionsEvents.make('inspections.task.created', { id: row.id, region: row.region }),
    });
    return after;
  });
}

export async function findTaskRow(db: Executor, id: string): Promise<InspectionTaskTable | undefined> {
  return db.selectFrom('inspections_tasks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Whether the caller acts for one of the task's departments (admins and the system for any). */
export function actsForTask(ctx: Ctx, row: InspectionTaskTable): boolean {
  const p = ctx.principal;
  return p.kind === 'system' || p.roles.includes('admin') || (row.departments as string[]).includes(p.department ?? '');
}

export const taskAbsent = (id: string) => notFound('抽查任务 task', id, 'params.id');

/** A task row the caller may see (staff in its region's subtree); anything else answers as absent. */
export async function visibleTaskRow(k: Kernel, ctx: Ctx, id: string, tx?: Executor): Promise<InspectionTaskTable> {
  requirePermission(ctx, P.read);
  const row = await findTaskRow(tx ?? k.db, id);
  if (!row || !inJurisdiction(ctx, row.region)) throw taskAbsent(id);
  return row;
}

export async function listTasks(k: Kernel, ctx: Ctx, opts: { limit: number; before?: string | null }): Promise<Task[]> {
  requirePermission(ctx, P.read);
  let q = k.db.selectFrom('inspections_tasks').selectAll().orderBy('id', 'desc').limit(opts.limit);
  if (opts.before) q = q.where('id', '<', opts.before);
  if (ctx.principal.kind !== 'system' && ctx.principal.region)
    q = q.where('region', 'like', subtreePrefix(ctx.principal.region) + '%');
  return (await q.execute()).map(toTask);
}

// ---- the population (./population.ts reads it) ----

/** Targets inspected (randomly) at least `cap` times in the Shanghai calendar year of `at` (无事不扰). */
async function cappedTargets(db: Executor, at: Date, cap: number): Promise<Map<string, number>> {
  const yearStart = startOfShanghaiDay(`${shanghaiDate(at).slice(0, 4)}-01-01`).toISOString();
  const rows = await db
    .selectFrom('inspections_visits')
    .select(['uscc'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', 'random')
    .where('created_at', '>=', yearStart)
    .groupBy('uscc')
    .having((eb) => eb.fn.countAll(), '>=', cap)
    .execute();
  return new Map(rows.map((r) => [r.uscc, Number(r.n)]));
}

export async function frozenRecusals(db: Executor, taskId: string) {
  const rows = await db.selectFrom('inspections_task_recusals').selectAll().where('task_id', '=', taskId).execute();
  return rows.map((r) => ({ targetId: r.uscc, inspectorId: r.inspector_id, reason: r.reason }));
}

/**
 * Computes what a freeze stores besides the digests: the yearly-cap exclusions, and the recusals (declared
 * conflicts from the registry's `conflictsOf`, and inspectors who inspected the target in the last N months) — each
 * from a short list of candidates looked up in the population, never by reading the population whole. The freeze
 * then reads the population itself as byte-ordered pages (`populationPages`, minus the stored exclusions).
 */
export async function freezeInputs(k: Kernel, tx: Executor, task: InspectionTaskTable, now: Date) {
  const scope: PopulationScope = { filter: task.filter as PopulationFilter, at: now.toISOString() };
  const capped = await cappedTargets(tx, now, Number(task.yearly_cap));
  const exclusions = (await membersOf(k, tx, scope, 'uscc', [...capped.keys()]))
    .map((r) => ({
      uscc: r.uscc,
      reason: `本年度已被随机抽查 ${capped.get(r.uscc)} 次（上限 ${task.yearly_cap} 次）`,
    }))
    .sort((a, b) => (a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0));
  const excluded = new Set(exclusions.map((x) => x.uscc));
  const pools = await poolsAt(tx, task.departments as string[], scope.at);
  const inPool = new Set(pools.map((p) => p.inspectorId));
  const recusals: Array<{ targetId: string; inspectorId: string; reason: string }> = [];
  // Declared conflicts of the whole pool at once (registry's batch reader), by enterprise.
  const conflicts = new Map<string, string[]>();
  for (const c of await enterpriseConflictsOf(tx, [...inPool]))
    (conflicts.get(c.enterpriseId) ?? conflicts.set(c.enterpriseId, []).get(c.enterpriseId)!).push(c.relation.staffId);
  for (const r of await membersOf(k, tx, scope, 'enterprise_id', [...conflicts.keys()]))
    if (!excluded.has(r.uscc))
      for (const staffId of conflicts.get(r.enterpriseId) ?? [])
        recusals.push({ targetId: r.uscc, inspectorId: staffId, reason: 'conflict' });
  const months = k.calendar.limitFor(task.region, L.recusal_months).value;
  const since = new Date(now);
  since.setUTCMonth(since.getUTCMonth() - months);
  const recent = await tx
    .selectFrom('inspections_visits')
    .select(['uscc', 'inspectors'])
    .where('created_at', '>=', since.toISOString())
    .execute();
  const recentBy = new Map<string, Set<string>>();
  for (const v of recent)
    for (const id of Object.values(v.inspectors as Record<string, string[]>).flat())
      if (inPool.has(id)) (recentBy.get(v.uscc) ?? recentBy.set(v.uscc, new Set()).get(v.uscc)!).add(id);
  for (const r of await membersOf(k, tx, scope, 'uscc', [...recentBy.keys()]))
    if (!excluded.has(r.uscc))
      for (const id of recentBy.get(r.uscc)!)
        recusals.push({ targetId: r.uscc, inspectorId: id, reason: 'recent_inspection' });
  return { scope, pools, recusals, exclusions };
}

/** Expected sample size per class for a draft task, over the directory as it is now (the task editor shows it). */
export async function previewSample(
  k: Kernel,
  ctx: Ctx,
  input: { filter: PopulationFilter; ratios?: Partial<Record<CreditClass, number>> },
): Promise<Array<{ stratum: CreditClass; population: number; ratio: number; sample: number }>> {
  requirePermission(ctx, P.read);
  requireJurisdiction(ctx, input.filter.region, 'filter.region');
  const ratios = { ...DEFAULT_RATIOS, ...(input.ratios ?? {}) };
  const counts = await stratumCounts(k, k.db, { filter: input.filter, at: ctx.now.toISOString() });
  return STRATA.map((s) => ({
    stratum: s,
    population: counts[s],
    ratio: ratios[s],
    sample: sampleSize(counts[s], ratios[s]),
  }));
}

export const poolTooSmall = (detail: unknown) =>
  new AppError({
    code: 'POOL_TOO_SMALL',
    status: 409,
    field: 'inspectorsPerTarget',
    zh: '某部门可用检查人员（扣除回避）少于每个对象所需人数',
    en: "A department's inspectors, less recusals, are fewer than each target needs",
    details: detail,
  });
