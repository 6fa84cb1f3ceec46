/**
 * Reading a QR code out of a PDF (qr-decode.ts) beyond the certificate PDF's own form (pdfkit's RGB stream with a
 * soft mask, covered by pdf.test.ts): an opaque grayscale and an opaque RGB PNG, which pdfkit embeds as the PNG's
 * IDAT data with predictor 15 (each row's filter undone here); a PDF without images; an image too large to try.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { pdfImages, qrFromPdf } from './qr-decode.ts';

async function pdfWith(images: Buffer[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.fontSize(12).text('OneWindow');
  images.forEach((png, i) => doc.image(png, 72, 100 + i * 200, { width: 150 }));
  doc.end();
  return done;
}

const PAYLOAD = 'https://gov.example/certificates/verify#vc=' + 'eyJhbGciOiJFZERTQSJ9.'.repeat(20) + 'sig';

test('an opaque grayscale or RGB PNG (predictor 15) decodes; the first readable code among several images', async () => {
  for (const colorType of [0, 2]) {
    const png = await QRCode.toBuffer(PAYLOAD, {
      type: 'png',
      scale: 3,
      margin: 2,
      rendererOpts: { colorType },
    } as unknown as QRCode.QRCodeToBufferOptions);
    const pdf = await pdfWith([png]);
    assert.match(pdf.toString('latin1'), /\/Predictor 15/, `colorType ${colorType}: embedded with PNG predictors`);
    const [image] = pdfImages(pdf);
    assert.ok(image, `colorType ${colorType}: one image`);
    assert.equal(qrFromPdf(pdf), PAYLOAD, `colorType ${colorType}`);
  }
  // A blank image first (no code in it), then the code.
  const blank = await QRCode.toBuffer('x', { type: 'png', scale: 1, margin: 0, color: { dark: '#ffffffff' } });
  const code = await QRCode.toBuffer(PAYLOAD, { type: 'png', scale: 3, margin: 2 });
  assert.equal(qrFromPdf(await pdfWith([blank, code])), PAYLOAD);
});

test('no image, no payload; not a PDF at all, no payload', async () => {
  assert.equal(qrFromPdf(await pdfWith([])), null);
  assert.deepEqual(pdfImages(await pdfWith([])), []);
  assert.equal(qrFromPdf(Buffer.from('hello')), null);
});

test('an image over the pixel limit is not tried (a decompression bomb decodes nothing)', () => {
  const huge = Buffer.from(
    '%PDF-1.7\n1 0 obj\n<< /Type /XObject /Subtype /Image /Width 100000 /Height 100000 /BitsPerComponent 8 /ColorSpace /DeviceGray /Filter /FlateDecode /Length 0 >>\nstream\n\nendstream\nendobj\n%%EOF\n',
  );
  assert.deepEqual(pdfImages(huge), []);
});
