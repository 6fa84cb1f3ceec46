/**
 * Which Shanghai calendar dates are working days, from China's official holiday schedule
 * (State Council notice each year: days off, and weekend days made working days — 调休).
 *
 * Sources, in order of precedence:
 *  1. years loaded at run time in the holiday-cn JSON format (https://github.com/NateScarlet/holiday-cn),
 *     so a new year's notice can be applied without upgrading a dependency;
 *  2. built-in data of the `chinese-days` package (official years 2004–2026 in v1.5.7);
 *  3. otherwise Monday–Friday, marked provisional — the notice for that year is not out yet.
 */
import builtinData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { AppError, invalid } from '../errors.ts';
import { isIsoDate, isMondayToFriday, yearOf } from './dates.ts';

/** One listed date of a holiday-cn file. isOffDay false = a weekend day made a working day (调休). */
export interface HolidayCnDay {
  name: string;
  date: string;
  isOffDay: boolean;
}

/** A validated holiday-cn year: `{ year, papers, days }`. Unlisted dates of the year follow Monday–Friday. */
export interface LoadedYear {
  year: number;
  papers: string[];
  days: HolidayCnDay[];
}

export interface DayInfo {
  date: string;
  working: boolean;
  /** The holiday a listed date belongs to (also for an adjusted working day), else null. */
  name: string | null;
  /** True when no official schedule covers the date and Monday–Friday was assumed. */
  provisional: boolean;
}

interface Entry {
  name: string;
  isOffDay: boolean;
}

/**
 * chinese-days ships `{ holidays, workdays, inLieuDays }`, each mapping 'YYYY-MM-DD' to
 * "English name,中文名,n". `holidays` are days off (weekend days inside a holiday included),
 * `workdays` are adjusted working days; `inLieuDays` is a subset of `holidays` we do not need.
 */
interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

export class HolidaySchedule {
  private readonly builtin = new Map<string, Entry>();
  private readonly builtinYears = new Set<number>();
  private readonly loaded = new Map<number, Map<string, Entry>>();
  #revision = 0;

  /** `{ builtin: false }` starts empty (every year provisional until loaded), for tests and for regions that ship their own data. */
  constructor(opts: { builtin?: boolean } = {}) {
    if (opts.builtin === false) return;
    const data: ChineseDaysData = builtinData;
    for (const [list, isOffDay] of [
      [data.holidays, true],
      [data.workdays, false],
    ] as const) {
      for (const [date, label] of Object.entries(list)) {
        this.builtin.set(date, { name: label.split(',')[1] ?? label, isOffDay });
        // A year counts as official when the package lists any date in it; it has no partial years.
        this.builtinYears.add(yearOf(date));
      }
    }
  }

  /** Replaces (for this year) whatever was built in or loaded before. Validates again, since callers may build the object by hand. */
  loadYear(y: LoadedYear): void {
    const valid = parseHolidayCnYear(y);
    this.loaded.set(valid.year, new Map(valid.days.map((d) => [d.date, { name: d.name, isOffDay: d.isOffDay }])));
    this.#revision++;
  }

  /** Changes whenever a year is loaded: indexes built from this schedule (day-index.ts) are then rebuilt. */
  get revision(): number {
    return this.#revision;
  }

  hasOfficialData(year: number): boolean {
    return this.loaded.has(year) || this.builtinYears.has(year);
  }

  officialYears(): number[] {
    return [...new Set([...this.builtinYears, ...this.loaded.keys()])].sort((a, b) => a - b);
  }

  isWorkingDay(date: string): boolean {
    return this.dayInfo(date).working;
  }

  dayInfo(date: string): DayInfo {
    if (!isIsoDate(date)) {
      throw invalid(
        'date',
        'CALENDAR_DATE_INVALID',
        `日期格式无效：${date}`,
        `Invalid date (expected YYYY-MM-DD): ${date}`,
      );
    }
    const entry = this.entry(date);
    const working = entry ? !entry.isOffDay : isMondayToFriday(date);
    const provisional = !entry && !this.hasOfficialData(yearOf(date));
    return { date, working, name: entry?.name ?? null, provisional };
  }

  /**
   * The listed entry for a date: the date's own loaded year first, then a neighbouring loaded year
   * (a New-Year holiday can straddle years: holiday-cn's 2023.json lists 2022-12-31), then — only if
   * the own year was not loaded — the built-in data.
   */
  private entry(date: string): Entry | undefined {
    const year = yearOf(date);
    const own = this.loaded.get(year);
    const hit = own?.get(date) ?? this.loaded.get(year - 1)?.get(date) ?? this.loaded.get(year + 1)?.get(date);
    if (hit || own) return hit;
    return this.builtin.get(date);
  }
}

/**
 * Validates one holiday-cn year file strictly and returns a clean copy (extra keys such as `$schema` dropped).
 * Every date must be a real 'YYYY-MM-DD' date listed once, inside `year` — except December of the previous
 * year or January of the next, because a New-Year holiday straddling the boundary is published in the
 * new year's file (holiday-cn 2023.json lists 2022-12-31).
 * Throws AppError 400 CALENDAR_FILE_INVALID whose `field` names the bad entry, e.g. `days[3].date`.
 */
export function parseHolidayCnYear(json: unknown): LoadedYear {
  if (!isObject(json)) throw fileInvalid(null, '文件内容必须是 JSON 对象', 'The file must be a JSON object');
  const { year, papers, days } = json;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1000 || year > 9999) {
    throw fileInvalid('year', 'year 必须是四位整数年份', 'year must be a four-digit integer');
  }
  if (!Array.isArray(papers)) throw fileInvalid('papers', 'papers 必须是数组', 'papers must be an array');
  papers.forEach((p, i) => {
    if (typeof p !== 'string')
      throw fileInvalid(`papers[${i}]`, 'papers 的元素必须是字符串', 'papers entries must be strings');
  });
  if (!Array.isArray(days)) throw fileInvalid('days', 'days 必须是数组', 'days must be an array');

  const seen = new Set<string>();
  const out: HolidayCnDay[] = days.map((d, i) => {
    const at = `days[${i}]`;
    if (!isObject(d)) throw fileInvalid(at, `${at} 必须是对象`, `${at} must be an object`);
    if (typeof d.name !== 'string' || d.name.trim() === '') {
      throw fileInvalid(`${at}.name`, `${at}.name 必须是非空字符串`, `${at}.name must be a non-empty string`);
    }
    if (!isIsoDate(d.date)) {
      throw fileInvalid(
        `${at}.date`,
        `${at}.date 必须是 YYYY-MM-DD 格式的有效日期`,
        `${at}.date must be a valid YYYY-MM-DD date`,
      );
    }
    if (!inYear(d.date, year)) {
      throw fileInvalid(
        `${at}.date`,
        `${at}.date（${d.date}）不在 ${year} 年内`,
        `${at}.date (${d.date}) is not in ${year}`,
      );
    }
    if (seen.has(d.date)) {
      throw fileInvalid(`${at}.date`, `${at}.date（${d.date}）重复`, `${at}.date (${d.date}) is listed twice`);
    }
    seen.add(d.date);
    if (typeof d.isOffDay !== 'boolean') {
      throw fileInvalid(`${at}.isOffDay`, `${at}.isOffDay 必须是布尔值`, `${at}.isOffDay must be a boolean`);
    }
    return { name: d.name, date: d.date, isOffDay: d.isOffDay };
  });
  return { year, papers: [...papers] as string[], days: out };
}

function inYear(date: string, year: number): boolean {
  const y = yearOf(date);
  const month = date.slice(5, 7);
  return y === year || (y === year - 1 && month === '12') || (y === year + 1 && month === '01');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fileInvalid(field: string | null, zh: string, en: string): AppError {
  return new AppError({
    code: 'CALENDAR_FILE_INVALID',
    status: 400,
    field,
    zh: `节假日文件无效：${zh}`,
    en: `Invalid holiday file: ${en}`,
  });
}
