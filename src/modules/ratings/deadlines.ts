/**
 * A rectification's deadline, kept by the kernel's calendar (`k.calendar.track`, so loading a year recomputes a
 * provisional one): the region's limit in working days (`ratings.rectification_days`, limits.ts) from the moment
 * the 差评 was given. The light, as cases show it: red when overdue, yellow when at most YELLOW_AT working days
 * remain, green otherwise; none once the rectification has finished.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { workingDaysBetween } from '../../kernel/calendar/index.ts';
import { RATING_LIMITS } from './limits.ts';
import type { Light, Rectification } from './model.ts';

export const RECTIFICATION_SUBJECT = 'ratings.rectification';
const PURPOSE = 'rectification';
/** Yellow light when this many working days or fewer remain. */
export const YELLOW_AT = 1;

/** Starts the clock for a new rectification in `region`; returns the tracked due time. */
export async function trackRectification(k: Kernel, tx: Executor, now: Date, id: string, region: string) {
  const days = k.calendar.limitFor(region, RATING_LIMITS.rectification_days).value;
  return k.calendar.track(
    tx,
    now,
    { type: RECTIFICATION_SUBJECT, id, purpose: PURPOSE },
    { unit: 'working_days', amount: days, start: now },
  );
}

export function rectificationDue(k: Kernel, db: Executor, id: string) {
  return k.calendar.getTracked(db, { type: RECTIFICATION_SUBJECT, id, purpose: PURPOSE });
}

export function lightOf(k: Kernel, now: Date, dueAt: string | null): { left: number | null; light: Light | null } {
  if (!dueAt) return { left: null, light: null };
  const due = new Date(dueAt);
  const left = workingDaysBetween(k.calendar.schedule, now, due);
  if (now.getTime() > due.getTime()) return { left, light: 'red' };
  return { left, light: left <= YELLOW_AT ? 'yellow' : 'green' };
}

/** The deadline with its light as of `now` (no light once finished). */
export async function deadlineOf(
  k: Kernel,
  db: Executor,
  now: Date,
  id: string,
  finished: boolean,
): Promise<Rectification['deadline']> {
  const d = await rectificationDue(k, db, id);
  if (!d) return null;
  const l = finished ? { left: null, light: null } : lightOf(k, now, d.dueAt);
  return {
    dueDate: d.dueDate,
    dueAt: d.dueAt,
    provisional: d.provisional,
    workingDaysLeft: l.left,
    light: l.light,
  };
}
