/**
 * A case's deadlines, kept by the kernel's calendar (`k.calendar.track`, so loading a year recomputes provisional
 * ones): acceptance within ACCEPTANCE_LIMIT_DAYS working days of submission (行政许可法 art. 32), and the decision
 * within the implementation's promised limit (working days) from acceptance. The light: red when overdue, yellow when
 * at most YELLOW_AT working days remain, green otherwise; none once the step is done.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { workingDaysBetween } from '../../kernel/calendar/index.ts';
import type { CaseDeadline, CaseStatus, Light } from './model.ts';

export const SUBJECT_TYPE = 'cases.case';
/** 行政许可法 第三十二条: an application is decided on (accepted or refused) within five days — working days. */
export const ACCEPTANCE_LIMIT_DAYS = 5;
/** Yellow light when this many working days or fewer remain. */
export const YELLOW_AT = 1;

const ACTIVE: Record<CaseDeadline['purpose'], readonly CaseStatus[]> = {
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

export function trackDecision(k: Kernel, tx: Executor, now: Date, id: string, promisedDays: number) {
  return k.calendar.track(
    tx,
    now,
    { type: SUBJECT_TYPE, id, purpose: 'decision' },
    { unit: 'working_days', amount: promisedDays, start: now },
  );
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
