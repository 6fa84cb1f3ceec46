/**
 * A decision document as an A4 PDF: the department as issuer, the title and document number, the addressee, the
 * body (decision, reasons, legal basis, items to supplement), the date, and a QR code with the short URL of the public
 * verification page. The font handling (Noto Sans CJK, 503 when missing) is the catalog guide's (catalog/index.ts).
 */
import QRCode from 'qrcode';
import { cjkDocument, cjkFontLoader, pdfSink, CJK_FONT_PATH } from '../catalog/index.ts';

/** What a document says; documents.ts fills it from the case and the move. */
export interface DocumentContent {
  title: string;
  number: string;
  department: string;
  /** The addressee line: the applicant's name, then 「：」. */
  addressee: string;
  paragraphs: string[];
  /** Numbered items (a supplement notice's list), drawn after the paragraphs. */
  items: string[];
  /** A date as written on the document: 2026年12月1日. */
  dateText: string;
  /** The verification page (short URL), also in the QR code. */
  verifyUrl: string;
  issuedAt: Date;
}

const MARGIN = { top: 72, bottom: 64, left: 72, right: 72 };
const QR_SIZE = 72;

const loadFont = cjkFontLoader(CJK_FONT_PATH, {
  code: 'DOCUMENT_FONT_MISSING',
  zh: 'PDF 决定文书',
  en: 'the decision document',
});

export async function renderDocumentPdf(c: DocumentContent): Promise<Buffer> {
  const font = await loadFont();
  const qr = await QRCode.toBuffer(c.verifyUrl, { type: 'png', margin: 1, width: 240, errorCorrectionLevel: 'M' });
  const doc = cjkDocument(font, {
    size: 'A4',
    margins: MARGIN,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: `${c.title} ${c.number}`,
      Subject: c.title,
      Author: c.department,
      Creator: 'OneWindow 一网通办',
      CreationDate: c.issuedAt,
      ModDate: c.issuedAt,
    },
  });
  const finish = pdfSink(doc);
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  doc.fontSize(20).fillColor('#b00020').text(c.department, { width, align: 'center' });
  doc.moveDown(0.3).fontSize(18).fillColor('#1a1a1a').text(c.title, { width, align: 'center' });
  doc.moveDown(0.3).fontSize(11).text(c.number, { width, align: 'center' });
  const y = doc.y + 6;
  doc
    .moveTo(MARGIN.left, y)
    .lineTo(MARGIN.left + width, y)
    .lineWidth(1)
    .strokeColor('#b00020')
    .stroke();
  doc.y = y + 16;
  doc.x = MARGIN.left;
  doc.fontSize(12).fillColor('#1a1a1a').text(c.addressee, { width });
  doc.moveDown(0.5);
  for (const p of c.paragraphs) doc.text(p, { width, indent: 24, lineGap: 4, paragraphGap: 6 });
  c.items.forEach((item, i) => doc.text(`${i + 1}. ${item}`, { width, indent: 24, lineGap: 4, paragraphGap: 4 }));
  doc.moveDown(2);
  doc.text(c.department, { width, align: 'right' });
  doc.text(c.dateText, { width, align: 'right' });
  // The verification corner: the QR code and its short URL, so a printed copy can be checked from a phone.
  const qrY = Math.min(doc.y + 24, doc.page.height - MARGIN.bottom - QR_SIZE - 30);
  doc.image(qr, MARGIN.left, qrY, { width: QR_SIZE });
  doc
    .fontSize(8)
    .fillColor('#666666')
    .text(`扫码或访问以下地址核验本文书真伪：\n${c.verifyUrl}`, MARGIN.left + QR_SIZE + 12, qrY + 18, {
      width: width - QR_SIZE - 12,
    });
  return finish();
}
