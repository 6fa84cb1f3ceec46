/** The element checks and the form-schema rules (pure functions: no database). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFormSchema, JSON_SCHEMA_2020_12 } from './form-schema.ts';
import { checkElements, impossibilities, processDays } from './elements.ts';
import { isCatchAll, isVague } from './rubric.ts';
import { steps } from './demo-builders.ts';
import { validElements } from './test-fixtures.ts';

const field = (key: string, extra: Record<string, unknown> = {}) => ({
  type: 'string',
  title: key,
  'x-semantic-key': key,
  ...extra,
});
const formOf = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  $schema: JSON_SCHEMA_2020_12,
  type: 'object',
  properties,
  ...extra,
});

test('a well-formed form schema: 2020-12, object root, titled fields with unique semantic keys', () => {
  const ok = checkFormSchema(
    formOf(
      {
        a: field('applicant.name'),
        site: { type: 'object', properties: { addr: field('site.address') } },
        people: { type: 'array', items: { type: 'object', properties: { n: field('member.name') } } },
      },
      { required: ['a'] },
    ),
  );
  assert.deepEqual(ok, { ok: true, keys: ['applicant.name', 'site.address', 'member.name'] });
  const cases: Array<[unknown, string, string]> = [
    [[], '', 'FORM_SCHEMA_INVALID'],
    [{ type: 'object', properties: {} }, '$schema', 'FORM_SCHEMA_INVALID'],
    [formOf({}, { type: 'array' }), 'type', 'FORM_SCHEMA_INVALID'],
    [formOf({ a: field('applicant.name', { $ref: '#/x' }) }), 'properties.a.$ref', 'FORM_SCHEMA_KEYWORD'],
    [formOf({ a: { type: 'string', title: 'x' } }), 'properties.a.x-semantic-key', 'FORM_SEMANTIC_KEY'],
    [formOf({ a: field('name') }), 'properties.a.x-semantic-key', 'FORM_SEMANTIC_KEY'],
    [
      formOf({ a: field('applicant.name'), b: field('applicant.name') }),
      'properties.b.x-semantic-key',
      'FORM_SEMANTIC_KEY',
    ],
    [formOf({ a: field('applicant.name', { pattern: '([' }) }), 'properties.a.pattern', 'FORM_SCHEMA_INVALID'],
    [formOf({ a: field('applicant.name', { type: 'date' }) }), 'properties.a.type', 'FORM_SCHEMA_INVALID'],
    [formOf({ a: field('applicant.name', { title: '' }) }), 'properties.a.title', 'FORM_SCHEMA_INVALID'],
    [formOf({ a: field('applicant.name') }, { required: ['b'] }), 'required', 'FORM_SCHEMA_INVALID'],
    [
      formOf({ a: { type: 'array', title: 'x', 'x-semantic-key': 'a.b' } }),
      'properties.a.items',
      'FORM_SCHEMA_INVALID',
    ],
  ];
  for (const [form, path, code] of cases) {
    const r = checkFormSchema(form);
    assert.ok(!r.ok, JSON.stringify(form));
    assert.deepEqual([r.path, r.code], [path, code], JSON.stringify(form));
  }
});

test('element checks name the element at fault', () => {
  const expect = (over: Parameters<typeof validElements>[0], field: string, code: string) =>
    assert.throws(
      () => checkElements(validElements(over)),
      (e: { field?: string; code?: string }) => e.field === field && e.code === code,
      `${field} ${code}`,
    );
  assert.doesNotThrow(() => checkElements(validElements()));
  expect({ statutoryDays: 4, promisedDays: 5 }, 'elements.promisedDays', 'PROMISED_EXCEEDS_STATUTORY');
  expect({ handlingKind: 'immediate' }, 'elements.promisedDays', 'IMMEDIATE_ITEM_HAS_DAYS');
  expect(
    { fees: { charged: true, basis: null, items: [], reductions: [] } },
    'elements.fees.items',
    'FEES_INCONSISTENT',
  );
  expect(
    { onlineDepth: { fullyOnline: true, inPersonVisits: 1 } },
    'elements.onlineDepth.inPersonVisits',
    'ONLINE_DEPTH_INCONSISTENT',
  );
  expect(
    { channels: ['window'], onlineDepth: { fullyOnline: true, inPersonVisits: 0 } },
    'elements.channels',
    'ONLINE_DEPTH_INCONSISTENT',
  );
  expect(
    { result: { kind: 'certificate', name: '证', certificateType: null, sample: null } },
    'elements.result.certificateType',
    'RESULT_INCOMPLETE',
  );
  expect(
    { resultValidity: { kind: 'period', value: null, unit: 'year' } },
    'elements.resultValidity',
    'VALIDITY_INCOMPLETE',
  );
  expect(
    { entrustedBody: { name: '受托单位', uscc: '91350213678251743Y' } },
    'elements.entrustedBody.uscc',
    'USCC_CHECK_DIGIT',
  );
  expect(
    { materials: [validElements().materials[0], validElements().materials[0]] },
    'elements.materials.1.key',
    'DUPLICATE_KEY',
  );
  expect(
    { process: steps(['a', 'A', 'reviewer', 1, 'g'], ['b', 'B', 'reviewer', 1], ['c', 'C', 'reviewer', 1, 'g']) },
    'elements.process.2.parallelGroup',
    'PROCESS_GROUP_SPLIT',
  );
  expect({ form: { type: 'object' } }, 'elements.form.$schema', 'FORM_SCHEMA_INVALID');
});

test('process days count a parallel group as its longest step; impossibilities list what blocks an application', () => {
  assert.equal(
    processDays(
      steps(
        ['a', 'A', 'window_clerk', 1],
        ['b', 'B', 'reviewer', 3, 'g'],
        ['c', 'C', 'reviewer', 2, 'g'],
        ['d', 'D', 'approver', 1],
      ),
    ),
    5,
  );
  assert.deepEqual(impossibilities(validElements()), []);
  const e = validElements({ channels: [], process: [] });
  assert.deepEqual(
    impossibilities(e).map((f) => f.code),
    ['NO_CHANNEL', 'NO_PROCESS'],
  );
});

test('catch-all materials and vague text', () => {
  for (const name of [
    '其他材料',
    '其它材料',
    '相关材料',
    '有关证明材料',
    '法律、法规规定的其他材料',
    '需要提交的其他相关资料',
  ])
    assert.ok(isCatchAll(name), name);
  for (const name of ['营业执照', '食品经营许可申请书', '营业执照或其他主体资格证明文件', '授权委托书'])
    assert.ok(!isCatchAll(name), name);
  for (const s of ['符合相关规定', '符合法律法规规定的其他条件', '无', '详见附件']) assert.ok(isVague(s), s);
  assert.ok(!isVague('无犯罪记录'));
});
