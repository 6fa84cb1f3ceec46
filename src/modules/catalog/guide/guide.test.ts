/** The guide routes (JSON and PDF), through the public API — on every dialect. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../../kernel/db/testing.ts';
import { testApp, type TestApp } from '../../../server/testing.ts';
import { seedCatalogDemo } from '../demo.ts';
import { fromApplicant, material } from '../demo-builders.ts';
import type { Elements } from '../elements.ts';
import { act, createImpl, createItem, publishedImpl, submitAndPublish, validElements } from '../test-fixtures.ts';
import { ILLUSTRATIVE_BANNER } from './labels.ts';
import { pdfPages } from './pdf-text.ts';
import { SECTION_KEYS, type Guide } from './schemas.ts';

const dialects = await testDialects();

const guideUrl = (id: string, query = '') => `/api/v1/catalog/implementations/${id}/guide${query}`;
const pdfUrl = (id: string, query = '') => `/api/v1/catalog/implementations/${id}/guide.pdf${query}`;
const rowsOf = (g: Guide, section: string, key: string) => {
  const b = g.sections.find((s) => s.key === section)!.blocks.find((x) => x.key === key)!;
  assert.equal(b.kind, 'table');
  return (b as Extract<typeof b, { kind: 'table' }>).rows;
};
const fieldOf = (g: Guide, section: string, key: string) => {
  const b = g.sections.find((s) => s.key === section)!.blocks[0];
  assert.equal(b.kind, 'fields');
  return (b as Extract<typeof b, { kind: 'fields' }>).fields.find((f) => f.key === key)?.value;
};

/** A guide without what a later publication changes about an old version: its status and status notice. */
function withoutStatus(g: Guide) {
  const sections = g.sections.map((s) => ({
    ...s,
    blocks: s.blocks.map((b) =>
      b.kind === 'fields' ? { ...b, fields: b.fields.filter((f) => !(s.key === 'version' && f.key === 'status')) } : b,
    ),
  }));
  return { ...g, status: null, statusNotice: null, sections };
}

async function get(t: TestApp, url: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url, headers });
}

for (const dialect of dialects) {
  test(`[${dialect}] the public guide of a demo implementation, as JSON and as a PDF`, async () => {
    const t = await testApp(dialect);
    try {
      await seedCatalogDemo(t.k, { enterprises: 0, persons: 0 });
      const list = await get(t, '/api/v1/catalog/implementations?region=410000&limit=200', await t.login('admin'));
      const id = list.json().items.find((i: { item: { name: string } }) => i.item.name.startsWith('不动产登记')).id;
      const impl = (await get(t, `/api/v1/catalog/implementations/${id}`)).json();
      const elements: Elements = impl.elements;

      const r = await get(t, guideUrl(id));
      assert.equal(r.statusCode, 200, r.body);
      const g: Guide = r.json();
      assert.deepEqual(
        g.sections.map((s) => s.key),
        [...SECTION_KEYS],
      );
      assert.ok(g.sections.every((s) => s.heading.zh && s.heading.en));
      assert.equal(g.title, impl.item.name);
      assert.equal(g.version, impl.version);
      assert.equal(g.illustrative, true);
      assert.match(g.notice!.zh, /^示例/);
      const materials = rowsOf(g, 'materials', 'materials');
      assert.equal(materials.length, elements.materials.length);
      const certified = elements.materials.findIndex((m) => m.source?.kind === 'certificate');
      assert.equal(materials[certified].submission, '免提交：该材料由部门通过电子证照获取，无需提交');
      assert.deepEqual(
        elements.fees.items.map((f) => f.amountFen),
        [8000, 55000],
      );
      assert.deepEqual(
        rowsOf(g, 'fees', 'fee_items').map((f) => f.amount),
        ['80.00 元', '550.00 元'],
      );
      assert.equal(fieldOf(g, 'basic', 'implementingBody'), impl.department.name);

      const pdf = await get(t, pdfUrl(id));
      assert.equal(pdf.statusCode, 200, pdf.body.slice(0, 300));
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.match(
        String(pdf.headers['content-disposition']),
        /^inline; filename="guide-410F0300700000-[0-9A-Za-z_-]+-v\d+\.pdf"$/,
      );
      const bytes = pdf.rawPayload;
      assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.ok(bytes.length > 5 * 1024, `${bytes.length} bytes`);
      assert.ok(bytes.includes('NotoSansCJK'), 'the CJK font is embedded');
      const pages = pdfPages(bytes);
      assert.ok(pages.length >= 2);
      assert.ok(
        pages.every((p) => p.includes(ILLUSTRATIVE_BANNER)),
        '示例 on every page',
      );
      assert.ok(pages.join('').replace(/\n/g, '').includes(impl.item.name), 'the item name is in the text');
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] drafts are not public; staff preview them; a published version's guide never changes`, async () => {
    const t = await testApp(dialect);
    try {
      const { impl, reviewer, lead } = await publishedImpl(t);
      const first = await get(t, guideUrl(impl.id));
      assert.equal(first.statusCode, 200, first.body);
      const v3: Guide = first.json();
      assert.deepEqual(
        [v3.version, v3.status, v3.illustrative, v3.notice, v3.statusNotice],
        [3, 'published', false, null, null],
      );
      assert.equal(fieldOf(v3, 'basic', 'promisedDays'), '5 个工作日');

      const opened = await act(t, reviewer, impl.id, 'revise', impl.version);
      const extra = material('health', '从业人员健康证明', fromApplicant);
      const patch = {
        version: opened.json().version,
        elements: { promisedDays: 3, materials: [...validElements().materials, extra] },
      };
      const edited = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/catalog/implementations/${impl.id}`,
        headers: reviewer,
        payload: patch,
      });
      assert.equal(edited.statusCode, 200, edited.body);
      assert.deepEqual(
        (await get(t, guideUrl(impl.id))).json(),
        v3,
        'the public still sees version 3 while the revision is a draft',
      );

      const anonPreview = await get(t, guideUrl(impl.id, '?preview=true'));
      assert.deepEqual([anonPreview.statusCode, anonPreview.json().error.code], [403, 'FORBIDDEN']);
      assert.equal((await get(t, pdfUrl(impl.id, '?preview=true'), await t.login('citizen.demo'))).statusCode, 403);
      const preview = await get(t, guideUrl(impl.id, '?preview=true'), await t.login('inspector.luoyang'));
      assert.equal(preview.statusCode, 200, preview.body);
      assert.deepEqual(
        [preview.json().preview, preview.json().status, preview.json().publishedAt],
        [true, 'draft', null],
      );
      assert.match(preview.json().statusNotice.zh, /^预览/);
      assert.equal(rowsOf(preview.json(), 'materials', 'materials').length, 3);
      const previewPdf = await get(t, pdfUrl(impl.id, '?preview=true'), reviewer);
      assert.equal(previewPdf.statusCode, 200);
      assert.equal(previewPdf.headers['cache-control'], 'private, no-store');
      const conflict = await get(t, guideUrl(impl.id, '?preview=true&version=3'), reviewer);
      assert.deepEqual(
        [conflict.statusCode, conflict.json().error.code, conflict.json().error.field],
        [400, 'GUIDE_QUERY_CONFLICT', 'query.preview'],
      );

      const v7 = await submitAndPublish(t, reviewer, lead, impl.id, edited.json().version);
      const now: Guide = (await get(t, guideUrl(impl.id))).json();
      assert.equal(now.version, v7.publishedVersion);
      assert.equal(fieldOf(now, 'basic', 'promisedDays'), '3 个工作日');
      assert.equal(rowsOf(now, 'materials', 'materials').length, 3);
      const old = await get(t, guideUrl(impl.id, '?version=3'));
      assert.equal(old.statusCode, 200, old.body);
      assert.deepEqual(
        withoutStatus(old.json()),
        withoutStatus(v3),
        'version 3’s guide is what it was, but for its status',
      );
      assert.equal(old.json().status, 'superseded');
      assert.match(old.json().statusNotice.zh, /已被新版本取代/);
      const oldPdf = await get(t, pdfUrl(impl.id, '?version=3'));
      assert.ok(pdfPages(oldPdf.rawPayload).every((p) => p.includes('已被新版本取代')));
      assert.equal(
        (await get(t, guideUrl(impl.id, '?version=4'))).json().error.code,
        'NOT_FOUND',
        'version 4 was never published',
      );

      const retired = await act(t, lead, impl.id, 'retire', v7.version);
      assert.equal(retired.statusCode, 200, retired.body);
      const gone = await get(t, guideUrl(impl.id));
      assert.deepEqual(
        [gone.statusCode, gone.json().error.code, gone.json().error.details.reason],
        [404, 'GUIDE_NOT_AVAILABLE', 'ITEM_RETIRED'],
      );
      assert.equal(
        (await get(t, guideUrl(impl.id, `?version=${v7.publishedVersion}`))).json().status,
        'retired',
        'published versions stay public record',
      );
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] a never-published implementation has no guide; bad queries are 400s`, async () => {
    const t = await testApp(dialect);
    try {
      const reviewer = await t.login('reviewer.zhengzhou');
      const item = await createItem(t);
      const draft = await createImpl(t, reviewer, {
        itemId: item.id,
        departmentCode: '410105-SCJG',
        elements: validElements(),
      });
      // To the public a never-published implementation reads exactly as an absent one (docs/security.md) …
      for (const url of [guideUrl(draft.id), pdfUrl(draft.id)]) {
        const r = await get(t, url, {});
        assert.deepEqual(
          [r.statusCode, r.json().error.code, r.json().error.field],
          [404, 'NOT_FOUND', 'implementationId'],
          url,
        );
      }
      // … staff, who may read the draft anyway, are told why there is no guide.
      const staff = await get(t, guideUrl(draft.id), reviewer);
      assert.deepEqual(
        [staff.statusCode, staff.json().error.code, staff.json().error.details.reason],
        [404, 'GUIDE_NOT_AVAILABLE', 'ITEM_NOT_PUBLISHED'],
      );
      assert.equal(
        (await get(t, guideUrl(draft.id, '?version=1'))).statusCode,
        404,
        'a draft version is not a published one',
      );
      assert.equal((await get(t, guideUrl('no-such-id'))).json().error.code, 'NOT_FOUND');
      const zero = await get(t, guideUrl(draft.id, '?version=0'));
      assert.deepEqual([zero.statusCode, zero.json().error.field], [400, 'query.version']);
      const unknown = await get(t, pdfUrl(draft.id, '?lang=en'));
      assert.deepEqual([unknown.statusCode, unknown.json().error.code], [400, 'UNKNOWN_FIELD']);
    } finally {
      await t.close();
    }
  });
}
