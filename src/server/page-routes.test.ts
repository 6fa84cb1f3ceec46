// The pages whose first paint the server draws (page-routes.ts): a public guide's HTML, as served at /guide/:id, holds
// the guide's title, facts and materials before any script runs — escaped, and without an identifier, a DEMO. code,
// a semantic key or a digest — on every dialect. Anything else at that path gets the plain shell.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { testDialects } from '../kernel/db/testing.ts';
import { testApp, type TestApp } from './testing.ts';
import { buildApp } from './app.ts';
import { writeFirstPaint } from './web-build.ts';
import { MODULES } from '../modules/index.ts';
import { semanticKeys, type Guide } from '../modules/catalog/index.ts';
import { seedCatalogDemo } from '../modules/catalog/demo.ts';
import { fromApplicant, material } from '../modules/catalog/demo-builders.ts';
import { publishedImpl, validElements } from '../modules/catalog/test-fixtures.ts';

const dialects = await testDialects();

/** A built web shell: index.html, and the shells writeFirstPaint makes from it (page.html with the slot). */
function webDist(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-page-'));
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><html><head><script type="module" src="/assets/index-A.js"></script></head>' +
      '<body><div id="root"></div></body></html>',
  );
  writeFirstPaint(dir);
  return dir;
}

const INTERNAL: Array<[string, RegExp]> = [
  ['UUID', /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i],
  ['DEMO. code', /DEMO\.[A-Z]/],
  ['digest', /\b[0-9a-f]{64}\b/],
];

const escaped = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const materialNames = (g: Guide) => {
  const b = g.sections.find((s) => s.key === 'materials')!.blocks[0]!;
  assert.equal(b.kind, 'table');
  return (b as Extract<typeof b, { kind: 'table' }>).rows.map((r) => r.materialName!);
};

interface Answer {
  status: number;
  body: string;
  raw: Buffer;
  headers: Record<string, unknown>;
}

/** Runs `fn` against an app that serves a web build (the test app serves none). */
async function withWeb(
  t: TestApp,
  fn: (get: (url: string, headers?: Record<string, string>) => Promise<Answer>) => Promise<void>,
) {
  const dist = webDist();
  const app = await buildApp(t.k, MODULES, { webDist: dist });
  try {
    await fn(async (url, headers = {}) => {
      const r = await app.inject({ url, headers });
      return { status: r.statusCode, body: r.body, raw: r.rawPayload, headers: r.headers };
    });
  } finally {
    await app.close();
    fs.rmSync(dist, { recursive: true, force: true });
  }
}

for (const dialect of dialects) {
  test(`[${dialect}] a demo guide's page holds its title, facts and materials before any script, and nothing internal`, async () => {
    const t = await testApp(dialect);
    try {
      await seedCatalogDemo(t.k, { enterprises: 0, persons: 0 });
      const admin = await t.login('admin');
      const list = await t.app.inject({
        url: '/api/v1/catalog/implementations?region=410000&limit=200',
        headers: admin,
      });
      const id: string = list
        .json()
        .items.find((i: { item: { name: string } }) => i.item.name.startsWith('不动产登记')).id;
      const guide: Guide = (await t.app.inject(`/api/v1/catalog/implementations/${id}/guide`)).json();
      const impl = (await t.app.inject(`/api/v1/catalog/implementations/${id}`)).json();
      const keys = semanticKeys(impl.elements.form);
      assert.ok(keys.length > 0 && guide.digest, 'the guide has semantic keys and a digest to keep out');

      await withWeb(t, async (get) => {
        const r = await get(`/guide/${id}`);
        assert.equal(r.status, 200);
        assert.match(String(r.headers['content-type']), /^text\/html/);
        assert.equal(r.headers['cache-control'], 'no-cache');
        const root = r.body.slice(r.body.indexOf('<div id="root">'));
        assert.ok(r.body.indexOf('<div id="root">') > 0);
        // Inside #root, before the scripts run: the header, the title, the facts and every material.
        assert.ok(root.includes('data-ow-first-paint-page'), 'the page first paint');
        assert.ok(root.includes(`<h1>${escaped(guide.title)}`), 'the title');
        // Where, when, how long, how much: the section headings and labels, and the values the guide gives them.
        for (const fact of ['办理地点和时间', '地址', '办公时间', '承诺办结时限', '收费标准', '80.00 元'])
          assert.ok(root.includes(fact), fact);
        const places = guide.sections.find((s) => s.key === 'places')!.blocks[0]!;
        assert.equal(places.kind, 'table');
        for (const row of (places as Extract<typeof places, { kind: 'table' }>).rows)
          assert.ok(root.includes(escaped(row.address!)) && root.includes(escaped(row.hours!)), row.address);
        for (const name of materialNames(guide)) assert.ok(root.includes(escaped(name)), name);
        assert.ok(!r.body.includes('<!--'), 'the slot is filled');
        assert.ok(!r.body.includes('版本与核验'), 'no verification section');
        for (const [what, re] of INTERNAL) assert.doesNotMatch(r.body, re, what);
        for (const key of keys) assert.ok(!r.body.includes(key), `semantic key ${key}`);
        assert.ok(!r.body.includes(guide.digest!), 'digest');

        // Compressed like the build's files.
        const br = await get(`/guide/${id}`, { 'accept-encoding': 'br, gzip' });
        assert.equal(br.headers['content-encoding'], 'br');
        assert.equal(zlib.brotliDecompressSync(br.raw).toString(), r.body);

        // A version given by number is drawn too; a preview (staff, with their token), an unknown id or a bad
        // version number get the plain shell, for the page to load and explain.
        assert.ok((await get(`/guide/${id}?version=${guide.version}`)).body.includes('data-ow-first-paint-page'));
        for (const url of [`/guide/${id}?preview=true`, '/guide/nothing-here', `/guide/${id}?version=x`]) {
          const plain = await get(url);
          assert.equal(plain.status, 200, url);
          assert.ok(!plain.body.includes('data-ow-first-paint-page'), url);
          assert.ok(plain.body.includes('<div id="root">'), url);
        }
      });
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] what a department typed is escaped in the guide's first paint`, async () => {
    const t = await testApp(dialect);
    try {
      const name = '测试<script>alert("名")</script>许可 & 证';
      const trap = '<img src=x onerror=alert(1)>申请书';
      const { impl } = await publishedImpl(t, {
        item: { name },
        impl: { elements: validElements({ materials: [material('trap', trap, fromApplicant)] }) },
      });
      await withWeb(t, async (get) => {
        const r = await get(`/guide/${impl.id}`);
        assert.equal(r.status, 200);
        assert.ok(r.body.includes(escaped(name)), 'the title, escaped');
        assert.ok(r.body.includes(escaped(trap)), 'the material, escaped');
        assert.ok(!r.body.includes('<script>alert'), 'no script from the data');
        assert.ok(!r.body.includes('<img src=x'), 'no element from the data');
        const gz = await get(`/guide/${impl.id}`, { 'accept-encoding': 'gzip' });
        assert.equal(gz.headers['content-encoding'], 'gzip');
        assert.equal(zlib.gunzipSync(gz.raw).toString(), r.body);
      });
    } finally {
      await t.close();
    }
  });
}
