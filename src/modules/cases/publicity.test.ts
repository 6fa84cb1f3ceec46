/** 双公示 (a job publishes licensing decisions within 7 working days, masked, public) and notifications; every dialect. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp, type TestApp, ok } from '../../server/testing.ts';
import { JobRunner } from '../../kernel/jobs.ts';
import { OutboxDispatcher, bindSubscribers } from '../../kernel/outbox.ts';
import { findAccountByUsername } from '../../kernel/auth/accounts.ts';
import { generateUscc } from '../../kernel/validators/uscc.ts';
import { generateResidentId } from '../../kernel/validators/resident-id.ts';
import { FILLED, addAccount, publishedItem } from './test-fixtures.ts';
import { publicityJobs } from './publicity.ts';
import { notifySubscriber } from './notifications.ts';

const dialects = await testDialects();
type Headers = Record<string, string>;

function api(t: TestApp) {
  return {
    file: (h: Headers, payload: Record<string, unknown>) =>
      ok(t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: h, payload }), 201),
    move: (h: Headers, id: string, action: string, payload: Record<string, unknown>) =>
      ok(t.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/${action}`, headers: h, payload })),
    publicity: (q = '') => ok(t.app.inject({ method: 'GET', url: `/api/v1/cases/publicity${q}` })),
    inbox: (h: Headers, q = '') =>
      ok(t.app.inject({ method: 'GET', url: `/api/v1/cases/notifications${q}`, headers: h })),
  };
}

/** A registered enterprise (through the registry's API, as a clerk would); its id and USCC. */
async function enterprise(t: TestApp): Promise<{ id: string; uscc: string }> {
  const uscc = generateUscc({ division: '410105', seq: 901 });
  const e = await ok(
    t.app.inject({
      method: 'POST',
      url: '/api/v1/registry/enterprises',
      headers: await t.login('clerk.jinshui'),
      payload: {
        uscc,
        name: '公示测试有限公司（示例）',
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
  return { id: e.id, uscc };
}

for (const dialect of dialects) {
  test(`[${dialect}] 双公示: a licensing decision is recorded with its 7-working-day due date, published by the job (masked, public, paged, filtered), and flagged late when the job ran too late`, async () => {
    const t = await testApp(dialect); // Tue 2026-12-01 10:00 Shanghai
    try {
      const a = api(t);
      const { itemId } = await publishedItem(t);
      const citizen = await t.login('citizen.demo');
      const clerk = await t.login('clerk.jinshui');
      const reviewer = await t.login('reviewer.zhengzhou');
      const approver = await t.login('approver.zhengzhou');
      const runner = new JobRunner({ db: t.k.db, adapter: t.k.adapter, clock: t.clock });
      for (const [kind, handler] of Object.entries(publicityJobs(t.k))) runner.register(kind, handler);
      const decide = async (c: any, outcome: 'grant' | 'deny') => {
        c = await a.move(clerk, c.id, 'accept', { version: c.version });
        c = await a.move(reviewer, c.id, 'start_review', { version: c.version });
        return a.move(
          approver,
          c.id,
          outcome,
          outcome === 'grant'
            ? { version: c.version }
            : { version: c.version, reason: '场所不符合要求', legalBasis: '《测试法》第一条' },
        );
      };

      const granted = await decide(await a.file(citizen, { itemId, region: '410105', form: FILLED }), 'grant');
      const record = await t.k.db
        .selectFrom('cases_publications')
        .selectAll()
        .where('case_id', '=', granted.id)
        .executeTakeFirstOrThrow();
      assert.equal(record.due_date, '2026-12-10', '7 working days after Tue 1 Dec');
      assert.equal(record.published_at, null);
      assert.deepEqual((await a.publicity()).items, [], 'not public before the job runs');

      // The job's next round publishes it: no login needed to see it, the person's name masked.
      assert.deepEqual(await runner.runOnce(), { claimed: 1, done: 1, failed: 0, dead: 0, lost: 0 });
      const list = await a.publicity();
      assert.equal(list.items.length, 1);
      const p = list.items[0];
      assert.equal(p.caseNumber, granted.number);
      assert.equal(p.decision, 'granted');
      assert.equal(p.applicant, '示****');
      assert.equal(p.uscc, null);
      assert.equal(p.documentNumber, 'ZY-410105-2026-00001');
      assert.equal(p.decisionDate, '2026-12-01');
      assert.equal(p.dueDate, '2026-12-10');
      assert.equal(p.late, false);
      assert.ok(!JSON.stringify(list).includes('示例申请人'));
      const published = await t.k.db
        .selectFrom('kernel_actions')
        .select(['action', 'actor_id'])
        .where('subject_type', '=', 'cases.publication')
        .execute();
      assert.deepEqual(
        published.map((x) => [x.action, x.actor_id]),
        [['publish', 'system']],
      );

      // An enterprise's denial, with the job not running for two weeks: published late, and flagged.
      const e = await enterprise(t);
      const byClerk = await a.file(clerk, {
        itemId,
        region: '410105',
        form: FILLED,
        applicant: { enterpriseId: e.id },
        window: '金水区政务服务中心 3 号窗口',
      });
      await decide(byClerk, 'deny');
      const pending = async () =>
        (
          await ok(
            t.app.inject({
              method: 'GET',
              url: '/api/v1/cases/publicity/pending',
              headers: await t.login('lead.zhengzhou'),
            }),
          )
        ).items;
      assert.deepEqual(
        (await pending()).map((x: any) => [x.caseNumber, x.overdue]),
        [[byClerk.number, false]],
      );
      t.clock.set('2026-12-14T02:00:00Z'); // Mon 14 Dec: past Thu 10 Dec
      // Before the job runs again, staff see it overdue; applicants and other regions see none.
      assert.deepEqual(
        (await pending()).map((x: any) => [x.caseNumber, x.overdue, x.dueDate]),
        [[byClerk.number, true, '2026-12-10']],
      );
      const luoyang = await addAccount(t, 'lead.luoyang', ['department_lead'], '410300', '410300-SCJG');
      const elsewhere = await t.app.inject({ method: 'GET', url: '/api/v1/cases/publicity/pending', headers: luoyang });
      assert.deepEqual(elsewhere.json().items, []);
      const mine = await t.app.inject({
        method: 'GET',
        url: '/api/v1/cases/publicity/pending',
        headers: await t.login('citizen.demo'),
      });
      assert.deepEqual(mine.json().items, []);
      assert.equal((await runner.runOnce()).done, 1);
      const late = (await a.publicity()).items[0];
      assert.equal(late.caseNumber, byClerk.number);
      assert.equal(late.decision, 'denied');
      assert.equal(late.applicant, '公示测试有限公司（示例）');
      assert.equal(late.uscc, e.uscc);
      assert.equal(late.late, true);
      const reason = await t.k.db
        .selectFrom('kernel_actions')
        .select('reason')
        .where('subject_type', '=', 'cases.publication')
        .where('action', '=', 'publish')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      assert.match(reason.reason ?? '', /逾期公示/);
      assert.equal((await runner.runOnce()).claimed, 0, 'nothing left to publish');
      assert.deepEqual(await pending(), []);

      // Paging and filters by region (subtree) and department.
      const first = await a.publicity('?limit=1');
      assert.equal(first.items.length, 1);
      assert.ok(first.nextCursor);
      const second = await a.publicity(`?limit=1&cursor=${first.nextCursor}`);
      assert.equal(second.items.length, 1);
      assert.notEqual(second.items[0].id, first.items[0].id);
      assert.equal((await a.publicity('?region=410100')).items.length, 2);
      assert.equal((await a.publicity('?region=410300')).items.length, 0);
      assert.equal((await a.publicity('?department=410105-SCJG')).items.length, 2);
      assert.equal((await a.publicity('?department=410105-ZWFW')).items.length, 0);
      const badRegion = await t.app.inject({ method: 'GET', url: '/api/v1/cases/publicity?region=41' });
      assert.equal(badRegion.statusCode, 400);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] notifications: the applicant hears of acceptance, a supplement notice and the decision (in-app and through the dev SMS/email sink), the clerk of the resubmission; nobody reads another's`, async () => {
    const t = await testApp(dialect);
    try {
      const a = api(t);
      const { itemId } = await publishedItem(t);
      const citizen = await t.login('citizen.demo');
      const clerk = await t.login('clerk.jinshui');
      const reviewer = await t.login('reviewer.zhengzhou');
      const approver = await t.login('approver.zhengzhou');
      const dispatcher = new OutboxDispatcher(t.k, { subscribers: bindSubscribers(t.k, [notifySubscriber]) });
      const citizenId = (await findAccountByUsername(t.k.db, 'citizen.demo'))!.id;
      const clerkId = (await findAccountByUsername(t.k.db, 'clerk.jinshui'))!.id;

      let c = await a.file(citizen, { itemId, region: '410105', form: FILLED });
      c = await a.move(clerk, c.id, 'accept', { version: 1 });
      assert.equal((await a.inbox(citizen)).items.length, 0, 'eventual: nothing before the dispatcher runs');
      await dispatcher.runOnce();
      let inbox = await a.inbox(citizen);
      assert.equal(inbox.unread, 1);
      assert.equal(inbox.items[0].kind, 'cases.case.accepted');
      assert.equal(inbox.items[0].title.zh, '您的申请已受理');
      assert.equal(inbox.items[0].link, `/cases/${c.id}`);
      assert.equal(inbox.items[0].read, false);
      const sent = await t.k.db
        .selectFrom('cases_sent_messages')
        .selectAll()
        .where('recipient_account', '=', citizenId)
        .orderBy('channel')
        .execute();
      assert.deepEqual(
        sent.map((m) => m.channel),
        ['email', 'sms'],
      );
      assert.match(sent[0].text, /已受理/);
      assert.match(sent[0].text, new RegExp(c.number));

      // A supplement notice to the applicant; the resubmission back to the clerk who asked (in-app only).
      const s = await a.file(citizen, { itemId, region: '410105', form: FILLED });
      await a.move(clerk, s.id, 'request_supplement', { version: 1, items: [{ ref: null, description: '补充证明' }] });
      await a.move(citizen, s.id, 'resubmit', { version: 2 });
      await dispatcher.runOnce();
      inbox = await a.inbox(citizen);
      assert.equal(inbox.items[0].kind, 'cases.case.supplement_requested');
      const clerkInbox = await a.inbox(clerk);
      assert.deepEqual(
        clerkInbox.items.map((n: any) => n.kind),
        ['cases.case.resubmitted'],
      );
      assert.equal(
        (await t.k.db.selectFrom('cases_sent_messages').select('id').where('recipient_account', '=', clerkId).execute())
          .length,
        0,
      );

      // The decision.
      c = await a.move(reviewer, c.id, 'start_review', { version: c.version });
      c = await a.move(approver, c.id, 'grant', { version: c.version });
      await dispatcher.runOnce();
      inbox = await a.inbox(citizen);
      assert.equal(inbox.items[0].kind, 'cases.case.granted');
      assert.equal(inbox.unread, 3);
      assert.equal((await a.inbox(citizen, '?unread=true')).items.length, 3);

      // Marking read: idempotent; someone else's message is absent to them.
      const id = inbox.items[0].id;
      const other = await addAccount(t, 'citizen.other', ['applicant'], null, null, 'person');
      const foreign = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/notifications/${id}/read`,
        headers: other,
      });
      assert.equal(foreign.statusCode, 404, foreign.body);
      assert.deepEqual((await a.inbox(other)).items, []);
      const read = await ok(
        t.app.inject({ method: 'POST', url: `/api/v1/cases/notifications/${id}/read`, headers: citizen }),
      );
      assert.equal(read.read, true);
      const again = await ok(
        t.app.inject({ method: 'POST', url: `/api/v1/cases/notifications/${id}/read`, headers: citizen }),
      );
      assert.equal(again.readAt, read.readAt);
      assert.equal((await a.inbox(citizen)).unread, 2);
      const all = await ok(
        t.app.inject({ method: 'POST', url: '/api/v1/cases/notifications/read-all', headers: citizen }),
      );
      assert.equal(all.marked, 2);
      assert.equal((await a.inbox(citizen)).unread, 0);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/cases/notifications' })).statusCode, 401);

      // Delivered again, the same event makes no second message.
      const before = (await a.inbox(citizen, '?limit=100')).items.length;
      await t.k.db
        .updateTable('kernel_event_deliveries')
        .set({ status: 'pending', next_attempt_at: t.clock.now().toISOString() })
        .execute();
      await dispatcher.runOnce();
      assert.equal((await a.inbox(citizen, '?limit=100')).items.length, before);
    } finally {
      await t.close();
    }
  });
}
