/**
 * The memo of published versions a filing pins (catalog/version-memo.ts) never serves a stale form: after the implementation is
 * revised and published again with another form, the next filing pins the new version and is checked against its
 * form, on every dialect.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp, ok } from '../../server/testing.ts';
import { FILLED, FORM, publishedItem } from './test-fixtures.ts';

const dialects = await testDialects();

for (const dialect of dialects) {
  test(`[${dialect}] a filing after the implementation is republished pins the new version and checks its form`, async () => {
    const t = await testApp(dialect);
    try {
      const { itemId, implementationId } = await publishedItem(t);
      const citizen = await t.login('citizen.demo');
      const file = (form: object) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/cases',
          headers: citizen,
          payload: { itemId, region: '410105', form },
        });
      const first = await ok(file(FILLED), 201);
      const again = await ok(file(FILLED), 201); // the second filing pins the same version (from the memo)
      assert.equal(again.implementation.version, first.implementation.version);

      // Revised with a new required field, published again.
      const editor = await t.login('reviewer.zhengzhou');
      const lead = await t.login('lead.zhengzhou');
      const url = (a = '') => `/api/v1/catalog/implementations/${implementationId}${a}`;
      let impl = await ok(t.app.inject({ method: 'GET', url: url(), headers: editor }));
      const move = async (h: Record<string, string>, action: string) =>
        (impl = await ok(
          t.app.inject({
            method: 'POST',
            url: url(`/${action}`),
            headers: h,
            payload: { version: impl.version, reason: `测试：${action}` },
          }),
        ));
      await move(editor, 'revise');
      const form = {
        ...FORM,
        properties: {
          ...FORM.properties,
          business_scope: { type: 'string', title: '经营范围', 'x-semantic-key': 'business.scope', minLength: 1 },
        },
        required: [...FORM.required, 'business_scope'],
      };
      impl = await ok(
        t.app.inject({
          method: 'PATCH',
          url: url(),
          headers: editor,
          payload: { version: impl.version, elements: { form } },
        }),
      );
      await move(editor, 'submit');
      await move(lead, 'publish');

      const stale = await file(FILLED);
      assert.equal(stale.statusCode, 400, stale.body);
      assert.ok(
        JSON.stringify(stale.json()).includes('form.business_scope'),
        `the new required field is named: ${stale.body}`,
      );
      const next = await ok(file({ ...FILLED, business_scope: '食品销售' }), 201);
      assert.ok(next.implementation.version > first.implementation.version, JSON.stringify(next.implementation));
      assert.equal(next.formLabels.business_scope, '经营范围');
      assert.equal(next.form.business_scope, '食品销售');
    } finally {
      await t.close();
    }
  });
}
