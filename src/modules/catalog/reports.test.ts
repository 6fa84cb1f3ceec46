/** Derivation, diff and drift; the checker; the rubric — on every dialect. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp } from '../../server/testing.ts';
import { act, createImpl, createItem, publishedImpl, submitAndPublish, validElements } from './test-fixtures.ts';
import { material, fromApplicant } from './demo-builders.ts';

const dialects = await testDialects();

for (const dialect of dialects) {
  test(`[${dialect}] a county copy derives from the city's version; drift flags it when the source publishes anew`, async () => {
    const t = await testApp(dialect);
    try {
      const reviewer = await t.login('reviewer.zhengzhou');
      const lead = await t.login('lead.zhengzhou');
      const item = await createItem(t);
      const city = await createImpl(t, reviewer, {
        itemId: item.id,
        departmentCode: '410100-SCJG',
        elements: validElements(),
      });
      const cityV3 = await submitAndPublish(t, reviewer, lead, city.id, city.version);

      const notPublished = await t.app.inject({
        method: 'POST',
        url: '/api/v1/catalog/implementations',
        headers: reviewer,
        payload: {
          itemId: item.id,
          departmentCode: '410105-SCJG',
          effectiveFrom: '2026-01-01',
          derivedFrom: { implementationId: city.id, version: 2 },
        },
      });
      assert.equal(notPublished.json().error.code, 'DERIVATION_SOURCE_NOT_PUBLISHED');
      const upwards = await t.app.inject({
        method: 'POST',
        url: '/api/v1/catalog/implementations',
        headers: reviewer,
        payload: {
          itemId: item.id,
          departmentCode: '410100-SCJG',
          effectiveFrom: '2026-01-01',
          derivedFrom: { implementationId: city.id, version: 3 },
        },
      });
      assert.equal(upwards.json().error.code, 'DERIVATION_REGION_MISMATCH');

      const copy = await createImpl(t, reviewer, {
        itemId: item.id,
        departmentCode: '410105-SCJG',
        derivedFrom: { implementationId: city.id, version: 3 },
        elements: { promisedDays: 4 },
      });
      assert.deepEqual(copy.derivedFrom, { implementationId: city.id, version: 3 });
      await submitAndPublish(t, reviewer, lead, copy.id, copy.version);
      const diff = await t.app.inject({
        method: 'GET',
        url: `/api/v1/catalog/diff?a=${city.id}@3&b=${copy.id}@3`,
        headers: reviewer,
      });
      assert.equal(diff.statusCode, 200, diff.body);
      assert.deepEqual(
        diff.json().changes.map((c: { element: string }) => c.element),
        ['promisedDays'],
      );
      assert.deepEqual([diff.json().changes[0].a, diff.json().changes[0].b], [5, 4]);

      let drift = await t.app.inject({
        method: 'GET',
        url: '/api/v1/catalog/reports/drift?region=410100',
        headers: reviewer,
      });
      assert.deepEqual(drift.json().items, [], 'no drift while the source has not moved');

      t.clock.advance(60_000);
      const opened = await act(t, reviewer, city.id, 'revise', cityV3.version);
      const extra = material('health', '从业人员健康证明', fromApplicant);
      const edited = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/catalog/implementations/${city.id}`,
        headers: reviewer,
        payload: {
          version: opened.json().version,
          elements: { materials: [...validElements().materials, extra], statutoryDays: 15 },
        },
      });
      await submitAndPublish(t, reviewer, lead, city.id, edited.json().version);
      drift = await t.app.inject({ method: 'GET', url: '/api/v1/catalog/reports/drift', headers: reviewer });
      assert.equal(drift.statusCode, 200, drift.body);
      const rows = drift.json().items;
      assert.equal(rows.length, 1);
      assert.equal(rows[0].implementationId, copy.id);
      assert.deepEqual([rows[0].source.version, rows[0].source.latestVersion], [3, 7]);
      assert.deepEqual(rows[0].changedElements, ['materials', 'statutoryDays']);
      const keyed = await t.app.inject({
        method: 'GET',
        url: `/api/v1/catalog/diff?a=${city.id}@3&b=${city.id}@7`,
        headers: reviewer,
      });
      assert.deepEqual(
        keyed.json().changes.find((c: { element: string }) => c.element === 'materials'),
        { element: 'materials', key: 'health', change: 'added', a: null, b: extra },
      );

      // The copy revises onto the source's latest version: no longer drifting.
      const r = await act(t, reviewer, copy.id, 'revise', 3);
      const repointed = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/catalog/implementations/${copy.id}`,
        headers: reviewer,
        payload: {
          version: r.json().version,
          derivedFromVersion: 7,
          elements: { materials: [...validElements().materials, extra], statutoryDays: 15 },
        },
      });
      assert.equal(repointed.statusCode, 200, repointed.body);
      await submitAndPublish(t, reviewer, lead, copy.id, repointed.json().version);
      drift = await t.app.inject({ method: 'GET', url: '/api/v1/catalog/reports/drift', headers: reviewer });
      assert.deepEqual(drift.json().items, []);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] the checker: gaps in a region, and impossible published implementations`, async () => {
    const t = await testApp(dialect);
    try {
      const reviewer = await t.login('reviewer.zhengzhou');
      const countyOnly = await createItem(t, { levels: ['county'], name: '县级事项（无实施清单）' });
      const cityOnly = await createItem(t, { levels: ['city'], name: '市级事项' });
      const drafted = await createItem(t, { levels: ['county'], name: '县级事项（仅有草稿）' });
      await createImpl(t, reviewer, { itemId: drafted.id, departmentCode: '410105-SCJG', elements: validElements() });
      const { item: covered, impl } = await publishedImpl(t);
      const gaps = await t.app.inject({
        method: 'GET',
        url: '/api/v1/catalog/reports/gaps?region=410105',
        headers: reviewer,
      });
      assert.equal(gaps.statusCode, 200, gaps.body);
      const byItem = new Map(
        gaps.json().items.map((g: { itemId: string; unpublished: number }) => [g.itemId, g.unpublished]),
      );
      assert.equal(byItem.get(countyOnly.id), 0);
      assert.equal(byItem.get(drafted.id), 1);
      assert.ok(!byItem.has(cityOnly.id), 'not exercised at county level');
      assert.ok(!byItem.has(covered.id), 'published in 410105');
      const paged = await t.app.inject({
        method: 'GET',
        url: '/api/v1/catalog/reports/gaps?region=410105&limit=1',
        headers: reviewer,
      });
      assert.equal(paged.json().items.length, 1);
      const next = await t.app.inject({
        method: 'GET',
        url: `/api/v1/catalog/reports/gaps?region=410105&limit=1&cursor=${paged.json().nextCursor}`,
        headers: reviewer,
      });
      assert.notEqual(next.json().items[0].itemId, paged.json().items[0].itemId);

      let impossible = await t.app.inject({
        method: 'GET',
        url: '/api/v1/catalog/reports/impossible?region=410100',
        headers: reviewer,
      });
      assert.deepEqual(impossible.json().items, []);
      // Crafted: a published version as a legacy import would leave it, bypassing the lifecycle's checks.
      const bad = {
        ...validElements(),
        channels: [],
        process: [],
        statutoryDays: 3,
        promisedDays: 5,
        materials: [{ ...validElements().materials[0], source: null }],
      };
      await t.k.db
        .updateTable('catalog_implementation_versions')
        .set({ elements: bad })
        .where('implementation_id', '=', impl.id)
        .execute();
      impossible = await t.app.inject({
        method: 'GET',
        url: '/api/v1/catalog/reports/impossible?region=410100',
        headers: reviewer,
      });
      const row = impossible.json().items[0];
      assert.equal(row.implementationId, impl.id);
      assert.deepEqual(
        row.findings.map((f: { code: string }) => f.code),
        ['NO_CHANNEL', 'NO_PROCESS', 'PROMISED_EXCEEDS_STATUTORY', 'MATERIAL_WITHOUT_SOURCE'],
      );
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] the rubric scores 0–100 and names what is missing or vague`, async () => {
    const t = await testApp(dialect);
    try {
      const { impl, reviewer } = await publishedImpl(t);
      const full = await t.app.inject({
        method: 'GET',
        url: `/api/v1/catalog/implementations/${impl.id}/rubric?version=3`,
        headers: reviewer,
      });
      assert.equal(full.statusCode, 200, full.body);
      assert.equal(full.json().score, 100);
      assert.deepEqual(full.json().findings, []);

      const item = await createItem(t, { legalBasis: [] });
      const vague = validElements({
        acceptanceConditions: [],
        materials: [
          validElements().materials[0],
          material('other', '其他材料', fromApplicant),
          material('proxy', '授权委托书', fromApplicant, { requirement: 'conditional', condition: null }),
        ],
        fees: { charged: true, basis: null, items: [{ name: '工本费', amountFen: 1000, basis: null }], reductions: [] },
        contacts: { consultation: [], complaint: [] },
      });
      const draft = await createImpl(t, reviewer, { itemId: item.id, departmentCode: '410105-SCJG', elements: vague });
      const r = await t.app.inject({
        method: 'GET',
        url: `/api/v1/catalog/implementations/${draft.id}/rubric`,
        headers: reviewer,
      });
      const body = r.json();
      assert.equal(body.version, null, 'the working copy');
      assert.equal(body.score, 54);
      const lost = Object.fromEntries(
        body.criteria.map((c: { criterion: string; lost: number }) => [c.criterion, c.lost]),
      );
      assert.deepEqual(lost, {
        legal_basis: 10,
        acceptance_conditions: 10,
        materials: 10,
        time_limits: 0,
        fees: 6,
        process: 0,
        channels: 0,
        contacts: 10,
        result: 0,
        form: 0,
      });
      assert.deepEqual(
        body.findings.map((f: { element: string; severity: string }) => `${f.element}:${f.severity}`),
        [
          'item.legalBasis:missing',
          'acceptanceConditions:missing',
          'materials.1.name:vague',
          'materials.2.condition:missing',
          'fees.items.0.basis:missing',
          'contacts.consultation:missing',
          'contacts.complaint:missing',
        ],
      );
      assert.ok(body.findings.every((f: { zh: string; en: string }) => f.zh && f.en));
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] before 提交审核 the rubric check names what got worse and asks for confirmation`, async () => {
    const t = await testApp(dialect);
    try {
      const { impl, reviewer } = await publishedImpl(t);
      const check = (headers: Record<string, string>) =>
        t.app.inject({ method: 'GET', url: `/api/v1/catalog/implementations/${impl.id}/rubric/check`, headers });
      const unchanged = (await act(t, reviewer, impl.id, 'revise', 3)).json();
      const same = await check(reviewer);
      assert.equal(same.statusCode, 200, same.body);
      assert.deepEqual(
        { ...(same.json() as object), implementationId: undefined },
        {
          implementationId: undefined,
          score: 100,
          publishedScore: 100,
          newFindings: [],
          impossibilities: [],
          needsConfirmation: false,
        },
      );

      // 承诺 4 个工作日 while the steps still sum to 5: the score falls and the check says why.
      const edited = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/catalog/implementations/${impl.id}`,
        headers: reviewer,
        payload: { version: unchanged.version, elements: { promisedDays: 4 }, reason: '压缩时限' },
      });
      assert.equal(edited.statusCode, 200, edited.body);
      const worse = (await check(reviewer)).json();
      assert.equal(worse.publishedScore, 100);
      assert.ok(worse.score < 100, `score ${worse.score}`);
      assert.deepEqual(
        worse.newFindings.map((f: { element: string; severity: string }) => `${f.element}:${f.severity}`),
        ['process:inconsistent'],
      );
      assert.equal(worse.needsConfirmation, true);

      const anonymous = await check({});
      assert.equal(anonymous.statusCode, 401, 'the working copy is for staff only');
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] the demo catalog: ≥ 10 items, published with copies, illustrative everywhere, idempotent`, async () => {
    const t = await testApp(dialect);
    try {
      const { seedCatalogDemo } = await import('./demo.ts');
      await seedCatalogDemo(t.k, { enterprises: 0, persons: 0 });
      await seedCatalogDemo(t.k, { enterprises: 0, persons: 0 });
      const admin = await t.login('admin');
      const items = (
        await t.app.inject({ method: 'GET', url: '/api/v1/catalog/items?limit=100', headers: admin })
      ).json().items;
      assert.ok(items.length >= 10, `${items.length} items`);
      assert.ok(items.every((i: { illustrative: boolean }) => i.illustrative));
      const impls = (
        await t.app.inject({ method: 'GET', url: '/api/v1/catalog/implementations?limit=200', headers: admin })
      ).json().items;
      assert.ok(impls.length >= 30);
      assert.ok(
        impls.every((i: { status: string; illustrative: boolean }) => i.status === 'published' && i.illustrative),
      );
      const copies = impls.filter((i: { region: string }) => i.region === '410105');
      // The list's keyword search: an item name, a department name, a code — each found, nothing else.
      const search = async (q: string) =>
        (
          await t.app.inject({
            method: 'GET',
            url: `/api/v1/catalog/implementations?limit=200&q=${encodeURIComponent(q)}`,
            headers: admin,
          })
        ).json().items as Array<{ code: string; item: { name: string }; department: { name: string } }>;
      const foodImpls = impls.filter((i: { item: { name: string } }) => i.item.name.includes('食品经营许可'));
      assert.ok(foodImpls.length >= 2);
      assert.deepEqual(
        (await search('食品经营许可')).map((i) => i.code).sort(),
        foodImpls.map((i: { code: string }) => i.code).sort(),
      );
      const jinshui = await search('金水区');
      assert.ok(jinshui.length >= 8 && jinshui.every((i) => i.department.name.includes('金水区')));
      assert.deepEqual(
        (await search(copies[0].code)).map((i) => i.code),
        [copies[0].code],
      );
      assert.deepEqual(await search('没有这样的事项'), []);
      assert.ok(copies.length >= 8 && copies.every((i: { derivedFrom: unknown }) => i.derivedFrom));
      const anon = await t.app.inject({ method: 'GET', url: `/api/v1/catalog/implementations/${copies[0].id}` });
      assert.equal(anon.json().illustrative, true);
      const drift = await t.app.inject({ method: 'GET', url: '/api/v1/catalog/reports/drift', headers: admin });
      assert.equal(drift.json().items.length, 2, 'the revised 食品经营许可 leaves its two copies drifting');
      const impossible = await t.app.inject({
        method: 'GET',
        url: '/api/v1/catalog/reports/impossible',
        headers: admin,
      });
      assert.deepEqual(impossible.json().items, []);
      const food = await t.app.inject({
        method: 'GET',
        url: '/api/v1/catalog/applicable?itemCode=410A0300100000&region=410105',
      });
      assert.equal(food.statusCode, 200, food.body);
      assert.equal(food.json().region, '410105');
      assert.equal(food.json().illustrative, true);
    } finally {
      await t.close();
    }
  });
}
