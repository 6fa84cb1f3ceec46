/**
 * Certificate-free materials (免证可办) through the public API, on every dialect: case 1 granted → its certificate
 * issued → a stranger verifies it without an account → case 2 uses it instead of an upload (verified, granted to the
 * case's department, recorded with action, chain link and event) → the reviewer sees it valid, and the holder sees
 * the use → the department revokes it → the reviewer sees it revoked on the next read. Plus every refusal, and the
 * 免提交率 statistic.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp, ok } from '../../server/testing.ts';
import { seedCertificatesDemo } from './demo.ts';
import { FILLED, addAccount, certificateItem, certificateMaterial, grantedCase } from './test-fixtures.ts';

const dialects = await testDialects();
type Headers = Record<string, string>;
type Res = { statusCode: number; body: string; json(): any };

async function fails(p: Promise<Res>, status: number, code?: string, field?: string) {
  const r = await p;
  assert.equal(r.statusCode, status, r.body);
  const e = r.json().error;
  if (code) assert.equal(e.code, code, r.body);
  if (field) assert.equal(e.field, field, r.body);
  if (status !== 404 && status !== 403) assert.ok(e.message?.zh && e.message?.en, r.body);
  return r.json();
}

for (const dialect of dialects) {
  test(`[${dialect}] certificate-free materials: granted → verified by a stranger → used instead of an upload → revoked and seen as revoked`, async () => {
    const t = await testApp(dialect);
    try {
      await seedCertificatesDemo(t.k);
      // Case 1: granted; its result is a 食品经营许可证 issued to citizen.demo.
      const c1 = await grantedCase(t, await certificateItem(t));
      const citizen = await t.login('citizen.demo');
      const [cert] = await ok(t.app.inject({ method: 'GET', url: '/api/v1/certificates/mine', headers: citizen }));
      assert.equal(cert.caseId, c1.id);
      const { credential } = await ok(
        t.app.inject({ method: 'GET', url: `/api/v1/certificates/mine/${cert.id}/credential`, headers: citizen }),
      );
      // A stranger (no account) verifies it.
      const publicVerify = () =>
        ok(t.app.inject({ method: 'POST', url: '/api/v1/certificates/verify', payload: { credential } }));
      assert.equal((await publicVerify()).valid, true);

      // Item 2 lists the licence (and a public-place hygiene licence) as materials a certificate may give.
      const item2 = await certificateItem(t, 'DEMO.GGCSWSXKZ', [
        certificateMaterial('food_licence', '食品经营许可证', 'DEMO.SPJYXKZ'),
        certificateMaterial('hygiene_licence', '公共场所卫生许可证', 'DEMO.GGCSWSXKZ'),
      ]);
      const file = (h: Headers) =>
        ok(
          t.app.inject({
            method: 'POST',
            url: '/api/v1/cases',
            headers: h,
            payload: { itemId: item2, region: '410105', form: FILLED },
          }),
          201,
        );
      const c2 = await file(citizen);
      const clerk = await t.login('clerk.jinshui');
      const reviewer = await t.login('reviewer.zhengzhou');
      const lead = await t.login('lead.zhengzhou');
      const supervisor = await t.login('supervisor.province');
      const other = await addAccount(t, 'citizen.other', ['applicant'], null, null, 'person');

      // The applicant's choices: each certificate-sourced material with their certificates of its type.
      const options = await ok(
        t.app.inject({ method: 'GET', url: `/api/v1/cases/${c2.id}/materials/certificate-options`, headers: citizen }),
      );
      assert.deepEqual(
        options.items.map((o: any) => [o.materialKey, o.certificates.map((c: any) => c.number)]),
        [
          ['food_licence', [cert.number]],
          ['hygiene_licence', []],
        ],
      );
      await fails(
        t.app.inject({ method: 'GET', url: `/api/v1/cases/${c2.id}/materials/certificate-options`, headers: clerk }),
        403,
        'HOLDER_CONSENT_REQUIRED',
      );

      const use = (h: Headers, caseId: string, payload: Record<string, unknown>) =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/cases/${caseId}/materials/from-certificate`,
          headers: h,
          payload,
        });
      const body = { materialKey: 'food_licence', certificateId: cert.id };
      // Refusals, each changing nothing.
      await fails(use(clerk, c2.id, body), 403, 'HOLDER_CONSENT_REQUIRED', 'body.certificateId');
      await fails(use(other, c2.id, body), 404); // not their case
      await fails(
        use(citizen, c2.id, { ...body, materialKey: 'application' }),
        400,
        'MATERIAL_NOT_CERTIFICATE_FREE',
        'body.materialKey',
      );
      await fails(
        use(citizen, c2.id, { ...body, materialKey: 'hygiene_licence' }),
        409,
        'CERTIFICATE_TYPE_MISMATCH',
        'body.certificateId',
      );
      await fails(use(citizen, c2.id, { ...body, certificateId: 'urn:uuid:nope' }), 404, 'NOT_FOUND');
      await fails(use(citizen, c2.id, { materialKey: 'food_licence' }), 400);
      // Someone else's certificate answers exactly as an absent one.
      const c3 = await file(other);
      const notOwn = await fails(use(other, c3.id, body), 404);
      const absent = await fails(use(other, c3.id, { ...body, certificateId: 'urn:uuid:nope' }), 404);
      assert.equal(notOwn.error.code, absent.error.code);
      // Suspended: refused with the verification's reason; reinstated: usable.
      const susp = await ok(
        t.app.inject({
          method: 'POST',
          url: `/api/v1/certificates/certificates/${cert.id}/suspend`,
          headers: lead,
          payload: { version: cert.version, reason: '核查中，暂停' },
        }),
      );
      const refused = await fails(use(citizen, c2.id, body), 409, 'CERTIFICATE_NOT_VALID', 'body.certificateId');
      assert.equal(refused.error.details.reason, 'suspended');
      const reinstated = await ok(
        t.app.inject({
          method: 'POST',
          url: `/api/v1/certificates/certificates/${cert.id}/reinstate`,
          headers: lead,
          payload: { version: susp.version, reason: '核查完毕，恢复' },
        }),
      );
      assert.equal(
        (await ok(t.app.inject({ method: 'GET', url: `/api/v1/cases/${c2.id}/materials`, headers: citizen }))).items
          .length,
        0,
      );

      // Used instead of an upload.
      const m = await ok(use(citizen, c2.id, body), 201);
      assert.equal(m.contentType, 'application/vc+jwt');
      assert.equal(m.materialKey, 'food_licence');
      assert.equal(m.name, '食品经营许可证');
      assert.equal(m.source.kind, 'certificate');
      assert.equal(m.source.number, cert.number);
      assert.equal(m.source.atFiling.valid, true);
      assert.equal(m.source.record.type.code, 'DEMO.SPJYXKZ');
      // Again: the same row (200), nothing new written.
      const again = await ok(use(citizen, c2.id, body), 200);
      assert.equal(again.id, m.id);
      const actions = await t.k.db
        .selectFrom('kernel_actions')
        .select(['action', 'subject_type'])
        .where((eb) =>
          eb.or([eb('action', '=', 'add_sourced_material'), eb('subject_type', '=', 'certificates.grant')]),
        )
        .execute();
      assert.deepEqual(actions.map((a) => `${a.subject_type}:${a.action}`).sort(), [
        'cases.case:add_sourced_material',
        'certificates.grant:grant',
      ]);
      const events = await t.k.db
        .selectFrom('kernel_outbox')
        .select('type')
        .where('type', '=', 'cases.material.sourced')
        .execute();
      assert.equal(events.length, 1);
      // The case's department was granted its use: the holder sees the grant.
      const grants = await ok(
        t.app.inject({ method: 'GET', url: '/api/v1/certificates/mine/grants', headers: citizen }),
      );
      assert.equal(grants.length, 1);
      assert.equal(grants[0].grantee.kind, 'case');
      assert.equal(grants[0].grantee.caseNumber, c2.number);
      assert.equal(grants[0].grantee.department.code, '410105-SCJG');
      // A sourced material is no file to download.
      await fails(
        t.app.inject({ method: 'GET', url: `/api/v1/cases/${c2.id}/materials/${m.id}`, headers: reviewer }),
        409,
        'MATERIAL_NOT_A_FILE',
      );

      // The reviewer sees it with its face and a fresh verification; the use is in the holder's log only.
      const seen = async () =>
        (await ok(t.app.inject({ method: 'GET', url: `/api/v1/cases/${c2.id}/materials`, headers: reviewer }))).items;
      const [r1] = await seen();
      assert.equal(r1.source.now.valid, true);
      assert.equal(r1.source.record.number, cert.number);
      assert.equal(r1.source.record.holderName, cert.holder.name);
      assert.ok(!JSON.stringify(r1).includes(FILLED.applicant_idNumber));
      // Reading the case's materials again within 10 minutes is the same use; after that, a new one.
      await seen();
      let uses = await ok(t.app.inject({ method: 'GET', url: '/api/v1/certificates/mine/uses', headers: citizen }));
      assert.equal(uses.length, 1);
      assert.equal(uses[0].caseNumber, c2.number);
      assert.equal(uses[0].valid, true);
      t.clock.set(new Date(t.clock.now().getTime() + 11 * 60_000).toISOString());
      await seen();
      uses = await ok(t.app.inject({ method: 'GET', url: '/api/v1/certificates/mine/uses', headers: citizen }));
      assert.equal(uses.length, 2);
      await fails(t.app.inject({ method: 'GET', url: '/api/v1/certificates/mine/uses', headers: reviewer }), 403);

      // The department revokes it: the next read says revoked (the filing's answer stays as it was), and so does
      // the public verification.
      await ok(
        t.app.inject({
          method: 'POST',
          url: `/api/v1/certificates/certificates/${cert.id}/revoke`,
          headers: lead,
          payload: { version: reinstated.version, reason: '吊销许可' },
        }),
      );
      const [r2] = await seen();
      assert.equal(r2.source.now.valid, false);
      assert.equal(r2.source.now.reason, 'revoked');
      assert.equal(r2.source.atFiling.valid, true);
      assert.equal((await publicVerify()).reason, 'revoked');
      const [a2] = (
        await ok(t.app.inject({ method: 'GET', url: `/api/v1/cases/${c2.id}/materials`, headers: citizen }))
      ).items;
      assert.equal(a2.source.now.reason, 'revoked');
      const uses2 = await ok(t.app.inject({ method: 'GET', url: '/api/v1/certificates/mine/uses', headers: citizen }));
      assert.deepEqual(
        uses2.map((u: any) => u.valid),
        [false, true, true],
      );
      // A revoked certificate is no longer offered, and cannot be used for another case.
      const c4 = await file(citizen);
      const options4 = await ok(
        t.app.inject({ method: 'GET', url: `/api/v1/cases/${c4.id}/materials/certificate-options`, headers: citizen }),
      );
      assert.deepEqual(options4.items[0].certificates, []);
      const revoked = await fails(use(citizen, c4.id, body), 409, 'CERTIFICATE_NOT_VALID');
      assert.equal(revoked.error.details.reason, 'revoked');

      // Materials close on acceptance.
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${c4.id}/materials?name=a.pdf&key=application`,
        headers: { ...citizen, 'content-type': 'application/octet-stream' },
        payload: Buffer.from('%PDF-1.4\n%test\n'),
      });
      const accepted = await ok(
        t.app.inject({
          method: 'POST',
          url: `/api/v1/cases/${c4.id}/accept`,
          headers: clerk,
          payload: { version: c4.version },
        }),
      );
      assert.equal(accepted.status, 'accepted');
      await fails(use(citizen, c4.id, body), 409, 'MATERIALS_CLOSED');

      // 免提交率: case 2 has one sourced material, case 4 one upload → 1 of 2; one case without paper.
      const stats = await ok(
        t.app.inject({ method: 'GET', url: '/api/v1/cases/supervision/paperless', headers: supervisor }),
      );
      assert.deepEqual(stats.totals, { materials: 2, sourced: 1, rate: 0.5, cases: 2, casesWithoutPaper: 1 });
      assert.equal(stats.byItem.length, 1);
      assert.equal(stats.byItem[0].item.id, item2);
      assert.equal(stats.byDepartment[0].department.code, '410105-SCJG');
      await fails(t.app.inject({ method: 'GET', url: '/api/v1/cases/supervision/paperless', headers: citizen }), 403);
    } finally {
      await t.close();
    }
  });
}
