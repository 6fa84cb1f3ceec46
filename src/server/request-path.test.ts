/**
 * The shared request path's own pieces: the synchronous API rate limit (rate-limit.ts) and the lazy per-request
 * logger (logging.ts). Neither touches storage, so SQLite only; the limit's behaviour through the whole app (per
 * account, per address, static files outside it) is in edges.test.ts and system.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { sharedCompilers, sharedTestApp } from './testing.ts';
import { buildApp } from './app.ts';
import { MODULES } from '../modules/index.ts';
import { lazyChildLogger } from './logging.ts';

const readOnlyApp = sharedTestApp('sqlite');

test('the rate limit counts API routes only, leaves routes with a limit of their own to it, and says when to retry', async () => {
  const t = await readOnlyApp();
  const app = await buildApp({ ...t.k, config: { ...t.k.config, publicRateLimit: 2 } }, MODULES, {
    compilersFactory: sharedCompilers(),
  });
  try {
    // Unknown paths and the health checks are outside the limit: they use none of the budget.
    for (let i = 0; i < 4; i++) {
      assert.equal((await app.inject('/api/v1/nothing-here')).statusCode, 404);
      assert.equal((await app.inject('/healthz')).statusCode, 200);
    }
    // The login's own limit (20 a minute) is not the global one: a failed login neither uses nor meets the budget of 2.
    for (let i = 0; i < 3; i++) {
      const r = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'x', password: 'y' } });
      assert.equal(r.statusCode, 401, r.body);
    }
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push(await app.inject('/api/v1/reference/divisions'));
    assert.deepEqual(
      codes.map((r) => r.statusCode),
      [200, 200, 429],
    );
    const limited = codes[2];
    assert.equal(limited.json().error.code, 'RATE_LIMITED');
    assert.ok(limited.json().error.requestId);
    assert.equal(limited.headers['x-ratelimit-limit'], '2');
    assert.equal(limited.headers['x-ratelimit-remaining'], '0');
    const reset = Number(limited.headers['x-ratelimit-reset']);
    assert.ok(reset >= 1 && reset <= 60, `reset ${reset}`);
    assert.equal(limited.headers['retry-after'], limited.headers['x-ratelimit-reset']);
    assert.equal(limited.headers['x-content-type-options'], 'nosniff', 'a 429 carries the security headers too');
    assert.equal(codes[0].headers['x-ratelimit-limit'], undefined, 'no rate-limit headers within the limit');
  } finally {
    await app.close();
  }
});

test('the request logger is built only when something is logged at an enabled level, with the request id', () => {
  const lines: Record<string, unknown>[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const root = pino({ level: 'warn' }, out);
  let children = 0;
  const child = root.child; // counted where pino builds children (its children inherit the counting method)
  root.child = function (this: typeof root, ...a: Parameters<typeof child>) {
    children++;
    return child.apply(this, a);
  } as typeof root.child;
  const log = lazyChildLogger.call(null as never, root, { reqId: 'r-1' }, {}, null as never);
  log.info('below the level');
  log.debug({ a: 1 }, 'below the level');
  assert.equal(children, 0, 'nothing logged: no child built');
  assert.equal(log.level, 'warn');
  assert.equal(lines.length, 0);
  log.warn({ code: 7 }, 'something');
  log.error('else');
  assert.equal(children, 1, 'built once, on the first line');
  assert.deepEqual(
    lines.map((l) => [l.reqId, l.msg, l.level]),
    [
      ['r-1', 'something', 40],
      ['r-1', 'else', 50],
    ],
  );
  assert.equal(lines[0].code, 7);
  log.child({ step: 'x' }).warn('nested');
  assert.equal(children, 2, 'a child of the request logger is a child of the one built');
  assert.deepEqual([lines[2].reqId, lines[2].step], ['r-1', 'x']);
});
