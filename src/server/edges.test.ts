/**
 * The edges an outside prober found (issue 8): retired region codes in resident IDs, permission before parsing, one
 * error shape for framework errors, no coercion of body types, one case rule for identifiers, rate limits that
 * spare the web shell and count signed-in callers per account, and Swagger UI's own CSP.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { testDialects } from '../kernel/db/testing.ts';
import { testApp } from './testing.ts';
import { buildApp, SWAGGER_UI_CSP } from './app.ts';
import { MODULES } from '../modules/index.ts';
import { generateResidentId } from '../kernel/validators/resident-id.ts';
import { generateUscc } from '../kernel/validators/uscc.ts';

const dialects = await testDialects();
const CJK = /[\u3400-\u9fff]/;

/** Asserts the documented error shape: `{ error: { code, status, field, message: { zh, en }, requestId } }`, English without Chinese. */
function assertErrorShape(
  body: string,
  status: number,
  what: string,
): { code: string; field: string | null; message: { zh: string; en: string }; requestId: string } {
  const parsed = JSON.parse(body);
  assert.deepEqual(Object.keys(parsed), ['error'], `${what}: only { error }`);
  const e = parsed.error;
  assert.equal(typeof e.code, 'string', what);
  assert.doesNotMatch(e.code, /^FST_/, `${what}: no framework code prefix`);
  assert.equal(e.status, status, what);
  assert.ok('field' in e, `${what}: field`);
  assert.equal(typeof e.message?.zh, 'string', `${what}: zh message`);
  assert.equal(typeof e.message?.en, 'string', `${what}: en message`);
  assert.doesNotMatch(e.message.en, CJK, `${what}: the English message carries no Chinese: ${e.message.en}`);
  assert.match(e.requestId, /^[\w.-]{8,64}$/, `${what}: requestId`);
  return e;
}

for (const dialect of dialects) {
  test(`[${dialect}] resident IDs keep the region code they were issued under, retired or not`, async () => {
    const t = await testApp(dialect);
    try {
      const v = async (kind: string, value: unknown) =>
        (await t.app.inject({ method: 'POST', url: '/api/v1/reference/validate', payload: { kind, value } })).json();
      const clerk = await t.login('clerk.jinshui');
      // 崇文区, 宣武区 (merged 2010), 周口地区's 周口市 and 商丘地区's 商丘市 (before 2000), and a code we do not list.
      for (const [seq, region] of ['110103', '110104', '412701', '412301', '412799'].entries()) {
        const id = generateResidentId({ region, birthDate: '1975-04-05', seq: 100 + seq });
        assert.deepEqual(await v('residentId', id), { valid: true, code: null, message: null }, region);
        const r = await t.app.inject({
          method: 'POST',
          url: '/api/v1/registry/persons',
          headers: clerk,
          payload: { residentId: id, name: `旧码${seq}`, region: '410105' },
        });
        assert.equal(r.statusCode, 201, `${region}: ${r.body}`);
      }
      // First two digits that are no province: still refused.
      const first17 = '99010319750405123';
      const bad = await v('residentId', first17 + '0');
      assert.ok(['RESIDENT_ID_REGION', 'RESIDENT_ID_CHECK_DIGIT'].includes(bad.code));
      const { residentIdCheckChar } = await import('../kernel/validators/resident-id.ts');
      assert.equal((await v('residentId', first17 + residentIdCheckChar(first17))).code, 'RESIDENT_ID_REGION');
      // "Where someone is now" keeps the current-division check: a retired code is not a region to live in.
      const now = await t.app.inject({
        method: 'POST',
        url: '/api/v1/registry/persons',
        headers: await t.login('admin'),
        payload: {
          residentId: generateResidentId({ region: '110103', birthDate: '1975-04-05', seq: 300 }),
          name: '现住',
          region: '110103',
        },
      });
      assert.equal(now.statusCode, 400);
      assert.equal(now.json().error.field, 'region');
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] identifiers: one case rule, upper case on input everywhere`, async () => {
    const t = await testApp(dialect);
    try {
      const v = async (kind: string, value: string) =>
        (await t.app.inject({ method: 'POST', url: '/api/v1/reference/validate', payload: { kind, value } })).json();
      assert.equal((await v('uscc', '91350213678251743x')).valid, true, 'a lower-case USCC is the same code');
      assert.equal((await v('uscc', ' 91440101ma5cjq4n59 ')).valid, true);
      assert.equal((await v('residentId', '11010519491231002x')).valid, true, 'a lower-case check character x is X');
      const clerk = await t.login('clerk.jinshui');
      // Find a generated ID ending in X, then send it in lower case as the legal representative's ID.
      let repId = '';
      for (let seq = 0; !repId.endsWith('X'); seq++)
        repId = generateResidentId({ region: '410105', birthDate: '1980-05-06', seq });
      const uscc = generateUscc({ division: '410105', seq: 4242 });
      const body = {
        uscc: uscc.toLowerCase(),
        name: '大小写测试有限公司',
        orgType: 'enterprise',
        entityType: '有限责任公司（自然人投资或控股）',
        region: '410105',
        address: '郑州市金水区测试路2号',
        industry: '62',
        legalRepresentative: { name: '张三', residentId: repId.toLowerCase() },
      };
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/registry/enterprises',
        headers: clerk,
        payload: body,
      });
      assert.equal(r.statusCode, 201, r.body);
      assert.equal(r.json().uscc, uscc, 'stored upper-case');
      assert.ok(r.json().legalRepresentative.residentIdMasked.endsWith('X'));
      const found = await t.app.inject({
        method: 'GET',
        url: `/api/v1/registry/enterprises/by-uscc/${uscc.toLowerCase()}`,
        headers: clerk,
      });
      assert.equal(found.statusCode, 200, found.body);
      const person = await t.app.inject({
        method: 'POST',
        url: '/api/v1/registry/persons',
        headers: clerk,
        payload: { residentId: repId.toLowerCase(), name: '张三', region: '410105' },
      });
      assert.equal(person.statusCode, 201, person.body);
      const byUpper = await t.app.inject({
        method: 'POST',
        url: '/api/v1/registry/persons/lookup',
        headers: clerk,
        payload: { residentId: repId },
      });
      assert.equal(byUpper.json().id, person.json().id);
    } finally {
      await t.close();
    }
  });

  // Found by the fuzzer (issue 14): PostgreSQL cannot store NUL, and Ajv let `1e999` through as Infinity; both were 500s.
  test(`[${dialect}] a NUL character or an unpaired surrogate anywhere, or a query number beyond range, is a 400 naming the field`, async () => {
    const t = await testApp(dialect);
    try {
      const clerk = await t.login('clerk.jinshui');
      const cases: [string, string, unknown, string, string][] = [
        ['GET', '/api/v1/registry/enterprises/%00', undefined, 'INVALID_CHARACTER', 'params.id'],
        ['GET', '/api/v1/cases?cursor=a%00b', undefined, 'INVALID_CHARACTER', 'query.cursor'],
        [
          'POST',
          '/api/v1/registry/persons',
          { residentId: 'x', name: 'a\u0000b', region: '410105' },
          'INVALID_CHARACTER',
          'name',
        ],
        ['POST', '/api/v1/session', { username: 'admin\u0000', password: 'x' }, 'INVALID_CHARACTER', 'username'],
        // An unpaired surrogate (JSON's \udc00 escapes): the audit log's canonical JSON refused it with a 500.
        ['POST', '/api/v1/catalog/search/reindex', '{"reason":"\\udc00\\ud800"}', 'INVALID_CHARACTER', 'reason'],
        ['GET', '/api/v1/registry/persons?limit=1e999', undefined, 'VALIDATION_FAILED', 'query.limit'],
        ['GET', '/api/v1/registry/persons?limit=-1e999', undefined, 'VALIDATION_FAILED', 'query.limit'],
      ];
      const admin = await t.login('admin');
      for (const [method, url, payload, code, field] of cases) {
        const headers = url.includes('reindex') ? { ...admin, 'content-type': 'application/json' } : clerk;
        const r = await t.app.inject({ method: method as 'GET', url, headers, payload: payload as object });
        const e = assertErrorShape(r.body, 400, `${method} ${url}`);
        assert.deepEqual([e.code, e.field], [code, field], `${method} ${url}`);
      }
      const q = await t.app.inject({ method: 'GET', url: '/api/v1/registry/persons?limit=1e2', headers: clerk });
      assert.equal(q.statusCode, 200, `a finite number in exponent form still reads: ${q.body}`);
    } finally {
      await t.close();
    }
  });
}

test('permission comes before parsing: malformed JSON without a token is a 401, without the permission a 403', async () => {
  const t = await testApp('sqlite');
  try {
    const send = (headers: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/registry/persons',
        headers: { 'content-type': 'application/json', ...headers },
        payload: '{"residentId": ',
      });
    const anon = await send({});
    assert.equal(anon.statusCode, 401, anon.body);
    assert.equal(assertErrorShape(anon.body, 401, 'anonymous').code, 'UNAUTHENTICATED');
    const citizen = await send(await t.login('citizen.demo'));
    assert.equal(citizen.statusCode, 403, citizen.body);
    const clerk = await send(await t.login('clerk.jinshui'));
    assert.equal(clerk.statusCode, 400, 'with the permission, the parse error is reported');
    assert.equal(assertErrorShape(clerk.body, 400, 'bad JSON').code, 'CTP_INVALID_JSON_BODY');
    // Wrong media type and oversized bodies: also only after the permission check.
    const media = await t.app.inject({
      method: 'POST',
      url: '/api/v1/registry/persons',
      headers: { 'content-type': 'text/plain' },
      payload: 'x',
    });
    assert.equal(media.statusCode, 401);
  } finally {
    await t.close();
  }
});

test('framework errors (414, 413, 415, 404, 431, bad JSON) answer in the documented error shape', async () => {
  const t = await testApp('sqlite');
  try {
    const admin = await t.login('admin');
    const long = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/registry/enterprises/${'a'.repeat(300)}`,
      headers: admin,
      payload: { version: 1 },
    });
    assert.equal(long.statusCode, 414, long.body);
    assert.equal(assertErrorShape(long.body, 414, '414').requestId, long.headers['x-request-id']);
    const media = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reference/validate',
      headers: { 'content-type': 'application/xml' },
      payload: '<uscc/>',
    });
    assertErrorShape(media.body, 415, '415');
    const big = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reference/validate',
      headers: { 'content-type': 'application/json' },
      payload: `{"kind":"uscc","value":"${'x'.repeat(6 * 1024 * 1024)}"}`,
    });
    assertErrorShape(big.body, 413, '413');
    const badJson = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reference/validate',
      headers: { 'content-type': 'application/json' },
      payload: '{',
    });
    assertErrorShape(badJson.body, 400, 'bad JSON');
    const emptyJson = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reference/validate',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    assertErrorShape(emptyJson.body, 400, 'empty JSON');
    const division = await t.app.inject('/api/v1/reference/divisions/419999');
    const nf = assertErrorShape(division.body, 404, 'unknown division');
    assert.equal(nf.message.en, 'Division not found: 419999');
    assertErrorShape((await t.app.inject('/api/v1/nothing')).body, 404, 'no route');

    // 431 comes from Node's HTTP parser, before Fastify has a request: only a real socket shows it.
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const res = await new Promise<{ status: number; body: string; requestId: string | undefined }>(
      (resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path: `/api/v1/reference/divisions?q=${'x'.repeat(100 * 1024)}` }, (r) => {
            let body = '';
            r.on('data', (d) => (body += d));
            r.on('end', () =>
              resolve({ status: r.statusCode ?? 0, body, requestId: r.headers['x-request-id'] as string | undefined }),
            );
          })
          .on('error', reject);
      },
    );
    assert.equal(res.status, 431);
    const e = assertErrorShape(res.body, 431, '431');
    assert.equal(e.requestId, res.requestId);
  } finally {
    await t.close();
  }
});

test('bodies are not coerced: JSON must carry the declared types; query strings still are', async () => {
  const t = await testApp('sqlite');
  try {
    const v = (payload: unknown) =>
      t.app.inject({ method: 'POST', url: '/api/v1/reference/validate', payload: payload as object });
    const num = await v({ kind: 'mobile', value: 13800138000 });
    assert.equal(num.statusCode, 400, num.body);
    assert.equal(assertErrorShape(num.body, 400, 'number for string').field, 'value');
    assert.equal(
      (await v({ kind: 'uscc', value: ['91350213678251743X'] })).statusCode,
      400,
      'an array is not a string',
    );
    assert.equal((await v({ kind: 'mobile', value: '13800138000' })).json().valid, true);
    const clerk = await t.login('clerk.jinshui');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/registry/persons',
      headers: clerk,
      payload: {
        residentId: generateResidentId({ region: '410105', birthDate: '1990-01-01', seq: 11 }),
        name: '类型',
        region: '410105',
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/registry/persons/${created.json().id}`,
      headers: clerk,
      payload: { version: '1', name: '类型二' },
    });
    assert.equal(patch.statusCode, 400, `"1" for an integer: ${patch.body}`);
    assert.equal(patch.json().error.field, 'version');
    const nullName = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/registry/persons/${created.json().id}`,
      headers: clerk,
      payload: { version: true },
    });
    assert.equal(nullName.statusCode, 400, 'a boolean is not an integer');
    const q = await t.app.inject({ method: 'GET', url: '/api/v1/registry/persons?limit=1', headers: clerk });
    assert.equal(q.statusCode, 200, `query strings are text and are coerced: ${q.body}`);
  } finally {
    await t.close();
  }
});

test('rate limits: the web shell is outside them; signed-in callers are counted per account', async () => {
  const t = await testApp('sqlite');
  const webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-web-'));
  fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><div id="root"></div>');
  fs.writeFileSync(path.join(webDist, 'app.js'), 'console.log(1)');
  try {
    const app = await buildApp({ ...t.k, config: { ...t.k.config, publicRateLimit: 3 } }, MODULES, { webDist });
    try {
      for (let i = 0; i < 10; i++) {
        assert.equal((await app.inject('/login')).statusCode, 200, `static page ${i}`);
        assert.equal((await app.inject('/app.js')).statusCode, 200, `static file ${i}`);
      }
      assert.equal((await app.inject('/docs/')).statusCode, 200);
      const login = async (username: string) => {
        const r = await app.inject({
          method: 'POST',
          url: '/api/v1/session',
          payload: { username, password: 'onewindow-demo' },
        });
        assert.equal(r.statusCode, 201, r.body);
        return { authorization: `Bearer ${r.json().token}` };
      };
      const a = await login('clerk.jinshui');
      const b = await login('admin');
      // Signed in: 10 × 3 a minute per account, from the same address.
      const codes: number[] = [];
      for (let i = 0; i < 31; i++) codes.push((await app.inject({ url: '/api/v1/session', headers: a })).statusCode);
      assert.deepEqual([codes.slice(0, 30).every((c) => c === 200), codes[30]], [true, 429]);
      assert.equal(
        (await app.inject({ url: '/api/v1/session', headers: b })).statusCode,
        200,
        'another account behind the same address is not limited',
      );
      const limited = await app.inject({ url: '/api/v1/session', headers: a });
      assert.equal(assertErrorShape(limited.body, 429, '429').code, 'RATE_LIMITED');
      // Anonymous: per address (3 a minute here; the login route has its own limit).
      const anon = [];
      for (let i = 0; i < 4; i++) anon.push((await app.inject('/api/v1/reference/divisions')).statusCode);
      assert.deepEqual(anon, [200, 200, 200, 429]);
    } finally {
      await app.close();
    }
  } finally {
    fs.rmSync(webDist, { recursive: true, force: true });
    await t.close();
  }
});

test('the web build: hashed assets compressed and kept a year, the shell revalidated on each load', async () => {
  const t = await testApp('sqlite');
  const webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-web-'));
  const script = `console.log(${JSON.stringify('办事服务 '.repeat(400))})`;
  fs.mkdirSync(path.join(webDist, 'assets'));
  fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><div id="root"></div>');
  fs.writeFileSync(path.join(webDist, 'home.html'), '<!doctype html><div id="root"><h1>办事服务</h1></div>');
  fs.writeFileSync(path.join(webDist, 'assets', 'index-Ab12Cd34.js'), script);
  fs.writeFileSync(path.join(webDist, 'assets', 'index-Ab12Cd34.js.br'), zlib.brotliCompressSync(script));
  fs.writeFileSync(path.join(webDist, 'assets', 'index-Ab12Cd34.js.gz'), zlib.gzipSync(script));
  try {
    const app = await buildApp(t.k, MODULES, { webDist });
    try {
      const br = await app.inject({ url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'br, gzip' } });
      assert.equal(br.statusCode, 200);
      assert.equal(br.headers['content-encoding'], 'br');
      assert.match(String(br.headers['content-type']), /javascript/);
      assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.match(String(br.headers.vary), /accept-encoding/i);
      assert.equal(zlib.brotliDecompressSync(br.rawPayload).toString(), script);
      const gz = await app.inject({ url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'gzip' } });
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.equal(gz.headers['cache-control'], 'public, max-age=31536000, immutable');
      const plain = await app.inject('/assets/index-Ab12Cd34.js');
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal(plain.body, script);
      // The shell, at / and at any client-side route, is revalidated so that a new build is seen at once; `/` is
      // the shell with the public home's first paint, every other route the empty shell.
      for (const [url, body] of [
        ['/', '<div id="root"><h1>办事服务</h1></div>'],
        ['/?q=1', '<div id="root"><h1>办事服务</h1></div>'],
        ['/guide/x', '<div id="root"></div>'],
        ['/services?q=1', '<div id="root"></div>'],
      ] as const) {
        const page = await app.inject(url);
        assert.equal(page.statusCode, 200, url);
        assert.equal(page.headers['cache-control'], 'no-cache', url);
        assert.match(String(page.headers['content-type']), /text\/html/, url);
        assert.ok(page.body.includes(body), `${url}: ${page.body}`);
      }
      // The API keeps its own rule (never stored).
      assert.equal((await app.inject('/api/v1/reference/divisions')).headers['cache-control'], 'no-store');
    } finally {
      await app.close();
    }
  } finally {
    fs.rmSync(webDist, { recursive: true, force: true });
    await t.close();
  }
});

test('Swagger UI is served under its own CSP, which allows the inline styles it sets and nothing remote', async () => {
  const t = await testApp('sqlite');
  try {
    for (const url of ['/docs/', '/docs/static/swagger-initializer.js', '/docs/static/swagger-ui.css']) {
      const r = await t.app.inject(url);
      assert.equal(r.statusCode, 200, url);
      const csp = String(r.headers['content-security-policy']);
      assert.equal(csp, SWAGGER_UI_CSP, url);
    }
    const directives = Object.fromEntries(
      SWAGGER_UI_CSP.split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k, v]),
    );
    assert.ok(directives['style-src'].includes("'unsafe-inline'"), 'Swagger UI sets style attributes while rendering');
    assert.deepEqual(directives['script-src'], ["'self'"], 'scripts stay strict');
    assert.equal(SWAGGER_UI_CSP.includes('https:'), false, 'nothing remote');
    // The page loads only same-origin scripts and styles.
    const page = (await t.app.inject('/docs/')).body;
    for (const m of page.matchAll(/(?:src|href)="([^"]+)"/g)) assert.doesNotMatch(m[1], /^(https?:)?\/\//, m[1]);
    // The API pages keep the platform's policy.
    assert.notEqual(String((await t.app.inject('/healthz')).headers['content-security-policy']), SWAGGER_UI_CSP);
  } finally {
    await t.close();
  }
});
