/**
 * The printable guide: the guide model rendered as an A4 PDF with pdfkit and the Noto Sans CJK font (Debian package
 * fonts-noto-cjk), with a header (implementation code, version) and footer (page numbers) on every page, the
 * 示例 banner and watermark on every page of an illustrative guide, and a QR code to the guide's public page.
 *
 * Deterministic: the document's creation date is the version's publication time and nothing else varies, so the
 * same published version always gives the same bytes (which is also why rendered PDFs of published versions may be
 * cached: a published version never changes).
 */
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import type PdfKit from 'pdfkit';
import QRCode from 'qrcode';
import { AppError } from '../../../kernel/errors.ts';
import { ILLUSTRATIVE_BANNER, LABELS } from './labels.ts';
import { verificationLine } from './build.ts';
import type { Guide, GuideBlock, GuideSection, TableBlock } from './schemas.ts';

export const CJK_FONT_PATH = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
/** The PostScript name of the Simplified Chinese face inside the collection. */
export const CJK_FONT_NAME = 'NotoSansCJKsc-Regular';

type Doc = PDFKit.PDFDocument;
type Cell = string | PDFKit.Mixins.CellOptions;

const MARGIN = { top: 78, bottom: 60, left: 56, right: 56 };
const COLOR = {
  text: '#1a1a1a',
  muted: '#666666',
  heading: '#1f3a5f',
  rule: '#9aa9bd',
  header: '#eef2f7',
  alert: '#b00020',
};
const QR_SIZE = 76;

/** PDF columns of the materials table: related columns of the page model share a cell, so nine fit on A4. */
const MERGED_COLUMNS: Record<string, { groups: string[][]; widths: Array<number | string> }> = {
  materials: {
    groups: [
      ['index'],
      ['materialName'],
      ['requirement'],
      ['forms', 'paperCopies'],
      ['source', 'submission'],
      ['blankForm', 'sample'],
    ],
    widths: [24, '*', 64, 70, 100, 92],
  },
  steps: { groups: [['index'], ['stepName'], ['role'], ['stepDays'], ['parallel']], widths: [26, '*', 80, 70, 120] },
};

/** What a missing font makes unavailable, for the 503 (the guide by default; decision documents name their own). */
export interface PdfSubject {
  code: string;
  zh: string;
  en: string;
}
const GUIDE_SUBJECT: PdfSubject = { code: 'GUIDE_FONT_MISSING', zh: 'PDF 办事指南', en: 'the PDF guide' };

function fontMissing(path: string, what: PdfSubject): AppError {
  return new AppError({
    code: what.code,
    status: 503,
    zh: `服务器缺少中文字体 ${path}，暂时无法生成${what.zh}；请安装 Debian 软件包 fonts-noto-cjk`,
    en: `The CJK font ${path} is missing, so ${what.en} cannot be rendered; install the Debian package fonts-noto-cjk`,
    details: { fontPath: path, package: 'fonts-noto-cjk' },
  });
}

/** A parsed font (fontkit's), as pdfkit draws with it: only what this code asks of it. */
export interface CjkFont {
  layout(text: string): unknown;
  hasGlyphForCodePoint(codePoint: number): boolean;
}

// pdfkit's own font parser (its dependency, pinned in package.json), loaded as pdfkit loads it; it ships no types.
const fontkit = createRequire(import.meta.url)('fontkit') as { create(data: Buffer, postscriptName: string): CjkFont };

/** Parsed fonts by path, shared by every PDF of the process (guides, decision documents, certificates). */
const parsedFonts = new Map<string, CjkFont>();

/**
 * pdfkit, loaded with the first font (every document starts from one, so `cjkDocument` finds it loaded): about 15 MB
 * of a server's memory from start-up otherwise, for the few requests that render a PDF.
 */
let PDFDocument: typeof PdfKit | undefined;

/**
 * The CJK font, read and parsed on first use and kept: shared with other modules' PDFs (decision documents,
 * certificates) through catalog/index.ts, so one place knows the font and what its absence answers (503, retried on
 * the next call). Parsed once: handing pdfkit the 19 MB collection instead made it parse the font again for every
 * document — about two thirds of a decision document's CPU and tens of MB of garbage each time.
 */
export function cjkFontLoader(fontPath = CJK_FONT_PATH, what: PdfSubject = GUIDE_SUBJECT): () => Promise<CjkFont> {
  return async () => {
    const known = parsedFonts.get(fontPath);
    if (known) return known;
    PDFDocument ??= (await import('pdfkit')).default;
    try {
      const font = fontkit.create(await fs.readFile(fontPath), CJK_FONT_NAME);
      parsedFonts.set(fontPath, font);
      return font;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EACCES')
        throw fontMissing(fontPath, what);
      throw e;
    }
  };
}

/** A pdfkit document drawn in the embedded CJK font only (`font: null`: no default Helvetica; pdfkit accepts it). */
export function cjkDocument(font: CjkFont, options: PDFKit.PDFDocumentOptions): Doc {
  if (!PDFDocument) throw new Error('cjkDocument: load the font with cjkFontLoader first');
  const doc = new PDFDocument({ ...options, font: null as unknown as string });
  // pdfkit takes a parsed fontkit font as it takes a file (it checks for `layout`); its types know files only.
  doc.registerFont('cjk', font as unknown as Buffer);
  doc.font('cjk');
  return doc;
}

function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.maxY()) doc.addPage();
}

function drawTitle(doc: Doc, g: Guide, qr: Buffer): void {
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  const qrX = doc.page.width - MARGIN.right - QR_SIZE;
  doc.image(qr, qrX, MARGIN.top, { width: QR_SIZE });
  doc
    .fontSize(7)
    .fillColor(COLOR.muted)
    .text('扫码查看现行指南', qrX - 10, MARGIN.top + QR_SIZE + 2, { width: QR_SIZE + 20, align: 'center' });
  doc.x = MARGIN.left;
  doc.y = MARGIN.top;
  const textWidth = width - QR_SIZE - 16;
  doc.fontSize(18).fillColor(COLOR.text).text(g.title, { width: textWidth });
  doc.fontSize(12).fillColor(COLOR.heading).text('办事指南 Service guide', { width: textWidth });
  doc.moveDown(0.4).fontSize(9).fillColor(COLOR.muted);
  doc.text(`${LABELS.code.zh}：${g.code}`, { width: textWidth });
  doc.text(`${LABELS.implementingBody.zh}：${g.department.name} · ${g.region.name}`, { width: textWidth });
  doc.text(`第 ${g.version} 版 · ${LABELS.effectiveFrom.zh} ${g.effectiveFrom}`, { width: textWidth });
  doc.y = Math.max(doc.y, MARGIN.top + QR_SIZE + 16);
  doc.x = MARGIN.left;
}

function drawNotice(doc: Doc, text: { zh: string; en: string }): void {
  doc.moveDown(0.5).fontSize(10).fillColor(COLOR.alert).text(text.zh);
  doc.fontSize(8).text(text.en).fillColor(COLOR.text);
}

function cellsOf(b: TableBlock): { header: string[]; rows: Cell[][]; widths: Array<number | string> | undefined } {
  const merged = MERGED_COLUMNS[b.key];
  const groups = merged?.groups ?? b.columns.map((c) => [c.key]);
  const label = (key: string) => b.columns.find((c) => c.key === key)?.label.zh ?? key;
  return {
    header: groups.map((g) => g.map(label).join('\n')),
    rows: b.rows.map((r) => groups.map((g) => g.map((key) => r[key] ?? '').join('\n'))),
    widths: merged?.widths,
  };
}

const CELL_PADDING = { x: 4, y: 3 };
const cellText = (c: Cell): string => (typeof c === 'string' ? c : String(c.text ?? ''));

/** Column widths in points: fixed ones as given, `*` sharing what is left (as pdfkit would). */
function resolveWidths(widths: Array<number | string> | undefined, n: number, total: number): number[] {
  const given = widths ?? Array.from({ length: n }, () => '*');
  const fixed = given.reduce<number>((a, w) => a + (typeof w === 'number' ? w : 0), 0);
  const stars = given.filter((w) => typeof w !== 'number').length;
  return given.map((w) => (typeof w === 'number' ? w : (total - fixed) / Math.max(1, stars)));
}

/**
 * A table drawn row by row so that a row never splits across pages (it moves whole to the next page) and the
 * header row is repeated at the top of every page the table continues on.
 */
function drawTable(doc: Doc, header: string[] | null, rows: Cell[][], widths?: Array<number | string>): void {
  doc.x = MARGIN.left;
  doc.fontSize(9).fillColor(COLOR.text);
  const n = (header ?? rows[0] ?? []).length;
  const cols = resolveWidths(widths, n, doc.page.width - MARGIN.left - MARGIN.right);
  const heightOf = (row: Cell[]) =>
    Math.max(
      ...row.map(
        (c, i) => doc.heightOfString(cellText(c) || ' ', { width: cols[i] - 2 * CELL_PADDING.x }) + 2 * CELL_PADDING.y,
      ),
    ) + 1;
  const style = { border: 0.5, borderColor: COLOR.rule, padding: [CELL_PADDING.y, CELL_PADDING.x] as [number, number] };
  const draw = (data: Cell[][]) => {
    doc.x = MARGIN.left;
    doc.fontSize(9).fillColor(COLOR.text);
    doc.table({ columnStyles: cols, defaultStyle: style, data });
  };
  const headerRow: Cell[] | null = header ? header.map((text) => ({ text, backgroundColor: COLOR.header })) : null;
  const headerHeight = headerRow ? heightOf(headerRow) : 0;
  if (headerRow) {
    // The header never stands alone at the foot of a page: it needs room for itself and the first row.
    ensureRoom(doc, headerHeight + (rows[0] ? heightOf(rows[0]) : 0));
    draw([headerRow]);
  }
  for (const row of rows) {
    const h = heightOf(row);
    if (doc.y + h > doc.page.maxY() && h + headerHeight <= doc.page.maxY() - MARGIN.top) {
      doc.addPage();
      if (headerRow) draw([headerRow]);
    }
    draw([row]);
  }
  doc.x = MARGIN.left;
  doc.moveDown(0.4);
}

function drawBlock(doc: Doc, b: GuideBlock): void {
  if ('label' in b && b.label) {
    ensureRoom(doc, 30);
    doc.fontSize(10).fillColor(COLOR.heading).text(b.label.zh, MARGIN.left);
  }
  if (b.kind === 'fields') {
    drawTable(
      doc,
      null,
      b.fields.map((f): Cell[] => [{ text: f.label.zh, backgroundColor: COLOR.header }, f.value]),
      [130, '*'],
    );
  } else if (b.kind === 'list') {
    doc.fontSize(10).fillColor(COLOR.text);
    if (!b.items.length) doc.text('无', MARGIN.left);
    b.items.forEach((item, i) => doc.text(`${i + 1}. ${item}`, MARGIN.left, undefined, { indent: 0, paragraphGap: 2 }));
    doc.moveDown(0.4);
  } else if (!b.rows.length) {
    doc.fontSize(10).fillColor(COLOR.text).text('无', MARGIN.left).moveDown(0.4);
  } else {
    const t = cellsOf(b);
    drawTable(doc, t.header, t.rows, t.widths);
  }
}

function drawSection(doc: Doc, s: GuideSection, n: number): void {
  ensureRoom(doc, 60);
  doc.moveDown(0.6);
  doc.x = MARGIN.left;
  doc
    .fontSize(13)
    .fillColor(COLOR.heading)
    .text(`${n}、${s.heading.zh}`, { continued: true })
    .fontSize(9)
    .fillColor(COLOR.muted)
    .text(`  ${s.heading.en}`);
  const y = doc.y + 2;
  doc
    .moveTo(MARGIN.left, y)
    .lineTo(doc.page.width - MARGIN.right, y)
    .lineWidth(0.5)
    .strokeColor(COLOR.rule)
    .stroke();
  doc.y = y + 6;
  for (const b of s.blocks) drawBlock(doc, b);
}

/** Header, footer, banner and watermark on every page; drawn last, when the page count is known. */
function decoratePages(doc: Doc, g: Guide): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { width, height } = doc.page;
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing in the margin must not start a new page
    const opts = { width: width - MARGIN.left - MARGIN.right, lineBreak: false } as const;
    doc.fontSize(7.5).fillColor(COLOR.muted);
    doc.text(`${LABELS.code.zh} ${g.code}`, MARGIN.left, 28, { ...opts, align: 'left' });
    doc.text(`第 ${g.version} 版`, MARGIN.left, 28, { ...opts, align: 'right' });
    doc.text(`${g.title} · 办事指南`, MARGIN.left, height - 36, { ...opts, width: opts.width - 90, align: 'left' });
    doc.text(`第 ${i + 1 - range.start} 页 / 共 ${range.count} 页`, MARGIN.left, height - 36, {
      ...opts,
      align: 'right',
    });
    const banner = [g.illustrative ? ILLUSTRATIVE_BANNER : null, g.statusNotice ? g.statusNotice.zh : null]
      .filter(Boolean)
      .join('　');
    if (banner)
      doc
        .fontSize(9)
        .fillColor(COLOR.alert)
        .text(banner, MARGIN.left, 44, { ...opts, align: 'center' });
    if (g.illustrative) {
      doc
        .save()
        .rotate(-35, { origin: [width / 2, height / 2] })
        .fillOpacity(0.07)
        .fillColor(COLOR.alert)
        .fontSize(64);
      doc.text(ILLUSTRATIVE_BANNER, 0, height / 2 - 40, { width, align: 'center', lineBreak: false });
      doc.restore();
    }
    doc.page.margins.bottom = bottom;
  }
}

/** Collects the document's bytes; call the returned function after drawing to end it and get them. */
export function pdfSink(doc: Doc): () => Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  return async () => {
    doc.end();
    await done;
    return Buffer.concat(chunks);
  };
}

export interface GuidePdfRenderer {
  /** Renders a guide; `createdAt` becomes the PDF's creation date (the version's publication time). */
  render(guide: Guide, createdAt: Date): Promise<Buffer>;
}

/**
 * A renderer that reads the font once and keeps the last rendered PDFs of published versions (their content never
 * changes). A missing font is a 503 GUIDE_FONT_MISSING naming the package to install, retried on the next call.
 */
export function guidePdfRenderer(
  opts: { fontPath?: string; cacheSize?: number; baseUrl?: string | null } = {},
): GuidePdfRenderer {
  const fontPath = opts.fontPath ?? CJK_FONT_PATH;
  const cacheSize = opts.cacheSize ?? 32;
  const cache = new Map<string, Buffer>();
  const loadFont = cjkFontLoader(fontPath);

  async function draw(g: Guide, createdAt: Date): Promise<Buffer> {
    const cjk = await loadFont();
    // With a public base URL the QR code opens the guide from a phone; without one it carries the path only.
    const qr = await QRCode.toBuffer((opts.baseUrl ?? '') + g.url, {
      type: 'png',
      margin: 1,
      width: 240,
      errorCorrectionLevel: 'M',
    });
    const info = {
      Title: `${g.title} 办事指南`,
      Subject: `${g.code} 第 ${g.version} 版`,
      Author: g.department.name,
      Creator: 'OneWindow 一网通办',
      CreationDate: createdAt,
      ModDate: createdAt,
    };
    const doc = cjkDocument(cjk, {
      size: 'A4',
      margins: MARGIN,
      bufferPages: true,
      lang: 'zh-CN',
      displayTitle: true,
      info,
    });
    const finish = pdfSink(doc);
    drawTitle(doc, g, qr);
    if (g.notice) drawNotice(doc, g.notice);
    if (g.statusNotice) drawNotice(doc, g.statusNotice);
    // 版本与核验 stays on the web page; the printed guide keeps one line of it.
    g.sections.filter((s) => s.key !== 'version').forEach((s, i) => drawSection(doc, s, i + 1));
    ensureRoom(doc, 40);
    doc.moveDown(1).fontSize(8).fillColor(COLOR.muted).text(verificationLine(g), MARGIN.left);
    decoratePages(doc, g);
    return finish();
  }

  return {
    async render(g, createdAt) {
      const key = g.preview || !g.digest ? null : `${g.implementationId}@${g.version}:${g.status}:${g.digest}`;
      const hit = key ? cache.get(key) : undefined;
      if (hit) return hit;
      const pdf = await draw(g, createdAt);
      if (key) {
        if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!);
        cache.set(key, pdf);
      }
      return pdf;
    },
  };
}
