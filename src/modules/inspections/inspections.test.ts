/** The inspections module through its public API, on every dialect. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp } from '../../server/testing.ts';
import { OutboxDispatcher, bindSubscribers } from '../../kernel/outbox.ts';
import { inspectionsSubscribers } from './subscribers.ts';

const dialects = await testDialects();

for (const dialect of dialects) {
  test(`[${dialect}] records: create, read, close with a reason, guarded by version and lifecycle; outside jurisdiction is absent`, async () => {
    const t = await testApp(dialect);
    try {
      const lead = await t.login('lead.zhengzhou'); // department_lead in 410100
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/inspections/records',
        headers: lead,
        payload: { title: '测试记录', region: '410105' },
      });
      assert.equal(created.statusCode, 201, created.body);
      const rec = created.json();
      assert.equal(rec.status, 'open');

      const clerk = await t.login('clerk.jinshui'); // window_clerk: may read, may not manage
      assert.equal(
        (await t.app.inject({ method: 'GET', url: `/api/v1/inspections/records/${rec.id}`, headers: clerk }))
          .statusCode,
        200,
      );
      assert.equal(
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/v1/inspections/records',
            headers: clerk,
            payload: { title: 'x', region: '410105' },
          })
        ).statusCode,
        403,
      );

      const inspector = await t.login('inspector.luoyang'); // Luoyang: Zhengzhou's record is absent for them
      const away = await t.app.inject({
        method: 'GET',
        url: `/api/v1/inspections/records/${rec.id}`,
        headers: inspector,
      });
      const absent = await t.app.inject({
        method: 'GET',
        url: '/api/v1/inspections/records/no-such-record',
        headers: inspector,
      });
      assert.equal(away.statusCode, 404);
      assert.equal(away.json().error.code, absent.json().error.code);

      const noReason = await t.app.inject({
        method: 'POST',
        url: `/api/v1/inspections/records/${rec.id}/close`,
        headers: lead,
        payload: { version: 1, reason: ' ' },
      });
      assert.equal(noReason.statusCode, 400);
      assert.equal(noReason.json().error.code, 'REASON_REQUIRED');
      const closed = await t.app.inject({
        method: 'POST',
        url: `/api/v1/inspections/records/${rec.id}/close`,
        headers: lead,
        payload: { version: 1, reason: '已办结' },
      });
      assert.equal(closed.statusCode, 200, closed.body);
      assert.equal(closed.json().status, 'closed');
      const stale = await t.app.inject({
        method: 'POST',
        url: `/api/v1/inspections/records/${rec.id}/reopen`,
        headers: lead,
        payload: { version: 1, reason: '重开' },
      });
      assert.equal(stale.json().error.code, 'VERSION_CONFLICT');
      const twice = await t.app.inject({
        method: 'POST',
        url: `/api/v1/inspections/records/${rec.id}/close`,
        headers: lead,
        payload: { version: 2, reason: '再次办结' },
      });
      assert.equal(twice.statusCode, 409);
      assert.equal(twice.json().error.code, 'TRANSITION_NOT_ALLOWED');

      // The subscriber notes the closing once, even when the event is delivered again.
      const dispatcher = new OutboxDispatcher(t.k, {
        subscribers: bindSubscribers(t.k, inspectionsSubscribers),
        fanOutBatch: 1000,
        deliveryBatch: 1000,
      });
      await dispatcher.runOnce();
      await t.k.db
        .updateTable('kernel_event_deliveries')
        .set({ status: 'pending', next_attempt_at: t.clock.now().toISOString() })
        .where('webhook_id', '=', 'subscriber:inspections.note_closures')
        .execute();
      await dispatcher.runOnce();
      const noted = await t.k.db
        .selectFrom('inspections_closures')
        .selectAll()
        .where('record_id', '=', rec.id)
        .execute();
      assert.equal(noted.length, 1);
    } finally {
      await t.close();
    }
  });
}
