/** The ratings module (好差评) through its public API, on every dialect. */
import { test } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { DEMO_PASSWORD, testApp, type TestApp, ok } from '../../server/testing.ts';
import { createAccount, findAccountByUsername } from '../../kernel/auth/accounts.ts';
import { OutboxDispatcher, bindSubscribers } from '../../kernel/outbox.ts';
import { offerRating } from './service.ts';
import { ratingsSubscribers } from './subscribers.ts';

const dialects = await testDialects();
type Headers = Record<string, string>;

function api(t: TestApp) {
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, headers: Headers = {}, payload?: unknown) =>
    t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  return {
    call,
    mine: (h: Headers, q = '') => call('GET', `/api/v1/ratings/invitations${q}`, h),
    invitation: (h: Headers, id: string) => call('GET', `/api/v1/ratings/invitations/${id}`, h),
    rate: (h: Headers, id: string, body: unknown) => call('POST', `/api/v1/ratings/invitations/${id}/rate`, h, body),
    rateOutcome: (h: Headers, id: string, body: unknown) =>
      call('POST', `/api/v1/ratings/invitations/${id}/rate_outcome`, h, body),
    rectifications: (h: Headers, q = '') => call('GET', `/api/v1/ratings/rectifications${q}`, h),
    rectification: (h: Headers, id: string) => call('GET', `/api/v1/ratings/rectifications/${id}`, h),
    move: (h: Headers, id: string, action: string, body: unknown) =>
      call('POST', `/api/v1/ratings/rectifications/${id}/${action}`, h, body),
  };
}

let seq = 0;
/** An invitation for a synthetic subject, offered as a subject's module would (in Jinshui, to 市场监管). */
async function offer(t: TestApp, rater: string, item = { id: 'item-1', name: '食品经营许可' }) {
  const n = ++seq;
  return offerRating(t.k, undefined, {
    subjectType: 'cases.case',
    subjectId: `subject-${n}`,
    subjectLabel: `410105-20261201-0000${n} ${item.name}`,
    raterAccount: rater,
    department: { code: '410105-SCJG', name: '金水区市场监督管理局' },
    region: '410105',
    item,
  });
}

for (const dialect of dialects) {
  test(`[${dialect}] rating once, identity-bound; staff cannot rate nor see who rated; a 差评 opens a rectification`, async () => {
    const t = await testApp(dialect); // 2026-12-01 10:00 Shanghai, a Tuesday
    try {
      const a = api(t);
      const citizenId = (await findAccountByUsername(t.k.db, 'citizen.demo'))!.id;
      const citizen = await t.login('citizen.demo');
      const clerk = await t.login('clerk.jinshui');
      const lead = await t.login('lead.zhengzhou');

      // Offered once per subject.
      const first = await offerRating(t.k, undefined, {
        subjectType: 'cases.case',
        subjectId: 'case-x',
        subjectLabel: '410105-20261201-00001 食品经营许可',
        raterAccount: citizenId,
        department: { code: '410105-SCJG', name: '金水区市场监督管理局' },
        region: '410105',
        item: { id: 'item-1', name: '食品经营许可' },
      });
      const again = await offerRating(t.k, undefined, {
        subjectType: 'cases.case',
        subjectId: 'case-x',
        subjectLabel: 'x',
        raterAccount: citizenId,
        department: { code: '410105-SCJG', name: '金水区市场监督管理局' },
        region: '410105',
        item: { id: 'item-1', name: '食品经营许可' },
      });
      assert.deepEqual([first.created, again.created, again.id], [true, false, first.id]);
      const mine = await ok(a.mine(citizen));
      assert.equal(mine.items.length, 1);
      assert.equal(mine.items[0].rating, null);
      assert.equal((await ok(a.mine(citizen, '?subjectId=case-x'))).items[0].id, first.id);

      // Staff hold no ratings:rate: 403; someone else's invitation answers as an absent one.
      assert.equal((await a.rate(clerk, first.id, { score: 5 })).statusCode, 403);
      assert.equal((await a.mine(lead)).statusCode, 403);
      await createAccount(
        t.k.db,
        t.k.adapter,
        {
          username: 'other.person',
          password: DEMO_PASSWORD,
          name: '另一位申请人',
          kind: 'person',
          roles: ['applicant'],
          region: '410105',
          department: null,
          demo: true,
          passwordCost: 'test',
        },
        t.clock.now(),
      );
      const other = await t.login('other.person');
      const foreign = await a.rate(other, first.id, { score: 1 });
      assert.equal(foreign.statusCode, 404);
      assert.equal(foreign.json().error.code, (await a.invitation(other, 'no-such-id')).json().error.code);

      // Tags belong to the score's band; the score is 1–5.
      const badTag = await a.rate(citizen, first.id, { score: 5, tags: ['slow'] });
      assert.equal(badTag.statusCode, 400);
      assert.equal(badTag.json().error.code, 'TAG_NOT_IN_BAND');
      assert.equal(badTag.json().error.field, 'tags.0');
      assert.equal((await a.rate(citizen, first.id, { score: 6 })).statusCode, 400);

      // Rated once: a 差评 (2) with tags and a comment; a second rating is 409.
      const rated = await ok(
        a.rate(citizen, first.id, {
          score: 2,
          tags: ['slow', 'repeated_visits'],
          comment: '跑了三次才办成',
          channel: 'online',
        }),
        201,
      );
      assert.equal(rated.rating.score, 2);
      assert.equal(rated.rating.realName, true);
      assert.equal(rated.rectification.status, 'opened');
      assert.equal(rated.rectification.outcome, null);
      // A retry with the same Idempotency-Key answers the first response; a second rating is 409.
      const once = { score: 4, tags: ['efficient'] };
      const keyed = { ...citizen, 'idempotency-key': 'rate-good-1' };
      const good1 = await offer(t, citizenId);
      const r1 = await a.rate(keyed, good1.id, once);
      const r2 = await a.rate(keyed, good1.id, once);
      assert.deepEqual([r1.statusCode, r2.statusCode, r2.headers['idempotent-replayed']], [201, 201, 'true']);
      assert.deepEqual(r2.json(), r1.json());
      const twice = await a.rate(citizen, first.id, { score: 5 });
      assert.equal(twice.statusCode, 409);
      assert.equal(twice.json().error.code, 'ALREADY_RATED');

      // Staff see the rating, never who gave it.
      const listed = await a.call('GET', '/api/v1/ratings', lead);
      assert.equal(listed.statusCode, 200, listed.body);
      const item = listed.json().items.find((x: any) => x.score === 2);
      assert.equal(item.score, 2);
      assert.equal(item.comment, '跑了三次才办成');
      assert.equal(item.rectificationId, rated.rectification.id);
      // Nor the subject: a case number would lead to the applicant.
      for (const leak of [citizenId, 'citizen.demo', '示例申请人', 'case-x', '410105-20261201'])
        assert.ok(!listed.body.includes(leak), leak);
      const rect = await a.rectification(lead, rated.rectification.id);
      assert.equal(rect.statusCode, 200, rect.body);
      for (const leak of [citizenId, 'citizen.demo', '示例申请人', 'case-x', '410105-20261201'])
        assert.ok(!rect.body.includes(leak), leak);
      // Nor do the events.
      const events = await t.k.db.selectFrom('kernel_outbox').select(['type', 'payload']).orderBy('id').execute();
      assert.deepEqual(
        events.filter((e) => e.type.startsWith('ratings.')).map((e) => e.type),
        [
          'ratings.invitation.offered',
          'ratings.rating.submitted',
          'ratings.rectification.opened',
          'ratings.invitation.offered',
          'ratings.rating.submitted', // once, though the keyed request came twice
        ],
      );
      assert.ok(!JSON.stringify(events).includes(citizenId));

      // A good rating opens nothing.
      const good = await offer(t, citizenId);
      const g = await ok(a.rate(citizen, good.id, { score: 5, tags: ['efficient'], channel: 'on_site' }), 201);
      assert.equal(g.rectification, null);
      assert.equal(g.rating.channel, 'on_site');
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] rectification: callback before verification for real-name ratings, rectify / explain / appeal decided by the supervisor, lights, the rater rates the outcome, statistics and the public page`, async () => {
    const t = await testApp(dialect);
    try {
      const a = api(t);
      const citizenId = (await findAccountByUsername(t.k.db, 'citizen.demo'))!.id;
      let citizen = await t.login('citizen.demo');
      const clerk = await t.login('clerk.jinshui');
      let lead = await t.login('lead.zhengzhou');
      let supervisor = await t.login('supervisor.province');
      const admin = await t.login('admin');

      // A: real name, 2 → callback → verify → appeal → rejected → rectify; the rater rates the outcome once.
      const invA = await offer(t, citizenId);
      const ratedA = await ok(a.rate(citizen, invA.id, { score: 2, tags: ['slow'], comment: '办理太慢' }), 201);
      let r = await ok(a.rectification(lead, ratedA.rectification.id));
      assert.equal(r.status, 'opened');
      assert.equal(r.callbackRequired, true);
      assert.equal(r.deadline.dueDate, '2026-12-08'); // 5 working days (the default) from Tue 1 Dec
      assert.equal(r.deadline.light, 'green');
      assert.deepEqual(r.actions, ['callback', 'verify']);
      assert.deepEqual((await ok(a.rectification(clerk, r.id))).actions, []); // clerks read, only the lead works it
      assert.equal((await a.move(clerk, r.id, 'callback', { version: 1, reason: '已回访' })).statusCode, 403);
      const early = await a.move(lead, r.id, 'verify', { version: 1, reason: '核实属实' });
      assert.equal(early.statusCode, 409);
      assert.equal(early.json().error.code, 'CALLBACK_REQUIRED');
      assert.equal(
        (await a.move(lead, r.id, 'rectify', { version: 1, reason: 'x' })).json().error.code,
        'TRANSITION_NOT_ALLOWED',
      );
      const early2 = await a.rateOutcome(citizen, invA.id, { score: 4 });
      assert.equal(early2.json().error.code, 'RECTIFICATION_NOT_FINISHED');
      r = await ok(a.move(lead, r.id, 'callback', { version: 1, reason: '电话回访：申请人反映窗口排队时间长' }));
      assert.equal(r.status, 'called_back');
      assert.equal(r.callback.note, '电话回访：申请人反映窗口排队时间长');
      assert.equal(
        (await a.move(lead, r.id, 'verify', { version: 1, reason: 'stale' })).json().error.code,
        'VERSION_CONFLICT',
      );
      r = await ok(a.move(lead, r.id, 'verify', { version: 2, reason: '核实：当日窗口人员不足' }));
      r = await ok(a.move(lead, r.id, 'appeal', { version: 3, reason: '系统故障所致，非窗口原因' }));
      assert.equal(r.status, 'appealed');
      assert.equal((await a.move(lead, r.id, 'uphold_appeal', { version: 4, reason: '自己裁定' })).statusCode, 403);
      assert.deepEqual((await ok(a.rectification(supervisor, r.id))).actions, ['uphold_appeal', 'reject_appeal']);
      r = await ok(
        a.move(supervisor, r.id, 'reject_appeal', { version: 4, reason: '排队时间长与系统无关，申诉不成立' }),
      );
      assert.equal(r.status, 'verified');
      assert.equal(r.appeal.decision, '排队时间长与系统无关，申诉不成立');
      const reappeal = await a.move(lead, r.id, 'appeal', { version: 5, reason: '再次申诉' });
      assert.equal(reappeal.json().error.code, 'APPEAL_ALREADY_DECIDED');
      r = await ok(a.move(lead, r.id, 'rectify', { version: 5, reason: '增设两个综合窗口，高峰期弹性排班' }));
      assert.equal(r.status, 'rectified');
      assert.equal(r.onTime, true);
      assert.equal(r.deadline.light, null);
      const seen = await ok(a.invitation(citizen, invA.id));
      assert.equal(seen.rectification.status, 'rectified');
      assert.equal(seen.rectification.outcome, '增设两个综合窗口，高峰期弹性排班');
      const outcome = await ok(a.rateOutcome(citizen, invA.id, { score: 4, comment: '有改进' }));
      assert.equal(outcome.rectification.outcomeRating.score, 4);
      assert.equal((await a.rateOutcome(citizen, invA.id, { score: 5 })).json().error.code, 'ALREADY_RATED');
      assert.equal((await ok(a.rectification(lead, r.id))).outcomeRating.score, 4);

      // B: anonymous, 1 → verified at once → appeal upheld by the supervisor: unfounded.
      const invB = await offer(t, citizenId, { id: 'item-2', name: '个体工商户登记' });
      const ratedB = await ok(a.rate(citizen, invB.id, { score: 1, realName: false }), 201);
      let b = await ok(a.move(lead, ratedB.rectification.id, 'verify', { version: 1, reason: '核实：当日系统停机' }));
      b = await ok(a.move(lead, b.id, 'appeal', { version: 2, reason: '系统停机已公告' }));
      b = await ok(a.move(supervisor, b.id, 'uphold_appeal', { version: 3, reason: '停机已提前公告，属不实差评' }));
      assert.equal(b.status, 'unfounded');
      assert.equal((await ok(a.invitation(citizen, invB.id))).rectification.outcome, '停机已提前公告，属不实差评');

      // The region's limit, in the kernel's per-region store: Zhengzhou sets 3 working days (audited; a department
      // lead may not, nor may anyone set 61); C, opened afterwards, is due Fri 4 Dec.
      const rectificationDays = (days: number) => ({ limits: { 'ratings.rectification_days': days } });
      const zzLimits = '/api/v1/calendar/limits/410100';
      assert.equal((await a.call('PUT', zzLimits, lead, rectificationDays(3))).statusCode, 403);
      const tooLong = await a.call('PUT', zzLimits, admin, rectificationDays(61));
      assert.equal(tooLong.statusCode, 400);
      assert.deepEqual(
        [tooLong.json().error.code, tooLong.json().error.field],
        ['REGION_LIMIT_OUT_OF_RANGE', 'limits.ratings.rectification_days'],
      );
      await ok(a.call('PUT', zzLimits, admin, rectificationDays(3)));
      const inJinshui = await ok(a.call('GET', '/api/v1/calendar/limits/410105', lead));
      const rectificationLimit = inJinshui.limits.find((l: any) => l.name === 'ratings.rectification_days');
      assert.deepEqual(
        [rectificationLimit.value, rectificationLimit.configuredAt, rectificationLimit.default],
        [3, '410100', 5],
      );
      const audited = await t.k.db
        .selectFrom('kernel_actions')
        .select(['subject_id', 'action'])
        .where('subject_type', '=', 'kernel.region_limits')
        .execute();
      assert.deepEqual(audited, [{ subject_id: '410100', action: 'set_region_limits' }], 'refusals leave no action');
      const invC = await offer(t, citizenId);
      const ratedC = await ok(a.rate(citizen, invC.id, { score: 1, tags: ['discourteous'], comment: '态度恶劣' }), 201);
      const c = await ok(a.rectification(lead, ratedC.rectification.id));
      assert.equal(c.deadline.dueDate, '2026-12-04');
      t.clock.set('2026-12-03T02:00:00Z'); // Thu: one working day left (sessions expire meanwhile: log in again)
      lead = await t.login('lead.zhengzhou');
      assert.equal((await ok(a.rectification(lead, c.id))).deadline.light, 'yellow');
      t.clock.set('2026-12-07T02:00:00Z'); // Mon: overdue
      [lead, supervisor] = [await t.login('lead.zhengzhou'), await t.login('supervisor.province')];
      citizen = await t.login('citizen.demo');
      const late = await ok(a.rectification(lead, c.id));
      assert.equal(late.deadline.light, 'red');
      const queue = await ok(a.rectifications(lead, '?open=true&mine=true'));
      assert.deepEqual(
        queue.items.map((x: any) => x.id),
        [c.id],
      );
      assert.equal((await ok(a.rectifications(lead, '?open=true'))).items.length, 1);
      assert.equal((await ok(a.rectifications(supervisor))).items.length, 3);

      // D: a good rating.
      const invD = await offer(t, citizenId, { id: 'item-2', name: '个体工商户登记' });
      await ok(a.rate(citizen, invD.id, { score: 5, tags: ['efficient', 'courteous'] }), 201);

      // Statistics: 4 ratings (2, 1, 1, 5), 3 差评; rectifications: 2 finished on time, 1 open past due.
      const byDept = await ok(a.call('GET', '/api/v1/ratings/stats?by=department', supervisor));
      assert.deepEqual(byDept.total, {
        ratings: 4,
        average: 2.25,
        poor: 3,
        poorShare: 0.75,
        rectifications: 3,
        finished: 2,
        onTime: 2,
        overdue: 1,
        onTimeRate: 0.6667,
      });
      assert.equal(byDept.rows[0].key, '410105-SCJG');
      assert.equal(byDept.rows[0].name, '金水区市场监督管理局');
      const byItem = await ok(a.call('GET', '/api/v1/ratings/stats?by=item', lead));
      const item2 = byItem.rows.find((x: any) => x.key === 'item-2');
      assert.deepEqual([item2.ratings, item2.average, item2.poor, item2.onTimeRate], [2, 3, 1, 1]);
      const byRegion = await ok(a.call('GET', '/api/v1/ratings/stats?by=region', lead));
      assert.deepEqual([byRegion.rows[0].key, byRegion.rows[0].name], ['410105', '金水区']);
      const luoyang = await a.call('GET', '/api/v1/ratings/stats?region=410300', lead);
      assert.equal(luoyang.statusCode, 403); // outside the lead's jurisdiction

      // The public page: no login, the same figures, nothing personal.
      const pub = await t.app.inject({ method: 'GET', url: '/api/v1/ratings/public/stats?by=department' });
      assert.equal(pub.statusCode, 200, pub.body);
      assert.deepEqual(pub.json().total, byDept.total);
      for (const leak of [citizenId, 'citizen.demo', '示例申请人', '办理太慢', '态度恶劣', 'subject-'])
        assert.ok(!pub.body.includes(leak), leak);
      const vocabulary = await ok(t.app.inject({ method: 'GET', url: '/api/v1/ratings/vocabulary' }));
      assert.equal(vocabulary.scores[0].label.zh, '非常满意');
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] a provisional deadline into 2027 is recomputed when the year loads, and the statistics' copy follows`, async () => {
    const t = await testApp(dialect, { start: '2026-12-30T03:00:00Z' }); // Wed 30 Dec
    try {
      const a = api(t);
      const citizenId = (await findAccountByUsername(t.k.db, 'citizen.demo'))!.id;
      const citizen = await t.login('citizen.demo');
      const lead = await t.login('lead.zhengzhou');
      const inv = await offer(t, citizenId);
      const rated = await ok(a.rate(citizen, inv.id, { score: 1 }), 201);
      const before = await ok(a.rectification(lead, rated.rectification.id));
      assert.deepEqual([before.deadline.dueDate, before.deadline.provisional], ['2027-01-06', true]); // Mon–Fri
      const year = JSON.parse(fs.readFileSync(path.resolve('test/fixtures/holiday-cn-2027-example.json'), 'utf8'));
      await ok(a.call('POST', '/api/v1/calendar/years', await t.login('admin'), year));
      const after = await ok(a.rectification(lead, before.id));
      // Dec 31, then Jan 1–4 off: Jan 5, 6, 7, 8.
      assert.deepEqual([after.deadline.dueDate, after.deadline.provisional], ['2027-01-08', false]);
      await new OutboxDispatcher(t.k, {
        subscribers: bindSubscribers(t.k, ratingsSubscribers),
        fanOutBatch: 1000,
        deliveryBatch: 1000,
      }).runOnce();
      const row = await t.k.db
        .selectFrom('ratings_rectifications')
        .select('due_at')
        .where('id', '=', before.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.due_at, after.deadline.dueAt);
    } finally {
      await t.close();
    }
  });
}
