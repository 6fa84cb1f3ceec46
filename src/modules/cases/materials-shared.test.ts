/**
 * Shared-data materials (人口基础信息库 … through cases' shared-data sources), reuse of an earlier upload, the apply
 * page's options and the 免提交率 counting both, through the public API on every dialect.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp, ok } from '../../server/testing.ts';
import {
  FILLED,
  addAccount,
  certificateItem,
  seedCertificatesDemo,
  sharedMaterial,
} from '../certificates/test-fixtures.ts';
import { matchDataSource } from './material-source.ts';

const dialects = await testDialects();
type Headers = Record<string, string>;
type Res = { statusCode: number; body: string; json(): any };

async function fails(p: Promise<Res>, status: number, code?: string, field?: string) {
  const r = await p;
  assert.equal(r.statusCode, status, r.body);
  const e = r.json().error;
  if (code) assert.equal(e.code, code, r.body);
  if (field) assert.equal(e.field, field, r.body);
  return r.json();
}

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

test('data-source names: the small table maps known names (trimmed) to a source; others stay uploads', () => {
  assert.deepEqual(matchDataSource(' 人口基础信息库 '), { source: 'registry', dataset: 'person' });
  assert.deepEqual(matchDataSource('企业登记信息'), { source: 'registry', dataset: 'enterprise' });
  assert.deepEqual(matchDataSource('出生医学证明信息系统'), { source: 'certificates', dataset: 'DEMO.CSYXZM' });
  assert.equal(matchDataSource('税务信息共享平台'), null);
  assert.equal(matchDataSource(''), null);
  assert.equal(matchDataSource(null), null);
});

for (const dialect of dialects) {
  test(`[${dialect}] shared data with consent, logged for the data subject; reuse of an earlier upload; 免提交率`, async () => {
    const t = await testApp(dialect);
    try {
      await seedCertificatesDemo(t.k);
      const item = await certificateItem(t, 'DEMO.SPJYXKZ', [
        sharedMaterial('id', '申请人身份证明', '人口基础信息库'),
        sharedMaterial('reg', '营业执照', '企业登记信息'),
        sharedMaterial('tax', '完税凭证', '税务信息共享平台'),
      ]);
      const citizen = await t.login('citizen.demo');
      const clerk = await t.login('clerk.jinshui');
      const supervisor = await t.login('supervisor.province');
      const clerkName = (await ok(t.app.inject({ url: '/api/v1/session', headers: clerk }))).principal.name;
      const other = await addAccount(t, 'citizen.other', ['applicant'], null, null, 'person');
      const file = (h: Headers) =>
        ok(
          t.app.inject({
            method: 'POST',
            url: '/api/v1/cases',
            headers: h,
            payload: { itemId: item, region: '410105', form: FILLED },
          }),
          201,
        );

      // The apply page, before the case exists: the shared-data materials whose source is connected.
      const before = await ok(
        t.app.inject({ url: `/api/v1/cases/material-options?itemId=${item}&region=410105`, headers: citizen }),
      );
      assert.deepEqual(before.certificates, []);
      assert.deepEqual(
        before.sharedData.map((o: any) => [o.materialKey, o.source.id]),
        [
          ['id', 'registry'],
          ['reg', 'registry'],
        ],
      );
      const staffBefore = await ok(
        t.app.inject({ url: `/api/v1/cases/material-options?itemId=${item}&region=410105`, headers: clerk }),
      );
      assert.deepEqual(staffBefore, { certificates: [], sharedData: [] });
      await fails(
        t.app.inject({ url: `/api/v1/cases/material-options?itemId=${item}&region=41010`, headers: citizen }),
        400,
      );

      const c1 = await file(citizen);
      const options = await ok(
        t.app.inject({ url: `/api/v1/cases/${c1.id}/materials/shared-data-options`, headers: citizen }),
      );
      assert.deepEqual(
        options.items.map((o: any) => [o.materialKey, o.dataSource, o.source?.id ?? null]),
        [
          ['id', '人口基础信息库', 'registry'],
          ['reg', '企业登记信息', 'registry'],
          ['tax', '税务信息共享平台', null],
        ],
      );
      await fails(
        t.app.inject({ url: `/api/v1/cases/${c1.id}/materials/shared-data-options`, headers: clerk }),
        403,
        'HOLDER_CONSENT_REQUIRED',
      );

      const fill = (h: Headers, caseId: string, payload: Record<string, unknown>) =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/cases/${caseId}/materials/from-shared-data`,
          headers: h,
          payload,
        });
      // Refusals, each changing nothing.
      await fails(fill(citizen, c1.id, { materialKey: 'id', consent: false }), 400, 'CONSENT_REQUIRED', 'body.consent');
      await fails(fill(citizen, c1.id, { materialKey: 'id' }), 400);
      await fails(fill(clerk, c1.id, { materialKey: 'id', consent: true }), 403, 'HOLDER_CONSENT_REQUIRED');
      await fails(fill(other, c1.id, { materialKey: 'id', consent: true }), 404);
      await fails(
        fill(citizen, c1.id, { materialKey: 'application', consent: true }),
        400,
        'MATERIAL_NOT_SHARED_DATA',
        'body.materialKey',
      );
      await fails(fill(citizen, c1.id, { materialKey: 'tax', consent: true }), 409, 'DATA_SOURCE_NOT_CONNECTED');
      // A person has no enterprise registration to read.
      await fails(fill(citizen, c1.id, { materialKey: 'reg', consent: true }), 409, 'SHARED_DATA_NOT_FOUND');
      const mine = () => t.app.inject({ url: '/api/v1/cases/data-reads/mine', headers: citizen });
      assert.deepEqual((await ok(mine())).items, []);

      // With consent: filled from the registry, masked; again: the same row.
      const m = await ok(fill(citizen, c1.id, { materialKey: 'id', consent: true }), 201);
      assert.equal(m.contentType, 'application/json');
      assert.equal(m.source.kind, 'shared_data');
      assert.equal(m.source.data.source.id, 'registry');
      assert.equal(m.source.data.dataSource, '人口基础信息库');
      assert.equal(m.source.data.subject.kind, 'person');
      const idField = m.source.data.fields.find((f: any) => f.label.zh === '公民身份号码');
      assert.match(idField.value, /\*/);
      assert.equal((await ok(fill(citizen, c1.id, { materialKey: 'id', consent: true }))).id, m.id);

      // The data subject sees the read at filing; nobody else does.
      const atFiling = (await ok(mine())).items;
      assert.equal(atFiling.length, 1);
      assert.equal(atFiling[0].reader.kind, 'applicant');
      // The clerk sees what was read, from which source and when; no file to download.
      const seen = await ok(t.app.inject({ url: `/api/v1/cases/${c1.id}/materials`, headers: clerk }));
      await ok(t.app.inject({ url: `/api/v1/cases/${c1.id}/materials`, headers: clerk }));
      assert.equal(seen.items[0].source.data.fields.length, 3);
      assert.equal(seen.items[0].source.atFiling.valid, true);
      await fails(
        t.app.inject({ url: `/api/v1/cases/${c1.id}/materials/${m.id}`, headers: clerk }),
        409,
        'MATERIAL_NOT_A_FILE',
      );

      // …and then the clerk's look, once however often they reload (who, what, when, which case, why).
      const reads = (await ok(mine())).items;
      assert.equal(reads.length, 2);
      assert.deepEqual(reads[0].reader, { kind: 'staff', name: clerkName });
      assert.match(reads[0].purpose, /^查阅办件/);
      assert.equal(reads[1].reader.kind, 'applicant');
      assert.equal(reads[0].caseNumber, c1.number);
      assert.equal(reads[0].dataSource, '人口基础信息库');
      assert.match(reads[0].fields, /公民身份号码/);
      assert.match(reads[0].purpose, new RegExp(c1.number));
      assert.equal(reads[1].department, c1.department.name);
      assert.match(reads[1].purpose, /免提交，经申请人同意/);
      assert.deepEqual((await ok(t.app.inject({ url: '/api/v1/cases/data-reads/mine', headers: other }))).items, []);
      await fails(t.app.inject({ url: '/api/v1/cases/data-reads/mine', headers: clerk }), 403, 'APPLICANTS_ONLY');

      // Reuse: an upload on case 1 is offered on case 2 and attached (same file), with consent; others can't.
      const upload = await ok(
        t.app.inject({
          method: 'POST',
          url: `/api/v1/cases/${c1.id}/materials?name=申请书.pdf&key=application`,
          headers: { ...citizen, 'content-type': 'application/octet-stream' },
          payload: PDF,
        }),
        201,
      );
      const c2 = await file(citizen);
      const earlier = await ok(
        t.app.inject({ url: `/api/v1/cases/${c2.id}/materials/earlier-uploads`, headers: citizen }),
      );
      assert.deepEqual(
        earlier.items.map((e: any) => [e.id, e.name, e.case.number]),
        [[upload.id, '申请书.pdf', c1.number]],
      );
      const c3 = await file(other);
      assert.deepEqual(
        (await ok(t.app.inject({ url: `/api/v1/cases/${c3.id}/materials/earlier-uploads`, headers: other }))).items,
        [],
      );
      const reuse = (h: Headers, caseId: string, payload: Record<string, unknown>) =>
        t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/materials/reuse`, headers: h, payload });
      const body = { materialId: upload.id, materialKey: 'application', consent: true };
      await fails(reuse(citizen, c2.id, { ...body, consent: false }), 400, 'CONSENT_REQUIRED');
      await fails(reuse(clerk, c2.id, body), 403, 'HOLDER_CONSENT_REQUIRED');
      const notOwn = await fails(reuse(other, c3.id, body), 404);
      const absent = await fails(reuse(other, c3.id, { ...body, materialId: 'nope' }), 404);
      assert.equal(notOwn.error.code, absent.error.code);
      // A sourced material is not a file to reuse; a material of the same case is not an earlier one.
      await fails(reuse(citizen, c2.id, { ...body, materialId: m.id }), 404);
      await fails(reuse(citizen, c1.id, body), 404);
      const r = await ok(reuse(citizen, c2.id, body), 201);
      assert.equal(r.reusedFrom, upload.id);
      assert.equal(r.sha256, upload.sha256);
      assert.equal(r.source, null);
      assert.equal((await ok(reuse(citizen, c2.id, body))).id, r.id);
      const bytes = await t.app.inject({ url: `/api/v1/cases/${c2.id}/materials/${r.id}`, headers: clerk });
      assert.equal(bytes.statusCode, 200);
      assert.deepEqual(bytes.rawPayload, PDF);

      const actions = await t.k.db
        .selectFrom('kernel_actions')
        .select('action')
        .where('action', 'in', ['add_shared_data_material', 'reuse_material'])
        .execute();
      assert.deepEqual(actions.map((a) => a.action).sort(), ['add_shared_data_material', 'reuse_material']);
      const events = await t.k.db
        .selectFrom('kernel_outbox')
        .select('type')
        .where('type', 'in', ['cases.material.sourced', 'cases.material.reused'])
        .execute();
      assert.deepEqual(events.map((e) => e.type).sort(), ['cases.material.reused', 'cases.material.sourced']);

      // Materials close on acceptance.
      const accepted = await ok(
        t.app.inject({
          method: 'POST',
          url: `/api/v1/cases/${c2.id}/accept`,
          headers: clerk,
          payload: { version: c2.version },
        }),
      );
      assert.equal(accepted.status, 'accepted');
      await fails(reuse(citizen, c2.id, { ...body, materialKey: null }), 409, 'MATERIALS_CLOSED');
      await fails(fill(citizen, c2.id, { materialKey: 'id', consent: true }), 409, 'MATERIALS_CLOSED');

      // 免提交率: case 1 has shared data and an upload, case 2 a reused upload (no paper at all); case 3 none.
      const stats = await ok(t.app.inject({ url: '/api/v1/cases/supervision/paperless', headers: supervisor }));
      assert.deepEqual(stats.totals, { materials: 3, sourced: 2, rate: 0.667, cases: 2, casesWithoutPaper: 1 });
    } finally {
      await t.close();
    }
  });
}
