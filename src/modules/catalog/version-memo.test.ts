/**
 * The memo of published versions (version-memo.ts) on the filing path: a version published inside a transaction
 * that rolls back is never served afterwards — the same version number published again with other content is read
 * afresh — and which version is in force is never memoised (a later publication moves every answer at once), on
 * every dialect.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp, type TestApp, ok } from '../../server/testing.ts';
import { systemCtx } from '../../kernel/context.ts';
import { act, publishedImpl } from './test-fixtures.ts';
import { checkApplicability } from './applicability.ts';
import { competentBodyFor } from './delegation/competent-body.ts';
import { transition } from './lifecycle.ts';
import { updateDraft } from './service.ts';

const dialects = await testDialects();
type Headers = Record<string, string>;

class RolledBack extends Error {}

/** Revises the published implementation into `conditions` and submits it; returns the submitted record's version. */
async function reviseAndSubmit(t: TestApp, reviewer: Headers, id: string, version: number, conditions: string[]) {
  const draft = await ok(act(t, reviewer, id, 'revise', version));
  return editAndSubmit(t, reviewer, id, draft.version, conditions);
}

async function editAndSubmit(t: TestApp, reviewer: Headers, id: string, version: number, conditions: string[]) {
  const edited = await ok(
    t.app.inject({
      method: 'PATCH',
      url: `/api/v1/catalog/implementations/${id}`,
      headers: reviewer,
      payload: { version, elements: { acceptanceConditions: conditions } },
    }),
  );
  return (await ok(act(t, reviewer, id, 'submit', edited.version))).version as number;
}

for (const dialect of dialects) {
  test(`[${dialect}] a version published in a rolled-back transaction is never served; the one published again is`, async () => {
    const t = await testApp(dialect);
    try {
      const { item, impl, reviewer, lead } = await publishedImpl(t);
      const ctx = systemCtx(t.clock.now());
      const at = t.clock.now();
      const body = async () => {
        const r = await competentBodyFor(t.k, { itemId: item.id, region: '410105', at });
        assert.ok(r.ok, JSON.stringify(r));
        return r.body.implementation;
      };
      const conditionsOf = async () => {
        const a = await checkApplicability(t.k, ctx, { implementationId: impl.id, region: '410105', at });
        assert.ok(a.ok, JSON.stringify(a));
        return { version: a.version.version, conditions: a.version.elements.acceptanceConditions };
      };
      const v1 = impl.publishedVersion as number;
      assert.equal((await body()).version, v1);
      const first = await conditionsOf();
      assert.deepEqual(await conditionsOf(), first); // the second read from the memo

      // Submitted for review; then, inside a transaction that rolls back: returned, edited into 「条件甲」, submitted
      // and published (as version n), and read there.
      const submitted = await reviseAndSubmit(t, reviewer, impl.id, impl.version, ['条件乙']);
      let n = 0;
      await assert.rejects(
        t.k.db.transaction().execute(async (tx) => {
          // Submitted by another principal than the one publishing (separation of duties).
          const submitter = { ...ctx, principal: { ...ctx.principal, id: 'test.submitter' } };
          const move = (action: 'return' | 'submit' | 'publish', version: number) =>
            transition(
              t.k,
              action === 'submit' ? submitter : ctx,
              impl.id,
              action,
              { version, reason: `将回滚：${action}` },
              tx,
            );
          const back = await move('return', submitted);
          const edited = await updateDraft(
            t.k,
            ctx,
            impl.id,
            { version: back.version, elements: { acceptanceConditions: ['条件甲'] } },
            tx,
          );
          const again = await move('submit', edited.version);
          n = (await move('publish', again.version)).publishedVersion!;
          const inside = await competentBodyFor(t.k, { itemId: item.id, region: '410105', at }, tx);
          assert.ok(inside.ok && inside.body.implementation.version === n, JSON.stringify(inside));
          const a = await checkApplicability(t.k, ctx, { implementationId: impl.id, at }, tx);
          assert.ok(a.ok);
          assert.deepEqual(a.version.elements.acceptanceConditions, ['条件甲']);
          throw new RolledBack('roll back');
        }),
        RolledBack,
      );
      // Rolled back: version v1 is in force again, for every reader.
      assert.equal((await body()).version, v1);
      assert.deepEqual(await conditionsOf(), first);

      // The same steps committed, with 「条件乙」: version n again, served as published, not as the rolled-back one.
      const returned = await ok(act(t, lead, impl.id, 'return', submitted));
      const resubmitted = await editAndSubmit(t, reviewer, impl.id, returned.version, ['条件乙']);
      const published = await ok(act(t, lead, impl.id, 'publish', resubmitted));
      assert.equal(published.publishedVersion, n, 'the same version number as the rolled-back publication');
      assert.equal((await body()).version, n);
      assert.deepEqual(await conditionsOf(), { version: n, conditions: ['条件乙'] });
      assert.deepEqual(await conditionsOf(), { version: n, conditions: ['条件乙'] }); // and again, from the memo

      // A later publication moves the answer at once (the version in force is never memoised).
      const later = await reviseAndSubmit(t, reviewer, impl.id, published.version, ['条件丙']);
      const last = await ok(act(t, lead, impl.id, 'publish', later));
      assert.equal((await body()).version, last.publishedVersion);
      assert.deepEqual(await conditionsOf(), { version: last.publishedVersion, conditions: ['条件丙'] });
    } finally {
      await t.close();
    }
  });
}
