/**
 * Working-day counting by index rather than by walking day after day. For each calendar year met, the schedule's
 * answer for every date of the year (`HolidaySchedule.dayInfo`: holidays, make-up working days, provisional years)
 * is read once into prefix counts by day of year: working days, and days marked provisional. Counting the working
 * days of a span, or finding the N-th working day after a date, is then a few subtractions per year crossed and a
 * binary search in the last one — an overdue case's light (thousands of days) no longer costs thousands of look-ups.
 *
 * The results are exactly the schedule's, for any year (official, loaded or provisional): an index is built from
 * `dayInfo` itself, and thrown away when the schedule changes (`HolidaySchedule.revision`).
 *
 * Days are numbered as days since 1970-01-01 (UTC midnights of Shanghai calendar dates).
 */
import { DAY_MS } from './dates.ts';
import type { HolidaySchedule } from './holidays.ts';

interface YearIndex {
  /** Day number of 1 January. */
  first: number;
  /** Days in the year. */
  length: number;
  /** working[i] = working days among the year's first i days. */
  working: Int32Array;
  /** provisional[i] = provisional days among the year's first i days. */
  provisional: Int32Array;
}

interface ScheduleIndex {
  revision: number;
  years: Map<number, YearIndex>;
  last?: YearIndex;
}

/** Years indexed per schedule at most; beyond it the cache starts again (a year's index is ~3 KB). */
const YEARS_KEPT = 400;
const bySchedule = new WeakMap<HolidaySchedule, ScheduleIndex>();

/** The day number of a 'YYYY-MM-DD' date (callers pass validated dates). */
export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** The 'YYYY-MM-DD' date of a day number. */
export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function yearOfDay(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

function firstDayOfYear(year: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, 0, 1); // not Date.UTC: it maps years 0–99 to 1900–1999
  return Math.floor(d.getTime() / DAY_MS);
}

/** The index of the year holding `day`: the one used last when it holds the day, else by year. */
function indexOfDay(schedule: HolidaySchedule, day: number): YearIndex {
  const s = bySchedule.get(schedule);
  const last = s?.revision === schedule.revision ? s.last : undefined;
  if (last && day >= last.first && day < last.first + last.length) return last;
  const y = yearIndex(schedule, yearOfDay(day));
  bySchedule.get(schedule)!.last = y;
  return y;
}

function yearIndex(schedule: HolidaySchedule, year: number): YearIndex {
  let s = bySchedule.get(schedule);
  if (!s || s.revision !== schedule.revision)
    bySchedule.set(schedule, (s = { revision: schedule.revision, years: new Map() }));
  const known = s.years.get(year);
  if (known) return known;
  const first = firstDayOfYear(year);
  const length = firstDayOfYear(year + 1) - first;
  const working = new Int32Array(length + 1);
  const provisional = new Int32Array(length + 1);
  for (let i = 0; i < length; i++) {
    // dayInfo validates: a date the schedule refuses (past 9999-12-31) throws here as it did when walked to.
    const info = schedule.dayInfo(dateOfDay(first + i));
    working[i + 1] = working[i]! + (info.working ? 1 : 0);
    provisional[i + 1] = provisional[i]! + (info.provisional ? 1 : 0);
  }
  const index = { first, length, working, provisional };
  if (s.years.size >= YEARS_KEPT) s.years.clear();
  s.years.set(year, index);
  return index;
}

/** Working days among days `from` … `to` (both included; 0 when `to` < `from`). */
export function countWorkingDays(schedule: HolidaySchedule, from: number, to: number): number {
  return countIn(schedule, from, to, 'working');
}

/** Whether any day among `from` … `to` (both included) is provisional. */
export function anyProvisional(schedule: HolidaySchedule, from: number, to: number): boolean {
  return countIn(schedule, from, to, 'provisional') > 0;
}

function countIn(schedule: HolidaySchedule, from: number, to: number, what: 'working' | 'provisional'): number {
  let n = 0;
  for (let day = from; day <= to;) {
    const y = indexOfDay(schedule, day);
    const last = Math.min(to, y.first + y.length - 1);
    const prefix = y[what];
    n += prefix[last - y.first + 1]! - prefix[day - y.first]!;
    day = last + 1;
  }
  return n;
}

/** The day of the `k`-th working day after day `after` (k ≥ 1). */
export function nthWorkingDayAfter(schedule: HolidaySchedule, after: number, k: number): number {
  let day = after + 1;
  for (;;) {
    const y = indexOfDay(schedule, day);
    const i = day - y.first;
    const w = y.working;
    const available = w[y.length]! - w[i]!;
    if (k <= available) {
      // The smallest j ≥ i with w[j + 1] − w[i] ≥ k.
      const target = w[i]! + k;
      let lo = i;
      let hi = y.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (w[mid + 1]! >= target) hi = mid;
        else lo = mid + 1;
      }
      return y.first + lo;
    }
    k -= available;
    day = y.first + y.length;
  }
}

/** The first working day on or after day `from`. */
export function firstWorkingDayFrom(schedule: HolidaySchedule, from: number): number {
  return nthWorkingDayAfter(schedule, from - 1, 1);
}
