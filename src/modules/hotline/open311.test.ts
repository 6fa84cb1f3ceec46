/**
 * Open311 GeoReport v2 through the public API, on every dialect, with a client written from the specification
 * (http://wiki.open311.org/GeoReport_v2: form-encoded POST, `attribute[code]`, errors as `[{ code, description }]`):
 * every endpoint, API keys issued, used, rate-limited and revoked, and what a key of another center may read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { testDialects } from '../../kernel/db/testing.ts';
import { systemCtx } from '../../kernel/context.ts';
import type { TestApp } from '../../server/testing.ts';
import { ensureCenter } from './centers.ts';
import { api, hotlineApp, type Headers } from './test-fixtures.ts';

const dialects = await testDialects();
const BASE = '/open311/v2';

/** A GeoReport v2 client: only what the specification says, nothing of OneWindow's own API. */
function open311(t: TestApp) {
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  return {
    get: (path: string, query: Record<string, string> = {}) => {
      const qs = new URLSearchParams(query).toString();
      return t.app.inject({ method: 'GET', url: `${BASE}/${path}${qs ? `?${qs}` : ''}` });
    },
    post: (fields: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: `${BASE}/requests.json`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: form(fields),
      }),
  };
}

/** The spec's error shape: an array of { code, description }, the code being the HTTP status. */
function assertOpen311Error(r: { statusCode: number; json: () => unknown }, status: number, mention?: RegExp) {
  assert.equal(r.statusCode, status);
  const body = r.json() as Array<{ code: number; description: string }>;
  assert.ok(Array.isArray(body) && body.length === 1, JSON.stringify(body));
  assert.equal(body[0].code, status);
  assert.equal(typeof body[0].description, 'string');
  if (mention) assert.match(body[0].description, mention);
}

const report = (key: string, extra: Record<string, string> = {}) => ({
  api_key: key,
  service_code: 'urban.roads',
  description: '文化路人行道地砖破损，行人易绊倒。',
  lat: '34.7723',
  long: '113.6601',
  address_string: '郑州市金水区文化路88号',
  first_name: '示例',
  last_name: '李',
  phone: '13800000033',
  'attribute[region]': '410105',
  ...extra,
});

async function issue(t: TestApp, h: Headers, centerId: string, client: string, rate?: number) {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/hotline/api-keys',
    headers: h,
    payload: { centerId, client, contact: 'open311@partner.example', ...(rate ? { ratePerMinute: rate } : {}) },
  });
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as { key: { id: string; prefix: string; version: number }; secret: string };
}

for (const dialect of dialects) {
  test(`[${dialect}] Open311: discovery, services, intake, reads, honest closure, errors, keys and jurisdiction`, async () => {
    const t = await hotlineApp(dialect);
    try {
      const c = open311(t);
      const a = api(t);
      await ensureCenter(t.k, systemCtx(t.k.clock.now()), {
        name: '洛阳市12345热线中心',
        level: 'city',
        region: '410300',
        hostDepartment: '410300-ZWFW',
      });
      const centers = await t.k.db.selectFrom('hotline_centers').selectAll().execute();
      const zz = centers.find((x) => x.region === '410100')!;
      const ly = centers.find((x) => x.region === '410300')!;

      // Discovery and services (the topic taxonomy), with attributes.
      const disc = (await c.get('discovery.json')).json();
      assert.equal(disc.endpoints[0].specification, 'http://wiki.open311.org/GeoReport_v2');
      assert.deepEqual(disc.endpoints[0].formats, ['application/json', 'text/xml']);
      const services = (await c.get('services.json')).json();
      const roads = services.find((s: any) => s.service_code === 'urban.roads');
      assert.deepEqual(roads, {
        service_code: 'urban.roads',
        service_name: '道路与市政设施',
        description: 'Roads and public works',
        metadata: true,
        type: 'realtime',
        keywords: 'urban,roads',
        group: '城乡建设与管理',
      });
      assert.equal(
        (await c.get('services.json', { locale: 'en-US' })).json()[1].service_name,
        'Roads and public works',
      );
      const def = (await c.get('services/urban.roads.json')).json();
      assert.equal(def.service_code, 'urban.roads');
      assert.deepEqual(
        def.attributes.map((x: any) => [x.code, x.datatype, x.required]),
        [
          ['request_type', 'singlevaluelist', false],
          ['urgency', 'singlevaluelist', false],
          ['region', 'string', false],
        ],
      );
      assert.ok(def.attributes[0].values.some((v: any) => v.key === 'complaint' && v.name === '投诉'));
      assertOpen311Error(await c.get('services/no.such.json'), 404, /service_code/);
      assertOpen311Error(await c.get('services.csv'), 404, /No such resource/);
      assertOpen311Error(await c.get('requests/41010026120100001.csv'), 404, /No such resource/);
      const del = await t.app.inject({ method: 'DELETE', url: `${BASE}/requests.json` });
      assertOpen311Error(del, 404, /No such resource/);

      // Keys: the center's host-department lead issues them; an operator may not; another department's lead finds
      // no center to issue for; the secret is answered once and stored only as its SHA-256.
      const lead = await t.login('lead.hotline.zhengzhou');
      const admin = await t.login('admin');
      const operator = await t.login('hotline.zhengzhou');
      const otherLead = await t.login('lead.zhengzhou');
      const kz = await issue(t, lead, zz.id, '郑州城市大脑App');
      assert.match(kz.secret, /^ow311_[\w-]{32}$/);
      assert.equal(kz.key.prefix, kz.secret.slice(0, 10));
      const stored = await t.k.db
        .selectFrom('hotline_api_keys')
        .selectAll()
        .where('id', '=', kz.key.id)
        .executeTakeFirstOrThrow();
      assert.equal(stored.key_hash, createHash('sha256').update(kz.secret).digest('hex'));
      assert.ok(!JSON.stringify(stored).includes(kz.secret));
      const listed = await a.ok('GET', '/api/v1/hotline/api-keys', lead);
      assert.equal(listed.items.length, 1);
      assert.ok(!JSON.stringify(listed).includes(kz.secret.slice(10)));
      const byOperator = await a.call('POST', '/api/v1/hotline/api-keys', operator, { centerId: zz.id, client: 'x' });
      assert.equal(byOperator.statusCode, 403);
      const byOther = await a.call('POST', '/api/v1/hotline/api-keys', otherLead, { centerId: zz.id, client: 'x' });
      assert.equal(byOther.statusCode, 404);
      assert.equal(
        (await a.call('POST', '/api/v1/hotline/api-keys', lead, { centerId: ly.id, client: 'x' })).statusCode,
        404,
      );
      const kl = await issue(t, admin, ly.id, '洛阳随手拍', 2);
      const withPhone = await a.call('POST', '/api/v1/hotline/api-keys', admin, {
        centerId: ly.id,
        client: 'x',
        contact: '张三 139-0000-0000',
      });
      assert.equal(withPhone.json().error.code, 'CONTACT_HAS_PHONE');

      // Intake, form-encoded as the spec sends it: a ticket of the key's center, channel open311, caller encrypted.
      const posted = await c.post(report(kz.secret));
      assert.equal(posted.statusCode, 201, posted.body);
      const [created] = posted.json();
      assert.match(created.service_request_id, /^41010026120100001$/);
      assert.equal(typeof created.token, 'string');
      assert.equal(created.account_id, null);
      const row = await t.k.db
        .selectFrom('hotline_tickets')
        .selectAll()
        .where('number', '=', created.service_request_id)
        .executeTakeFirstOrThrow();
      assert.equal(row.channel, 'open311');
      assert.equal(row.center_id, zz.id);
      assert.equal(row.caller_phone_masked, '138****0033');
      assert.equal(row.caller_name_masked, '李**');
      assert.ok(!String(row.caller_phone_enc).includes('13800000033'));
      const action = await t.k.db
        .selectFrom('kernel_actions')
        .selectAll()
        .where('subject_id', '=', row.id)
        .executeTakeFirstOrThrow();
      assert.equal(action.actor_id, `api-key:${kz.key.id}`);
      assert.equal(action.action, 'create');
      // A JSON body with an attribute object is accepted too; a confidential-free complaint by default.
      const json = await t.app.inject({
        method: 'POST',
        url: `${BASE}/requests.json`,
        payload: {
          ...report(kz.secret),
          'attribute[region]': undefined,
          attribute: { region: '410105', request_type: 'suggestion' },
        },
      });
      assert.equal(json.statusCode, 201, json.body);
      const suggestion = json.json()[0].service_request_id;
      // api_key in the query string of the POST, as some clients send it.
      const { api_key: inQuery, ...rest } = report(kz.secret);
      const viaQuery = await t.app.inject({
        method: 'POST',
        url: `${BASE}/requests.json?api_key=${encodeURIComponent(inQuery)}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(rest).toString(),
      });
      assert.equal(viaQuery.statusCode, 201, viaQuery.body);
      // A duplicate merged into the first: closed, and its notes say into which and, later, that one's outcome.
      const dup = viaQuery.json()[0];
      await a.ok('POST', `/api/v1/hotline/tickets/${dup.token}/merge`, operator, { version: 1, into: created.token });

      // Errors, each in the spec's shape and naming the field.
      assertOpen311Error(await c.post({ ...report(kz.secret), api_key: '' }), 400, /api_key/);
      assertOpen311Error(await c.post(report('ow311_not-a-key')), 403, /api_key/);
      assertOpen311Error(await c.post({ ...report(kz.secret), phone: '' }), 400, /^phone:/);
      assertOpen311Error(await c.post({ ...report(kz.secret), phone: '12345' }), 400, /^phone:/);
      assertOpen311Error(await c.post({ ...report(kz.secret), service_code: 'nope' }), 400, /^service_code:/);
      assertOpen311Error(
        await c.post({ ...report(kz.secret), lat: '', long: '', address_string: '' }),
        400,
        /address_string/,
      );
      assertOpen311Error(await c.post({ ...report(kz.secret), lat: '200' }), 400, /^lat:/);
      assertOpen311Error(
        await c.post({ ...report(kz.secret), 'attribute[urgency]': 'now' }),
        400,
        /attribute\[urgency\]/,
      );
      // Zhengzhou's key cannot file in Luoyang (410305 涧西区).
      assertOpen311Error(await c.post({ ...report(kz.secret), 'attribute[region]': '410305' }), 403, /^region:/);
      assert.equal(
        (await c.post({ ...report(kz.secret), api_key: '' })).headers['content-type']?.toString().split(';')[0],
        'application/json',
      );

      // Reads: public fields only, no caller; a key of the ticket's center also sees description, address, coordinates.
      const pub = (await c.get(`requests/${created.service_request_id}.json`)).json();
      assert.equal(pub.length, 1);
      const p0 = pub[0];
      assert.equal(p0.status, 'open');
      assert.match(p0.status_notes, /已登记/);
      assert.equal(p0.service_code, 'urban.roads');
      assert.equal(p0.service_name, '道路与市政设施');
      assert.equal(p0.description, null);
      assert.equal(p0.address, '河南省郑州市金水区');
      assert.equal(p0.lat, 34.77);
      assert.equal(p0.long, 113.66);
      assert.equal(p0.requested_datetime, '2026-12-01T10:00:00+08:00');
      assert.match(p0.updated_datetime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
      const raw = JSON.stringify(pub);
      for (const secretBit of ['13800000033', '138****0033', '李示例', '李**', '文化路88号'])
        assert.ok(!raw.includes(secretBit), `public answer leaks ${secretBit}`);
      const own = (await c.get(`requests/${created.service_request_id}.json`, { api_key: kz.secret })).json()[0];
      assert.equal(own.description, '文化路人行道地砖破损，行人易绊倒。');
      assert.equal(own.address, '郑州市金水区文化路88号');
      assert.equal(own.lat, 34.7723);
      assert.ok(!JSON.stringify(own).includes('13800000033'));
      const foreign = (await c.get(`requests/${created.service_request_id}.json`, { api_key: kl.secret })).json()[0];
      assert.equal(foreign.description, null);
      assert.equal(foreign.address, '河南省郑州市金水区');

      // A confidential ticket (filed by the operator) and a 举报 exist only for the key of their center.
      const secretTk = await a.create(operator, { confidential: true, content: '某小区违规搭建，请保密处理' });
      assert.equal((await c.get(`requests/${secretTk.number}.json`)).statusCode, 404);
      assertOpen311Error(await c.get(`requests/${secretTk.number}.json`, { api_key: kl.secret }), 404);
      assert.equal((await c.get(`requests/${secretTk.number}.json`, { api_key: kz.secret })).statusCode, 200);
      const publicList = (await c.get('requests.json')).json();
      assert.ok(!publicList.some((r: any) => r.service_request_id === secretTk.number));
      assert.ok(
        (await c.get('requests.json', { api_key: kz.secret }))
          .json()
          .some((r: any) => r.service_request_id === secretTk.number),
      );
      assert.ok(
        !(await c.get('requests.json', { api_key: kl.secret }))
          .json()
          .some((r: any) => r.service_request_id === secretTk.number),
      );

      // Honest closure: resolved-and-confirmed and replied-not-confirmed are both "closed", told apart in status_notes.
      const zj = await t.login('staff.zhengzhou.zj');
      const tk = await a.ok('GET', '/api/v1/hotline/tickets?limit=50', operator);
      const first = tk.items.find((x: any) => x.number === created.service_request_id);
      await a.moveOk(operator, first.id, 'dispatch', { version: 1 });
      await a.moveOk(zj, first.id, 'accept', { version: 2 });
      const dueOpen = (await c.get(`requests/${created.service_request_id}.json`)).json()[0];
      assert.match(dueOpen.expected_datetime, /\+08:00$/);
      assert.match(dueOpen.agency_responsible, /住房和城乡建设局/);
      await a.moveOk(zj, first.id, 'reply', { version: 3, outcome: 'resolved', reply: '已修复破损地砖。' });
      await a.callback(operator, first.id, { version: 4, reached: true, satisfaction: 'satisfied' });
      const second = tk.items.find((x: any) => x.number === suggestion);
      await a.moveOk(operator, second.id, 'dispatch', { version: 1 });
      await a.moveOk(zj, second.id, 'accept', { version: 2 });
      await a.moveOk(zj, second.id, 'reply', { version: 3, outcome: 'resolved', reply: '已采纳。' });
      await a.callback(operator, second.id, { version: 4, reached: false });
      const closed = (await c.get('requests.json', { status: 'closed' })).json();
      const byId = new Map(closed.map((r: any) => [r.service_request_id, r]));
      assert.equal(closed.length, 3);
      const dupNotes = (byId.get(dup.service_request_id) as any).status_notes;
      assert.match(dupNotes, new RegExp(`已并单.*merged into ${created.service_request_id}.*已解决`));
      assert.match((byId.get(created.service_request_id) as any).status_notes, /已解决（市民确认）/);
      assert.match((byId.get(suggestion) as any).status_notes, /已答复未获确认/);
      assert.ok(!(byId.get(suggestion) as any).status_notes.includes('已采纳')); // the reply only to the center's key
      assert.match(
        (await c.get(`requests/${suggestion}.json`, { api_key: kz.secret })).json()[0].status_notes,
        /答复 reply: 已采纳。/,
      );
      assert.ok((await c.get('requests.json', { status: 'open' })).json().every((r: any) => r.status === 'open'));

      // Filters: ids (others ignored), service_code, dates within 90 days, status values.
      const two = (
        await c.get('requests.json', {
          service_request_id: `${created.service_request_id},${suggestion}`,
          status: 'open',
        })
      ).json();
      assert.equal(two.length, 2);
      assert.equal((await c.get('requests.json', { service_code: 'market.food' })).json().length, 0);
      assert.equal((await c.get('requests.json', { start_date: '2026-12-02T00:00:00+08:00' })).json().length, 0);
      assert.ok(
        (await c.get('requests.json', { start_date: '2026-11-30T00:00:00Z', end_date: '2026-12-02T00:00:00Z' })).json()
          .length >= 2,
      );
      assertOpen311Error(
        await c.get('requests.json', { start_date: '2026-01-01T00:00:00Z', end_date: '2026-12-01T00:00:00Z' }),
        400,
        /90/,
      );
      assertOpen311Error(await c.get('requests.json', { start_date: 'yesterday' }), 400, /start_date/);
      assertOpen311Error(await c.get('requests.json', { status: 'resolved' }), 400, /status/);
      assertOpen311Error(await c.get('requests.json', { jurisdiction_id: '999999' }), 404);
      assert.equal((await c.get('requests.json', { jurisdiction_id: '410300' })).json().length, 0);

      // Tokens: the token answered at intake names the service request.
      assert.deepEqual((await c.get(`tokens/${created.token}.json`)).json(), [
        { service_request_id: created.service_request_id, token: created.token },
      ]);
      assertOpen311Error(await c.get('tokens/no-such-token.json'), 404);

      // Rate limit per key: Luoyang's key may file 2 a minute; the third is 429; Zhengzhou's key is unaffected;
      // a minute later the key may file again.
      const lyReport = (n: string) =>
        report(kl.secret, { 'attribute[region]': '410302', description: `老城区路灯不亮${n}` });
      assert.equal((await c.post(lyReport('1'))).statusCode, 201);
      assert.equal((await c.post(lyReport('2'))).statusCode, 201);
      assertOpen311Error(await c.post(lyReport('3')), 429, /2/);
      assert.equal((await c.post(report(kz.secret))).statusCode, 201);
      t.clock.advance(61_000);
      const again = await c.post(lyReport('4'));
      assert.equal(again.statusCode, 201);
      assert.match(again.json()[0].service_request_id, /^410300/);

      // Concurrent intakes on one key take turns (its row is locked): of 6 at once with a rate of 3, exactly 3 pass.
      const burst = await issue(t, admin, zz.id, '并发测试', 3);
      const statuses = (await Promise.all([1, 2, 3, 4, 5, 6].map(() => c.post(report(burst.secret))))).map(
        (r) => r.statusCode,
      );
      assert.deepEqual(statuses.sort(), [201, 201, 201, 429, 429, 429]);

      // Revoked: refused with 403, the refusal recorded among the key's uses; a second revoke is a conflict.
      const revoked = await a.ok('POST', `/api/v1/hotline/api-keys/${kl.key.id}/revoke`, admin, {
        version: 1,
        reason: '合作终止',
      });
      assert.ok(revoked.revokedAt);
      assert.equal(revoked.intakes, 3);
      assertOpen311Error(await c.post(lyReport('5')), 403, /revoked/);
      assertOpen311Error(await c.get('requests.json', { api_key: kl.secret }), 403, /revoked/);
      const again2 = await a.call('POST', `/api/v1/hotline/api-keys/${kl.key.id}/revoke`, admin, {
        version: 2,
        reason: '重复',
      });
      assert.equal(again2.statusCode, 409);
      const uses = await a.ok('GET', `/api/v1/hotline/api-keys/${kl.key.id}/uses`, admin);
      assert.deepEqual(
        uses.items.map((u: any) => u.action),
        ['revoked_refused', 'revoked_refused', 'intake', 'rate_limited', 'intake', 'intake'],
      );
      assert.match(uses.items[2].ticketNumber, /^410300/);
      // Zhengzhou's lead does not reach Luoyang's key (absent); its reads of Zhengzhou's private fields are recorded.
      assert.equal((await a.call('GET', `/api/v1/hotline/api-keys/${kl.key.id}/uses`, lead)).statusCode, 404);
      const zzUses = await a.ok('GET', `/api/v1/hotline/api-keys/${kz.key.id}/uses`, lead);
      assert.ok(zzUses.items.some((u: any) => u.action === 'read'));
      const issued = await t.k.db
        .selectFrom('kernel_actions')
        .selectAll()
        .where('subject_type', '=', 'hotline.api_key')
        .execute();
      assert.deepEqual(issued.map((x) => x.action).sort(), ['issue', 'issue', 'issue', 'revoke']);
    } finally {
      await t.close();
    }
  });
}
