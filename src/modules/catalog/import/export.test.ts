/** Export in the import layout, and the round trip: an export re-imports as the same rows (CSV and XLSX), on every dialect. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { testDialects } from '../../../kernel/db/testing.ts';
import { testApp, type TestApp } from '../../../server/testing.ts';
import { seedCatalogDemo, seedHenanDemo } from '../demo.ts';
import { readCsv } from './files.ts';
import { CONTENT_TYPES } from './export.ts';
import { counts, postImport } from './test-helpers.ts';

const dialects = await testDialects();

async function exportOf(t: TestApp, headers: Record<string, string>, format: 'csv' | 'xlsx' | 'json', query = '') {
  const r = await t.app.inject({ method: 'GET', url: `/api/v1/catalog/export?format=${format}${query}`, headers });
  assert.equal(r.statusCode, 200, r.body.slice(0, 500));
  assert.equal(r.headers['content-type'], CONTENT_TYPES[format]);
  return r.rawPayload;
}

/** The rows of a CSV export without the status column (an import makes drafts of what was published). */
function rowsWithoutStatus(csv: Buffer): string[][] {
  const sheet = readCsv(csv);
  const status = sheet.header.indexOf('状态(status)');
  assert.ok(status > 0);
  return sheet.rows.map((r) => r.cells.filter((_c, i) => i !== status));
}

for (const dialect of dialects) {
  test(`[${dialect}] the demo exported as CSV and XLSX re-imports into a fresh database as the same rows`, async () => {
    const a = await testApp(dialect);
    const b = await testApp(dialect);
    const c = await testApp(dialect);
    try {
      await seedCatalogDemo(a.k, { enterprises: 0, persons: 0 });
      await seedHenanDemo(a.k);
      const adminA = await a.login('admin');
      const csv = await exportOf(a, adminA, 'csv');
      const original = rowsWithoutStatus(csv);
      assert.ok(original.length >= 60, `${original.length} rows`);
      assert.ok(csv.toString('utf8').startsWith('\ufeff基本编码(basicCode),'), 'UTF-8 BOM and bilingual header');

      const imported = await postImport(b, await b.login('admin'), csv, 'csv');
      assert.equal(imported.statusCode, 200, imported.body.slice(0, 2000));
      assert.equal(imported.json().counts.implementationsCreated, original.length);
      assert.deepEqual(
        rowsWithoutStatus(await exportOf(b, await b.login('admin'), 'csv')),
        original,
        'CSV: same cells, same codes',
      );

      const xlsx = await exportOf(a, adminA, 'xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
      assert.deepEqual(
        wb.worksheets.map((w) => w.name),
        ['实施清单', '填写说明'],
      );
      const viaXlsx = await postImport(c, await c.login('admin'), xlsx, 'xlsx');
      assert.equal(viaXlsx.statusCode, 200, viaXlsx.body.slice(0, 2000));
      assert.deepEqual(
        rowsWithoutStatus(await exportOf(c, await c.login('admin'), 'csv')),
        original,
        'XLSX: same cells',
      );

      const before = await counts(a);
      const again = await postImport(a, adminA, csv, 'csv');
      assert.equal(again.statusCode, 200, again.body.slice(0, 2000));
      assert.equal(
        again.json().counts.unchanged,
        original.length,
        'the published originals match their export: nothing to do',
      );
      assert.deepEqual(await counts(a), before);

      const json = JSON.parse((await exportOf(a, adminA, 'json', '&region=410105&status=published')).toString('utf8'));
      assert.equal(json.layout, 'onewindow.catalog/1');
      assert.ok(
        json.rows.length >= 20 &&
          json.rows.every(
            (r: { departmentCode: string; status: string }) =>
              r.departmentCode.startsWith('410105-') && r.status === 'published',
          ),
      );
      const food = json.rows.find((r: { name: string }) => r.name === '食品经营许可');
      assert.deepEqual(food.levels, ['province', 'city', 'county']);
      assert.equal(food.materials[1].source.certificateType, 'DEMO.YYZZ');
      assert.equal(food.itemIllustrative, true);
      const reviewer = await a.login('reviewer.zhengzhou');
      assert.equal(
        (await a.app.inject({ method: 'GET', url: '/api/v1/catalog/export?format=csv', headers: reviewer })).statusCode,
        200,
        'any staff may export',
      );
      assert.equal((await a.app.inject({ method: 'GET', url: '/api/v1/catalog/export?format=csv' })).statusCode, 401);
    } finally {
      await a.close();
      await b.close();
      await c.close();
    }
  });
}
