/** Importing the catalog layout through the public API, on every dialect: all rows or none, dry runs, CSV and XLSX. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../../kernel/db/testing.ts';
import { testApp } from '../../../server/testing.ts';
import { actionsOf } from '../../../kernel/audit.ts';
import { counts, csvOf, postImport, validRow, xlsxOf } from './test-helpers.ts';

const dialects = await testDialects();

for (const dialect of dialects) {
  test(`[${dialect}] a file with any error imports nothing and lists every error with row and column`, async () => {
    const t = await testApp(dialect);
    try {
      const admin = await t.login('admin');
      const before = await counts(t);
      const rows = [
        validRow(1),
        validRow(2, { name: '' }),
        validRow(3, { itemType: '99' }),
        validRow(4, { statutoryDays: '10', promisedDays: '12' }),
        validRow(5, { materials: '[{"key": "application", "name": ' }),
        validRow(6, { departmentCode: '410105-NOPE' }),
        validRow(7, { channels: '窗口、飞鸽传书', validity: '永久' }),
      ];
      for (const [format, body] of [
        ['csv', csvOf(rows)],
        ['xlsx', await xlsxOf(rows)],
      ] as const) {
        const r = await postImport(t, admin, body, format);
        assert.equal(r.statusCode, 400, r.body);
        const err = r.json().error;
        assert.equal(err.code, 'IMPORT_INVALID');
        const got = (
          err.details.errors as Array<{
            row: number;
            column: string;
            code: string;
            message: { zh: string; en: string };
          }>
        ).map((e) => [e.row, e.column, e.code]);
        assert.deepEqual(
          got,
          [
            [3, 'name', 'CELL_REQUIRED'],
            [4, 'itemType', 'CELL_UNKNOWN_CODE'],
            [5, 'promisedDays', 'PROMISED_EXCEEDS_STATUTORY'],
            [6, 'materials', 'CELL_JSON_INVALID'],
            [7, 'departmentCode', 'NOT_FOUND'],
            [8, 'channels', 'CELL_UNKNOWN_CODE'],
            [8, 'validity', 'CELL_INVALID'],
          ],
          format,
        );
        assert.ok(
          err.details.errors.every((e: { message: { zh: string; en: string } }) => e.message.zh && e.message.en),
        );
        // Row 2 was valid and its item and implementation were written inside the transaction — and rolled back.
        assert.deepEqual(await counts(t), before, `${format}: no items, implementations, actions or events remain`);
      }
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] a dry run reports what would be created and writes nothing; the real import writes it, audited`, async () => {
    const t = await testApp(dialect);
    try {
      const admin = await t.login('admin');
      const before = await counts(t);
      const rows = [
        validRow(1),
        validRow(1, { departmentCode: '410302-SCJG', places: '' }),
        validRow(2, {
          departmentCode: '',
          acceptanceConditions: '',
          materials: '',
          statutoryDays: '',
          promisedDays: '',
          serviceObjects: '',
          channels: '',
          inPersonVisits: '',
          places: '',
          consultation: '',
          complaint: '',
          resultKind: '',
          resultName: '',
          resultCertificateType: '',
          validity: '',
          process: '',
          form: '',
          effectiveFrom: '',
        }),
      ];
      const dry = await postImport(t, admin, csvOf(rows), 'csv', true);
      assert.equal(dry.statusCode, 200, dry.body);
      assert.equal(dry.json().valid, true);
      assert.deepEqual(dry.json().counts, {
        itemsCreated: 2,
        itemsUpdated: 0,
        implementationsCreated: 2,
        implementationsUpdated: 0,
        unchanged: 0,
      });
      assert.deepEqual(await counts(t), before, 'the dry run wrote nothing');

      const badDry = await postImport(t, admin, csvOf([validRow(3, { promisedDays: '30' })]), 'csv', true);
      assert.equal(badDry.statusCode, 200);
      assert.equal(badDry.json().valid, false);
      assert.deepEqual(
        badDry.json().errors.map((e: { column: string }) => e.column),
        ['promisedDays'],
      );

      const real = await postImport(t, admin, await xlsxOf(rows), 'xlsx');
      assert.equal(real.statusCode, 200, real.body);
      const results = real.json().results as Array<{
        row: number;
        item: string;
        implementation: string | null;
        implementationCode: string | null;
      }>;
      assert.deepEqual(
        results.map((r) => [r.row, r.item, r.implementation]),
        [
          [2, 'created', 'created'],
          [3, 'unchanged', 'created'],
          [4, 'created', null],
        ],
      );
      assert.match(results[0].implementationCode!, /^410IMP00000001-410105000000-000-[0-9A-Z]{18}-1-00$/);
      const after = await counts(t);
      assert.equal(after.items - before.items, 2);
      assert.equal(after.implementations - before.implementations, 2);
      assert.equal(after.actions - before.actions, 4, 'one action per item and per implementation');

      const list = await t.app.inject({
        method: 'GET',
        url: '/api/v1/catalog/implementations?region=410100',
        headers: admin,
      });
      const impl = list.json().items.find((i: { code: string }) => i.code === results[0].implementationCode);
      assert.equal(impl.status, 'draft');
      assert.equal(impl.illustrative, true);
      assert.equal(impl.incomplete, false);
      assert.deepEqual(impl.elements.materials[1].source, {
        kind: 'certificate',
        certificateType: 'DEMO.YYZZ',
        dataSource: null,
      });
      assert.deepEqual(impl.elements.fees, { charged: false, basis: null, items: [], reductions: [] });
      assert.equal(impl.elements.handlingKind, 'promised');
      assert.deepEqual(impl.elements.resultValidity, { kind: 'period', value: 5, unit: 'year' });
      assert.deepEqual(impl.elements.form.required, ['applicant_name', 'enterprise_uscc']);
      const acts = await actionsOf(t.k.db, 'catalog.implementation', impl.id);
      assert.deepEqual(
        acts.map((a) => [a.action, a.actorId]),
        [
          [
            'create',
            (await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: admin })).json().principal.id,
          ],
        ],
      );
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] re-importing updates a draft by code, leaves unchanged rows alone and refuses to edit a published one`, async () => {
    const t = await testApp(dialect);
    try {
      const admin = await t.login('admin');
      const keyed = { ...admin, 'idempotency-key': 'import-1' };
      const first = await postImport(t, keyed, csvOf([validRow(1), validRow(2)]), 'csv');
      assert.equal(first.statusCode, 200, first.body);
      const replay = await postImport(t, keyed, csvOf([validRow(1), validRow(2)]), 'csv');
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      assert.deepEqual(
        replay.json(),
        first.json(),
        'a retried upload returns the first result and imports nothing twice',
      );
      const [a, b] = first.json().results.map((r: { implementationCode: string }) => r.implementationCode);
      const list = await t.app.inject({
        method: 'GET',
        url: '/api/v1/catalog/implementations?region=410105',
        headers: admin,
      });
      const implB = list.json().items.find((i: { code: string }) => i.code === b);
      const lead = await t.login('lead.zhengzhou');
      const reviewer = await t.login('reviewer.zhengzhou');
      const s = await t.app.inject({
        method: 'POST',
        url: `/api/v1/catalog/implementations/${implB.id}/submit`,
        headers: reviewer,
        payload: { version: implB.version, reason: '提交' },
      });
      const p = await t.app.inject({
        method: 'POST',
        url: `/api/v1/catalog/implementations/${implB.id}/publish`,
        headers: lead,
        payload: { version: s.json().version, reason: '发布' },
      });
      assert.equal(p.statusCode, 200, p.body);

      const again = await postImport(
        t,
        admin,
        csvOf([validRow(1, { code: a, promisedDays: '4' }), validRow(2, { code: b })]),
        'csv',
      );
      assert.equal(again.statusCode, 200, again.body);
      assert.deepEqual(
        again.json().results.map((r: { item: string; implementation: string }) => [r.item, r.implementation]),
        [
          ['unchanged', 'updated'],
          ['unchanged', 'unchanged'],
        ],
      );
      const edited = await t.app.inject({
        method: 'GET',
        url: `/api/v1/catalog/implementations?region=410105`,
        headers: admin,
      });
      assert.equal(edited.json().items.find((i: { code: string }) => i.code === a).elements.promisedDays, 4);

      const refused = await postImport(
        t,
        admin,
        csvOf([validRow(2, { code: b, promisedDays: '3', name: '改名的事项' })]),
        'csv',
      );
      assert.equal(refused.statusCode, 400);
      assert.deepEqual(
        refused
          .json()
          .error.details.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code]),
        [[2, 'code', 'IMPLEMENTATION_NOT_EDITABLE']],
      );
      const item = await t.app.inject({
        method: 'GET',
        url: `/api/v1/catalog/items?q=${encodeURIComponent('导入测试许可事项2')}`,
        headers: admin,
      });
      assert.equal(
        item.json().items[0].name,
        '导入测试许可事项2',
        'the item rename in the refused file was rolled back',
      );

      const outOfKind = await postImport(
        t,
        reviewer,
        csvOf([validRow(1, { code: a, departmentCode: '410105-WJ' }), validRow(3)]),
        'csv',
      );
      assert.deepEqual(
        outOfKind
          .json()
          .error.details.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code]),
        [
          [2, 'departmentCode', 'CODE_MISMATCH'],
          [3, 'itemRegion', 'OUT_OF_JURISDICTION'],
        ],
      );
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] the file itself is checked: unknown columns, wrong media type, GB18030 CSV`, async () => {
    const t = await testApp(dialect);
    try {
      const admin = await t.login('admin');
      const unknown = await postImport(t, admin, csvOf([{ ...validRow(1), 怪列: 'x' }]), 'csv');
      assert.deepEqual(
        unknown
          .json()
          .error.details.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code]),
        [[1, '怪列', 'UNKNOWN_COLUMN']],
      );
      const json = await t.app.inject({
        method: 'POST',
        url: '/api/v1/catalog/import',
        headers: admin,
        payload: { rows: [] },
      });
      assert.equal(json.statusCode, 415);
      const dry = await postImport(t, admin, encodeGb18030Sample(), 'csv', true);
      assert.equal(dry.statusCode, 200, dry.body);
      assert.equal(dry.json().valid, false);
      assert.deepEqual(
        dry.json().errors.map((e: { column: string; code: string }) => [e.column, e.code]),
        [['levels', 'CELL_REQUIRED']],
        'the GB18030 header and names were decoded',
      );
      const template = await t.app.inject({
        method: 'GET',
        url: '/api/v1/catalog/import/template?format=csv',
        headers: admin,
      });
      assert.equal(template.statusCode, 200);
      assert.match(template.body, /基本编码\(basicCode\),业务办理项编号\(businessItem\),事项名称\(name\)/);
    } finally {
      await t.close();
    }
  });
}

/** "基本编码,事项名称,事项类型代码,部门类别\r\n410GB0000001,食品经营许可,1,SCJG" in GB18030, as Excel on Chinese Windows saves it. */
function encodeGb18030Sample(): Buffer {
  const hex =
    'bbf9b1beb1e0c2eb2ccac2cfeec3fbb3c62ccac2cfeec0e0d0cdb4fac2eb2cb2bfc3c5c0e0b1f00d0a3431304742303030303030312ccab3c6b7beadd3aad0edbfc92c312c53434a470d0a';
  return Buffer.from(hex, 'hex');
}
