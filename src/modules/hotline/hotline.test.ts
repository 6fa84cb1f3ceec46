/** The hotline through its public API, on every dialect: the full loop, honest closures, access and privacy. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { OutboxDispatcher, bindSubscribers } from '../../kernel/outbox.ts';
import { hotlineSubscribers } from './subscribers.ts';
import { api, hotlineApp } from './test-fixtures.ts';

const dialects = await testDialects();

for (const dialect of dialects) {
  test(`[${dialect}] full loop: intake → dispatch by rule → accept → reply → callback; honest closure counts; privacy`, async () => {
    const t = await hotlineApp(dialect);
    try {
      const a = api(t);
      const op = await t.login('hotline.zhengzhou');
      const zj = await t.login('staff.zhengzhou.zj');
      const scjg = await t.login('lead.zhengzhou');

      const tk = await a.create(op, { confidential: true, dispatch: {} });
      assert.equal(tk.number, '41010026120100001'); // center 410100, 2026-12-01 (Shanghai), first of the day
      assert.equal(tk.status, 'dispatched');
      assert.equal(tk.department, '410100-ZJ');
      assert.ok(tk.routedRuleId);
      assert.equal(tk.caller.phoneMasked, '138****0011');
      assert.equal(tk.caller.nameMasked, '张**');
      assert.ok(tk.deadlines.some((d: any) => d.purpose === 'handling' && d.light === 'green'));
      const dispatch = await t.k.db
        .selectFrom('hotline_dispatches')
        .selectAll()
        .where('ticket_id', '=', tk.id)
        .execute();
      assert.equal(dispatch[0].rule_id, tk.routedRuleId);
      assert.match(dispatch[0].explanation, /urban/);

      // The handling department sees it, but not the confidential caller; another department's staff get 404.
      const seen = (await a.get(zj, tk.id)).json();
      assert.deepEqual(seen.caller, { nameMasked: null, phoneMasked: null, hidden: true });
      const other = await a.get(scjg, tk.id);
      const absent = await a.get(scjg, 'no-such-ticket');
      assert.equal(other.statusCode, 404);
      assert.equal(other.json().error.code, absent.json().error.code);
      assert.equal((await a.move(scjg, tk.id, 'accept', { version: 2 })).statusCode, 404);
      const queue = await a.ok('GET', '/api/v1/hotline/tickets?queue=mine', zj);
      assert.deepEqual(
        queue.items.map((x: any) => x.id),
        [tk.id],
      );
      assert.equal((await a.ok('GET', '/api/v1/hotline/tickets?queue=mine', scjg)).items.length, 0);

      const accepted = await a.moveOk(zj, tk.id, 'accept', { version: 2 });
      assert.equal(accepted.status, 'accepted');
      const noReply = await a.move(zj, tk.id, 'reply', { version: 3, outcome: 'resolved' });
      assert.equal(noReply.statusCode, 400);
      const replied = await a.moveOk(zj, tk.id, 'reply', {
        version: 3,
        outcome: 'resolved',
        reply: '已修复破损地砖。',
      });
      assert.equal(replied.status, 'replied');
      assert.ok(replied.deadlines.some((d: any) => d.purpose === 'callback'));
      const closed = await a.callback(op, tk.id, { version: 4, reached: true, satisfaction: 'satisfied' });
      assert.equal(closed.status, 'closed_resolved');

      // Explained, unconfirmed and answered-on-the-spot tickets keep their own closure states.
      const ex = await a.create(op, { content: '建议在文化路增设公交站', requestType: 'suggestion', dispatch: {} });
      await a.moveOk(zj, ex.id, 'accept', { version: 2 });
      await a.moveOk(zj, ex.id, 'reply', { version: 3, outcome: 'explained', reply: '已纳入规划研究，暂不能实施。' });
      const resolvedGuard = await a.call('POST', `/api/v1/hotline/tickets/${ex.id}/callback`, op, {
        version: 4,
        reached: true,
        satisfaction: 'basically_satisfied',
      });
      assert.equal(resolvedGuard.json().status, 'closed_explained');
      const un = await a.create(op, { content: '小区门口路灯不亮', dispatch: {} });
      await a.moveOk(zj, un.id, 'accept', { version: 2 });
      await a.moveOk(zj, un.id, 'reply', { version: 3, outcome: 'resolved', reply: '已更换灯泡。' });
      assert.equal((await a.callback(op, un.id, { version: 4, reached: false })).status, 'closed_unconfirmed');
      const answered = await a.create(op, {
        requestType: 'inquiry',
        topicCode: 'labour.insurance',
        content: '社保卡丢了怎么补办',
        answer: '可在任一社保经办窗口挂失补办。',
      });
      assert.equal(answered.status, 'answered');
      const notInquiry = await a.call('POST', '/api/v1/hotline/tickets', op, {
        requestType: 'complaint',
        topicCode: 'urban.roads',
        content: 'x',
        region: '410105',
        callerPhone: '13800000011',
        answer: '不行',
      });
      assert.equal(notInquiry.json().error.code, 'ONLY_INQUIRY_ANSWERED');
      const counts = await a.ok('GET', '/api/v1/hotline/stats/statuses', op);
      assert.equal(counts.closed_resolved, 1);
      assert.equal(counts.closed_explained, 1);
      assert.equal(counts.closed_unconfirmed, 1);
      assert.equal(counts.answered, 1);
      assert.equal(counts.closed, undefined); // never one merged "closed" figure

      // Bad input: a field, a code and both languages.
      const bad = await a.call('POST', '/api/v1/hotline/tickets', op, {
        requestType: 'complaint',
        topicCode: 'urban.roads',
        content: '测试',
        region: '410105',
        callerPhone: '12345',
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.field, 'callerPhone');
      assert.ok(bad.json().error.message.zh && bad.json().error.message.en);

      // A citizen files online, follows it, and is invited to rate once it is closed.
      const citizen = await t.login('citizen.demo');
      const mine = await a.ok('POST', '/api/v1/hotline/my/tickets', citizen, {
        requestType: 'complaint',
        topicCode: 'urban.property',
        content: '物业长期不清理楼道垃圾',
        region: '410105',
        callerPhone: '13900000022',
      });
      assert.equal(mine.channel, 'web');
      assert.equal((await a.call('GET', `/api/v1/hotline/my/tickets/${tk.id}`, citizen)).statusCode, 404);
      await a.moveOk(op, mine.id, 'dispatch', { version: 1 });
      await a.moveOk(zj, mine.id, 'accept', { version: 2 });
      await a.moveOk(zj, mine.id, 'reply', { version: 3, outcome: 'resolved', reply: '已督促物业清理。' });
      await a.callback(op, mine.id, { version: 4, reached: true, satisfaction: 'satisfied' });
      const tracked = await a.ok(
        'POST',
        '/api/v1/hotline/public/track',
        {},
        { number: mine.number, phone: '139 0000 0022' },
      );
      assert.equal(tracked.status, 'closed_resolved');
      assert.equal(tracked.reply, '已督促物业清理。');
      const wrong = await a.call(
        'POST',
        '/api/v1/hotline/public/track',
        {},
        { number: mine.number, phone: '13900000023' },
      );
      assert.equal(wrong.statusCode, 404);
      const dispatcher = new OutboxDispatcher(t.k, {
        subscribers: bindSubscribers(t.k, hotlineSubscribers),
        fanOutBatch: 1000,
        deliveryBatch: 1000,
      });
      await dispatcher.runOnce();
      const invitations = await t.k.db
        .selectFrom('ratings_invitations')
        .select(['subject_id', 'rater_account'])
        .where('subject_type', '=', 'hotline.ticket')
        .execute();
      assert.deepEqual(
        invitations.map((i) => i.subject_id),
        [mine.id],
      ); // phone tickets have no account to rate with
      const own = await a.ok('GET', '/api/v1/ratings/invitations', citizen);
      assert.ok(JSON.stringify(own).includes(mine.number));

      // No plaintext phone at rest.
      const rows = await t.k.db.selectFrom('hotline_tickets').selectAll().execute();
      assert.ok(!JSON.stringify(rows).includes('13800000011'));
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] return within the window, re-dispatch, arbitration; extension; reopen after unsatisfied callbacks, then escalation`, async () => {
    const t = await hotlineApp(dialect);
    try {
      const a = api(t);
      const op = await t.login('hotline.zhengzhou');
      const zj = await t.login('staff.zhengzhou.zj');
      const scjg = await t.login('lead.zhengzhou');
      const center = await t.login('lead.hotline.zhengzhou');

      const tk = await a.create(op, { dispatch: {} });
      const noReason = await a.move(zj, tk.id, 'return', { version: 2 });
      assert.equal(noReason.json().error.code, 'REASON_REQUIRED');
      const r1 = await a.moveOk(zj, tk.id, 'return', { version: 2, reason: '不属于本部门职责' });
      assert.equal(r1.status, 'returned');
      assert.equal(r1.returnCount, 1);
      assert.equal((await a.get(zj, tk.id)).statusCode, 404); // returned: no longer the department's
      const d2 = await a.moveOk(op, tk.id, 'dispatch', { version: 3, department: '410100-SCJG' });
      assert.equal(d2.department, '410100-SCJG');
      const r2 = await a.moveOk(scjg, tk.id, 'return', { version: 4, reason: '应由住建部门办理' });
      assert.equal(r2.repeatedReturns, true);
      const board = await a.ok('GET', '/api/v1/hotline/supervision', center);
      assert.ok(board.returned.some((x: any) => x.id === tk.id));
      assert.ok(board.awaitingDecision.some((x: any) => x.id === tk.id));
      assert.equal((await a.move(op, tk.id, 'arbitrate', { version: 5, reason: 'x' })).statusCode, 403);
      assert.equal((await a.move(scjg, tk.id, 'arbitrate', { version: 5, reason: 'x' })).statusCode, 404);
      const arb = await a.moveOk(center, tk.id, 'arbitrate', {
        version: 5,
        reason: '经仲裁由住建局承办',
        department: '410100-ZJ',
      });
      assert.equal(arb.status, 'dispatched');
      assert.equal(arb.department, '410100-ZJ');

      t.clock.set('2026-12-07T02:00:00Z'); // the next Monday: past the 2-working-day return window
      Object.assign(op, await t.login('hotline.zhengzhou')); // sessions do not last a week
      Object.assign(zj, await t.login('staff.zhengzhou.zj'));
      Object.assign(scjg, await t.login('lead.zhengzhou'));
      Object.assign(center, await t.login('lead.hotline.zhengzhou'));
      const late = await a.move(zj, tk.id, 'return', { version: 6, reason: '再次退回' });
      assert.equal(late.statusCode, 409);
      assert.equal(late.json().error.code, 'RETURN_WINDOW_PASSED');

      await a.moveOk(zj, tk.id, 'accept', { version: 6 });
      const due = (x: any) => x.deadlines.find((d: any) => d.purpose === 'handling').dueAt;
      const before = due(await a.ok('GET', `/api/v1/hotline/tickets/${tk.id}`, op));
      const asked = await a.moveOk(zj, tk.id, 'request-extension', { version: 7, days: 5, reason: '需现场勘查' });
      assert.equal(asked.status, 'extension_requested');
      assert.equal((await a.move(scjg, tk.id, 'approve-extension', { version: 8 })).statusCode, 404);
      const approved = await a.moveOk(center, tk.id, 'approve-extension', { version: 8 });
      assert.equal(approved.status, 'accepted');
      assert.equal(approved.extensionDays, 5);
      assert.ok(due(approved) > before);
      await a.moveOk(zj, tk.id, 'request-extension', { version: 9, days: 3, reason: '再延期' });
      const refused = await a.moveOk(center, tk.id, 'refuse-extension', { version: 10, reason: '理由不充分' });
      assert.equal(refused.extensionDays, 5);

      let v = refused.version;
      for (const expected of ['dispatched', 'dispatched', 'escalated']) {
        const rep = await a.moveOk(zj, tk.id, 'reply', { version: v, outcome: 'explained', reply: '已解释。' });
        const cb = await a.callback(op, tk.id, { version: rep.version, reached: true, satisfaction: 'unsatisfied' });
        assert.equal(cb.status, expected);
        v = cb.version;
        if (cb.status === 'dispatched') v = (await a.moveOk(zj, tk.id, 'accept', { version: v })).version;
      }
      const final = await a.ok('GET', `/api/v1/hotline/tickets/${tk.id}`, center);
      assert.equal(final.reopenCount, 2);
      const board2 = await a.ok('GET', '/api/v1/hotline/supervision', center);
      assert.ok(board2.reopened.some((x: any) => x.id === tk.id));
      const done = await a.moveOk(center, tk.id, 'close-unresolved', { version: v, reason: '诉求超出政策范围' });
      assert.equal(done.status, 'closed_unresolved');
    } finally {
      await t.close();
    }
  });
}
