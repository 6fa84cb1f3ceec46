/**
 * The public verify page's PDF upload and id fallback: a certificate's PDF verifies through its QR code (read from the
 * bytes) without an account, a revocation shows at once, a file that is not a PDF or a PDF without the QR code gets a
 * clear 4xx, and the id-only fallback resolves a certificate of this platform.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp } from '../../server/testing.ts';
import { seedCertificatesDemo } from './demo.ts';
import { MAX_VERIFY_PDF_BYTES } from './verify-upload.ts';
import { certificateItem, grantedCase } from './test-fixtures.ts';

const dialects = await testDialects();

for (const dialect of dialects) {
  test(`[${dialect}] verify a certificate PDF and a certificate by id, anonymously; not a PDF, no QR code, unknown id`, async () => {
    const t = await testApp(dialect);
    try {
      await seedCertificatesDemo(t.k);
      await grantedCase(t, await certificateItem(t));
      const citizen = await t.login('citizen.demo');
      const [cert] = (await t.app.inject({ method: 'GET', url: '/api/v1/certificates/mine', headers: citizen })).json();
      const pdfRes = await t.app.inject({
        method: 'GET',
        url: `/api/v1/certificates/mine/${cert.id}/pdf`,
        headers: citizen,
      });
      assert.equal(pdfRes.statusCode, 200, pdfRes.body);
      const pdf = pdfRes.rawPayload;

      const upload = (body: Buffer | string, type = 'application/pdf') =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/certificates/verify/pdf',
          headers: { 'content-type': type },
          payload: body,
        });
      for (const type of ['application/pdf', 'application/octet-stream']) {
        const r = await upload(pdf, type);
        assert.equal(r.statusCode, 200, r.body);
        const v = r.json();
        assert.equal(v.valid, true, r.body);
        assert.equal(v.credential.number, cert.number);
        assert.equal(v.credential.id, cert.id);
        assert.equal(v.credential.holder.name, cert.holder.name);
        assert.match(String(v.credential.holder.idMasked), /\*{6,}/, 'the resident ID masked');
      }

      // By id (the QR code's #id= fallback): the same answer; an unknown id is 404.
      const byId = await t.app.inject({
        method: 'GET',
        url: `/api/v1/certificates/verify/${encodeURIComponent(cert.id)}`,
      });
      assert.equal(byId.statusCode, 200, byId.body);
      assert.equal(byId.json().valid, true);
      assert.equal(byId.json().credential.number, cert.number);
      const unknown = await t.app.inject({
        method: 'GET',
        url: '/api/v1/certificates/verify/urn%3Auuid%3A00000000-0000-4000-8000-000000000000',
      });
      assert.equal(unknown.statusCode, 404, unknown.body);
      assert.equal(unknown.json().error.code, 'CERTIFICATE_NOT_FOUND');

      // Not a PDF (by content, whatever the declared type), a PDF with no QR code, a JSON body, too large.
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
      const notPdf = await upload(png);
      assert.equal(notPdf.statusCode, 415, notPdf.body);
      assert.equal(notPdf.json().error.code, 'CERTIFICATE_PDF_REQUIRED');
      assert.ok(notPdf.json().error.message.zh.includes('PDF'));
      const json = await upload(JSON.stringify({ credential: 'x' }), 'application/json');
      assert.equal(json.statusCode, 415, json.body);
      const noQr = await upload(Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n'));
      assert.equal(noQr.statusCode, 422, noQr.body);
      assert.equal(noQr.json().error.code, 'CERTIFICATE_QR_UNREADABLE');
      // The PDF with its image streams damaged: no readable QR code either.
      const broken = Buffer.from(pdf);
      for (let at = broken.indexOf('/Subtype /Image'); at >= 0; at = broken.indexOf('/Subtype /Image', at + 1)) {
        const streamAt = broken.indexOf('stream', at) + 8;
        broken.fill(0, streamAt, streamAt + 200);
      }
      assert.equal((await upload(broken)).statusCode, 422);
      const big = await upload(Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(MAX_VERIFY_PDF_BYTES)]));
      assert.equal(big.statusCode, 413, big.body);

      // Revoked by the department: the same PDF now verifies as revoked, by upload and by id.
      const lead = await t.login('lead.zhengzhou');
      const rev = await t.app.inject({
        method: 'POST',
        url: `/api/v1/certificates/certificates/${cert.id}/revoke`,
        headers: lead,
        payload: { version: cert.version, reason: '吊销许可' },
      });
      assert.equal(rev.statusCode, 200, rev.body);
      const after = (await upload(pdf)).json();
      assert.equal(after.valid, false);
      assert.equal(after.reason, 'revoked');
      const afterById = await t.app.inject({
        method: 'GET',
        url: `/api/v1/certificates/verify/${encodeURIComponent(cert.id)}`,
      });
      assert.equal(afterById.json().reason, 'revoked');
    } finally {
      await t.close();
    }
  });
}
