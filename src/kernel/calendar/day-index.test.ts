// The indexed working-day counting (day-index.ts, used by addWorkingDays, addNaturalDays and workingDaysBetween)
// against the day-by-day walk it replaced, kept here as the reference: random starts, spans and pauses across year
// boundaries, holiday periods, make-up working days, loaded and provisional years.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  HolidaySchedule,
  addDays,
  addNaturalDays,
  addWorkingDays,
  endOfShanghaiDay,
  shanghaiDate,
  startOfShanghaiDay,
  workingDaysBetween,
  type Deadline,
  type PauseInterval,
} from './index.ts';
import { shanghaiDay } from './dates.ts';
import { dayNumber } from './day-index.ts';

// ----- the walking implementation, as it was ---------------------------------------------------------------------

function walkBetween(schedule: HolidaySchedule, from: Date, to: Date): number {
  const a = shanghaiDate(from);
  const b = shanghaiDate(to);
  if (b < a) return -walkBetween(schedule, to, from);
  let n = 0;
  for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (schedule.isWorkingDay(d)) n++;
  return n;
}

function walkCount(start: Date, days: number, pauses: PauseInterval[], schedule: HolidaySchedule | null): Deadline {
  const ps = pauses
    .map((p) => ({ from: p.from.getTime(), to: p.to === null ? Infinity : p.to.getTime() }))
    .filter((p) => p.to > p.from)
    .sort((x, y) => x.from - y.from);
  let date = shanghaiDate(start);
  let provisional = false;
  for (let left = days; left > 0;) {
    date = addDays(date, 1);
    const info = schedule?.dayInfo(date);
    provisional ||= info?.provisional ?? false;
    if (info && !info.working) continue;
    const dayStart = startOfShanghaiDay(date).getTime();
    const p = ps.find((q) => q.from < dayStart + 86_400_000 && q.to > dayStart);
    if (p?.to === Infinity) return { dueDate: null, dueAt: null, provisional, paused: true };
    if (!p) left--;
  }
  return { dueDate: date, dueAt: endOfShanghaiDay(date), provisional, paused: false };
}

// ----- schedules --------------------------------------------------------------------------------------------------

const builtin = new HolidaySchedule();

/** Built-in data plus a made-up 2027 (not official data): a New-Year holiday from 2026-12-31, make-up Saturdays. */
const withLoaded = new HolidaySchedule();
withLoaded.loadYear({
  year: 2027,
  papers: [],
  days: [
    { name: '元旦', date: '2026-12-31', isOffDay: true },
    { name: '元旦', date: '2027-01-01', isOffDay: true },
    { name: '元旦', date: '2027-01-02', isOffDay: false },
    { name: '春节', date: '2027-02-05', isOffDay: true },
    { name: '春节', date: '2027-02-08', isOffDay: true },
    { name: '春节', date: '2027-02-09', isOffDay: true },
    { name: '春节', date: '2027-02-13', isOffDay: false },
    { name: '国庆节', date: '2027-10-01', isOffDay: true },
    { name: '国庆节', date: '2027-10-04', isOffDay: true },
    { name: '国庆节', date: '2027-10-09', isOffDay: false },
    { name: '元旦', date: '2028-01-01', isOffDay: true },
  ],
});

/** No built-in data: only one loaded year, everything else provisional. */
const sparse = new HolidaySchedule({ builtin: false });
sparse.loadYear({
  year: 2023,
  papers: [],
  days: [
    { name: '元旦', date: '2022-12-31', isOffDay: true },
    { name: '元旦', date: '2023-01-02', isOffDay: true },
    { name: '春节', date: '2023-01-21', isOffDay: true },
    { name: '春节', date: '2023-01-28', isOffDay: false },
    { name: '春节', date: '2023-01-29', isOffDay: false },
  ],
});

const schedules = [
  ['built-in', builtin],
  ['loaded 2027', withLoaded],
  ['sparse', sparse],
] as const;

// ----- generators -------------------------------------------------------------------------------------------------

const DAY = 86_400_000;
const FROM = Date.parse('2001-06-01T00:00:00+08:00');
const TO = Date.parse('2031-06-01T00:00:00+08:00');

/** Any instant, or a Shanghai midnight (the boundary of the half-open rules), or one millisecond either side. */
const instantNear = (base: fc.Arbitrary<number>) =>
  fc
    .tuple(base, fc.constantFrom('any', 'midnight', 'before', 'after'), fc.integer({ min: 0, max: DAY - 1 }))
    .map(([t, kind, ms]) => {
      const midnight = startOfShanghaiDay(shanghaiDate(new Date(t))).getTime();
      if (kind === 'midnight') return midnight;
      if (kind === 'before') return midnight - 1;
      if (kind === 'after') return midnight + 1;
      return midnight + ms;
    });
const instant = instantNear(fc.integer({ min: FROM, max: TO }));

/** A start, and pauses around it (some open, some empty, some overlapping). */
const startAndPauses = fc
  .integer({ min: FROM, max: TO })
  .chain((s) =>
    fc.tuple(
      instantNear(fc.constant(s)),
      fc.array(
        fc.tuple(
          instantNear(fc.integer({ min: s - 40 * DAY, max: s + 500 * DAY })),
          fc.option(fc.integer({ min: 0, max: 90 * DAY }), { freq: 6 }),
          fc.constantFrom('any', 'midnight'),
        ),
        { maxLength: 4 },
      ),
    ),
  );

const toPauses = (ps: Array<[number, number | null, string]>): PauseInterval[] =>
  ps.map(([from, len, kind]) => ({
    from: new Date(from),
    to: len === null ? null : new Date(kind === 'midnight' ? from + Math.round(len / DAY) * DAY : from + len),
  }));

const RUNS = { numRuns: 400, seed: 20261207 };

// ----- properties -------------------------------------------------------------------------------------------------

for (const [name, schedule] of schedules) {
  test(`workingDaysBetween (${name}) equals the day-by-day count, both directions`, () => {
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        const from = new Date(a);
        const to = new Date(b);
        assert.equal(workingDaysBetween(schedule, from, to), walkBetween(schedule, from, to));
      }),
      RUNS,
    );
  });

  test(`addWorkingDays (${name}) equals the day-by-day walk, with pauses and the provisional flag`, () => {
    fc.assert(
      fc.property(startAndPauses, fc.integer({ min: 0, max: 2600 }), ([start, ps], days) => {
        const pauses = toPauses(ps);
        assert.deepEqual(
          addWorkingDays(schedule, new Date(start), days, pauses),
          walkCount(new Date(start), days, pauses, schedule),
        );
      }),
      RUNS,
    );
  });
}

test('addNaturalDays equals the day-by-day walk, with pauses', () => {
  fc.assert(
    fc.property(startAndPauses, fc.integer({ min: 0, max: 3000 }), ([start, ps], days) => {
      const pauses = toPauses(ps);
      assert.deepEqual(addNaturalDays(new Date(start), days, pauses), walkCount(new Date(start), days, pauses, null));
    }),
    RUNS,
  );
});

test('spans far outside the loaded years (provisional Monday–Friday) count as the walk does', () => {
  const cases: Array<[string, string]> = [
    ['1995-03-01T10:00:00+08:00', '2008-02-01T10:00:00+08:00'],
    ['2024-12-30T23:59:59+08:00', '2041-01-02T00:00:00+08:00'],
    ['0999-12-31T12:00:00+08:00', '1001-01-02T12:00:00+08:00'],
  ];
  for (const [a, b] of cases) {
    for (const [, s] of schedules) assert.equal(workingDaysBetween(s, at(a), at(b)), walkBetween(s, at(a), at(b)));
  }
  assert.deepEqual(addWorkingDays(sparse, at(cases[1][0]), 4000), walkCount(at(cases[1][0]), 4000, [], sparse));
});

test('loading a year after counting recounts with the new year (the index is rebuilt)', () => {
  const s = new HolidaySchedule({ builtin: false });
  const start = at('2029-09-28T09:00:00+08:00');
  const end = at('2029-10-12T09:00:00+08:00');
  const before = addWorkingDays(s, start, 5);
  assert.equal(before.provisional, true);
  assert.equal(workingDaysBetween(s, start, end), 10);
  s.loadYear({
    year: 2029,
    papers: [],
    days: ['2029-10-01', '2029-10-02', '2029-10-03', '2029-10-04', '2029-10-05'].map((date) => ({
      name: '国庆节',
      date,
      isOffDay: true,
    })),
  });
  const after = addWorkingDays(s, start, 5);
  assert.deepEqual(after, walkCount(start, 5, [], s));
  assert.equal(after.dueDate, '2029-10-12');
  assert.equal(after.provisional, false);
  assert.equal(workingDaysBetween(s, start, end), 5);
});

test('an open pause under an earlier closed one stops the walk only where the closed one no longer touches', () => {
  // 2023 is official in `sparse`, 2024 is not: where the walk stops decides the provisional flag.
  const start = at('2023-12-18T10:00:00+08:00');
  const pauses = [
    { from: at('2023-12-20T09:00:00+08:00'), to: at('2024-01-03T00:00:00+08:00') },
    { from: at('2023-12-29T09:00:00+08:00'), to: null },
  ];
  const d = addWorkingDays(sparse, start, 10, pauses);
  assert.deepEqual(d, walkCount(start, 10, pauses, sparse));
  assert.deepEqual(d, { dueDate: null, dueAt: null, provisional: true, paused: true });
  const early = addWorkingDays(sparse, start, 10, [pauses[1]!]);
  assert.deepEqual(early, { dueDate: null, dueAt: null, provisional: false, paused: true });
});

test('a date past 9999-12-31 is refused as the walk refused it', () => {
  assert.throws(() => addWorkingDays(builtin, at('9999-12-20T00:00:00+08:00'), 30), { code: 'CALENDAR_DATE_INVALID' });
});

function at(s: string): Date {
  return new Date(s);
}

test('shanghaiDay is the day number of the Shanghai date, at every instant (midnights, before 1970, far years)', () => {
  const at = (iso: string) => dayNumber(shanghaiDate(new Date(iso)));
  for (const iso of [
    '2026-09-30T15:59:59.999Z',
    '2026-09-30T16:00:00.000Z',
    '1969-12-31T16:00:00Z',
    '1969-12-31T15:59:59Z',
  ])
    assert.equal(shanghaiDay(new Date(iso)), at(iso), iso);
  fc.assert(
    fc.property(fc.integer({ min: -2_000_000_000_000, max: 8_000_000_000_000 }), (t) => {
      assert.equal(shanghaiDay(new Date(t)), dayNumber(shanghaiDate(new Date(t))));
    }),
  );
  assert.throws(() => shanghaiDay(new Date(NaN)), /Invalid instant/);
});
