/**
 * A case's deadlines, kept by the kernel's calendar (`k.calendar.track`, so loading a year recomputes provisional
 * ones): acceptance within the region's acceptance limit (limits.ts `cases.acceptance_days`, 5 working days by
 * default: 行政许可法 art. 32) of submission, and the decision within the implementation's promised limit (working
 * days) from acceptance. The light: red when overdue, yellow when at most the region's `cases.yellow_at` working days
 * remain, green otherwise; none once the step is done. Tracking a deadline also schedules its light check (lights.ts).
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { addDays, shanghaiDate, workingDaysBetween } from '../../kernel/calendar/index.ts';
import type { TrackedDeadline } from '../../kernel/calendar-service.ts';
import { enqueueJob } from '../../kernel/jobs.ts';
import { CASE_LIMITS } from './limits.ts';
import type { CaseDeadline, CaseStatus, Light } from './model.ts';

export const SUBJECT_TYPE = 'cases.case';

/** The statuses in which each deadline runs (and shows a light). */
export const ACTIVE: Record<'acceptance' | 'decision', readonly CaseStatus[]> = {
  acceptance: ['submitted'],
  decision: ['accepted', 'under_review'],
};

/** The acceptance deadline: the region's acceptance limit in working days from now (filing or resubmission). */
export async function trackAcceptance(k: Kernel, tx: Executor, now: Date, id: string, region: string) {
  const days = k.calendar.limitFor(region, CASE_LIMITS.acceptance_days).value;
  const d = await k.calendar.track(
    tx,
    now,
    { type: SUBJECT_TYPE, id, purpose: 'acceptance' },
    { unit: 'working_days', amount: days, start: now },
  );
  await scheduleLightCheck(k, tx, now, id, region, d);
  return d;
}

/** The decision deadline: `promisedDays` working days from `start` (acceptance; default now). */
export async function trackDecision(
  k: Kernel,
  tx: Executor,
  now: Date,
  id: string,
  region: string,
  promisedDays: number,
  start = now,
) {
  const d = await k.calendar.track(
    tx,
    now,
    { type: SUBJECT_TYPE, id, purpose: 'decision' },
    { unit: 'working_days', amount: promisedDays, start },
  );
  await scheduleLightCheck(k, tx, now, id, region, d);
  return d;
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

/** The working days at or below which the light is yellow in `region`. */
export const yellowAt = (k: Kernel, region: string) => k.calendar.limitFor(region, CASE_LIMITS.yellow_at).value;

export function lightOf(
  k: Kernel,
  now: Date,
  dueAt: string | null,
  region: string,
): { left: number | null; light: Light | null } {
  if (!dueAt) return { left: null, light: null };
  const due = new Date(dueAt);
  if (now.getTime() > due.getTime()) return { left: workingDaysBetween(k.calendar.schedule, now, due), light: 'red' };
  const left = workingDaysBetween(k.calendar.schedule, now, due);
  return { left, light: left <= yellowAt(k, region) ? 'yellow' : 'green' };
}

/**
 * When the light of a deadline due at `dueAt` next changes after `now`: the Shanghai midnight that starts the first
 * day with at most `yellowAt` working days left, or just after the due instant (red); null once it is red.
 */
export function nextLightChange(k: Kernel, now: Date, dueAt: string, region: string): Date | null {
  const due = new Date(dueAt);
  if (now.getTime() > due.getTime()) return null;
  const red = new Date(due.getTime() + 1);
  const threshold = yellowAt(k, region);
  if (workingDaysBetween(k.calendar.schedule, now, due) <= threshold) return red;
  const last = shanghaiDate(due);
  for (let d = addDays(shanghaiDate(now), 1); d <= last; d = addDays(d, 1)) {
    const midnight = new Date(`${d}T00:00:00+08:00`);
    if (workingDaysBetween(k.calendar.schedule, midnight, due) <= threshold) return midnight;
  }
  return red;
}

/** The job that raises a case's yellow and red lights (lights.ts). */
export const LIGHTS_JOB = 'cases.deadline_lights';

/** Schedules the light check of a tracked deadline for its next change (inside the tracking transaction). */
export async function scheduleLightCheck(
  k: Kernel,
  tx: Executor,
  now: Date,
  caseId: string,
  region: string,
  d: TrackedDeadline,
): Promise<void> {
  const at = d.dueAt ? nextLightChange(k, now, d.dueAt, region) : new Date(now.getTime() + RETRY_MS);
  if (!at) return;
  await enqueueJob(tx, k.adapter, {
    kind: LIGHTS_JOB,
    payload: { caseId },
    dueAt: at,
    uniqueKey: `${LIGHTS_JOB}:${caseId}:${at.toISOString()}`,
    now,
  });
}

/**
 * The case's deadlines with their lights as of `now`. `known`: every deadline the case has, when the caller has just
 * tracked them in its transaction (a filing), so they are not read back.
 */
export async function deadlinesOf(
  k: Kernel,
  db: Executor,
  now: Date,
  c: { id: string; status: CaseStatus; region: string },
  known?: readonly TrackedDeadline[],
): Promise<CaseDeadline[]> {
  const out: CaseDeadline[] = [];
  const tracked = known ?? (await k.calendar.getTrackedAll(db, SUBJECT_TYPE, c.id)); // one read for every purpose
  for (const purpose of ['acceptance', 'decision'] as const) {
    const d = tracked.find((t) => t.purpose === purpose && t.subjectId === c.id);
    if (!d) continue;
    const active = ACTIVE[purpose].includes(c.status);
    const l = active ? lightOf(k, now, d.dueAt, c.region) : { left: null, light: null };
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

/**
 * Schedules the check for when the case's acceptance limit passes (inside the filing or resubmission transaction).
 * `tracked`: the acceptance deadline just tracked in this transaction, so it is not read again.
 */
export async function scheduleDeemedAcceptance(
  k: Kernel,
  tx: Executor,
  now: Date,
  caseId: string,
  tracked?: Pick<TrackedDeadline, 'dueAt'>,
): Promise<void> {
  const due = tracked ? tracked.dueAt && { dueAt: tracked.dueAt } : await acceptanceDue(k, tx, caseId);
  const at = due ? new Date(new Date(due.dueAt).getTime() + 1) : new Date(now.getTime() + RETRY_MS);
  await enqueueJob(tx, k.adapter, {
    kind: DEEMED_ACCEPTANCE_JOB,
    payload: { caseId },
    dueAt: at,
    uniqueKey: `${DEEMED_ACCEPTANCE_JOB}:${caseId}:${at.toISOString()}`,
    now,
  });
}
