/** The cases module through its public API, on every dialect. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp, type TestApp, ok } from '../../server/testing.ts';
import { FILLED, addAccount, publishedItem } from './test-fixtures.ts';

const dialects = await testDialects();
type Headers = Record<string, string>;

function api(t: TestApp) {
  return {
    file: (h: Headers, payload: Record<string, unknown>, extra: Headers = {}) =>
      t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: { ...h, ...extra }, payload }),
    get: (h: Headers, id: string) => t.app.inject({ method: 'GET', url: `/api/v1/cases/${id}`, headers: h }),
    list: (h: Headers, q = '') => t.app.inject({ method: 'GET', url: `/api/v1/cases${q}`, headers: h }),
    move: (h: Headers, id: string, action: string, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/${action}`, headers: h, payload }),
    timeline: (h: Headers, id: string) =>
      t.app.inject({ method: 'GET', url: `/api/v1/cases/${id}/timeline`, headers: h }),
  };
}

/** Moves and expects 200; returns the case. */
for (const dialect of dialects) {
  test(`[${dialect}] filing: pinned version, numbered, idempotent, form errors by field, ID and phone encrypted and masked, refusals of unusable items`, async () => {
    const t = await testApp(dialect); // 2026-12-01 10:00 Shanghai, a Tuesday
    try {
      const a = api(t);
      const { itemId, implementationId } = await publishedItem(t);
      const citizen = await t.login('citizen.demo');
      const key = { 'idempotency-key': 'file-1' };
      const c = await ok(a.file(citizen, { itemId, region: '410105', form: FILLED }, key), 201);
      assert.equal(c.number, '410105-20261201-00001');
      assert.equal(c.status, 'submitted');
      assert.equal(c.implementation.id, implementationId); // pinned: the published version in force
      assert.equal(c.department.code, '410105-SCJG');
      assert.equal(c.applicant.kind, 'person');
      assert.equal(c.channel, 'online');
      assert.equal(c.form.applicant_idNumber, '4101**********0016');
      assert.equal(c.form.applicant_phone, '138****5678');
      assert.equal(c.form.site_address, FILLED.site_address);
      const acceptance = c.deadlines.find((d: any) => d.purpose === 'acceptance');
      assert.equal(acceptance.dueDate, '2026-12-08'); // 5 working days after Tue 1 Dec
      assert.equal(acceptance.light, 'green');
      assert.deepEqual(c.actions, ['withdraw']);

      // One Idempotency-Key, one case.
      const again = await a.file(citizen, { itemId, region: '410105', form: FILLED }, key);
      assert.equal(again.statusCode, 201);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.equal(again.json().id, c.id);
      const second = await ok(a.file(citizen, { itemId, region: '410105', form: FILLED }), 201);
      assert.equal(second.number, '410105-20261201-00002');

      // Stored encrypted: the plaintext ID and phone are nowhere in the row.
      const row = await t.k.db.selectFrom('cases_cases').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
      const raw = JSON.stringify(row);
      assert.ok(!raw.includes(FILLED.applicant_idNumber) && !raw.includes(FILLED.applicant_phone));
      const stored = row.form_data as Record<string, string>;
      assert.equal(t.k.cipher.decrypt(stored.applicant_idNumber), FILLED.applicant_idNumber);

      // Field-level errors, every one of them.
      const bad = await a.file(citizen, {
        itemId,
        region: '410105',
        form: { ...FILLED, applicant_phone: '123', site_address: undefined, extra: 1 },
      });
      assert.equal(bad.statusCode, 400, bad.body);
      const err = bad.json().error;
      assert.equal(err.code, 'FORM_INVALID');
      const fields = err.details.errors.map((e: any) => e.field).sort();
      assert.deepEqual(fields, ['form.applicant_phone', 'form.extra', 'form.site_address']);
      assert.match(err.message.zh, /联系电话格式不正确/);
      const badId = await a.file(citizen, {
        itemId,
        region: '410105',
        form: { ...FILLED, applicant_idNumber: '410105198808080017' },
      });
      assert.equal(badId.statusCode, 400);
      assert.equal(badId.json().error.field, 'form.applicant_idNumber');

      // Unpublished and abolished items are refused with their codes.
      const draft = await publishedItem(t, { publish: false });
      const unpublished = await a.file(citizen, { itemId: draft.itemId, region: '410105', form: FILLED });
      assert.equal(unpublished.statusCode, 409);
      assert.equal(unpublished.json().error.code, 'ITEM_NOT_PUBLISHED');
      const admin = await t.login('admin');
      const item = await ok(t.app.inject({ method: 'GET', url: `/api/v1/catalog/items/${itemId}`, headers: admin }));
      await ok(
        t.app.inject({
          method: 'PATCH',
          url: `/api/v1/catalog/items/${itemId}`,
          headers: admin,
          payload: { version: item.version, reformMode: 'abolished', reason: '直接取消审批' },
        }),
      );
      const abolished = await a.file(citizen, { itemId, region: '410105', form: FILLED });
      assert.equal(abolished.statusCode, 409);
      assert.equal(abolished.json().error.code, 'ITEM_ABOLISHED');
      assert.equal((await a.file(citizen, { itemId: 'no-such-item', region: '410105', form: FILLED })).statusCode, 404);

      // A window clerk files for a registered person at a recorded window; the applicant sees it as theirs.
      const { itemId: item2 } = await publishedItem(t);
      const me = await ok(t.app.inject({ method: 'GET', url: '/api/v1/registry/me', headers: citizen }));
      const clerk = await t.login('clerk.jinshui');
      const noWindow = await a.file(clerk, {
        itemId: item2,
        region: '410105',
        form: FILLED,
        applicant: { personId: me.person.id },
      });
      assert.equal(noWindow.statusCode, 400);
      const byClerk = await ok(
        a.file(clerk, {
          itemId: item2,
          region: '410105',
          form: FILLED,
          applicant: { personId: me.person.id },
          window: '金水区政务服务中心 3 号窗口',
        }),
        201,
      );
      assert.equal(byClerk.channel, 'window');
      assert.equal(byClerk.applicant.name, '示例申请人');
      const mine = await ok(a.list(citizen));
      assert.ok(mine.items.some((x: any) => x.id === byClerk.id));
      assert.equal(mine.items.length, 3);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] workflow: every allowed move, reasons and legal basis, one supplement notice, forbidden moves, timeline`, async () => {
    const t = await testApp(dialect);
    try {
      const a = api(t);
      const { itemId } = await publishedItem(t);
      const citizen = await t.login('citizen.demo');
      const clerk = await t.login('clerk.jinshui');
      const reviewer = await t.login('reviewer.zhengzhou');
      const approver = await t.login('approver.zhengzhou');
      const lead = await t.login('lead.zhengzhou');
      const file = () => ok(a.file(citizen, { itemId, region: '410105', form: FILLED }), 201);

      // submitted → accepted → under_review → granted → concluded
      let c = await file();
      assert.equal((await a.move(citizen, c.id, 'accept', { version: 1 })).statusCode, 403);
      c = await ok(a.move(clerk, c.id, 'accept', { version: 1 }));
      assert.equal(c.status, 'accepted');
      const decision = c.deadlines.find((d: any) => d.purpose === 'decision');
      assert.equal(decision.dueDate, '2026-12-08'); // promised 5 working days from acceptance
      assert.equal(c.deadlines.find((d: any) => d.purpose === 'acceptance').light, null);
      const stale = await a.move(reviewer, c.id, 'start_review', { version: 1 });
      assert.equal(stale.json().error.code, 'VERSION_CONFLICT');
      assert.equal((await a.move(reviewer, c.id, 'grant', { version: 2 })).statusCode, 403); // reviewers do not decide
      const early = await a.move(approver, c.id, 'grant', { version: 2 });
      assert.equal(early.statusCode, 409);
      assert.equal(early.json().error.code, 'TRANSITION_NOT_ALLOWED');
      assert.deepEqual(early.json().error.details.allowed, ['start_review', 'withdraw']);
      c = await ok(a.move(reviewer, c.id, 'start_review', { version: 2 }));
      c = await ok(a.move(approver, c.id, 'grant', { version: 3, reason: '符合许可条件' }));
      assert.deepEqual(c.decision, { outcome: 'granted', reason: '符合许可条件', legalBasis: null });
      assert.equal((await a.move(citizen, c.id, 'withdraw', { version: 4, reason: '不办了' })).statusCode, 409);
      c = await ok(a.move(clerk, c.id, 'conclude', { version: 4 }));
      assert.equal(c.status, 'concluded');
      const again = await a.move(clerk, c.id, 'accept', { version: 5 });
      assert.equal(again.json().error.code, 'TRANSITION_NOT_ALLOWED');
      const tl = await ok(a.timeline(citizen, c.id));
      assert.deepEqual(
        tl.items.map((x: any) => x.action),
        ['file', 'accept', 'start_review', 'grant', 'conclude'],
      );
      assert.equal(tl.items[1].actor.name, '金水区综合窗口（示例）');
      assert.equal(tl.items[1].actor.role, 'window_clerk');
      assert.equal(tl.items[3].reason, '符合许可条件');
      const events = await t.k.db
        .selectFrom('kernel_outbox')
        .select('type')
        .where('subject_id', '=', c.id)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        events.map((e) => e.type),
        [
          'cases.case.submitted',
          'cases.case.accepted',
          'cases.case.review_started',
          'cases.case.granted',
          'cases.case.concluded',
        ],
      );

      // submitted → refused: reasons and legal basis required
      let r = await file();
      assert.equal((await a.move(clerk, r.id, 'refuse', { version: 1, reason: '不属于本机关职权' })).statusCode, 400);
      r = await ok(
        a.move(clerk, r.id, 'refuse', {
          version: 1,
          reason: '不属于本机关职权',
          legalBasis: '《行政许可法》第三十二条',
        }),
      );
      assert.deepEqual(r.refusal, { reason: '不属于本机关职权', legalBasis: '《行政许可法》第三十二条' });

      // supplement: one notice listing every item; resubmission; a second notice only by the lead, flagged
      let s = await file();
      assert.equal((await a.move(clerk, s.id, 'request_supplement', { version: 1, items: [] })).statusCode, 400);
      s = await ok(
        a.move(clerk, s.id, 'request_supplement', {
          version: 1,
          items: [
            { ref: 'application', description: '申请书未签字' },
            { ref: null, description: '经营场所地址不完整' },
          ],
        }),
      );
      assert.equal(s.status, 'supplement_requested');
      assert.equal(s.supplement.items.length, 2);
      assert.deepEqual(s.actions, ['resubmit']); // the clerk may resubmit for the applicant; only they withdraw
      const asCitizen = await ok(a.get(citizen, s.id));
      assert.deepEqual(asCitizen.actions, ['resubmit', 'withdraw']);
      s = await ok(
        a.move(citizen, s.id, 'resubmit', {
          version: 2,
          form: { ...FILLED, site_address: '郑州市金水区示例路 1 号 2 楼' },
        }),
      );
      assert.equal(s.status, 'submitted');
      assert.equal(s.form.site_address, '郑州市金水区示例路 1 号 2 楼');
      const twice = await a.move(clerk, s.id, 'request_supplement', {
        version: 3,
        items: [{ ref: null, description: '再补' }],
      });
      assert.equal(twice.statusCode, 409);
      assert.equal(twice.json().error.code, 'SUPPLEMENT_ALREADY_REQUESTED');
      assert.equal(
        (
          await a.move(clerk, s.id, 'request_further_supplement', {
            version: 3,
            reason: 'x',
            items: [{ ref: null, description: 'y' }],
          })
        ).statusCode,
        403,
      );
      s = await ok(
        a.move(lead, s.id, 'request_further_supplement', {
          version: 3,
          reason: '新发现场所证明缺失',
          items: [{ ref: null, description: '补充场所使用证明' }],
        }),
      );
      assert.deepEqual(s.flags, ['repeated_supplement']);
      assert.equal(s.supplement.count, 2);
      assert.equal((await a.move(citizen, s.id, 'withdraw', { version: 4 })).statusCode, 400); // a reason is required
      s = await ok(a.move(citizen, s.id, 'withdraw', { version: 4, reason: '不再申请' }));
      assert.equal(s.status, 'withdrawn');

      // under_review → denied (reason and basis) → concluded
      let d = await file();
      d = await ok(a.move(lead, d.id, 'accept', { version: 1 }));
      d = await ok(a.move(reviewer, d.id, 'start_review', { version: 2 }));
      assert.equal((await a.move(approver, d.id, 'deny', { version: 3, reason: '场所不符合要求' })).statusCode, 400);
      d = await ok(
        a.move(approver, d.id, 'deny', { version: 3, reason: '场所不符合要求', legalBasis: '《测试法》第一条' }),
      );
      assert.equal(d.decision.outcome, 'denied');
      d = await ok(a.move(approver, d.id, 'conclude', { version: 4 }));
      assert.equal(d.status, 'concluded');

      // accepted → withdrawn by the applicant
      let w = await file();
      w = await ok(a.move(clerk, w.id, 'accept', { version: 1 }));
      w = await ok(a.move(citizen, w.id, 'withdraw', { version: 2, reason: '材料另行准备' }));
      assert.equal(w.status, 'withdrawn');
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] two clerks accept at once: exactly one wins`, async () => {
    const t = await testApp(dialect);
    try {
      const a = api(t);
      const { itemId } = await publishedItem(t);
      const citizen = await t.login('citizen.demo');
      const clerk = await t.login('clerk.jinshui');
      const lead = await t.login('lead.zhengzhou');
      const c = await ok(a.file(citizen, { itemId, region: '410105', form: FILLED }), 201);
      const results = await Promise.all([
        a.move(clerk, c.id, 'accept', { version: 1 }),
        a.move(lead, c.id, 'accept', { version: 1 }),
      ]);
      const codes = results.map((r) => r.statusCode).sort();
      assert.deepEqual(codes, [200, 409], results.map((r) => r.body).join('\n'));
      const loser = results.find((r) => r.statusCode === 409)!;
      assert.match(loser.json().error.code, /^(VERSION_CONFLICT|TRANSITION_NOT_ALLOWED)$/);
      const accepts = await t.k.db
        .selectFrom('kernel_actions')
        .select('id')
        .where('subject_id', '=', c.id)
        .where('action', '=', 'accept')
        .execute();
      assert.equal(accepts.length, 1);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] jurisdiction: a case in Luoyang is absent for Zhengzhou staff and other applicants`, async () => {
    const t = await testApp(dialect);
    try {
      const a = api(t);
      await addAccount(t, 'reviewer.luoyang', ['reviewer'], '410300', '410300-SCJG');
      await addAccount(t, 'lead.luoyang', ['department_lead'], '410300', '410300-SCJG');
      const { itemId } = await publishedItem(t, {
        department: '410300-SCJG',
        editor: 'reviewer.luoyang',
        publisher: 'lead.luoyang',
      });
      const citizen = await t.login('citizen.demo');
      const c = await ok(a.file(citizen, { itemId, region: '410300', form: FILLED }), 201);
      assert.match(c.number, /^410300-/);
      const absent = (h: Headers) => a.get(h, '0190f0f0-0000-7000-8000-000000000000');
      for (const who of ['clerk.jinshui', 'reviewer.zhengzhou', 'lead.zhengzhou']) {
        const h = await t.login(who);
        const away = await a.get(h, c.id);
        const none = await absent(h);
        assert.equal(away.statusCode, 404, who);
        assert.equal(away.json().error.code, none.json().error.code);
        assert.equal(
          away.json().error.message.en.replace(c.id, 'X'),
          none.json().error.message.en.replace('0190f0f0-0000-7000-8000-000000000000', 'X'),
        );
        assert.equal((await a.timeline(h, c.id)).statusCode, 404);
        const moved = await a.move(h, c.id, 'accept', { version: 1 });
        assert.equal(moved.statusCode, who === 'reviewer.zhengzhou' ? 403 : 404, `${who}: ${moved.body}`); // 403: no cases:accept at all
        assert.ok(!(await ok(a.list(h))).items.some((x: any) => x.id === c.id));
      }
      const luoyang = await t.login('lead.luoyang');
      assert.equal((await a.get(luoyang, c.id)).statusCode, 200);
      assert.ok((await ok(a.list(luoyang))).items.some((x: any) => x.id === c.id));
      // Another applicant: absent too, and not in their list.
      const other = await addAccount(t, 'applicant.other', ['applicant'], null, null, 'person');
      assert.equal((await a.get(other, c.id)).json().error.code, 'NOT_FOUND');
      assert.equal((await ok(a.list(other))).items.length, 0);
      const province = await t.login('discipline.province');
      assert.equal((await a.get(province, c.id)).statusCode, 200); // read-only across the province
      assert.equal((await a.move(province, c.id, 'accept', { version: 1 })).statusCode, 403);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] deadlines across the 2026 National Day holiday, with yellow and red lights`, async () => {
    const t = await testApp(dialect, { start: '2026-09-29T02:00:00Z' }); // Tue 29 Sep, 10:00 Shanghai
    try {
      const a = api(t);
      const { itemId } = await publishedItem(t);
      const citizen = await t.login('citizen.demo');
      const c = await ok(a.file(citizen, { itemId, region: '410105', form: FILLED }), 201);
      // 30 Sep, then 1–7 Oct off, 8, 9, 10 (an adjusted working Saturday), 12 Oct.
      const due = (x: any) => x.deadlines.find((d: any) => d.purpose === 'acceptance');
      assert.equal(due(c).dueDate, '2026-10-12');
      assert.equal(due(c).provisional, false);
      // Sessions last an hour: log in again after each move of the clock.
      const at = async (instant: string) => {
        t.clock.set(instant);
        return t.login('clerk.jinshui');
      };
      let clerk = await at('2026-10-09T02:00:00Z');
      assert.deepEqual(
        (({ workingDaysLeft, light }) => ({ workingDaysLeft, light }))(due(await ok(a.get(clerk, c.id)))),
        { workingDaysLeft: 2, light: 'green' },
      );
      clerk = await at('2026-10-10T02:00:00Z');
      assert.equal(due(await ok(a.get(clerk, c.id))).light, 'yellow');
      clerk = await at('2026-10-13T02:00:00Z');
      assert.equal(due(await ok(a.get(clerk, c.id))).light, 'red');
      // Accepted on 13 Oct: the decision is due 5 working days later, and the acceptance light is off.
      const acc = await ok(a.move(clerk, c.id, 'accept', { version: 1 }));
      assert.equal(acc.deadlines.find((d: any) => d.purpose === 'decision').dueDate, '2026-10-20');
      assert.equal(due(acc).light, null);
    } finally {
      await t.close();
    }
  });
}
