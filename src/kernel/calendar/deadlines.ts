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
import {
  DAY_MS,
  SHANGHAI_OFFSET_MS,
  addDays,
  endOfShanghaiDay,
  shanghaiDate,
  shanghaiDay,
  startOfShanghaiDay,
} from './dates.ts';
import {
  anyProvisional,
  countWorkingDays,
  dateOfDay,
  dayNumber,
  firstWorkingDayFrom,
  nthWorkingDayAfter,
} from './day-index.ts';
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
  const a = shanghaiDay(from);
  const b = shanghaiDay(to);
  if (b < a) return -workingDaysBetween(schedule, to, from);
  if (a === b) return 0;
  return countWorkingDays(schedule, a + 1, b);
}

// ---------------------------------------------------------------------------------------------

interface Pause {
  from: number;
  /** Infinity for an open pause. */
  to: number;
}

/**
 * Counts by index (day-index.ts) rather than day by day, with the results of a walk that, from the day after the
 * start, skips non-working days, does not count a day touched by a pause, and stops (paused) at the first working day
 * whose first touching pause (by start) is open; `provisional` when any day walked over was.
 */
function countDays(start: Date, days: number, pauses: PauseInterval[], schedule: HolidaySchedule | null): Deadline {
  if (!Number.isInteger(days) || days < 0) {
    throw invalid('days', 'CALENDAR_ARGUMENT_INVALID', '天数必须是非负整数', 'days must be a non-negative integer');
  }
  const ps = normalizePauses(pauses);
  const startDate = shanghaiDate(start);
  if (days === 0) return { dueDate: startDate, dueAt: endOfShanghaiDay(startDate), provisional: false, paused: false };
  const startDay = dayNumber(startDate);
  const count = (a: number, b: number) => (schedule ? countWorkingDays(schedule, a, b) : Math.max(0, b - a + 1));
  const nth = (after: number, k: number) => (schedule ? nthWorkingDayAfter(schedule, after, k) : after + k);
  const provisionalTo = (last: number) => (schedule ? anyProvisional(schedule, startDay + 1, last) : false);
  if (ps.length === 0) {
    const due = nth(startDay, days);
    const dueDate = dateOfDay(due);
    return { dueDate, dueAt: endOfShanghaiDay(dueDate), provisional: provisionalTo(due), paused: false };
  }

  // Days touched by pauses: closed ones merged into ranges; everything from the first open pause's day on.
  const open = ps.findIndex((p) => p.to === Infinity);
  const openDay = open === -1 ? Infinity : pauseDays(ps[open]!).first;
  const ranges = mergeRanges(ps.filter((p) => p.to !== Infinity).map(pauseDays));

  let day = startDay; // the last day walked over
  let left = days;
  for (const r of [...ranges, { first: openDay, last: Infinity }]) {
    if (r.last <= day) continue;
    const free = Math.min(r.first, openDay) - 1;
    if (free > day) {
      const n = free === Infinity ? Infinity : count(day + 1, free);
      if (n >= left) {
        const due = nth(day, left);
        const dueDate = dateOfDay(due);
        return { dueDate, dueAt: endOfShanghaiDay(dueDate), provisional: provisionalTo(due), paused: false };
      }
      left -= n;
      day = free;
    }
    if (r.first >= openDay || r.last >= openDay) {
      // From the open pause's day on nothing counts: the walk stops at the first working day not also touched by a
      // closed pause that starts before the open one (that pause, found first, does not stop it).
      const earlier = mergeRanges(
        ps
          .slice(0, open)
          .filter((p) => p.to !== Infinity)
          .map(pauseDays),
      );
      let stop = Math.max(openDay, day + 1);
      for (;;) {
        if (schedule) stop = firstWorkingDayFrom(schedule, stop);
        const covered = earlier.find((e) => e.first <= stop && stop <= e.last);
        if (!covered) break;
        stop = covered.last + 1;
      }
      return pausedDeadline(provisionalTo(stop));
    }
    day = r.last;
  }
  throw new Error('unreachable: the open-pause range is infinite');
}

/** The Shanghai days a pause touches (half-open: a pause ending at 00:00 does not touch that day). */
function pauseDays(p: Pause): { first: number; last: number } {
  return {
    first: Math.floor((p.from + SHANGHAI_OFFSET_MS) / DAY_MS),
    last: p.to === Infinity ? Infinity : Math.floor((p.to - 1 + SHANGHAI_OFFSET_MS) / DAY_MS),
  };
}

/** Day ranges sorted and merged where they overlap or meet. */
function mergeRanges(rs: Array<{ first: number; last: number }>): Array<{ first: number; last: number }> {
  const out: Array<{ first: number; last: number }> = [];
  for (const r of [...rs].sort((x, y) => x.first - y.first)) {
    const prev = out[out.length - 1];
    if (prev && r.first <= prev.last + 1) prev.last = Math.max(prev.last, r.last);
    else out.push({ ...r });
  }
  return out;
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
