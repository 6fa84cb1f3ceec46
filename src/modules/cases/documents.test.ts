/** Decision documents: issued by the moves, signed, downloadable by those entitled, verifiable by anyone; every dialect. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp, type TestApp, ok } from '../../server/testing.ts';
import { canonicalJson } from '../../kernel/audit.ts';
import { FILLED, addAccount, publishedItem } from './test-fixtures.ts';

const dialects = await testDialects();
type Headers = Record<string, string>;

function api(t: TestApp) {
  return {
    move: (h: Headers, id: string, action: string, payload: Record<string, unknown>) =>
      ok(t.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/${action}`, headers: h, payload })),
    documents: (h: Headers, id: string) =>
      t.app.inject({ method: 'GET', url: `/api/v1/cases/${id}/documents`, headers: h }),
    download: (h: Headers, id: string, docId: string) =>
      t.app.inject({ method: 'GET', url: `/api/v1/cases/${id}/documents/${docId}`, headers: h }),
    verify: (docId: string) => t.app.inject({ method: 'GET', url: `/api/v1/cases/documents/${docId}/verification` }),
    verifyBytes: (bytes: Buffer, id?: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/documents/verify${id ? `?id=${id}` : ''}`,
        headers: { 'content-type': 'application/pdf' },
        payload: bytes,
      }),
  };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

for (const dialect of dialects) {
  test(`[${dialect}] a grant issues a signed 准予行政许可决定书: downloadable by the applicant and staff in jurisdiction, verifiable without login, a tampered PDF fails`, async () => {
    const t = await testApp(dialect);
    try {
      const a = api(t);
      const { itemId } = await publishedItem(t);
      const citizen = await t.login('citizen.demo');
      const clerk = await t.login('clerk.jinshui');
      const reviewer = await t.login('reviewer.zhengzhou');
      const approver = await t.login('approver.zhengzhou');
      const filed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: citizen,
        payload: { itemId, region: '410105', form: FILLED },
      });
      assert.equal(filed.statusCode, 201, filed.body);
      let c = filed.json();
      c = await a.move(clerk, c.id, 'accept', { version: 1 });
      c = await a.move(reviewer, c.id, 'start_review', { version: 2 });
      assert.deepEqual((await ok(a.documents(citizen, c.id))).items, [], 'no document before the decision');
      c = await a.move(approver, c.id, 'grant', { version: 3, reason: '符合许可条件' });

      const docs = (await ok(a.documents(citizen, c.id))).items;
      assert.equal(docs.length, 1);
      const doc = docs[0];
      assert.equal(doc.kind, 'grant_decision');
      assert.equal(doc.title.zh, '准予行政许可决定书');
      assert.equal(doc.number, 'ZY-410105-2026-00001');

      // The applicant and staff with jurisdiction download it; its bytes are what was recorded.
      const pdf = await a.download(citizen, c.id, doc.id);
      assert.equal(pdf.statusCode, 200, pdf.body);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
      assert.equal(sha256(pdf.rawPayload), doc.sha256);
      assert.equal(pdf.headers['x-content-sha256'], doc.sha256);
      assert.equal((await a.download(approver, c.id, doc.id)).statusCode, 200);

      // Another applicant, and staff elsewhere, are told it does not exist.
      const other = await addAccount(t, 'citizen.other', ['applicant'], null, null, 'person');
      const luoyang = await addAccount(t, 'reviewer.luoyang', ['reviewer'], '410300', '410300-SCJG');
      for (const h of [other, luoyang]) {
        const list = await a.documents(h, c.id);
        assert.equal(list.statusCode, 404, list.body);
        const dl = await a.download(h, c.id, doc.id);
        assert.equal(dl.statusCode, 404, dl.body);
        assert.equal(dl.json().error.code, 'NOT_FOUND');
      }

      // Public verification by id: no login; public facts only (the person's name masked).
      const v = await ok(a.verify(doc.id));
      assert.equal(v.valid, true);
      assert.deepEqual(v.checks, { digestMatches: true, signatureValid: true });
      assert.equal(v.document.number, doc.number);
      assert.equal(v.document.caseNumber, c.number);
      assert.equal(v.document.applicant, '示****'); // 示例申请人
      assert.equal(v.document.department, c.department.name);
      assert.ok(!JSON.stringify(v).includes('示例申请人'));
      assert.equal((await a.verify('no-such-document')).statusCode, 404);

      // The signature verifies on its own with the published key, over the documented statement.
      const jwks = (await ok(t.app.inject({ method: 'GET', url: '/.well-known/onewindow-platform-keys.json' }))).keys;
      const jwk = jwks.find((j: any) => j.kid === v.document.keyId);
      assert.ok(jwk, 'the signing key is published');
      const row = await t.k.db
        .selectFrom('cases_documents')
        .selectAll()
        .where('id', '=', doc.id)
        .executeTakeFirstOrThrow();
      const statement = canonicalJson({
        type: 'onewindow.cases.document',
        id: doc.id,
        kind: 'grant_decision',
        number: doc.number,
        caseNumber: c.number,
        sha256: doc.sha256,
        issuedAt: doc.issuedAt,
      });
      const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
      assert.ok(verify(null, Buffer.from(statement), key, Buffer.from(row.signature, 'base64url')));

      // Uploaded bytes: the genuine PDF verifies (found by its digest, or against its id); one changed byte fails.
      const genuine = await ok(a.verifyBytes(pdf.rawPayload));
      assert.equal(genuine.valid, true);
      assert.equal(genuine.document.id, doc.id);
      assert.equal((await ok(a.verifyBytes(pdf.rawPayload, doc.id))).valid, true);
      const tampered = Buffer.from(pdf.rawPayload);
      tampered[Math.floor(tampered.length / 2)] ^= 0x01;
      const unknown = await ok(a.verifyBytes(tampered));
      assert.equal(unknown.valid, false);
      assert.equal(unknown.document, null);
      const against = await ok(a.verifyBytes(tampered, doc.id));
      assert.equal(against.valid, false);
      assert.deepEqual(against.checks, { digestMatches: false, signatureValid: true });
      assert.equal(against.sha256, sha256(tampered));

      // A forged record (its signature changed) fails the signature check.
      const forged = Buffer.from(row.signature, 'base64url');
      forged[0] ^= 0x01;
      await t.k.db
        .updateTable('cases_documents')
        .set({ signature: forged.toString('base64url') })
        .where('id', '=', doc.id)
        .execute();
      const bad = await ok(a.verify(doc.id));
      assert.equal(bad.valid, false);
      assert.deepEqual(bad.checks, { digestMatches: true, signatureValid: false });

      // Issued with an action in the audit chain and its event.
      const actions = await t.k.db
        .selectFrom('kernel_actions')
        .select(['action', 'actor_id'])
        .where('subject_type', '=', 'cases.document')
        .where('subject_id', '=', doc.id)
        .execute();
      assert.deepEqual(
        actions.map((x) => x.action),
        ['issue'],
      );
      const events = await t.k.db
        .selectFrom('kernel_outbox')
        .select('type')
        .where('type', '=', 'cases.document.issued')
        .execute();
      assert.equal(events.length, 1);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] 不予受理通知书 on a refusal and 补正材料通知书 on each supplement notice, numbered per kind; none on acceptance`, async () => {
    const t = await testApp(dialect);
    try {
      const a = api(t);
      const { itemId } = await publishedItem(t);
      const citizen = await t.login('citizen.demo');
      const clerk = await t.login('clerk.jinshui');
      const lead = await t.login('lead.zhengzhou');
      const file = async () => {
        const r = await t.app.inject({
          method: 'POST',
          url: '/api/v1/cases',
          headers: citizen,
          payload: { itemId, region: '410105', form: FILLED },
        });
        assert.equal(r.statusCode, 201, r.body);
        return r.json();
      };

      const r = await file();
      await a.move(clerk, r.id, 'refuse', {
        version: 1,
        reason: '不属于本机关职权范围',
        legalBasis: '《行政许可法》第三十二条',
      });
      const refusal = (await ok(a.documents(citizen, r.id))).items;
      assert.deepEqual(
        refusal.map((d: any) => [d.kind, d.number, d.title.zh]),
        [['refusal_notice', 'BSL-410105-2026-00001', '不予受理通知书']],
      );
      const rv = await ok(a.verify(refusal[0].id));
      assert.equal(rv.valid, true);
      assert.equal(rv.document.kind, 'refusal_notice');

      let s = await file();
      s = await a.move(clerk, s.id, 'request_supplement', {
        version: 1,
        items: [
          { ref: 'application', description: '申请书未签字' },
          { ref: null, description: '补充经营场所证明' },
        ],
      });
      s = await a.move(citizen, s.id, 'resubmit', { version: 2 });
      s = await a.move(lead, s.id, 'request_further_supplement', {
        version: 3,
        reason: '场所证明已过期',
        items: [{ ref: null, description: '提供有效期内的场所证明' }],
      });
      const notices = (await ok(a.documents(citizen, s.id))).items;
      assert.deepEqual(
        notices.map((d: any) => [d.kind, d.number]),
        [
          ['supplement_notice', 'BZ-410105-2026-00001'],
          ['supplement_notice', 'BZ-410105-2026-00002'],
        ],
      );
      for (const d of notices) {
        const pdf = await a.download(citizen, s.id, d.id);
        assert.equal(pdf.statusCode, 200);
        const v = await ok(a.verifyBytes(pdf.rawPayload, d.id));
        assert.equal(v.valid, true);
      }

      const accepted = await file();
      await a.move(clerk, accepted.id, 'accept', { version: 1 });
      assert.deepEqual((await ok(a.documents(citizen, accepted.id))).items, []);
    } finally {
      await t.close();
    }
  });
}
