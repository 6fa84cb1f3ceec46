/**
 * Random inspections through the public API, on every dialect: directories, a joint task frozen and drawn by a
 * department lead and a supervisor (a wrong reveal voids a round), sample sizes per credit class, inspectors per
 * department, the sealed record, what the public sees before and after the window, a frozen population unaffected
 * by later directory changes, the yearly cap, results with the publication deadline's red light, statistics, and
 * another region's task answering as absent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp } from '../../server/testing.ts';
import { sha256Hex } from '../../kernel/audit.ts';
import { api, ceremony, enterprises, inspectionCatalogItem, secret, sha256, staff } from './test-helpers.ts';
import { LIGHT_JOB, resultJobs } from './results.ts';

const dialects = await testDialects();
const T = '/api/v1/inspections';

for (const dialect of dialects) {
  test(`[${dialect}] a joint random inspection: freeze, ceremony, draw, results, publicity`, async () => {
    const t = await testApp(dialect);
    try {
      const a = api(t);
      const lead = await t.login('lead.zhengzhou'); // department_lead, 410100-SCJG
      const admin = await t.login('admin');
      const supervisor = await t.login('supervisor.province');
      const away = await t.login('inspector.luoyang');

      // Directories: 40 enterprises, 10 in each credit class (B by default); items of two departments.
      const ents = await enterprises(t, 40);
      assert.deepEqual(await a.post(`${T}/targets/sync`, lead, { region: '410100' }), {
        added: 40,
        changed: 0,
        removed: 0,
      });
      for (let i = 0; i < 40; i++) {
        const cls = ['A', null, 'C', 'D'][Math.floor(i / 10)];
        if (cls) await a.post(`${T}/targets/${ents[i].uscc}`, lead, { creditClass: cls, reason: '信用分级' });
      }
      const scjgItem = await inspectionCatalogItem(t, '410T6000000001');
      const sthjItem = await inspectionCatalogItem(t, '410T6000000002', 'STHJ');
      const notInspection = await t.app.inject({
        method: 'POST',
        url: `${T}/items`,
        headers: lead,
        payload: { catalogItemId: 'nope', subjectType: 'enterprise', method: 'on_site' },
      });
      assert.equal(notInspection.statusCode, 404);
      const item1 = await a.post(
        `${T}/items`,
        lead,
        { catalogItemId: scjgItem.id, subjectType: 'enterprise', method: 'on_site' },
        201,
      );
      const item2 = await a.post(
        `${T}/items`,
        admin,
        { department: '410100-STHJ', catalogItemId: sthjItem.id, subjectType: 'enterprise', method: 'documents' },
        201,
      );
      await a.post(`${T}/plans`, lead, { year: 2026, title: '2026年度市场监管抽查计划', itemIds: [item1.id] }, 201);
      assert.equal((await a.get(`${T}/public/items?region=410100`)).items.length, 2);
      assert.equal((await a.get(`${T}/public/plans?year=2026`)).items.length, 1);

      const i1 = await staff(t, 'insp.scjg.1', '410100-SCJG');
      const i2 = await staff(t, 'insp.scjg.2', '410100-SCJG');
      const i3 = await staff(t, 'insp.scjg.3', '410100-SCJG');
      const e1 = await staff(t, 'insp.sthj.1', '410100-STHJ');
      const e2 = await staff(t, 'insp.sthj.2', '410100-STHJ');
      // The directory's staff picker: the lead's own department's staff, not yet in the directory.
      type Candidate = { accountId: string; name: string; department: string; entry: { status: string } | null };
      const candidates = async (h: Record<string, string>, q = '') =>
        (await a.get(`${T}/inspectors/candidates${q}`, h)).items as Candidate[];
      const ours = (await candidates(lead)).filter((c) => [i1.id, i2.id, i3.id].includes(c.accountId));
      assert.deepEqual(
        ours.map((c) => [c.name, c.department, c.entry]),
        [
          ['insp.scjg.1', '410100-SCJG', null],
          ['insp.scjg.2', '410100-SCJG', null],
          ['insp.scjg.3', '410100-SCJG', null],
        ],
      );
      assert.ok(
        !(await candidates(lead)).some((c) => c.accountId === e1.id),
        "another department's staff are not offered",
      );
      const notOurs = await t.app.inject({ url: `${T}/inspectors/candidates?department=410100-STHJ`, headers: lead });
      assert.equal(notOurs.statusCode, 400);
      assert.equal(notOurs.json().error.code, 'NOT_YOUR_DEPARTMENT');
      assert.equal((await t.app.inject({ url: `${T}/inspectors/candidates`, headers: away })).statusCode, 403);
      const noSuch = await t.app.inject({ url: `${T}/inspectors/candidates?department=nope`, headers: admin });
      assert.equal(noSuch.statusCode, 404);
      assert.deepEqual(
        (await candidates(admin, '?department=410100-STHJ')).map((c) => c.accountId).sort(),
        [e1.id, e2.id].sort(),
      );
      for (const [p, who] of [
        [i1, lead],
        [i2, lead],
        [i3, lead],
        [e1, admin],
        [e2, admin],
      ] as const)
        await a.post(`${T}/inspectors`, who, {
          accountId: p.id,
          certificateNo: `豫执${p.id.slice(-6)}`,
          fields: ['市场监管'],
          status: 'active',
        });
      assert.ok(
        (await candidates(lead))
          .filter((c) => [i1.id, i2.id, i3.id].includes(c.accountId))
          .every((c) => c.entry?.status === 'active'),
        'the picker shows the directory entry once added',
      );
      // i1 declared a relation to the first enterprise: recused from it.
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/registry/relations',
        headers: { ...i1.headers, 'idempotency-key': 'rel-1' },
        payload: { subjectType: 'enterprise', subjectId: ents[0].id, relation: 'kinship' },
      });

      // The editor's expected sample sizes: k = ceil(n × r / 10000).
      const preview = await a.post(`${T}/tasks/preview`, lead, { filter: { region: '410100' } });
      assert.deepEqual(
        preview.items.map((r: { stratum: string; population: number; sample: number }) => [
          r.stratum,
          r.population,
          r.sample,
        ]),
        [
          ['A', 10, 1],
          ['B', 10, 1],
          ['C', 10, 3],
          ['D', 10, 7],
        ],
      );
      const tooFew = await t.app.inject({
        method: 'POST',
        url: `${T}/tasks`,
        headers: lead,
        payload: {
          title: 'x',
          itemIds: [item1.id],
          filter: { region: '410100' },
          inspectorsPerTarget: 1,
          windowStart: '2026-12-01',
          windowEnd: '2026-12-31',
        },
      });
      assert.equal(tooFew.json().error.code, 'TOO_FEW_INSPECTORS');

      const task = await a.post(
        `${T}/tasks`,
        lead,
        {
          title: '2026年第四季度联合抽查',
          departments: ['410100-SCJG', '410100-STHJ'],
          itemIds: [item1.id, item2.id],
          filter: { region: '410100' },
          windowStart: '2026-12-01',
          windowEnd: '2026-12-31',
        },
        201,
      );
      assert.equal(task.status, 'draft');
      assert.deepEqual(task.ratios, { A: 300, B: 500, C: 3000, D: 7000 });

      // Jurisdiction: Luoyang's inspector sees no such task, exactly as an absent one.
      const other = await t.app.inject({ method: 'GET', url: `${T}/tasks/${task.id}`, headers: away });
      const none = await t.app.inject({ method: 'GET', url: `${T}/tasks/no-such-task`, headers: away });
      assert.equal(other.statusCode, 404);
      assert.equal(other.json().error.code, none.json().error.code);
      assert.equal(
        (await t.app.inject({ method: 'GET', url: `${T}/public/tasks/${task.id}` })).statusCode,
        404,
        'a draft is not public',
      );

      const frozen = await a.post(`${T}/tasks/${task.id}/freeze`, lead, { version: 1 });
      assert.equal(frozen.status, 'frozen');
      const populationBefore = await a.get(`${T}/public/tasks/${task.id}/population.tsv`);
      assert.equal(populationBefore.split('\n').length - 1, 40);

      // The directory changes after the freeze: the frozen population stays what it was.
      t.clock.advance(60_000);
      await a.post(`${T}/targets/${ents[0].uscc}`, lead, { creditClass: 'D', reason: '降级' });
      await enterprises(t, 1, 100);
      assert.equal((await a.post(`${T}/targets/sync`, lead, { region: '410100' })).added, 1);
      assert.equal(await a.get(`${T}/public/tasks/${task.id}/population.tsv`), populationBefore);

      // The ceremony: the lead alone cannot reveal; a wrong reveal voids the round, which stays on the record.
      const s1 = secret();
      const s2 = secret();
      await a.post(`${T}/tasks/${task.id}/commitments`, lead, { commitment: sha256(s1) });
      const lonely = await t.app.inject({
        method: 'POST',
        url: `${T}/tasks/${task.id}/reveals`,
        headers: lead,
        payload: { secret: s1 },
      });
      assert.equal(lonely.json().error.code, 'CEREMONY_INCOMPLETE');
      await a.post(`${T}/tasks/${task.id}/commitments`, supervisor, { commitment: sha256(s2) });
      const outsider = await t.app.inject({
        method: 'POST',
        url: `${T}/tasks/${task.id}/commitments`,
        headers: await t.login('reviewer.zhengzhou'),
        payload: { commitment: sha256(s1) },
      });
      assert.equal(outsider.statusCode, 403, 'a reviewer holds no witness permission');
      const voided = await a.post(`${T}/tasks/${task.id}/reveals`, supervisor, { secret: secret() });
      assert.equal(voided.round, 2);
      assert.equal(voided.rounds[0].status, 'voided');
      assert.equal(voided.status, 'frozen');

      const drawn = await ceremony(t, task.id, [lead, supervisor]);
      assert.equal(drawn.status, 'drawn');
      const detail = await a.get(`${T}/tasks/${task.id}`, lead);
      const record = detail.record;
      assert.equal(detail.revealed, true);
      assert.equal(record.voidedRounds.length, 1);
      assert.deepEqual(Object.fromEntries(Object.entries(record.strata).map(([s, v]) => [s, (v as { k: number }).k])), {
        A: 1,
        B: 1,
        C: 3,
        D: 7,
      });
      assert.equal(record.selections.length, 12);
      for (const sel of record.selections) {
        assert.deepEqual(Object.keys(sel.inspectors).sort(), ['410100-SCJG', '410100-STHJ']);
        for (const ids of Object.values(sel.inspectors) as string[][]) assert.equal(new Set(ids).size, 2);
        if (sel.targetId === ents[0].uscc) assert.ok(!sel.inspectors['410100-SCJG'].includes(i1.id), 'recused');
      }
      // The record's digest is what the audit chain sealed.
      const seal = await t.k.db
        .selectFrom('kernel_actions')
        .selectAll()
        .where('subject_id', '=', task.id)
        .where('action', '=', 'seal')
        .executeTakeFirstOrThrow();
      assert.equal(seal.after_digest, detail.recordDigest);
      // The public sees counts, digests and commitments now; seed and selections after the window.
      const early = await a.get(`${T}/public/tasks/${task.id}`);
      assert.equal(early.revealed, false);
      assert.equal(early.record.seed, undefined);
      assert.equal(early.record.selections, undefined);
      assert.equal(early.record.population.digest, sha256Hex(populationBefore));
      assert.equal(early.rounds.length, 2);

      // Results: one visit per selected target (joint: one visit, both departments' items).
      await a.post(`${T}/tasks/${task.id}/start`, lead, { version: detail.version });
      const visits = (await a.get(`${T}/visits?taskId=${task.id}`, lead)).items;
      assert.equal(visits.length, 12);
      const [v1, v2] = visits;
      const inspectorHeaders = new Map([i1, i2, i3, e1, e2].map((p) => [p.id, p.headers]));
      const by = inspectorHeaders.get(v1.inspectors['410100-SCJG'][0])!;
      const notAssigned = [i1, i2, i3].find((p) => !v1.inspectors['410100-SCJG'].includes(p.id));
      if (notAssigned) {
        const refused = await t.app.inject({
          method: 'POST',
          url: `${T}/visits/${v1.id}/results`,
          headers: notAssigned.headers,
          payload: { itemId: item1.id, category: 'no_problem', evidence: [], inspectedOn: '2026-12-01' },
        });
        assert.equal(refused.json().error.code, 'NOT_ASSIGNED');
      }
      const after1 = await a.post(`${T}/visits/${v1.id}/results`, by, {
        itemId: item1.id,
        category: 'ordered_to_correct',
        evidence: ['现场照片1.jpg'],
        inspectedOn: '2026-12-01',
      });
      assert.ok(after1.dueDate > '2026-12-01');
      const incomplete = await t.app.inject({ method: 'POST', url: `${T}/visits/${v1.id}/publish`, headers: lead });
      assert.equal(incomplete.json().error.code, 'RESULTS_INCOMPLETE');
      await a.post(`${T}/visits/${v1.id}/results`, lead, {
        itemId: item2.id,
        category: 'no_problem',
        evidence: [],
        inspectedOn: '2026-12-01',
      });
      assert.equal((await a.post(`${T}/visits/${v1.id}/publish`, lead)).late, false);
      const events = await t.k.db
        .selectFrom('kernel_outbox')
        .select('type')
        .where('type', '=', 'inspections.result.recorded')
        .execute();
      assert.equal(events.length, 2);

      // 无事不扰: a second task with a yearly cap of 1 leaves out the 12 targets inspected this year, with the reason.
      const task2 = await a.post(
        `${T}/tasks`,
        lead,
        {
          title: '第二次抽查',
          itemIds: [item1.id],
          filter: { region: '410100' },
          yearlyCap: 1,
          windowStart: '2026-12-01',
          windowEnd: '2026-12-31',
        },
        201,
      );
      await a.post(`${T}/tasks/${task2.id}/freeze`, lead, { version: 1 });
      const excluded = (await a.get(`${T}/tasks/${task2.id}/exclusions`, lead)).items;
      assert.equal(excluded.length, 12);
      assert.match(excluded[0].reason, /本年度已被随机抽查 1 次/);
      assert.equal((await a.get(`${T}/tasks/${task2.id}`, lead)).frozen.population.count, 41 - 12);
      // A directory row rewritten in place after the freeze (bypassing the temporal rows): the draw re-reads the
      // population, its digest no longer matches the published one, and the draw refuses; nothing is drawn.
      const tampered = (
        await t.k.db
          .selectFrom('inspections_targets')
          .select(['row_id', 'uscc'])
          .where('valid_to', 'is', null)
          .where('credit_class', '=', 'A')
          .execute()
      ).find((r) => !excluded.some((x: { uscc: string }) => x.uscc === r.uscc))!;
      await t.k.db
        .updateTable('inspections_targets')
        .set({ credit_class: 'C', stratum: 'C' })
        .where('row_id', '=', tampered.row_id)
        .execute();
      const secrets2 = [secret(), secret()];
      for (const [i, who] of [lead, supervisor].entries())
        await a.post(`${T}/tasks/${task2.id}/commitments`, who, { commitment: sha256(secrets2[i]) });
      await a.post(`${T}/tasks/${task2.id}/reveals`, lead, { secret: secrets2[0] });
      const refused = await t.app.inject({
        method: 'POST',
        url: `${T}/tasks/${task2.id}/reveals`,
        headers: supervisor,
        payload: { secret: secrets2[1] },
      });
      assert.equal(refused.statusCode, 409, refused.body);
      assert.equal(refused.json().error.code, 'FROZEN_CHANGED');
      assert.equal((await a.get(`${T}/tasks/${task2.id}`, lead)).status, 'frozen');
      await t.k.db
        .updateTable('inspections_targets')
        .set({ credit_class: 'A', stratum: 'A' })
        .where('row_id', '=', tampered.row_id)
        .execute();
      // v2 is inspected but not published in time: the job lights it red; published late, it says so.
      await a.post(`${T}/visits/${v2.id}/results`, lead, {
        itemId: item1.id,
        category: 'no_problem',
        evidence: [],
        inspectedOn: '2026-12-01',
      });
      await a.post(`${T}/visits/${v2.id}/results`, lead, {
        itemId: item2.id,
        category: 'no_problem',
        evidence: [],
        inspectedOn: '2026-12-01',
      });
      t.clock.set('2027-01-20T02:00:00Z');
      await resultJobs(t.k)[LIGHT_JOB]({} as never, { now: t.clock.now() } as never);
      const lead2 = await t.login('lead.zhengzhou'); // sessions last an hour
      const red = await a.get(`${T}/visits/${v2.id}`, lead2);
      assert.equal(red.red, true);
      assert.equal((await a.get(`${T}/visits/${v1.id}`, lead2)).red, false);
      assert.equal((await a.post(`${T}/visits/${v2.id}/publish`, lead2)).late, true);

      // After the window the public sees the seed and selections; results are open data; statistics keep kinds apart.
      const late = await a.get(`${T}/public/tasks/${task.id}`);
      assert.equal(late.revealed, true);
      assert.equal(late.record.seed, record.seed);
      const results = await a.get(`${T}/public/results`);
      assert.equal(results.items.length, 2);
      const csv = await a.get(`${T}/public/results.csv`);
      assert.equal(csv.trim().split('\n').length, 1 + 4);
      const stats = await a.get(`${T}/public/statistics?region=410100`);
      assert.equal(stats.random.visits, 12);
      assert.equal(stats.random.published, 2);
      assert.equal(stats.random.withProblems, 1);
      assert.equal(stats.random.onTime, 1);
      assert.equal(stats.targeted.visits, 0);
      assert.deepEqual(
        stats.coverageByClass.map((c: { selected: number }) => c.selected),
        [1, 1, 3, 7],
      );

      // A targeted inspection is recorded apart, with its trigger.
      await a.post(
        `${T}/targeted`,
        lead2,
        {
          uscc: ents[5].uscc,
          trigger: 'complaint',
          triggerRef: '12345工单 2027-0001',
          itemIds: [item1.id],
          inspectors: [i2.id, i3.id],
        },
        201,
      );
      assert.equal((await a.get(`${T}/public/statistics?region=410100`)).targeted.visits, 1);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] a frozen file asked for by an id outside ASCII answers 404 in the error shape (found by the fuzzer)`, async () => {
    const t = await testApp(dialect);
    try {
      for (const which of ['population', 'pools', 'recusals'])
        for (const id of ['%E6%B5%8B%E8%AF%95', 'a%22b', 'x%0D%0Ay']) {
          const r = await t.app.inject(`${T}/public/tasks/${id}/${which}.tsv`);
          assert.equal(r.statusCode, 404, `${which} ${id}: ${r.body}`);
          assert.equal(r.json().error.code, 'NOT_FOUND');
          assert.equal(r.headers['content-disposition'], undefined, 'an error is no download');
        }
    } finally {
      await t.close();
    }
  });
}
