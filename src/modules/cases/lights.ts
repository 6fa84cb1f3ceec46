/**
 * Deadline lights for e-supervision (电子监察): tracking a deadline schedules the job `cases.deadline_lights` for the
 * moment its light next changes (deadlines.ts `scheduleLightCheck`: the start of the first day with at most the
 * region's yellow threshold left, then just after the due instant). The job looks at the case as it is then: for each
 * deadline still running whose light is yellow or red it records the light in `cases_lights` — keyed by case,
 * deadline, due instant and colour, so a light is raised once however often the job runs — and, only when that row is
 * new, writes the system's action `deadline_yellow` / `deadline_red` (shown in the timeline) with the event
 * `cases.case.deadline_yellow` / `…_red` that the notifications subscriber turns into messages to the assignee and the
 * department's lead. Then it schedules the next check. A deadline recomputed later (a calendar year loaded, the
 * acceptance clock restarted by a resubmission) has a new due instant, so its lights can be raised again.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { systemCtx } from '../../kernel/context.ts';
import type { JobHandler } from '../../kernel/jobs.ts';
import { casesEvents } from './events.ts';
import { findCaseRow } from './repository.ts';
import { ACTIVE, LIGHTS_JOB, SUBJECT_TYPE, lightOf, scheduleLightCheck } from './deadlines.ts';
import type { CaseStatus } from './model.ts';
import type { CaseTable } from './tables.ts';

const PURPOSE_ZH: Record<'acceptance' | 'decision', string> = { acceptance: '受理期限', decision: '办理期限' };

/** Who is on the step: the clerk a resubmission returns to, or the one who accepted (for the decision). */
function assigneeOf(row: CaseTable, purpose: 'acceptance' | 'decision'): string | null {
  const who = purpose === 'acceptance' ? row.supplement_requested_by : row.accepted_by;
  return who && who !== 'system' ? who : null;
}

/** Raises the case's due lights (each once) and schedules the next check; returns the lights raised now. */
export async function raiseLights(
  k: Kernel,
  caseId: string,
  now: Date,
  tx?: Executor,
): Promise<Array<{ purpose: string; light: 'yellow' | 'red' }>> {
  const run = async (t: Executor) => {
    const row = await findCaseRow(t, caseId);
    const raised: Array<{ purpose: string; light: 'yellow' | 'red' }> = [];
    if (!row) return raised;
    for (const purpose of ['acceptance', 'decision'] as const) {
      if (!ACTIVE[purpose].includes(row.status as CaseStatus)) continue;
      const d = await k.calendar.getTracked(t, { type: SUBJECT_TYPE, id: caseId, purpose });
      if (!d) continue;
      const { light } = lightOf(k, now, d.dueAt, row.region);
      if (d.dueAt && (light === 'yellow' || light === 'red')) {
        const r = await t
          .insertInto('cases_lights')
          .values({ case_id: caseId, purpose, due_at: d.dueAt, light, raised_at: now.toISOString() })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        if (Number(r.numInsertedOrUpdatedRows ?? 0) > 0) {
          const dueDate = d.dueDate ?? d.dueAt.slice(0, 10);
          await k.audit.record(t, systemCtx(now), {
            action: `deadline_${light}`,
            subjectType: SUBJECT_TYPE,
            subjectId: caseId,
            reason:
              light === 'red'
                ? `${PURPOSE_ZH[purpose]}已于 ${dueDate} 届满`
                : `${PURPOSE_ZH[purpose]}将于 ${dueDate} 届满`,
            after: { purpose, light, dueAt: d.dueAt },
            event: casesEvents.make(`cases.case.deadline_${light}`, {
              id: row.id,
              number: row.number,
              region: row.region,
              department: row.department_code,
              purpose,
              due: d.dueAt,
              assignee: assigneeOf(row, purpose),
            }),
          });
          raised.push({ purpose, light });
        }
      }
      await scheduleLightCheck(k, t, now, caseId, row.region, d);
    }
    return raised;
  };
  return tx ? run(tx) : k.db.transaction().execute(run);
}

export function lightJobs(k: Kernel): Record<string, JobHandler> {
  return {
    [LIGHTS_JOB]: async (job, ctx) => {
      const { caseId } = job.payload as { caseId: string };
      await raiseLights(k, caseId, ctx.now);
    },
  };
}
