import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AppError } from '../errors.ts';
import {
  HolidaySchedule,
  ManualClock,
  addDays,
  addNaturalDays,
  addNaturalHours,
  addOfficeHours,
  addWorkingDays,
  parseHolidayCnYear,
  shanghaiDate,
  startOfShanghaiDay,
  workingDaysBetween,
  type Deadline,
  type LoadedYear,
} from './index.ts';

const builtin = new HolidaySchedule();
const at = (s: string) => new Date(s);
const refYear = (y: number): unknown =>
  JSON.parse(readFileSync(new URL(`../../../reference/holidays/${y}.json`, import.meta.url), 'utf8'));
const OFFICE = {
  periods: [
    { from: '09:00', to: '12:00' },
    { from: '13:00', to: '17:00' },
  ],
};

function due(d: Deadline): { dueDate: string; dueAt: string; provisional: boolean } {
  assert.equal(d.paused, false);
  if (d.paused) throw new Error('unreachable');
  return { dueDate: d.dueDate, dueAt: d.dueAt.toISOString(), provisional: d.provisional };
}

function assertFileError(json: unknown, field: string | null): void {
  assert.throws(
    () => parseHolidayCnYear(json),
    (e: unknown) =>
      e instanceof AppError && e.status === 400 && e.code === 'CALENDAR_FILE_INVALID' && e.field === field,
  );
}

// ---- built-in data vs holiday-cn ---------------------------------------------------------------

test('built-in chinese-days data agrees with holiday-cn on every date of 2020–2026', () => {
  const disagreements: string[] = [];
  for (let year = 2020; year <= 2026; year++) {
    const file = refYear(year) as { days: Array<{ date: string; isOffDay: boolean }> };
    const listed = new Map(file.days.map((d) => [d.date, d.isOffDay]));
    for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) {
      const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
      const expected = listed.has(d) ? !listed.get(d) : wd >= 1 && wd <= 5;
      if (builtin.isWorkingDay(d) !== expected)
        disagreements.push(`${d}: holiday-cn says ${expected ? 'working' : 'off'}`);
    }
  }
  assert.deepEqual(disagreements, []);
});

test('built-in official years are 2004–2026; 2027 is provisional', () => {
  const years = builtin.officialYears();
  assert.equal(years[0], 2004);
  assert.equal(years.at(-1), 2026);
  assert.equal(years.length, 23);
  assert.equal(builtin.hasOfficialData(2026), true);
  assert.equal(builtin.hasOfficialData(2027), false);
  assert.deepEqual(builtin.dayInfo('2027-03-01'), { date: '2027-03-01', working: true, name: null, provisional: true });
  assert.deepEqual(builtin.dayInfo('2027-03-06'), {
    date: '2027-03-06',
    working: false,
    name: null,
    provisional: true,
  });
});

test('every reference holiday-cn file parses, and loading them all reproduces the built-in calendar', () => {
  const fromFiles = new HolidaySchedule({ builtin: false });
  for (let year = 2020; year <= 2026; year++) fromFiles.loadYear(parseHolidayCnYear(refYear(year)));
  assert.deepEqual(fromFiles.officialYears(), [2020, 2021, 2022, 2023, 2024, 2025, 2026]);
  for (let d = '2020-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) {
    assert.equal(fromFiles.isWorkingDay(d), builtin.isWorkingDay(d), d);
  }
  // 2023.json lists 2022-12-31 (元旦 straddles the year); it is accepted and applies to that date.
  assert.deepEqual(fromFiles.dayInfo('2022-12-31'), {
    date: '2022-12-31',
    working: false,
    name: '元旦',
    provisional: false,
  });
});

test('dayInfo names holidays and adjusted working days', () => {
  assert.deepEqual(builtin.dayInfo('2026-10-01'), {
    date: '2026-10-01',
    working: false,
    name: '国庆节',
    provisional: false,
  });
  assert.deepEqual(builtin.dayInfo('2026-10-10'), {
    date: '2026-10-10',
    working: true,
    name: '国庆节',
    provisional: false,
  });
  assert.deepEqual(builtin.dayInfo('2026-03-04'), {
    date: '2026-03-04',
    working: true,
    name: null,
    provisional: false,
  });
});

// ---- 2026 National Day (Oct 1–7 off; Sun 09-20 and Sat 10-10 are adjusted working days) -----------

test('2026 National Day: 1 working day from 2026-09-30 is due 2026-10-08', () => {
  assert.deepEqual(due(addWorkingDays(builtin, at('2026-09-30T10:00:00+08:00'), 1)), {
    dueDate: '2026-10-08',
    dueAt: '2026-10-08T15:59:59.999Z', // 23:59:59.999 Shanghai
    provisional: false,
  });
});

test('2026 National Day: 5 working days from 2026-09-28 counts Sat 10-10 as a working day', () => {
  // Sep 29 (1), Sep 30 (2), Oct 1–7 off, Oct 8 (3), Oct 9 (4), Sat Oct 10 adjusted working day (5).
  assert.equal(due(addWorkingDays(builtin, at('2026-09-28T09:00:00+08:00'), 5)).dueDate, '2026-10-10');
  // Fri Sep 18 + 1: Sat 19 off, Sun Sep 20 is an adjusted working day.
  assert.equal(due(addWorkingDays(builtin, at('2026-09-18T09:00:00+08:00'), 1)).dueDate, '2026-09-20');
  assert.equal(workingDaysBetween(builtin, at('2026-09-30T12:00:00+08:00'), at('2026-10-10T12:00:00+08:00')), 3);
  assert.equal(workingDaysBetween(builtin, at('2026-10-10T12:00:00+08:00'), at('2026-09-30T12:00:00+08:00')), -3);
});

// ---- provisional years ---------------------------------------------------------------------------

test('a deadline running into 2027 is provisional until the 2027 schedule is loaded', () => {
  const schedule = new HolidaySchedule();
  const start = at('2026-12-28T10:00:00+08:00'); // Monday
  // Mon–Fri: Dec 29, 30, 31, Jan 1, 4, 5, 6, 7, 8, 11.
  assert.deepEqual(due(addWorkingDays(schedule, start, 10)), {
    dueDate: '2027-01-11',
    dueAt: '2027-01-11T15:59:59.999Z',
    provisional: true,
  });

  // A test fixture in holiday-cn format — NOT the real 2027 notice, which is not published yet.
  const fixture2027: LoadedYear = {
    year: 2027,
    papers: [],
    days: [
      { name: '元旦', date: '2027-01-01', isOffDay: true },
      { name: '元旦', date: '2027-01-02', isOffDay: true },
      { name: '元旦', date: '2027-01-03', isOffDay: true },
      { name: '春节', date: '2027-02-06', isOffDay: false },
    ],
  };
  schedule.loadYear(parseHolidayCnYear(fixture2027));
  assert.equal(schedule.hasOfficialData(2027), true);
  assert.deepEqual(schedule.dayInfo('2027-02-06'), {
    date: '2027-02-06',
    working: true,
    name: '春节',
    provisional: false,
  });
  // Jan 1 is now off, so the 10th working day moves to Tue Jan 12.
  assert.deepEqual(due(addWorkingDays(schedule, start, 10)), {
    dueDate: '2027-01-12',
    dueAt: '2027-01-12T15:59:59.999Z',
    provisional: false,
  });
});

test('a loaded year overrides the built-in data for that year', () => {
  const schedule = new HolidaySchedule();
  schedule.loadYear({ year: 2026, papers: [], days: [{ name: '测试', date: '2026-03-04', isOffDay: true }] });
  assert.equal(schedule.isWorkingDay('2026-03-04'), false);
  assert.equal(schedule.isWorkingDay('2026-10-01'), true); // the built-in 国庆节 no longer applies to 2026
  assert.equal(builtin.isWorkingDay('2026-03-04'), true);
});

// ---- working days, pauses, day of the event ------------------------------------------------------

test('the day of the event is not counted, in Shanghai time whatever the UTC date', () => {
  // Mon 2026-03-02 23:59 Shanghai → Tue.
  assert.equal(due(addWorkingDays(builtin, at('2026-03-02T23:59:00+08:00'), 1)).dueDate, '2026-03-03');
  // 2026-03-02T16:30Z is already Tue 00:30 in Shanghai → Wed.
  assert.equal(due(addWorkingDays(builtin, at('2026-03-02T16:30:00Z'), 1)).dueDate, '2026-03-04');
  // Fri + 1 → Mon.
  assert.equal(due(addWorkingDays(builtin, at('2026-03-06T09:00:00+08:00'), 1)).dueDate, '2026-03-09');
});

test('paused working days shift the deadline', () => {
  const start = at('2026-03-02T10:00:00+08:00'); // Monday
  assert.equal(due(addWorkingDays(builtin, start, 5)).dueDate, '2026-03-09');
  // Expert review Wed 10:00 → Thu 15:00 touches two working days: due two working days later.
  const review = { from: at('2026-03-04T10:00:00+08:00'), to: at('2026-03-05T15:00:00+08:00') };
  assert.equal(due(addWorkingDays(builtin, start, 5, [review])).dueDate, '2026-03-11');
  // A pause over the weekend only pauses no working day; one ending exactly at 00:00 does not touch that day.
  const weekend = { from: at('2026-03-07T00:00:00+08:00'), to: at('2026-03-09T00:00:00+08:00') };
  assert.equal(due(addWorkingDays(builtin, start, 5, [weekend])).dueDate, '2026-03-09');
});

test('an open pause leaves the deadline unknown, unless it starts after the deadline', () => {
  const start = at('2026-03-02T10:00:00+08:00');
  const open = { from: at('2026-03-04T10:00:00+08:00'), to: null };
  assert.deepEqual(addWorkingDays(builtin, start, 5, [open]), {
    dueDate: null,
    dueAt: null,
    provisional: false,
    paused: true,
  });
  const late = { from: at('2026-03-10T09:00:00+08:00'), to: null };
  assert.equal(due(addWorkingDays(builtin, start, 5, [late])).dueDate, '2026-03-09');
});

// ---- natural days and hours ----------------------------------------------------------------------

test('natural days run across month end and skip paused days', () => {
  assert.deepEqual(due(addNaturalDays(at('2026-01-20T15:00:00+08:00'), 20)), {
    dueDate: '2026-02-09',
    dueAt: '2026-02-09T15:59:59.999Z',
    provisional: false,
  });
  assert.equal(due(addNaturalDays(at('2026-02-20T09:00:00+08:00'), 10)).dueDate, '2026-03-02'); // 2026 is not a leap year
  assert.equal(due(addNaturalDays(at('2026-09-30T09:00:00+08:00'), 1)).dueDate, '2026-10-01'); // holidays count
  const pause = { from: at('2026-02-01T09:00:00+08:00'), to: at('2026-02-02T09:00:00+08:00') };
  assert.equal(due(addNaturalDays(at('2026-01-20T15:00:00+08:00'), 20, [pause])).dueDate, '2026-02-11');
});

test('natural hours: start + hours, extended by pauses', () => {
  const start = at('2026-03-02T10:00:00+08:00');
  assert.equal(due(addNaturalHours(start, 24)).dueAt, at('2026-03-03T10:00:00+08:00').toISOString());
  const night = { from: at('2026-03-02T20:00:00+08:00'), to: at('2026-03-03T02:00:00+08:00') };
  assert.deepEqual(due(addNaturalHours(start, 24, [night])), {
    dueDate: '2026-03-03',
    dueAt: at('2026-03-03T16:00:00+08:00').toISOString(),
    provisional: false,
  });
  // A pause already running at the start counts only from the start; one after the deadline is ignored.
  const earlier = { from: at('2026-03-02T08:00:00+08:00'), to: at('2026-03-02T12:00:00+08:00') };
  const after = { from: at('2026-03-04T00:00:00+08:00'), to: null };
  assert.equal(due(addNaturalHours(start, 24, [earlier, after])).dueAt, at('2026-03-03T12:00:00+08:00').toISOString());
  assert.equal(addNaturalHours(start, 24, [{ from: at('2026-03-02T11:00:00+08:00'), to: null }]).paused, true);
});

// ---- office hours --------------------------------------------------------------------------------

test('office hours skip lunch, evenings and weekends', () => {
  // Fri 11:00: 1 h before lunch, 4 h afternoon, weekend, Mon 09:00–10:00.
  assert.deepEqual(due(addOfficeHours(builtin, at('2026-03-06T11:00:00+08:00'), 6, OFFICE)), {
    dueDate: '2026-03-09',
    dueAt: at('2026-03-09T10:00:00+08:00').toISOString(),
    provisional: false,
  });
  assert.equal(
    due(addOfficeHours(builtin, at('2026-03-03T11:30:00+08:00'), 1, OFFICE)).dueAt,
    at('2026-03-03T13:30:00+08:00').toISOString(),
  );
  // Starting in the evening: counting begins next morning.
  assert.equal(
    due(addOfficeHours(builtin, at('2026-03-05T20:00:00+08:00'), 2, OFFICE)).dueAt,
    at('2026-03-06T11:00:00+08:00').toISOString(),
  );
  // Ending exactly at 17:00 stays on that day.
  assert.equal(
    due(addOfficeHours(builtin, at('2026-03-03T09:00:00+08:00'), 7, OFFICE)).dueAt,
    at('2026-03-03T17:00:00+08:00').toISOString(),
  );
  // Holidays are skipped: Wed 09-30 16:00 + 2 h → Thu 10-08 10:00.
  assert.equal(
    due(addOfficeHours(builtin, at('2026-09-30T16:00:00+08:00'), 2, OFFICE)).dueAt,
    at('2026-10-08T10:00:00+08:00').toISOString(),
  );
});

test('office hours exclude paused time', () => {
  const pause = { from: at('2026-03-03T10:00:00+08:00'), to: at('2026-03-03T14:00:00+08:00') };
  // Tue 09:00: 09–10 (1 h), paused to 14:00, 14–17 (3 h) → 4 h done at 17:00; 1 more h → Wed 10:00.
  assert.equal(
    due(addOfficeHours(builtin, at('2026-03-03T09:00:00+08:00'), 5, OFFICE, [pause])).dueAt,
    at('2026-03-04T10:00:00+08:00').toISOString(),
  );
  const open = { from: at('2026-03-03T18:00:00+08:00'), to: null };
  assert.equal(addOfficeHours(builtin, at('2026-03-03T09:00:00+08:00'), 8, OFFICE, [open]).paused, true);
  assert.equal(due(addOfficeHours(builtin, at('2026-03-03T09:00:00+08:00'), 7, OFFICE, [open])).dueDate, '2026-03-03');
});

test('bad office hours and arguments are rejected with the field', () => {
  const field = (fn: () => unknown, f: string) =>
    assert.throws(fn, (e: unknown) => e instanceof AppError && e.status === 400 && e.field === f);
  const start = at('2026-03-03T09:00:00+08:00');
  field(
    () => addOfficeHours(builtin, start, 1, { periods: [{ from: '9:00', to: '12:00' }] }),
    'officeHours.periods[0].from',
  );
  field(
    () =>
      addOfficeHours(builtin, start, 1, {
        periods: [
          { from: '13:00', to: '17:00' },
          { from: '09:00', to: '12:00' },
        ],
      }),
    'officeHours.periods[1]',
  );
  field(() => addWorkingDays(builtin, start, 1.5), 'days');
  field(() => addNaturalHours(start, -1), 'hours');
  field(() => addNaturalDays(start, 1, [{ from: start, to: at('2026-03-01T00:00:00Z') }]), 'pauses[0].to');
});

// ---- holiday-cn parsing --------------------------------------------------------------------------

test('parse errors name the bad field', () => {
  const day = (date: string, isOffDay: unknown = true) => ({ name: '元旦', date, isOffDay });
  const file = (days: unknown[], year: unknown = 2027) => ({ year, papers: [], days });
  const ok = [day('2027-01-01'), day('2027-01-02'), day('2027-01-03')];
  assert.equal(parseHolidayCnYear(file(ok)).days.length, 3);

  assertFileError(null, null);
  assertFileError(file(ok, 2027.5), 'year');
  assertFileError(file(ok, '2027'), 'year');
  assertFileError({ year: 2027, days: ok }, 'papers');
  assertFileError({ year: 2027, papers: [] }, 'days');
  assertFileError(file([...ok, day('2027-1-04')]), 'days[3].date');
  assertFileError(file([...ok, day('2027-02-30')]), 'days[3].date');
  assertFileError(file([...ok, day('2027-01-02')]), 'days[3].date'); // duplicate
  assertFileError(file([...ok, day('2026-06-01')]), 'days[3].date'); // outside the year
  assertFileError(file([...ok, day('2027-01-09', 'false')]), 'days[3].isOffDay');
  assertFileError(file([...ok, { date: '2027-01-09', isOffDay: false }]), 'days[3].name');
  assertFileError(file([...ok, 'x']), 'days[3]');
  // loadYear validates too.
  assert.throws(() => new HolidaySchedule().loadYear(file([day('2029-01-01')]) as LoadedYear), AppError);
});

// ---- helpers and clock ---------------------------------------------------------------------------

test('Shanghai date helpers use UTC+8 regardless of the machine TZ', () => {
  assert.equal(shanghaiDate(at('2026-03-02T15:59:59.999Z')), '2026-03-02');
  assert.equal(shanghaiDate(at('2026-03-02T16:00:00Z')), '2026-03-03');
  assert.equal(startOfShanghaiDay('2026-03-03').toISOString(), '2026-03-02T16:00:00.000Z');
  assert.equal(addDays('2024-02-28', 1), '2024-02-29');
  assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  assert.equal(addDays('2026-03-01', -1), '2026-02-28');
  assert.throws(() => startOfShanghaiDay('2026-02-29'), AppError);
});

test('ManualClock moves only when told', () => {
  const clock = new ManualClock('2026-03-02T10:00:00+08:00');
  const t = clock.now();
  t.setTime(0); // callers cannot move the clock through the returned Date
  assert.equal(clock.now().toISOString(), '2026-03-02T02:00:00.000Z');
  clock.advance(3_600_000);
  assert.equal(clock.now().toISOString(), '2026-03-02T03:00:00.000Z');
  clock.advanceDays(2);
  assert.equal(shanghaiDate(clock.now()), '2026-03-04');
  clock.set(new Date('2027-01-01T00:00:00Z'));
  assert.equal(clock.now().toISOString(), '2027-01-01T00:00:00.000Z');
  assert.throws(() => new ManualClock('not a date'), RangeError);
});
