/**
 * The PDF renderer (no database): A4 pages with the CJK font embedded, extractable Chinese text (decoded through the
 * ToUnicode CMap — poppler's pdftotext is not installed here), the 示例 banner and page numbers on every page,
 * deterministic bytes, and a clear 503 when the font is missing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../../kernel/errors.ts';
import { buildGuide } from './build.ts';
import { ILLUSTRATIVE_BANNER } from './labels.ts';
import { guidePdfRenderer } from './pdf.ts';
import { pdfPages } from './pdf-text.ts';
import { semanticKeys } from '../form-schema.ts';
import { demo, internalWords, versionOf } from './test-fixtures.ts';

const publishedAt = new Date('2026-12-01T02:00:00.000Z');

test('the PDF: CJK font embedded, A4, the item’s text extractable, 示例 and page numbers on every page', async () => {
  const spec = demo('不动产登记');
  const guide = buildGuide(versionOf(spec));
  const pdf = await guidePdfRenderer().render(guide, publishedAt);
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.ok(pdf.length > 5 * 1024, `${pdf.length} bytes`);
  const raw = pdf.toString('latin1');
  assert.ok(/\/BaseFont \/[A-Z]{6}\+NotoSansCJKsc-Regular/.test(raw), 'the CJK font is embedded (as a subset)');
  assert.ok(/\/FontFile[23]? /.test(raw), 'with its font program');
  assert.ok(raw.includes('/MediaBox [0 0 595.28 841.89]'), 'A4');
  assert.ok(raw.includes('/Subtype /Image'), 'the QR code');
  assert.ok(raw.includes('(D:20261201020000Z)'), 'created at the version’s publication time');

  const pages = pdfPages(pdf);
  assert.ok(pages.length >= 2, `${pages.length} pages`);
  pages.forEach((text, i) => {
    assert.ok(text.includes(ILLUSTRATIVE_BANNER), `page ${i + 1} carries the 示例 banner`);
    assert.ok(text.includes(`第 ${i + 1} 页 / 共 ${pages.length} 页`), `page ${i + 1} is numbered`);
    assert.ok(
      text.includes(guide.code) && text.includes(`第 ${guide.version} 版`),
      `page ${i + 1} names the code and version`,
    );
  });
  assert.ok(pages[0].includes(spec.item.name.slice(0, 10)), 'the item name on the first page');
  const all = pages.join('').replace(/\n/g, '');
  for (const m of spec.elements.materials) assert.ok(all.includes(m.name), `material ${m.name}`);
  for (const s of guide.sections) assert.ok(all.includes(s.heading.zh), `section ${s.heading.zh}`);
  assert.ok(all.includes('80.00 元') && all.includes('免提交'));
});

test('the same version renders to the same bytes; a guide that is not illustrative has no banner', async () => {
  const guide = buildGuide(versionOf(demo('食品经营许可'), { illustrative: false }));
  const a = await guidePdfRenderer().render(guide, publishedAt);
  const b = await guidePdfRenderer().render(guide, publishedAt);
  assert.ok(a.equals(b), 'deterministic');
  const text = pdfPages(a).join('\n');
  assert.ok(!text.includes(ILLUSTRATIVE_BANNER));
  assert.ok(text.includes('食品经营许可'));
  const renderer = guidePdfRenderer();
  assert.equal(
    await renderer.render(guide, publishedAt),
    await renderer.render(guide, publishedAt),
    'a published version is rendered once',
  );
});

test('a missing font is a 503 GUIDE_FONT_MISSING naming the package to install', async () => {
  const guide = buildGuide(versionOf(demo('食品经营许可')));
  await assert.rejects(
    guidePdfRenderer({ fontPath: '/nonexistent/NotoSansCJK-Regular.ttc' }).render(guide, publishedAt),
    (e: unknown) => {
      assert.ok(e instanceof AppError);
      assert.equal(e.code, 'GUIDE_FONT_MISSING');
      assert.equal(e.status, 503);
      assert.match(e.messages.zh, /fonts-noto-cjk/);
      assert.match(e.messages.en, /fonts-noto-cjk/);
      return true;
    },
  );
});

test('the PDF leaves 版本与核验 out but for one footer line: no UUID, DEMO. code, semantic key or digest', async () => {
  for (const name of ['不动产登记', '食品经营许可', '建筑工程施工许可证核发']) {
    const v = versionOf(demo(name), {
      derivedFrom: { implementationId: '0b6f3c1e-8d2a-4f7b-9c1d-2e3f4a5b6c7d', version: 2 },
    });
    const guide = buildGuide(v);
    const text = pdfPages(await guidePdfRenderer().render(guide, publishedAt)).join('\n');
    const flat = text.replace(/\n/g, '');
    for (const t of [text, flat]) assert.deepEqual(internalWords(t, guide, semanticKeys(v.elements.form)), [], name);
    assert.ok(flat.includes('版本与核验：第 3 版'), `${name}: the 版本与核验 footer line`);
    assert.ok(flat.includes('该材料由部门通过'), `${name}: 免提交 in plain words`);
  }
});

test('a long materials table repeats its header on every page and never splits a row', async () => {
  const spec = demo('不动产登记');
  const base = spec.elements.materials[0];
  const materials = Array.from({ length: 45 }, (_, i) => ({
    ...base,
    key: `m${i}`,
    name: `第${i + 1}号测试材料甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥（第${i + 1}号完）`,
  }));
  const guide = buildGuide(versionOf(spec, {}, { materials }));
  const pages = pdfPages(await guidePdfRenderer().render(guide, publishedAt)).map((p) => p.replace(/\n/g, ''));
  const withRows = pages.filter((p) => /第\d+号测试材料/.test(p));
  assert.ok(withRows.length >= 2, `the table spans ${withRows.length} pages`);
  for (const p of withRows) assert.ok(p.includes('材料名称'), 'the header row is on every page the table is on');
  for (let i = 1; i <= materials.length; i++) {
    const start = pages.findIndex((p) => p.includes(`第${i}号测试材料`));
    assert.ok(start >= 0 && pages[start].includes(`第${i}号完`), `row ${i} is whole on one page`);
  }
});
