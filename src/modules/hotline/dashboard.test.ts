/** The hotline dashboard's figures through the public API, on every dialect. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { api, hotlineApp } from './test-fixtures.ts';

const dialects = await testDialects();

for (const dialect of dialects) {
  test(`[${dialect}] dashboard: statuses kept apart, overdue, on-time and late replies, satisfaction, hot topics by week`, async () => {
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
