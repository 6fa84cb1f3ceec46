/** Revealing the caller's full name and phone to the center's operators: POST with a reason, logged on the ticket. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { actionsOf } from '../../kernel/audit.ts';
import { api, hotlineApp } from './test-fixtures.ts';

const dialects = await testDialects();

for (const dialect of dialects) {
  test(`[${dialect}] an operator reads the caller's full phone with a reason (logged); the department cannot`, async () => {
    const t = await hotlineApp(dialect);
    try {
      const a = api(t);
      const op = await t.login('hotline.zhengzhou');
      const ly = await t.login('hotline.luoyang');
      const zj = await t.login('staff.zhengzhou.zj');
      const tk = await a.create(op, { confidential: true, dispatch: {} });
      const url = `/api/v1/hotline/tickets/${tk.id}/caller`;

      const noReason = await a.call('POST', url, op, { reason: '' });
      assert.equal(noReason.statusCode, 400);
      const seen = await a.ok('POST', url, op, { reason: '回访核实' });
      assert.deepEqual(seen, { name: '张示例', phone: '13800000011' });
      // The handling department holds no intake permission; another city's operator does not reach the ticket.
      assert.equal((await a.call('POST', url, zj, { reason: '回访' })).statusCode, 403);
      const far = await a.call('POST', url, ly, { reason: '回访' });
      const absent = await a.call('POST', '/api/v1/hotline/tickets/no-such/caller', ly, { reason: '回访' });
      assert.equal(far.statusCode, 404);
      assert.equal(far.json().error.code, absent.json().error.code);

      // One logged read, with who and why, on the ticket's history; the log itself holds no phone.
      const reads = (await actionsOf(t.k.db, 'hotline.ticket', tk.id)).filter((x) => x.action === 'reveal_caller');
      assert.equal(reads.length, 1);
      assert.equal(reads[0].reason, '回访核实');
      assert.ok(!JSON.stringify(reads).includes('13800000011'));
      const timeline = await a.ok('GET', `/api/v1/hotline/tickets/${tk.id}/timeline`, op);
      assert.ok(JSON.stringify(timeline).includes('查看来电人完整信息'));
    } finally {
      await t.close();
    }
  });
}
