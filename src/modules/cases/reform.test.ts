/**
 * Reform modes (审批改为备案, 实行告知承诺, 直接取消审批), immediate items (即办件) and special procedures (特别程序)
 * through the public API, on every dialect.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { JobRunner } from '../../kernel/jobs.ts';
import { testApp, type TestApp, ok } from '../../server/testing.ts';
import { FILLED, addAccount, publishedItem } from './test-fixtures.ts';
import { casesModule } from './index.ts';

const dialects = await testDialects();
type Headers = Record<string, string>;
const WINDOW = '金水区政务服务中心 3 号窗口';
const COMMITMENT = {
  accepted: true,
  text: '本人承诺：所填写的信息和提交的材料真实、准确、完整，已符合审批条件，愿意承担虚假承诺的法律责任。',
};

function api(t: TestApp) {
  return {
    file: (h: Headers, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: h, payload }),
    get: (h: Headers, id: string) => t.app.inject({ method: 'GET', url: `/api/v1/cases/${id}`, headers: h }),
    list: (h: Headers) => t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: h }),
    move: (h: Headers, id: string, action: string, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/${action}`, headers: h, payload }),
    timeline: (h: Headers, id: string) =>
      t.app.inject({ method: 'GET', url: `/api/v1/cases/${id}/timeline`, headers: h }),
  };
}

async function refused(p: Promise<{ statusCode: number; body: string; json(): any }>, status: number, code: string) {
  const r = await p;
  assert.equal(r.statusCode, status, r.body);
  const e = r.json().error;
  assert.equal(e.code, code, r.body);
  return e;
}

async function eventsOf(t: TestApp, id: string) {
  return t.k.db
    .selectFrom('kernel_outbox')
    .select(['type', 'payload'])
    .where('subject_id', '=', id)
    .orderBy('id')
    .execute();
}

const decisionDue = (c: any) => c.deadlines.find((d: any) => d.purpose === 'decision');

for (const dialect of dialects) {
  test(`[${dialect}] 审批改为备案: recorded and concluded on filing; 直接取消审批: ITEM_ABOLISHED`, async () => {
    const t = await testApp(dialect);
    try {
      const a = api(t);
      const { itemId } = await publishedItem(t, { reformMode: 'filing' });
      const citizen = await t.login('citizen.demo');
      const c = await ok(a.file(citizen, { itemId, region: '410105', form: FILLED }), 201);
      assert.equal(c.status, 'recorded');
      assert.equal(c.reformMode, 'filing');
      assert.equal(c.version, 2);
      assert.ok(c.concludedAt && c.acceptedAt);
      assert.equal(c.decision, null, 'a filing is recorded, not licensed');
      assert.deepEqual(c.deadlines, [], 'no acceptance clock for a filing');
      assert.deepEqual(c.actions, []);
      const tl = await ok(a.timeline(citizen, c.id));
      assert.deepEqual(
        tl.items.map((x: any) => [x.action, x.actor.name]),
        [
          ['file', '示例申请人'],
          ['record_filing', '系统'],
        ],
      );
      assert.match(tl.items[1].reason, /审批改为备案/);
      assert.deepEqual(
        (await eventsOf(t, c.id)).map((e) => e.type),
        ['cases.case.submitted', 'cases.case.recorded'],
      );
      // Nothing is left to do on it.
      const clerk = await t.login('clerk.jinshui');
      const e = await refused(a.move(clerk, c.id, 'accept', { version: 2 }), 409, 'TRANSITION_NOT_ALLOWED');
      assert.deepEqual(e.details.allowed, []);

      // A commitment offered for an item that takes none is refused, and nothing is filed.
      const { itemId: plain } = await publishedItem(t);
      await refused(
        a.file(citizen, { itemId: plain, region: '410105', form: FILLED, commitment: COMMITMENT }),
        400,
        'COMMITMENT_NOT_APPLICABLE',
      );

      // 直接取消审批: its implementation stays published, but nothing can be filed.
      const admin = await t.login('admin');
      const item = await ok(t.app.inject({ method: 'GET', url: `/api/v1/catalog/items/${plain}`, headers: admin }));
      await ok(
        t.app.inject({
          method: 'PATCH',
          url: `/api/v1/catalog/items/${plain}`,
          headers: admin,
          payload: { version: item.version, reformMode: 'abolished', reason: '证照分离：直接取消审批' },
        }),
      );
      const abolished = await refused(
        a.file(citizen, { itemId: plain, region: '410105', form: FILLED }),
        409,
        'ITEM_ABOLISHED',
      );
      assert.equal(abolished.field, 'itemId');
      assert.equal((await ok(a.list(citizen))).items.length, 1);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] 实行告知承诺: granted on the signed commitment, check due in working days, verified`, async () => {
    const t = await testApp(dialect); // Tue 2026-12-01 10:00 Shanghai
    try {
      const a = api(t);
      const { itemId } = await publishedItem(t, { reformMode: 'commitment' });
      const citizen = await t.login('citizen.demo');
      const missing = await refused(
        a.file(citizen, { itemId, region: '410105', form: FILLED }),
        400,
        'COMMITMENT_REQUIRED',
      );
      assert.equal(missing.field, 'commitment.accepted');
      await refused(
        a.file(citizen, { itemId, region: '410105', form: FILLED, commitment: { ...COMMITMENT, accepted: false } }),
        400,
        'COMMITMENT_REQUIRED',
      );
      assert.equal((await ok(a.list(citizen))).items.length, 0, 'a refused filing leaves nothing behind');

      const c = await ok(a.file(citizen, { itemId, region: '410105', form: FILLED, commitment: COMMITMENT }), 201);
      assert.equal(c.status, 'granted');
      assert.equal(c.decision.outcome, 'granted');
      assert.equal(c.commitment.text, COMMITMENT.text);
      assert.equal(c.commitment.check, 'pending');
      assert.equal(c.commitment.signedAt, '2026-12-01T02:00:00.000Z');
      // Checked within ONEWINDOW_COMMITMENT_CHECK_DAYS (20) working days of the grant.
      assert.equal(t.k.config.commitmentCheckDays, 20);
      const check = c.deadlines.find((d: any) => d.purpose === 'commitment_check');
      assert.equal(check.dueDate, '2026-12-29');
      assert.equal(check.light, 'green');
      assert.equal(
        c.deadlines.find((d: any) => d.purpose === 'acceptance'),
        undefined,
      );
      assert.deepEqual(c.actions, [], 'the applicant has nothing to do');

      // A plain granted case offers no check; this one does, to a reviewer.
      const reviewer = await t.login('reviewer.zhengzhou');
      const seen = await ok(a.get(reviewer, c.id));
      assert.deepEqual(seen.actions, ['verify_commitment', 'find_false_commitment']);
      await refused(a.move(reviewer, c.id, 'verify_commitment', { version: c.version }), 400, 'FIELD_REQUIRED');
      const v = await ok(a.move(reviewer, c.id, 'verify_commitment', { version: c.version, reason: '现场核查属实' }));
      assert.equal(v.status, 'concluded');
      assert.equal(v.commitment.check, 'verified');
      assert.equal(v.deadlines.find((d: any) => d.purpose === 'commitment_check').light, null);
      assert.deepEqual(v.actions, []);
      await refused(
        a.move(reviewer, c.id, 'find_false_commitment', {
          version: v.version,
          reason: '再查',
          legalBasis: '《测试法》',
        }),
        409,
        'COMMITMENT_ALREADY_CHECKED',
      );
      const tl = await ok(a.timeline(citizen, c.id));
      assert.deepEqual(
        tl.items.map((x: any) => x.action),
        ['file', 'grant_on_commitment', 'verify_commitment'],
      );
      assert.deepEqual(
        (await eventsOf(t, c.id)).map((e) => e.type),
        ['cases.case.submitted', 'cases.case.granted_on_commitment', 'cases.case.commitment_verified'],
      );
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] 实行告知承诺: a false commitment revokes the grant and tells credit regulation; an overdue check is flagged`, async () => {
    const t = await testApp(dialect);
    try {
      const a = api(t);
      const { itemId } = await publishedItem(t, { reformMode: 'commitment' });
      const citizen = await t.login('citizen.demo');
      const me = await ok(t.app.inject({ method: 'GET', url: '/api/v1/registry/me', headers: citizen }));
      const c = await ok(a.file(citizen, { itemId, region: '410105', form: FILLED, commitment: COMMITMENT }), 201);
      const inspector = await addAccount(t, 'inspector.zhengzhou', ['inspector'], '410100', '410100-SCJG');
      await refused(
        a.move(inspector, c.id, 'find_false_commitment', { version: c.version, reason: '经营场所不存在' }),
        400,
        'FIELD_REQUIRED',
      );
      const r = await ok(
        a.move(inspector, c.id, 'find_false_commitment', {
          version: c.version,
          reason: '现场核查：经营场所不存在，承诺不实',
          legalBasis: '《国务院办公厅关于全面推行证明事项和涉企经营许可事项告知承诺制的指导意见》',
        }),
      );
      assert.equal(r.status, 'revoked');
      assert.equal(r.commitment.check, 'false');
      assert.ok(r.flags.includes('false_commitment'));
      const events = await eventsOf(t, c.id);
      assert.deepEqual(
        events.map((e) => e.type),
        ['cases.case.submitted', 'cases.case.granted_on_commitment', 'cases.case.commitment_breached'],
      );
      const breach = events[2].payload as Record<string, unknown>;
      assert.equal(breach.number, c.number);
      assert.equal(breach.itemId, itemId);
      assert.equal(breach.applicantKind, 'person');
      assert.equal(breach.applicantPersonId, me.person.id);
      assert.equal(breach.applicantEnterpriseId, null);
      assert.equal(breach.status, 'revoked');
      // Revoked is final.
      const e = await refused(
        a.move(inspector, c.id, 'verify_commitment', { version: r.version, reason: '再查' }),
        409,
        'TRANSITION_NOT_ALLOWED',
      );
      assert.deepEqual(e.details.allowed, []);

      // A second case left unchecked past its deadline: the job flags it, once.
      const late = await ok(a.file(citizen, { itemId, region: '410105', form: FILLED, commitment: COMMITMENT }), 201);
      const runner = new JobRunner({ db: t.k.db, adapter: t.k.adapter, clock: t.clock });
      for (const [kind, handler] of Object.entries(casesModule.jobs!(t.k))) runner.register(kind, handler);
      t.clock.set('2026-12-29T15:00:00Z'); // 23:00 Shanghai on the due day: still in time
      await runner.runOnce();
      assert.deepEqual((await ok(a.get(await t.login('citizen.demo'), late.id))).flags, []);
      t.clock.set('2026-12-29T16:30:00Z');
      await runner.runOnce();
      const flagged = await ok(a.get(await t.login('reviewer.zhengzhou'), late.id));
      assert.deepEqual(flagged.flags, ['commitment_check_overdue']);
      assert.equal(flagged.deadlines.find((d: any) => d.purpose === 'commitment_check').light, 'red');
      const tl = await ok(a.timeline(await t.login('citizen.demo'), late.id));
      assert.equal(tl.items.at(-1).action, 'raise_flag');
      assert.equal(tl.items.at(-1).actor.name, '系统');
      assert.match(tl.items.at(-1).reason, /核查逾期/);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] 即办件: concluded on the spot in one action at the window`, async () => {
    const t = await testApp(dialect);
    try {
      const a = api(t);
      const { itemId } = await publishedItem(t, { promisedDays: 0 });
      const citizen = await t.login('citizen.demo');
      const me = await ok(t.app.inject({ method: 'GET', url: '/api/v1/registry/me', headers: citizen }));
      const clerk = await t.login('clerk.jinshui');
      const c = await ok(
        a.file(clerk, {
          itemId,
          region: '410105',
          form: FILLED,
          applicant: { personId: me.person.id },
          window: WINDOW,
        }),
        201,
      );
      assert.equal(c.handlingKind, 'immediate');
      assert.ok(c.actions.includes('handle_immediately'));
      const done = await ok(a.move(clerk, c.id, 'handle_immediately', { version: c.version, reason: '当场办结' }));
      assert.equal(done.status, 'concluded');
      assert.equal(done.decision.outcome, 'granted');
      assert.equal(done.acceptedAt, done.concludedAt);
      assert.equal(done.decidedAt, done.concludedAt);
      assert.equal(decisionDue(done), undefined);
      assert.deepEqual(
        (await eventsOf(t, c.id)).map((e) => e.type),
        ['cases.case.submitted', 'cases.case.handled_immediately'],
      );

      // Filed online, the same item is not handled on the spot; a promised item never is.
      const online = await ok(a.file(citizen, { itemId, region: '410105', form: FILLED }), 201);
      assert.ok(!(await ok(a.get(clerk, online.id))).actions.includes('handle_immediately'));
      await refused(a.move(clerk, online.id, 'handle_immediately', { version: 1 }), 409, 'IMMEDIATE_AT_WINDOW_ONLY');
      const { itemId: promised } = await publishedItem(t);
      const p = await ok(
        a.file(clerk, {
          itemId: promised,
          region: '410105',
          form: FILLED,
          applicant: { personId: me.person.id },
          window: WINDOW,
        }),
        201,
      );
      await refused(a.move(clerk, p.id, 'handle_immediately', { version: 1 }), 409, 'NOT_AN_IMMEDIATE_ITEM');
      // Once accepted, it is no longer on the spot.
      const acc = await ok(a.move(clerk, p.id, 'accept', { version: 1 }));
      await refused(a.move(clerk, p.id, 'handle_immediately', { version: acc.version }), 409, 'TRANSITION_NOT_ALLOWED');
      // Only window clerks handle on the spot.
      await refused(
        a.move(await t.login('reviewer.zhengzhou'), c.id, 'handle_immediately', { version: done.version }),
        403,
        'FORBIDDEN',
      );
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] 特别程序: a hearing across the 2026 National Day pauses the decision clock; an overrun is flagged`, async () => {
    const t = await testApp(dialect, { start: '2026-09-25T02:00:00Z' }); // Fri 25 Sep, 10:00 Shanghai
    try {
      const a = api(t);
      const { itemId } = await publishedItem(t); // promised: 5 working days
      const citizen = await t.login('citizen.demo');
      const c = await ok(a.file(citizen, { itemId, region: '410105', form: FILLED }), 201);
      const login = async (who: string, instant?: string) => {
        if (instant) t.clock.set(instant);
        return t.login(who);
      };
      const clerk = await login('clerk.jinshui');
      let reviewer = await login('reviewer.zhengzhou');
      const acc = await ok(a.move(clerk, c.id, 'accept', { version: 1 }));
      // Sep 28, 29, 30, (Oct 1–7 off), Oct 8, Oct 9.
      assert.equal(decisionDue(acc).dueDate, '2026-10-09');
      let r = await ok(a.move(reviewer, c.id, 'start_review', { version: acc.version }));

      // Tue 29 Sep 10:00: a hearing starts. Kind, reason and maximum are required; the clock stops.
      reviewer = await login('reviewer.zhengzhou', '2026-09-29T02:00:00Z');
      await refused(
        a.move(reviewer, c.id, 'start_special_procedure', {
          version: r.version,
          reason: '申请人申请听证',
          kind: 'hearing',
        }),
        400,
        'FIELD_REQUIRED',
      );
      await refused(
        a.move(reviewer, c.id, 'start_special_procedure', { version: r.version, kind: 'hearing', maxDays: 5 }),
        400,
        'FIELD_REQUIRED',
      );
      r = await ok(
        a.move(reviewer, c.id, 'start_special_procedure', {
          version: r.version,
          reason: '申请人依法申请听证',
          kind: 'hearing',
          maxDays: 5,
        }),
      );
      assert.equal(r.status, 'suspended');
      assert.equal(r.specialProcedure.kind, 'hearing');
      assert.equal(r.specialProcedure.label.zh, '听证');
      assert.equal(r.specialProcedure.maxDays, 5);
      assert.equal(r.specialProcedure.pausedDays, 1);
      assert.equal(decisionDue(r).dueDate, null, 'unknown while paused');
      assert.deepEqual(r.actions, ['end_special_procedure']);
      // No decision while the hearing runs.
      const approver = await login('approver.zhengzhou');
      const e = await refused(a.move(approver, c.id, 'grant', { version: r.version }), 409, 'TRANSITION_NOT_ALLOWED');
      assert.equal(e.details.status, 'suspended');

      // Thu 8 Oct 17:00: it ends. Paused: Sep 29, Sep 30 and Oct 8 (the holiday does not count anyway), 3 working
      // days, so the due date moves from Fri 9 Oct by three working days: Sat 10 Oct (an adjusted working day),
      // Mon 12, Tue 13.
      reviewer = await login('reviewer.zhengzhou', '2026-10-08T09:00:00Z');
      const during = await ok(a.get(reviewer, c.id));
      assert.equal(during.specialProcedure.pausedDays, 3);
      assert.equal(during.specialProcedure.overrun, false);
      r = await ok(a.move(reviewer, c.id, 'end_special_procedure', { version: r.version, reason: '听证结束' }));
      assert.equal(r.status, 'under_review');
      assert.equal(r.specialProcedure, null);
      assert.equal(decisionDue(r).dueDate, '2026-10-13');
      assert.deepEqual(r.flags, []);

      // Fri 9 Oct: an expert review of at most 1 working day, still running the next (adjusted working) day.
      reviewer = await login('reviewer.zhengzhou', '2026-10-09T02:00:00Z');
      r = await ok(
        a.move(reviewer, c.id, 'start_special_procedure', {
          version: r.version,
          reason: '技术方案须专家评审',
          kind: 'expert_review',
          maxDays: 1,
        }),
      );
      const runner = new JobRunner({ db: t.k.db, adapter: t.k.adapter, clock: t.clock });
      for (const [kind, handler] of Object.entries(casesModule.jobs!(t.k))) runner.register(kind, handler);
      t.clock.set('2026-10-09T15:00:00Z'); // 23:00 on the same day: within its maximum
      await runner.runOnce();
      reviewer = await login('reviewer.zhengzhou');
      assert.deepEqual((await ok(a.get(reviewer, c.id))).flags, []);
      reviewer = await login('reviewer.zhengzhou', '2026-10-10T02:00:00Z');
      await runner.runOnce();
      const over = await ok(a.get(reviewer, c.id));
      assert.deepEqual(over.flags, ['special_procedure_overrun']);
      assert.equal(over.specialProcedure.overrun, true);
      assert.equal(over.specialProcedure.pausedDays, 2);
      r = await ok(a.move(reviewer, c.id, 'end_special_procedure', { version: over.version }));
      assert.deepEqual(r.flags, ['special_procedure_overrun'], 'flagged once');
      // Paused Sep 29, 30, Oct 8 and Oct 9, 10: five working days after Oct 9.
      assert.equal(decisionDue(r).dueDate, '2026-10-15');

      const tl = await ok(a.timeline(await login('citizen.demo'), c.id));
      assert.deepEqual(
        tl.items.map((x: any) => x.action),
        [
          'file',
          'accept',
          'start_review',
          'start_special_procedure',
          'end_special_procedure',
          'start_special_procedure',
          'raise_flag',
          'end_special_procedure',
        ],
      );
      assert.equal(tl.items[3].label.zh, '启动特别程序（暂停计时）：听证，最长 5 个工作日');
      assert.equal(tl.items[5].label.en, 'Start a special procedure: expert review, at most 1 working day(s)');
      assert.equal(tl.items[3].reason, '申请人依法申请听证');
      // Nobody may end a procedure that is not running; the applicant may withdraw while one runs, which ends it.
      await refused(
        a.move(reviewer, c.id, 'end_special_procedure', { version: r.version }),
        409,
        'TRANSITION_NOT_ALLOWED',
      );
      r = await ok(
        a.move(reviewer, c.id, 'start_special_procedure', {
          version: r.version,
          reason: '拟准予许可，依法公示',
          kind: 'public_notice',
          maxDays: 5,
        }),
      );
      const w = await ok(
        a.move(await login('citizen.demo'), c.id, 'withdraw', { version: r.version, reason: '不再经营' }),
      );
      assert.equal(w.status, 'withdrawn');
      const open = await t.k.db
        .selectFrom('cases_special_procedures')
        .select('id')
        .where('case_id', '=', c.id)
        .where('ended_at', 'is', null)
        .execute();
      assert.equal(open.length, 0);
    } finally {
      await t.close();
    }
  });
}
