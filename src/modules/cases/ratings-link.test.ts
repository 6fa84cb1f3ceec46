/** Cases offer a rating (好差评) once a case is concluded or refused: driven through the HTTP API, on every dialect. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp, type TestApp, ok } from '../../server/testing.ts';
import { OutboxDispatcher, bindSubscribers } from '../../kernel/outbox.ts';
import { FILLED, publishedItem } from './test-fixtures.ts';
import { casesModule } from './index.ts';

const dialects = await testDialects();
type Headers = Record<string, string>;

function move(t: TestApp, h: Headers, id: string, action: string, payload: Record<string, unknown>) {
  return ok(t.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/${action}`, headers: h, payload }));
}

for (const dialect of dialects) {
  test(`[${dialect}] a concluded or refused case offers its applicant a rating, once; the applicant rates it`, async () => {
    const t = await testApp(dialect);
    try {
      const { itemId } = await publishedItem(t);
      const citizen = await t.login('citizen.demo');
      const clerk = await t.login('clerk.jinshui');
      const reviewer = await t.login('reviewer.zhengzhou');
      const approver = await t.login('approver.zhengzhou');
      const file = () =>
        ok(
          t.app.inject({
            method: 'POST',
            url: '/api/v1/cases',
            headers: citizen,
            payload: { itemId, region: '410105', form: FILLED },
          }),
          201,
        );
      const dispatcher = new OutboxDispatcher(t.k, {
        subscribers: bindSubscribers(t.k, casesModule.subscribers ?? []),
        fanOutBatch: 1000,
        deliveryBatch: 1000,
      });
      const invitationsOf = async (caseId: string) =>
        (
          await ok(
            t.app.inject({
              method: 'GET',
              url: `/api/v1/ratings/invitations?subjectType=cases.case&subjectId=${caseId}`,
              headers: citizen,
            }),
          )
        ).items;

      let c = await file();
      c = await move(t, clerk, c.id, 'accept', { version: 1 });
      c = await move(t, reviewer, c.id, 'start_review', { version: 2 });
      c = await move(t, approver, c.id, 'grant', { version: 3 });
      await dispatcher.runOnce();
      assert.equal((await invitationsOf(c.id)).length, 0); // granted, not yet concluded: nothing to rate
      c = await move(t, clerk, c.id, 'conclude', { version: 4 });
      await dispatcher.runOnce();
      const [inv] = await invitationsOf(c.id);
      assert.equal(inv.subjectLabel, `${c.number} ${c.item.name}`);
      assert.deepEqual(inv.department, c.department);
      assert.equal(inv.rating, null);

      // Delivered again: still one invitation.
      await t.k.db
        .updateTable('kernel_event_deliveries')
        .set({ status: 'pending', next_attempt_at: t.clock.now().toISOString() })
        .where('webhook_id', '=', 'subscriber:cases.offer_rating')
        .execute();
      await dispatcher.runOnce();
      assert.equal((await invitationsOf(c.id)).length, 1);

      // A refused case is offered too; the applicant rates it, and a 差评 reaches the department's queue.
      const r = await file();
      await move(t, clerk, r.id, 'refuse', { version: 1, reason: '不属于本机关职权', legalBasis: '《测试法》第一条' });
      await dispatcher.runOnce();
      const [refusedInv] = await invitationsOf(r.id);
      const rated = await ok(
        t.app.inject({
          method: 'POST',
          url: `/api/v1/ratings/invitations/${refusedInv.id}/rate`,
          headers: citizen,
          payload: { score: 1, tags: ['unclear_guidance'], comment: '事前没有说清楚' },
        }),
        201,
      );
      assert.equal(rated.rectification.status, 'opened');
      const lead = await t.login('lead.zhengzhou');
      const queue = await ok(
        t.app.inject({ method: 'GET', url: '/api/v1/ratings/rectifications?mine=true', headers: lead }),
      );
      assert.equal(queue.items.length, 1);
      assert.equal(queue.items[0].rating.item.name, r.item.name);
      assert.ok(!JSON.stringify(queue).includes(r.number), 'staff never see which case was rated');
      assert.ok(!JSON.stringify(queue).includes(r.id));
      assert.equal(queue.items[0].department.code, '410105-SCJG');
    } finally {
      await t.close();
    }
  });
}
