/**
 * The certificate PDF: the face's text is really in the PDF (extracted through the font's CMap), the QR code carries
 * the verification page with the compact credential, a glyph the font lacks is refused with the field named, and only
 * the holder and the issuing jurisdiction may download it.
 *
 * The QR code is decoded from the PDF's bytes (qr-decode.ts: the image XObject rebuilt, then jsQR) and must carry the
 * verification page with the compact credential, which then verifies.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp, ok } from '../../server/testing.ts';
import { systemCtx } from '../../kernel/context.ts';
import { pdfPages } from '../catalog/index.ts';
import { seedCertificatesDemo } from './demo.ts';
import { issueCertificate } from './issue.ts';
import { missingGlyph, qrPayload, QR_PAYLOAD_LIMIT } from './pdf.ts';
import { pdfImages, qrFromPdf } from './qr-decode.ts';
import { addAccount, certificateItem, grantedCase } from './test-fixtures.ts';

const dialects = await testDialects();

test('qrPayload: the verification page with the credential, or its id when too long; missingGlyph names the field', () => {
  const jws = 'aaa.bbb.ccc';
  assert.equal(
    qrPayload('https://gov.example', jws, 'urn:uuid:1'),
    'https://gov.example/certificates/verify#vc=aaa.bbb.ccc',
  );
  const long = 'a.' + 'b'.repeat(QR_PAYLOAD_LIMIT) + '.c';
  assert.equal(
    qrPayload('https://gov.example', long, 'urn:uuid:1'),
    'https://gov.example/certificates/verify#id=urn%3Auuid%3A1',
  );
  const has = (cp: number) => cp < 0x20000;
  assert.equal(missingGlyph([['holder.name', '张 三']], has), null);
  const e = missingGlyph(
    [
      ['type.name', '许可证'],
      ['holder.name', '张𠀀'],
    ],
    has,
  );
  assert.equal(e?.code, 'FONT_MISSING_GLYPH');
  assert.equal(e?.status, 422);
  assert.equal(e?.field, 'holder.name');
  assert.match(e!.messages.zh, /U\+20000/);
});

for (const dialect of dialects) {
  test(`[${dialect}] the certificate PDF: face text, QR payload, holder and jurisdiction only, FONT_MISSING_GLYPH`, async () => {
    const t = await testApp(dialect);
    try {
      await seedCertificatesDemo(t.k);
      const c = await grantedCase(t, await certificateItem(t));
      const citizen = await t.login('citizen.demo');
      const [cert] = await ok(t.app.inject({ method: 'GET', url: '/api/v1/certificates/mine', headers: citizen }));
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/certificates/mine/${cert.id}/pdf`,
        headers: citizen,
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['content-type'], 'application/pdf');
      assert.match(
        String(res.headers['content-disposition']),
        /^attachment; filename="certificate-\d{11}-001-[0-9A-Z]\.pdf"$/,
      );
      const pdf = res.rawPayload;
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      const text = pdfPages(pdf).join('\n');
      for (const s of [
        cert.type.name,
        cert.holder.name,
        cert.department.name,
        '电子印章',
        '经营场所',
        '郑州市金水区示例路 1 号',
        '发证机关',
      ])
        assert.ok(text.includes(s), `${s} in the PDF text`);
      assert.ok(text.includes(cert.number), 'the certificate number');
      assert.ok(text.includes('2031年11月30日'), 'valid until');
      assert.ok(text.includes('示例'), 'illustrative marking');
      assert.equal(pdfImages(pdf).length, 1, 'one image: the QR code');

      // The QR code, decoded from the PDF's bytes: the verification page with the credential's id — short enough
      // to print with modules a phone camera reads (the full credential is the holder's download).
      const { credential } = await ok(
        t.app.inject({ method: 'GET', url: `/api/v1/certificates/mine/${cert.id}/credential`, headers: citizen }),
      );
      const payload = qrFromPdf(pdf)!;
      assert.equal(payload, `${t.k.config.publicBaseUrl ?? ''}/certificates/verify#id=${encodeURIComponent(cert.id)}`);
      assert.equal(payload, qrPayload(t.k.config.publicBaseUrl ?? '', credential, cert.id));
      assert.ok(payload.length < 300);
      assert.equal(qrFromPdf(Buffer.from('%PDF-1.7\n%%EOF\n')), null, 'no image, no payload');
      const id = decodeURIComponent(/#id=(.+)$/.exec(payload)![1]);
      const v = await ok(t.app.inject({ method: 'GET', url: `/api/v1/certificates/verify/${id}` }));
      assert.equal(v.valid, true, JSON.stringify(v));
      assert.equal(v.credential.number, cert.number);

      // The issuing jurisdiction downloads it too; another citizen and another region see nothing.
      const clerk = await t.login('clerk.jinshui');
      const staff = await t.app.inject({
        method: 'GET',
        url: `/api/v1/certificates/certificates/${cert.id}/pdf`,
        headers: clerk,
      });
      assert.equal(staff.statusCode, 200, staff.body);
      assert.ok(pdfPages(staff.rawPayload).join('\n').includes(cert.holder.name));
      const other = await addAccount(t, 'citizen.other', ['applicant'], null, null, 'person');
      const luoyang = await t.login('reviewer.luoyang'); // a demo account of another city
      const notMine = await t.app.inject({
        method: 'GET',
        url: `/api/v1/certificates/mine/${cert.id}/pdf`,
        headers: other,
      });
      assert.equal(notMine.statusCode, 404, notMine.body);
      const elsewhere = await t.app.inject({
        method: 'GET',
        url: `/api/v1/certificates/certificates/${cert.id}/pdf`,
        headers: luoyang,
      });
      assert.equal(elsewhere.statusCode, 404, elsewhere.body);
      assert.equal(
        (
          await t.app.inject({
            method: 'GET',
            url: `/api/v1/certificates/certificates/${cert.id}/pdf`,
            headers: citizen,
          })
        ).statusCode,
        403,
      );

      // A holder whose name has a character the font lacks (U+20000): refused, the field named, no PDF.
      const account = await t.k.db
        .selectFrom('certificates_certificates')
        .select('holder_account')
        .where('id', '=', cert.id)
        .executeTakeFirstOrThrow();
      const rare = await t.k.db.transaction().execute((tx) =>
        issueCertificate(t.k, systemCtx(t.clock.now()), tx, {
          typeCode: 'DEMO.SPJYXKZ',
          department: '410105-SCJG',
          region: '410105',
          caseId: c.id,
          holder: {
            kind: 'person',
            name: '张𠀀',
            residentId: null,
            account: account.holder_account,
            personId: null,
            enterpriseId: null,
          },
          facts: { 'holder.name': '张𠀀', 'site.address': '郑州市' },
          validity: null,
        }),
      );
      const refused = await t.app.inject({
        method: 'GET',
        url: `/api/v1/certificates/mine/${rare.id}/pdf`,
        headers: citizen,
      });
      assert.equal(refused.statusCode, 422, refused.body);
      assert.equal(refused.json().error.code, 'FONT_MISSING_GLYPH');
      assert.equal(refused.json().error.field, 'holder.name');
    } finally {
      await t.close();
    }
  });
}
