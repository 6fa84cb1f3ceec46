/** The hotline dashboard's figures through the public API, on every dialect. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { api, hotlineApp } from './test-fixtures.ts';

const dialects = await testDialects();

for (const dialect of dialects) {
  test(`[${dialect}] dashboard: statuses kept apart, overdue, on-time and late replies, satisfaction, hot topics by week, volume by type and region, rising terms, repeat complaints`, async () => {
    const t = await hotlineApp(dialect);
    try {
      const a = api(t);
      let op = await t.login('hotline.zhengzhou');
      let zj = await t.login('staff.zhengzhou.zj');
      const overdue = await a.create(op, { dispatch: {} });
      const late = await a.create(op, { content: '文化路井盖缺失', dispatch: {} });
      for (const [content, reached] of [
        ['文化路路灯不亮', true],
        ['文化路人行道破损', false],
      ] as const) {
        const x = await a.create(op, { content, dispatch: {} });
        await a.moveOk(zj, x.id, 'accept', { version: 2 });
        await a.moveOk(zj, x.id, 'reply', { version: 3, outcome: 'resolved', reply: '已处理。' });
        await a.callback(
          op,
          x.id,
          reached ? { version: 4, reached, satisfaction: 'satisfied' } : { version: 4, reached },
        );
      }
      await a.create(op, {
        requestType: 'inquiry',
        topicCode: 'labour.insurance',
        content: '社保卡丢了怎么补办',
        answer: '可在任一社保经办窗口挂失补办。',
      });
      t.clock.advanceDays(30);
      op = await t.login('hotline.zhengzhou');
      zj = await t.login('staff.zhengzhou.zj');
      await a.moveOk(zj, late.id, 'accept', { version: 2 });
      await a.moveOk(zj, late.id, 'reply', { version: 3, outcome: 'explained', reply: '已列入维修计划。' });

      const d = await a.ok('GET', '/api/v1/hotline/stats/dashboard?weeks=8', op);
      assert.equal(d.region, '410100');
      assert.equal(d.byStatus.dispatched, 1);
      assert.equal(d.byStatus.replied, 1);
      assert.equal(d.byStatus.closed_resolved, 1);
      assert.equal(d.byStatus.closed_unconfirmed, 1);
      assert.equal(d.byStatus.answered, 1);
      assert.equal(d.byStatus.closed, undefined);
      assert.equal(d.inHandling, 1);
      assert.equal(d.overdue, 1);
      assert.deepEqual(d.replies, { onTime: 2, late: 1 });
      assert.deepEqual(d.satisfaction, { satisfied: 1, basically_satisfied: 0, unsatisfied: 0, unreached: 1 });
      assert.equal(d.hotTopics.length, 8);
      assert.equal(d.hotTopics[7].week, '2026-12-28');
      assert.equal(d.hotTopics[7].total, 0);
      const week = d.hotTopics.find((w: any) => w.week === '2026-11-30');
      assert.equal(week.total, 5);
      assert.deepEqual(week.topics, [
        { code: 'urban.roads', name: '道路与市政设施', count: 4 },
        { code: 'labour.insurance', name: '社会保险', count: 1 },
      ]);
      assert.ok(overdue.id);
      // Volume of that week by type and by county (a city's lead sees its counties, named).
      const v = d.volume.find((w: any) => w.week === '2026-11-30');
      assert.equal(v.byType.complaint, 4);
      assert.equal(v.byType.inquiry, 1);
      assert.equal(v.byType.praise, 0);
      assert.deepEqual(v.byRegion, [{ code: '410105', name: '金水区', count: 5 }]);
      // The four complaints came from one caller about one topic within 90 days: three are repeats.
      assert.deepEqual(d.repeatComplaints, { complaints: 4, repeats: 3, rate: 75 });
      // Nothing registered this week yet: nothing rising.
      assert.deepEqual(d.risingTerms, []);

      // Two gas-leak calls this week, from other callers: 燃气 rises; words of earlier weeks do not.
      for (const [i, region] of [
        [1, '410105'],
        [2, '410102'],
      ] as const)
        await a.create(op, {
          content: `小区燃气管道有异味，怀疑燃气泄漏（第${i}户）。`,
          region,
          callerPhone: `1390000000${i}`,
        });
      const d2 = await a.ok('GET', '/api/v1/hotline/stats/dashboard?weeks=8', op);
      const gas = d2.risingTerms.find((x: any) => x.term === '燃气');
      assert.deepEqual(gas, { term: '燃气', thisWeek: 2, weeklyBefore: 0 });
      assert.ok(!d2.risingTerms.some((x: any) => x.term === '文化'), JSON.stringify(d2.risingTerms));
      const thisWeek = d2.volume[d2.volume.length - 1];
      assert.deepEqual(
        thisWeek.byRegion.map((r: any) => [r.name, r.count]),
        [
          ['中原区', 1],
          ['金水区', 1],
        ],
      );
      // New callers: not repeats (the period now holds six complaints, still three repeats).
      assert.deepEqual(d2.repeatComplaints, { complaints: 6, repeats: 3, rate: 50 });
      // A department's handler is not on a center's side: 403; bad input names the field.
      assert.equal((await a.call('GET', '/api/v1/hotline/stats/dashboard', zj)).statusCode, 403);
      const bad = await a.call('GET', '/api/v1/hotline/stats/dashboard?weeks=99', op);
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.field, 'query.weeks');
    } finally {
      await t.close();
    }
  });
}
