/**
 * An applicant's complaint about their case becomes a 12345 ticket for the case's department; the ticket's number and
 * then its reply show on the case — through the public API, with the outbox delivering the events, on every dialect.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { OutboxDispatcher, bindSubscribers } from '../../kernel/outbox.ts';
import { addAccount } from '../../server/testing.ts';
import { FILLED, publishedItem } from '../cases/test-fixtures.ts';
import { hotlineSubscribers } from './subscribers.ts';
import { api, hotlineApp } from './test-fixtures.ts';

const dialects = await testDialects();

for (const dialect of dialects) {
  test(`[${dialect}] a case complaint becomes a ticket for the case's department; its number and reply show on the case`, async () => {
    const t = await hotlineApp(dialect);
    try {
      const a = api(t);
      const { itemId } = await publishedItem(t);
      const citizen = await t.login('citizen.demo');
      const other = await addAccount(t, 'applicant.other', ['applicant'], null, null, 'person');
      const clerk = await t.login('clerk.jinshui');
      const op = await t.login('hotline.zhengzhou');
      const filed = await a.ok('POST', '/api/v1/cases', citizen, { itemId, region: '410105', form: FILLED });
      const url = `/api/v1/cases/${filed.id}/complaints`;
      const text = '提交申请已超过承诺时限，窗口一直说在审核，没有任何进展。';
      const deliver = async () => {
        const d = new OutboxDispatcher(t.k, {
          subscribers: bindSubscribers(t.k, hotlineSubscribers),
          fanOutBatch: 1000,
          deliveryBatch: 1000,
        });
        await d.runOnce();
        await d.runOnce();
      };

      // Staff may not complain for the applicant; another applicant's answer is the absent case's; bad input names
      // its field; nothing is recorded by any of them.
      assert.equal((await a.call('POST', url, clerk, { content: text, seen: 0 })).statusCode, 403);
      const stranger = await a.call('POST', url, other, { content: text, seen: 0 });
      const absent = await a.call('POST', '/api/v1/cases/no-such-case/complaints', other, { content: text, seen: 0 });
      assert.equal(stranger.statusCode, 404);
      assert.equal(stranger.json().error.code, absent.json().error.code);
      const empty = await a.call('POST', url, citizen, { content: '  ', seen: 0 });
      assert.equal(empty.statusCode, 400);
      assert.equal(empty.json().error.field, 'content');
      assert.deepEqual(await a.ok('GET', url, citizen), []);

      const after = (await a.call('POST', url, citizen, { content: text, seen: 0 })).json();
      assert.equal(after.length, 1);
      assert.equal(after[0].content, text);
      // A second click with the same count: refused.
      const twice = await a.call('POST', url, citizen, { content: text, seen: 0 });
      assert.equal(twice.statusCode, 409);
      assert.equal(twice.json().error.code, 'COMPLAINT_ALREADY_FILED');

      await deliver();
      await deliver(); // delivered again: still one ticket
      const moved = (await a.ok('GET', '/api/v1/hotline/tickets', op)).items.filter(
        (x: any) => x.channel === 'transfer',
      );
      assert.equal(moved.length, 1);
      const tk = moved[0];
      assert.equal(tk.requestType, 'complaint');
      assert.equal(tk.status, 'dispatched');
      assert.equal(tk.department, filed.department.code);
      assert.equal(tk.related.caseNumber, filed.number);
      assert.ok(tk.content.includes(text));
      const onCase = await a.ok('GET', url, clerk);
      assert.equal(onCase[0].hotline.length, 1);
      assert.equal(onCase[0].hotline[0].text, `已转12345热线办理，工单编号 ${tk.number}`);

      // The department replies; the reply shows on the case, under the complaint, for the applicant.
      const handler = await addAccount(t, 'handler.jinshui', ['reviewer'], '410105', filed.department.code, 'staff');
      await a.moveOk(handler, tk.id, 'accept', { version: tk.version });
      await a.moveOk(handler, tk.id, 'reply', {
        version: tk.version + 1,
        outcome: 'resolved',
        reply: '已督促承办人员当日完成审查，并向申请人致歉。',
      });
      await deliver();
      const final = await a.ok('GET', url, citizen);
      assert.equal(final.length, 1);
      assert.deepEqual(
        final[0].hotline.map((h: any) => h.text),
        [
          `已转12345热线办理，工单编号 ${tk.number}`,
          `工单 ${tk.number} 答复（已解决）：已督促承办人员当日完成审查，并向申请人致歉。`,
        ],
      );
      // The case's own record (its timeline) holds both, by name.
      const timeline = await a.ok('GET', `/api/v1/cases/${filed.id}/timeline`, citizen);
      const entries = (timeline.items ?? timeline) as Array<{ action: string; label: { zh: string }; reason: string }>;
      assert.deepEqual(
        entries.filter((x) => x.action === 'complain' || x.action === 'hotline_update').map((x) => x.label.zh),
        ['申请人投诉', '12345热线办理情况', '12345热线办理情况'],
      );
    } finally {
      await t.close();
    }
  });
}
