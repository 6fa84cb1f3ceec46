/** The implementation lifecycle through the public API, on every dialect. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp } from '../../server/testing.ts';
import { actionsOf } from '../../kernel/audit.ts';
import { act, createImpl, createItem, publishedImpl, submitAndPublish, validElements } from './test-fixtures.ts';

const dialects = await testDialects();

for (const dialect of dialects) {
  test(`[${dialect}] a published version never changes; a revision supersedes it`, async () => {
    const t = await testApp(dialect);
    try {
      const { impl, reviewer, lead } = await publishedImpl(t);
      assert.equal(impl.status, 'published');
      assert.equal(impl.version, 3, 'created 1, submitted 2, published 3');
      assert.equal(impl.publishedVersion, 3);
      assert.match(impl.code, /^410T\d{10}-410105000000-000-[0-9A-Z]{18}-1-00$/);
      const v3 = await t.app.inject({ method: 'GET', url: `/api/v1/catalog/implementations/${impl.id}/versions/3` });
      assert.equal(v3.statusCode, 200, v3.body);
      const frozen = v3.json();
      assert.equal(frozen.status, 'published');
      assert.equal(frozen.publishedBy, null, 'the public does not see staff account ids');

      const editPublished = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/catalog/implementations/${impl.id}`,
        headers: reviewer,
        payload: { version: 3, elements: { promisedDays: 4 } },
      });
      assert.equal(editPublished.statusCode, 409);
      assert.equal(editPublished.json().error.code, 'IMPLEMENTATION_NOT_EDITABLE');
      assert.deepEqual(editPublished.json().error.details.allowed, ['revise', 'retire']);

      const revised = await act(t, reviewer, impl.id, 'revise', 3);
      assert.equal(revised.json().status, 'draft');
      const edited = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/catalog/implementations/${impl.id}`,
        headers: reviewer,
        payload: { version: 4, elements: { promisedDays: 4 }, reason: '压缩时限' },
      });
      assert.equal(edited.statusCode, 200, edited.body);
      // While the revision is a draft, the public still sees version 3, and so does a case that pinned it.
      const publicView = await t.app.inject({ method: 'GET', url: `/api/v1/catalog/implementations/${impl.id}` });
      assert.equal(publicView.json().version, 3);
      assert.equal(publicView.json().elements.promisedDays, 5);
      const staffView = await t.app.inject({
        method: 'GET',
        url: `/api/v1/catalog/implementations/${impl.id}`,
        headers: reviewer,
      });
      assert.equal(staffView.json().elements.promisedDays, 4);
      assert.equal(staffView.json().status, 'draft');

      const v7 = await submitAndPublish(t, reviewer, lead, impl.id, 5);
      assert.equal(v7.publishedVersion, 7);
      const old = await t.app.inject({
        method: 'GET',
        url: `/api/v1/catalog/implementations/${impl.id}/versions/3`,
        headers: reviewer,
      });
      assert.equal(old.json().status, 'superseded');
      assert.deepEqual(
        { ...(old.json() as object), status: 'published', publishedBy: null, submittedBy: null },
        { ...(frozen as object), publishedBy: null, submittedBy: null },
        'version 3 kept its content',
      );
      assert.equal(old.json().digest, frozen.digest);
      const list = await t.app.inject({ method: 'GET', url: `/api/v1/catalog/implementations/${impl.id}/versions` });
      assert.deepEqual(
        list.json().items.map((v: { version: number; status: string }) => [v.version, v.status]),
        [
          [7, 'published'],
          [3, 'superseded'],
        ],
      );

      const versions = await t.k.db
        .selectFrom('catalog_implementation_versions')
        .selectAll()
        .where('implementation_id', '=', impl.id)
        .orderBy('version')
        .execute();
      assert.equal(versions.length, 2);
      assert.equal((versions[0].elements as { promisedDays: number }).promisedDays, 5);

      const acts = await actionsOf(t.k.db, 'catalog.implementation', impl.id);
      assert.deepEqual(
        acts.map((a) => a.action),
        ['create', 'submit', 'publish', 'revise', 'edit', 'submit', 'publish'],
      );
      assert.ok(acts.slice(1).every((a) => a.ruleVersion?.startsWith(impl.code + '@')));
      assert.equal(acts[2].ruleVersion, `${impl.code}@3`);
      assert.ok(
        acts.filter((a) => a.action !== 'create').every((a) => a.reason),
        'every transition has its reason',
      );
      assert.deepEqual([acts[1].actorRole, acts[2].actorRole], ['reviewer', 'department_lead']);
      const events = await t.k.db
        .selectFrom('kernel_outbox')
        .select(['type', 'payload'])
        .where('subject_id', '=', impl.id)
        .where('type', '=', 'catalog.implementation.published')
        .orderBy('id')
        .execute();
      assert.equal(events.length, 2);
      assert.equal((events[1].payload as { supersedes: number }).supersedes, 3);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] promised > statutory is a 400; edits need the current version (409 on stale)`, async () => {
    const t = await testApp(dialect);
    try {
      const reviewer = await t.login('reviewer.zhengzhou');
      const item = await createItem(t);
      const bad = await t.app.inject({
        method: 'POST',
        url: '/api/v1/catalog/implementations',
        headers: reviewer,
        payload: {
          itemId: item.id,
          departmentCode: '410105-SCJG',
          effectiveFrom: '2026-01-01',
          elements: validElements({ statutoryDays: 10, promisedDays: 12 }),
        },
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.code, 'PROMISED_EXCEEDS_STATUTORY');
      assert.equal(bad.json().error.field, 'elements.promisedDays');

      const { form: _form, ...partial } = validElements();
      const incomplete = await t.app.inject({
        method: 'POST',
        url: '/api/v1/catalog/implementations',
        headers: reviewer,
        payload: { itemId: item.id, departmentCode: '410105-SCJG', effectiveFrom: '2026-01-01', elements: partial },
      });
      assert.equal(incomplete.statusCode, 400);
      assert.deepEqual(
        [incomplete.json().error.code, incomplete.json().error.field],
        ['FIELD_REQUIRED', 'elements.form'],
      );
      const draft = await createImpl(t, reviewer, {
        itemId: item.id,
        departmentCode: '410105-SCJG',
        elements: validElements(),
      });
      const worse = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/catalog/implementations/${draft.id}`,
        headers: reviewer,
        payload: { version: 1, elements: { promisedDays: 21 } },
      });
      assert.equal(worse.json().error.code, 'PROMISED_EXCEEDS_STATUTORY');
      const ok = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/catalog/implementations/${draft.id}`,
        headers: reviewer,
        payload: { version: 1, elements: { promisedDays: 20 } },
      });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().version, 2);
      const stale = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/catalog/implementations/${draft.id}`,
        headers: reviewer,
        payload: { version: 1, elements: { promisedDays: 3 } },
      });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().error.code, 'VERSION_CONFLICT');
      const staleMove = await act(t, reviewer, draft.id, 'submit', 1);
      assert.equal(staleMove.json().error.code, 'VERSION_CONFLICT');
      const now = await t.app.inject({
        method: 'GET',
        url: `/api/v1/catalog/implementations/${draft.id}`,
        headers: reviewer,
      });
      assert.equal(now.json().elements.promisedDays, 20, 'a stale update changes nothing');

      const nulls = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/catalog/implementations/${draft.id}`,
        headers: reviewer,
        payload: { version: 2, elements: { statutoryDays: null, entrustedBody: null } },
      });
      assert.equal(nulls.statusCode, 200, nulls.body);
      assert.equal(nulls.json().elements.statutoryDays, null, 'null stays null (no coercion to 0)');
      const zero = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/catalog/implementations/${draft.id}`,
        headers: reviewer,
        payload: {
          version: 3,
          elements: { statutoryDays: 20, materials: [{ ...validElements().materials[1], condition: null }] },
        },
      });
      assert.equal(zero.json().elements.materials[0].condition, null);
      assert.equal(zero.json().elements.materials[0].paperCopies, 0, 'zero stays zero');
      const badForm = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/catalog/implementations/${draft.id}`,
        headers: reviewer,
        payload: {
          version: 4,
          elements: {
            form: {
              $schema: 'https://json-schema.org/draft/2020-12/schema',
              type: 'object',
              properties: { name: { type: 'string', title: '姓名' } },
            },
          },
        },
      });
      assert.equal(badForm.json().error.code, 'FORM_SEMANTIC_KEY');
      assert.equal(badForm.json().error.field, 'elements.form.properties.name.x-semantic-key');
      const immediate = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/catalog/implementations/${draft.id}`,
        headers: reviewer,
        payload: { version: 4, elements: { handlingKind: 'immediate' } },
      });
      assert.equal(immediate.json().error.code, 'IMMEDIATE_ITEM_HAS_DAYS');
      const noReason = await t.app.inject({
        method: 'POST',
        url: `/api/v1/catalog/implementations/${draft.id}/submit`,
        headers: reviewer,
        payload: { version: 4 },
      });
      assert.equal(noReason.json().error.code, 'FIELD_REQUIRED');
      const blank = await act(t, reviewer, draft.id, 'submit', 4, '   ');
      assert.equal(blank.json().error.code, 'REASON_REQUIRED');
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] separation of duties: the submitter may not publish their own submission`, async () => {
    const t = await testApp(dialect);
    try {
      const lead = await t.login('lead.zhengzhou');
      const admin = await t.login('admin');
      const reviewer = await t.login('reviewer.zhengzhou');
      const item = await createItem(t);
      const draft = await createImpl(t, lead, {
        itemId: item.id,
        departmentCode: '410100-SCJG',
        elements: validElements(),
      });
      const submitted = await act(t, lead, draft.id, 'submit', draft.version);
      assert.equal(submitted.statusCode, 200, submitted.body);
      const own = await act(t, lead, draft.id, 'publish', 2);
      assert.equal(own.statusCode, 403);
      assert.equal(own.json().error.code, 'SEPARATION_OF_DUTIES');
      const byReviewer = await act(t, reviewer, draft.id, 'publish', 2);
      assert.equal(byReviewer.statusCode, 403, 'a reviewer does not carry catalog:publish');
      const byAdmin = await act(t, admin, draft.id, 'publish', 2);
      assert.equal(byAdmin.statusCode, 200, byAdmin.body);
      assert.equal(byAdmin.json().status, 'published');
      const acts = await actionsOf(t.k.db, 'catalog.implementation', draft.id);
      assert.deepEqual(
        acts.map((a) => a.action),
        ['create', 'submit', 'publish'],
        'the refused publish left no action',
      );

      const again = await act(t, admin, draft.id, 'publish', 3);
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'TRANSITION_NOT_ALLOWED');
      assert.deepEqual(again.json().error.details.allowed, ['revise', 'retire']);
      const discard = await act(t, lead, draft.id, 'discard', 3);
      assert.equal(discard.json().error.code, 'TRANSITION_NOT_ALLOWED');
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] return, discard and retire; impossible drafts are not submitted`, async () => {
    const t = await testApp(dialect);
    try {
      const { impl, reviewer, lead } = await publishedImpl(t);
      const opened = await act(t, reviewer, impl.id, 'revise', 3);
      const edited = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/catalog/implementations/${impl.id}`,
        headers: reviewer,
        payload: {
          version: opened.json().version,
          elements: { channels: [], onlineDepth: { fullyOnline: false, inPersonVisits: 1 } },
        },
      });
      assert.equal(edited.statusCode, 200, edited.body);
      const impossible = await act(t, reviewer, impl.id, 'submit', 5);
      assert.equal(impossible.statusCode, 422);
      assert.equal(impossible.json().error.code, 'IMPLEMENTATION_IMPOSSIBLE');
      assert.equal(impossible.json().error.details[0].code, 'NO_CHANNEL');
      const discarded = await act(t, reviewer, impl.id, 'discard', 5);
      assert.equal(discarded.statusCode, 200, discarded.body);
      assert.equal(discarded.json().status, 'published');
      assert.deepEqual(
        discarded.json().elements.channels,
        ['window', 'online', 'mobile'],
        'back to the version in force',
      );

      const reopened = await act(t, reviewer, impl.id, 'revise', 6);
      const submitted = await act(t, reviewer, impl.id, 'submit', reopened.json().version);
      const returned = await act(t, lead, impl.id, 'return', submitted.json().version, '材料清单需细化');
      assert.equal(returned.json().status, 'draft');
      assert.equal(returned.json().submittedBy, null);
      const retired = await act(t, lead, impl.id, 'retire', returned.json().version, '事项调整');
      assert.equal(retired.json().status, 'retired');
      const v3 = await t.app.inject({ method: 'GET', url: `/api/v1/catalog/implementations/${impl.id}/versions/3` });
      assert.equal(v3.json().status, 'retired');
      const gone = await t.app.inject({ method: 'GET', url: `/api/v1/catalog/implementations/${impl.id}` });
      assert.equal(gone.statusCode, 404, 'the public no longer sees a retired implementation as in force');
    } finally {
      await t.close();
    }
  });
}
