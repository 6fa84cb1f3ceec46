/**
 * A case's deadlines, kept by the kernel's calendar (`k.calendar.track`, so loading a year recomputes provisional
 * ones): acceptance within ACCEPTANCE_LIMIT_DAYS working days of submission (行政许可法 art. 32), and the decision
 * within the implementation's promised limit (working days) from acceptance. The light: red when overdue, yellow when
 * at most YELLOW_AT working days remain, green otherwise; none once the step is done.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { workingDaysBetween } from '../../kernel/calendar/index.ts';
import { enqueueJob } from '../../kernel/jobs.ts';
import type { CaseDeadline, CaseStatus, Light } from './model.ts';

export const SUBJECT_TYPE = 'cases.case';
/** 行政许可法 第三十二条: an application is decided on (accepted or refused) within five days — working days. */
export const ACCEPTANCE_LIMIT_DAYS = 5;
/** Yellow light when this many working days or fewer remain. */
export const YELLOW_AT = 1;

const ACTIVE: Record<'acceptance' | 'decision', readonly CaseStatus[]> = {
  acceptance: ['submitted'],
  decision: ['accepted', 'under_review'],
};

export function trackAcceptance(k: Kernel, tx: Executor, now: Date, id: string) {
  return k.calendar.track(
    tx,
    now,
    { type: SUBJECT_TYPE, id, purpose: 'acceptance' },
    { unit: 'working_days', amount: ACCEPTANCE_LIMIT_DAYS, start: now },
  );
}

/** The decision deadline: `promisedDays` working days from `start` (acceptance; default now). */
export function trackDecision(k: Kernel, tx: Executor, now: Date, id: string, promisedDays: number, start = now) {
  return k.calendar.track(
    tx,
    now,
    { type: SUBJECT_TYPE, id, purpose: 'decision' },
    { unit: 'working_days', amount: promisedDays, start },
  );
}

/** The acceptance deadline as tracked: when its clock started and when it is due (null before a calendar covers it). */
export async function acceptanceDue(
  k: Kernel,
  db: Executor,
  id: string,
): Promise<{ startAt: string; dueAt: string } | null> {
  const d = await k.calendar.getTracked(db, { type: SUBJECT_TYPE, id, purpose: 'acceptance' });
  return d?.dueAt ? { startAt: d.startAt, dueAt: d.dueAt } : null;
}

export function lightOf(k: Kernel, now: Date, dueAt: string | null): { left: number | null; light: Light | null } {
  if (!dueAt) return { left: null, light: null };
  const due = new Date(dueAt);
  if (now.getTime() > due.getTime()) return { left: workingDaysBetween(k.calendar.schedule, now, due), light: 'red' };
  const left = workingDaysBetween(k.calendar.schedule, now, due);
  return { left, light: left <= YELLOW_AT ? 'yellow' : 'green' };
}

/** The case's deadlines with their lights as of `now`. */
export async function deadlinesOf(
  k: Kernel,
  db: Executor,
  now: Date,
  c: { id: string; status: CaseStatus },
): Promise<CaseDeadline[]> {
  const out: CaseDeadline[] = [];
  for (const purpose of ['acceptance', 'decision'] as const) {
    const d = await k.calendar.getTracked(db, { type: SUBJECT_TYPE, id: c.id, purpose });
    if (!d) continue;
    const active = ACTIVE[purpose].includes(c.status);
    const l = active ? lightOf(k, now, d.dueAt) : { left: null, light: null };
    out.push({
      purpose,
      dueDate: d.dueDate,
      dueAt: d.dueAt,
      provisional: d.provisional,
      workingDaysLeft: l.left,
      light: l.light,
    });
  }
  return out;
}

/** The job that deems a case accepted once its acceptance limit passes (deemed.ts). */
export const DEEMED_ACCEPTANCE_JOB = 'cases.deemed_acceptance';
/** When no calendar covers the limit yet (no due time), look again a day later. */
const RETRY_MS = 24 * 3600_000;

/** Schedules the check for when the case's acceptance limit passes (inside the filing or resubmission transaction). */
export async function scheduleDeemedAcceptance(k: Kernel, tx: Executor, now: Date, caseId: string): Promise<void> {
  const due = await acceptanceDue(k, tx, caseId);
  const at = due ? new Date(new Date(due.dueAt).getTime() + 1) : new Date(now.getTime() + RETRY_MS);
  await enqueueJob(tx, k.adapter, {
    kind: DEEMED_ACCEPTANCE_JOB,
    payload: { caseId },
    dueAt: at,
    uniqueKey: `${DEEMED_ACCEPTANCE_JOB}:${caseId}:${at.toISOString()}`,
    now,
  });
}
