/** Closing the app waits for requests still being handled, even when their client has gone (in-flight.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import Fastify from 'fastify';
import { requestsInFlight } from './in-flight.ts';

/** A bare Fastify app wired as app.ts wires it: counted from `onRequest`, past `onSend`, waited for on close. */
function appCountingRequests(timeoutMs?: number) {
  const inFlight = requestsInFlight(timeoutMs);
  const app = Fastify();
  app.addHook('onRequest', (req, _reply, done) => {
    inFlight.begin(req);
    done();
  });
  app.addHook('onSend', inFlight.endHook);
  app.addHook('onClose', () => inFlight.drained());
  return { app, inFlight };
}

test('close waits for a handler whose client disconnected, then for nothing once it answered', async () => {
  const { app, inFlight } = appCountingRequests();
  let release!: () => void;
  const started = new Promise<void>((ready) =>
    app.get('/slow', async () => {
      ready();
      await new Promise<void>((r) => (release = r));
      return { ok: true };
    }),
  );
  app.get('/fast', async () => ({ ok: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };

  assert.equal((await app.inject({ method: 'GET', url: '/fast' })).statusCode, 200);
  assert.equal(inFlight.count, 0, 'an answered request is no longer counted');

  const req = http.get({ host: '127.0.0.1', port, path: '/slow' });
  req.on('error', () => {}); // destroyed below: the client goes away mid-request
  await started;
  req.destroy();
  assert.equal(inFlight.count, 1);

  let closed = false;
  const closing = app.close().then(() => (closed = true));
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(closed, false, 'close waits for the running handler');
  release();
  await closing;
  assert.equal(inFlight.count, 0);
});

test('a handler that never ends holds close only until the time-out', async () => {
  const { app, inFlight } = appCountingRequests(100);
  app.get('/never', () => new Promise(() => {}));
  await app.ready();
  void app.inject({ method: 'GET', url: '/never' });
  await new Promise((r) => setImmediate(r));
  assert.equal(inFlight.count, 1);
  const t0 = Date.now();
  await app.close();
  assert.ok(Date.now() - t0 >= 90, 'waited for the time-out');
});
