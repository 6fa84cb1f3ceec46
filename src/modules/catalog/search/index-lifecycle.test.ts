/** The index follows the catalog: publication, revision, retirement, effective dates; pagination and bad queries. On every dialect. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../../kernel/db/testing.ts';
import { testApp, type TestApp } from '../../../server/testing.ts';
import { JobRunner } from '../../../kernel/jobs.ts';
import { actionsOf } from '../../../kernel/audit.ts';
import { act, createImpl, createItem, publishedImpl, submitAndPublish, validElements } from '../test-fixtures.ts';
import { material, fromApplicant } from '../demo-builders.ts';
import { REINDEX_JOB, searchJobs } from './indexer.ts';

const dialects = await testDialects();

async function find(
  t: TestApp,
  q: string,
  extra = '',
): Promise<Array<{ implementationId: string; version: number; name: string; matchedIn: string }>> {
  const r = await t.app.inject({
    method: 'GET',
    url: `/api/v1/catalog/search?q=${encodeURIComponent(q)}&region=410105${extra}`,
  });
  assert.equal(r.statusCode, 200, r.body);
  return r.json().items;
}

for (const dialect of dialects) {
  test(`[${dialect}] only published versions in force are found; a revision replaces the text; retired ones leave`, async () => {
    const t = await testApp(dialect);
    try {
      const reviewer = await t.login('reviewer.zhengzhou');
      const lead = await t.login('lead.zhengzhou');
      const item = await createItem(t, { name: '烟花爆竹零售经营许可' });
      const draft = await createImpl(t, reviewer, {
        itemId: item.id,
        departmentCode: '410105-SCJG',
        elements: validElements(),
      });
      assert.deepEqual(await find(t, '烟花爆竹'), [], 'a draft is not found');
      const submitted = await act(t, reviewer, draft.id, 'submit', draft.version);
      assert.deepEqual(await find(t, '烟花爆竹'), [], 'nor one in review');
      const v3 = await act(t, lead, draft.id, 'publish', submitted.json().version);
      assert.equal(v3.statusCode, 200, v3.body);
      assert.deepEqual(
        (await find(t, '烟花爆竹')).map((h) => [h.implementationId, h.version]),
        [[draft.id, 3]],
      );
      assert.deepEqual(await find(t, '安全评价'), []);
      assert.deepEqual(
        await t.app
          .inject({ method: 'GET', url: `/api/v1/catalog/search?q=${encodeURIComponent('烟花爆竹')}&region=410302` })
          .then((r) => r.json().items),
        [],
        'another county does not see it',
      );

      // A revision: while it is a draft the published text stays; once published, the new text replaces it.
      assert.equal((await act(t, reviewer, draft.id, 'revise', 3)).statusCode, 200);
      const materials = [...validElements().materials, material('safety', '安全评价报告', fromApplicant)];
      const edited = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/catalog/implementations/${draft.id}`,
        headers: reviewer,
        payload: { version: 4, elements: { materials } },
      });
      assert.equal(edited.statusCode, 200, edited.body);
      assert.deepEqual(await find(t, '安全评价'), [], 'a draft revision is not searchable');
      await submitAndPublish(t, reviewer, lead, draft.id, 5);
      assert.deepEqual(
        (await find(t, '安全评价')).map((h) => [h.implementationId, h.version, h.matchedIn]),
        [[draft.id, 7, 'text']],
      );
      assert.deepEqual(
        (await find(t, '烟花爆竹')).map((h) => h.version),
        [7],
        'one row per implementation, the version in force',
      );

      const retired = await act(t, lead, draft.id, 'retire', 7);
      assert.equal(retired.statusCode, 200, retired.body);
      assert.deepEqual(await find(t, '烟花爆竹'), [], 'a retired implementation is not found');
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] a revision effective later replaces the indexed version on its date; a retired item's implementations leave`, async () => {
    const t = await testApp(dialect);
    try {
      const { item, impl, reviewer, lead } = await publishedImpl(t, { item: { name: '大型群众性活动安全许可' } });
      assert.equal((await act(t, reviewer, impl.id, 'revise', impl.version)).statusCode, 200);
      const edited = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/catalog/implementations/${impl.id}`,
        headers: reviewer,
        payload: {
          version: 4,
          effectiveFrom: '2026-12-05',
          elements: { acceptanceConditions: ['具有应急救援预案和消防通道'] },
        },
      });
      assert.equal(edited.statusCode, 200, edited.body);
      await submitAndPublish(t, reviewer, lead, impl.id, 5);
      assert.deepEqual(
        (await find(t, '群众性活动')).map((h) => h.version),
        [3],
        'version 7 takes effect on 2026-12-05; until then 3 is in force',
      );
      assert.deepEqual(await find(t, '应急救援'), []);

      const runner = new JobRunner({ db: t.k.db, adapter: t.k.adapter, clock: t.clock });
      for (const [kind, handler] of Object.entries(searchJobs(t.k))) runner.register(kind, handler);
      assert.equal((await runner.runOnce()).claimed, 0, 'not due yet');
      t.clock.set('2026-12-04T16:00:00.000Z'); // 2026-12-05 00:00 in Shanghai
      assert.deepEqual(await runner.runOnce(), { claimed: 1, done: 1, failed: 0, dead: 0, lost: 0 });
      assert.deepEqual(
        (await find(t, '应急救援')).map((h) => h.version),
        [7],
      );
      const job = await t.k.db
        .selectFrom('kernel_jobs')
        .select(['kind', 'unique_key'])
        .where('kind', '=', REINDEX_JOB)
        .executeTakeFirstOrThrow();
      assert.equal(job.unique_key, `${REINDEX_JOB}:${impl.id}:2026-12-05`);

      const admin = await t.login('admin');
      const itemNow = await t.app.inject({ method: 'GET', url: `/api/v1/catalog/items/${item.id}`, headers: admin });
      const retire = await t.app.inject({
        method: 'POST',
        url: `/api/v1/catalog/items/${item.id}/retire`,
        headers: admin,
        payload: { version: itemNow.json().version, reason: '事项取消（测试）' },
      });
      assert.equal(retire.statusCode, 200, retire.body);
      assert.deepEqual(await find(t, '群众性活动'), [], 'a retired item is not applied for, so not found');
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] pages follow the ranking across tiers; bad queries are a 400 on q and change nothing`, async () => {
    const t = await testApp(dialect);
    try {
      for (let i = 0; i < 2; i++) await publishedImpl(t, { item: { name: `检索分页许可${'甲乙'[i]}` } });
      for (let i = 0; i < 3; i++)
        await publishedImpl(t, {
          item: { name: `其他测试事项${i}` },
          impl: { elements: validElements({ acceptanceConditions: ['申请人应当完成检索分页培训'] }) },
        });
      const all = await find(t, '检索分页', '&limit=50');
      assert.deepEqual(
        all.map((h) => h.matchedIn),
        ['title', 'title', 'text', 'text', 'text'],
      );
      const seen: string[] = [];
      let cursor: string | null = null;
      const sizes: number[] = [];
      do {
        const r: { statusCode: number; body: string; json(): unknown } = await t.app.inject({
          method: 'GET',
          url: `/api/v1/catalog/search?q=${encodeURIComponent('检索分页')}&region=410105&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        });
        assert.equal(r.statusCode, 200, r.body);
        const page = r.json() as { items: Array<{ implementationId: string }>; nextCursor: string | null };
        sizes.push(page.items.length);
        seen.push(...page.items.map((h) => h.implementationId));
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(sizes, [2, 2, 1]);
      assert.deepEqual(
        seen,
        all.map((h) => h.implementationId),
        'pages concatenate to the ranked list, without repeats',
      );

      const before = await actionsOf(t.k.db, 'catalog.search_index', '410000');
      const bad = async (query: string, field: string, code: string) => {
        const r = await t.app.inject({ method: 'GET', url: `/api/v1/catalog/search?${query}` });
        assert.equal(r.statusCode, 400, `${query}: ${r.body}`);
        assert.deepEqual([r.json().error.field, r.json().error.code], [field, code], query);
        assert.ok(r.json().error.message.zh && r.json().error.message.en);
      };
      await bad('q=', 'q', 'QUERY_TOO_SHORT');
      await bad(`q=${encodeURIComponent('证')}`, 'q', 'QUERY_TOO_SHORT');
      await bad(`q=${encodeURIComponent(' 照 ')}`, 'q', 'QUERY_TOO_SHORT');
      await bad(`q=${encodeURIComponent('！？')}`, 'q', 'QUERY_NO_WORDS');
      await bad(`q=${encodeURIComponent('检'.repeat(101))}`, 'q', 'QUERY_TOO_LONG');
      await bad('region=410105', 'q', 'QUERY_REQUIRED');
      await bad(`q=${encodeURIComponent('许可')}&region=999999`, 'region', 'DIVISION_UNKNOWN');
      await bad(`q=${encodeURIComponent('许可')}&cursor=bm9wZQ`, 'query.cursor', 'CURSOR_INVALID');
      await bad(
        `q=${encodeURIComponent('许可')}&cursor=${Buffer.from('[5,1]').toString('base64url')}`,
        'query.cursor',
        'CURSOR_INVALID',
      );
      await bad(`q=${encodeURIComponent('许可')}&lifeEvent=holiday`, 'query.lifeEvent', 'VALIDATION_FAILED');
      assert.deepEqual(await actionsOf(t.k.db, 'catalog.search_index', '410000'), before);
      assert.equal((await find(t, 'AB')).length, 0, 'two Latin letters are a valid query');
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] reindex rebuilds a region's subtree: publishers only, in their jurisdiction, audited`, async () => {
    const t = await testApp(dialect);
    try {
      const { impl, lead } = await publishedImpl(t, { item: { name: '重建索引测试许可' } });
      await t.k.db.deleteFrom('catalog_search_index').execute(); // as if the index were lost
      assert.deepEqual(await find(t, '重建索引'), []);
      const reviewer = await t.login('reviewer.zhengzhou');
      assert.equal(
        (await t.app.inject({ method: 'POST', url: '/api/v1/catalog/search/reindex', headers: reviewer, payload: {} }))
          .statusCode,
        403,
      );
      const outside = await t.app.inject({
        method: 'POST',
        url: '/api/v1/catalog/search/reindex',
        headers: lead,
        payload: { region: '410300' },
      });
      assert.equal(outside.json().error.code, 'OUT_OF_JURISDICTION');
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/catalog/search/reindex',
        headers: lead,
        payload: { reason: '索引恢复（测试）' },
      });
      assert.equal(r.statusCode, 200, r.body);
      assert.deepEqual(r.json(), { region: '410100', before: 0, indexed: 1 });
      assert.deepEqual(
        (await find(t, '重建索引')).map((h) => h.implementationId),
        [impl.id],
      );
      const acts = await actionsOf(t.k.db, 'catalog.search_index', '410100');
      assert.deepEqual(
        acts.map((a) => [a.action, a.actorRole, a.reason]),
        [['reindex', 'department_lead', '索引恢复（测试）']],
      );
    } finally {
      await t.close();
    }
  });
}
