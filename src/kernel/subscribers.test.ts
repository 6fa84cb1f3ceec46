/** In-process subscribers on every dialect: delivered by the outbox dispatcher at least once, effective once, retried, dead-lettered. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from './db/testing.ts';
import { testApp, type TestApp } from '../server/testing.ts';
import { systemCtx } from './context.ts';
import { OutboxDispatcher, bindSubscribers, DELIVERY_BACKOFF_MS } from './outbox.ts';
import type { EventEnvelope } from './events.ts';
import type { Subscriber } from './subscribers.ts';
import { generateUscc } from './validators/uscc.ts';
import { generateResidentId } from './validators/resident-id.ts';
import './db/kernel-tables.ts';

const dialects = await testDialects();

/** Registers an enterprise through the public API, as a clerk would; returns its id. */
async function register(t: TestApp, n: number): Promise<string> {
  const clerk = await t.login('clerk.jinshui');
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/registry/enterprises',
    headers: clerk,
    payload: {
      uscc: generateUscc({ division: '410105', seq: 700 + n }),
      name: `订阅测试企业${n}（示例）`,
      orgType: 'enterprise',
      entityType: '有限责任公司（自然人投资或控股）',
      region: '410105',
      address: '郑州市金水区测试路1号',
      industry: '62',
      legalRepresentative: {
        name: '张三',
        residentId: generateResidentId({ region: '410105', birthDate: '1980-05-06', seq: n }),
      },
    },
  });
  assert.equal(r.statusCode, 201, r.body);
  return r.json().id;
}

for (const dialect of dialects) {
  test(`[${dialect}] a subscriber receives each matching event once, even when it is delivered again`, async () => {
    const t = await testApp(dialect);
    try {
      const seen: EventEnvelope[] = [];
      const sub: Subscriber = {
        name: 'test.count_registrations',
        events: ['registry.enterprise.registered'],
        async handle(_k, event, tx) {
          seen.push(event);
          // A handler's own write commits with its receipt: proved by an action recorded in the same transaction.
          await t.k.audit.record(tx, systemCtx(t.clock.now()), {
            action: 'noticed',
            subjectType: 'test.notice',
            subjectId: event.id,
          });
        },
      };
      const dispatcher = new OutboxDispatcher(t.k, { subscribers: bindSubscribers(t.k, [sub]) });
      await dispatcher.runOnce(); // the demo seed's events: none match
      assert.equal(seen.length, 0);
      const id = await register(t, 1);
      const r = await dispatcher.runOnce();
      assert.equal(r.delivered, 1);
      assert.equal(seen.length, 1);
      assert.equal(seen[0].type, 'registry.enterprise.registered');
      assert.equal((seen[0].payload as { id: string }).id, id);

      // Delivered again (a redrive, or a process that lost its lease): the receipt makes it a no-op.
      await t.k.db
        .updateTable('kernel_event_deliveries')
        .set({ status: 'pending', next_attempt_at: t.clock.now().toISOString() })
        .where('event_id', '=', seen[0].id)
        .execute();
      const again = await dispatcher.runOnce();
      assert.equal(again.delivered, 1);
      assert.equal(seen.length, 1, 'the handler did not run twice');
      const notices = await t.k.db
        .selectFrom('kernel_actions')
        .select('id')
        .where('subject_type', '=', 'test.notice')
        .execute();
      assert.equal(notices.length, 1);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] a failing subscriber rolls back, is retried on the backoff schedule, then succeeds`, async () => {
    const t = await testApp(dialect);
    try {
      let calls = 0;
      const sub: Subscriber = {
        name: 'test.flaky',
        events: ['registry.*'],
        async handle(_k, event, tx) {
          calls++;
          await t.k.audit.record(tx, systemCtx(t.clock.now()), {
            action: 'tried',
            subjectType: 'test.notice',
            subjectId: event.id,
          });
          if (calls === 1) throw new Error('downstream not ready');
        },
      };
      const dispatcher = new OutboxDispatcher(t.k, {
        subscribers: bindSubscribers(t.k, [sub]),
        deliveryBatch: 1000,
        fanOutBatch: 1000,
      });
      await dispatcher.runOnce();
      const seeded = calls; // one call per registry event of the demo seed; the first failed
      assert.ok(seeded >= 1);
      const failed = await t.k.db
        .selectFrom('kernel_event_deliveries')
        .selectAll()
        .where('webhook_id', '=', 'subscriber:test.flaky')
        .where('status', '=', 'pending')
        .execute();
      assert.equal(failed.length, 1);
      assert.equal(failed[0].last_error, 'downstream not ready');
      const tried = await t.k.db
        .selectFrom('kernel_actions')
        .select('id')
        .where('subject_type', '=', 'test.notice')
        .execute();
      assert.equal(tried.length, seeded - 1, 'the failed attempt left nothing behind');
      t.clock.advance(DELIVERY_BACKOFF_MS[0] + 1000);
      await dispatcher.runOnce(t.clock.now());
      const after = await t.k.db
        .selectFrom('kernel_event_deliveries')
        .select('status')
        .where('webhook_id', '=', 'subscriber:test.flaky')
        .where('event_id', '=', failed[0].event_id)
        .executeTakeFirstOrThrow();
      assert.equal(after.status, 'delivered');
      assert.equal(calls, seeded + 1);
    } finally {
      await t.close();
    }
  });
}
