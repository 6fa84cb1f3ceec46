/** In-person visits (跑动次数) through the public API, on every dialect: recorded by the window, flagged past the promise. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp } from '../../server/testing.ts';
import { FILLED, publishedItem } from './test-fixtures.ts';

const dialects = await testDialects();
type Res = { statusCode: number; body: string; json(): any };

function check(r: Res, status: number) {
  assert.equal(r.statusCode, status, r.body);
  return r.json();
}

for (const dialect of dialects) {
  test(`[${dialect}] visits: the window records each, a double click records one, more than promised is flagged; others cannot`, async () => {
    const t = await testApp(dialect);
    try {
      const { itemId } = await publishedItem(t); // promises at most 1 in-person visit
      const citizen = await t.login('citizen.demo');
      const clerk = await t.login('clerk.jinshui');
      const supervisor = await t.login('supervisor.province');
      const otherCity = await t.login('clerk.jianxi');
      const filed = check(
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/cases',
          headers: citizen,
          payload: { itemId, region: '410105', form: FILLED },
        }),
        201,
      );
      const url = `/api/v1/cases/${filed.id}/visits`;
      const record = (h: Record<string, string>, payload: Record<string, unknown>) =>
        t.app.inject({ method: 'POST', url, headers: h, payload });
      const visit = { window: '金水区政务服务中心 3 号窗口', purpose: 'supplement' };

      // Filed online: no visit yet, one promised.
      assert.deepEqual(check(await t.app.inject({ method: 'GET', url, headers: citizen }), 200), {
        caseId: filed.id,
        count: 0,
        declared: 1,
        over: false,
      });
      assert.equal(check(await record(clerk, { ...visit, seen: 0 }), 201).count, 1);
      // The same click again: refused, nothing recorded.
      const twice = check(await record(clerk, { ...visit, seen: 0 }), 409);
      assert.equal(twice.error.code, 'VISIT_ALREADY_RECORDED');
      assert.equal(twice.error.field, 'seen');
      assert.equal(check(await t.app.inject({ method: 'GET', url, headers: clerk }), 200).count, 1);
      const flags = async () =>
        (
          check(await t.app.inject({ method: 'GET', url: `/api/v1/cases/${filed.id}/flags`, headers: supervisor }), 200)
            .items as any[]
        ).map((f) => f.code);
      assert.ok(!(await flags()).includes('visits_over_promise'), 'one visit keeps the promise');

      const second = check(await record(clerk, { ...visit, purpose: 'consult', seen: 1 }), 201);
      assert.deepEqual([second.count, second.declared, second.over], [2, 1, true]);
      assert.ok((await flags()).includes('visits_over_promise'), 'two visits break the promise of one');
      const items = check(
        await t.app.inject({ method: 'GET', url: `/api/v1/cases/${filed.id}/flags`, headers: supervisor }),
        200,
      ).items as any[];
      assert.equal(items.find((f) => f.code === 'visits_over_promise').label.zh, '跑动次数超过承诺');

      // In the timeline, in words, with the purpose as the reason.
      const timeline = check(
        await t.app.inject({ method: 'GET', url: `/api/v1/cases/${filed.id}/timeline`, headers: citizen }),
        200,
      );
      const visits = (timeline.items ?? timeline).filter((e: any) => e.action === 'record_visit');
      assert.deepEqual(
        visits.map((e: any) => [e.label.zh, e.reason]),
        [
          ['登记申请人到场', '补正材料'],
          ['登记申请人到场', '咨询'],
        ],
      );

      // The applicant cannot record a visit; another city's window sees no such case; bad input changes nothing.
      assert.equal(check(await record(citizen, { ...visit, seen: 2 }), 403).error.code, 'FORBIDDEN');
      const absent = check(await record(otherCity, { ...visit, seen: 2 }), 404);
      const missing = check(
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/cases/no-such-case/visits',
          headers: otherCity,
          payload: { ...visit, seen: 2 },
        }),
        404,
      );
      assert.equal(absent.error.code, missing.error.code);
      assert.equal(
        absent.error.message.en.replace(filed.id, 'X'),
        missing.error.message.en.replace('no-such-case', 'X'),
      );
      assert.equal(check(await record(clerk, { ...visit, purpose: 'shopping', seen: 2 }), 400).error.field, 'purpose');
      assert.equal(check(await record(clerk, { ...visit, window: '', seen: 2 }), 400).error.field, 'window');
      assert.equal(check(await t.app.inject({ method: 'GET', url, headers: clerk }), 200).count, 2);
    } finally {
      await t.close();
    }
  });
}
