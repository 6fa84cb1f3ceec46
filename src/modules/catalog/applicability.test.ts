/** Applicability: which published version a case is filed under, and each refusal code, on every dialect. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp, type TestApp } from '../../server/testing.ts';
import { systemCtx } from '../../kernel/context.ts';
import { act, createImpl, publishedImpl, submitAndPublish, validElements } from './test-fixtures.ts';
import { checkApplicability, getApplicableImplementation } from './applicability.ts';
import { transition } from './lifecycle.ts';

const dialects = await testDialects();

async function applicable(t: TestApp, query: string) {
  const r = await t.app.inject({ method: 'GET', url: `/api/v1/catalog/applicable?${query}` });
  return { status: r.statusCode, code: r.json().error?.code as string | undefined, body: r.json() };
}

for (const dialect of dialects) {
  test(`[${dialect}] applicability refuses drafts, retired, abolished, future and out-of-region implementations`, async () => {
    const t = await testApp(dialect);
    try {
      const admin = await t.login('admin');
      const { item, impl, reviewer, lead } = await publishedImpl(t);
      const ok = await applicable(t, `implementationId=${impl.id}&region=410105`);
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.version, 3);
      assert.equal(ok.body.illustrative, false);

      // Not published: a fresh draft.
      const draft = await createImpl(t, reviewer, {
        itemId: item.id,
        departmentCode: '410102-SCJG',
        elements: validElements(),
      });
      const publicView = await applicable(t, `implementationId=${draft.id}`);
      const absentView = await applicable(t, 'implementationId=01JZZZZZZZZZZZZZZZZZZZZZZZ');
      assert.equal(publicView.code, 'NOT_FOUND', 'to the public a never-published draft reads as absent');
      assert.equal(
        publicView.body.error.message.en.replace(draft.id, 'ID'),
        absentView.body.error.message.en.replace('01JZZZZZZZZZZZZZZZZZZZZZZZ', 'ID'),
      );
      const staffView = await t.app.inject({
        method: 'GET',
        url: `/api/v1/catalog/applicable?implementationId=${draft.id}`,
        headers: reviewer,
      });
      assert.equal(staffView.json().error.code, 'ITEM_NOT_PUBLISHED', 'staff, who may read drafts, get the reason');
      // Wrong region: 410105's implementation for an applicant in 洛阳 老城区.
      assert.equal((await applicable(t, `implementationId=${impl.id}&region=410302`)).code, 'ITEM_NOT_IN_REGION');
      assert.equal((await applicable(t, `itemCode=${item.basicCode}&region=410302`)).code, 'ITEM_NOT_IN_REGION');
      // By item code and region: the covering implementation.
      const byCode = await applicable(t, `itemCode=${item.basicCode}&region=410105`);
      assert.equal(byCode.body.implementationId, impl.id);

      // Not in force: effective date in the future (Shanghai date of `at`).
      const future = await createImpl(t, reviewer, {
        itemId: item.id,
        departmentCode: '410103-SCJG',
        effectiveFrom: '2027-01-01',
        elements: validElements(),
      });
      await submitAndPublish(t, reviewer, lead, future.id, future.version);
      assert.equal((await applicable(t, `implementationId=${future.id}`)).code, 'ITEM_NOT_IN_FORCE');
      assert.equal(
        (await applicable(t, `implementationId=${future.id}&at=2026-12-31T16:00:00Z`)).status,
        200,
        'midnight in Shanghai is already 2027-01-01',
      );
      assert.equal(
        (await applicable(t, `implementationId=${future.id}&at=2026-12-31T15:59:59Z`)).code,
        'ITEM_NOT_IN_FORCE',
      );

      // Retired implementation.
      const retired = await act(t, lead, future.id, 'retire', 3, '撤销');
      assert.equal(retired.statusCode, 200, retired.body);
      assert.equal((await applicable(t, `implementationId=${future.id}&at=2027-06-01T00:00:00Z`)).code, 'ITEM_RETIRED');

      // Abolished item (直接取消审批) — never applicable, even though its implementation is published.
      const abolish = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/catalog/items/${item.id}`,
        headers: admin,
        payload: { version: item.version, reformMode: 'abolished' },
      });
      assert.equal(abolish.json().error.code, 'REASON_REQUIRED');
      const abolished = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/catalog/items/${item.id}`,
        headers: admin,
        payload: { version: item.version, reformMode: 'abolished', reason: '证照分离：直接取消审批' },
      });
      assert.equal(abolished.statusCode, 200, abolished.body);
      const refused = await applicable(t, `implementationId=${impl.id}&region=410105`);
      assert.equal(refused.code, 'ITEM_ABOLISHED');
      assert.equal(refused.status, 409);
      await assert.rejects(
        getApplicableImplementation(t.k, systemCtx(t.clock.now()), { implementationId: impl.id }),
        (e: { code?: string }) => e.code === 'ITEM_ABOLISHED',
      );
      const noNew = await t.app.inject({
        method: 'POST',
        url: '/api/v1/catalog/implementations',
        headers: reviewer,
        payload: {
          itemId: item.id,
          departmentCode: '410104-SCJG',
          effectiveFrom: '2026-01-01',
          elements: validElements(),
        },
      });
      assert.equal(noNew.json().error.code, 'ITEM_ABOLISHED');

      // Retired item.
      const other = await publishedImpl(t);
      const retiredItem = await t.app.inject({
        method: 'POST',
        url: `/api/v1/catalog/items/${other.item.id}/retire`,
        headers: admin,
        payload: { version: other.item.version, reason: '事项取消' },
      });
      assert.equal(retiredItem.statusCode, 200, retiredItem.body);
      assert.equal((await applicable(t, `itemCode=${other.item.basicCode}&region=410105`)).code, 'ITEM_RETIRED');
      const unknown = await applicable(t, `itemCode=NOSUCHCODE00&region=410105`);
      assert.equal(unknown.status, 404);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] the version in force: a revision effective later leaves the old version applicable until then`, async () => {
    const t = await testApp(dialect);
    try {
      const { item, impl, reviewer, lead } = await publishedImpl(t, {
        item: { levels: ['province', 'city', 'county'] },
      });
      const opened = await act(t, reviewer, impl.id, 'revise', 3);
      const edited = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/catalog/implementations/${impl.id}`,
        headers: reviewer,
        payload: { version: opened.json().version, effectiveFrom: '2027-03-01', elements: { promisedDays: 3 } },
      });
      assert.equal(edited.statusCode, 200, edited.body);
      await submitAndPublish(t, reviewer, lead, impl.id, edited.json().version);
      const ctx = systemCtx(t.clock.now());
      const now = await getApplicableImplementation(t.k, ctx, { implementationId: impl.id });
      assert.equal(now.version, 3, 'until 2027-03-01 cases are filed under version 3');
      assert.equal(now.status, 'superseded');
      const later = await getApplicableImplementation(t.k, ctx, {
        implementationId: impl.id,
        at: new Date('2027-03-02T00:00:00Z'),
      });
      assert.equal(later.version, 7);
      assert.equal(later.elements.promisedDays, 3);
      const before = await checkApplicability(t.k, ctx, {
        implementationId: impl.id,
        at: new Date('2020-01-01T00:00:00Z'),
      });
      assert.deepEqual(before.ok ? null : before.code, 'ITEM_NOT_PUBLISHED', 'nothing was published yet at that time');

      // The most specific implementation covering a region wins; the province's covers the rest of Henan.
      const admin = await t.login('admin');
      const provincial = await createImpl(t, admin, {
        itemId: item.id,
        departmentCode: '410000-SCJG',
        elements: validElements(),
      });
      const outside = await act(t, lead, provincial.id, 'submit', provincial.version);
      assert.equal(outside.json().error.code, 'OUT_OF_JURISDICTION', 'a Zhengzhou lead cannot act on the province');
      const sub = await act(t, admin, provincial.id, 'submit', provincial.version);
      assert.equal(sub.statusCode, 200, sub.body);
      const self = await act(t, admin, provincial.id, 'publish', 2);
      assert.equal(self.json().error.code, 'SEPARATION_OF_DUTIES');
      await transition(t.k, systemCtx(t.clock.now()), provincial.id, 'publish', { version: 2, reason: '省级发布' });
      const county = await getApplicableImplementation(t.k, ctx, { itemCode: item.basicCode, region: '410105' });
      assert.equal(county.implementationId, impl.id);
      const elsewhere = await getApplicableImplementation(t.k, ctx, { itemCode: item.basicCode, region: '410302' });
      assert.equal(elsewhere.implementationId, provincial.id);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] a licensing item not yet on its licensing list is not in force`, async () => {
    const t = await testApp(dialect);
    try {
      const { impl } = await publishedImpl(t, {
        item: { licensingLists: [{ level: 'county', effectiveFrom: '2027-01-01', effectiveTo: null }] },
      });
      const r = await checkApplicability(t.k, systemCtx(t.clock.now()), { implementationId: impl.id });
      assert.equal(r.ok ? null : r.code, 'ITEM_NOT_IN_FORCE');
      const later = await checkApplicability(t.k, systemCtx(t.clock.now()), {
        implementationId: impl.id,
        at: new Date('2027-02-01T00:00:00Z'),
      });
      assert.ok(later.ok);
    } finally {
      await t.close();
    }
  });
}
