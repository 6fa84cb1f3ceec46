/**
 * Evidence files of a visit's results, through the API on every dialect: a photo and a PDF uploaded by an assigned
 * inspector (type sniffed from the content, SHA-256 kept), refused for a file of another type, an empty or too large
 * one, an inspector not assigned and after publication; downloaded byte for byte by whoever may read the visit,
 * absent for another region's staff and for a file of another visit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp } from '../../server/testing.ts';
import { api, enterprises, inspectionCatalogItem, staff, type Headers } from './test-helpers.ts';
import { MAX_EVIDENCE_BYTES } from './evidence.ts';

const dialects = await testDialects();
const T = '/api/v1/inspections';
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('a small photo')]);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');
const hex = (b: Buffer) => createHash('sha256').update(b).digest('hex');

for (const dialect of dialects) {
  test(`[${dialect}] evidence files: upload (sniffed, limited), list with the visit, download by readers`, async () => {
    const t = await testApp(dialect);
    try {
      const a = api(t);
      const lead = await t.login('lead.zhengzhou'); // department_lead, 410100-SCJG
      const away = await t.login('inspector.luoyang');
      const ents = await enterprises(t, 2);
      await a.post(`${T}/targets/sync`, lead, { region: '410100' });
      const cat = await inspectionCatalogItem(t, '410T6000000009');
      const item = await a.post(
        `${T}/items`,
        lead,
        { catalogItemId: cat.id, subjectType: 'enterprise', method: 'on_site' },
        201,
      );
      const i1 = await staff(t, 'ev.scjg.1', '410100-SCJG');
      const i2 = await staff(t, 'ev.scjg.2', '410100-SCJG');
      const other = await staff(t, 'ev.scjg.3', '410100-SCJG');
      const visit = await a.post(
        `${T}/targeted`,
        lead,
        {
          uscc: ents[0].uscc,
          trigger: 'complaint',
          triggerRef: '12345工单 0001',
          itemIds: [item.id],
          inspectors: [i1.id, i2.id],
        },
        201,
      );
      const upload = (who: Headers, bytes: Buffer, name: string, itemId = item.id, id = visit.id) =>
        t.app.inject({
          method: 'POST',
          url: `${T}/visits/${id}/evidence?itemId=${encodeURIComponent(itemId)}&name=${encodeURIComponent(name)}`,
          headers: { ...who, 'content-type': 'application/octet-stream' },
          payload: bytes,
        });

      // An assigned inspector uploads a photo (declared as a PDF: the content decides) and a PDF.
      const photo = await upload(i1.headers, JPEG, '现场照片.pdf');
      assert.equal(photo.statusCode, 201, photo.body);
      const pdf = await upload(i1.headers, PDF, '检查记录.pdf');
      assert.equal(pdf.statusCode, 201, pdf.body);
      const files = pdf.json().files as Array<{
        id: string;
        itemId: string;
        contentType: string;
        sha256: string;
        size: number;
      }>;
      assert.deepEqual(
        files.map((f) => [f.itemId, f.contentType, f.sha256, f.size]),
        [
          [item.id, 'image/jpeg', hex(JPEG), JPEG.length],
          [item.id, 'application/pdf', hex(PDF), PDF.length],
        ],
      );

      // Refused: another type (text, an OFD-less zip), empty, too large, not assigned, not an item of the visit.
      const refused = async (r: Awaited<ReturnType<typeof upload>>, status: number, code: string) => {
        assert.equal(r.statusCode, status, r.body);
        assert.equal(r.json().error.code, code);
      };
      await refused(await upload(i1.headers, Buffer.from('just text'), 'note.jpg'), 415, 'EVIDENCE_TYPE_NOT_ALLOWED');
      await refused(await upload(i1.headers, Buffer.alloc(0), 'empty.jpg'), 400, 'EVIDENCE_EMPTY');
      const big = Buffer.concat([JPEG, Buffer.alloc(MAX_EVIDENCE_BYTES)]);
      assert.equal((await upload(i1.headers, big, 'big.jpg')).statusCode, 413);
      await refused(await upload(other.headers, JPEG, 'x.jpg'), 403, 'NOT_ASSIGNED');
      await refused(await upload(i1.headers, JPEG, 'x.jpg', 'not-an-item'), 400, 'ITEM_NOT_IN_VISIT');
      await refused(await upload(away, JPEG, 'x.jpg'), 404, 'NOT_FOUND');

      // Whoever may read the visit downloads the file byte for byte, with its SHA-256; another region's staff cannot.
      const url = `${T}/visits/${visit.id}/evidence/${files[0].id}`;
      const got = await t.app.inject({ method: 'GET', url, headers: other.headers });
      assert.equal(got.statusCode, 200);
      assert.equal(got.headers['content-type'], 'image/jpeg');
      assert.equal(got.headers['x-content-sha256'], hex(JPEG));
      assert.deepEqual(got.rawPayload, JPEG);
      assert.match(String(got.headers['content-disposition']), /filename\*=UTF-8''%E7%8E%B0/);
      assert.equal((await t.app.inject({ method: 'GET', url, headers: away })).statusCode, 404);
      assert.equal((await a.get(`${T}/visits/${visit.id}`, other.headers)).files.length, 2);
      // A file asked for under another visit answers as absent.
      const visit2 = await a.post(
        `${T}/targeted`,
        lead,
        {
          uscc: ents[1].uscc,
          trigger: 'referral',
          triggerRef: '移送 0002',
          itemIds: [item.id],
          inspectors: [i1.id, i2.id],
        },
        201,
      );
      const wrong = await t.app.inject({
        method: 'GET',
        url: `${T}/visits/${visit2.id}/evidence/${files[0].id}`,
        headers: lead,
      });
      assert.equal(wrong.statusCode, 404);
      // The action is on the visit's record.
      const actions = await t.k.db
        .selectFrom('kernel_actions')
        .select(['action'])
        .where('subject_id', '=', visit.id)
        .where('action', '=', 'add_evidence')
        .execute();
      assert.equal(actions.length, 2);

      // After publication no more evidence.
      await a.post(`${T}/visits/${visit.id}/results`, i1.headers, {
        itemId: item.id,
        category: 'no_problem',
        evidence: [],
        inspectedOn: '2026-12-01',
      });
      await a.post(`${T}/visits/${visit.id}/publish`, lead);
      await refused(await upload(i1.headers, JPEG, 'late.jpg'), 409, 'ALREADY_PUBLISHED');
    } finally {
      await t.close();
    }
  });
}
