/**
 * Asia/Shanghai calendar-date arithmetic on 'YYYY-MM-DD' strings.
 * China has used UTC+8 without DST since 1991, so a fixed offset is exact and the machine's TZ never matters.
 */
import { invalid } from '../errors.ts';

export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The UTC midnight of every valid date met so far: deadline arithmetic walks day by day (a limit of 13 working days
 * asks about 20-odd dates, each several times), and parsing and checking each date again was most of its cost. The
 * dates met are few (a few years of days); the map is emptied if it ever holds more than `MIDNIGHTS_KEPT`.
 */
const midnights = new Map<string, number>();
const nextDays = new Map<string, string>();
const MIDNIGHTS_KEPT = 20_000;

/** True for a real calendar date written exactly as 'YYYY-MM-DD' (rejects 2026-02-30, 2026-2-1 …). */
export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  if (midnights.has(s)) return true;
  if (!ISO_DATE.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  if (!Number.isFinite(t) || new Date(t).toISOString().slice(0, 10) !== s) return false;
  if (midnights.size >= MIDNIGHTS_KEPT) midnights.clear();
  midnights.set(s, t);
  return true;
}

/** The Shanghai calendar date an instant falls on. */
export function shanghaiDate(instant: Date): string {
  const t = instant.getTime();
  if (!Number.isFinite(t)) {
    throw invalid('instant', 'CALENDAR_DATE_INVALID', '时间无效', 'Invalid instant');
  }
  return new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The day number (days since 1970-01-01, as day-index.ts numbers them) of the Shanghai date an instant falls on:
 * `dayNumber(shanghaiDate(instant))` without writing and parsing the date (a case's lights ask it on every read).
 */
export function shanghaiDay(instant: Date): number {
  const t = instant.getTime();
  if (!Number.isFinite(t)) {
    throw invalid('instant', 'CALENDAR_DATE_INVALID', '时间无效', 'Invalid instant');
  }
  return Math.floor((t + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** 00:00 Shanghai time of a date. */
export function startOfShanghaiDay(date: string): Date {
  return new Date(utcMidnight(date) - SHANGHAI_OFFSET_MS);
}

/** The last millisecond of a Shanghai date (23:59:59.999), i.e. next day's 00:00 minus 1 ms. */
export function endOfShanghaiDay(date: string): Date {
  return new Date(utcMidnight(date) - SHANGHAI_OFFSET_MS + DAY_MS - 1);
}

export function addDays(date: string, n: number): string {
  if (n === 1) {
    // The day after: what every day-by-day walk asks, kept beside the midnights (same bound).
    const known = nextDays.get(date);
    if (known !== undefined) return known;
    const next = new Date(utcMidnight(date) + DAY_MS).toISOString().slice(0, 10);
    if (nextDays.size >= MIDNIGHTS_KEPT) nextDays.clear();
    nextDays.set(date, next);
    return next;
  }
  return new Date(utcMidnight(date) + n * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(utcMidnight(date)).getUTCDay();
}

export function isMondayToFriday(date: string): boolean {
  const d = weekday(date);
  return d >= 1 && d <= 5;
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

function utcMidnight(date: string): number {
  const known = midnights.get(date);
  if (known !== undefined) return known;
  if (!isIsoDate(date)) {
    throw invalid(
      'date',
      'CALENDAR_DATE_INVALID',
      `日期格式无效：${date}`,
      `Invalid date (expected YYYY-MM-DD): ${date}`,
    );
  }
  return Date.parse(`${date}T00:00:00Z`);
}
