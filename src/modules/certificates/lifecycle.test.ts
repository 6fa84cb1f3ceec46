/**
 * The certificate lifecycle beyond issue and revoke, through the public API on every dialect: the daily expiry job
 * (expired status, licences, notices at 30 and 7 days, once each), renewal (延续) from the wallet issuing the next
 * version, superseded answered as such, and grants by reform moves (告知承诺, 即办件) issuing certificates.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { systemCtx } from '../../kernel/context.ts';
import { JobRunner } from '../../kernel/jobs.ts';
import { testApp, type TestApp, ok } from '../../server/testing.ts';
import { seedCertificatesDemo } from './demo.ts';
import { issueCertificate } from './issue.ts';
import { certificatesModule } from './index.ts';
import { EXPIRY_JOB, expireCertificates, sendExpiryNotices } from './expiry.ts';
import { bitAt } from './status-list.ts';
import { FILLED, certificateItem, grantedCase } from './test-fixtures.ts';

const dialects = await testDialects();
type Headers = Record<string, string>;
const COMMITMENT = {
  accepted: true,
  text: '本人承诺：所填写的信息和提交的材料真实、准确、完整，已符合审批条件，愿意承担虚假承诺的法律责任。',
};

const get = (t: TestApp, h: Headers, url: string) => ok(t.app.inject({ method: 'GET', url, headers: h }));
const verify = (t: TestApp, credential: string) =>
  ok(t.app.inject({ method: 'POST', url: '/api/v1/certificates/verify', payload: { credential } }));
const credentialOf = async (t: TestApp, h: Headers, id: string) =>
  (await get(t, h, `/api/v1/certificates/mine/${encodeURIComponent(id)}/credential`)).credential as string;

for (const dialect of dialects) {
  test(`[${dialect}] reform grants issue certificates: granted on a commitment, handled on the spot (即办件)`, async () => {
    const t = await testApp(dialect);
    try {
      await seedCertificatesDemo(t.k);
      const citizen = await t.login('citizen.demo');
      const committed = await certificateItem(t, 'DEMO.SPJYXKZ', [], { reformMode: 'commitment' });
      const c = await ok(
        t.app.inject({
          method: 'POST',
          url: '/api/v1/cases',
          headers: citizen,
          payload: { itemId: committed, region: '410105', form: FILLED, commitment: COMMITMENT },
        }),
        201,
      );
      assert.equal(c.status, 'granted');
      let mine = await get(t, citizen, '/api/v1/certificates/mine');
      assert.deepEqual(
        mine.map((x: any) => [x.caseId, x.status]),
        [[c.id, 'issued']],
      );
      assert.equal((await verify(t, await credentialOf(t, citizen, mine[0].id))).valid, true);

      const immediate = await certificateItem(t, 'DEMO.SPJYXKZ', [], { immediate: true });
      const me = await get(t, citizen, '/api/v1/registry/me');
      const clerk = await t.login('clerk.jinshui');
      const i = await ok(
        t.app.inject({
          method: 'POST',
          url: '/api/v1/cases',
          headers: clerk,
          payload: {
            itemId: immediate,
            region: '410105',
            form: FILLED,
            applicant: { personId: me.person.id },
            window: '金水区政务服务中心 3 号窗口',
          },
        }),
        201,
      );
      const done = await ok(
        t.app.inject({
          method: 'POST',
          url: `/api/v1/cases/${i.id}/handle_immediately`,
          headers: clerk,
          payload: { version: i.version, reason: '当场办结' },
        }),
      );
      assert.equal(done.status, 'concluded');
      mine = await get(t, citizen, '/api/v1/certificates/mine');
      assert.equal(mine.length, 2);
      assert.equal(mine.find((x: any) => x.caseId === i.id)?.status, 'issued');
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] the daily expiry job: notices at 30 and 7 days (once each), expired past validUntil with the licence, renewal from the wallet issues the next version, the old one verifies as superseded`, async () => {
    const t = await testApp(dialect, { demo: { enterprises: 1, persons: 0 } }); // Tue 2026-12-01 10:00 Shanghai
    try {
      await seedCertificatesDemo(t.k);
      const month = { kind: 'period', value: 1, unit: 'month' } as const;
      const itemId = await certificateItem(t, 'DEMO.SPJYXKZ', [], { validity: month });
      const c = await grantedCase(t, itemId);
      const citizen = await t.login('citizen.demo');
      const admin = await t.login('admin');
      const [cert] = await get(t, citizen, '/api/v1/certificates/mine');
      assert.equal(cert.caseId, c.id);
      assert.equal(cert.validUntil, '2026-12-31T15:59:59.000Z'); // 23:59:59 in China
      // An enterprise's certificate (no account to tell), for the registry's licences.
      const [e] = (await get(t, admin, '/api/v1/registry/enterprises?limit=1')).items;
      const ent = await t.k.db.transaction().execute((tx) =>
        issueCertificate(t.k, systemCtx(t.clock.now()), tx, {
          typeCode: 'DEMO.YYZZ',
          department: '410105-SCJG',
          region: '410105',
          caseId: null,
          holder: { kind: 'enterprise', name: e.name, uscc: e.uscc, account: null, personId: null, enterpriseId: e.id },
          facts: { 'holder.name': e.name },
          validity: month,
        }),
      );
      // Issuing queued today's run of the daily job, once.
      const jobs = await t.k.db.selectFrom('kernel_jobs').select('unique_key').where('kind', '=', EXPIRY_JOB).execute();
      assert.deepEqual(
        jobs.map((j) => j.unique_key),
        [`${EXPIRY_JOB}:2026-12-01`],
      );
      const runner = new JobRunner({ db: t.k.db, adapter: t.k.adapter, clock: t.clock });
      for (const [kind, handler] of Object.entries(certificatesModule.jobs!(t.k))) runner.register(kind, handler);
      // Sessions expire as the clock moves: one login per account and moment (logins are rate-limited).
      const sessions = new Map<string, Headers>();
      const as = async (u: string) => {
        const key = `${u}@${t.clock.now().toISOString()}`;
        if (!sessions.has(key)) sessions.set(key, await t.login(u));
        return sessions.get(key)!;
      };
      const notices = async () => get(t, await as('citizen.demo'), '/api/v1/certificates/mine/notices');

      // 31 days left: nothing yet; the run queues tomorrow's.
      await runner.runOnce();
      assert.deepEqual(await notices(), []);
      const queued = await t.k.db
        .selectFrom('kernel_jobs')
        .select(['unique_key', 'status'])
        .where('kind', '=', EXPIRY_JOB)
        .orderBy('unique_key')
        .execute();
      assert.deepEqual(
        queued.map((j) => [j.unique_key, j.status]),
        [
          [`${EXPIRY_JOB}:2026-12-01`, 'done'],
          [`${EXPIRY_JOB}:2026-12-02`, 'queued'],
        ],
      );
      // 30 days left: the 30-day notice; running again sends none.
      t.clock.set('2026-12-02T02:00:00Z');
      await runner.runOnce();
      let n = await notices();
      assert.deepEqual(
        n.map((x: any) => [x.certificateId, x.days, x.renewalCaseId]),
        [[cert.id, 30, null]],
      );
      assert.equal(await sendExpiryNotices(t.k, t.clock.now()), 0);
      // …also in the holder's inbox, beside the issuing case's messages, linking to the wallet.
      const inbox = async () =>
        (await get(t, await as('citizen.demo'), '/api/v1/cases/notifications')).items.filter(
          (m: any) => m.kind === 'certificates.certificate.expiry_noticed',
        );
      const [message] = await inbox();
      assert.equal(message.caseId, c.id);
      assert.equal(message.link, '/certificates/mine');
      assert.ok(message.body.zh.includes(cert.number));
      // A week left (the days between were missed: the chain goes on from the day it runs): the 7-day notice.
      t.clock.set('2026-12-25T02:00:00Z');
      await runner.runOnce();
      n = await notices();
      assert.deepEqual(
        n.map((x: any) => x.days),
        [7, 30],
      );
      assert.equal(await sendExpiryNotices(t.k, t.clock.now()), 0);
      assert.equal((await inbox()).length, 2);
      // Only the holder sees them.
      const lead2 = await as('lead.zhengzhou');
      await ok(t.app.inject({ method: 'GET', url: '/api/v1/certificates/mine/notices', headers: lead2 }), 403);
      const noticed = await t.k.db
        .selectFrom('kernel_outbox')
        .select('type')
        .where('type', '=', 'certificates.certificate.expiry_noticed')
        .execute();
      assert.equal(noticed.length, 2);

      // Still in force on its last day; expired the day after — an audited system move, licence and event.
      const credential = await credentialOf(t, await as('citizen.demo'), cert.id);
      t.clock.set('2026-12-31T15:00:00Z');
      await runner.runOnce();
      const certAt = async (id: string) =>
        (await get(t, await as('lead.zhengzhou'), `/api/v1/certificates/certificates/${id}`)).status;
      assert.equal(await certAt(cert.id), 'issued');
      t.clock.set('2027-01-01T02:00:00Z');
      await runner.runOnce();
      assert.equal(await certAt(cert.id), 'expired');
      assert.equal(await certAt(ent.id), 'expired');
      assert.equal(await expireCertificates(t.k, t.clock.now()), 0, 'a second run moves nothing');
      const action = await t.k.db
        .selectFrom('kernel_actions')
        .selectAll()
        .where('subject_id', '=', cert.id)
        .where('action', '=', 'expire')
        .executeTakeFirstOrThrow();
      assert.equal(action.actor_id, 'system');
      assert.match(String(action.reason), /2026-12-31 届满/);
      const events = await t.k.db
        .selectFrom('kernel_outbox')
        .select('subject_id')
        .where('type', '=', 'certificates.certificate.expired')
        .execute();
      assert.deepEqual(events.map((x) => x.subject_id).sort(), [cert.id, ent.id].sort());
      const licences = (await get(t, await as('admin'), `/api/v1/registry/enterprises/${e.id}`)).licences;
      assert.deepEqual(
        licences.map((l: any) => [l.number, l.status]),
        [[ent.number, 'expired']],
      );
      const v = await verify(t, credential);
      assert.equal(v.reason, 'expired');

      // 申请延续 from the wallet: a case of the same item, prefilled from the case that issued it; asking again
      // answers the open case.
      const citizen2 = await as('citizen.demo');
      const renew = (h: Headers, id = cert.id) =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/certificates/mine/${encodeURIComponent(id)}/renewal`,
          headers: h,
          payload: {},
        });
      const r = await ok(renew(citizen2), 201);
      assert.equal(r.created, true);
      assert.equal(r.case.status, 'submitted');
      const again = await ok(renew(citizen2), 200);
      assert.deepEqual(again.case, r.case);
      assert.equal(again.created, false);
      // Not the holder: as absent; staff cannot.
      await ok(renew(await as('lead.zhengzhou')), 403);
      const renewal = await get(t, citizen2, `/api/v1/cases/${r.case.id}`);
      assert.equal(renewal.item.id, itemId);
      assert.equal(renewal.form.applicant_name, FILLED.applicant_name);
      assert.equal(renewal.form.site_address, FILLED.site_address);
      assert.equal((await notices())[0].renewalCaseId, r.case.id);

      // Granting it renews: version 002, same serial, the old one superseded (by the system).
      const [clerk, reviewer, approver] = [
        await as('clerk.jinshui'),
        await as('reviewer.zhengzhou'),
        await as('approver.zhengzhou'),
      ];
      const move = (h: Headers, id: string, action: string, payload: Record<string, unknown>) =>
        ok(t.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/${action}`, headers: h, payload }));
      let rc = await move(clerk, r.case.id, 'accept', { version: renewal.version });
      rc = await move(reviewer, rc.id, 'start_review', { version: rc.version });
      rc = await move(approver, rc.id, 'grant', { version: rc.version, reason: '准予延续' });
      assert.equal(rc.status, 'granted');
      const mine = await get(t, citizen2, '/api/v1/certificates/mine');
      assert.equal(mine.length, 2);
      const next = mine.find((x: any) => x.id !== cert.id);
      assert.equal(next.supersedes, cert.id);
      assert.equal(next.caseId, r.case.id);
      assert.equal(next.number.split('.').at(-3), cert.number.split('.').at(-3));
      assert.equal(next.number.split('.').at(-2), '002');
      assert.equal(next.validUntil, '2027-01-31T15:59:59.000Z');
      assert.equal(mine.find((x: any) => x.id === cert.id).status, 'superseded');
      const supersede = await t.k.db
        .selectFrom('kernel_actions')
        .selectAll()
        .where('subject_id', '=', cert.id)
        .where('action', '=', 'supersede')
        .executeTakeFirstOrThrow();
      assert.equal(supersede.actor_id, 'system');
      assert.equal((await verify(t, await credentialOf(t, citizen2, next.id))).valid, true);
      // A superseded certificate cannot be renewed again.
      const refused = await ok(renew(citizen2), 409);
      assert.equal(refused.error.code, 'CERTIFICATE_NOT_RENEWABLE');

      // The old credential: OneWindow's verify says superseded and names the newer number; its revocation bit is set,
      // so a standard verifier (status list only) refuses it too.
      const old = await verify(t, credential);
      t.clock.set('2026-12-20T02:00:00Z'); // within the old one's validity, so the status decides
      const sup = await verify(t, credential);
      assert.equal(old.reason, 'expired', 'past its validity the dates answer first');
      assert.equal(sup.valid, false);
      assert.equal(sup.reason, 'superseded');
      assert.equal(sup.supersededBy, next.number);
      assert.match(sup.message.zh, /已被新版本取代/);
      assert.ok(sup.message.zh.includes(next.number));
      const stored = await t.k.db
        .selectFrom('certificates_certificates')
        .select(['status_list', 'status_index'])
        .where('id', '=', cert.id)
        .executeTakeFirstOrThrow();
      const list = await t.k.db
        .selectFrom('certificates_status_lists')
        .select('bits')
        .where('id', '=', `${stored.status_list}-revocation`)
        .executeTakeFirstOrThrow();
      assert.equal(bitAt(Buffer.from(list.bits, 'base64url'), Number(stored.status_index)), true);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] a change (变更) by the department: the old version verifies as superseded, a revoked one as revoked`, async () => {
    const t = await testApp(dialect);
    try {
      await seedCertificatesDemo(t.k);
      const itemId = await certificateItem(t);
      await grantedCase(t, itemId);
      await grantedCase(t, itemId);
      const citizen = await t.login('citizen.demo');
      const lead = await t.login('lead.zhengzhou');
      const [a, b] = await get(t, citizen, '/api/v1/certificates/mine');
      const post = (id: string, action: string, status = 200) =>
        ok(
          t.app.inject({
            method: 'POST',
            url: `/api/v1/certificates/certificates/${encodeURIComponent(id)}/${action}`,
            headers: lead,
            payload: { version: 1, reason: '测试' },
          }),
          status,
        );
      const changed = await post(a.id, 'change', 201);
      await post(b.id, 'revoke');
      const va = await verify(t, await credentialOf(t, citizen, a.id));
      assert.equal(va.reason, 'superseded');
      assert.equal(va.supersededBy, changed.number);
      assert.match(va.message.en, /superseded by a newer version/);
      const vb = await verify(t, await credentialOf(t, citizen, b.id));
      assert.equal(vb.reason, 'revoked');
      assert.equal(vb.supersededBy, null);
      assert.equal((await verify(t, await credentialOf(t, citizen, changed.id))).valid, true);
    } finally {
      await t.close();
    }
  });
}
