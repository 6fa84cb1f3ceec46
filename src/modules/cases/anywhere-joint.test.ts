/**
 * 多地联办 across two cities, through the public API on every dialect: a 郑州 window takes an application for 洛阳 (the
 * lead body, which accepts and decides) with a part done by 开封; 开封 does its part as a step with its own limit, the
 * decision waits for it, every side sees the case, a fourth city does not, and the report names every side.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp, type TestApp, ok } from '../../server/testing.ts';
import { FILLED, addAccount, elements } from './test-fixtures.ts';

const dialects = await testDialects();
type Headers = Record<string, string>;
type Res = { statusCode: number; body: string; json(): any };

const post = (t: TestApp, h: Headers, url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: h, payload });
const get = (t: TestApp, h: Headers, url: string) => t.app.inject({ method: 'GET', url, headers: h });

/** `409`/`403`/`400` with the code, as `h` posting `payload`. */
async function refused(p: Promise<Res>, status: number, code: string) {
  const r = await p;
  assert.equal(r.statusCode, status, r.body);
  assert.equal(r.json().error.code, code);
  return r.json().error;
}

/** An SCJG item on the province-wide list, implemented and published by 洛阳 and 开封 SCJG; their staff. */
async function jointItem(t: TestApp) {
  const admin = await t.login('admin');
  const item = await ok(
    post(t, admin, '/api/v1/catalog/items', {
      basicCode: '410J0000000001',
      name: '多地联办测试事项',
      itemType: 1,
      legalBasis: [{ title: '《测试法》', article: '第一条', excerpt: null }],
      levels: ['province', 'city', 'county'],
      departmentKind: 'SCJG',
    }),
    201,
  );
  const staff: Record<string, { reviewer: Headers; lead: Headers; clerk: Headers }> = {};
  for (const region of ['410300', '410200']) {
    const dept = `${region}-SCJG`;
    const reviewer = await addAccount(t, `rv.${region}`, ['reviewer'], region, dept);
    const lead = await addAccount(t, `ld.${region}`, ['department_lead'], region, dept);
    const clerk = await addAccount(t, `ck.${region}`, ['window_clerk'], region, `${region}-ZWFW`);
    const draft = await ok(
      post(t, reviewer, '/api/v1/catalog/implementations', {
        itemId: item.id,
        departmentCode: dept,
        effectiveFrom: '2026-01-01',
        elements: { ...elements(5), handleAnywhere: ['province_wide'] },
      }),
      201,
    );
    const url = (a: string) => `/api/v1/catalog/implementations/${draft.id}/${a}`;
    const s = await ok(post(t, reviewer, url('submit'), { version: draft.version, reason: '测试：提交' }));
    await ok(post(t, lead, url('publish'), { version: s.version, reason: '测试：发布' }));
    staff[region] = { reviewer, lead, clerk };
  }
  return { itemId: item.id as string, ly: staff['410300'], kf: staff['410200'] };
}

for (const dialect of dialects) {
  test(`[${dialect}] 多地联办: 郑州 takes it, 洛阳 accepts and decides, 开封 does its part as a step; the decision waits for it; every side sees it`, async () => {
    const t = await testApp(dialect); // Tue 2026-12-01 10:00 Shanghai
    try {
      const { itemId, ly, kf } = await jointItem(t);
      const zz = await addAccount(t, 'ck.410100', ['window_clerk'], '410100', '410100-ZWFW');
      const xx = await addAccount(t, 'ck.410700', ['window_clerk', 'reviewer'], '410700', '410700-SCJG');
      const citizen = await t.login('citizen.demo');
      const me = await ok(get(t, citizen, '/api/v1/registry/me'));
      const intake = {
        itemId,
        mode: 'joint',
        competentRegions: ['410300'],
        parts: [{ region: '410200', task: '核验开封市登记信息' }],
        form: FILLED,
        applicant: { personId: me.person.id },
        window: '郑州市政务服务中心 8 号通办窗口',
        delivery: 'online',
      };
      const url = '/api/v1/cases/anywhere';
      await refused(post(t, zz, url, { ...intake, parts: [] }), 400, 'ANYWHERE_PARTS');
      await refused(post(t, zz, url, { ...intake, competentRegions: ['410300', '410200'] }), 400, 'ANYWHERE_REGIONS');
      const same = await refused(
        post(t, zz, url, { ...intake, parts: [{ region: '410300', task: '重复' }] }),
        400,
        'ANYWHERE_PART_SAME_BODY',
      );
      assert.equal(same.field, 'parts.0.region');
      await refused(post(t, zz, url, { ...intake, mode: 'collect' }), 400, 'ANYWHERE_PARTS');

      const taken = await ok(post(t, zz, url, intake), 201);
      assert.equal(taken.cases.length, 1, 'one case, not one per body');
      const c = taken.cases[0];
      assert.deepEqual([c.region, c.status], ['410300', 'received']);
      let view = await ok(get(t, kf.clerk, `/api/v1/cases/${c.id}/anywhere`));
      assert.deepEqual(
        view.parts.map((p: any) => [p.region.code, p.department.code, p.task, p.step]),
        [['410200', '410200-SCJG', '核验开封市登记信息', null]],
      );

      // Every side sees it, in lists too; a fourth city gets the 404 of an absent case.
      for (const h of [zz, ly.clerk, kf.clerk, kf.reviewer])
        assert.equal((await get(t, h, `/api/v1/cases/${c.id}`)).statusCode, 200);
      assert.ok((await ok(get(t, kf.reviewer, '/api/v1/cases'))).items.some((x: any) => x.id === c.id));
      assert.equal((await get(t, xx, `/api/v1/cases/${c.id}`)).statusCode, 404);
      assert.ok(!(await ok(get(t, xx, '/api/v1/cases'))).items.some((x: any) => x.id === c.id));

      // Forwarded by 郑州; 开封 cannot accept (only its part is its own); 洛阳 accepts.
      const fwd = await ok(post(t, zz, `/api/v1/cases/${c.id}/forward`, { version: c.version }));
      await refused(
        post(t, kf.clerk, `/api/v1/cases/${c.id}/accept`, { version: fwd.version }),
        403,
        'JOINT_PART_ONLY',
      );
      const accepted = await ok(post(t, ly.clerk, `/api/v1/cases/${c.id}/accept`, { version: fwd.version }));
      const steps = await ok(get(t, kf.reviewer, `/api/v1/cases/${c.id}/steps`));
      assert.equal(steps.items.length, 1);
      const part = steps.items[0];
      assert.deepEqual(
        [part.key, part.status, part.body.region, part.body.department.code, part.days, part.deadline.dueDate],
        ['part-410200', 'active', '410200', '410200-SCJG', 5, '2026-12-08'],
        'its own limit: 开封’s cases.part_days, 5 working days from acceptance',
      );
      assert.match(part.name, /开封.*：核验开封市登记信息$/);

      // 洛阳 starts its review; the decision waits for 开封’s part; 洛阳’s reviewer cannot do 开封’s part.
      const review = await ok(post(t, ly.lead, `/api/v1/cases/${c.id}/start_review`, { version: accepted.version }));
      const waits = await refused(
        post(t, ly.lead, `/api/v1/cases/${c.id}/grant`, { version: review.version }),
        409,
        'REVIEW_STEPS_OPEN',
      );
      assert.deepEqual(waits.details.steps, ['part-410200']);
      await refused(
        post(t, ly.reviewer, `/api/v1/cases/${c.id}/steps/${part.id}/claim`, { version: part.version }),
        403,
        'JOINT_PART_OTHER_BODY',
      );
      const queue = await ok(get(t, kf.reviewer, '/api/v1/cases/review-queue'));
      assert.deepEqual(
        queue.items.map((q: any) => [q.case.id, q.step.id]),
        [[c.id, part.id]],
        '开封’s reviewer finds the part in the queue',
      );
      assert.equal((await ok(get(t, ly.reviewer, '/api/v1/cases/review-queue'))).items.length, 0);
      const done = await ok(
        post(t, kf.reviewer, `/api/v1/cases/${c.id}/steps/${part.id}/complete`, {
          version: part.version,
          opinion: 'agree',
          comment: '开封市登记信息核验无误',
        }),
      );
      assert.deepEqual([done.status, done.opinion], ['done', 'agree']);
      // 开封 still may not decide; 洛阳 decides now.
      await refused(
        post(t, kf.lead, `/api/v1/cases/${c.id}/grant`, { version: review.version }),
        403,
        'JOINT_PART_ONLY',
      );
      const granted = await ok(post(t, ly.lead, `/api/v1/cases/${c.id}/grant`, { version: review.version }));
      assert.equal(granted.status, 'granted');

      view = await ok(get(t, citizen, `/api/v1/cases/${c.id}/anywhere`));
      assert.deepEqual([view.parts[0].step.status, view.parts[0].step.opinion], ['done', 'agree']);
      const timeline = await ok(get(t, citizen, `/api/v1/cases/${c.id}/timeline`));
      assert.deepEqual(
        timeline.items.map((i: any) => i.action),
        ['receive', 'forward', 'accept', 'start_review', 'grant'],
      );

      // The report names the accepting region, the lead body and the part's body; 开封 sees its own row only.
      const rows = (r: any) =>
        r.items.map((x: any) => [x.acceptingRegion.code, x.competentRegion.code, x.side, x.cases]);
      assert.deepEqual(rows(await ok(get(t, zz, '/api/v1/cases/anywhere/report'))), [
        ['410100', '410200', 'part', 1],
        ['410100', '410300', 'lead', 1],
      ]);
      assert.deepEqual(rows(await ok(get(t, kf.clerk, '/api/v1/cases/anywhere/report'))), [
        ['410100', '410200', 'part', 1],
      ]);
    } finally {
      await t.close();
    }
  });
}
