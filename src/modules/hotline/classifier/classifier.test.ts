/**
 * The routing classifier through its public API on every dialect: import with a column mapping (CSV and XLSX),
 * training beating the majority baseline on the fixture with the same metrics every time, top-3 suggestions,
 * confirmations and the accuracy they show; and the pure parts (mapping, dates, number redaction).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { testDialects } from '../../../kernel/db/testing.ts';
import { testApp, type TestApp } from '../../../server/testing.ts';
import { systemCtx } from '../../../kernel/context.ts';
import { readCsv, readXlsx } from '../../../kernel/sheets.ts';
import { AppError } from '../../../kernel/errors.ts';
import {
  importTrainingSet,
  parseMapping,
  retrainFromConfirmed,
  suggestRouting,
  trainClassifier,
  type ClassifierMetrics,
} from './index.ts';
import { normalizeCreated } from './training-set.ts';
import { redactNumbers } from './tokens.ts';
import { buildClassifier } from './model.ts';

const dialects = await testDialects();
const FIXTURE = path.resolve('test/fixtures/hotline/tickets.csv');
const MAP = 'content=诉求内容,topic=问题分类,department=承办单位,created=受理时间,division=区划代码';

const sys = (t: TestApp) => systemCtx(t.clock.now());

/** The fixture's rows as an XLSX workbook with another center's headers, plus one bad row. */
async function fixtureAsXlsx(): Promise<Buffer> {
  const sheet = readCsv(fs.readFileSync(FIXTURE));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('工单导出');
  ws.addRow(['编号', '来电时间', '内容', '分类', '处理单位']);
  for (const r of sheet.rows.slice(0, 50)) ws.addRow([r.cells[0], r.cells[1], r.cells[3], r.cells[4], r.cells[5]]);
  ws.addRow(['X1', '2025-02-30', '某小区暖气不热', '供暖问题', '住房和城乡建设局']); // no 30 February
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('mapping, dates and number redaction', () => {
  assert.deepEqual(parseMapping('content=诉求内容, topic=问题分类,department=承办单位'), {
    content: '诉求内容',
    topic: '问题分类',
    department: '承办单位',
  });
  for (const bad of ['content=a,topic=b', 'content=a,topic=b,department=c,colour=d', 'content=a,content=b', 'content'])
    assert.throws(
      () => parseMapping(bad),
      (e: AppError) => e.code === 'MAPPING_INVALID' && e.field === 'map',
    );
  assert.equal(normalizeCreated('2025/3/1 8:05'), '2025-03-01T08:05');
  assert.equal(normalizeCreated('2025年3月1日'), '2025-03-01');
  assert.equal(normalizeCreated('2025-02-29'), null);
  assert.equal(
    redactNumbers('联系电话 138 1234 5678，身份证41010519900307123X，3楼'),
    '联系电话 ＊＊＊，身份证＊＊＊，3楼',
  );
});

test('training on the fixture beats the majority baseline, with the same metrics every time', () => {
  const rows = readCsv(fs.readFileSync(FIXTURE)).rows.map((r) => ({
    content: r.cells[3],
    topic: r.cells[4],
    department: r.cells[5],
  }));
  const a = buildClassifier(rows);
  const b = buildClassifier([...rows].reverse()); // the order rows come in does not matter
  assert.deepEqual(a.metrics, b.metrics);
  assert.ok(JSON.stringify(a.model) === JSON.stringify(b.model), 'the same model JSON');
  for (const task of ['topic', 'department'] as const) {
    const m = a.metrics[task];
    assert.ok(m.accuracy > m.baseline.accuracy + 0.5, `${task}: ${m.accuracy} vs baseline ${m.baseline.accuracy}`);
    assert.ok(m.macroF1 > m.baseline.macroF1, `${task} macro-F1`);
    for (const c of m.perClass) assert.ok(c.precision >= 0 && c.precision <= 1 && c.recall >= 0 && c.recall <= 1);
  }
  assert.equal(a.metrics.testSize, 84);
  assert.equal(a.metrics.trainSize, 336);
});

for (const dialect of dialects) {
  test(`[${dialect}] import (CSV and XLSX), train, suggest top-3, confirm, measure`, async () => {
    const t = await testApp(dialect);
    try {
      const operator = await t.login('hotline.province'); // hotline_operator, Henan
      const clerk = await t.login('clerk.jinshui');

      // Before any training: no suggestions, nothing stored.
      const early = await t.app.inject({
        method: 'POST',
        url: '/api/v1/hotline/suggestions',
        headers: operator,
        payload: { text: '小区门口烧烤摊占道经营' },
      });
      assert.equal(early.statusCode, 201, early.body);
      assert.deepEqual(early.json(), { id: null, modelVersion: null, topics: [], departments: [], confirmed: null });
      await assert.rejects(trainClassifier(t.k, sys(t)), (e: AppError) => e.code === 'TRAINING_SET_TOO_SMALL');

      // CSV with the center's own headers.
      const csv = await importTrainingSet(t.k, sys(t), {
        sheet: readCsv(fs.readFileSync(FIXTURE)),
        mapping: parseMapping(MAP),
        source: 'tickets.csv',
      });
      assert.deepEqual([csv.read, csv.added, csv.duplicates, csv.rejected.length], [420, 420, 0, 0]);
      // XLSX with other headers: its 50 rows are already loaded (same text, class and time); the bad date is reported.
      const xlsx = await importTrainingSet(t.k, sys(t), {
        sheet: await readXlsx(await fixtureAsXlsx()),
        mapping: parseMapping('content=内容,topic=分类,department=处理单位,created=来电时间'),
        source: 'export.xlsx',
      });
      assert.deepEqual([xlsx.read, xlsx.added, xlsx.duplicates], [51, 0, 50]);
      assert.deepEqual(
        xlsx.rejected.map((r) => [r.row, r.field, r.code]),
        [[52, 'created', 'CELL_DATE_INVALID']],
      );
      await assert.rejects(
        importTrainingSet(t.k, sys(t), {
          sheet: readCsv(fs.readFileSync(FIXTURE)),
          mapping: parseMapping('content=内容,topic=问题分类,department=承办单位'),
          source: 'tickets.csv',
        }),
        (e: AppError) => e.code === 'MAPPING_COLUMN_MISSING',
      );

      // Train: stored as version 1 from the injected clock, metrics beating the baseline; the same again on retraining.
      const trained = await trainClassifier(t.k, sys(t));
      assert.ok(trained.beatsBaseline && trained.model);
      assert.equal(trained.model.version, 1);
      assert.equal(trained.model.trainingSize, 420);
      assert.equal(trained.model.trainedAt, t.clock.now().toISOString());
      const m = trained.metrics;
      assert.ok(m.topic.accuracy > m.topic.baseline.accuracy && m.department.accuracy > m.department.baseline.accuracy);

      // Suggestions: three topics and three departments, probabilities best first.
      const text = '市民来电反映：金水路某小区门口有流动摊贩占用人行道卖水果，行人只能走机动车道。';
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/hotline/suggestions',
        headers: operator,
        payload: { text, division: '410105' },
      });
      assert.equal(res.statusCode, 201, res.body);
      const s = res.json();
      assert.equal(s.modelVersion, 1);
      for (const list of [s.topics, s.departments]) {
        assert.equal(list.length, 3);
        assert.equal(new Set(list.map((x: { code: string }) => x.code)).size, 3);
        for (const x of list) assert.ok(x.score >= 0 && x.score <= 1 && x.label);
        assert.ok(list[0].score >= list[1].score && list[1].score >= list[2].score);
        assert.ok(list.reduce((n: number, x: { score: number }) => n + x.score, 0) <= 1.0001);
      }
      assert.equal(s.topics[0].code, '占道经营');
      assert.equal(s.departments[0].code, '城市管理局');
      assert.deepEqual((await suggestRouting(t.k, text)).topics, s.topics); // the service other modules call

      // Validation and jurisdiction.
      const bad = await t.app.inject({
        method: 'POST',
        url: '/api/v1/hotline/suggestions',
        headers: operator,
        payload: { text, division: '130100' }, // Shijiazhuang: outside Henan
      });
      assert.equal(bad.statusCode, 403);
      assert.equal(bad.json().error.code, 'OUT_OF_JURISDICTION');
      const unknown = await t.app.inject({
        method: 'POST',
        url: '/api/v1/hotline/suggestions',
        headers: operator,
        payload: { text, division: '419999' },
      });
      assert.equal(unknown.statusCode, 400);
      assert.equal(unknown.json().error.code, 'DIVISION_UNKNOWN');
      const forbidden = await t.app.inject({
        method: 'POST',
        url: '/api/v1/hotline/suggestions',
        headers: clerk,
        payload: { text },
      });
      assert.equal(forbidden.statusCode, 403);

      // The operator confirms the second-ranked department: recorded with its rank; again the same is a no-op.
      const confirm = (payload: object, id = s.id) =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/hotline/suggestions/${id}/confirmation`,
          headers: operator,
          payload,
        });
      const choice = { topic: '占道经营', department: s.departments[1].code, ticketId: 'T-1' };
      const ok = await confirm(choice);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual(ok.json().confirmed, { ...choice, topicRank: 1, departmentRank: 2 });
      assert.equal((await confirm(choice)).statusCode, 200);
      const changed = await confirm({ ...choice, topic: '噪音扰民' });
      assert.equal(changed.statusCode, 409);
      assert.equal(changed.json().error.code, 'SUGGESTION_ALREADY_CONFIRMED');
      assert.equal((await confirm(choice, 'no-such-suggestion')).statusCode, 404);
      const actions = await t.k.db
        .selectFrom('kernel_actions')
        .select('action')
        .where('subject_id', '=', s.id)
        .orderBy('position')
        .execute();
      assert.deepEqual(
        actions.map((a) => a.action),
        ['suggest', 'confirm'],
      );

      // A second suggestion confirmed as suggested; then the metrics endpoint shows production accuracy.
      const s2 = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/hotline/suggestions',
          headers: operator,
          payload: { text: '某公司拖欠三个月工资不发，老板失联，请求劳动监察帮忙讨薪。' },
        })
      ).json();
      assert.equal(s2.topics[0].code, '拖欠工资');
      await confirm({ topic: s2.topics[0].code, department: s2.departments[0].code }, s2.id);
      for (const who of [operator, await t.login('admin')]) {
        const st = await t.app.inject({ method: 'GET', url: '/api/v1/hotline/classifier', headers: who });
        assert.equal(st.statusCode, 200, st.body);
        const body = st.json();
        assert.equal(body.model.version, 1);
        assert.deepEqual(body.model.metrics as ClassifierMetrics, m);
        assert.deepEqual(
          [body.production.confirmed, body.production.topicTop1, body.production.departmentTop1],
          [2, 1, 0.5],
        );
        assert.equal(body.production.departmentTop3, 1);
        assert.deepEqual(
          body.production.byModel.map((b: { modelVersion: number }) => b.modelVersion),
          [1],
        );
      }
      assert.equal(
        (await t.app.inject({ method: 'GET', url: '/api/v1/hotline/classifier', headers: clerk })).statusCode,
        403,
      );

      // Retraining from confirmed tickets (what the tickets side feeds): version 2, same held-out seed.
      const retrained = await retrainFromConfirmed(t.k, sys(t), [
        { content: text, topic: '占道经营', department: s.departments[1].code },
      ]);
      assert.equal(retrained.model?.version, 2);
      assert.equal(retrained.model?.trainingSize, 421);
      const again = await trainClassifier(t.k, sys(t));
      assert.deepEqual(again.metrics, m, 'the same rows give the same metrics');
    } finally {
      await t.close();
    }
  });
}
