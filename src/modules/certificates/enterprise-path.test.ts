/**
 * The enterprise path of certificate-free materials, through the public API on every dialect: a person acting for
 * an enterprise (`OneWindow-On-Behalf-Of`) files a case that is granted → the certificate is the enterprise's → on a
 * later case of the enterprise it is offered (on the apply page and the case page) and fills a material → the
 * enterprise's wallet holds the grant and the reviewer's use; the enterprise registration and the certificate library
 * fill shared-data materials, logged for the enterprise. The person acting on their own sees none of it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp, ok } from '../../server/testing.ts';
import { generateUscc } from '../../kernel/validators/uscc.ts';
import { generateResidentId } from '../../kernel/validators/resident-id.ts';
import { seedCertificatesDemo } from './demo.ts';
import { FILLED, addAccount, certificateItem, certificateMaterial, sharedMaterial } from './test-fixtures.ts';

const dialects = await testDialects();
type Headers = Record<string, string>;

for (const dialect of dialects) {
  test(`[${dialect}] enterprise path: the enterprise's certificate offered to its agent, used, granted in its wallet; its shared data`, async () => {
    const t = await testApp(dialect);
    try {
      await seedCertificatesDemo(t.k);
      const [citizen, clerk, reviewer, approver, supervisor] = await Promise.all(
        ['citizen.demo', 'clerk.jinshui', 'reviewer.zhengzhou', 'approver.zhengzhou', 'supervisor.province'].map((u) =>
          t.login(u),
        ),
      );
      const ent = await ok(
        t.app.inject({
          method: 'POST',
          url: '/api/v1/registry/enterprises',
          headers: clerk,
          payload: {
            uscc: generateUscc({ division: '410105', seq: 901 }),
            name: '测试餐饮有限公司901',
            orgType: 'enterprise',
            entityType: '有限责任公司（自然人投资或控股）',
            region: '410105',
            address: '郑州市金水区测试路1号',
            industry: '62',
            legalRepresentative: {
              name: '李四',
              residentId: generateResidentId({ region: '410105', birthDate: '1980-05-06', seq: 901 }),
            },
          },
        }),
        201,
      );
      await ok(
        t.app.inject({
          method: 'POST',
          url: `/api/v1/registry/enterprises/${ent.id}/agents`,
          headers: clerk,
          payload: { username: 'citizen.demo', validUntil: '2027-12-31' },
        }),
        201,
      );
      const agent: Headers = { ...citizen, 'onewindow-on-behalf-of': ent.uscc };
      const move = (h: Headers, id: string, action: string, payload: Record<string, unknown>) =>
        ok(t.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/${action}`, headers: h, payload }));
      const file = (h: Headers, itemId: string) =>
        ok(
          t.app.inject({
            method: 'POST',
            url: '/api/v1/cases',
            headers: h,
            payload: { itemId, region: '410105', form: FILLED },
          }),
          201,
        );

      // Case 1, filed for the enterprise, granted: the 食品经营许可证 is the enterprise's.
      let c1 = await file(agent, await certificateItem(t));
      c1 = await move(clerk, c1.id, 'accept', { version: c1.version });
      c1 = await move(reviewer, c1.id, 'start_review', { version: c1.version });
      c1 = await move(approver, c1.id, 'grant', { version: c1.version, reason: '符合许可条件' });
      const mine = (h: Headers, path = '') => ok(t.app.inject({ url: `/api/v1/certificates/mine${path}`, headers: h }));
      const [cert] = await mine(agent);
      assert.equal(cert.caseId, c1.id);
      assert.deepEqual(await mine(citizen), []);

      const item2 = await certificateItem(t, 'DEMO.GGCSWSXKZ', [
        certificateMaterial('food_licence', '食品经营许可证', 'DEMO.SPJYXKZ'),
        sharedMaterial('licence_data', '食品经营许可信息', '食品经营许可信息系统'),
        sharedMaterial('reg', '营业执照', '企业登记信息'),
      ]);
      // The apply page offers the enterprise's certificate to its agent, not to the person acting on their own.
      const options = (h: Headers) =>
        ok(t.app.inject({ url: `/api/v1/cases/material-options?itemId=${item2}&region=410105`, headers: h }));
      const asAgent = await options(agent);
      assert.deepEqual(
        asAgent.certificates.map((o: any) => [o.materialKey, o.certificates.map((c: any) => c.id)]),
        [['food_licence', [cert.id]]],
      );
      assert.deepEqual(
        asAgent.sharedData.map((o: any) => [o.materialKey, o.source.id]),
        [
          ['licence_data', 'certificates'],
          ['reg', 'registry'],
        ],
      );
      assert.deepEqual((await options(citizen)).certificates, []);

      // Case 2 of the enterprise: its certificate offered on the case page and used; the person's own view is 404.
      const c2 = await file(agent, item2);
      const caseOptions = await ok(
        t.app.inject({ url: `/api/v1/cases/${c2.id}/materials/certificate-options`, headers: agent }),
      );
      assert.deepEqual(caseOptions.items[0].certificates[0].id, cert.id);
      const own = await t.app.inject({ url: `/api/v1/cases/${c2.id}/materials/certificate-options`, headers: citizen });
      assert.equal(own.statusCode, 404);
      const used = await ok(
        t.app.inject({
          method: 'POST',
          url: `/api/v1/cases/${c2.id}/materials/from-certificate`,
          headers: agent,
          payload: { materialKey: 'food_licence', certificateId: cert.id },
        }),
        201,
      );
      assert.equal(used.source.number, cert.number);

      // Shared data for the enterprise: its registration and the certificate library.
      const fill = (materialKey: string) =>
        ok(
          t.app.inject({
            method: 'POST',
            url: `/api/v1/cases/${c2.id}/materials/from-shared-data`,
            headers: agent,
            payload: { materialKey, consent: true },
          }),
          201,
        );
      const reg = await fill('reg');
      assert.equal(reg.source.data.subject.kind, 'enterprise');
      assert.equal(reg.source.data.subject.identifier, ent.uscc);
      assert.equal(reg.source.data.fields.find((f: any) => f.label.zh === '法定代表人').value, '李四');
      const lib = await fill('licence_data');
      assert.equal(lib.source.data.source.id, 'certificates');
      assert.equal(lib.source.number, cert.number);
      const reads = (h: Headers) => ok(t.app.inject({ url: '/api/v1/cases/data-reads/mine', headers: h }));
      assert.deepEqual((await reads(agent)).items.map((r: any) => [r.dataSource, r.caseNumber]).sort(), [
        ['企业登记信息', c2.number],
        ['食品经营许可信息系统', c2.number],
      ]);
      assert.deepEqual((await reads(citizen)).items, []);

      // The enterprise's wallet: the grant to case 2's department, and the reviewer's look in its usage log.
      const grants = await mine(agent, '/grants');
      assert.equal(grants.length, 1);
      assert.equal(grants[0].grantee.kind, 'case');
      assert.equal(grants[0].grantee.caseNumber, c2.number);
      assert.deepEqual(await mine(citizen, '/grants'), []);
      const seen = await ok(t.app.inject({ url: `/api/v1/cases/${c2.id}/materials`, headers: reviewer }));
      assert.deepEqual(seen.items.map((m: any) => m.source.kind).sort(), ['certificate', 'shared_data', 'shared_data']);
      assert.equal(seen.items.find((m: any) => m.source.kind === 'certificate').source.now.valid, true);
      const uses = await mine(agent, '/uses');
      assert.equal(uses.length, 1);
      assert.equal(uses[0].caseNumber, c2.number);
      assert.deepEqual(await mine(citizen, '/uses'), []);
      // The wallet is the enterprise's, not the filing agent's: another agent of the enterprise sees the same.
      const second = await addAccount(t, 'citizen.second', ['applicant'], null, null, 'person');
      await ok(
        t.app.inject({
          method: 'POST',
          url: `/api/v1/registry/enterprises/${ent.id}/agents`,
          headers: clerk,
          payload: { username: 'citizen.second', validUntil: '2027-12-31' },
        }),
        201,
      );
      const agent2: Headers = { ...second, 'onewindow-on-behalf-of': ent.uscc };
      assert.deepEqual(
        (await mine(agent2)).map((c: any) => c.id),
        [cert.id],
      );
      assert.equal((await mine(agent2, '/grants')).length, 1);
      // The two reads at filing and the reviewer's look at each shared-data material.
      const all = (await reads(agent2)).items;
      assert.deepEqual(all.map((r: any) => r.reader.kind).sort(), ['applicant', 'applicant', 'staff', 'staff']);
      assert.deepEqual(await mine(second), []);

      // No paper at all for case 2.
      const stats = await ok(t.app.inject({ url: '/api/v1/cases/supervision/paperless', headers: supervisor }));
      assert.deepEqual(stats.totals, { materials: 3, sourced: 3, rate: 1, cases: 1, casesWithoutPaper: 1 });
    } finally {
      await t.close();
    }
  });
}
