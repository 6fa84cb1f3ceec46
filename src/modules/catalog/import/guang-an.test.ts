/** The 广安区 list (1,135 real rows) imports into a fresh database of every dialect, keeping its original codes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../../kernel/db/testing.ts';
import { testApp } from '../../../server/testing.ts';
import type { Ctx } from '../../../kernel/context.ts';
import {
  GUANG_AN_COUNTY,
  GUANG_AN_LIST,
  henanBasicCode,
  importGuangAn,
  readGuangAn,
  sourceBasicCode,
} from './guang-an.ts';
import { seedGuangAnDemo } from '../demo.ts';

const dialects = await testDialects();

test('the source file has 1,135 rows with distinct codes; Henan basic codes stay distinct', () => {
  const rows = readGuangAn();
  assert.equal(rows.length, 1135);
  assert.equal(new Set(rows.map((r) => r.itemCode)).size, 1135);
  assert.equal(new Set(rows.map((r) => henanBasicCode(sourceBasicCode(r.itemCode)))).size, 1135);
  assert.equal(sourceBasicCode('511A0138000000-511602000000-000-115113010833722043-1-00'), '511A0138000000');
  assert.equal(henanBasicCode('511A0138000000'), '411A0138000000');
  assert.equal(sourceBasicCode('E-000004-001-11511301008778386B'), 'E-000004-001');
});

for (const dialect of dialects) {
  test(`[${dialect}] all 1,135 rows import as items and incomplete drafts of ${GUANG_AN_COUNTY}, sourceCode keeping the original codes`, async () => {
    const t = await testApp(dialect);
    try {
      const started = Date.now();
      await seedGuangAnDemo(t.k);
      process.stderr.write(`[${dialect}] 广安区 import: ${Date.now() - started} ms\n`);

      const impls = await t.k.db
        .selectFrom('catalog_implementations')
        .select(['code', 'source_code', 'region', 'status', 'item_id'])
        .execute();
      assert.equal(impls.length, 1135);
      const source = readGuangAn();
      assert.deepEqual(
        impls.map((i) => i.source_code).sort(),
        source.map((r) => r.itemCode).sort(),
        'every original code kept as sourceCode',
      );
      assert.ok(impls.every((i) => i.region === GUANG_AN_COUNTY && i.status === 'draft'));
      assert.ok(
        impls.every((i) => /^[0-9A-Z-]+-410102000000-\d{3}-[0-9A-Z]{18}-1-00$/.test(i.code)),
        'Henan codes in the usual shape',
      );

      const admin = await t.login('admin');
      const row = source.find((r) => r.itemCode === '511A0138000000-511602000000-000-115113010833722043-1-00')!;
      const list = await t.app.inject({
        method: 'GET',
        url: `/api/v1/catalog/items?q=${encodeURIComponent(row.name)}`,
        headers: admin,
      });
      const item = list.json().items[0];
      assert.deepEqual(
        [item.basicCode, item.name, item.itemType, item.region, item.illustrative],
        ['411A0138000000', row.name, 1, GUANG_AN_COUNTY, false],
      );
      const implList = await t.app.inject({
        method: 'GET',
        url: `/api/v1/catalog/implementations?itemId=${item.id}`,
        headers: admin,
      });
      const impl = implList.json().items[0];
      assert.equal(impl.sourceCode, row.itemCode);
      assert.deepEqual(impl.source, { list: GUANG_AN_LIST, department: '区教科体局', mainItem: null, url: row.link });
      assert.equal(
        impl.department.code,
        `${GUANG_AN_COUNTY}-ZWFW`,
        'a department the registry has no kind for is hosted by ZWFW',
      );
      assert.equal(impl.incomplete, true);
      assert.equal(impl.illustrative, false);
      const rubric = await t.app.inject({
        method: 'GET',
        url: `/api/v1/catalog/implementations/${impl.id}/rubric`,
        headers: admin,
      });
      assert.ok(rubric.json().score <= 20, `a bare list row scores low: ${rubric.json().score}`);

      const actions = await t.k.db
        .selectFrom('kernel_actions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('actor_id', '=', 'system:catalog-import-guang-an')
        .executeTakeFirstOrThrow();
      assert.equal(Number(actions.n), 2270, 'one audited action per item and per implementation');
      await seedGuangAnDemo(t.k);
      assert.equal(
        (await t.k.db.selectFrom('catalog_implementations').select('id').execute()).length,
        1135,
        'the demo seed runs once',
      );
      const ctx: Ctx = {
        principal: {
          id: 'system:test-import',
          kind: 'system',
          name: 'test',
          roles: ['admin'],
          region: null,
          department: null,
        },
        requestId: null,
        now: t.clock.now(),
      };
      const again = await importGuangAn(t.k, ctx);
      assert.deepEqual(
        [again.counts.itemsCreated, again.counts.implementationsCreated, again.counts.unchanged],
        [0, 0, 1135],
        're-running changes nothing',
      );
    } finally {
      await t.close();
    }
  });
}
