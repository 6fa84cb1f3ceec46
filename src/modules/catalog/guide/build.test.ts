/** buildGuide, the pure function: every section comes from the elements (no database involved). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { processDays } from '../elements.ts';
import { semanticKeys } from '../form-schema.ts';
import { buildGuide, yuan } from './build.ts';
import { HEADINGS } from './labels.ts';
import { SECTION_KEYS, type Guide, type GuideBlock } from './schemas.ts';
import { DEMO_ITEMS } from '../demo-data.ts';
import { demo, internalWords, versionOf } from './test-fixtures.ts';

const sectionOf = (g: Guide, key: string) => g.sections.find((s) => s.key === key)!;
function block<K extends GuideBlock['kind']>(
  g: Guide,
  section: string,
  key: string,
  kind: K,
): Extract<GuideBlock, { kind: K }> {
  const b = sectionOf(g, section).blocks.find((x) => x.key === key);
  assert.ok(b && b.kind === kind, `${section}.${key} is a ${kind}`);
  return b as Extract<GuideBlock, { kind: K }>;
}
const fieldValue = (g: Guide, section: string, key: string) =>
  block(g, section, section, 'fields').fields.find((f) => f.key === key)?.value;

test('a demo guide: every section, with bilingual headings, and the elements’ values', () => {
  const spec = demo('不动产登记');
  const v = versionOf(spec);
  const g = buildGuide(v);
  assert.deepEqual(
    g.sections.map((s) => s.key),
    [...SECTION_KEYS],
  );
  for (const s of g.sections) assert.deepEqual(s.heading, HEADINGS[s.key]);
  assert.equal(g.title, spec.item.name);
  assert.equal(g.code, v.code);
  assert.deepEqual(g.itemType, { code: 7, name: '行政确认' });
  assert.equal(g.url, `/guide/${v.implementationId}`);

  const e = spec.elements;
  assert.equal(fieldValue(g, 'basic', 'implementingBody'), '河南省自然资源厅');
  assert.equal(fieldValue(g, 'basic', 'entrustedBody'), '无');
  assert.equal(fieldValue(g, 'basic', 'serviceObjects'), '自然人、法人、其他组织');
  assert.equal(fieldValue(g, 'basic', 'handlingKind'), '承诺件');
  assert.equal(fieldValue(g, 'basic', 'statutoryDays'), `${e.statutoryDays} 个工作日`);
  assert.equal(fieldValue(g, 'basic', 'promisedDays'), `${e.promisedDays} 个工作日`);
  assert.equal(fieldValue(g, 'basic', 'handleAnywhere'), '全省通办');
  assert.deepEqual(block(g, 'legal_basis', 'legal_basis', 'list').items, [
    '《中华人民共和国民法典》第二百一十条：“不动产登记，由不动产所在地的登记机构办理。”',
    '《不动产登记暂行条例》第二十条',
  ]);
  assert.deepEqual(block(g, 'acceptance_conditions', 'acceptance_conditions', 'list').items, e.acceptanceConditions);

  const materials = block(g, 'materials', 'materials', 'table');
  assert.equal(materials.rows.length, e.materials.length);
  assert.deepEqual(
    materials.rows.map((r) => r.materialName),
    e.materials.map((m) => m.name),
  );
  const bySource = Object.fromEntries(e.materials.map((m, i) => [m.key, materials.rows[i]]));
  assert.equal(
    bySource.land.submission,
    '免提交：该材料由部门通过电子证照获取，无需提交',
    'a certificate-sourced material is certificate-free, said in plain words',
  );
  assert.equal(bySource.land.source, '电子证照', 'the certificate-type code is not shown to the applicant');
  assert.deepEqual(
    block(g, 'version', 'certificate_types', 'table').rows.find((r) => r.subject === bySource.land.materialName),
    { subject: bySource.land.materialName, certificateType: 'DEMO.BDCQZS' },
    'it is kept under 版本与核验',
  );
  assert.equal(
    bySource.id.submission,
    '免提交：该材料由部门通过数据共享获取，无需提交',
    'shared data satisfies it too',
  );
  assert.equal(bySource.survey.submission, '须提交');
  assert.equal(bySource.acceptance.source, '政府部门核发');
  assert.equal(
    bySource.application.blankForm,
    '可到办理窗口领取',
    'a blank form this platform does not serve (a bare path) is "obtain it at the window", not a dead path',
  );

  const fees = block(g, 'fees', 'fee_items', 'table');
  assert.deepEqual(
    fees.rows.map((r) => [r.feeName, r.amount]),
    [
      ['不动产登记费（住宅，每件）', '80.00 元'],
      ['不动产登记费（非住宅，每件）', '550.00 元'],
    ],
  );
  assert.equal(fieldValue(g, 'fees', 'feeBasis'), e.fees.basis);
  assert.deepEqual(block(g, 'fees', 'reductions', 'list').items, e.fees.reductions);
  assert.deepEqual(block(g, 'contacts', 'consultation', 'list').items, e.contacts.consultation);
  assert.deepEqual(
    block(g, 'places', 'places', 'table').rows,
    e.places.map((p) => ({ placeName: p.name, address: p.address, hours: p.hours })),
  );
  assert.equal(fieldValue(g, 'result', 'resultName'), '不动产权证书');
  assert.equal(fieldValue(g, 'result', 'validity'), '长期有效');
  assert.equal(fieldValue(g, 'version', 'version'), '第 3 版');
  assert.equal(fieldValue(g, 'version', 'publishedAt'), '2026-12-01 10:00', 'shown in Asia/Shanghai');
  assert.deepEqual(
    block(g, 'version', 'semantic_keys', 'table').rows.map((r) => r.semanticKey),
    semanticKeys(e.form),
    'semantic keys are under 版本与核验',
  );
  assert.ok(block(g, 'form', 'fields', 'table').rows.every((r) => !('semanticKey' in r)));
});

test('outside 版本与核验, no section shows a UUID, a DEMO. code, a semantic key or a digest (every demo item)', () => {
  for (const spec of DEMO_ITEMS) {
    const name = spec.item.name;
    const v = versionOf(spec);
    const derived = { ...v, derivedFrom: { implementationId: '0b6f3c1e-8d2a-4f7b-9c1d-2e3f4a5b6c7d', version: 2 } };
    const g = buildGuide(derived);
    const keys = semanticKeys(derived.elements.form);
    const people = JSON.stringify(g.sections.filter((s) => s.key !== 'version'));
    assert.deepEqual(internalWords(people, g, keys), [], name);
    const panel = JSON.stringify(sectionOf(g, 'version'));
    assert.ok(panel.includes(derived.derivedFrom.implementationId), `${name}: derivation under 版本与核验`);
    if (g.digest) assert.ok(panel.includes(g.digest), `${name}: digest under 版本与核验`);
  }
});

test('the 示例 notice follows the illustrative flag; a free item shows 不收费; status notices', () => {
  const spec = demo('食品经营许可');
  const illustrative = buildGuide(versionOf(spec));
  assert.equal(illustrative.illustrative, true);
  assert.match(illustrative.notice!.zh, /^示例/);
  assert.match(illustrative.notice!.en, /^Illustrative/);
  const checked = buildGuide(versionOf(spec, { illustrative: false }));
  assert.equal(checked.notice, null);
  assert.equal(fieldValue(checked, 'fees', 'charged'), '不收费');
  assert.equal(sectionOf(checked, 'fees').blocks.length, 1);
  assert.equal(fieldValue(checked, 'basic', 'reformMode'), '优化审批服务');
  assert.equal(checked.statusNotice, null);
  assert.match(buildGuide(versionOf(spec, { status: 'superseded' })).statusNotice!.zh, /已被新版本取代/);
  assert.match(
    buildGuide({ ...versionOf(spec), status: 'draft', publishedAt: null, digest: null }, { preview: true })
      .statusNotice!.zh,
    /^预览/,
  );
});

test('process steps: roles, limits and parallel groups; immediate items; validity; nested form fields', () => {
  const spec = demo('建筑工程施工许可证核发');
  const g = buildGuide(versionOf(spec));
  const steps = block(g, 'process', 'steps', 'table').rows;
  assert.deepEqual(
    steps.map((r) => [r.stepName, r.role, r.stepDays, r.parallel]),
    [
      ['受理', '窗口人员', '1 个工作日', '无'],
      ['质量安全审查', '审查人员', '1 个工作日', '与「资料审查」并行'],
      ['资料审查', '审查人员', '1 个工作日', '与「质量安全审查」并行'],
      ['决定', '审批人员', '1 个工作日', '无'],
      ['送达', '窗口人员', '0 个工作日', '无'],
    ],
  );
  assert.equal(
    block(g, 'process', 'total', 'fields').fields[0].value,
    `${processDays(spec.elements.process)} 个工作日`,
  );
  assert.equal(processDays(spec.elements.process), 3, 'a parallel group counts as its longest step');

  const immediate = buildGuide(versionOf(demo('个体工商户登记')));
  assert.equal(fieldValue(immediate, 'basic', 'handlingKind'), '即办件');
  assert.equal(fieldValue(immediate, 'basic', 'promisedDays'), '即办');
  assert.equal(fieldValue(immediate, 'channels', 'onlineDepth'), '全程网办');
  assert.equal(fieldValue(immediate, 'channels', 'inPersonVisits'), '0 次');
  assert.equal(fieldValue(buildGuide(versionOf(demo('社会保障卡申领'))), 'basic', 'statutoryDays'), '无法定时限');
  assert.equal(fieldValue(buildGuide(versionOf(demo('食品经营许可'))), 'result', 'validity'), '5 年');

  const nested = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    required: ['site'],
    properties: {
      site: {
        type: 'object',
        title: '经营场所',
        required: ['address'],
        properties: {
          address: { type: 'string', title: '地址', 'x-semantic-key': 'site.address' },
          area: { type: 'number', title: '面积', 'x-semantic-key': 'site.area' },
        },
      },
    },
  };
  const rows = block(buildGuide(versionOf(spec, {}, { form: nested })), 'form', 'fields', 'table').rows;
  assert.deepEqual(rows, [
    { fieldLabel: '经营场所 / 地址', fieldType: '文本', fieldRequired: '是' },
    { fieldLabel: '经营场所 / 面积', fieldType: '数字', fieldRequired: '否' },
  ]);
});

test('fees in yuan from integer fen; the same version always gives the same guide', () => {
  assert.equal(yuan(0), '0.00 元');
  assert.equal(yuan(5), '0.05 元');
  assert.equal(yuan(8000), '80.00 元');
  assert.equal(yuan(123456789), '1,234,567.89 元');
  const v = versionOf(demo('不动产登记'));
  assert.deepEqual(buildGuide(v), buildGuide(structuredClone(v)));
});
