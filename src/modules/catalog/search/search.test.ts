/** Search and browse over the demo catalog through the public API, on every dialect: words, ranking, regions, counts, tags. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../../kernel/db/testing.ts';
import { testApp, type TestApp } from '../../../server/testing.ts';
import { actionsOf } from '../../../kernel/audit.ts';
import { seedCatalogDemo } from '../demo.ts';
import { seedSearchDemo } from './demo.ts';
import { queryWords, segment } from './segment.ts';

const dialects = await testDialects();

interface Hit {
  implementationId: string;
  version: number;
  name: string;
  region: string;
  departmentCode: string;
  itemType: number;
  illustrative: boolean;
  lifeEvents: string[];
  matchedIn: string | null;
}

async function search(
  t: TestApp,
  query: Record<string, string | number>,
): Promise<{ items: Hit[]; nextCursor: string | null }> {
  const r = await t.app.inject({
    method: 'GET',
    url: '/api/v1/catalog/search',
    query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
  });
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
}

/** Every hit of a query, following cursors. */
async function searchAll(t: TestApp, query: Record<string, string | number>): Promise<Hit[]> {
  const out: Hit[] = [];
  let cursor: string | null = null;
  do {
    const page = await search(t, { ...query, limit: 7, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

async function demoApp(dialect: (typeof dialects)[number]): Promise<TestApp> {
  const t = await testApp(dialect);
  await seedCatalogDemo(t.k, { enterprises: 0, persons: 0 });
  await seedSearchDemo(t.k);
  return t;
}

test('search-mode segmentation: sub-words are indexed; a query keeps only the words it needs', () => {
  assert.deepEqual(segment('营业执照'), ['营业', '执照', '营业执照'], 'plain cut would keep 营业执照 whole');
  assert.ok(segment('住房公积金缴存登记（单位）').includes('公积金'));
  assert.deepEqual(
    segment('ＡＢＣ-12 营业执照！'),
    ['abc', '12', '营业', '执照', '营业执照'],
    'NFKC, lower case, punctuation dropped',
  );
  assert.deepEqual(queryWords('营业执照'), ['营业执照']);
  assert.deepEqual(queryWords('执照'), ['执照']);
  assert.deepEqual(queryWords('公积金 缴存'), ['公积金', '缴存']);
});

for (const dialect of dialects) {
  test(`[${dialect}] two-character words and longer find what they name: 执照, 营业执照, 公积金`, async () => {
    const t = await demoApp(dialect);
    try {
      const licence = await searchAll(t, { q: '营业执照', region: '410105' });
      const names = licence.map((h) => h.name);
      assert.ok(names.includes('企业设立登记') && names.includes('个体工商户登记'), names.join(','));
      assert.ok(names.includes('食品经营许可'), 'a material named 营业执照 is found too');
      // Title matches (the result is a 营业执照) before text matches; within them, 金水区's own before the province's.
      const firstText = licence.findIndex((h) => h.matchedIn === 'text');
      assert.ok(
        firstText > 0 &&
          licence.slice(0, firstText).every((h) => h.matchedIn === 'title') &&
          licence.slice(firstText).every((h) => h.matchedIn === 'text'),
      );
      assert.deepEqual(
        new Set(licence.slice(0, firstText).map((h) => h.name)),
        new Set(['企业设立登记', '个体工商户登记']),
      );
      assert.deepEqual(
        licence.slice(0, firstText).map((h) => h.region),
        ['410105', '410105', '410000', '410000'],
      );
      assert.ok(
        licence.every((h) => h.illustrative),
        'demo items are marked 示例',
      );

      const short = await searchAll(t, { q: '执照', region: '410105' });
      assert.deepEqual(
        short.map((h) => h.implementationId).sort(),
        licence.map((h) => h.implementationId).sort(),
        '执照 finds what 营业执照 finds',
      );

      const fund = await search(t, { q: '公积金', region: '410100' });
      assert.equal(fund.items[0].name, '住房公积金缴存登记（单位）');
      assert.deepEqual(
        fund.items.map((h) => h.region),
        ['410100', '410000'],
      );
      assert.deepEqual(fund.items[0].lifeEvents, ['housing', 'employment']);
      assert.equal(
        (await search(t, { q: '住房公积金', region: '410105' })).items[0].name,
        '住房公积金缴存登记（单位）',
      );
      assert.deepEqual((await search(t, { q: '没有这样的事项', region: '410105' })).items, []);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] only what applies where the user is: the region and its parents`, async () => {
    const t = await demoApp(dialect);
    try {
      const jinshui = await searchAll(t, { q: '食品经营', region: '410105' });
      assert.deepEqual([...new Set(jinshui.map((h) => h.region))].sort(), ['410000', '410105']);
      const laocheng = await searchAll(t, { q: '食品经营', region: '410302' });
      assert.deepEqual([...new Set(laocheng.map((h) => h.region))].sort(), ['410000', '410302']);
      const province = await searchAll(t, { q: '食品经营' });
      assert.deepEqual([...new Set(province.map((h) => h.region))], ['410000'], 'without a region: the province');
      // A city user sees the city's own (公积金 is a city item) but no county's.
      const city = await searchAll(t, { q: '登记', region: '410100' });
      assert.ok(city.some((h) => h.region === '410100') && city.every((h) => ['410100', '410000'].includes(h.region)));
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] browsing by department, life event and item type: counts match what the filters find`, async () => {
    const t = await demoApp(dialect);
    try {
      const get = async (what: string, region: string) => {
        const r = await t.app.inject({ method: 'GET', url: `/api/v1/catalog/browse/${what}?region=${region}` });
        assert.equal(r.statusCode, 200, r.body);
        return r.json().items;
      };
      const departments: Array<{ departmentCode: string; region: string; count: number }> = await get(
        'departments',
        '410105',
      );
      assert.equal(departments[0].region, '410105', 'own region first');
      assert.ok(departments.every((d) => ['410105', '410100', '410000'].includes(d.region)));
      const scjg = departments.find((d) => d.departmentCode === '410105-SCJG')!;
      assert.equal(scjg.count, 4);
      for (const d of departments)
        assert.equal(
          (await searchAll(t, { department: d.departmentCode, region: '410105' })).length,
          d.count,
          d.departmentCode,
        );

      const types: Array<{ itemType: number; itemTypeName: string; count: number }> = await get('item-types', '410105');
      const total = types.reduce((n, x) => n + x.count, 0);
      assert.equal(
        total,
        departments.reduce((n, x) => n + x.count, 0),
      );
      assert.equal(types.find((x) => x.itemType === 1)?.itemTypeName, '行政许可');
      for (const x of types)
        assert.equal((await searchAll(t, { itemType: x.itemType, region: '410105' })).length, x.count);

      const events: Array<{ lifeEvent: string; zh: string; count: number }> = await get('life-events', '410105');
      assert.equal(events.length, 7, 'every life event, zero counts included');
      assert.equal(events.find((e) => e.lifeEvent === 'birth')?.zh, '新生儿出生');
      for (const e of events)
        assert.equal((await searchAll(t, { lifeEvent: e.lifeEvent, region: '410105' })).length, e.count, e.lifeEvent);
      const startup = await searchAll(t, { lifeEvent: 'business_startup', itemType: 1, q: '许可', region: '410105' });
      assert.ok(
        startup.length > 0 && startup.every((h) => h.itemType === 1 && h.lifeEvents.includes('business_startup')),
      );
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] life-event tags: versioned, audited, in jurisdiction, and searchable at once`, async () => {
    const t = await demoApp(dialect);
    try {
      const admin = await t.login('admin');
      const reviewer = await t.login('reviewer.zhengzhou');
      const item = (await search(t, { q: '建筑工程施工许可' })).items[0];
      const tags = await t.app.inject({
        method: 'GET',
        url: `/api/v1/catalog/search?q=${encodeURIComponent('建筑工程')}&lifeEvent=employment`,
      });
      assert.deepEqual(tags.json().items, []);
      const itemId = (
        await t.k.db
          .selectFrom('catalog_search_index')
          .select('item_id')
          .where('implementation_id', '=', item.implementationId)
          .executeTakeFirstOrThrow()
      ).item_id;
      const read = await t.app.inject({
        method: 'GET',
        url: `/api/v1/catalog/items/${itemId}/life-events`,
        headers: admin,
      });
      assert.deepEqual(read.json(), { itemId, lifeEvents: ['housing'], version: 1, updatedAt: read.json().updatedAt });

      const url = `/api/v1/catalog/items/${itemId}/life-events`;
      const outside = await t.app.inject({
        method: 'PUT',
        url,
        headers: reviewer,
        payload: { lifeEvents: ['employment'], version: 1 },
      });
      assert.equal(outside.statusCode, 403, 'items are the province’s: a city reviewer may not tag them');
      const unknown = await t.app.inject({
        method: 'PUT',
        url,
        headers: admin,
        payload: { lifeEvents: ['holiday'], version: 1 },
      });
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.json().error.field, /^lifeEvents/);
      const ok = await t.app.inject({
        method: 'PUT',
        url,
        headers: admin,
        payload: { lifeEvents: ['employment', 'housing'], version: 1, reason: '施工许可与就业相关（测试）' },
      });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual(ok.json().lifeEvents, ['housing', 'employment'], 'kept in the vocabulary order');
      const stale = await t.app.inject({ method: 'PUT', url, headers: admin, payload: { lifeEvents: [], version: 1 } });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().error.code, 'VERSION_CONFLICT');

      const found = await searchAll(t, { q: '建筑工程', lifeEvent: 'employment' });
      assert.deepEqual(
        found.map((h) => h.implementationId),
        [item.implementationId],
      );
      assert.deepEqual(found[0].lifeEvents, ['housing', 'employment']);
      const acts = await actionsOf(t.k.db, 'catalog.item', itemId);
      assert.deepEqual(
        acts.filter((a) => a.action === 'tag').map((a) => a.reason),
        ['示例数据：生活事件标签', '施工许可与就业相关（测试）'],
      );
      const events = await t.k.db
        .selectFrom('kernel_outbox')
        .select('type')
        .where('subject_id', '=', itemId)
        .where('type', '=', 'catalog.item.tagged')
        .execute();
      assert.equal(events.length, 2);
    } finally {
      await t.close();
    }
  });
}
