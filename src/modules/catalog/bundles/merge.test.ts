/** mergeForms and mergeMaterials: same key asked once, conflicts named, materials de-duplicated (pure, no database). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeForms } from './merge-forms.ts';
import { mergeMaterials } from './materials.ts';
import { CERT, certificate, form, fromApplicant, material, sharedData } from '../demo-builders.ts';
import { JSON_SCHEMA_2020_12 } from '../form-schema.ts';

const nested = {
  $schema: JSON_SCHEMA_2020_12,
  type: 'object',
  required: ['who', 'area'],
  properties: {
    who: {
      type: 'object',
      required: ['n'],
      properties: { n: { type: 'string', title: '姓名', 'x-semantic-key': 'applicant.name', maxLength: 50 } },
    },
    area: { type: 'number', title: '面积', 'x-semantic-key': 'site.area', minimum: 10 },
    partners: {
      type: 'array',
      title: '合伙人',
      items: {
        type: 'object',
        properties: { name: { type: 'string', title: '合伙人姓名', 'x-semantic-key': 'partner.name' } },
      },
    },
  },
};

test('fields with the same semantic key are asked once, with the tightest constraints of all members', () => {
  const a = form(
    'A',
    ['applicant.name', '申请人姓名', 'string', { maxLength: 30 }],
    ['applicant.phone', '联系电话', 'string', { pattern: '^1\\d{10}$', 'x-optional': true }],
  );
  const b = form(
    'B',
    ['applicant.phone', '手机', 'string', { 'x-optional': true }],
    ['site.area', '营业面积', 'number', { maximum: 500 }],
  );
  const m = mergeForms(
    [
      { key: 'a', form: a },
      { key: 'b', form: b },
      { key: 'c', form: nested },
    ],
    '测试',
  );
  assert.deepEqual(m.conflicts, []);
  assert.deepEqual(
    m.fields.map((f) => [f.semanticKey, f.askedBy, f.required]),
    [
      ['applicant.name', ['a', 'c'], true],
      ['applicant.phone', ['a', 'b'], false],
      ['site.area', ['b', 'c'], true],
    ],
  );
  const props = m.schema.properties as Record<string, Record<string, unknown>>;
  assert.equal(props.applicant_name.title, '申请人姓名', 'the first member’s title');
  assert.equal(props.applicant_name.maxLength, 30);
  assert.equal(props.applicant_phone.pattern, '^1\\d{10}$', 'a pattern only one member states is kept');
  assert.deepEqual([props.site_area.minimum, props.site_area.maximum], [10, 500]);
  assert.deepEqual(m.schema.required, ['applicant_name', 'site_area']);
  assert.equal(props.c__partners['x-bundle-member'], 'c', 'a list of objects stays its member’s own field');
  assert.equal(m.schema.$schema, JSON_SCHEMA_2020_12);
});

test('contradictory definitions of one key are reported with the members at fault', () => {
  const base = form(
    'A',
    ['site.area', '面积', 'number', { minimum: 100 }],
    ['applicant.gender', '性别', 'string', { enum: ['男', '女'] }],
    ['applicant.email', '邮箱', 'string', { format: 'email' }],
    ['applicant.idNumber', '身份证号'],
    ['applicant.age', '年龄', 'integer'],
  );
  const other = form(
    'B',
    ['site.area', '面积', 'number', { maximum: 50 }],
    ['applicant.gender', '性别', 'string', { enum: ['M', 'F'] }],
    ['applicant.email', '邮箱', 'string', { format: 'idn-email' }],
    ['applicant.idNumber', '身份证号', 'string', { readOnly: true, 'x-optional': true }],
    ['applicant.age', '年龄', 'string'],
  );
  const m = mergeForms([
    { key: 'a', form: base },
    { key: 'b', form: other },
  ]);
  assert.deepEqual(m.conflicts.map((c) => [c.semanticKey, c.kind]).sort(), [
    ['applicant.age', 'type'],
    ['applicant.email', 'format'],
    ['applicant.gender', 'enum'],
    ['applicant.idNumber', 'required'],
    ['site.area', 'range'],
  ]);
  const age = m.conflicts.find((c) => c.kind === 'type')!;
  assert.deepEqual(age.members, [
    { member: 'a', property: 'applicant_age', value: 'integer' },
    { member: 'b', property: 'applicant_age', value: 'string' },
  ]);
  assert.match(age.zh, /类型不同/);
  assert.equal(m.fields.filter((f) => f.semanticKey === 'site.area').length, 1, 'still asked once');
});

test('materials: the same certificate type, or the same name and source, are handed in once', () => {
  const merged = mergeMaterials([
    {
      key: 'a',
      materials: [
        material('licence', '营业执照', certificate(CERT.businessLicence)),
        material('plan', '场所平面图', fromApplicant),
        material('proxy', '授权委托书', fromApplicant, { requirement: 'conditional', condition: '委托他人办理的' }),
      ],
    },
    {
      key: 'b',
      materials: [
        material('yyzz', '营业执照（副本）', certificate(CERT.businessLicence)),
        material('plan2', '场所 平面图', fromApplicant, { paperCopies: 2 }),
        material('plan3', '场所平面图', sharedData('不动产登记系统')),
        material('proxy', '授权委托书', fromApplicant),
      ],
    },
  ]);
  assert.deepEqual(
    merged.map((m) => [m.key, m.name, m.requirement, m.neededBy.map((n) => `${n.member}.${n.materialKey}`)]),
    [
      ['m1', '营业执照', 'required', ['a.licence', 'b.yyzz']],
      ['m2', '场所平面图', 'required', ['a.plan', 'b.plan2']],
      ['m3', '授权委托书', 'required', ['a.proxy', 'b.proxy']],
      ['m4', '场所平面图', 'required', ['b.plan3']],
    ],
  );
  assert.equal(merged[1].paperCopies, 2, 'the most copies any member asks');
  assert.deepEqual(
    merged[2].conditions,
    ['委托他人办理的'],
    'required by one member, so required; the other’s condition kept',
  );
});
