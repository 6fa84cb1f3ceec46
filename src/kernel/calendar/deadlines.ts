/**
 * Deadline arithmetic for time limits (办理时限), all in Asia/Shanghai time. Pure: no clock, no I/O.
 *
 * Rules shared by the day-based functions:
 *  - The day of the triggering event is not counted: 1 working day from a Monday is the end of Tuesday
 *    (if Tuesday is a working day).
 *  - A deadline ends at the last millisecond of its day, 23:59:59.999 Shanghai (= next day's 00:00 − 1 ms),
 *    so `now <= dueAt` means "still in time".
 *  - Pauses (特别程序: hearings, testing, expert review — time "not counted in the limit") are excluded in
 *    whole days: a day touched by a pause for any part of it is not counted, so the deadline moves out by
 *    the number of countable days paused. Intervals are half-open [from, to): a pause ending at 00:00 does
 *    not touch that day.
 *  - An open pause (to: null) that begins before the deadline is reached makes the deadline unknown:
 *    `{ dueDate: null, dueAt: null, paused: true }`. An open pause beginning after it has no effect.
 */
import { invalid } from '../errors.ts';
import { addDays, endOfShanghaiDay, shanghaiDate, startOfShanghaiDay } from './dates.ts';
import type { HolidaySchedule } from './holidays.ts';

export { addDays, endOfShanghaiDay, shanghaiDate, startOfShanghaiDay } from './dates.ts';

export interface PauseInterval {
  from: Date;
  /** null while the special procedure is still running. */
  to: Date | null;
}

/** Office periods of a working day, Shanghai wall-clock time, e.g. 09:00–12:00 and 13:00–17:00. `to` may be '24:00'. */
export interface OfficeHours {
  periods: Array<{ from: string; to: string }>;
}

export type Deadline =
  | {
      dueDate: string;
      /** The instant the deadline ends. */
      dueAt: Date;
      /** Some day involved lies in a year without an official holiday schedule (Monday–Friday was assumed). */
      provisional: boolean;
      paused: false;
    }
  | { dueDate: null; dueAt: null; provisional: boolean; paused: true };

const HOUR_MS = 3_600_000;

/** Due at the end of the N-th working day after the start day, skipping paused days. */
export function addWorkingDays(
  schedule: HolidaySchedule,
  start: Date,
  days: number,
  pauses: PauseInterval[] = [],
): Deadline {
  return countDays(start, days, pauses, schedule);
}

/** Due at the end of the N-th calendar day after the start day (e.g. a 20-day public notice), skipping paused days. */
export function addNaturalDays(start: Date, days: number, pauses: PauseInterval[] = []): Deadline {
  return countDays(start, days, pauses, null);
}

/** Round-the-clock hours (e.g. the 12345 hotline): start + hours, extended by the length of pauses after start. */
export function addNaturalHours(start: Date, hours: number, pauses: PauseInterval[] = []): Deadline {
  let t = instant(start, 'start');
  let left = durationMs(hours);
  for (const p of normalizePauses(pauses)) {
    if (p.to <= t) continue;
    if (p.from >= t + left) break;
    if (p.from > t) {
      left -= p.from - t;
    }
    if (p.to === Infinity) return pausedDeadline(false);
    t = p.to;
  }
  return deadlineAt(t + left, false);
}

/**
 * Counts only time inside `officeHours` periods on working days, from the start instant on
 * (the rest of the start day counts), minus paused time. Due at the instant the hours run out.
 */
export function addOfficeHours(
  schedule: HolidaySchedule,
  start: Date,
  hours: number,
  officeHours: OfficeHours,
  pauses: PauseInterval[] = [],
): Deadline {
  const t0 = instant(start, 'start');
  let left = durationMs(hours);
  const periods = parseOfficeHours(officeHours);
  const ps = normalizePauses(pauses);
  const openFrom = Math.min(...ps.filter((p) => p.to === Infinity).map((p) => p.from));
  if (left === 0) return deadlineAt(t0, schedule.dayInfo(shanghaiDate(start)).provisional);

  let provisional = false;
  for (let date = shanghaiDate(start); ; date = addDays(date, 1)) {
    const info = schedule.dayInfo(date);
    provisional ||= info.provisional;
    const day0 = startOfShanghaiDay(date).getTime();
    if (info.working) {
      for (const per of periods) {
        for (const [a, b] of freeParts(Math.max(t0, day0 + per.from), day0 + per.to, ps)) {
          if (b - a >= left) return deadlineAt(a + left, provisional);
          left -= b - a;
        }
      }
    }
    // Everything from the open pause on is excluded: the hours can never run out.
    if (openFrom < day0 + 86_400_000) return pausedDeadline(provisional);
  }
}

/** Working days after `from`'s Shanghai day up to and including `to`'s; negative when `to` is the earlier day. */
export function workingDaysBetween(schedule: HolidaySchedule, from: Date, to: Date): number {
  const a = shanghaiDate(from);
  const b = shanghaiDate(to);
  if (b < a) return -workingDaysBetween(schedule, to, from);
  let n = 0;
  for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (schedule.isWorkingDay(d)) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------

interface Pause {
  from: number;
  /** Infinity for an open pause. */
  to: number;
}

function countDays(start: Date, days: number, pauses: PauseInterval[], schedule: HolidaySchedule | null): Deadline {
  if (!Number.isInteger(days) || days < 0) {
    throw invalid('days', 'CALENDAR_ARGUMENT_INVALID', '天数必须是非负整数', 'days must be a non-negative integer');
  }
  const ps = normalizePauses(pauses);
  let date = shanghaiDate(start);
  let provisional = false;
  for (let left = days; left > 0;) {
    date = addDays(date, 1);
    const info = schedule?.dayInfo(date);
    provisional ||= info?.provisional ?? false;
    if (info && !info.working) continue;
    const p = pauseTouching(date, ps);
    if (p?.to === Infinity) return pausedDeadline(provisional);
    if (!p) left--;
  }
  return { dueDate: date, dueAt: endOfShanghaiDay(date), provisional, paused: false };
}

function pauseTouching(date: string, ps: Pause[]): Pause | undefined {
  const dayStart = startOfShanghaiDay(date).getTime();
  const dayEnd = dayStart + 86_400_000;
  return ps.find((p) => p.from < dayEnd && p.to > dayStart);
}

/** [a, b) minus the pauses (sorted by `from`). */
function freeParts(a: number, b: number, ps: Pause[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let cur = a;
  for (const p of ps) {
    if (cur >= b || p.from >= b) break;
    if (p.to <= cur) continue;
    if (p.from > cur) out.push([cur, p.from]);
    cur = Math.max(cur, p.to);
  }
  if (cur < b) out.push([cur, b]);
  return out;
}

/** Validates and sorts pauses; empty ones are dropped (they exclude no time). */
function normalizePauses(pauses: PauseInterval[]): Pause[] {
  return pauses
    .map((p, i) => {
      const from = instant(p.from, `pauses[${i}].from`);
      const to = p.to === null ? Infinity : instant(p.to, `pauses[${i}].to`);
      if (to < from) {
        throw invalid(
          `pauses[${i}].to`,
          'CALENDAR_PAUSE_INVALID',
          '暂停结束时间早于开始时间',
          'A pause ends before it starts',
        );
      }
      return { from, to };
    })
    .filter((p) => p.to > p.from)
    .sort((x, y) => x.from - y.from);
}

/** Office periods as minutes-from-midnight offsets in ms, checked to be ordered and non-overlapping. */
function parseOfficeHours(officeHours: OfficeHours): Array<{ from: number; to: number }> {
  if (officeHours.periods.length === 0) {
    throw invalid(
      'officeHours.periods',
      'CALENDAR_OFFICE_HOURS_INVALID',
      '至少需要一个办公时段',
      'At least one office period is required',
    );
  }
  let prevEnd = 0;
  return officeHours.periods.map((p, i) => {
    const from = clockMs(p.from, `officeHours.periods[${i}].from`);
    const to = clockMs(p.to, `officeHours.periods[${i}].to`);
    if (from < prevEnd || to <= from) {
      throw invalid(
        `officeHours.periods[${i}]`,
        'CALENDAR_OFFICE_HOURS_INVALID',
        '办公时段必须按时间先后排列且互不重叠',
        'Office periods must be in order, non-empty and not overlapping',
      );
    }
    prevEnd = to;
    return { from, to };
  });
}

function clockMs(hhmm: string, field: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  const h = m ? Number(m[1]) : NaN;
  const min = m ? Number(m[2]) : NaN;
  if (!(h <= 23 && min <= 59) && hhmm !== '24:00') {
    throw invalid(field, 'CALENDAR_OFFICE_HOURS_INVALID', `时间格式应为 HH:MM：${hhmm}`, `Expected HH:MM: ${hhmm}`);
  }
  return (h * 60 + min) * 60_000;
}

function durationMs(hours: number): number {
  if (!Number.isFinite(hours) || hours < 0) {
    throw invalid('hours', 'CALENDAR_ARGUMENT_INVALID', '小时数必须是非负数', 'hours must be a non-negative number');
  }
  return Math.round(hours * HOUR_MS);
}

function instant(d: Date, field: string): number {
  const t = d instanceof Date ? d.getTime() : NaN;
  if (!Number.isFinite(t)) throw invalid(field, 'CALENDAR_DATE_INVALID', '时间无效', 'Invalid instant');
  return t;
}

function deadlineAt(t: number, provisional: boolean): Deadline {
  const dueAt = new Date(t);
  return { dueDate: shanghaiDate(dueAt), dueAt, provisional, paused: false };
}

function pausedDeadline(provisional: boolean): Deadline {
  return { dueDate: null, dueAt: null, provisional, paused: true };
}
