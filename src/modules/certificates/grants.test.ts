/**
 * Wallet grants (用证授权) through the public API, on every dialect: a holder grants a department or a case's
 * department the use of a certificate; only that department's staff read and verify it; every use is in the
 * holder's usage log (and nobody else's); revocation and lapse stop use; a certificate no longer in force cannot be
 * granted, and a use of a revoked certificate is logged as invalid.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp, ok } from '../../server/testing.ts';
import { seedCertificatesDemo } from './demo.ts';
import { addAccount, certificateItem, grantedCase } from './test-fixtures.ts';

const dialects = await testDialects();
type Headers = Record<string, string>;
type Res = { statusCode: number; body: string; json(): any };

async function fails(p: Promise<Res>, status: number, code?: string) {
  const r = await p;
  assert.equal(r.statusCode, status, r.body);
  if (code) assert.equal(r.json().error.code, code, r.body);
  return r.json();
}

for (const dialect of dialects) {
  test(`[${dialect}] wallet grants: department and case grants, use logged for the holder only, revoke and lapse stop use`, async () => {
    const t = await testApp(dialect);
    try {
      await seedCertificatesDemo(t.k);
      const c = await grantedCase(t, await certificateItem(t));
      const citizen = await t.login('citizen.demo');
      const clerk = await t.login('clerk.jinshui'); // 410105-ZWFW
      const reviewer = await t.login('reviewer.zhengzhou'); // 410100-SCJG
      const other = await addAccount(t, 'citizen.other', ['applicant'], null, null, 'person');
      const [cert] = await ok(t.app.inject({ method: 'GET', url: '/api/v1/certificates/mine', headers: citizen }));
      const get = (h: Headers, url: string) => t.app.inject({ method: 'GET', url, headers: h });
      const grant = (h: Headers, payload: Record<string, unknown>, id = cert.id) =>
        t.app.inject({ method: 'POST', url: `/api/v1/certificates/mine/${id}/grants`, headers: h, payload });
      const revoke = (h: Headers, id: string, version: number) =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/certificates/grants/${id}/revoke`,
          headers: h,
          payload: { version },
        });

      // Bad input: no grantee or both, a period in the past or too long, an unknown department, not one's own.
      const base = { purpose: '办理餐饮店开业登记', validUntil: '2027-01-31' };
      await fails(grant(citizen, base), 400, 'GRANTEE_REQUIRED');
      await fails(grant(citizen, { ...base, department: '410105-ZWFW', caseId: c.id }), 400, 'GRANTEE_REQUIRED');
      await fails(
        grant(citizen, { ...base, department: '410105-ZWFW', validUntil: '2026-11-30' }),
        400,
        'GRANT_PERIOD_INVALID',
      );
      await fails(
        grant(citizen, { ...base, department: '410105-ZWFW', validUntil: '2028-12-31' }),
        400,
        'GRANT_PERIOD_INVALID',
      );
      await fails(
        grant(citizen, { ...base, department: '410105-ZWFW', validUntil: '2027-1-31' }),
        400,
        'GRANT_PERIOD_INVALID',
      );
      await fails(grant(citizen, { ...base, department: '410105-ZWFW', purpose: '  ' }), 400, 'FIELD_EMPTY');
      await fails(grant(citizen, { ...base, department: '999999-NONE' }), 404);
      await fails(grant(other, { ...base, department: '410105-ZWFW' }), 404);
      await fails(grant(clerk, { ...base, department: '410105-ZWFW' }), 403);

      const toDept = await ok(grant(citizen, { ...base, department: '410105-ZWFW' }), 201);
      assert.equal(toDept.grantee.kind, 'department');
      assert.equal(toDept.grantee.department.code, '410105-ZWFW');
      assert.equal(toDept.status, 'active');
      assert.equal(toDept.inForce, true);
      assert.equal(toDept.validUntil, '2027-01-31T15:59:59.000Z'); // the end of that day in China
      assert.equal(toDept.certificate.number, cert.number);
      const toCase = await ok(grant(citizen, { purpose: '本办件核验', validUntil: '2026-12-31', caseId: c.id }), 201);
      assert.equal(toCase.grantee.kind, 'case');
      assert.equal(toCase.grantee.caseNumber, c.number);
      assert.equal(toCase.grantee.department.code, c.department.code);
      // Another applicant's case is absent to this holder.
      await fails(grant(other, { purpose: 'x', validUntil: '2026-12-31', caseId: c.id }), 404);

      // The grantee department sees its grant in force; another department sees neither the list entry nor the grant.
      const granted = await ok(get(clerk, '/api/v1/certificates/granted'));
      assert.deepEqual(
        granted.map((g: any) => g.id),
        [toDept.id],
      );
      assert.deepEqual(
        await ok(get(reviewer, '/api/v1/certificates/granted')),
        c.department.code === '410100-SCJG' ? [toCase] : [],
      );
      await fails(get(reviewer, `/api/v1/certificates/granted/${toDept.id}`), 404);
      await fails(get(citizen, `/api/v1/certificates/granted/${toDept.id}`), 403);
      // Nothing was used yet.
      assert.deepEqual(await ok(get(citizen, '/api/v1/certificates/mine/uses')), []);

      const used = await ok(get(clerk, `/api/v1/certificates/granted/${toDept.id}`));
      assert.equal(used.certificate.number, cert.number);
      assert.equal(used.verification.valid, true);
      assert.equal(used.grant.id, toDept.id);

      // The usage log: the holder's only; staff have no wallet, another citizen sees nothing of it.
      const uses = await ok(get(citizen, '/api/v1/certificates/mine/uses'));
      assert.equal(uses.length, 1);
      assert.equal(uses[0].grantId, toDept.id);
      assert.equal(uses[0].user.department.code, '410105-ZWFW');
      assert.match(uses[0].user.name, /\S/);
      assert.equal(uses[0].purpose, '办理餐饮店开业登记');
      assert.equal(uses[0].valid, true);
      assert.equal(uses[0].certificate.number, cert.number);
      assert.deepEqual(await ok(get(other, '/api/v1/certificates/mine/uses')), []);
      await fails(get(clerk, '/api/v1/certificates/mine/uses'), 403);
      const mine = await ok(get(citizen, '/api/v1/certificates/mine/grants'));
      assert.deepEqual(mine.map((g: any) => g.id).sort(), [toDept.id, toCase.id].sort());
      assert.deepEqual(await ok(get(other, '/api/v1/certificates/mine/grants')), []);

      // Only the holder revokes; then the department can no longer use it, and the list drops it.
      await fails(revoke(other, toDept.id, toDept.version), 404);
      await fails(revoke(clerk, toDept.id, toDept.version), 403);
      const revoked = await ok(revoke(citizen, toDept.id, toDept.version));
      assert.equal(revoked.status, 'revoked');
      assert.equal(revoked.inForce, false);
      await fails(revoke(citizen, toDept.id, revoked.version), 409);
      await fails(get(clerk, `/api/v1/certificates/granted/${toDept.id}`), 410, 'GRANT_NOT_IN_FORCE');
      assert.deepEqual(await ok(get(clerk, '/api/v1/certificates/granted')), []);
      assert.equal((await ok(get(citizen, '/api/v1/certificates/mine/uses'))).length, 1, 'a refused use is not a use');
      const actions = await t.k.db
        .selectFrom('kernel_actions')
        .select('action')
        .where('subject_id', '=', toDept.id)
        .execute();
      assert.deepEqual(actions.map((a) => a.action).sort(), ['grant', 'revoke']);

      // A revoked certificate: no new grant; the case's department still may look, and the use says invalid.
      const lead = await t.login('lead.zhengzhou');
      await ok(
        t.app.inject({
          method: 'POST',
          url: `/api/v1/certificates/certificates/${cert.id}/revoke`,
          headers: lead,
          payload: { version: cert.version, reason: '测试：注销' },
        }),
      );
      await fails(grant(citizen, { ...base, department: '410105-ZWFW' }), 409, 'CERTIFICATE_NOT_IN_FORCE');
      const caseStaff = await addAccount(t, 'staff.case.dept', ['window_clerk'], c.region, c.department.code);
      const late = await ok(get(caseStaff, `/api/v1/certificates/granted/${toCase.id}`));
      assert.equal(late.verification.valid, false);
      assert.equal(late.verification.reason, 'revoked');
      const after = await ok(get(citizen, '/api/v1/certificates/mine/uses'));
      assert.equal(after.length, 2);
      assert.equal(after[0].grantId, toCase.id);
      assert.equal(after[0].caseNumber, c.number);
      assert.equal(after[0].valid, false);

      // Past its last day a grant lapses without any move.
      t.clock.set('2027-01-01T00:00:00Z');
      const [caseStaff2, citizen2] = [await t.login('staff.case.dept'), await t.login('citizen.demo')]; // sessions lapsed too
      await fails(get(caseStaff2, `/api/v1/certificates/granted/${toCase.id}`), 410, 'GRANT_NOT_IN_FORCE');
      assert.deepEqual(await ok(get(caseStaff2, '/api/v1/certificates/granted')), []);
      const lapsed = (await ok(get(citizen2, '/api/v1/certificates/mine/grants'))).find((g: any) => g.id === toCase.id);
      assert.equal(lapsed.status, 'active');
      assert.equal(lapsed.inForce, false);
    } finally {
      await t.close();
    }
  });
}
