/** Who may read, edit and publish catalog records; the catalog items' own rules — on every dialect. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp } from '../../server/testing.ts';
import { createAccount } from '../../kernel/auth/accounts.ts';
import { DEMO_PASSWORD } from '../../server/testing.ts';
import { actionsOf } from '../../kernel/audit.ts';
import { act, createImpl, createItem, publishedImpl, validElements } from './test-fixtures.ts';

const dialects = await testDialects();

for (const dialect of dialects) {
  test(`[${dialect}] editing is limited to the caller's region and department kind; the public sees only what is published`, async () => {
    const t = await testApp(dialect);
    try {
      await createAccount(
        t.k.db,
        t.k.adapter,
        {
          username: 'reviewer.wj',
          name: '郑州卫健审查（测试）',
          kind: 'staff',
          roles: ['reviewer'],
          region: '410100',
          department: '410100-WJ',
          password: DEMO_PASSWORD,
        },
        t.clock.now(),
      );
      // lead.luoyang (洛阳 市场监管, department_lead) is a demo account of the second city.
      const reviewer = await t.login('reviewer.zhengzhou');
      const item = await createItem(t);
      const body = {
        itemId: item.id,
        departmentCode: '410105-SCJG',
        effectiveFrom: '2026-01-01',
        elements: validElements(),
      };

      const wj = await t.app.inject({
        method: 'POST',
        url: '/api/v1/catalog/implementations',
        headers: await t.login('reviewer.wj'),
        payload: body,
      });
      assert.equal(wj.statusCode, 403);
      assert.equal(wj.json().error.code, 'DEPARTMENT_MISMATCH');
      const luoyang = await t.app.inject({
        method: 'POST',
        url: '/api/v1/catalog/implementations',
        headers: await t.login('lead.luoyang'),
        payload: body,
      });
      assert.equal(luoyang.json().error.code, 'OUT_OF_JURISDICTION');
      const clerk = await t.app.inject({
        method: 'POST',
        url: '/api/v1/catalog/implementations',
        headers: await t.login('clerk.jinshui'),
        payload: body,
      });
      assert.equal(clerk.statusCode, 403, 'a window clerk does not carry catalog:edit');
      const level = await t.app.inject({
        method: 'POST',
        url: '/api/v1/catalog/implementations',
        headers: await t.login('admin'),
        payload: { ...body, itemId: (await createItem(t, { levels: ['county'] })).id, departmentCode: '410100-SCJG' },
      });
      assert.equal(level.json().error.code, 'LEVEL_NOT_EXERCISED');

      const draft = await createImpl(t, reviewer, body);
      const submitted = await act(t, reviewer, draft.id, 'submit', 1);
      const foreignLead = await act(t, await t.login('lead.luoyang'), draft.id, 'publish', submitted.json().version);
      assert.equal(foreignLead.json().error.code, 'OUT_OF_JURISDICTION');

      const anonDraft = await t.app.inject({ method: 'GET', url: `/api/v1/catalog/implementations/${draft.id}` });
      assert.equal(anonDraft.statusCode, 404, 'a draft is not public');
      const citizen = await t.login('citizen.demo');
      assert.equal(
        (await t.app.inject({ method: 'GET', url: `/api/v1/catalog/implementations/${draft.id}`, headers: citizen }))
          .statusCode,
        404,
      );
      assert.equal(
        (await t.app.inject({ method: 'GET', url: '/api/v1/catalog/implementations', headers: citizen })).statusCode,
        403,
      );
      // A refusal does not disclose: to the public a draft answers exactly as an absent implementation, everywhere.
      const missing = '01JZZZZZZZZZZZZZZZZZZZZZZZ';
      const seen = (r: { statusCode: number; body: string }, id: string) => ({
        status: r.statusCode,
        ...JSON.parse(r.body.split(id).join('ID')).error,
        requestId: null,
      });
      for (const [suffix, headers] of [
        ['', {}],
        ['', citizen],
        ['/versions', {}],
        ['/guide', {}],
        ['/guide.pdf', {}],
      ] as Array<[string, Record<string, string>]>) {
        const draftAnswer = await t.app.inject({
          method: 'GET',
          url: `/api/v1/catalog/implementations/${draft.id}${suffix}`,
          headers,
        });
        const absentAnswer = await t.app.inject({
          method: 'GET',
          url: `/api/v1/catalog/implementations/${missing}${suffix}`,
          headers,
        });
        assert.equal(absentAnswer.statusCode, 404, `implementations/:id${suffix}: ${absentAnswer.body}`);
        assert.deepEqual(
          seen(draftAnswer, draft.id),
          seen(absentAnswer, missing),
          `implementations/:id${suffix}: a draft reads as absent`,
        );
      }
      const inspector = await t.app.inject({
        method: 'GET',
        url: `/api/v1/catalog/implementations/${draft.id}`,
        headers: await t.login('inspector.luoyang'),
      });
      assert.equal(inspector.json().status, 'in_review', 'all staff read the catalog');

      const { impl } = await publishedImpl(t);
      const pub = await t.app.inject({ method: 'GET', url: `/api/v1/catalog/implementations/${impl.id}` });
      assert.equal(pub.statusCode, 200);
      assert.equal(pub.json().createdBy, null);
      assert.equal(pub.json().submittedBy, null);
      const history = await t.app.inject({
        method: 'GET',
        url: `/api/v1/catalog/implementations/${impl.id}/actions`,
        headers: await t.login('discipline.province'),
      });
      assert.deepEqual(
        history.json().items.map((a: { action: string }) => a.action),
        ['create', 'submit', 'publish'],
      );
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] catalog items: codes, licensing-only fields, business items, versions and retirement`, async () => {
    const t = await testApp(dialect);
    try {
      const admin = await t.login('admin');
      const reviewer = await t.login('reviewer.zhengzhou');
      const base = {
        basicCode: '410T9000000000',
        name: '测试事项',
        itemType: 20,
        legalBasis: [],
        levels: ['county'],
        departmentKind: 'SCJG',
      };
      const post = (headers: Record<string, string>, payload: Record<string, unknown>) =>
        t.app.inject({ method: 'POST', url: '/api/v1/catalog/items', headers, payload });
      assert.equal(
        (await post(reviewer, base)).json().error.code,
        'OUT_OF_JURISDICTION',
        'the basic catalog is the province’s',
      );
      assert.equal(
        (await post(admin, { ...base, reformMode: 'filing' })).json().error.code,
        'REFORM_MODE_NOT_LICENSING',
      );
      assert.equal(
        (await post(admin, { ...base, departmentKind: 'NOPE' })).json().error.code,
        'DEPARTMENT_KIND_UNKNOWN',
      );
      assert.equal((await post(admin, { ...base, basicCode: 'bad code!' })).json().error.code, 'BASIC_CODE_FORMAT');
      assert.equal((await post(admin, { ...base, itemType: 11 })).json().error.code, 'VALIDATION_FAILED');
      const created = await post(admin, { ...base, illustrative: true });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json().itemTypeName, '公共服务');
      assert.equal(created.json().illustrative, true);
      const dup = await post(admin, base);
      assert.equal(dup.statusCode, 409);
      assert.equal(dup.json().error.code, 'ITEM_CODE_TAKEN');
      const child = await post(admin, {
        ...base,
        basicCode: '410T9000000001',
        name: '测试事项（变更）',
        parentId: created.json().id,
      });
      assert.equal(child.statusCode, 201, child.body);
      const grandchild = await post(admin, { ...base, basicCode: '410T9000000002', parentId: child.json().id });
      assert.equal(grandchild.json().error.code, 'PARENT_MISMATCH');
      const children = await t.app.inject({
        method: 'GET',
        url: `/api/v1/catalog/items?parentId=${created.json().id}`,
        headers: reviewer,
      });
      assert.deepEqual(
        children.json().items.map((i: { id: string }) => i.id),
        [child.json().id],
      );

      const id = created.json().id;
      const upd = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/catalog/items/${id}`,
        headers: admin,
        payload: { version: 1, name: '测试事项（新名称）' },
      });
      assert.equal(upd.json().version, 2);
      const stale = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/catalog/items/${id}`,
        headers: admin,
        payload: { version: 1, name: 'x' },
      });
      assert.equal(stale.json().error.code, 'VERSION_CONFLICT');
      const byReviewer = await t.app.inject({
        method: 'POST',
        url: `/api/v1/catalog/items/${id}/retire`,
        headers: reviewer,
        payload: { version: 2, reason: 'x' },
      });
      assert.equal(byReviewer.statusCode, 403);
      const retired = await t.app.inject({
        method: 'POST',
        url: `/api/v1/catalog/items/${id}/retire`,
        headers: admin,
        payload: { version: 2, reason: '事项取消' },
      });
      assert.equal(retired.json().status, 'retired');
      const acts = await actionsOf(t.k.db, 'catalog.item', id);
      assert.deepEqual(
        acts.map((a) => [a.action, a.reason]),
        [
          ['create', null],
          ['update', null],
          ['retire', '事项取消'],
        ],
      );
      const again = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/catalog/items/${id}`,
        headers: admin,
        payload: { version: 3, name: 'y' },
      });
      assert.equal(again.json().error.code, 'ITEM_RETIRED');
    } finally {
      await t.close();
    }
  });
}
