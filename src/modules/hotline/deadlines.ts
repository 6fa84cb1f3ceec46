/**
 * A ticket's deadlines, kept by the kernel's calendar (`k.calendar.track`, so loading a year recomputes the
 * working-day ones), with the limits from the per-region store (limits.ts):
 * - `response` (urgent tickets only): accepted within `hotline.emergency_hours` natural hours of the dispatch;
 * - `handling`: replied within the type's working days (a 办不成事 report: `hotline.cannot_get_done_days`; + approved
 *   extensions) of the dispatch;
 * - `return`: the window in which the department may return it (`hotline.return_days` working days);
 * - `callback`: the center calls back within `hotline.callback_days` working days of the reply.
 * Lights: red when overdue, yellow when at most `hotline.yellow_at` working days remain. Tracking a deadline also
 * schedules the job that raises its lights (supervision.ts).
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { addDays, shanghaiDate, workingDaysBetween } from '../../kernel/calendar/index.ts';
import { enqueueJob } from '../../kernel/jobs.ts';
import { HOTLINE_LIMITS } from './limits.ts';
import type { Light, RequestType, TicketDeadline, TicketStatus } from './model.ts';
import type { HotlineTicketTable } from './tables.ts';

export const SUBJECT_TYPE = 'hotline.ticket';
export const LIGHTS_JOB = 'hotline.deadline_lights';
export type Purpose = 'response' | 'handling' | 'return' | 'callback';

/** The statuses in which each deadline runs and shows a light. */
export const ACTIVE: Record<Purpose, readonly TicketStatus[]> = {
  response: ['dispatched'],
  handling: ['dispatched', 'returned', 'accepted', 'extension_requested'],
  return: [],
  callback: ['replied'],
};

const limit = (k: Kernel, region: string, name: string) => k.calendar.limitFor(region, name).value;

/** The handling limit in working days of a ticket: by its request type in its region; a 办不成事 report its own. */
export function handlingDays(
  k: Kernel,
  row: Pick<HotlineTicketTable, 'region' | 'request_type' | 'cannot_get_done'>,
): number {
  const { region } = row;
  const type = row.request_type as RequestType;
  if (Number(row.cannot_get_done ?? 0) === 1) return limit(k, region, HOTLINE_LIMITS.cannot_get_done_days);
  if (type === 'inquiry' || type === 'help') return limit(k, region, HOTLINE_LIMITS.inquiry_days);
  if (type === 'praise') return limit(k, region, HOTLINE_LIMITS.praise_days);
  return limit(k, region, HOTLINE_LIMITS.complaint_days);
}

async function track(
  k: Kernel,
  tx: Executor,
  now: Date,
  row: HotlineTicketTable,
  purpose: Purpose,
  spec: { unit: 'working_days' | 'natural_hours'; amount: number; start: Date },
) {
  const d = await k.calendar.track(tx, now, { type: SUBJECT_TYPE, id: row.id, purpose }, spec);
  await scheduleLightCheck(k, tx, now, row.id, row.region, d.dueAt);
  return d;
}

/** At a dispatch: the handling clock (and for an urgent ticket the response clock) and the return window. */
export async function trackDispatch(k: Kernel, tx: Executor, now: Date, row: HotlineTicketTable): Promise<void> {
  const days = handlingDays(k, row) + Number(row.extension_days);
  await track(k, tx, now, row, 'handling', { unit: 'working_days', amount: days, start: now });
  // A window, not an obligation: no lights.
  await k.calendar.track(
    tx,
    now,
    { type: SUBJECT_TYPE, id: row.id, purpose: 'return' },
    { unit: 'working_days', amount: limit(k, row.region, HOTLINE_LIMITS.return_days), start: now },
  );
  if (row.urgency === 'urgent')
    await track(k, tx, now, row, 'response', {
      unit: 'natural_hours',
      amount: limit(k, row.region, HOTLINE_LIMITS.emergency_hours),
      start: now,
    });
}

/** After an approved extension: the handling deadline moves by the extra days, from the same start. */
export async function extendHandling(k: Kernel, tx: Executor, now: Date, row: HotlineTicketTable, extra: number) {
  const d = await k.calendar.getTracked(tx, { type: SUBJECT_TYPE, id: row.id, purpose: 'handling' });
  const start = d ? new Date(d.startAt) : now;
  const days = handlingDays(k, row) + Number(row.extension_days) + extra;
  await track(k, tx, now, row, 'handling', { unit: 'working_days', amount: days, start });
}

export async function trackCallback(k: Kernel, tx: Executor, now: Date, row: HotlineTicketTable): Promise<void> {
  await track(k, tx, now, row, 'callback', {
    unit: 'working_days',
    amount: limit(k, row.region, HOTLINE_LIMITS.callback_days),
    start: now,
  });
}

/** The end of the return window, or null when none is tracked. */
export async function returnWindowEnd(k: Kernel, db: Executor, id: string): Promise<string | null> {
  return (await k.calendar.getTracked(db, { type: SUBJECT_TYPE, id, purpose: 'return' }))?.dueAt ?? null;
}

export function lightOf(k: Kernel, now: Date, dueAt: string | null, region: string): Light | null {
  if (!dueAt) return null;
  const due = new Date(dueAt);
  if (now.getTime() > due.getTime()) return 'red';
  // Yellow when at most `yellow_at` working days are left (workingDaysBetween's count), counted only until one more
  // than that is reached: a ticket's presentation asks this for every running deadline, and counting all of a
  // 13-working-day span each time was ≈ 1 ms of a lifecycle.
  const threshold = limit(k, region, HOTLINE_LIMITS.yellow_at);
  const last = shanghaiDate(due);
  let left = 0;
  for (let d = addDays(shanghaiDate(now), 1); d <= last; d = addDays(d, 1))
    if (k.calendar.schedule.isWorkingDay(d) && ++left > threshold) return 'green';
  return 'yellow';
}

/** When the light of a deadline next changes after `now` (null once red). */
export function nextLightChange(k: Kernel, now: Date, dueAt: string, region: string): Date | null {
  const due = new Date(dueAt);
  if (now.getTime() > due.getTime()) return null;
  const red = new Date(due.getTime() + 1);
  const threshold = limit(k, region, HOTLINE_LIMITS.yellow_at);
  if (workingDaysBetween(k.calendar.schedule, now, due) <= threshold) return red;
  // The first midnight after today from which at most `threshold` working days remain. The days left only shrink as
  // the day moves on, so walk back from the due date while that still holds: a few short counts, where walking
  // forward from today counted the whole span again for every day (≈ 4 ms for a 13-working-day limit).
  const today = shanghaiDate(now);
  let first: string | null = null;
  for (let d = shanghaiDate(due); d > today; d = addDays(d, -1)) {
    if (workingDaysBetween(k.calendar.schedule, new Date(`${d}T00:00:00+08:00`), due) > threshold) break;
    first = d;
  }
  return first ? new Date(`${first}T00:00:00+08:00`) : red;
}

const RETRY_MS = 24 * 3600_000;

export async function scheduleLightCheck(
  k: Kernel,
  tx: Executor,
  now: Date,
  ticketId: string,
  region: string,
  dueAt: string | null,
): Promise<void> {
  const at = dueAt ? nextLightChange(k, now, dueAt, region) : new Date(now.getTime() + RETRY_MS);
  if (!at) return;
  await enqueueJob(tx, k.adapter, {
    kind: LIGHTS_JOB,
    payload: { ticketId },
    dueAt: at,
    uniqueKey: `${LIGHTS_JOB}:${ticketId}:${at.toISOString()}`,
    now,
  });
}

/** The ticket's deadlines with their lights as of `now` (lights only while the deadline runs). */
export async function deadlinesOf(
  k: Kernel,
  db: Executor,
  now: Date,
  t: { id: string; status: string; region: string },
): Promise<TicketDeadline[]> {
  const tracked = await k.calendar.getTrackedAll(db, SUBJECT_TYPE, t.id);
  return tracked.map((d) => {
    const active = ACTIVE[d.purpose as Purpose]?.includes(t.status as TicketStatus) ?? false;
    return {
      purpose: d.purpose,
      dueAt: d.dueAt,
      provisional: d.provisional,
      light: active ? lightOf(k, now, d.dueAt, t.region) : null,
    };
  });
}
