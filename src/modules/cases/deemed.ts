/**
 * Deemed acceptance (行政许可法 第三十二条): an application on which no decision to accept, refuse or ask for a
 * supplement was made within the region's acceptance limit (limits.ts, 5 working days by default) is accepted from the day it was received. Filing and
 * resubmission schedule a job (`cases.deemed_acceptance`) for the moment the acceptance limit passes; the job moves a
 * case still `submitted` by the lifecycle's `deem_accepted` as the system principal, with the reason recorded, the
 * flag `deemed_accepted` and the event `cases.case.deemed_accepted` — one transaction, like any move. It is
 * idempotent: a case already decided on is left alone, and a deadline moved later (a calendar year loaded since)
 * schedules the job again for the new moment.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { systemCtx } from '../../kernel/context.ts';
import type { JobHandler } from '../../kernel/jobs.ts';
import { findCaseRow } from './repository.ts';
import { acceptanceDue, scheduleDeemedAcceptance, DEEMED_ACCEPTANCE_JOB } from './deadlines.ts';
import { caseLifecycle } from './lifecycle.ts';

export const DEEMED_REASON =
  '受理期限内未作出受理、不予受理或补正告知决定，依《中华人民共和国行政许可法》第三十二条，自收到申请材料之日起即为受理';

/** Deems the case accepted when it is still awaiting a decision on acceptance and its limit has passed. */
export async function deemAcceptedIfOverdue(k: Kernel, caseId: string, now: Date): Promise<boolean> {
  return k.db.transaction().execute(async (t) => {
    const row = await findCaseRow(t, caseId);
    if (!row || row.status !== 'submitted') return false;
    const due = await acceptanceDue(k, t, caseId);
    if (!due || now.getTime() <= new Date(due.dueAt).getTime()) {
      await scheduleDeemedAcceptance(k, t, now, caseId);
      return false;
    }
    await caseLifecycle.transition(
      k,
      systemCtx(now),
      caseId,
      'deem_accepted',
      { version: Number(row.version), reason: DEEMED_REASON },
      t,
    );
    return true;
  });
}

export function casesJobs(k: Kernel): Record<string, JobHandler> {
  return {
    [DEEMED_ACCEPTANCE_JOB]: async (job, ctx) => {
      const { caseId } = job.payload as { caseId: string };
      await deemAcceptedIfOverdue(k, caseId, ctx.now);
    },
  };
}
