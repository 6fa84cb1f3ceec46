/** Cases fill the catalog's per-county delegation figures (volume, decided, on-time rate), on every dialect. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp, type TestApp, ok } from '../../server/testing.ts';
import { FILLED, publishedItem } from './test-fixtures.ts';

const dialects = await testDialects();
type Headers = Record<string, string>;

const post = (t: TestApp, h: Headers, url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: h, payload });
const get = (t: TestApp, h: Headers, url: string) => t.app.inject({ method: 'GET', url, headers: h });

for (const dialect of dialects) {
  test(`[${dialect}] the delegation report counts the cases filed under each delegation in each county, and the on-time share of those decided`, async () => {
    const t = await testApp(dialect); // Tue 2026-12-01 10:00 Shanghai
    try {
      const { itemId } = await publishedItem(t, { department: '410100-SCJG' });
      const lead = await t.login('lead.zhengzhou');
      const reviewer = await t.login('reviewer.zhengzhou');
      const citizen = await t.login('citizen.demo');
      const d = await ok(
        post(t, lead, '/api/v1/catalog/delegations', {
          itemId,
          fromRegion: '410100',
          toRegions: ['410105', '410102'],
          effectiveFrom: '2026-12-01',
          reason: '放权赋能：下放至金水区、中原区（测试）',
        }),
        201,
      );
      const report = async () =>
        (await ok(get(t, reviewer, '/api/v1/catalog/reports/delegations?region=410100'))).items
          .filter((r: any) => r.delegationId === d.id)
          .map((r: any) => [r.county, r.volume, r.decided, r.onTimeRate, r.metricsStatus]);
      assert.deepEqual(await report(), [
        ['410102', 0, 0, null, 'from_cases'],
        ['410105', 0, 0, null, 'from_cases'],
      ]);

      // Two cases in 金水 (410105) under the delegation, one decided within its limit; one filed in the city itself
      // (410100: not delegated) counts nowhere.
      const file = async (region: string) =>
        ok(post(t, citizen, '/api/v1/cases', { itemId, region, form: FILLED }), 201);
      const a = await file('410105');
      assert.deepEqual([a.region, a.basis], ['410105', 'delegated']);
      await file('410105');
      await file('410100');
      let c = a;
      for (const action of ['accept', 'start_review', 'grant'])
        c = await ok(post(t, lead, `/api/v1/cases/${a.id}/${action}`, { version: c.version }));
      assert.equal(c.status, 'granted');
      assert.deepEqual(await report(), [
        ['410102', 0, 0, null, 'from_cases'],
        ['410105', 2, 1, 1, 'from_cases'],
      ]);
    } finally {
      await t.close();
    }
  });
}
