/** Bundles through the public API, on every dialect: merged form and materials, conflicts, separation of duties, immutable versions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../../kernel/db/testing.ts';
import { testApp, type TestApp } from '../../../server/testing.ts';
import { actionsOf } from '../../../kernel/audit.ts';
import { CERT, applicationForm, certificate, form, fromApplicant, material } from '../demo-builders.ts';
import { act, createImpl, createItem, publishedImpl, submitAndPublish, validElements } from '../test-fixtures.ts';
import { seedCatalogDemo, seedHenanDemo } from '../demo.ts';
import { seedBundleDemo } from './demo.ts';

const dialects = await testDialects();
type H = Record<string, string>;
const URL = '/api/v1/catalog/bundles';

/** A published 410105 implementation with the given form and materials. */
async function member(
  t: TestApp,
  reviewer: H,
  lead: H,
  formFields: Parameters<typeof form>[1][],
  materials = validElements().materials,
) {
  const item = await createItem(t);
  const draft = await createImpl(t, reviewer, {
    itemId: item.id,
    departmentCode: '410105-SCJG',
    elements: validElements({ form: form('申请', ...formFields), materials }),
  });
  return submitAndPublish(t, reviewer, lead, draft.id, draft.version);
}

const post = (t: TestApp, headers: H, url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers, payload });
const move = (t: TestApp, headers: H, id: string, action: string, version: number) =>
  post(t, headers, `${URL}/${id}/${action}`, { version, reason: `测试：${action}` });

for (const dialect of dialects) {
  test(`[${dialect}] a bundle asks shared fields once, lists shared materials once, and a form conflict blocks it until fixed`, async () => {
    const t = await testApp(dialect);
    try {
      const { impl: a, reviewer, lead } = await publishedImpl(t); // form: enterprise.*, applicant.name, applicant.phone, site.address
      const b = await member(
        t,
        reviewer,
        lead,
        [
          ['applicant.name', '申请人'],
          ['site.address', '场所地址'],
          ['site.area', '面积', 'number'],
        ],
        [
          applicationForm('application', '卫生许可申请表'),
          material('yyzz', '营业执照（副本）', certificate(CERT.businessLicence)),
          material('plan', '平面图', fromApplicant),
        ],
      );
      const c = await member(t, reviewer, lead, [
        ['applicant.name', '申请人'],
        ['site.address', '门牌号', 'integer'],
      ]);
      const members = [
        { key: 'setup', implementationId: a.id, version: a.publishedVersion },
        { key: 'hygiene', implementationId: b.id, version: b.publishedVersion, dependsOn: ['setup'] },
      ];

      const refusals: Array<[object, string]> = [
        [{ members: [members[0], { ...members[1], version: 2 }] }, 'BUNDLE_MEMBER_NOT_PUBLISHED'],
        [{ members: [{ ...members[0], dependsOn: ['hygiene'] }, members[1]] }, 'BUNDLE_DEPENDENCY_CYCLE'],
        [{ members: [members[0], { ...members[1], dependsOn: ['nobody'] }] }, 'BUNDLE_DEPENDENCY_UNKNOWN'],
        [{ region: '410102' }, 'BUNDLE_MEMBER_REGION'],
      ];
      const base = { code: 'YJS-TEST-1', name: '开办测试店一件事', lifeEvent: '开办测试店', region: '410105', members };
      for (const [over, code] of refusals)
        assert.equal((await post(t, reviewer, URL, { ...base, ...over })).json().error.code, code, code);
      assert.deepEqual(
        (await t.app.inject({ method: 'GET', url: URL, headers: reviewer })).json().items,
        [],
        'refused definitions change nothing',
      );

      const created = await post(t, reviewer, URL, base);
      assert.equal(created.statusCode, 201, created.body);
      const bundle = created.json();
      assert.deepEqual(bundle.conflicts, []);
      const asked = bundle.form.fields.filter((f: { semanticKey: string }) => f.semanticKey === 'applicant.name');
      assert.deepEqual(
        asked.map((f: { askedBy: string[] }) => f.askedBy),
        [['setup', 'hygiene']],
        'asked once, for both',
      );
      assert.equal(Object.keys(bundle.form.schema.properties).filter((p) => p === 'site_address').length, 1);
      const licence = bundle.materials.filter(
        (m: { source: { certificateType: string } | null }) => m.source?.certificateType === CERT.businessLicence,
      );
      assert.equal(licence.length, 1, 'one 营业执照 for both members');
      assert.deepEqual(
        licence[0].neededBy.map((n: { member: string }) => n.member),
        ['setup', 'hygiene'],
      );
      assert.deepEqual(
        [bundle.summary.stages, bundle.summary.promisedDays],
        [2, 10],
        'two stages of 5 promised days each',
      );
      assert.equal((await post(t, reviewer, URL, base)).json().error.code, 'BUNDLE_CODE_TAKEN');

      const conflicting = (
        await post(t, reviewer, URL, {
          ...base,
          code: 'YJS-TEST-2',
          members: [members[0], { key: 'door', implementationId: c.id, version: c.publishedVersion }],
        })
      ).json();
      assert.deepEqual(
        conflicting.conflicts.map((x: { semanticKey: string; kind: string }) => [x.semanticKey, x.kind]),
        [['site.address', 'type']],
        'reported when the bundle is defined',
      );
      // A refusal does not disclose: to the public a draft bundle answers exactly as an absent one.
      const missing = '01JZZZZZZZZZZZZZZZZZZZZZZZ';
      for (const suffix of ['', '/versions', '/guide']) {
        const seen = (r: { statusCode: number; body: string }, id: string) => ({
          status: r.statusCode,
          ...JSON.parse(r.body.split(id).join('ID')).error,
          requestId: null,
        });
        const draftAnswer = await t.app.inject({ method: 'GET', url: `${URL}/${conflicting.id}${suffix}` });
        const absentAnswer = await t.app.inject({ method: 'GET', url: `${URL}/${missing}${suffix}` });
        assert.equal(absentAnswer.statusCode, 404, `GET bundles/:id${suffix}`);
        assert.deepEqual(
          seen(draftAnswer, conflicting.id),
          seen(absentAnswer, missing),
          `GET bundles/:id${suffix}: a draft reads as absent`,
        );
      }
      const blocked = await move(t, reviewer, conflicting.id, 'submit', conflicting.version);
      assert.equal(blocked.statusCode, 422);
      assert.equal(blocked.json().error.code, 'BUNDLE_FORM_CONFLICT');
      assert.equal(blocked.json().error.details[0].semanticKey, 'site.address');
      assert.equal(
        (await t.app.inject({ method: 'GET', url: `${URL}/${conflicting.id}`, headers: reviewer })).json().status,
        'draft',
      );
      const fixed = await t.app.inject({
        method: 'PATCH',
        url: `${URL}/${conflicting.id}`,
        headers: reviewer,
        payload: {
          version: conflicting.version,
          members: [members[0], { key: 'door', implementationId: b.id, version: b.publishedVersion }],
          reason: '换用无冲突的成员',
        },
      });
      assert.equal(fixed.statusCode, 200, fixed.body);
      assert.deepEqual(fixed.json().conflicts, []);
      const submitted = await move(t, reviewer, conflicting.id, 'submit', fixed.json().version);
      assert.equal(submitted.statusCode, 200, submitted.body);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] the submitter cannot publish; a published bundle version never changes; its guide is public`, async () => {
    const t = await testApp(dialect);
    try {
      const { impl: a, reviewer, lead } = await publishedImpl(t);
      const b = await member(t, reviewer, lead, [
        ['applicant.name', '申请人'],
        ['site.area', '面积', 'number'],
      ]);
      const admin = await t.login('admin');
      const members = [
        { key: 'first', implementationId: a.id, version: a.publishedVersion },
        { key: 'second', implementationId: b.id, version: b.publishedVersion, parallelGroup: 'together' },
      ];
      const draft = (
        await post(t, lead, URL, {
          code: 'YJS-TEST-3',
          name: '测试一件事',
          lifeEvent: '测试',
          region: '410105',
          members,
        })
      ).json();
      assert.equal(
        (await t.app.inject({ method: 'GET', url: `${URL}/${draft.id}` })).statusCode,
        404,
        'a draft is not public',
      );

      const submitted = (await move(t, lead, draft.id, 'submit', draft.version)).json();
      const own = await move(t, lead, draft.id, 'publish', submitted.version);
      assert.equal(own.statusCode, 403);
      assert.equal(own.json().error.code, 'SEPARATION_OF_DUTIES');
      assert.equal(
        (await move(t, reviewer, draft.id, 'publish', submitted.version)).statusCode,
        403,
        'a reviewer does not carry catalog:publish',
      );
      const published = await move(t, admin, draft.id, 'publish', submitted.version);
      assert.equal(published.statusCode, 200, published.body);
      assert.deepEqual([published.json().status, published.json().publishedVersion], ['published', 3]);
      const v3 = (await t.app.inject({ method: 'GET', url: `${URL}/${draft.id}/versions/3` })).json();
      assert.equal(v3.publishedBy, null, 'the public sees no staff account ids');

      const edit = await t.app.inject({
        method: 'PATCH',
        url: `${URL}/${draft.id}`,
        headers: reviewer,
        payload: { version: 3, name: '改名' },
      });
      assert.equal(edit.statusCode, 409);
      assert.equal(edit.json().error.code, 'BUNDLE_NOT_EDITABLE');
      const revised = (await move(t, reviewer, draft.id, 'revise', 3)).json();
      const renamed = await t.app.inject({
        method: 'PATCH',
        url: `${URL}/${draft.id}`,
        headers: reviewer,
        payload: {
          version: revised.version,
          name: '测试一件事（第二版）',
          members: [
            members[0],
            { key: 'second', implementationId: b.id, version: b.publishedVersion, dependsOn: ['first'] },
          ],
        },
      });
      assert.equal(renamed.statusCode, 200, renamed.body);
      const publicView = (await t.app.inject({ method: 'GET', url: `${URL}/${draft.id}` })).json();
      assert.deepEqual(
        [publicView.name, publicView.version],
        ['测试一件事', 3],
        'while revised, the public still sees version 3',
      );
      const resubmitted = (await move(t, reviewer, draft.id, 'submit', renamed.json().version)).json();
      const v7 = (await move(t, lead, draft.id, 'publish', resubmitted.version)).json();
      assert.equal(v7.publishedVersion, 7);

      const old = (
        await t.app.inject({ method: 'GET', url: `${URL}/${draft.id}/versions/3`, headers: reviewer })
      ).json();
      assert.deepEqual(
        [old.status, old.name, old.digest, old.summary.stages],
        ['superseded', '测试一件事', v3.digest, 1],
        'version 3 kept its content',
      );
      const list = (await t.app.inject({ method: 'GET', url: `${URL}/${draft.id}/versions` })).json();
      assert.deepEqual(
        list.items.map((v: { version: number; status: string }) => [v.version, v.status]),
        [
          [7, 'published'],
          [3, 'superseded'],
        ],
      );
      const rows = await t.k.db
        .selectFrom('catalog_bundle_versions')
        .select(['version', 'name'])
        .where('bundle_id', '=', draft.id)
        .orderBy('version')
        .execute();
      assert.deepEqual(
        rows.map((r) => [Number(r.version), r.name]),
        [
          [3, '测试一件事'],
          [7, '测试一件事（第二版）'],
        ],
      );

      const guide = await t.app.inject({ method: 'GET', url: `${URL}/${draft.id}/guide` });
      assert.equal(guide.statusCode, 200, guide.body);
      const g = guide.json();
      assert.deepEqual([g.version, g.stages.length, g.stages[1].members[0].key], [7, 2, 'second']);
      assert.equal(g.members[0].guide.title, a.item.name, 'each member’s own guide, built from its pinned version');
      assert.equal(
        (await t.app.inject({ method: 'GET', url: `${URL}/${draft.id}/guide?version=3` })).json().stages.length,
        1,
      );

      const acts = await actionsOf(t.k.db, 'catalog.bundle', draft.id);
      assert.deepEqual(
        acts.map((x) => x.action),
        ['create', 'submit', 'publish', 'revise', 'edit', 'submit', 'publish'],
      );
      assert.deepEqual([acts[1].actorRole, acts[2].actorRole], ['department_lead', 'admin']);
      const events = await t.k.db
        .selectFrom('kernel_outbox')
        .select('type')
        .where('subject_id', '=', draft.id)
        .where('type', '=', 'catalog.bundle.published')
        .execute();
      assert.equal(events.length, 2);

      const retired = await act(t, lead, a.id, 'retire', a.version); // a member retired meanwhile blocks the next publication
      assert.equal(retired.statusCode, 200, retired.body);
      const again = (await move(t, reviewer, draft.id, 'revise', 7)).json();
      const blocked = await move(t, reviewer, draft.id, 'submit', again.version);
      assert.equal(blocked.json().error.code, 'BUNDLE_MEMBER_UNUSABLE');
      const dropped = await move(t, reviewer, draft.id, 'discard', again.version);
      assert.equal(dropped.statusCode, 200, dropped.body);
      assert.deepEqual(
        [dropped.json().status, dropped.json().name, dropped.json().members.length],
        ['published', '测试一件事（第二版）', 2],
        'discarding the revision restores the published content',
      );
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] demo: 新生儿出生, 开办餐饮店 and 退休 are published bundles of demo implementations; seeding twice adds nothing`, async () => {
    const t = await testApp(dialect);
    try {
      await seedCatalogDemo(t.k, { enterprises: 0, persons: 0 });
      await seedHenanDemo(t.k);
      await seedBundleDemo(t.k);
      await seedBundleDemo(t.k);
      const list = (
        await t.app.inject({ method: 'GET', url: `${URL}?region=410105`, headers: await t.login('reviewer.zhengzhou') })
      ).json().items;
      assert.deepEqual(
        list.map((b: { lifeEvent: string; status: string; conflicts: unknown[] }) => [
          b.lifeEvent,
          b.status,
          b.conflicts.length,
        ]),
        [
          ['新生儿出生', 'published', 0],
          ['开办餐饮店', 'published', 0],
          ['退休', 'published', 0],
        ],
      );
      const birth = list[0];
      assert.equal(birth.members.length, 4);
      const id = birth.materials.filter(
        (m: { source: { certificateType: string } | null }) => m.source?.certificateType === CERT.residentId,
      );
      assert.equal(id.length, 1, 'one 居民身份证 for every member');
      assert.equal(id[0].neededBy.length, 4);
      const retirement = list[2];
      assert.deepEqual(
        retirement.form.fields.find((f: { semanticKey: string }) => f.semanticKey === 'retirement.date').askedBy,
        ['pension', 'retiree_medical', 'fund_withdrawal'],
      );
      assert.deepEqual([retirement.summary.stages, retirement.summary.promisedDays], [2, 8]);
      const guide = await t.app.inject({ method: 'GET', url: `${URL}/${list[1].id}/guide` });
      assert.equal(guide.statusCode, 200, guide.body);
      assert.deepEqual(
        guide.json().stages.map((s: { members: Array<{ key: string }> }) => s.members.map((m) => m.key)),
        [['enterprise_setup'], ['food_business', 'public_place_hygiene']],
      );
    } finally {
      await t.close();
    }
  });
}
