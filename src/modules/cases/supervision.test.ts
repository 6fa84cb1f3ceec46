/** E-supervision through the public API, on every dialect: per-region limits, lights, flags, statistics, access. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp, type TestApp, ok } from '../../server/testing.ts';
import { JobRunner } from '../../kernel/jobs.ts';
import type { ActionRecord } from '../../kernel/audit.ts';
import { FILLED, addAccount, publishedItem } from './test-fixtures.ts';
import { lightJobs, raiseLights } from './lights.ts';
import { deemAcceptedIfOverdue } from './deemed.ts';
import { flagsOf, requiresTwoPeople } from './flags.ts';
import { ROUTED_ACTIONS } from './lifecycle.ts';

const dialects = await testDialects();
type Headers = Record<string, string>;

function api(t: TestApp) {
  const get = (h: Headers, url: string) => t.app.inject({ method: 'GET', url, headers: h });
  return {
    get,
    file: (h: Headers, itemId: string, region = '410105') =>
      ok(
        t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: h, payload: { itemId, region, form: FILLED } }),
        201,
      ),
    move: (h: Headers, c: { id: string; version: number }, action: string, extra: Record<string, unknown> = {}) =>
      ok(
        t.app.inject({
          method: 'POST',
          url: `/api/v1/cases/${c.id}/${action}`,
          headers: h,
          payload: { version: c.version, ...extra },
        }),
      ),
    flags: async (h: Headers, id: string) =>
      ((await ok(get(h, `/api/v1/cases/${id}/flags`))).items as any[]).map((f) => f.code),
    putLimits: (h: Headers, region: string, limits: Record<string, number | null>) =>
      t.app.inject({ method: 'PUT', url: `/api/v1/calendar/limits/${region}`, headers: h, payload: { limits } }),
  };
}

const supplementItems = [{ ref: 'application', description: '申请书缺少签字' }];

for (const dialect of dialects) {
  test(`[${dialect}] per-region limits: a city's override of the acceptance limit applies to its counties, audited; bad values refused`, async () => {
    const t = await testApp(dialect); // Tue 2026-12-01 10:00 Shanghai
    try {
      const a = api(t);
      const { itemId } = await publishedItem(t);
      const admin = await t.login('admin');
      const citizen = await t.login('citizen.demo');
      const acceptance = (c: any) => c.deadlines.find((d: any) => d.purpose === 'acceptance').dueDate;
      assert.equal(acceptance(await a.file(citizen, itemId)), '2026-12-08'); // the default, 5 working days

      // The province sets 4, Zhengzhou 3: a case in Jinshui (410105) uses Zhengzhou's.
      await ok(a.putLimits(admin, '410000', { 'cases.acceptance_days': 4 }));
      const set = await ok(a.putLimits(admin, '410100', { 'cases.acceptance_days': 3, 'cases.yellow_at': 3 }));
      const row = (name: string) => set.limits.find((l: any) => l.name === name);
      assert.deepEqual([row('cases.acceptance_days').value, row('cases.acceptance_days').configuredAt], [3, '410100']);
      assert.equal(row('cases.acceptance_days').label.zh, '受理期限（工作日）');
      const seen = await ok(a.get(citizen, '/api/v1/calendar/limits/410105'));
      assert.equal(seen.limits.find((l: any) => l.name === 'cases.acceptance_days').configuredAt, '410100');
      const luoyang = await ok(a.get(citizen, '/api/v1/calendar/limits/410300'));
      assert.deepEqual(
        luoyang.limits.find((l: any) => l.name === 'cases.acceptance_days'),
        {
          name: 'cases.acceptance_days',
          label: { zh: '受理期限（工作日）', en: 'Acceptance limit (working days)' },
          value: 4,
          configuredAt: '410000',
          default: 5,
          min: 1,
          max: 5,
        },
      );
      const c = await a.file(citizen, itemId);
      assert.equal(acceptance(c), '2026-12-04'); // Wed, Thu, Fri
      // Yellow at ≤ 3 working days left in Zhengzhou: Wed, Thu and Fri are left on Tue.
      assert.equal(c.deadlines.find((d: any) => d.purpose === 'acceptance').light, 'yellow');

      // Removing Zhengzhou's override falls back to the province.
      await ok(a.putLimits(admin, '410100', { 'cases.acceptance_days': null }));
      assert.equal(acceptance(await a.file(citizen, itemId)), '2026-12-07');

      // Audited, with the event.
      const actions = await t.k.db
        .selectFrom('kernel_actions')
        .select(['subject_id', 'action'])
        .where('subject_type', '=', 'kernel.region_limits')
        .execute();
      assert.equal(actions.length, 3);
      const events = await t.k.db
        .selectFrom('kernel_outbox')
        .select('type')
        .where('type', '=', 'kernel.region_limits.changed')
        .execute();
      assert.equal(events.length, 3);

      // Office hours set later keep the limits (one row per region holds both).
      const hours = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/calendar/office-hours/410100',
        headers: admin,
        payload: { periods: [{ from: '08:30', to: '17:30' }] },
      });
      assert.equal(hours.statusCode, 200, hours.body);
      const after = await ok(a.get(citizen, '/api/v1/calendar/limits/410105'));
      assert.equal(after.limits.find((l: any) => l.name === 'cases.yellow_at').value, 3);

      // Refusals: unknown name, out of range, not an administrator.
      const unknown = await a.putLimits(admin, '410100', { 'cases.nonsense': 3 });
      assert.equal(unknown.statusCode, 400);
      assert.equal(unknown.json().error.code, 'REGION_LIMIT_UNKNOWN');
      const range = await a.putLimits(admin, '410100', { 'cases.acceptance_days': 9 });
      assert.equal(range.statusCode, 400);
      assert.equal(range.json().error.code, 'REGION_LIMIT_OUT_OF_RANGE');
      assert.equal(range.json().error.field, 'limits.cases.acceptance_days');
      const lead = await t.login('lead.zhengzhou');
      assert.equal((await a.putLimits(lead, '410100', { 'cases.acceptance_days': 2 })).statusCode, 403);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] lights: yellow then red raised once each as the clock passes a weekend, with their events`, async () => {
    const t = await testApp(dialect, { start: '2026-12-07T02:00:00Z' }); // Mon 10:00 Shanghai
    try {
      const a = api(t);
      const { itemId } = await publishedItem(t);
      const c = await a.file(await t.login('citizen.demo'), itemId);
      assert.equal(c.deadlines.find((d: any) => d.purpose === 'acceptance').dueDate, '2026-12-14'); // next Monday
      const runner = new JobRunner({ db: t.k.db, adapter: t.k.adapter, clock: t.clock });
      for (const [kind, handler] of Object.entries(lightJobs(t.k))) runner.register(kind, handler);
      const events = async (type: string) =>
        t.k.db
          .selectFrom('kernel_outbox')
          .select(['type', 'payload'])
          .where('subject_id', '=', c.id)
          .where('type', '=', type)
          .execute();

      t.clock.set('2026-12-10T02:00:00Z'); // Thu: two working days left (Fri, Mon)
      assert.equal((await runner.runOnce()).claimed, 0);
      t.clock.set('2026-12-11T02:00:00Z'); // Fri: one left
      assert.deepEqual((await runner.runOnce()).done, 1);
      const yellow = await events('cases.case.deadline_yellow');
      assert.equal(yellow.length, 1);
      const payload = typeof yellow[0].payload === 'string' ? JSON.parse(yellow[0].payload) : yellow[0].payload;
      assert.deepEqual(
        { ...payload, due: typeof payload.due },
        {
          id: c.id,
          number: c.number,
          region: '410105',
          department: '410105-SCJG',
          purpose: 'acceptance',
          due: 'string',
          assignee: null,
        },
      );
      assert.equal(new Date(payload.due).toISOString(), '2026-12-14T15:59:59.999Z');
      t.clock.set('2026-12-12T02:00:00Z'); // Saturday, then Sunday and Monday itself: still yellow, nothing new
      assert.equal((await runner.runOnce()).claimed, 0);
      t.clock.set('2026-12-14T15:00:00Z');
      assert.equal((await runner.runOnce()).claimed, 0);
      t.clock.set('2026-12-15T01:00:00Z'); // Tue: overdue
      assert.equal((await runner.runOnce()).done, 1);
      assert.equal((await events('cases.case.deadline_red')).length, 1);
      // Again (at-least-once jobs, a manual run): nothing raised twice, nothing more scheduled.
      assert.deepEqual(await raiseLights(t.k, c.id, t.clock.now()), []);
      t.clock.set('2026-12-20T01:00:00Z');
      assert.equal((await runner.runOnce()).claimed, 0);
      assert.equal((await events('cases.case.deadline_yellow')).length, 1);
      assert.equal((await events('cases.case.deadline_red')).length, 1);
      const tl = await ok(a.get(await t.login('clerk.jinshui'), `/api/v1/cases/${c.id}/timeline`));
      assert.deepEqual(
        tl.items.filter((i: any) => i.action.startsWith('deadline_')).map((i: any) => i.label.zh),
        ['期限黄灯预警', '期限红灯（已逾期）'],
      );
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] flags: repeated supplement, same person, outside office hours, idle, deemed — in words`, async () => {
    const t = await testApp(dialect); // Tue 2026-12-01 10:00 Shanghai
    try {
      const a = api(t);
      const { itemId } = await publishedItem(t);
      const citizen = await t.login('citizen.demo');
      const lead = await t.login('lead.zhengzhou');
      let clerk = await t.login('clerk.jinshui');

      // Accepted, reviewed and granted by the one lead: same person.
      const same = await a.file(citizen, itemId);
      let s = await a.move(lead, same, 'accept');
      s = await a.move(lead, s, 'start_review');
      await a.move(lead, s, 'grant');

      // Two supplement notices.
      let rep = await a.file(citizen, itemId);
      rep = await a.move(clerk, rep, 'request_supplement', { items: supplementItems });
      rep = await a.move(citizen, rep, 'resubmit');
      await a.move(lead, rep, 'request_further_supplement', { reason: '仍缺签字', items: supplementItems });

      const idle = await a.file(citizen, itemId);
      const late = await a.file(citizen, itemId);

      // Accepted at 23:00 Shanghai.
      t.clock.set('2026-12-01T15:00:00Z');
      clerk = await t.login('clerk.jinshui');
      await a.move(clerk, late, 'accept');

      const supervisor = await t.login('supervisor.province');
      assert.deepEqual(await a.flags(supervisor, same.id), ['same_person_accept_decide']);
      assert.deepEqual(await a.flags(supervisor, rep.id), ['repeated_supplement']);
      assert.deepEqual(await a.flags(supervisor, late.id), ['outside_office_hours']);
      assert.deepEqual(await a.flags(supervisor, idle.id), []);
      const words = await ok(a.get(supervisor, `/api/v1/cases/${late.id}/flags`));
      assert.deepEqual(words.items[0].label, { zh: '非工作时间办理', en: 'Handled outside office hours' });

      // Idle: nobody acted for more than 5 working days (Wed 2 … Tue 8 Dec is 5; Wed 9 is 6).
      t.clock.set('2026-12-08T02:00:00Z');
      assert.deepEqual(await a.flags(await t.login('supervisor.province'), idle.id), []);
      t.clock.set('2026-12-09T02:00:00Z');
      assert.deepEqual(await a.flags(await t.login('supervisor.province'), idle.id), ['idle']);
      // Zhengzhou allows 10 idle days: no longer flagged.
      await ok(a.putLimits(await t.login('admin'), '410100', { 'cases.idle_days': 10 }));
      assert.deepEqual(await a.flags(await t.login('supervisor.province'), idle.id), []);

      // Deemed acceptance (the job's move).
      assert.equal(await deemAcceptedIfOverdue(t.k, idle.id, t.clock.now()), true);
      assert.deepEqual(await a.flags(await t.login('supervisor.province'), idle.id), ['deemed_accepted']);

      // The two the lifecycle cannot produce today (a decision without review, a reversal), from constructed rows.
      const row = await t.k.db
        .selectFrom('cases_cases')
        .selectAll()
        .where('id', '=', same.id)
        .executeTakeFirstOrThrow();
      const act = (action: string, actorId: string, at = '2026-12-01T02:30:00.000Z'): ActionRecord => ({
        id: action,
        at,
        actorId,
        actorRole: 'approver',
        onBehalfOf: null,
        action,
        subjectType: 'cases.case',
        subjectId: row.id,
        reason: null,
        ruleVersion: null,
        beforeDigest: null,
        afterDigest: null,
        chain: 0,
        position: 0,
      });
      const now = new Date('2026-12-01T03:00:00Z');
      assert.deepEqual(flagsOf(t.k, row, [act('accept', 'u1'), act('grant', 'u2')], now, true), [
        'decision_without_review',
      ]);
      assert.deepEqual(
        flagsOf(
          t.k,
          row,
          [act('accept', 'u1'), act('start_review', 'u2'), act('grant', 'u3'), act('deny', 'u3')],
          now,
          true,
        ),
        ['decision_reversed'],
      );
      assert.deepEqual(
        flagsOf(
          t.k,
          row,
          [act('accept', 'u1'), act('start_review', 'u2'), act('grant', 'u3'), act('revoke', 'u3')],
          now,
          true,
        ),
        ['decision_reversed'],
      );
      // Saturday is outside office hours whatever the time.
      assert.deepEqual(
        flagsOf(
          t.k,
          row,
          [act('accept', 'u1', '2026-12-05T02:00:00.000Z'), act('start_review', 'u2'), act('grant', 'u3')],
          now,
          true,
        ),
        ['outside_office_hours'],
      );
      // One person accepting and deciding is irregular only where the process gives the two steps to different roles.
      const alone = [act('accept', 'u1'), act('start_review', 'u1'), act('grant', 'u1')];
      assert.deepEqual(flagsOf(t.k, row, alone, now, true), ['same_person_accept_decide']);
      assert.deepEqual(flagsOf(t.k, row, alone, now, false), []);
      const step = (key: string, role: 'window_clerk' | 'approver') => ({
        key,
        name: key,
        role,
        days: 0,
        parallelGroup: null,
      });
      assert.equal(requiresTwoPeople([step('accept', 'window_clerk'), step('decide', 'approver')]), true);
      assert.equal(requiresTwoPeople([step('accept', 'window_clerk'), step('decide', 'window_clerk')]), false);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] statistics on a known set; a Zhengzhou supervisor sees nothing of Luoyang; a discipline inspector reads but cannot act`, async () => {
    const t = await testApp(dialect); // Tue 2026-12-01 10:00 Shanghai
    try {
      const a = api(t);
      const { itemId } = await publishedItem(t);
      await addAccount(t, 'reviewer.luoyang', ['reviewer'], '410300', '410300-SCJG');
      await addAccount(t, 'lead.luoyang', ['department_lead'], '410300', '410300-SCJG');
      const ly = await publishedItem(t, {
        department: '410300-SCJG',
        editor: 'reviewer.luoyang',
        publisher: 'lead.luoyang',
      });
      const citizen = await t.login('citizen.demo');
      const clerk = await t.login('clerk.jinshui');
      let lead = await t.login('lead.zhengzhou');
      const reviewer = await t.login('reviewer.zhengzhou');

      let granted = await a.file(citizen, itemId); // accepted and decided by the lead: flagged
      granted = await a.move(lead, granted, 'accept');
      granted = await a.move(reviewer, granted, 'start_review');
      const refused = await a.file(citizen, itemId);
      await a.move(clerk, refused, 'refuse', {
        reason: '不属于本机关职权范围',
        legalBasis: '《行政许可法》第三十二条',
      });
      let withdrawn = await a.file(citizen, itemId);
      withdrawn = await a.move(clerk, withdrawn, 'request_supplement', { items: supplementItems });
      await a.move(citizen, withdrawn, 'withdraw', { reason: '不再申请' });
      await a.file(citizen, itemId); // open, green
      const away = await a.file(citizen, ly.itemId, '410300');

      t.clock.set('2026-12-03T02:00:00Z'); // Thu: decided two working days after filing
      lead = await t.login('lead.zhengzhou');
      await a.move(lead, granted, 'grant');
      // Signed in again (sessions last an hour).
      const [citizenNow, clerkNow] = [await t.login('citizen.demo'), await t.login('clerk.jinshui')];

      const zz = await addAccount(t, 'supervisor.zhengzhou', ['supervisor'], '410100', null);
      const view = await ok(a.get(zz, '/api/v1/cases/supervision/stats?from=2026-12-01&to=2026-12-03'));
      assert.deepEqual(view.totals, {
        cases: 4,
        byStatus: {
          submitted: 1,
          supplement_requested: 0,
          accepted: 0,
          under_review: 0,
          refused: 1,
          granted: 1,
          denied: 0,
          concluded: 0,
          withdrawn: 1,
          recorded: 0,
          revoked: 0,
          suspended: 0,
          waiting: 0,
          not_started: 0,
          received: 0,
        },
        decided: 1,
        onTime: 1,
        onTimeRate: 1,
        averageHandlingDays: 2,
        supplements: 1,
        refusals: 1,
        returns: 0,
        withdrawals: 1,
        deemedAcceptances: 0,
        flagged: 1,
        lights: { green: 1, yellow: 0, red: 0 },
      });
      assert.deepEqual(
        view.byRegion.map((r: any) => [r.region, r.stats.cases]),
        [['410105', 4]],
      );
      assert.deepEqual(
        view.byDepartment.map((d: any) => [d.department.code, d.stats.cases]),
        [['410105-SCJG', 4]],
      );
      const flagged = await ok(a.get(zz, '/api/v1/cases/supervision/flagged?from=2026-12-01&to=2026-12-03'));
      assert.deepEqual(
        flagged.items.map((i: any) => [i.id, i.flags.map((f: any) => f.label.zh)]),
        [[granted.id, ['受理与决定为同一人']]],
      );
      // Outside the range: nothing.
      const before = await ok(a.get(zz, '/api/v1/cases/supervision/stats?from=2026-11-01&to=2026-11-30'));
      assert.equal(before.totals.cases, 0);

      // Luoyang is out of sight for Zhengzhou: not counted, not listed, its case absent, asking for it refused.
      assert.equal((await a.get(zz, `/api/v1/cases/${away.id}`)).statusCode, 404);
      assert.equal((await a.get(zz, `/api/v1/cases/${away.id}/flags`)).statusCode, 404);
      const asked = await a.get(zz, '/api/v1/cases/supervision/stats?region=410300');
      assert.equal(asked.statusCode, 403);
      assert.equal(asked.json().error.code, 'OUT_OF_JURISDICTION');
      // The province's supervisor sees both cities.
      const sp = await t.login('supervisor.province');
      const province = await ok(a.get(sp, '/api/v1/cases/supervision/stats?from=2026-12-01&to=2026-12-03'));
      assert.equal(province.totals.cases, 5);
      assert.deepEqual(
        province.byRegion.map((r: any) => [r.region, r.stats.cases]),
        [
          ['410105', 4],
          ['410300', 1],
        ],
      );
      const dept = await ok(a.get(sp, '/api/v1/cases/supervision/stats?department=410300-SCJG'));
      assert.equal(dept.totals.cases, 1);
      // Applicants and clerks have no supervision views.
      for (const h of [citizenNow, clerkNow]) {
        assert.equal((await a.get(h, '/api/v1/cases/supervision/stats')).statusCode, 403);
        assert.equal((await a.get(h, '/api/v1/cases/supervision/flagged')).statusCode, 403);
      }

      // The province's discipline inspector: any case in the province, its log and flags; no move at all.
      const di = await t.login('discipline.province');
      assert.equal((await a.get(di, `/api/v1/cases/${away.id}`)).statusCode, 200);
      assert.equal((await a.get(di, `/api/v1/cases/${granted.id}/timeline`)).statusCode, 200);
      assert.deepEqual(await a.flags(di, granted.id), ['same_person_accept_decide']);
      const open = await ok(a.get(di, `/api/v1/cases/${away.id}`));
      assert.deepEqual(open.actions, []);
      for (const action of ROUTED_ACTIONS) {
        const r = await t.app.inject({
          method: 'POST',
          url: `/api/v1/cases/${away.id}/${action}`,
          headers: di,
          payload: { version: open.version, reason: '试图办理', legalBasis: 'x', items: supplementItems },
        });
        assert.equal(r.statusCode, 403, `${action}: ${r.body}`);
      }
      const upload = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${away.id}/materials?name=a.pdf`,
        headers: { ...di, 'content-type': 'application/octet-stream' },
        payload: Buffer.from('%PDF-1.7\n'),
      });
      assert.equal(upload.statusCode, 403);
      const filed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: di,
        payload: { itemId, region: '410105', form: FILLED },
      });
      assert.equal(filed.statusCode, 403);
    } finally {
      await t.close();
    }
  });
}
