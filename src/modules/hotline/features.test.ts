/**
 * Transfers between centers, a 差评 transferred in from the ratings module, 办不成事 reports and the monthly public
 * report, through the public API on every dialect.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { systemCtx } from '../../kernel/context.ts';
import { findAccountByUsername } from '../../kernel/auth/accounts.ts';
import { OutboxDispatcher, bindSubscribers } from '../../kernel/outbox.ts';
import { offerRating } from '../ratings/index.ts';
import { publishedItem } from '../cases/test-fixtures.ts';
import { hotlineSubscribers } from './subscribers.ts';
import { ensureCenter } from './centers.ts';
import { workingDaysBetween } from '../../kernel/calendar/index.ts';
import { api, hotlineApp } from './test-fixtures.ts';

const dialects = await testDialects();

for (const dialect of dialects) {
  test(`[${dialect}] transfers between centers: reason required, the receiver sees it, the sender finds it absent, timeline`, async () => {
    const t = await hotlineApp(dialect);
    try {
      const a = api(t);
      await ensureCenter(t.k, systemCtx(t.k.clock.now()), {
        name: '洛阳市12345热线中心',
        level: 'city',
        region: '410300',
        hostDepartment: '410300-ZWFW',
      });
      const centers = await t.k.db.selectFrom('hotline_centers').selectAll().execute();
      const zz = centers.find((x) => x.region === '410100')!;
      const ly = centers.find((x) => x.region === '410300')!;
      const hn = centers.find((x) => x.region === '410000')!;
      const op = await t.login('hotline.zhengzhou');
      const zzLead = await t.login('lead.hotline.zhengzhou');
      const lyOp = await t.login('hotline.luoyang');
      const hnOp = await t.login('hotline.province');
      const zj = await t.login('staff.zhengzhou.zj');

      const tk = await a.create(op, { content: '洛阳来郑务工人员反映洛阳市涧西区某小区道路破损。' });
      assert.equal(tk.center.id, zz.id);

      // Bad input changes nothing: no reason, no or an unknown center, the same center; a department may not transfer.
      const noReason = await a.move(op, tk.id, 'transfer', { version: 1, center: ly.id });
      assert.equal(noReason.statusCode, 400);
      assert.equal(noReason.json().error.field, 'reason');
      const noCenter = await a.move(op, tk.id, 'transfer', { version: 1, reason: '属地在洛阳' });
      assert.equal(noCenter.statusCode, 400);
      assert.equal(noCenter.json().error.field, 'center');
      const unknown = await a.move(op, tk.id, 'transfer', { version: 1, reason: '属地在洛阳', center: 'nope' });
      assert.equal(unknown.statusCode, 400);
      assert.equal(unknown.json().error.code, 'CENTER_UNKNOWN');
      assert.ok(unknown.json().error.message.zh && unknown.json().error.message.en);
      const same = await a.move(op, tk.id, 'transfer', { version: 1, reason: '属地在洛阳', center: zz.id });
      assert.equal(same.statusCode, 409);
      assert.equal(same.json().error.code, 'TRANSFER_SAME_CENTER');
      assert.equal((await a.get(op, tk.id)).json().version, 1);

      // A dispatched ticket is not transferred (the department handles it, or returns it first).
      const busy = await a.create(op, { content: '路灯不亮', dispatch: {} });
      assert.equal((await a.move(op, busy.id, 'transfer', { version: 2, reason: 'x', center: ly.id })).statusCode, 409);
      assert.equal((await a.move(zj, busy.id, 'transfer', { version: 2, reason: 'x', center: ly.id })).statusCode, 403);

      // City → city.
      const moved = await a.moveOk(op, tk.id, 'transfer', { version: 1, reason: '问题发生地在洛阳市', center: ly.id });
      assert.equal(moved.status, 'registered');
      assert.equal(moved.center.id, ly.id);
      assert.equal(moved.number, tk.number); // the number stays
      const absent = await a.get(op, 'no-such-ticket');
      for (const h of [op, zzLead]) {
        const r = await a.get(h, tk.id);
        assert.equal(r.statusCode, 404);
        assert.equal(r.json().error.code, absent.json().error.code);
      }
      assert.equal((await a.move(op, tk.id, 'dispatch', { version: 2 })).statusCode, 404);
      const zzList = await a.ok('GET', '/api/v1/hotline/tickets', op);
      assert.ok(!zzList.items.some((x: any) => x.id === tk.id));
      const lyList = await a.ok('GET', '/api/v1/hotline/tickets', lyOp);
      assert.deepEqual(
        lyList.items.map((x: any) => x.id),
        [tk.id],
      );
      assert.equal((await a.get(lyOp, tk.id)).json().caller.phoneMasked, '138****0011');
      const transfers = await t.k.db.selectFrom('hotline_transfers').selectAll().execute();
      assert.deepEqual(
        transfers.map((x) => [x.from_center, x.to_center, x.reason]),
        [[zz.id, ly.id, '问题发生地在洛阳市']],
      );
      const events = await t.k.db
        .selectFrom('kernel_outbox')
        .select(['type', 'payload'])
        .where('type', '=', 'hotline.ticket.transferred')
        .execute();
      assert.equal(events.length, 1);

      // City → province → city: each time the sender loses it and the receiver has it.
      await a.moveOk(lyOp, tk.id, 'transfer', { version: 2, reason: '跨市诉求，请省中心协调', center: hn.id });
      assert.equal((await a.get(lyOp, tk.id)).statusCode, 404);
      assert.equal((await a.get(hnOp, tk.id)).json().center.id, hn.id);
      await a.moveOk(hnOp, tk.id, 'transfer', { version: 3, reason: '经协调由郑州市办理', center: zz.id });
      assert.equal((await a.get(op, tk.id)).json().center.id, zz.id);
      assert.equal((await a.get(lyOp, tk.id)).statusCode, 404);
      const dispatched = await a.moveOk(op, tk.id, 'dispatch', { version: 4 });
      assert.equal(dispatched.department, '410100-ZJ');

      const timeline = await a.ok('GET', `/api/v1/hotline/tickets/${tk.id}/timeline`, op);
      assert.deepEqual(
        timeline.map((e: any) => e.action),
        ['create', 'transfer', 'transfer', 'transfer', 'dispatch'],
      );
      assert.deepEqual(timeline[1].transfer, { from: '郑州市12345热线中心', to: '洛阳市12345热线中心' });
      assert.equal(timeline[1].reason, '问题发生地在洛阳市');
      assert.equal(timeline[1].label.zh, '转办其他热线中心');
      assert.deepEqual(timeline[2].transfer, { from: '洛阳市12345热线中心', to: '河南省12345热线中心' });
      assert.equal((await a.call('GET', `/api/v1/hotline/tickets/${tk.id}/timeline`, lyOp)).statusCode, 404);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] a 差评 in the ratings module becomes a complaint ticket for the rated department, once`, async () => {
    const t = await hotlineApp(dialect);
    try {
      const a = api(t);
      const op = await t.login('hotline.zhengzhou');
      const citizen = await t.login('citizen.demo');
      const citizenId = (await findAccountByUsername(t.k.db, 'citizen.demo'))!.id;
      const offer = (subjectId: string) =>
        offerRating(t.k, undefined, {
          subjectType: 'cases.case',
          subjectId,
          subjectLabel: `410105-20261201-00001 食品经营许可`,
          raterAccount: citizenId,
          department: { code: '410105-SCJG', name: '金水区市场监督管理局' },
          region: '410105',
          item: { id: 'item-1', name: '食品经营许可' },
        });
      const bad = await offer('case-bad');
      const good = await offer('case-good');
      await a.ok('POST', `/api/v1/ratings/invitations/${bad.id}/rate`, citizen, {
        score: 1,
        comment: '跑了三次没办成',
      });
      await a.ok('POST', `/api/v1/ratings/invitations/${good.id}/rate`, citizen, { score: 5 });
      const dispatcher = new OutboxDispatcher(t.k, {
        subscribers: bindSubscribers(t.k, hotlineSubscribers),
        fanOutBatch: 1000,
        deliveryBatch: 1000,
      });
      await dispatcher.runOnce();
      await dispatcher.runOnce();

      const list = await a.ok('GET', '/api/v1/hotline/tickets', op);
      const moved = list.items.filter((x: any) => x.channel === 'transfer');
      assert.equal(moved.length, 1);
      const tk = moved[0];
      assert.equal(tk.requestType, 'complaint');
      assert.equal(tk.status, 'dispatched');
      assert.equal(tk.department, '410105-SCJG');
      assert.match(tk.content, /差评/);
      assert.match(tk.content, /1星/);
      // The rater stays in the ratings module: no caller on the ticket, and the comment is not copied.
      assert.deepEqual(tk.caller, { nameMasked: null, phoneMasked: null, hidden: false });
      assert.ok(!tk.content.includes('跑了三次'));
      const ins = await t.k.db.selectFrom('hotline_transfer_ins').selectAll().execute();
      assert.deepEqual(
        ins.map((x) => [x.source_type, x.ticket_id]),
        [['ratings.rating', tk.id]],
      );
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] 办不成事: tied to a service item, dispatched to the service center of its department's region under the shorter limit, flagged and counted`, async () => {
    const t = await hotlineApp(dialect);
    try {
      const a = api(t);
      const { implementationId } = await publishedItem(t);
      const op = await t.login('hotline.zhengzhou');
      const zj = await t.login('staff.zhengzhou.zj');
      const lead = await t.login('lead.hotline.zhengzhou');
      const body = {
        content: '食品经营许可跑了三次仍未办成，窗口说系统不支持。',
        region: '410105',
        callerName: '李示例',
        callerPhone: '13800000033',
      };
      const url = '/api/v1/hotline/cannot-get-done';
      const neither = await a.call('POST', url, op, body);
      assert.equal(neither.statusCode, 400);
      assert.equal(neither.json().error.field, 'caseId');
      const both = await a.call('POST', url, op, { ...body, caseId: 'c', implementationId });
      assert.equal(both.statusCode, 400);
      const unknown = await a.call('POST', url, op, { ...body, implementationId: 'no-such-item' });
      assert.equal(unknown.statusCode, 400);
      assert.equal(unknown.json().error.field, 'implementationId');
      assert.equal((await a.call('POST', url, zj, { ...body, implementationId })).statusCode, 403);
      assert.equal((await t.k.db.selectFrom('hotline_tickets').select('id').execute()).length, 0);

      const tk = (await a.call('POST', url, op, { ...body, implementationId })).json();
      assert.equal(tk.cannotGetDone, true);
      assert.equal(tk.status, 'dispatched');
      // Not to 金水区市场监管 (the item's department) but to the service center that 金水区's ZWFW runs.
      assert.equal(tk.department, '410105-ZWFW');
      assert.match(tk.related.item, /^测试办件事项.*（金水区市场监督管理局）$/);
      assert.equal(tk.topic.code, 'services.handling');
      assert.equal((await a.get(op, tk.id)).json().cannotGetDone, true);
      const plain = await a.create(op, { dispatch: {} });
      assert.equal(plain.cannotGetDone, false);
      // Its handling limit is the 办不成事 one (5 working days), not a complaint's 13.
      const handlingDue = (x: any) => new Date(x.deadlines.find((d: any) => d.purpose === 'handling').dueAt);
      const now = t.clock.now();
      assert.equal(
        workingDaysBetween(t.k.calendar.schedule, now, handlingDue(plain)) -
          workingDaysBetween(t.k.calendar.schedule, now, handlingDue(tk)),
        13 - 5,
      );
      // The center's lead there accepts and replies.
      const center = await t.login('lead.zwfw.jinshui');
      await a.moveOk(center, tk.id, 'accept', { version: tk.version });
      assert.equal((await a.get(zj, tk.id)).statusCode, 404);

      const dash = await a.ok('GET', '/api/v1/hotline/stats/dashboard', lead);
      assert.equal(dash.cannotGetDone, 1);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] the monthly public report: no login, aggregates only, honest figures`, async () => {
    const t = await hotlineApp(dialect);
    try {
      const a = api(t);
      const op = await t.login('hotline.zhengzhou');
      const zj = await t.login('staff.zhengzhou.zj');
      const tk = await a.create(op, { dispatch: {} });
      await a.moveOk(zj, tk.id, 'accept', { version: 2 });
      await a.moveOk(zj, tk.id, 'reply', { version: 3, outcome: 'resolved', reply: '已修复。' });
      await a.callback(op, tk.id, { version: 4, reached: true, satisfaction: 'satisfied' });
      const un = await a.create(op, { content: '小区门口道路破损', dispatch: {} });
      await a.moveOk(zj, un.id, 'accept', { version: 2 });
      await a.moveOk(zj, un.id, 'reply', { version: 3, outcome: 'explained', reply: '已劝导。' });
      await a.callback(op, un.id, { version: 4, reached: true, satisfaction: 'unsatisfied' });
      await a.create(op, {
        requestType: 'inquiry',
        topicCode: 'labour.insurance',
        content: '社保卡怎么补办',
        answer: '带身份证到窗口补办。',
      });
      await a.create(await t.login('hotline.province'), { region: '410000', content: '全省性问题' });

      const r = await t.app.inject({ method: 'GET', url: '/api/v1/hotline/public/reports/2026-12' });
      assert.equal(r.statusCode, 200);
      const rep = r.json();
      assert.equal(rep.month, '2026-12');
      assert.equal(rep.complete, false);
      assert.equal(rep.total, 4);
      assert.deepEqual(rep.byType, { inquiry: 1, help: 0, complaint: 3, report: 0, suggestion: 0, praise: 0 });
      assert.deepEqual(rep.byRegion, [
        { region: '410100', name: '郑州市', count: 3 },
        { region: '410000', name: '河南省', count: 1 },
      ]);
      assert.equal(rep.closures.closed_resolved, 1);
      assert.equal(rep.closures.answered, 1);
      assert.equal(rep.closures.closed_explained, 0);
      // The unsatisfied callback reopened the second ticket: its reply no longer stands, so one reply counts.
      assert.deepEqual(rep.replies, { onTime: 1, late: 0, onTimeRate: 100 });
      assert.equal(rep.closures.closed_unresolved, 0);
      assert.deepEqual(rep.satisfaction, {
        satisfied: 1,
        basicallySatisfied: 0,
        unsatisfied: 1,
        unreached: 0,
        rate: 50,
      });
      assert.deepEqual(rep.topTopics[0], {
        code: 'urban.roads',
        name: { zh: '道路与市政设施', en: 'Roads and public works' },
        count: 3,
      });
      // No caller data, no content, no ticket number or id.
      for (const s of ['138****', '张**', tk.number, tk.id, '文化路', '社保卡怎么补办'])
        assert.ok(!r.body.includes(s), s);

      const past = (await t.app.inject({ method: 'GET', url: '/api/v1/hotline/public/reports/2026-11' })).json();
      assert.equal(past.total, 0);
      assert.equal(past.complete, true);
      assert.equal(past.replies.onTimeRate, null);
      const future = await t.app.inject({ method: 'GET', url: '/api/v1/hotline/public/reports/2027-01' });
      assert.equal(future.statusCode, 400);
      assert.equal(future.json().error.code, 'MONTH_NOT_STARTED');
      for (const m of ['2026-13', '0301-10', '1999-12']) {
        const badMonth = await t.app.inject({ method: 'GET', url: `/api/v1/hotline/public/reports/${m}` });
        assert.equal(badMonth.statusCode, 400, m);
        assert.equal(badMonth.json().error.field, 'params.month');
      }
    } finally {
      await t.close();
    }
  });
}
