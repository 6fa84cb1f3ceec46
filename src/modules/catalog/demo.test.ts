/** The Henan demo catalog: more than 60 published implementations with full elements, all marked 示例, on every dialect. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp } from '../../server/testing.ts';
import { seedCatalogDemo, seedHenanDemo } from './demo.ts';
import { HENAN_LIFE_EVENTS } from './demo-data-henan.ts';

const dialects = await testDialects();

const NAMED = [
  '食品经营许可',
  '公共场所卫生许可',
  '建筑工程施工许可证核发',
  '药品零售企业许可',
  '个体工商户登记',
  '企业设立登记',
  '不动产登记',
  '社会保障卡申领',
  '生育登记',
  '住房公积金缴存登记',
];

for (const dialect of dialects) {
  test(`[${dialect}] the demo province has ≥ 60 published, complete, illustrative implementations, the named ten among them`, async () => {
    const t = await testApp(dialect);
    try {
      await seedCatalogDemo(t.k, { enterprises: 0, persons: 0 });
      await seedHenanDemo(t.k);
      await seedHenanDemo(t.k);
      const admin = await t.login('admin');
      const impls = (
        await t.app.inject({ method: 'GET', url: '/api/v1/catalog/implementations?limit=200', headers: admin })
      ).json().items;
      assert.ok(impls.length >= 60, `${impls.length} implementations`);
      assert.equal(
        new Set(impls.map((i: { code: string }) => i.code)).size,
        impls.length,
        'seeding twice added nothing',
      );
      for (const i of impls) {
        assert.equal(i.status, 'published', i.code);
        assert.equal(i.illustrative, true, `${i.code} is marked 示例`);
        assert.equal(i.incomplete, false, `${i.code} can be applied for`);
        assert.ok(
          i.elements.materials.length && i.elements.process.length && i.elements.acceptanceConditions.length,
          `${i.code} has full elements`,
        );
        assert.ok(
          i.elements.materials.every((m: { source: unknown }) => m.source),
          `${i.code}: every material has a source`,
        );
      }
      const names = new Set(impls.map((i: { item: { name: string } }) => i.item.name));
      for (const n of NAMED)
        assert.ok(
          [...names].some((x) => (x as string).startsWith(n)),
          `${n} is in the demo`,
        );
      const regions = new Set(impls.map((i: { region: string }) => i.region));
      for (const r of ['410000', '410100', '410300', '410105', '410302', '410102'])
        assert.ok(regions.has(r), `implementations in ${r}`);
      const kinds = new Set(impls.map((i: { department: { code: string } }) => i.department.code.slice(7)));
      assert.ok(kinds.size >= 12, `${kinds.size} department kinds`);

      const low = [];
      for (const i of impls) {
        const r = await t.app.inject({
          method: 'GET',
          url: `/api/v1/catalog/implementations/${i.id}/rubric`,
          headers: admin,
        });
        if (r.json().score < 80) low.push(`${i.item.name}@${i.region}: ${r.json().score}`);
      }
      assert.deepEqual(low, [], 'full elements score well on the rubric');

      const marriage = impls.filter((i: { item: { name: string } }) => i.item.name === '结婚登记');
      assert.deepEqual(
        marriage.map((i: { region: string }) => i.region).sort(),
        ['410102', '410105', '410302'],
        'county-only items have their own county implementations',
      );
      assert.ok(
        marriage.every(
          (i: { derivedFrom: unknown; elements: { places: Array<{ name: string }> } }) =>
            i.derivedFrom === null && i.elements.places[0].name.includes('区'),
        ),
      );

      for (const [basicCode, events] of Object.entries(HENAN_LIFE_EVENTS)) {
        const item = await t.k.db
          .selectFrom('catalog_items')
          .select('id')
          .where('basic_code', '=', basicCode)
          .executeTakeFirstOrThrow();
        const tags = await t.app.inject({
          method: 'GET',
          url: `/api/v1/catalog/items/${item.id}/life-events`,
          headers: admin,
        });
        assert.deepEqual(tags.json().lifeEvents, events, basicCode);
      }
    } finally {
      await t.close();
    }
  });
}
