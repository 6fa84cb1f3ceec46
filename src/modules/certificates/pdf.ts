/**
 * The certificate's face as an A4 PDF (证照版式文件): type name, number, holder, face fields, validity, issuer, the
 * issuer's e-seal mark, and a QR code that opens the public verification page with the compact credential in it
 * (or, when too long for a QR code, the credential's id). Drawn in the CJK font the guides use (catalog/index.ts);
 * every text is checked against the font first, so a holder's rare character is refused (FONT_MISSING_GLYPH) rather
 * than printed as an empty box.
 */
import QRCode from 'qrcode';
import { shanghaiDate } from '../../kernel/calendar/index.ts';
import { AppError } from '../../kernel/errors.ts';
import { cjkDocument, cjkFontLoader, pdfSink, CJK_FONT_PATH } from '../catalog/index.ts';
import type { Certificate } from './model.ts';

/**
 * The longest payload the printed QR code carries in full. A compact credential (≈ 1,500–2,000 characters) needs a
 * version 30–40 code: at the printed size (120 pt) its modules are ≈ 0.25 mm, which phone cameras do not read from
 * paper. So the printed code carries the verification page with the credential's id (`#id=`, ≈ 100 characters,
 * 1 mm modules), which the page and the PDF upload resolve; the full credential is the holder's download, for
 * verifying offline (`onewindow cert verify`).
 */
export const QR_PAYLOAD_LIMIT = 300;

/**
 * What the QR code carries: the verification page with the credential in its fragment (never sent to a server by
 * the browser until the holder's verifier submits it), or the credential's id when the credential is too long.
 */
export function qrPayload(baseUrl: string, jws: string, credentialId: string): string {
  const page = `${baseUrl}/certificates/verify`;
  const full = `${page}#vc=${jws}`;
  return full.length <= QR_PAYLOAD_LIMIT ? full : `${page}#id=${encodeURIComponent(credentialId)}`;
}

export interface FaceContent {
  certificate: Certificate;
  /** Labels of the face fields (the type's face schema titles), by field name. */
  labels: Record<string, string>;
  /** The issuer's signing key id: printed under the seal, as on a paper seal's number. */
  kid: string;
  qr: string;
}

const MARGIN = { top: 64, bottom: 64, left: 64, right: 64 };
const RED = '#b00020';
const QR_SIZE = 120;

const loadFont = cjkFontLoader(CJK_FONT_PATH, {
  code: 'CERTIFICATE_FONT_MISSING',
  zh: '证照 PDF',
  en: 'the certificate PDF',
});

/** An instant as its day in China, 2026年12月6日 (validity runs to the end of a China day). */
const date = (iso: string | null) => {
  if (!iso) return '长期';
  const d = shanghaiDate(new Date(iso));
  return `${d.slice(0, 4)}年${+d.slice(5, 7)}月${+d.slice(8, 10)}日`;
};

/** Every text drawn on the face, by the field it comes from (the field a FONT_MISSING_GLYPH names). */
export function faceTexts(c: FaceContent): Array<[string, string]> {
  const cert = c.certificate;
  const out: Array<[string, string]> = [
    ['type.name', cert.type.name],
    ['holder.name', cert.holder.name],
    ['department.name', cert.department.name],
  ];
  for (const [name, value] of Object.entries(cert.face)) {
    out.push([`face.${name}`, String(value ?? '')]);
    if (c.labels[name]) out.push([`faceSchema.${name}`, c.labels[name]]);
  }
  return out;
}

/** The first character of `texts` the font has no glyph for, as a 422 naming the field; none: null. */
export function missingGlyph(texts: Array<[string, string]>, has: (cp: number) => boolean): AppError | null {
  for (const [field, text] of texts)
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (cp < 0x20 || /\s/u.test(ch) || has(cp)) continue;
      const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
      return new AppError({
        code: 'FONT_MISSING_GLYPH',
        status: 422,
        field,
        zh: `字体缺少字符“${ch}”（${hex}），无法生成证照 PDF；请使用电子凭证核验，或联系签发部门`,
        en: `The font has no glyph for “${ch}” (${hex}), so the certificate PDF cannot be drawn; use the credential itself or ask the issuer`,
        details: { codePoint: hex },
      });
    }
  return null;
}

/** The issuer's seal mark: a red ring with the department's name along it, a star, and 电子印章. */
function drawSeal(doc: PDFKit.PDFDocument, cx: number, cy: number, name: string): void {
  const r = 52;
  doc.save().lineWidth(2.5).strokeColor(RED).circle(cx, cy, r).stroke();
  const chars = [...name];
  const span = Math.min(250, chars.length * 24); // degrees of the arc the name takes
  chars.forEach((ch, i) => {
    const deg = -90 - span / 2 + (span * (i + 0.5)) / chars.length;
    const rad = (deg * Math.PI) / 180;
    const x = cx + (r - 12) * Math.cos(rad);
    const y = cy + (r - 12) * Math.sin(rad);
    doc.save().rotate(deg + 90, { origin: [x, y] });
    doc
      .fontSize(10)
      .fillColor(RED)
      .text(ch, x - 5, y - 6, { width: 10, align: 'center', lineBreak: false });
    doc.restore();
  });
  const star = Array.from({ length: 10 }, (_, i) => {
    const a = (-90 + i * 36) * (Math.PI / 180);
    const rr = i % 2 ? 6 : 15;
    return [cx + rr * Math.cos(a), cy + rr * Math.sin(a)] as [number, number];
  });
  doc
    .polygon(...star)
    .fillColor(RED)
    .fill();
  doc
    .fontSize(9)
    .fillColor(RED)
    .text('电子印章', cx - 30, cy + 20, { width: 60, align: 'center', lineBreak: false });
  doc.restore();
}

/** Renders the face; deterministic (the PDF's dates are the certificate's issue time). */
export async function renderCertificatePdf(c: FaceContent): Promise<Buffer> {
  const font = await loadFont();
  const cert = c.certificate;
  const issuedAt = new Date(cert.createdAt);
  const doc = cjkDocument(font, {
    size: 'A4',
    margins: MARGIN,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: `${cert.type.name} ${cert.number}`,
      Subject: cert.type.name,
      Author: cert.department.name,
      Creator: 'OneWindow 一网通办',
      CreationDate: issuedAt,
      ModDate: issuedAt,
    },
  });
  // The glyph check runs on the very font the text is drawn in.
  const refused = missingGlyph(faceTexts(c), (cp) => font.hasGlyphForCodePoint(cp));
  if (refused) throw refused;
  // Whole pixels per module (a fixed width gives fractional modules, which decoders such as jsQR fail to read).
  const qr = await QRCode.toBuffer(c.qr, { type: 'png', margin: 1, scale: 4, errorCorrectionLevel: 'M' });
  const finish = pdfSink(doc);
  const { width: pageW, height: pageH } = doc.page;
  const width = pageW - MARGIN.left - MARGIN.right;
  doc
    .rect(MARGIN.left - 16, MARGIN.top - 16, width + 32, pageH - MARGIN.top - MARGIN.bottom + 32)
    .lineWidth(3)
    .strokeColor('#1f3a5f')
    .stroke();
  if (cert.illustrative) {
    doc
      .fontSize(11)
      .fillColor(RED)
      .text('示例 · 仅供演示，不具法律效力', MARGIN.left, MARGIN.top, { width, align: 'center' });
    doc
      .save()
      .rotate(-35, { origin: [pageW / 2, pageH / 2] })
      .fillOpacity(0.07)
      .fillColor(RED)
      .fontSize(96)
      .text('示例', 0, pageH / 2 - 50, { width: pageW, align: 'center', lineBreak: false })
      .restore();
  }
  doc.x = MARGIN.left;
  doc.y = MARGIN.top + 28;
  doc.fontSize(26).fillColor('#1a1a1a').text(cert.type.name, { width, align: 'center' });
  doc.moveDown(0.3).fontSize(9).fillColor('#666666').text(`证照编号 ${cert.number}`, { width, align: 'center' });
  doc.moveDown(1.2);
  const rows: Array<[string, string]> = [['持证主体', cert.holder.name]];
  // The face in the type's field order (a database may keep the JSON's keys in its own order).
  const names = [...Object.keys(c.labels), ...Object.keys(cert.face).filter((n) => !(n in c.labels))];
  for (const name of names)
    if (name !== 'holderName' && cert.face[name] !== undefined)
      rows.push([c.labels[name] ?? name, String(cert.face[name] ?? '')]);
  rows.push(['有效期', `${date(cert.validFrom)} 至 ${date(cert.validUntil)}`]);
  rows.push(['发证机关', cert.department.name]);
  rows.push(['版本', `第 ${cert.version} 版`]);
  doc.fontSize(13).fillColor('#1a1a1a');
  for (const [label, value] of rows) {
    const y = doc.y;
    doc.fillColor('#666666').text(label, MARGIN.left + 16, y, { width: 100 });
    const after = doc.y;
    doc.fillColor('#1a1a1a').text(value, MARGIN.left + 130, y, { width: width - 146 });
    doc.y = Math.max(after, doc.y) + 8;
  }
  // The foot: the QR code (left) and the issuer's seal over the date (right).
  const footY = pageH - MARGIN.bottom - QR_SIZE - 40;
  doc.image(qr, MARGIN.left + 8, footY, { width: QR_SIZE });
  doc
    .fontSize(8)
    .fillColor('#666666')
    .text('扫码核验：任何人无需登录即可核验本证照的真伪与状态', MARGIN.left + 8, footY + QR_SIZE + 4, {
      width: QR_SIZE + 120,
    });
  const sealX = MARGIN.left + width - 90;
  doc
    .fontSize(12)
    .fillColor('#1a1a1a')
    .text(cert.department.name, MARGIN.left + width / 2, footY + 30, { width: width / 2 - 16, align: 'right' });
  doc.text(date(cert.validFrom), MARGIN.left + width / 2, doc.y + 4, { width: width / 2 - 16, align: 'right' });
  drawSeal(doc, sealX, footY + 50, cert.department.name);
  doc
    .fontSize(7)
    .fillColor('#666666')
    .text(`电子签名密钥 ${c.kid}`, MARGIN.left + width / 2, footY + QR_SIZE + 4, {
      width: width / 2 - 16,
      align: 'right',
    });
  return finish();
}
