/** Delegation (放权赋能): the competent body before and after the effective date and after a rollback — on every dialect. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../../kernel/db/testing.ts';
import { testApp, type TestApp } from '../../../server/testing.ts';
import { actionsOf } from '../../../kernel/audit.ts';
import { createImpl, createItem, submitAndPublish, validElements } from '../test-fixtures.ts';
import { competentBodyFor } from './competent-body.ts';
import { seedCatalogDemo } from '../demo.ts';
import { seedDelegationDemo } from './demo.ts';

const dialects = await testDialects();
type H = Record<string, string>;
const URL = '/api/v1/catalog/delegations';

async function body(t: TestApp, itemId: string, region: string, at?: string) {
  const r = await t.app.inject({
    method: 'GET',
    url: `/api/v1/catalog/competent-body?itemId=${itemId}&region=${region}${at ? `&at=${encodeURIComponent(at)}` : ''}`,
  });
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as {
    region: string;
    basis: string;
    delegationId: string | null;
    department: { code: string };
    implementation: { implementationId: string; region: string };
  };
}

async function delegate(t: TestApp, headers: H, payload: object) {
  return t.app.inject({ method: 'POST', url: URL, headers, payload });
}

for (const dialect of dialects) {
  test(`[${dialect}] a delegation sends cases filed from its effective date to the county; a rollback brings later ones back`, async () => {
    const t = await testApp(dialect); // now: 2026-12-01 10:00 Asia/Shanghai
    try {
      let reviewer = await t.login('reviewer.zhengzhou');
      let lead = await t.login('lead.zhengzhou');
      const item = await createItem(t);
      const city = await createImpl(t, reviewer, {
        itemId: item.id,
        departmentCode: '410100-SCJG',
        elements: validElements(),
      });
      await submitAndPublish(t, reviewer, lead, city.id, city.version);
      assert.deepEqual(
        [(await body(t, item.id, '410105')).region, (await body(t, item.id, '410105')).basis],
        ['410100', 'own'],
      );

      const good = {
        itemId: item.id,
        fromRegion: '410100',
        toRegions: ['410105', '410102'],
        effectiveFrom: '2026-12-10',
        reason: '放权赋能：下放至金水区、中原区',
        document: '郑政〔2026〕99号（测试）',
      };
      const refusals: Array<[H, object, string]> = [
        [lead, { effectiveFrom: '2026-11-30' }, 'DELEGATION_RETROACTIVE'],
        [lead, { toRegions: ['410302'] }, 'DELEGATION_TARGET_OUTSIDE'],
        [lead, { toRegions: ['410100'] }, 'DELEGATION_TARGET_LEVEL'],
        [lead, { fromRegion: '410105', toRegions: ['410105'] }, 'DELEGATION_FROM_LEVEL'],
        [lead, { fromRegion: '410000' }, 'OUT_OF_JURISDICTION'],
        [reviewer, {}, 'FORBIDDEN'],
      ];
      for (const [headers, over, code] of refusals)
        assert.equal((await delegate(t, headers, { ...good, ...over })).json().error.code, code, code);
      assert.deepEqual(
        (await t.app.inject({ method: 'GET', url: `${URL}?itemId=${item.id}`, headers: reviewer })).json().items,
        [],
        'refusals change nothing',
      );

      const created = await delegate(t, lead, good);
      assert.equal(created.statusCode, 201, created.body);
      const d = created.json();
      assert.equal(d.inForce, false);
      assert.deepEqual(
        d.toRegions.map((x: { department: { code: string } }) => x.department.code),
        ['410105-SCJG', '410102-SCJG'],
      );
      assert.equal(
        (await delegate(t, lead, { ...good, toRegions: ['410105'], effectiveFrom: '2026-12-20' })).json().error.code,
        'DELEGATION_OVERLAP',
      );

      // Before the effective date (Shanghai) the city is competent; from 00:00 on 12-10 the county is.
      assert.equal((await body(t, item.id, '410105')).basis, 'own');
      assert.equal((await body(t, item.id, '410105', '2026-12-09T15:59:59Z')).region, '410100');
      const after = await body(t, item.id, '410105', '2026-12-09T16:00:00Z');
      assert.deepEqual(
        [after.region, after.basis, after.delegationId, after.department.code],
        ['410105', 'delegated', d.id, '410105-SCJG'],
      );
      assert.equal(
        after.implementation.implementationId,
        city.id,
        'no county implementation yet: handled under the city’s published version',
      );
      assert.equal(
        (await body(t, item.id, '410106', '2026-12-11T00:00:00Z')).region,
        '410100',
        'a county not listed stays with the city',
      );

      t.clock.set('2026-12-11T02:00:00Z'); // sessions expire meanwhile: log in again
      [reviewer, lead] = [await t.login('reviewer.zhengzhou'), await t.login('lead.zhengzhou')];
      const county = await createImpl(t, reviewer, {
        itemId: item.id,
        departmentCode: '410105-SCJG',
        elements: validElements({ promisedDays: 3 }),
      });
      await submitAndPublish(t, reviewer, lead, county.id, county.version);
      const own = await competentBodyFor(t.k, { itemId: item.id, region: '410105' });
      assert.ok(own.ok);
      assert.deepEqual(
        [own.body.implementation.implementationId, own.body.basis],
        [county.id, 'delegated'],
        'the county’s own published implementation',
      );

      const report = await t.app.inject({
        method: 'GET',
        url: '/api/v1/catalog/reports/delegations?region=410100',
        headers: reviewer,
      });
      assert.equal(report.statusCode, 200, report.body);
      assert.deepEqual(
        report
          .json()
          .items.map(
            (r: { county: string; volume: number; onTimeRate: null; metricsStatus: string; inForce: boolean }) => [
              r.county,
              r.volume,
              r.onTimeRate,
              r.metricsStatus,
              r.inForce,
            ],
          ),
        [
          ['410102', 0, null, 'from_cases', true],
          ['410105', 0, null, 'from_cases', true],
        ],
      );

      t.clock.set('2026-12-20T02:00:00Z');
      [reviewer, lead] = [await t.login('reviewer.zhengzhou'), await t.login('lead.zhengzhou')];
      const stale = await t.app.inject({
        method: 'POST',
        url: `${URL}/${d.id}/rollback`,
        headers: lead,
        payload: { version: 2, reason: '承接能力不足' },
      });
      assert.equal(stale.json().error.code, 'VERSION_CONFLICT');
      const rolled = await t.app.inject({
        method: 'POST',
        url: `${URL}/${d.id}/rollback`,
        headers: lead,
        payload: { version: 1, reason: '承接能力不足，收回' },
      });
      assert.equal(rolled.statusCode, 200, rolled.body);
      assert.deepEqual(
        [rolled.json().status, rolled.json().inForce, rolled.json().rollbackReason],
        ['rolled_back', false, '承接能力不足，收回'],
      );
      const again = await t.app.inject({
        method: 'POST',
        url: `${URL}/${d.id}/rollback`,
        headers: lead,
        payload: { version: 2, reason: '再次收回' },
      });
      assert.equal(again.json().error.code, 'TRANSITION_NOT_ALLOWED');

      const back = await body(t, item.id, '410105');
      assert.deepEqual(
        [back.region, back.basis, back.implementation.implementationId],
        ['410100', 'own', city.id],
        'after the rollback the city is competent again, though the county implementation exists',
      );
      const filedBefore = await body(t, item.id, '410105', '2026-12-15T02:00:00Z');
      assert.deepEqual(
        [filedBefore.region, filedBefore.implementation.implementationId],
        ['410105', county.id],
        'a case filed while delegated stays with the county',
      );

      const history = await t.app.inject({ method: 'GET', url: `${URL}?region=410105`, headers: reviewer });
      assert.deepEqual(
        history.json().items.map((x: { id: string; status: string }) => [x.id, x.status]),
        [[d.id, 'rolled_back']],
      );
      assert.deepEqual(
        (await t.app.inject({ method: 'GET', url: '/api/v1/catalog/reports/delegations', headers: reviewer })).json()
          .items,
        [],
      );
      const acts = await actionsOf(t.k.db, 'catalog.delegation', d.id);
      assert.deepEqual(
        acts.map((a) => [a.action, a.actorRole, !!a.reason]),
        [
          ['delegate', 'department_lead', true],
          ['rollback', 'department_lead', true],
        ],
      );
      const events = await t.k.db
        .selectFrom('kernel_outbox')
        .select('type')
        .where('subject_id', '=', d.id)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        events.map((e) => e.type),
        ['catalog.delegation.created', 'catalog.delegation.rolled_back'],
      );
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] demo: the province's 药品零售企业许可 is delegated to 航空港区; seeding twice adds nothing`, async () => {
    const t = await testApp(dialect);
    try {
      await seedCatalogDemo(t.k, { enterprises: 0, persons: 0 });
      await seedDelegationDemo(t.k);
      await seedDelegationDemo(t.k);
      const item = await t.k.db
        .selectFrom('catalog_items')
        .select('id')
        .where('basic_code', '=', '410A0300400000')
        .executeTakeFirstOrThrow();
      const zone = await body(t, item.id, '410173');
      assert.deepEqual(
        [zone.region, zone.basis, zone.department.code, zone.implementation.region],
        ['410173', 'delegated', '410173-SCJG', '410000'],
      );
      assert.equal(
        (await body(t, item.id, '410105')).implementation.region,
        '410105',
        'elsewhere the county’s own implementation',
      );
      const all = await t.app.inject({ method: 'GET', url: URL, headers: await t.login('admin') });
      assert.equal(all.json().items.length, 1);
    } finally {
      await t.close();
    }
  });
}
