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
import { demo, versionOf } from './test-fixtures.ts';

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
