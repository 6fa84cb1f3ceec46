/** The hotline's oversight on every dialect: 举报 routed away, overdue → supervision orders, duplicates and merging. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { JobRunner } from '../../kernel/jobs.ts';
import { supervisionJobs } from './supervision.ts';
import { api, hotlineApp } from './test-fixtures.ts';

const dialects = await testDialects();

for (const dialect of dialects) {
  test(`[${dialect}] a 举报 about a department never reaches it; supervisors handle it, discipline inspectors read it`, async () => {
    const t = await hotlineApp(dialect);
    try {
      const a = api(t);
      const op = await t.login('hotline.zhengzhou');
      const zj = await t.login('staff.zhengzhou.zj');
      const report = {
        requestType: 'report',
        topicCode: 'urban.property',
        content: '住建局工作人员收受物业公司好处，拖延处理投诉',
        accusedDepartment: '410100-ZJ',
      };
      const tk = await a.create(op, { ...report, dispatch: {} });
      assert.equal(tk.department, '410100-ZFDC');
      assert.equal(tk.routedRuleId, null);
      const row = await t.k.db.selectFrom('hotline_dispatches').selectAll().where('ticket_id', '=', tk.id).execute();
      assert.match(row[0].explanation, /举报/);
      assert.equal((await a.get(zj, tk.id)).statusCode, 404);
      const other = await a.create(op, report);
      const toAccused = await a.move(op, other.id, 'dispatch', { version: 1, department: '410100-ZJ' });
      assert.equal(toAccused.statusCode, 409);
      assert.equal(toAccused.json().error.code, 'REPORT_TO_ACCUSED_DEPARTMENT');
      const notReport = await a.call('POST', '/api/v1/hotline/tickets', op, {
        ...report,
        requestType: 'complaint',
        region: '410105',
        callerPhone: '13800000011',
      });
      assert.equal(notReport.json().error.code, 'ACCUSED_ONLY_IN_REPORT');

      const supervisor = await t.login('supervisor.province');
      const discipline = await t.login('discipline.province');
      assert.equal((await a.get(discipline, tk.id)).statusCode, 200);
      assert.equal((await a.move(discipline, tk.id, 'accept', { version: 2 })).statusCode, 403);
      assert.equal((await a.moveOk(supervisor, tk.id, 'accept', { version: 2 })).status, 'accepted');
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] routing rules: the most specific wins, each dispatch names it; only the center's staff edit them`, async () => {
    const t = await hotlineApp(dialect);
    try {
      const a = api(t);
      const op = await t.login('hotline.zhengzhou');
      const lead = await t.login('lead.hotline.zhengzhou');
      const scjg = await t.login('lead.zhengzhou');
      const centers = await a.ok('GET', '/api/v1/hotline/centers', {});
      const zz = centers.find((c: any) => c.region === '410100');
      const rule = { topicCode: 'urban.roads', region: '410105', departmentCode: '410105-ZJ' };
      const denied = await a.call('POST', `/api/v1/hotline/centers/${zz.id}/rules`, scjg, rule);
      assert.equal(denied.statusCode, 403);
      const created = await a.ok('POST', `/api/v1/hotline/centers/${zz.id}/rules`, lead, rule);
      const tk = await a.create(op, { dispatch: {} });
      assert.equal(tk.department, '410105-ZJ'); // deeper topic and smaller region than the city's `urban` rule
      assert.equal(tk.routedRuleId, created.id);
      const action = await t.k.db
        .selectFrom('kernel_actions')
        .select('rule_version')
        .where('subject_id', '=', tk.id)
        .where('action', '=', 'dispatch')
        .executeTakeFirstOrThrow();
      assert.equal(action.rule_version, created.id);
      const off = await a.ok('PUT', `/api/v1/hotline/rules/${created.id}`, op, { ...rule, active: false, version: 1 });
      assert.equal(off.active, false);
      const stale = await a.call('PUT', `/api/v1/hotline/rules/${created.id}`, op, { ...rule, version: 1 });
      assert.equal(stale.json().error.code, 'VERSION_CONFLICT');
      const back = await a.create(op, { dispatch: {} });
      assert.equal(back.department, '410100-ZJ');
      const topic = await a.call('POST', '/api/v1/hotline/topics', op, {
        code: 'urban.parking',
        name: { zh: '停车', en: 'Parking' },
      });
      assert.equal(topic.statusCode, 403); // a city's operator does not edit the province's taxonomy
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] an urgent ticket not accepted in 2 hours turns red and gets a supervision order that escalates`, async () => {
    const t = await hotlineApp(dialect);
    try {
      const a = api(t);
      let op = await t.login('hotline.zhengzhou');
      const tk = await a.create(op, { urgency: 'urgent', content: '燃气管道破裂泄漏', dispatch: {} });
      const response = tk.deadlines.find((d: any) => d.purpose === 'response');
      assert.equal(response.dueAt, '2026-12-01T04:00:00.000Z'); // 2 natural hours after dispatch
      const runner = new JobRunner({ db: t.k.db, adapter: t.k.adapter, clock: t.clock });
      for (const [kind, handler] of Object.entries(supervisionJobs(t.k))) runner.register(kind, handler);

      t.clock.set('2026-12-01T05:00:00Z');
      await runner.runOnce();
      op = await t.login('hotline.zhengzhou'); // sessions expire while the clock jumps
      const red = await a.ok('GET', `/api/v1/hotline/tickets/${tk.id}`, op);
      assert.equal(red.deadlines.find((d: any) => d.purpose === 'response').light, 'red');
      assert.equal(red.supervisionLevel, 1);
      await runner.runOnce(); // a second run raises nothing again
      const actions = await t.k.db
        .selectFrom('kernel_actions')
        .select('action')
        .where('subject_id', '=', tk.id)
        .where('action', 'in', ['deadline_red', 'supervise'])
        .execute();
      assert.deepEqual(actions.map((x) => x.action).sort(), ['deadline_red', 'supervise']);
      const center = await t.login('lead.hotline.zhengzhou');
      const board = await a.ok('GET', '/api/v1/hotline/supervision', center);
      assert.ok(board.overdue.some((x: any) => x.id === tk.id));

      t.clock.set('2026-12-04T02:00:00Z'); // Friday: the level-1 order (2 working days) has run out unreplied
      await runner.runOnce();
      op = await t.login('hotline.zhengzhou');
      assert.equal((await a.ok('GET', `/api/v1/hotline/tickets/${tk.id}`, op)).supervisionLevel, 2);
      const lead = await t.login('lead.hotline.zhengzhou');
      const third = await a.ok('POST', `/api/v1/hotline/tickets/${tk.id}/supervise`, lead, { reason: '挂牌督办' });
      assert.equal(third.supervisionLevel, 3);
      const fourth = await a.call('POST', `/api/v1/hotline/tickets/${tk.id}/supervise`, lead, { reason: '再督办' });
      assert.equal(fourth.json().error.code, 'SUPERVISION_NOT_POSSIBLE');
      const byOperator = await a.call('POST', `/api/v1/hotline/tickets/${tk.id}/supervise`, op, { reason: 'x' });
      assert.equal(byOperator.statusCode, 403);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] duplicates suggested by jieba words; a merged ticket is handled once and every caller gets the reply and a callback`, async () => {
    const t = await hotlineApp(dialect);
    try {
      const a = api(t);
      const op = await t.login('hotline.zhengzhou');
      const zj = await t.login('staff.zhengzhou.zj');
      const first = await a.create(op, { dispatch: {} });
      const content = '文化路人行道地砖破损，雨天积水严重，请尽快修复';
      const hints = await a.ok('POST', '/api/v1/hotline/intake/suggestions', op, { content, region: '410105' });
      assert.equal(hints.duplicates[0].id, first.id);
      assert.ok(hints.duplicates[0].score >= 0.5);
      assert.deepEqual(hints.classifier, []); // no classifier installed
      const elsewhere = await a.ok('POST', '/api/v1/hotline/intake/suggestions', op, { content, region: '410102' });
      assert.equal(elsewhere.duplicates.length, 0);
      const kb = await a.ok('POST', '/api/v1/hotline/knowledge/search', op, { q: '社保卡丢失补办', region: '410105' });
      assert.ok(kb.answers.some((x: any) => x.question.includes('社保卡')));

      const second = await a.create(op, { content, callerName: '李示例', callerPhone: '13800000033' });
      const self = await a.call('POST', `/api/v1/hotline/tickets/${second.id}/merge`, op, {
        version: 1,
        into: second.id,
      });
      assert.equal(self.json().error.code, 'MERGE_TARGET_INVALID');
      const merged = await a.ok('POST', `/api/v1/hotline/tickets/${second.id}/merge`, op, {
        version: 1,
        into: first.id,
      });
      assert.equal(merged.status, 'merged');
      assert.equal(merged.mergedInto, first.id);
      await a.moveOk(zj, first.id, 'accept', { version: 2 });
      await a.moveOk(zj, first.id, 'reply', { version: 3, outcome: 'resolved', reply: '已修复。' });
      const view = await a.ok('GET', `/api/v1/hotline/tickets/${second.id}`, op);
      assert.equal(view.reply, '已修复。');
      const tracked = await a.ok(
        'POST',
        '/api/v1/hotline/public/track',
        {},
        { number: second.number, phone: '13800000033' },
      );
      assert.equal(tracked.reply, '已修复。');
      const cb2 = await a.callback(op, second.id, { version: 2, reached: true, satisfaction: 'satisfied' });
      assert.equal(cb2.status, 'merged');
      const cb1 = await a.callback(op, first.id, { version: 4, reached: true, satisfaction: 'satisfied' });
      assert.equal(cb1.status, 'closed_resolved');
      const callbacks = await t.k.db.selectFrom('hotline_callbacks').select('ticket_id').execute();
      assert.deepEqual(callbacks.map((c) => c.ticket_id).sort(), [first.id, second.id].sort());
    } finally {
      await t.close();
    }
  });
}
