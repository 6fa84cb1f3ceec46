/**
 * What the public sees (一公开), without login: items and plans at once; for each frozen task its counts, digests and
 * the ceremony's commitments at once, and the seed, reveals and selections only after the inspection window (so
 * targets are not tipped off); the frozen files; published results as JSON and CSV; statistics (random and targeted
 * apart). Participants, supervisors and the task's departments see the full record at once.
 */
import { Readable } from 'node:stream';
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { can, inJurisdiction, type Ctx } from '../../kernel/context.ts';
import { shanghaiDate } from '../../kernel/calendar/index.ts';
import { subtreePrefix } from '../../kernel/reference/divisions.ts';
import { poolsTsv, recusalsTsv, type DrawRecord } from './draw/engine.ts';
import { inspectionsPermissions as P } from './permissions.ts';
import { findTaskRow, frozenRecusals, taskAbsent, toTask } from './tasks.ts';
import { frozenScope, populationPages } from './population.ts';
import { poolsAt } from './directories.ts';
import { actsForTask } from './tasks.ts';
import type { FrozenSummary } from './frozen.ts';
import type { InspectionTaskTable } from './tables.ts';
import {
  PROBLEM_CATEGORIES,
  RESULT_CATEGORIES,
  STRATA,
  type CreditClass,
  type ResultCategory,
  type Task,
} from './model.ts';

export interface PublicTask extends Task {
  frozen: FrozenSummary | null;
  /** Commitments of every round (public at once). */
  rounds: Array<{
    round: number;
    status: string;
    reason: string | null;
    commitments: Array<{ outside: boolean; commitment: string }>;
  }>;
  /** Whether `record` is the full record (seed and selections) or the part public before the window ends. */
  revealed: boolean;
  record: Record<string, unknown> | null;
}

/** Whether the caller sees the full record now: a participant, a supervisor or discipline inspector, or the task's department. */
async function seesAll(db: Executor, ctx: Ctx | null, task: InspectionTaskTable): Promise<boolean> {
  if (!ctx || ctx.principal.kind === 'anonymous' || !inJurisdiction(ctx, task.region) || !can(ctx, P.read))
    return false;
  if (actsForTask(ctx, task) || ctx.principal.roles.some((r) => r === 'supervisor' || r === 'discipline_inspector'))
    return true;
  const took = await db
    .selectFrom('inspections_commitments')
    .select('task_id')
    .where('task_id', '=', task.id)
    .where('account_id', '=', ctx.principal.id)
    .executeTakeFirst();
  return !!took;
}

/** Before the window ends the public record keeps counts, digests and commitments, and drops seed, reveals and selections. */
function redact(record: DrawRecord): Record<string, unknown> {
  const { seed: _s, reveals: _r, selections: _sel, voidedRounds, ...rest } = record;
  return {
    ...rest,
    voidedRounds: voidedRounds.map((v) => ({
      ...v,
      reveals: v.reveals.map((x: string | null) => (x === null ? null : 'hidden')),
    })),
  };
}

export function windowOver(task: InspectionTaskTable, now: Date): boolean {
  return shanghaiDate(now) > task.window_end;
}

/** A frozen (or later) task as the public or a staff member sees it; drafts and other regions' tasks answer as absent for staff. */
export async function publicTask(k: Kernel, ctx: Ctx | null, id: string, now: Date): Promise<PublicTask> {
  const task = await findTaskRow(k.db, id);
  if (!task || task.status === 'draft') throw taskAbsent(id);
  return taskView(k, ctx, task, now);
}

/** A task with its freeze, ceremony rounds and record, as much of it as the caller may see now. */
export async function taskView(k: Kernel, ctx: Ctx | null, task: InspectionTaskTable, now: Date): Promise<PublicTask> {
  const id = task.id;
  const all = windowOver(task, now) || (await seesAll(k.db, ctx, task));
  const rounds = await k.db
    .selectFrom('inspections_rounds')
    .selectAll()
    .where('task_id', '=', id)
    .orderBy('round')
    .execute();
  const commits = await k.db
    .selectFrom('inspections_commitments')
    .selectAll()
    .where('task_id', '=', id)
    .orderBy('round')
    .orderBy('position')
    .execute();
  const record = task.record as DrawRecord | null;
  return {
    ...toTask(task),
    frozen: task.frozen as FrozenSummary | null,
    rounds: rounds.map((r) => ({
      round: Number(r.round),
      status: r.status,
      reason: r.reason,
      commitments: commits
        .filter((c) => Number(c.round) === Number(r.round))
        .map((c) => ({ outside: Boolean(c.outside), commitment: c.commitment })),
    })),
    revealed: all,
    record: record ? (all ? (record as unknown as Record<string, unknown>) : redact(record)) : null,
  };
}

export async function listPublicTasks(
  k: Kernel,
  filter: { region?: string; limit: number; before?: string | null },
): Promise<Task[]> {
  let q = k.db
    .selectFrom('inspections_tasks')
    .selectAll()
    .where('status', '!=', 'draft')
    .orderBy('id', 'desc')
    .limit(filter.limit);
  if (filter.region) q = q.where('region', 'like', subtreePrefix(filter.region) + '%');
  if (filter.before) q = q.where('id', '<', filter.before);
  return (await q.execute()).map(toTask);
}

/**
 * The frozen files of a task, re-created from the directory as of its freeze time (their digests are on the record);
 * the population streams, page by page, as the draw reads it.
 */
export async function frozenFile(
  k: Kernel,
  id: string,
  which: 'population' | 'pools' | 'recusals',
): Promise<string | Readable> {
  const task = await findTaskRow(k.db, id);
  if (!task || !task.frozen_at) throw taskAbsent(id);
  if (which === 'population') return Readable.from(populationPages(k, k.db, frozenScope(task)));
  if (which === 'pools') return poolsTsv(await poolsAt(k.db, task.departments as string[], task.frozen_at));
  return recusalsTsv(await frozenRecusals(k.db, task.id));
}

export interface PublicResult {
  visitId: string;
  kind: 'random' | 'targeted';
  taskId: string | null;
  taskTitle: string | null;
  trigger: string | null;
  uscc: string;
  targetName: string;
  region: string;
  inspectedOn: string | null;
  publishedAt: string;
  late: boolean;
  items: Array<{ itemId: string; itemName: string; category: ResultCategory; categoryName: string }>;
}

/** Published results (public), newest first, by region subtree. */
export async function publicResults(
  k: Kernel,
  filter: { region?: string; limit: number; before?: string | null },
): Promise<PublicResult[]> {
  let q = k.db
    .selectFrom('inspections_visits')
    .selectAll()
    .where('published_at', 'is not', null)
    .orderBy('id', 'desc')
    .limit(filter.limit);
  if (filter.region) q = q.where('region', 'like', subtreePrefix(filter.region) + '%');
  if (filter.before) q = q.where('id', '<', filter.before);
  const visits = await q.execute();
  if (!visits.length) return [];
  const ids = visits.map((v) => v.id);
  const results = await k.db
    .selectFrom('inspections_results')
    .selectAll()
    .where('visit_id', 'in', ids)
    .orderBy('item_id')
    .execute();
  const itemIds = [...new Set(results.map((r) => r.item_id))];
  const names = new Map(
    (itemIds.length
      ? await k.db.selectFrom('inspections_items').select(['id', 'name']).where('id', 'in', itemIds).execute()
      : []
    ).map((i) => [i.id, i.name]),
  );
  const taskIds = [...new Set(visits.map((v) => v.task_id).filter((t): t is string => !!t))];
  const titles = new Map(
    (taskIds.length
      ? await k.db.selectFrom('inspections_tasks').select(['id', 'title']).where('id', 'in', taskIds).execute()
      : []
    ).map((t) => [t.id, t.title]),
  );
  return visits.map((v) => ({
    visitId: v.id,
    kind: v.kind as 'random' | 'targeted',
    taskId: v.task_id,
    taskTitle: v.task_id ? (titles.get(v.task_id) ?? null) : null,
    trigger: v.trigger_kind,
    uscc: v.uscc,
    targetName: v.target_name,
    region: v.target_region,
    inspectedOn: v.inspected_on,
    publishedAt: v.published_at!,
    late: Boolean(v.late),
    items: results
      .filter((r) => r.visit_id === v.id)
      .map((r) => ({
        itemId: r.item_id,
        itemName: names.get(r.item_id) ?? r.item_id,
        category: r.category as ResultCategory,
        categoryName: RESULT_CATEGORIES[r.category as ResultCategory],
      })),
  }));
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The published results as CSV (open data): one line per target and item. */
export function resultsCsv(rows: PublicResult[]): string {
  const head = [
    'visit_id',
    'kind',
    'task_id',
    'uscc',
    'target_name',
    'region',
    'inspected_on',
    'published_at',
    'late',
    'item',
    'category',
    'category_name',
  ];
  const lines = [head.join(',')];
  for (const r of rows)
    for (const i of r.items)
      lines.push(
        [
          r.visitId,
          r.kind,
          r.taskId ?? '',
          r.uscc,
          r.targetName,
          r.region,
          r.inspectedOn ?? '',
          r.publishedAt,
          String(r.late),
          i.itemName,
          i.category,
          i.categoryName,
        ]
          .map(csvCell)
          .join(','),
      );
  return lines.join('\n') + '\n';
}

export interface Statistics {
  random: KindStats;
  targeted: KindStats;
  /** Random draws: population and selected per credit class and per target region. */
  coverageByClass: Array<{ stratum: CreditClass; population: number; selected: number }>;
  coverageByRegion: Array<{ region: string; selected: number }>;
}
interface KindStats {
  visits: number;
  published: number;
  withProblems: number;
  problemRate: number | null;
  onTime: number;
  onTimeRate: number | null;
}

/** Statistics over a region's subtree: random and targeted kept apart. */
export async function statistics(k: Kernel, filter: { region?: string }): Promise<Statistics> {
  let q = k.db
    .selectFrom('inspections_visits')
    .select(['id', 'kind', 'stratum', 'target_region', 'published_at', 'late']);
  if (filter.region) q = q.where('region', 'like', subtreePrefix(filter.region) + '%');
  const visits = await q.execute();
  const ids = visits.map((v) => v.id);
  const problems = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rs = await k.db
      .selectFrom('inspections_results')
      .select(['visit_id'])
      .where('visit_id', 'in', ids.slice(i, i + 500))
      .where('category', 'in', [...PROBLEM_CATEGORIES])
      .execute();
    for (const r of rs) problems.add(r.visit_id);
  }
  const kindStats = (kind: string): KindStats => {
    const vs = visits.filter((v) => v.kind === kind);
    const published = vs.filter((v) => v.published_at !== null);
    const withProblems = published.filter((v) => problems.has(v.id)).length;
    const onTime = published.filter((v) => !v.late).length;
    return {
      visits: vs.length,
      published: published.length,
      withProblems,
      problemRate: published.length ? withProblems / published.length : null,
      onTime,
      onTimeRate: published.length ? onTime / published.length : null,
    };
  };
  let tq = k.db.selectFrom('inspections_tasks').select(['frozen']).where('frozen', 'is not', null);
  if (filter.region) tq = tq.where('region', 'like', subtreePrefix(filter.region) + '%');
  const population: Record<CreditClass, number> = { A: 0, B: 0, C: 0, D: 0 };
  for (const t of await tq.execute())
    for (const s of STRATA) population[s] += (t.frozen as FrozenSummary).strata[s].count;
  const random = visits.filter((v) => v.kind === 'random');
  const byRegion = new Map<string, number>();
  for (const v of random) byRegion.set(v.target_region, (byRegion.get(v.target_region) ?? 0) + 1);
  return {
    random: kindStats('random'),
    targeted: kindStats('targeted'),
    coverageByClass: STRATA.map((s) => ({
      stratum: s,
      population: population[s],
      selected: random.filter((v) => v.stratum === s).length,
    })),
    coverageByRegion: [...byRegion.entries()].sort().map(([region, selected]) => ({ region, selected })),
  };
}
