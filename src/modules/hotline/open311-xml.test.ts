/**
 * Open311 GeoReport v2 in XML (http://wiki.open311.org/GeoReport_v2: every resource as `.xml` beside `.json`), read
 * with a small XML reader written for this test from the specification's examples, not from our serializer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { hotlineApp } from './test-fixtures.ts';

const dialects = await testDialects();
const BASE = '/open311/v2';

type Node = { name: string; text: string; children: Node[] };

/** Elements, text and self-closing elements; no attributes, comments or CDATA (the specification uses none). */
function parseXml(xml: string): Node {
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '');
  const tokens = body.match(/<[^>]+>|[^<]+/g) ?? [];
  const root: Node = { name: '#document', text: '', children: [] };
  const stack: Node[] = [root];
  const unescape = (s: string) =>
    s.replace(/&(lt|gt|amp|apos|quot);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' })[e]!);
  for (const tok of tokens) {
    if (tok.startsWith('</')) {
      const done = stack.pop()!;
      assert.equal(`</${done.name}>`, tok, 'balanced elements');
    } else if (tok.startsWith('<')) {
      const self = tok.endsWith('/>');
      const node: Node = { name: tok.slice(1, self ? -2 : -1).trim(), text: '', children: [] };
      stack[stack.length - 1].children.push(node);
      if (!self) stack.push(node);
    } else stack[stack.length - 1].text += unescape(tok);
  }
  assert.equal(stack.length, 1, 'every element closed');
  assert.equal(root.children.length, 1, 'one root element');
  return root.children[0];
}
const kids = (n: Node, name: string) => n.children.filter((c) => c.name === name);
const field = (n: Node, name: string) => kids(n, name)[0]?.text;

for (const dialect of dialects) {
  test(`[${dialect}] Open311 XML: discovery, services, definition, POST and GET requests, tokens, errors`, async () => {
    const t = await hotlineApp(dialect);
    try {
      const get = (path: string) => t.app.inject({ method: 'GET', url: `${BASE}/${path}` });
      const xml = (r: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number) => {
        assert.equal(r.statusCode, status, r.body);
        assert.match(String(r.headers['content-type']), /^text\/xml/);
        return parseXml(r.body);
      };

      const disc = xml(await get('discovery.xml'), 200);
      assert.equal(disc.name, 'discovery');
      const endpoint = kids(kids(disc, 'endpoints')[0], 'endpoint')[0];
      assert.equal(field(endpoint, 'specification'), 'http://wiki.open311.org/GeoReport_v2');
      assert.deepEqual(
        kids(kids(endpoint, 'formats')[0], 'format').map((f) => f.text),
        ['application/json', 'text/xml'],
      );

      const services = xml(await get('services.xml'), 200);
      assert.equal(services.name, 'services');
      const roads = kids(services, 'service').find((s) => field(s, 'service_code') === 'urban.roads')!;
      assert.equal(field(roads, 'service_name'), '道路与市政设施');
      assert.equal(field(roads, 'metadata'), 'true');

      const def = xml(await get('services/urban.roads.xml'), 200);
      assert.equal(def.name, 'service_definition');
      const attrs = kids(kids(def, 'attributes')[0], 'attribute');
      const type = attrs.find((a) => field(a, 'code') === 'request_type')!;
      assert.ok(
        kids(kids(type, 'values')[0], 'value').some(
          (v) => field(v, 'key') === 'complaint' && field(v, 'name') === '投诉',
        ),
      );

      // A key of the Zhengzhou center, issued by its host lead.
      const lead = await t.login('lead.hotline.zhengzhou');
      const centers = await t.k.db.selectFrom('hotline_centers').selectAll().execute();
      const zz = centers.find((c) => c.region === '410100')!;
      const issued = await t.app.inject({
        method: 'POST',
        url: '/api/v1/hotline/api-keys',
        headers: lead,
        payload: { centerId: zz.id, client: 'XML 客户端', contact: 'xml@partner.example' },
      });
      assert.equal(issued.statusCode, 201, issued.body);
      const key = issued.json().secret as string;

      const fields = {
        api_key: key,
        service_code: 'urban.roads',
        description: '文化路井盖缺失 <危险> & 需尽快处理',
        address_string: '郑州市金水区文化路88号',
        phone: '13800000044',
        'attribute[region]': '410105',
      };
      const posted = await t.app.inject({
        method: 'POST',
        url: `${BASE}/requests.xml`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
      });
      const created = xml(posted, 201);
      assert.equal(created.name, 'service_requests');
      const req = kids(created, 'request')[0];
      const id = field(req, 'service_request_id');
      const token = field(req, 'token');
      assert.match(id, /^410100\d{11}$/);
      assert.deepEqual(kids(req, 'account_id')[0], { name: 'account_id', text: '', children: [] }); // null: empty

      const one = kids(xml(await get(`requests/${id}.xml?api_key=${encodeURIComponent(key)}`), 200), 'request')[0];
      assert.equal(field(one, 'status'), 'open');
      assert.equal(field(one, 'service_code'), 'urban.roads');
      assert.equal(field(one, 'description'), fields.description); // escaped on the wire, the same text read back
      assert.ok(!posted.body.includes('13800000044'));
      const listed = xml(await get(`requests.xml?service_request_id=${id}`), 200);
      assert.deepEqual(
        kids(listed, 'request').map((r) => field(r, 'service_request_id')),
        [id],
      );
      const tok = kids(xml(await get(`tokens/${token}.xml`), 200), 'request')[0];
      assert.deepEqual([field(tok, 'service_request_id'), field(tok, 'token')], [id, token]);

      // Errors in XML: <errors><error><code/><description/></error></errors>.
      for (const [path, status] of [
        ['services/no.such.xml', 404],
        ['requests/41010026129999999.xml', 404],
        ['nothing-here.xml', 404],
      ] as const) {
        const errors = xml(await get(path), status);
        assert.equal(errors.name, 'errors');
        const e = kids(errors, 'error');
        assert.equal(e.length, 1);
        assert.equal(field(e[0], 'code'), String(status));
        assert.ok(field(e[0], 'description').length > 0);
      }
      const noKey = await t.app.inject({
        method: 'POST',
        url: `${BASE}/requests.xml`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ ...fields, api_key: '' }).toString(),
      });
      assert.ok([400, 403].includes(noKey.statusCode), noKey.body);
      assert.equal(kids(xml(noKey, noKey.statusCode), 'error').length, 1);
    } finally {
      await t.close();
    }
  });
}
