/** The HTTP conventions every module relies on: health, OpenAPI, errors, security headers, rate limits, sessions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedCompilers, sharedTestApp, testApp } from './testing.ts';
import { buildApp } from './app.ts';
import { MODULES } from '../modules/index.ts';
import { Type, type App } from '../kernel/http.ts';
import { loadConfig } from '../kernel/config.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { registerAuditRoutes } from './audit-routes.ts';

// Every test but the login test only reads, so they share one app; the login test moves the clock and locks an account.
const readOnlyApp = sharedTestApp('sqlite');

test('health, readiness, OpenAPI and Swagger UI', async () => {
  const t = await readOnlyApp();
  try {
    assert.deepEqual((await t.app.inject('/healthz')).json(), { status: 'ok' });
    assert.deepEqual((await t.app.inject('/readyz')).json(), { status: 'ready', database: 'sqlite' });
    const spec = (await t.app.inject('/openapi.json')).json();
    assert.equal(spec.openapi, '3.1.0');
    assert.ok(spec.paths['/api/v1/registry/enterprises'].post, 'module routes are documented');
    assert.ok(spec.paths['/api/v1/registry/enterprises'].post.responses['400'], 'error responses are documented');
    const docs = await t.app.inject('/docs/');
    assert.equal(docs.statusCode, 200);
    assert.match(docs.body, /swagger/i);
  } finally {
    await t.close();
  }
});

test('security headers and request ids', async () => {
  const t = await readOnlyApp();
  try {
    const r = await t.app.inject('/healthz');
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.ok(r.headers['content-security-policy']);
    assert.ok(r.headers['strict-transport-security']);
    assert.ok(r.headers['x-request-id']);
    // A JSON API answer carries the API set (never cached: it may hold personal data); a page the document set.
    const api = await t.app.inject('/api/v1/reference/divisions');
    assert.equal(api.statusCode, 200);
    assert.equal(api.headers['cache-control'], 'no-store');
    assert.equal(api.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'");
    assert.equal(api.headers['x-frame-options'], 'DENY');
    assert.equal(api.headers['x-content-type-options'], 'nosniff');
    assert.ok(api.headers['strict-transport-security']);
    assert.equal(api.headers['x-ratelimit-limit'], undefined, 'rate-limit headers only on a 429');
    const page = await t.app.inject('/docs/');
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['x-frame-options'], 'SAMEORIGIN');
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
    assert.equal(page.headers['cache-control'], undefined);
    const nf = await t.app.inject('/api/v1/nothing-here');
    assert.equal(nf.statusCode, 404);
    assert.equal(nf.headers['cache-control'], 'no-store');
    assert.equal(nf.json().error.code, 'ROUTE_NOT_FOUND');
    assert.equal(nf.json().error.requestId, nf.headers['x-request-id']);
  } finally {
    await t.close();
  }
});

test('an unexpected error is answered with the request id only', async () => {
  const t = await readOnlyApp();
  try {
    const app = await buildApp(
      t.k,
      [
        ...MODULES,
        {
          name: 'broken',
          migrationBlock: 98,
          migrations: [],
          registerRoutes(a) {
            a.get(
              '/api/v1/broken',
              { config: { permission: 'public' }, schema: { response: { 200: Type.Object({}) } } },
              async () => {
                throw new Error('secret internal detail: password=hunter2');
              },
            );
          },
        },
      ],
      { compilersFactory: sharedCompilers() },
    );
    const r = await app.inject('/api/v1/broken');
    assert.equal(r.statusCode, 500);
    assert.equal(r.json().error.code, 'INTERNAL');
    assert.equal(r.body.includes('secret'), false);
    assert.equal(r.body.includes(r.json().error.requestId), true);
    await app.close();
  } finally {
    await t.close();
  }
});

test('a route without a declared permission refuses to start', async () => {
  const t = await readOnlyApp();
  try {
    await assert.rejects(
      buildApp(t.k, [
        {
          name: 'sloppy',
          migrationBlock: 97,
          migrations: [],
          registerRoutes: (a) => void a.get('/api/v1/sloppy', async () => ({})),
        },
      ]),
      /declares no permission/,
    );
    // The other machine-facing prefixes too (Open311's among them).
    for (const url of ['/open311/v2/sloppy.json', '/credentials/sloppy'])
      await assert.rejects(
        buildApp(t.k, [
          {
            name: 'sloppy',
            migrationBlock: 97,
            migrations: [],
            registerRoutes: (a) => void a.get(url, async () => ({})),
          },
        ]),
        /declares no permission/,
      );
  } finally {
    await t.close();
  }
});

test('without a platform key in production the audit routes, so the server, refuse to start', () => {
  const prodNoKey = loadConfig({ ONEWINDOW_MODE: 'production', ONEWINDOW_DATA_DIR: '/nonexistent-ow-data' });
  assert.throws(
    () => registerAuditRoutes({} as App, { config: prodNoKey } as Kernel),
    /ONEWINDOW_PLATFORM_KEY is required in production/,
  );
});

test('public endpoints are rate limited', async () => {
  const t = await readOnlyApp();
  try {
    const app = await buildApp({ ...t.k, config: { ...t.k.config, publicRateLimit: 5 } }, MODULES, {
      compilersFactory: sharedCompilers(),
    });
    const codes = [];
    for (let i = 0; i < 7; i++) codes.push((await app.inject('/api/v1/reference/divisions')).statusCode);
    assert.deepEqual(codes, [200, 200, 200, 200, 200, 429, 429]);
    const limited = await app.inject('/api/v1/reference/divisions');
    assert.equal(limited.json().error.code, 'RATE_LIMITED');
    assert.equal(limited.headers['x-ratelimit-limit'], '5');
    assert.ok(Number(limited.headers['retry-after']) > 0);
    await app.close();
  } finally {
    await t.close();
  }
});

test('login, who am I, logout, lockout after repeated failures', async () => {
  const t = await testApp('sqlite');
  try {
    const h = await t.login('reviewer.zhengzhou');
    const me = await t.app.inject({ url: '/api/v1/session', headers: h });
    assert.deepEqual(me.json().principal.roles, ['reviewer']);
    assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: h })).statusCode, 204);
    assert.equal(
      (await t.app.inject({ url: '/api/v1/session', headers: h })).statusCode,
      401,
      'a revoked token is dead',
    );

    const h2 = await t.login('reviewer.zhengzhou');
    t.clock.advance(61 * 60 * 1000);
    assert.equal(
      (await t.app.inject({ url: '/api/v1/session', headers: h2 })).statusCode,
      401,
      'tokens are short-lived',
    );

    for (let i = 0; i < 5; i++) {
      const bad = await t.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username: 'admin', password: 'wrong-password' },
      });
      assert.equal(bad.json().error.code, 'LOGIN_FAILED');
    }
    const locked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'admin', password: 'onewindow-demo' },
    });
    assert.equal(locked.statusCode, 423);
    t.clock.advance(16 * 60 * 1000);
    await t.login('admin');
  } finally {
    await t.close();
  }
});

test('reference data and the validator endpoint', async () => {
  const t = await readOnlyApp();
  try {
    const henan = (await t.app.inject('/api/v1/reference/divisions?parent=410000')).json().items;
    assert.equal(henan.filter((d: { level: string }) => d.level === 'city').length, 17);
    assert.ok(henan.some((d: { code: string }) => d.code === '419001'));
    const zone = (await t.app.inject('/api/v1/reference/divisions/410173')).json();
    assert.equal(zone.division.gbt2260, false);
    assert.deepEqual(
      zone.ancestors.map((d: { code: string }) => d.code),
      ['410100', '410000'],
    );
    const ind = (await t.app.inject('/api/v1/reference/industries')).json();
    assert.equal(ind.sections.length, 20);
    assert.equal(ind.divisions.length, 97);
    const v = async (kind: string, value: string) =>
      (await t.app.inject({ method: 'POST', url: '/api/v1/reference/validate', payload: { kind, value } })).json();
    assert.equal((await v('uscc', '91440101MA5CJQ4N59')).valid, true);
    assert.equal((await v('uscc', '91440101MA5CJQ4N58')).code, 'USCC_CHECK_DIGIT');
    assert.equal((await v('residentId', '11010519491231002X')).valid, true);
    assert.equal((await v('mobile', '12345678901')).code, 'MOBILE_FORMAT');
  } finally {
    await t.close();
  }
});
