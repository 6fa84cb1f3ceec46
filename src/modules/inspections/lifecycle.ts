/**
 * A task's lifecycle: draft → frozen (population, pools and recusals fixed; counts and digests public) → drawn (by
 * the commit/reveal ceremony, ceremony.ts) → inspecting → published (every visit's results public). Commit, reveal,
 * void_round and seal are actions on the same subject that are not moves. src/modules/inspections/lifecycles.md
 * draws it (npm run module-docs).
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { inJurisdiction } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { versionedStatusRows } from '../../kernel/db/versioned.ts';
import { defineLifecycle, type Step } from '../../kernel/lifecycle.ts';
import { freezeAsync, DrawError } from './draw/engine.ts';
import { populationPages } from './population.ts';
import { inspectionsPermissions as P } from './permissions.ts';
import { actsForTask, findTaskRow, freezeInputs, poolTooSmall, taskAbsent, toTask, TASK_SUBJECT } from './tasks.ts';
import { frozenSummary } from './frozen.ts';
import { TASK_STATUSES, STATUS_LABELS, type Task } from './model.ts';
import type { InspectionTaskTable } from './tables.ts';

type Patch = Partial<InspectionTaskTable>;

/** Rows per multi-row INSERT (4 columns: far inside both databases' parameter limits). */
const INSERT_CHUNK = 500;

async function freezeEffect(s: Step<InspectionTaskTable>): Promise<Patch> {
  const { k, tx, ctx, subject: task } = s;
  const inputs = await freezeInputs(k, tx, task, ctx.now);
  // Multi-row inserts: a freeze of a large directory may exclude or recuse thousands. The exclusions first: the
  // population the freeze reads leaves them out, as every later read of the frozen population does.
  for (let i = 0; i < inputs.exclusions.length; i += INSERT_CHUNK)
    await tx
      .insertInto('inspections_task_exclusions')
      .values(
        inputs.exclusions.slice(i, i + INSERT_CHUNK).map((x) => ({ task_id: task.id, uscc: x.uscc, reason: x.reason })),
      )
      .execute();
  let frozen;
  try {
    frozen = await freezeAsync({
      population: populationPages(k, tx, { ...inputs.scope, excludedFor: inputs.exclusions.length ? task.id : null }),
      pools: inputs.pools,
      recusals: inputs.recusals,
      departments: task.departments as string[],
      m: Number(task.inspectors_per_target),
    });
  } catch (e) {
    if (e instanceof DrawError && e.code === 'POOL_TOO_SMALL') throw poolTooSmall(e.detail);
    throw e;
  }
  const seen = new Set<string>();
  const recusals = inputs.recusals.filter((r) => {
    const key = `${r.targetId}\t${r.inspectorId}\t${r.reason}`;
    return !seen.has(key) && seen.add(key);
  });
  for (let i = 0; i < recusals.length; i += INSERT_CHUNK)
    await tx
      .insertInto('inspections_task_recusals')
      .values(
        recusals
          .slice(i, i + INSERT_CHUNK)
          .map((r) => ({ task_id: task.id, uscc: r.targetId, inspector_id: r.inspectorId, reason: r.reason })),
      )
      .execute();
  await tx
    .insertInto('inspections_rounds')
    .values({ task_id: task.id, round: 1, status: 'open', reason: null, closed_at: null })
    .execute();
  return {
    frozen_at: ctx.now.toISOString(),
    frozen: { ...frozenSummary(frozen), excluded: inputs.exclusions.length },
    round: 1,
  };
}

export const taskLifecycle = defineLifecycle({
  subjectType: TASK_SUBJECT,
  states: TASK_STATUSES,
  created: { create: 'draft' },
  stateLabels: STATUS_LABELS,
  actions: {
    freeze: {
      from: ['draft'],
      to: 'frozen',
      permission: P.manage,
      label: { zh: '冻结对象与人员', en: 'Freeze population and pools' },
      event: 'inspections.task.frozen',
      effect: freezeEffect,
    },
    // Taken by the last correct reveal (ceremony.ts), which passes the draw's patch as data.
    draw: {
      from: ['frozen'],
      to: 'drawn',
      permission: P.witness,
      label: { zh: '摇号', en: 'Draw' },
      event: 'inspections.task.drawn',
      effect: (s: Step<InspectionTaskTable>): Patch => s.data.patch as Patch,
    },
    start: {
      from: ['drawn'],
      to: 'inspecting',
      permission: P.manage,
      label: { zh: '开始检查', en: 'Start inspecting' },
      event: 'inspections.task.started',
    },
    publish: {
      from: ['inspecting'],
      to: 'published',
      permission: P.manage,
      label: { zh: '抽查结果全部公示', en: 'All results published' },
      event: 'inspections.task.published',
      guard: async (s: Step<InspectionTaskTable>) => {
        const open = await s.tx
          .selectFrom('inspections_visits')
          .select('id')
          .where('task_id', '=', s.subject.id)
          .where('published_at', 'is', null)
          .limit(1)
          .executeTakeFirst();
        if (open)
          throw new AppError({
            code: 'RESULTS_UNPUBLISHED',
            status: 409,
            field: null,
            zh: '尚有检查对象的结果未公示',
            en: 'Some visits’ results are not published yet',
          });
      },
    },
  },
  store: {
    load: async (_k: Kernel, tx, id) => {
      const row = await findTaskRow(tx, id);
      if (!row) throw taskAbsent(id);
      return row;
    },
    // Outside the caller's jurisdiction answers exactly as absent; managing is for the task's departments.
    authorize: async (_k, ctx, _tx, row, permission) => {
      if (!inJurisdiction(ctx, row.region)) throw taskAbsent(row.id);
      if (permission === P.manage && !actsForTask(ctx, row))
        throw new AppError({
          code: 'NOT_YOUR_TASK',
          status: 403,
          field: null,
          zh: '该任务不属于您的部门',
          en: 'This task is not your department’s',
        });
    },
    ...versionedStatusRows<'inspections_tasks', InspectionTaskTable>('inspections_tasks'),
    view: (_k: Kernel, row: InspectionTaskTable): Task => toTask(row),
    eventPayload: (_action, row, after) => ({
      id: row.id,
      region: row.region,
      version: after.version,
      status: after.status,
    }),
  },
});
