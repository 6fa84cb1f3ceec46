/** The outbox dispatcher and the events API on every dialect: signed delivery, the retry schedule, dead letters and redrive. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { testDialects } from './db/testing.ts';
import { testApp, type TestApp } from '../server/testing.ts';
import { recordAction, actionsOf } from './audit.ts';
import {
  DELIVERY_BACKOFF_MS,
  OutboxDispatcher,
  matchesEventType,
  signatureHeader,
  verifySignature,
  type DispatcherOptions,
} from './outbox.ts';
import type { WorkerLog } from './jobs.ts';
import './db/kernel-tables.ts';

const dialects = await testDialects();

interface Received {
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: Record<string, unknown>;
  signatureValid: boolean;
}

/**
 * A webhook consumer on 127.0.0.1, verifying signatures the way docs/events-and-jobs.md tells consumers to — written
 * here independently of outbox.ts: HMAC-SHA256(secret, "<t>.<raw body>"), constant-time compare, |now − t| ≤ 300 s.
 */
async function consumer(now: () => Date, answer: (r: Received) => number | 'hang' = () => 200) {
  let secret = '';
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const header = String(req.headers['onewindow-signature'] ?? '');
      const parts = header.split(',').map((p) => p.split('='));
      const t = Number(parts.find(([k]) => k === 't')?.[1]);
      const expected = createHmac('sha256', secret).update(`${t}.${raw}`).digest();
      const signatureValid =
        Math.abs(now().getTime() / 1000 - t) <= 300 &&
        parts.some(
          ([k, v]) => k === 'v1' && /^[0-9a-f]{64}$/.test(v) && timingSafeEqual(Buffer.from(v, 'hex'), expected),
        );
      const r: Received = { headers: req.headers, raw, body: JSON.parse(raw), signatureValid };
      received.push(r);
      const status = signatureValid ? answer(r) : 400;
      if (status === 'hang') return; // never answers
      res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/onewindow`,
    received,
    setSecret: (s: string) => (secret = s),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function capturingLog(): WorkerLog & { lines: unknown[] } {
  const lines: unknown[] = [];
  const push = (obj: object, msg?: string) => void lines.push({ ...obj, msg });
  return { lines, info: push, warn: push, error: push };
}

/** A change with its event, as any module would write it. Returns the event id. */
async function emit(t: TestApp, type: string, payload: Record<string, unknown>, subjectId = 'x1'): Promise<string> {
  const action = await t.k.db.transaction().execute((tx) =>
    recordAction(
      tx,
      t.k.adapter,
      {
        actor: { id: 'u-test', role: 'admin' },
        at: t.clock.now(),
        action: 'test',
        subjectType: 'thing',
        subjectId,
        event: { type, payload },
      },
      { hashAlg: 'sha256' },
    ),
  );
  const row = await t.k.db
    .selectFrom('kernel_outbox')
    .select('id')
    .where('action_id', '=', action.id)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function setup(
  dialect: (typeof dialects)[number],
  answer?: (r: Received) => number | 'hang',
  opts: DispatcherOptions = {},
) {
  const t = await testApp(dialect);
  const admin = await t.login('admin');
  const c = await consumer(() => t.clock.now(), answer);
  const log = capturingLog();
  const dispatcher = new OutboxDispatcher(t.k, { log, ...opts });
  await dispatcher.runOnce(); // the demo seed's own events, before any webhook exists
  return { t, admin, c, log, dispatcher };
}

async function createHook(t: TestApp, admin: Record<string, string>, url: string, eventTypes: string[]) {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/events/webhooks',
    headers: admin,
    payload: { url, eventTypes, description: '测试订阅' },
  });
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as { id: string; secret: string; url: string; eventTypes: string[]; active: boolean };
}

test('event type patterns: *, exact types and prefixes ending in .*', () => {
  assert.ok(matchesEventType(['*'], 'registry.enterprise.registered'));
  assert.ok(matchesEventType(['registry.*'], 'registry.enterprise.registered'));
  assert.ok(matchesEventType(['registry.enterprise.*'], 'registry.enterprise.updated'));
  assert.ok(matchesEventType(['kernel.calendar.loaded'], 'kernel.calendar.loaded'));
  assert.ok(!matchesEventType(['registry.*'], 'registryx.enterprise.registered'));
  assert.ok(!matchesEventType(['registry.person.*'], 'registry.enterprise.registered'));
  assert.ok(!matchesEventType([], 'registry.enterprise.registered'));
});

test('signatureHeader / verifySignature: the documented format, tampering and stale timestamps', () => {
  const secret = 'whsec_test';
  const body = '{"id":"e1","type":"test.thing.changed"}';
  const t = 1_796_097_600;
  const header = signatureHeader(secret, body, t);
  assert.equal(header, `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`);
  assert.ok(verifySignature(header, body, secret, t + 299));
  assert.ok(!verifySignature(header, body, secret, t + 301), 'older than 5 minutes');
  assert.ok(!verifySignature(header, body.replace('e1', 'e2'), secret, t), 'tampered body');
  assert.ok(!verifySignature(header, body, 'whsec_other', t), 'wrong secret');
  assert.ok(!verifySignature(header.replace(`t=${t}`, `t=${t + 1}`), body, secret, t), 'tampered timestamp');
  assert.ok(
    verifySignature(`v1=${'0'.repeat(64)},${header}`, body, secret, t),
    'any matching v1 (secret rotation) is accepted',
  );
});

for (const dialect of dialects) {
  test(`[${dialect}] an event is delivered once, signed, to the webhooks whose patterns match`, async () => {
    const { t, admin, c, log, dispatcher } = await setup(dialect);
    const other = await consumer(() => t.clock.now());
    try {
      const hook = await createHook(t, admin, c.url, ['test.thing.*']);
      const unrelated = await createHook(t, admin, other.url, ['registry.*']);
      assert.match(hook.secret, /^whsec_[A-Za-z0-9_-]{43}$/);
      c.setSecret(hook.secret);
      other.setSecret(unrelated.secret);

      const stored = await t.k.db
        .selectFrom('kernel_webhooks')
        .select('secret')
        .where('id', '=', hook.id)
        .executeTakeFirstOrThrow();
      assert.ok(
        !stored.secret.includes(hook.secret) && stored.secret.startsWith('v1.'),
        'the secret is stored encrypted',
      );
      assert.equal(t.k.cipher.decrypt(stored.secret), hook.secret);
      const list = await t.app.inject({ method: 'GET', url: '/api/v1/events/webhooks', headers: admin });
      assert.equal(list.statusCode, 200);
      assert.deepEqual(
        list.json().items.map((w: { id: string }) => w.id),
        [hook.id, unrelated.id],
      );
      assert.ok(!list.body.includes(hook.secret) && !list.body.includes('secret'), 'the list never shows secrets');
      assert.deepEqual(
        (await actionsOf(t.k.db, 'kernel.webhook', hook.id)).map((a) => a.action),
        ['create_webhook'],
      );

      const eventId = await emit(t, 'test.thing.changed', { n: 1, 名称: '测试' });
      const r = await dispatcher.runOnce();
      assert.equal(r.fannedOut, 1);
      assert.equal(r.delivered, 1);
      assert.equal(c.received.length, 1);
      assert.equal(other.received.length, 0, 'registry.* does not match test.thing.changed');
      const got = c.received[0];
      assert.equal(got.signatureValid, true, 'the consumer verified the signature');
      assert.match(String(got.headers['onewindow-signature']), /^t=\d+,v1=[0-9a-f]{64}$/);
      assert.equal(got.headers['onewindow-event-id'], eventId);
      assert.equal(got.headers['onewindow-event-type'], 'test.thing.changed');
      assert.equal(got.headers['content-type'], 'application/json');
      const outboxRow = await t.k.db
        .selectFrom('kernel_outbox')
        .selectAll()
        .where('id', '=', eventId)
        .executeTakeFirstOrThrow();
      assert.deepEqual(got.body, {
        id: eventId,
        type: 'test.thing.changed',
        subjectType: 'thing',
        subjectId: 'x1',
        actionId: outboxRow.action_id,
        createdAt: t.clock.now().toISOString(),
        payload: { n: 1, 名称: '测试' },
      });
      assert.ok(outboxRow.dispatched_at, 'the event is marked dispatched');

      const again = await dispatcher.runOnce();
      assert.deepEqual([again.fannedOut, again.attempted], [0, 0], 'nothing is sent twice');
      const d = await t.k.db
        .selectFrom('kernel_event_deliveries')
        .selectAll()
        .where('event_id', '=', eventId)
        .execute();
      assert.equal(d.length, 1);
      assert.equal(d[0].status, 'delivered');
      assert.equal(Number(d[0].last_status), 200);

      const feed = await t.app.inject({ method: 'GET', url: `/api/v1/events?type=test.thing.changed`, headers: admin });
      assert.equal(feed.statusCode, 200);
      assert.deepEqual(feed.json().items, [got.body], 'the feed lists the same envelope');
      assert.ok(!JSON.stringify(log.lines).includes(hook.secret), 'secrets never reach the logs');
    } finally {
      await c.close();
      await other.close();
      await t.close();
    }
  });

  test(`[${dialect}] a failing endpoint is retried on schedule, dead-lettered after the last attempt, and redrive delivers it`, async () => {
    let failing = true;
    const { t, c, log, dispatcher, ...s } = await setup(dialect, () => (failing ? 503 : 204));
    let admin = s.admin;
    try {
      const hook = await createHook(t, admin, c.url, ['*']);
      c.setSecret(hook.secret);
      const eventId = await emit(t, 'test.thing.changed', { n: 2 });
      const first = await dispatcher.runOnce();
      assert.equal(first.retrying, 1);
      const delivery = () =>
        t.k.db
          .selectFrom('kernel_event_deliveries')
          .selectAll()
          .where('event_id', '=', eventId)
          .executeTakeFirstOrThrow();
      assert.equal((await delivery()).next_attempt_at, new Date(t.clock.now().getTime() + 30_000).toISOString());

      // Retries after 30 s, 2 min, 10 min, 1 h, 6 h; a second before each is due nothing is sent.
      assert.deepEqual(DELIVERY_BACKOFF_MS, [30_000, 120_000, 600_000, 3_600_000, 21_600_000]);
      for (const [i, delay] of DELIVERY_BACKOFF_MS.entries()) {
        t.clock.advance(delay - 1000);
        assert.equal((await dispatcher.runOnce()).attempted, 0, `retry ${i + 1} is not due early`);
        t.clock.advance(1000);
        const r = await dispatcher.runOnce();
        assert.equal(r.attempted, 1, `retry ${i + 1} is sent on time`);
        assert.equal(i < DELIVERY_BACKOFF_MS.length - 1 ? r.retrying : r.dead, 1);
      }
      const dead = await delivery();
      assert.equal(dead.status, 'dead');
      assert.equal(Number(dead.attempts), 6);
      t.clock.advanceDays(7);
      assert.equal((await dispatcher.runOnce()).attempted, 0, 'a dead letter is not retried by itself');
      admin = await t.login('admin'); // the clock moved past the session's lifetime

      assert.equal(c.received.length, 6);
      assert.ok(c.received.every((r) => r.signatureValid));
      assert.deepEqual(
        new Set(c.received.map((r) => r.headers['onewindow-event-id'])),
        new Set([eventId]),
        'every attempt carries the same event id',
      );
      assert.deepEqual(new Set(c.received.map((r) => r.body.id)), new Set([eventId]));
      assert.deepEqual(
        c.received.map((r) => r.headers['onewindow-delivery-attempt']),
        ['1', '2', '3', '4', '5', '6'],
      );

      const letters = await t.app.inject({ method: 'GET', url: '/api/v1/events/dead-letters', headers: admin });
      assert.equal(letters.statusCode, 200);
      const item = letters.json().items[0];
      assert.deepEqual(
        {
          eventId: item.eventId,
          webhookId: item.webhookId,
          eventType: item.eventType,
          webhookUrl: item.webhookUrl,
          status: item.status,
          attempts: item.attempts,
          lastStatus: item.lastStatus,
          lastError: item.lastError,
        },
        {
          eventId,
          webhookId: hook.id,
          eventType: 'test.thing.changed',
          webhookUrl: c.url,
          status: 'dead',
          attempts: 6,
          lastStatus: 503,
          lastError: 'HTTP 503',
        },
      );
      assert.equal(letters.json().nextCursor, null);

      failing = false;
      const url = `/api/v1/events/dead-letters/${eventId}/${hook.id}/redrive`;
      const redriven = await t.app.inject({ method: 'POST', url, headers: admin });
      assert.equal(redriven.statusCode, 200, redriven.body);
      assert.equal(redriven.json().status, 'pending');
      assert.equal(redriven.json().attempts, 0);
      const twice = await t.app.inject({ method: 'POST', url, headers: admin });
      assert.equal(twice.statusCode, 409);
      assert.equal(twice.json().error.code, 'DELIVERY_NOT_DEAD');
      const missing = await t.app.inject({
        method: 'POST',
        url: `/api/v1/events/dead-letters/${eventId}/no-such-hook/redrive`,
        headers: admin,
      });
      assert.equal(missing.statusCode, 404);

      const r = await dispatcher.runOnce();
      assert.equal(r.delivered, 1);
      assert.equal(c.received.length, 7);
      assert.equal(
        c.received[6].headers['onewindow-event-id'],
        eventId,
        'the redriven delivery carries the same event id, so consumers dedupe',
      );
      assert.equal(c.received[6].raw, c.received[0].raw, 'the same body every time');
      assert.equal((await delivery()).status, 'delivered');
      const after = await t.app.inject({ method: 'GET', url: '/api/v1/events/dead-letters', headers: admin });
      assert.deepEqual(after.json().items, []);
      assert.deepEqual(
        (await actionsOf(t.k.db, 'kernel.event_delivery', `${eventId}:${hook.id}`)).map((a) => a.action),
        ['redrive_delivery'],
      );
      assert.ok(!JSON.stringify(log.lines).includes(hook.secret), 'secrets never reach the logs');
      assert.ok(log.lines.some((l) => (l as { msg?: string }).msg === 'event delivery dead-lettered'));
    } finally {
      await c.close();
      await t.close();
    }
  });

  test(`[${dialect}] a hanging endpoint times out and counts as a failed attempt`, async () => {
    const { t, admin, c, dispatcher } = await setup(dialect, () => 'hang', { timeoutMs: 200 });
    try {
      const hook = await createHook(t, admin, c.url, ['test.*']);
      c.setSecret(hook.secret);
      const eventId = await emit(t, 'test.thing.changed', {});
      const r = await dispatcher.runOnce();
      assert.equal(r.retrying, 1);
      const d = await t.k.db
        .selectFrom('kernel_event_deliveries')
        .selectAll()
        .where('event_id', '=', eventId)
        .executeTakeFirstOrThrow();
      assert.equal(d.last_error, 'timeout after 200 ms');
      assert.equal(d.last_status, null);
    } finally {
      await c.close();
      await t.close();
    }
  });

  test(`[${dialect}] deleting a webhook stops its deliveries and is audited; validation errors name the field`, async () => {
    const { t, c, dispatcher, ...s } = await setup(dialect, () => 500);
    let admin = s.admin;
    try {
      const hook = await createHook(t, admin, c.url, ['test.*']);
      c.setSecret(hook.secret);
      await emit(t, 'test.thing.changed', {});
      assert.equal((await dispatcher.runOnce()).retrying, 1);
      const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/events/webhooks/${hook.id}`, headers: admin });
      assert.equal(del.statusCode, 204);
      assert.equal(
        (await t.app.inject({ method: 'DELETE', url: `/api/v1/events/webhooks/${hook.id}`, headers: admin }))
          .statusCode,
        404,
      );
      assert.deepEqual(
        (await t.app.inject({ method: 'GET', url: '/api/v1/events/webhooks', headers: admin })).json().items,
        [],
      );
      assert.equal(
        (await t.k.db.selectFrom('kernel_event_deliveries').selectAll().where('webhook_id', '=', hook.id).execute())
          .length,
        0,
      );
      t.clock.advanceDays(1);
      admin = await t.login('admin'); // the clock moved past the session's lifetime
      await emit(t, 'test.thing.changed', {});
      const r = await dispatcher.runOnce();
      assert.deepEqual([r.fannedOut, r.attempted], [1, 0], 'a deleted webhook gets nothing');
      assert.equal(c.received.length, 1);
      assert.deepEqual(
        (await actionsOf(t.k.db, 'kernel.webhook', hook.id)).map((a) => a.action),
        ['create_webhook', 'delete_webhook'],
      );

      const bad = async (payload: Record<string, unknown>) =>
        (await t.app.inject({ method: 'POST', url: '/api/v1/events/webhooks', headers: admin, payload })).json().error;
      assert.deepEqual(pick(await bad({ url: 'ftp://example.org/x', eventTypes: ['*'] })), {
        code: 'WEBHOOK_URL_INVALID',
        field: 'body.url',
      });
      assert.deepEqual(pick(await bad({ url: 'https://user:pw@example.org/x', eventTypes: ['*'] })), {
        code: 'WEBHOOK_URL_INVALID',
        field: 'body.url',
      });
      assert.deepEqual(pick(await bad({ url: 'https://example.org/x', eventTypes: ['registry.*', 'Registry.**'] })), {
        code: 'EVENT_TYPE_PATTERN_INVALID',
        field: 'body.eventTypes.1',
      });
      assert.equal((await bad({ url: 'https://example.org/x', eventTypes: [] })).status, 400);
      const clerk = await t.login('clerk.jinshui');
      assert.equal(
        (await t.app.inject({ method: 'GET', url: '/api/v1/events/dead-letters', headers: clerk })).statusCode,
        403,
      );
    } finally {
      await c.close();
      await t.close();
    }
  });

  test(`[${dialect}] two dispatchers working at once deliver each event exactly once; the feed pages by event id`, async () => {
    const { t, admin, c, dispatcher } = await setup(dialect);
    try {
      const hook = await createHook(t, admin, c.url, ['test.*']);
      c.setSecret(hook.secret);
      const ids: string[] = [];
      for (let i = 0; i < 30; i++) ids.push(await emit(t, 'test.thing.changed', { i }, `s${i}`));
      const second = new OutboxDispatcher(t.k, { fanOutBatch: 7, deliveryBatch: 5 });
      const drain = async (d: OutboxDispatcher) => {
        for (;;) {
          const r = await d.runOnce();
          if (r.fannedOut === 0 && r.attempted === 0) return;
        }
      };
      await Promise.all([
        drain(dispatcher),
        drain(second),
        drain(new OutboxDispatcher(t.k, { fanOutBatch: 3, deliveryBatch: 2 })),
      ]);
      const counts = new Map<string, number>();
      for (const r of c.received) counts.set(String(r.body.id), (counts.get(String(r.body.id)) ?? 0) + 1);
      assert.deepEqual([...counts.keys()].sort(), [...ids].sort());
      assert.ok(
        [...counts.values()].every((n) => n === 1),
        'no event was delivered twice',
      );
      assert.ok(c.received.every((r) => r.signatureValid));

      const page1 = await t.app.inject({
        method: 'GET',
        url: `/api/v1/events?type=test.thing.changed&limit=20`,
        headers: admin,
      });
      assert.equal(page1.json().items.length, 20);
      const page2 = await t.app.inject({
        method: 'GET',
        url: `/api/v1/events?type=test.thing.changed&limit=20&after=${page1.json().nextCursor}`,
        headers: admin,
      });
      assert.deepEqual(
        [...page1.json().items, ...page2.json().items].map((e: { id: string }) => e.id),
        ids,
      );
      assert.equal(page2.json().nextCursor, null);
    } finally {
      await c.close();
      await t.close();
    }
  });
}

function pick(e: { code: string; field: string | null }) {
  return { code: e.code, field: e.field };
}
