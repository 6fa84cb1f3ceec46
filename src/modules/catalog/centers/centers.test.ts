/** Service centers, windows and negative lists; availability and the no-center-not-online report — on every dialect. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../../kernel/db/testing.ts';
import { testApp, type TestApp } from '../../../server/testing.ts';
import { actionsOf } from '../../../kernel/audit.ts';
import { createAccount } from '../../../kernel/auth/accounts.ts';
import { DEMO_PASSWORD } from '../../../server/testing.ts';
import { createImpl, createItem, publishedImpl, submitAndPublish, validElements } from '../test-fixtures.ts';
import { seedCatalogDemo } from '../demo.ts';
import { seedCenterDemo } from './demo.ts';

const dialects = await testDialects();
type H = Record<string, string>;

const URL = '/api/v1/catalog/centers';
const ONLINE = { channels: ['window', 'online'], onlineDepth: { fullyOnline: true, inPersonVisits: 0 } };

async function newCenter(t: TestApp, headers: H, region = '410105') {
  const r = await t.app.inject({
    method: 'POST',
    url: URL,
    headers,
    payload: { region, name: `测试政务服务中心 ${region}`, address: '测试路 1 号', hours: '工作日 9:00—17:00' },
  });
  assert.equal(r.statusCode, 201, r.body);
  return r.json();
}

async function post(t: TestApp, headers: H, url: string, payload: unknown) {
  return t.app.inject({ method: 'POST', url, headers, payload: payload as object });
}

/** Published implementations in 410105: A (in person), B (全程网办), C (another item, in person). */
async function threeImplementations(t: TestApp) {
  const { impl: a, reviewer, lead } = await publishedImpl(t);
  const itemB = await createItem(t);
  const b = await createImpl(t, reviewer, {
    itemId: itemB.id,
    departmentCode: '410105-SCJG',
    elements: validElements(ONLINE as object),
  });
  await submitAndPublish(t, reviewer, lead, b.id, b.version);
  const itemC = await createItem(t);
  const c = await createImpl(t, reviewer, {
    itemId: itemC.id,
    departmentCode: '410105-SCJG',
    elements: validElements(),
  });
  await submitAndPublish(t, reviewer, lead, c.id, c.version);
  return { a, b, c, itemC };
}

const ids = (rows: Array<{ implementationId: string }>) => rows.map((r) => r.implementationId).sort();

for (const dialect of dialects) {
  test(`[${dialect}] a negative list excludes an implementation or a whole item; the report lists what no center hosts and is not online`, async () => {
    const t = await testApp(dialect);
    try {
      const admin = await t.login('admin');
      const reviewer = await t.login('reviewer.zhengzhou');
      const { a, b, c, itemC } = await threeImplementations(t);
      const report = async () =>
        (
          await t.app.inject({
            method: 'GET',
            url: '/api/v1/catalog/reports/unavailable?region=410105',
            headers: reviewer,
          })
        ).json().items;

      let rows = await report();
      assert.deepEqual(ids(rows), [a.id, c.id].sort(), 'no center yet: everything not fully online is unavailable');
      assert.ok(rows.every((r: { cause: string }) => r.cause === 'no_center'));

      const center = await newCenter(t, admin);
      const hall = await post(t, admin, `${URL}/${center.id}/halls`, {
        version: center.version,
        name: '一楼综合大厅',
        floor: '1F',
      });
      assert.equal(hall.statusCode, 201, hall.body);
      const hallId = hall.json().halls[0].id;
      assert.deepEqual(await report(), [], 'a center hosts everything of its region not on its negative list');

      const avail = await t.app.inject({
        method: 'GET',
        url: '/api/v1/catalog/availability?region=410105',
        headers: reviewer,
      });
      assert.equal(avail.statusCode, 200, avail.body);
      const rowA = avail.json().items.find((r: { implementationId: string }) => r.implementationId === a.id);
      assert.deepEqual(rowA.centers, [{ id: center.id, name: center.name }]);
      assert.equal(rowA.fullyOnline, false);
      assert.equal(
        avail.json().items.find((r: { implementationId: string }) => r.implementationId === b.id).fullyOnline,
        true,
      );

      let version = hall.json().version;
      const exclude = async (body: object) =>
        post(t, admin, `${URL}/${center.id}/negative-list`, {
          version,
          reason: '涉及现场勘验，在专业分中心办理',
          approvedBy: '金水区人民政府（测试）',
          approvedOn: '2026-11-20',
          ...body,
        });
      const both = await exclude({ implementationId: a.id, itemId: itemC.id });
      assert.equal(both.statusCode, 400);
      assert.equal(both.json().error.code, 'NEGATIVE_LIST_TARGET');
      const { impl: elsewhere } = await publishedImpl(t, { impl: { departmentCode: '410100-SCJG' } });
      const foreign = await exclude({ implementationId: elsewhere.id });
      assert.equal(foreign.json().error.code, 'NEGATIVE_LIST_REGION');
      assert.equal(
        (await t.app.inject({ method: 'GET', url: `${URL}/${center.id}` })).json().version,
        version,
        'refused entries change nothing',
      );

      const exA = await exclude({ implementationId: a.id });
      assert.equal(exA.statusCode, 201, exA.body);
      assert.equal(exA.json().entry.target, 'implementation');
      version = exA.json().centerVersion;
      const exB = await exclude({ implementationId: b.id });
      version = exB.json().centerVersion;
      const exC = await exclude({ itemId: itemC.id });
      assert.equal(exC.json().entry.target, 'item');
      version = exC.json().centerVersion;
      const dup = await exclude({ implementationId: c.id });
      assert.equal(dup.statusCode, 409);
      assert.equal(dup.json().error.code, 'NEGATIVE_LIST_DUPLICATE', 'the whole item is already excluded');

      rows = await report();
      assert.deepEqual(ids(rows), [a.id, c.id].sort(), 'B is excluded too but fully online');
      assert.ok(
        rows.every(
          (r: { cause: string; excludedAt: unknown[] }) => r.cause === 'excluded' && r.excludedAt.length === 1,
        ),
      );

      const stale = await post(t, admin, `${URL}/${center.id}/negative-list/${exA.json().entry.id}/remove`, {
        version: version - 1,
        reason: '已具备条件',
      });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().error.code, 'VERSION_CONFLICT');
      const removed = await post(t, admin, `${URL}/${center.id}/negative-list/${exA.json().entry.id}/remove`, {
        version,
        reason: '已具备进驻条件',
      });
      assert.equal(removed.statusCode, 200, removed.body);
      assert.equal(removed.json().entry.status, 'removed');
      assert.deepEqual(ids(await report()), [c.id]);

      const publicList = await t.app.inject({ method: 'GET', url: `${URL}/${center.id}/negative-list?status=active` });
      assert.equal(publicList.statusCode, 200, 'the negative list is public');
      assert.deepEqual(
        publicList
          .json()
          .items.map((e: { target: string }) => e.target)
          .sort(),
        ['implementation', 'item'],
      );

      const acts = await actionsOf(t.k.db, 'catalog.center', center.id);
      assert.deepEqual(
        acts.map((x) => x.action),
        ['create', 'add_hall', 'exclude', 'exclude', 'exclude', 'remove_exclusion'],
      );
      assert.ok(
        acts.slice(2).every((x) => x.reason),
        'negative-list changes carry their reason',
      );
      const events = await t.k.db
        .selectFrom('kernel_outbox')
        .select('type')
        .where('subject_id', '=', center.id)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        events.map((e) => e.type),
        [
          'catalog.center.created',
          'catalog.center_hall.added',
          'catalog.negative_list_entry.added',
          'catalog.negative_list_entry.added',
          'catalog.negative_list_entry.added',
          'catalog.negative_list_entry.removed',
        ],
      );
      const stored = (await t.app.inject({ method: 'GET', url: `${URL}/${center.id}` })).json();
      assert.deepEqual(
        stored.halls.map((h: { id: string; name: string; floor: string | null; windows: unknown[] }) => ({
          id: h.id,
          name: h.name,
          floor: h.floor,
          windows: h.windows,
        })),
        [{ id: hallId, name: '一楼综合大厅', floor: '1F', windows: [] }],
        'the hall is stored as added, with no windows yet',
      );
      assert.equal(hall.json().version, center.version + 1, 'adding a hall bumps the center version');
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] windows by type; who may manage a center; centers are public`, async () => {
    const t = await testApp(dialect);
    try {
      const admin = await t.login('admin');
      await createAccount(
        t.k.db,
        t.k.adapter,
        {
          username: 'lead.zwfw.jinshui',
          name: '金水区政务服务负责人（测试）',
          kind: 'staff',
          roles: ['department_lead'],
          region: '410105',
          department: '410105-ZWFW',
          password: DEMO_PASSWORD,
        },
        t.clock.now(),
      );
      await createAccount(
        t.k.db,
        t.k.adapter,
        {
          username: 'lead.zwfw.luoyang',
          name: '洛阳市政务服务负责人（测试）',
          kind: 'staff',
          roles: ['department_lead'],
          region: '410300',
          department: '410300-ZWFW',
          password: DEMO_PASSWORD,
        },
        t.clock.now(),
      );
      const body = {
        region: '410105',
        name: '金水区政务服务中心（测试）',
        address: '金水区测试路 1 号',
        hours: '工作日 9:00—17:00',
      };
      const scjgLead = await post(t, await t.login('lead.zhengzhou'), URL, body);
      assert.equal(scjgLead.json().error.code, 'DEPARTMENT_MISMATCH', 'centers are run by the 政务服务 department');
      assert.equal((await post(t, await t.login('reviewer.zhengzhou'), URL, body)).json().error.code, 'FORBIDDEN');
      assert.equal(
        (await post(t, await t.login('lead.zwfw.luoyang'), URL, body)).json().error.code,
        'OUT_OF_JURISDICTION',
      );
      const bad = await post(t, admin, URL, { ...body, region: '419999' });
      assert.equal(bad.json().error.code, 'DIVISION_UNKNOWN');

      const local = await t.login('lead.zwfw.jinshui');
      const center = await newCenter(t, local);
      const hall = (
        await post(t, local, `${URL}/${center.id}/halls`, { version: 1, name: '二楼大厅', floor: '2F' })
      ).json();
      const win = (v: number, o: object) =>
        post(t, local, `${URL}/${center.id}/windows`, {
          version: v,
          hallId: hall.halls[0].id,
          number: 'A01',
          name: '综合受理',
          type: 'comprehensive',
          departments: [],
          ...o,
        });
      const noDept = await win(2, { type: 'specialized', number: 'B01' });
      assert.equal(noDept.json().error.code, 'WINDOW_DEPARTMENTS_REQUIRED');
      const otherRegion = await win(2, { type: 'specialized', number: 'B01', departments: ['410302-SCJG'] });
      assert.equal(otherRegion.json().error.code, 'WINDOW_DEPARTMENT_REGION');
      let v = 2;
      for (const [number, type, departments] of [
        ['A01', 'comprehensive', ['410105-SCJG', '410105-WJ']],
        ['A02', 'bundle', []],
        ['A03', 'could_not_get_done', []],
        ['B01', 'specialized', ['410105-ZJ', '410000-GA']],
      ] as const) {
        const r = await win(v, { number, type, departments });
        assert.equal(r.statusCode, 201, r.body);
        v = r.json().version;
      }
      const taken = await win(v, { number: 'A01' });
      assert.equal(taken.json().error.code, 'WINDOW_NUMBER_TAKEN');
      const stale = await win(v - 1, { number: 'C01' });
      assert.equal(stale.json().error.code, 'VERSION_CONFLICT');

      const pub = await t.app.inject({ method: 'GET', url: '/api/v1/catalog/centers?region=410100' });
      assert.equal(pub.statusCode, 200, 'anyone may read centers (the city subtree includes 金水区)');
      const shown = pub.json().items.find((c: { id: string }) => c.id === center.id);
      const windows = shown.halls[0].windows;
      assert.deepEqual(
        windows.map((w: { number: string; typeName: string }) => [w.number, w.typeName]),
        [
          ['A01', '综合窗口'],
          ['A02', '一件事窗口'],
          ['A03', '办不成事窗口'],
          ['B01', '专业窗口'],
        ],
      );
      assert.deepEqual(
        windows[3].departments.map((d: { code: string }) => d.code),
        ['410105-ZJ', '410000-GA'],
      );

      const closeNoReason = await t.app.inject({
        method: 'PATCH',
        url: `${URL}/${center.id}/windows/${windows[0].id}`,
        headers: local,
        payload: { version: v, status: 'closed', departments: ['410105-SCJG'] },
      });
      assert.equal(closeNoReason.statusCode, 200, closeNoReason.body);
      assert.deepEqual(closeNoReason.json().halls[0].windows[0].departments, [
        { code: '410105-SCJG', name: closeNoReason.json().halls[0].windows[0].departments[0].name },
      ]);
      const closeCenter = await t.app.inject({
        method: 'PATCH',
        url: `${URL}/${center.id}`,
        headers: local,
        payload: { version: closeNoReason.json().version, status: 'closed' },
      });
      assert.equal(closeCenter.json().error.code, 'REASON_REQUIRED');
      const closed = await t.app.inject({
        method: 'PATCH',
        url: `${URL}/${center.id}`,
        headers: local,
        payload: { version: closeNoReason.json().version, status: 'closed', reason: '搬迁' },
      });
      assert.equal(closed.json().status, 'closed');
      const { impl } = await publishedImpl(t);
      const avail = await t.app.inject({
        method: 'GET',
        url: '/api/v1/catalog/reports/unavailable?region=410105',
        headers: admin,
      });
      assert.deepEqual(
        avail.json().items.map((r: { implementationId: string; cause: string }) => [r.implementationId, r.cause]),
        [[impl.id, 'no_center']],
        'a closed center hosts nothing',
      );
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] demo centers: four window types, and the 金水区 negative list shows in the report; seeding twice adds nothing`, async () => {
    const t = await testApp(dialect);
    try {
      await seedCatalogDemo(t.k, { enterprises: 0, persons: 0 });
      await seedCenterDemo(t.k);
      await seedCenterDemo(t.k);
      const all = (await t.app.inject({ method: 'GET', url: '/api/v1/catalog/centers?limit=50' })).json().items;
      assert.equal(all.length, 5);
      const jinshui = all.find((c: { region: string }) => c.region === '410105');
      assert.deepEqual(
        jinshui.halls[0].windows.map((w: { type: string }) => w.type),
        ['comprehensive', 'bundle', 'could_not_get_done', 'specialized'],
      );
      const rows = (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/catalog/reports/unavailable?region=410100',
          headers: await t.login('reviewer.zhengzhou'),
        })
      ).json().items;
      assert.deepEqual(
        rows.map((r: { itemName: string; region: string; cause: string }) => [r.itemName, r.region, r.cause]),
        [['建筑工程施工许可证核发', '410105', 'excluded']],
      );
    } finally {
      await t.close();
    }
  });
}
