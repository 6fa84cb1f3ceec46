/** The calendar as a platform service: tracked deadlines, the yearly load through API and CLI, the November warning. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { testDialects } from './db/testing.ts';
import { runCli, testApp } from '../server/testing.ts';

const dialects = await testDialects();
const fixture = path.resolve('test/fixtures/holiday-cn-2027-example.json');

async function track(t: Awaited<ReturnType<typeof testApp>>, id: string, start: string, days: number) {
  return t.k.db
    .transaction()
    .execute((tx) =>
      t.k.calendar.track(
        tx,
        t.clock.now(),
        { type: 'test_case', id, purpose: 'decision' },
        { unit: 'working_days', amount: days, start: new Date(start) },
      ),
    );
}

for (const dialect of dialects) {
  test(`[${dialect}] track keeps one row per subject and purpose, updated in place, with its pauses stored as JSON`, async () => {
    const t = await testApp(dialect, { start: '2026-12-01T03:00:00Z' });
    try {
      const subject = { type: 'test_case', id: 'p1', purpose: 'decision' };
      const pauses = [
        { from: new Date('2026-12-02T01:00:00Z'), to: new Date('2026-12-04T01:00:00Z') },
        { from: new Date('2026-12-10T01:00:00Z'), to: null },
      ];
      const tracked = (spec: { amount: number; pauses: typeof pauses }) =>
        t.k.db.transaction().execute((tx) =>
          t.k.calendar.track(tx, t.clock.now(), subject, {
            unit: 'working_days',
            start: new Date('2026-12-01T03:00:00Z'),
            ...spec,
          }),
        );
      const stored = async () => {
        const rows = await sql<{
          id: string;
          pauses_text: string;
          type: string;
          due_date: string | null;
          amount: number;
        }>`
          select id, cast(pauses as text) as pauses_text, ${
            dialect === 'sqlite' ? sql`json_type(pauses)` : sql`jsonb_typeof(pauses)`
          } as type, due_date, amount from kernel_deadlines where subject_id = 'p1'`.execute(t.k.db);
        assert.equal(rows.rows.length, 1);
        return rows.rows[0]!;
      };
      const first = await tracked({ amount: 10, pauses: [] });
      assert.equal(first.dueDate, '2026-12-15');
      let row = await stored();
      assert.deepEqual(
        [row.id, JSON.parse(row.pauses_text), row.type, row.due_date],
        [first.id, [], 'array', '2026-12-15'],
      );

      const second = await tracked({ amount: 8, pauses });
      assert.equal(second.id, first.id, 'kept under its first id');
      assert.equal(second.dueDate, null);
      row = await stored();
      assert.equal(row.type, 'array');
      assert.deepEqual(JSON.parse(row.pauses_text), [
        { from: '2026-12-02T01:00:00.000Z', to: '2026-12-04T01:00:00.000Z' },
        { from: '2026-12-10T01:00:00.000Z', to: null },
      ]);
      assert.deepEqual([row.due_date, Number(row.amount)], [null, 8]);
      const read = await t.k.db
        .selectFrom('kernel_deadlines')
        .select(['pauses', 'provisional'])
        .executeTakeFirstOrThrow();
      assert.deepEqual(read, { pauses: JSON.parse(row.pauses_text), provisional: false });
      assert.deepEqual(await t.k.calendar.getTracked(t.k.db, subject), second);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] a provisional 2027 deadline is recomputed when the 2027 schedule is loaded through the API`, async () => {
    const t = await testApp(dialect, { start: '2026-12-28T03:00:00Z' });
    try {
      const admin = await t.login('admin');
      const before = await track(t, 'c1', '2026-12-28T03:00:00Z', 10);
      assert.equal(before.provisional, true);
      assert.equal(before.dueDate, '2027-01-11', 'Mon–Fri counting: Dec 29–31, Jan 1, Jan 4–8, Jan 11');
      const settled = await track(t, 'c2', '2026-12-01T03:00:00Z', 5);
      assert.equal(settled.provisional, false);

      const status = (await t.app.inject({ url: '/api/v1/calendar/status', headers: admin })).json();
      assert.equal(status.provisionalDeadlines, 1);
      assert.match(status.warning.en, /2027/);

      const clerk = await t.login('clerk.jinshui');
      const denied = await t.app.inject({
        method: 'POST',
        url: '/api/v1/calendar/years',
        headers: clerk,
        payload: JSON.parse(fs.readFileSync(fixture, 'utf8')),
      });
      assert.equal(denied.statusCode, 403);
      const bad = await t.app.inject({
        method: 'POST',
        url: '/api/v1/calendar/years',
        headers: admin,
        payload: { year: 2027, papers: [], days: [{ name: 'x', date: '2027-13-01', isOffDay: true }] },
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.field, 'days[0].date');

      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/calendar/years',
        headers: admin,
        payload: JSON.parse(fs.readFileSync(fixture, 'utf8')),
      });
      assert.equal(r.statusCode, 200, r.body);
      assert.deepEqual(r.json(), { year: 2027, recomputed: 1, changed: 1 });
      const after = await t.k.calendar.getTracked(t.k.db, { type: 'test_case', id: 'c1', purpose: 'decision' });
      // Dec 29, 30, 31 (3), Jan 1–4 off, Jan 5–8 (7), Sat Jan 9 adjusted working day (8), Jan 11, 12 (10).
      assert.equal(after?.dueDate, '2027-01-12');
      assert.equal(after?.provisional, false);
      const again = (await t.app.inject({ url: '/api/v1/calendar/status', headers: admin })).json();
      assert.equal(again.provisionalDeadlines, 0);
      assert.equal(again.warning, null);
      assert.deepEqual(again.loadedYears, [2027]);
      const day = (await t.app.inject('/api/v1/calendar/days?from=2027-01-09&to=2027-01-09')).json().items[0];
      assert.deepEqual(day, { date: '2027-01-09', working: true, name: '元旦', provisional: false });
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] onewindow calendar load FILE does the same from the command line`, async () => {
    const t = await testApp(dialect, { start: '2026-12-28T03:00:00Z' });
    try {
      await track(t, 'c1', '2026-12-28T03:00:00Z', 10);
      const env = {
        ...process.env,
        ...t.db.env,
        ONEWINDOW_MODE: 'test',
        ONEWINDOW_DATA_KEY: t.k.config.dataKey!,
        ONEWINDOW_DATA_DIR: t.db.env.ONEWINDOW_DATA_DIR ?? t.dataDir,
      };
      const loaded = await runCli(env, 'calendar', 'load', fixture); // the command's main, in this process
      assert.equal(loaded.code, 0, loaded.stderr);
      assert.match(loaded.stdout, /loaded 2027: 1 deadlines recomputed, 1 changed/);
      const after = await t.k.calendar.getTracked(t.k.db, { type: 'test_case', id: 'c1', purpose: 'decision' });
      assert.equal(after?.dueDate, '2027-01-12');
      const bad = await runCli(env, 'calendar', 'load', 'no-such-file.json');
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /no such file/);
    } finally {
      await t.close();
    }
  });
}

test('deadlines over HTTP: 2026 National Day with the adjusted Saturday, and the start day is not counted', async () => {
  const t = await testApp('sqlite');
  try {
    const post = async (body: Record<string, unknown>) =>
      (await t.app.inject({ method: 'POST', url: '/api/v1/calendar/deadline', payload: body })).json();
    // Accepted Wednesday 2026-09-30 (Shanghai): Oct 1–7 are off, so 1 working day ends on Thursday Oct 8.
    assert.equal(
      (await post({ start: '2026-09-30T02:00:00Z', unit: 'working_days', amount: 1 })).dueDate,
      '2026-10-08',
    );
    // From Monday Sep 28: Sep 29, 30, Oct 8, 9, and Saturday Oct 10 (adjusted working day) → 5.
    assert.equal(
      (await post({ start: '2026-09-28T02:00:00Z', unit: 'working_days', amount: 5 })).dueDate,
      '2026-10-10',
    );
    const notice = await post({ start: '2026-12-25T02:00:00Z', unit: 'natural_days', amount: 20 });
    assert.equal(notice.dueDate, '2027-01-14');
    const hotline = await post({
      start: '2026-12-01T02:00:00Z',
      unit: 'natural_hours',
      amount: 24,
      pauses: [{ from: '2026-12-01T04:00:00Z', to: '2026-12-01T06:00:00Z' }],
    });
    assert.equal(hotline.dueAt, '2026-12-02T04:00:00.000Z');
    const paused = await post({
      start: '2026-12-01T02:00:00Z',
      unit: 'working_days',
      amount: 3,
      pauses: [{ from: '2026-12-02T01:00:00Z', to: null }],
    });
    assert.deepEqual(paused, { dueDate: null, dueAt: null, provisional: false, paused: true });
  } finally {
    await t.close();
  }
});

test('office hours are configured per region and inherited down the hierarchy', async () => {
  const t = await testApp('sqlite');
  try {
    const admin = await t.login('admin');
    const get = async (region: string) => (await t.app.inject(`/api/v1/calendar/office-hours/${region}`)).json();
    assert.equal((await get('410105')).configuredAt, null, 'the default applies before any configuration');
    const set = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/calendar/office-hours/410100',
      headers: admin,
      payload: {
        periods: [
          { from: '08:30', to: '12:00' },
          { from: '14:30', to: '18:00' },
        ],
      },
    });
    assert.equal(set.statusCode, 200, set.body);
    assert.equal((await get('410105')).configuredAt, '410100', '金水区 inherits 郑州市');
    assert.equal((await get('410302')).configuredAt, null, '洛阳 does not');
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/calendar/office-hours/410100',
      headers: admin,
      payload: { periods: [{ from: '12:00', to: '08:00' }] },
    });
    assert.equal(bad.statusCode, 400);
    // Friday 2026-12-04 11:00 Shanghai + 3 office hours in 金水区: 11:00–12:00 (1), 14:30–16:30 (2) → 16:30.
    const due = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/calendar/deadline',
        payload: { start: '2026-12-04T03:00:00Z', unit: 'office_hours', amount: 3, region: '410105' },
      })
    ).json();
    assert.equal(due.dueAt, '2026-12-04T08:30:00.000Z');
    // The same in 洛阳 (default 09–12, 13–17): 11–12 (1), 13–15 (2) → 15:00.
    const dueLy = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/calendar/deadline',
        payload: { start: '2026-12-04T03:00:00Z', unit: 'office_hours', amount: 3, region: '410302' },
      })
    ).json();
    assert.equal(dueLy.dueAt, '2026-12-04T07:00:00.000Z');
    const acts = await t.k.db
      .selectFrom('kernel_actions')
      .select('action')
      .where('subject_type', '=', 'kernel.office_hours')
      .execute();
    assert.deepEqual(
      acts.map((a) => a.action),
      ['set_office_hours'],
    );
  } finally {
    await t.close();
  }
});
