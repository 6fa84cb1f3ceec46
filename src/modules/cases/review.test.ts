/** Review steps (审查环节), assignment and recusal (回避), through the public API, on every dialect. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp, type TestApp, ok } from '../../server/testing.ts';
import { FILLED, addAccount, publishedItem, type FixtureStep } from './test-fixtures.ts';
import { reviewStepsOf, stagesOf } from './steps.ts';

const dialects = await testDialects();
type Headers = Record<string, string>;
type Res = { statusCode: number; body: string; json(): any };

const step = (key: string, name: string, role: FixtureStep['role'], days: number, group: string | null = null) => ({
  key,
  name,
  role,
  days,
  parallelGroup: group,
});

/** Acceptance, a review, a joint review by two reviewers (one parallel group), the decision, delivery. */
const JOINT: FixtureStep[] = [
  step('accept', '受理', 'window_clerk', 1),
  step('review', '材料审查', 'reviewer', 2),
  step('site', '现场核查', 'reviewer', 3, 'joint'),
  step('expert', '专家评审', 'reviewer', 3, 'joint'),
  step('decide', '决定', 'approver', 1),
  step('deliver', '送达', 'window_clerk', 0),
];
/** A parallel group followed by one more review step. */
const GROUP_THEN: FixtureStep[] = [
  step('accept', '受理', 'window_clerk', 1),
  step('site', '现场核查', 'reviewer', 3, 'joint'),
  step('expert', '专家评审', 'reviewer', 3, 'joint'),
  step('final', '复核', 'reviewer', 1),
  step('decide', '决定', 'approver', 1),
];
const SINGLE: FixtureStep[] = [
  step('accept', '受理', 'window_clerk', 1),
  step('review', '审查', 'reviewer', 3),
  step('decide', '决定', 'approver', 1),
];

async function fails(p: Promise<Res>, status: number, code: string) {
  const r = await p;
  assert.equal(r.statusCode, status, r.body);
  assert.equal(r.json().error.code, code, r.body);
  return r.json().error;
}

function api(t: TestApp) {
  const inject = (method: 'GET' | 'POST', url: string, headers: Headers, payload?: Record<string, unknown>) =>
    t.app.inject({ method, url, headers, payload });
  return {
    file: (h: Headers, itemId: string) =>
      inject('POST', '/api/v1/cases', h, { itemId, region: '410105', form: FILLED }),
    get: (h: Headers, id: string) => inject('GET', `/api/v1/cases/${id}`, h),
    move: (h: Headers, id: string, action: string, payload: Record<string, unknown>) =>
      inject('POST', `/api/v1/cases/${id}/${action}`, h, payload),
    steps: (h: Headers, id: string) => inject('GET', `/api/v1/cases/${id}/steps`, h),
    queue: (h: Headers) => inject('GET', '/api/v1/cases/review-queue', h),
    step: (h: Headers, id: string, stepId: string, action: string, payload: Record<string, unknown>) =>
      inject('POST', `/api/v1/cases/${id}/steps/${stepId}/${action}`, h, payload),
    declare: (h: Headers, subjectId: string) =>
      inject('POST', '/api/v1/registry/relations', h, { subjectType: 'person', subjectId, relation: 'kinship' }),
  };
}

/** A case filed by the demo citizen and accepted by the Jinshui window (sign-ins kept: logins are rate-limited). */
const sessions = new WeakMap<TestApp, { citizen: Headers; clerk: Headers }>();
async function accepted(t: TestApp, itemId: string) {
  const a = api(t);
  let h = sessions.get(t);
  if (!h) sessions.set(t, (h = { citizen: await t.login('citizen.demo'), clerk: await t.login('clerk.jinshui') }));
  const c = await ok(a.file(h.citizen, itemId), 201);
  return ok(a.move(h.clerk, c.id, 'accept', { version: 1 }));
}

const byKey = (steps: any[], key: string) => steps.find((s) => s.key === key);

test('review steps: between the acceptance steps and the last approver or lead step; parallel groups share a stage', () => {
  const keys = (p: FixtureStep[]) => reviewStepsOf(p).map((s) => s.key);
  assert.deepEqual(keys(JOINT), ['review', 'site', 'expert']);
  assert.deepEqual(stagesOf(reviewStepsOf(JOINT)), [0, 1, 1]);
  assert.deepEqual(keys(SINGLE), ['review']);
  // An immediate item (受理 → 审核 → 办结) has no decision step, hence no review steps; nor has accept → decide.
  assert.deepEqual(
    keys([
      step('accept', '受理', 'window_clerk', 0),
      step('review', '审核', 'reviewer', 0),
      step('deliver', '办结', 'window_clerk', 0),
    ]),
    [],
  );
  assert.deepEqual(keys([step('accept', '受理', 'window_clerk', 1), step('decide', '决定', 'approver', 1)]), []);
  // A lead's review before the approver's decision is a review step.
  assert.deepEqual(
    keys([
      step('accept', '受理', 'window_clerk', 1),
      step('lead', '负责人审核', 'department_lead', 1),
      step('decide', '决定', 'approver', 1),
    ]),
    ['lead'],
  );
});

for (const dialect of dialects) {
  test(`[${dialect}] review steps: in order, a parallel group both must finish, the decision waits, step deadlines and lights`, async () => {
    const t = await testApp(dialect); // Tue 2026-12-01 10:00 Shanghai
    try {
      const a = api(t);
      const { itemId } = await publishedItem(t, { promisedDays: 10, process: JOINT });
      let reviewer = await t.login('reviewer.zhengzhou');
      let reviewer2 = await addAccount(t, 'reviewer2.zz', ['reviewer'], '410100', '410100-SCJG');
      let approver = await t.login('approver.zhengzhou');
      let citizen = await t.login('citizen.demo');
      let c = await accepted(t, itemId);

      // Instantiated at acceptance from the pinned version: the review steps only, the first stage open.
      let steps = (await ok(a.steps(citizen, c.id))).items;
      assert.deepEqual(
        steps.map((s: any) => [s.key, s.status, s.stage]),
        [
          ['review', 'active', 0],
          ['site', 'pending', 1],
          ['expert', 'pending', 1],
        ],
      );
      const review = byKey(steps, 'review');
      assert.equal(review.deadline.dueDate, '2026-12-03'); // 2 working days from Tue 1 Dec
      assert.equal(review.deadline.light, 'green');
      assert.equal(review.roleLabel.zh, '审查人员');
      assert.equal(byKey(steps, 'site').deadline, null);

      // Not under review yet: no completion; the queue already shows the open step.
      await fails(
        a.step(reviewer, c.id, review.id, 'complete', { version: review.version, opinion: 'agree', comment: '同意' }),
        409,
        'CASE_NOT_UNDER_REVIEW',
      );
      const q = (await ok(a.queue(reviewer))).items;
      assert.deepEqual(
        q.filter((x: any) => x.case.id === c.id).map((x: any) => x.step.key),
        ['review'],
      );
      assert.equal(q[0].case.number, c.number);
      c = await ok(a.move(reviewer, c.id, 'start_review', { version: c.version }));

      // The decision waits for every review step, naming the open ones.
      const blocked = await fails(a.move(approver, c.id, 'grant', { version: c.version }), 409, 'REVIEW_STEPS_OPEN');
      assert.deepEqual(blocked.details.steps, ['review', 'site', 'expert']);
      assert.match(blocked.message.zh, /材料审查、现场核查、专家评审/);
      await fails(
        a.move(approver, c.id, 'deny', { version: c.version, reason: '不符合', legalBasis: '《测试法》第一条' }),
        409,
        'REVIEW_STEPS_OPEN',
      );
      // An approver does not handle a reviewer's step.
      await fails(a.step(approver, c.id, review.id, 'claim', { version: review.version }), 403, 'STEP_ROLE_MISMATCH');

      // Claimed: someone else's now.
      const claimed = await ok(a.step(reviewer, c.id, review.id, 'claim', { version: review.version }));
      assert.ok(claimed.assignee.name && claimed.assignedAt);
      await fails(
        a.step(reviewer, c.id, review.id, 'claim', { version: claimed.version }),
        409,
        'STEP_ALREADY_CLAIMED',
      );
      assert.equal((await ok(a.queue(reviewer2))).items.length, 0);
      await fails(
        a.step(reviewer2, c.id, review.id, 'complete', {
          version: claimed.version,
          opinion: 'agree',
          comment: '同意',
        }),
        409,
        'STEP_ASSIGNED_TO_OTHER',
      );

      // The light turns yellow on its last day and red once overdue.
      t.clock.set('2026-12-03T02:00:00Z');
      reviewer = await t.login('reviewer.zhengzhou'); // sessions last an hour
      assert.equal(byKey((await ok(a.steps(reviewer, c.id))).items, 'review').deadline.light, 'yellow');
      t.clock.set('2026-12-04T02:00:00Z'); // Fri 4 Dec
      reviewer = await t.login('reviewer.zhengzhou');
      reviewer2 = await t.login('reviewer2.zz');
      approver = await t.login('approver.zhengzhou');
      citizen = await t.login('citizen.demo');
      const late = byKey((await ok(a.steps(reviewer, c.id))).items, 'review');
      assert.equal(late.deadline.light, 'red');

      // An opinion is required; then done, and the parallel group opens (its clock from now).
      await fails(
        a.step(reviewer, c.id, review.id, 'complete', { version: claimed.version, opinion: 'agree', comment: ' ' }),
        400,
        'FIELD_REQUIRED',
      );
      const done = await ok(
        a.step(reviewer, c.id, review.id, 'complete', {
          version: claimed.version,
          opinion: 'agree',
          comment: '材料齐全，符合法定形式',
        }),
      );
      assert.equal(done.status, 'done');
      assert.equal(done.opinion, 'agree');
      assert.equal(done.doneBy.name, claimed.assignee.name);
      assert.equal(done.deadline.light, null);
      steps = (await ok(a.steps(reviewer, c.id))).items;
      const site = byKey(steps, 'site');
      const expert = byKey(steps, 'expert');
      assert.equal(site.status, 'active');
      assert.equal(expert.status, 'active');
      assert.equal(site.deadline.dueDate, '2026-12-09'); // 3 working days from Fri 4 Dec
      // Soonest deadline first: both are due the same day, in process order.
      assert.deepEqual(
        (await ok(a.queue(reviewer2))).items.map((x: any) => x.step.key),
        ['site', 'expert'],
      );

      // Joint approval: one of the group done is not enough.
      await ok(
        a.step(reviewer, c.id, site.id, 'complete', { version: site.version, opinion: 'agree', comment: '现场符合' }),
      );
      const still = await fails(a.move(approver, c.id, 'grant', { version: c.version }), 409, 'REVIEW_STEPS_OPEN');
      assert.deepEqual(still.details.steps, ['expert']);
      await ok(
        a.step(reviewer2, c.id, expert.id, 'complete', {
          version: expert.version,
          opinion: 'disagree',
          comment: '设备清单与现场不一致（示例）',
        }),
      );
      c = await ok(a.move(approver, c.id, 'grant', { version: c.version, reason: '符合许可条件' }));
      assert.equal(c.status, 'granted');
      await fails(
        a.step(reviewer, c.id, expert.id, 'complete', {
          version: expert.version + 1,
          opinion: 'agree',
          comment: '晚了',
        }),
        409,
        'TRANSITION_NOT_ALLOWED',
      );

      // Every change an action with its event.
      const ids = steps.map((s: any) => s.id);
      const actions = await t.k.db
        .selectFrom('kernel_actions')
        .select(['action', 'subject_id'])
        .where('subject_type', '=', 'cases.step')
        .where('subject_id', 'in', ids)
        .execute();
      assert.deepEqual(actions.map((x) => x.action).sort(), [
        'claim',
        'complete',
        'complete',
        'complete',
        'create',
        'create',
        'create',
        'open',
        'open',
        'open',
      ]);
      const events = await t.k.db
        .selectFrom('kernel_outbox')
        .select('type')
        .where('subject_id', 'in', ids)
        .orderBy('id')
        .execute();
      assert.equal(events.filter((e) => e.type === 'cases.step.completed').length, 3);
      assert.equal(events.filter((e) => e.type === 'cases.step.opened').length, 3);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] a parallel group completed at once opens the next stage; no review steps keeps the simple path`, async () => {
    const t = await testApp(dialect);
    try {
      const a = api(t);
      const reviewer = await t.login('reviewer.zhengzhou');
      const reviewer2 = await addAccount(t, 'reviewer2.zz', ['reviewer'], '410100', '410100-SCJG');
      const citizen = await t.login('citizen.demo');
      // The two steps of a group completed at once: both succeed, and the next stage opens.
      const g = await publishedItem(t, { promisedDays: 10, process: GROUP_THEN });
      let e = await accepted(t, g.itemId);
      e = await ok(a.move(reviewer, e.id, 'start_review', { version: e.version }));
      const group = (await ok(a.steps(reviewer, e.id))).items.filter((x: any) => x.status === 'active');
      assert.deepEqual(
        group.map((x: any) => x.key),
        ['site', 'expert'],
      );
      const both = await Promise.all(
        group.map((x: any, i: number) =>
          a.step([reviewer, reviewer2][i], e.id, x.id, 'complete', {
            version: x.version,
            opinion: 'agree',
            comment: '同意',
          }),
        ),
      );
      assert.deepEqual(
        both.map((r) => r.statusCode),
        [200, 200],
        both.map((r) => r.body).join('\n'),
      );
      assert.equal(byKey((await ok(a.steps(reviewer, e.id))).items, 'final').status, 'active');

      // A process without review steps keeps the simple path, with no steps.
      const simple = await publishedItem(t);
      const s = await accepted(t, simple.itemId);
      assert.deepEqual((await ok(a.steps(citizen, s.id))).items, []);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] recusal, assignment, concurrent completion and jurisdiction`, async () => {
    const t = await testApp(dialect);
    try {
      const a = api(t);
      const { itemId } = await publishedItem(t, { promisedDays: 10, process: SINGLE });
      const citizen = await t.login('citizen.demo');
      const me = await ok(t.app.inject({ method: 'GET', url: '/api/v1/registry/me', headers: citizen }));
      const reviewer = await t.login('reviewer.zhengzhou');
      const reviewer2 = await addAccount(t, 'reviewer2.zz', ['reviewer'], '410100', '410100-SCJG');
      const reviewer3 = await addAccount(t, 'reviewer3.zz', ['reviewer'], '410100', '410100-SCJG');
      const approver2 = await addAccount(t, 'approver2.zz', ['approver'], '410100', '410100-SCJG');
      const luoyang = await addAccount(t, 'reviewer.ly', ['reviewer'], '410300', '410300-SCJG');
      const lead = await t.login('lead.zhengzhou');
      // reviewer.zhengzhou and approver2 declare kinship with the applicant.
      await ok(a.declare(reviewer, me.person.id), 201);
      await ok(a.declare(approver2, me.person.id), 201);

      let c = await accepted(t, itemId);
      c = await ok(a.move(reviewer2, c.id, 'start_review', { version: c.version }));
      let [st] = (await ok(a.steps(reviewer, c.id))).items;

      // The conflicted reviewer: not in their queue, 403 RECUSED, told why; recorded once, by the system.
      assert.equal((await ok(a.queue(reviewer))).items.length, 0);
      assert.equal((await ok(a.queue(reviewer2))).items.length, 1);
      const why = await ok(a.steps(reviewer, c.id));
      assert.match(why.recusal.zh, /亲属关系/);
      assert.equal((await ok(a.steps(reviewer2, c.id))).recusal, null);
      const refused = await fails(a.step(reviewer, c.id, st.id, 'claim', { version: st.version }), 403, 'RECUSED');
      assert.match(refused.message.zh, /回避/);
      assert.match(refused.message.en, /recused/);
      [st] = (await ok(a.steps(reviewer2, c.id))).items;
      await fails(
        a.step(reviewer, c.id, st.id, 'complete', { version: st.version, opinion: 'agree', comment: '同意' }),
        403,
        'RECUSED',
      );
      const recusals = await t.k.db
        .selectFrom('kernel_actions')
        .select(['actor_id', 'reason'])
        .where('subject_type', '=', 'cases.step')
        .where('subject_id', '=', st.id)
        .where('action', '=', 'recuse')
        .execute();
      assert.equal(recusals.length, 1);
      assert.equal(recusals[0].actor_id, 'system');
      assert.match(recusals[0].reason ?? '', /亲属关系/);

      // The lead assigns: never to the recused, nor to someone without the role or outside the case's region.
      [st] = (await ok(a.steps(lead, c.id))).items;
      await fails(
        a.step(lead, c.id, st.id, 'assign', { version: st.version, assignee: 'reviewer.zhengzhou' }),
        409,
        'ASSIGNEE_RECUSED',
      );
      for (const who of ['approver.zhengzhou', 'reviewer.ly', 'citizen.demo', 'nobody.at.all'])
        await fails(
          a.step(lead, c.id, st.id, 'assign', { version: st.version, assignee: who }),
          400,
          'ASSIGNEE_NOT_ELIGIBLE',
        );
      await fails(
        a.step(reviewer2, c.id, st.id, 'assign', { version: st.version, assignee: 'reviewer3.zz' }),
        403,
        'FORBIDDEN',
      );
      const candidates = (
        await ok(t.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/steps/${st.id}/candidates`, headers: lead }))
      ).items;
      const names = candidates.map((x: any) => x.username);
      for (const who of ['reviewer.zhengzhou', 'reviewer2.zz', 'reviewer3.zz']) assert.ok(names.includes(who), who);
      assert.ok(!names.includes('reviewer.ly') && !names.includes('approver.zhengzhou'));
      assert.match(candidates.find((x: any) => x.username === 'reviewer.zhengzhou').recusal.zh, /回避/);
      assert.equal(candidates.find((x: any) => x.username === 'reviewer3.zz').recusal, null);
      const assigned = await ok(a.step(lead, c.id, st.id, 'assign', { version: st.version, assignee: 'reviewer3.zz' }));
      assert.equal(assigned.assignee.name, 'reviewer3.zz（测试）');
      assert.deepEqual(
        (await ok(a.queue(reviewer3))).items.map((x: any) => x.case.id),
        [c.id],
      );
      assert.equal((await ok(a.queue(reviewer2))).items.length, 0); // held by reviewer3 now
      await ok(
        a.step(reviewer3, c.id, st.id, 'complete', { version: assigned.version, opinion: 'agree', comment: '同意' }),
      );

      // A conflicted approver cannot decide; another can.
      await fails(a.move(approver2, c.id, 'grant', { version: c.version }), 403, 'RECUSED');
      await ok(a.move(await t.login('approver.zhengzhou'), c.id, 'grant', { version: c.version }));

      // Two reviewers completing the same step at once: exactly one wins.
      let d = await accepted(t, itemId);
      d = await ok(a.move(reviewer2, d.id, 'start_review', { version: d.version }));
      const [open] = (await ok(a.steps(reviewer2, d.id))).items;
      const race = await Promise.all(
        [reviewer2, reviewer3].map((h, i) =>
          a.step(h, d.id, open.id, 'complete', { version: open.version, opinion: 'agree', comment: `同意 ${i}` }),
        ),
      );
      assert.deepEqual(race.map((r) => r.statusCode).sort(), [200, 409], race.map((r) => r.body).join('\n'));
      const [after] = (await ok(a.steps(reviewer2, d.id))).items;
      assert.equal(after.status, 'done');
      assert.equal(
        (
          await t.k.db
            .selectFrom('kernel_actions')
            .select('id')
            .where('subject_id', '=', open.id)
            .where('action', '=', 'complete')
            .execute()
        ).length,
        1,
      );

      // Jurisdiction: a reviewer in 洛阳 sees neither the case nor its steps — 404 exactly like an absent case.
      const absent = await fails(a.steps(luoyang, 'no-such-case'), 404, 'NOT_FOUND');
      const hidden = await fails(a.steps(luoyang, d.id), 404, 'NOT_FOUND');
      assert.equal(hidden.message.zh.replace(d.id, 'X'), absent.message.zh.replace('no-such-case', 'X'));
      const hiddenMove = await fails(
        a.step(luoyang, d.id, open.id, 'claim', { version: open.version }),
        404,
        'NOT_FOUND',
      );
      assert.equal(hiddenMove.message.en.replace(d.id, 'X'), absent.message.en.replace('no-such-case', 'X'));
      assert.equal((await ok(a.queue(luoyang))).items.length, 0);
      await fails(a.steps(await t.login('citizen.demo'), 'no-such-case'), 404, 'NOT_FOUND');
    } finally {
      await t.close();
    }
  });
}
