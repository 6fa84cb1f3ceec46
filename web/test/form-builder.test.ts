// The edit page's form builder: a field list ⇄ the form's JSON Schema, and keys nobody types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FORM_SCHEMA_URI,
  fieldsToSchema,
  nameFor,
  newField,
  schemaToFields,
} from '../src/modules/catalog/components/form-builder.ts';
import { keysFor } from '../src/modules/catalog/components/edit-form.ts';

const demo = {
  $schema: FORM_SCHEMA_URI,
  type: 'object',
  properties: {
    applicant_name: { type: 'string', title: '申请人姓名', 'x-semantic-key': 'applicant.name', maxLength: 50 },
    applicant_phone: {
      type: 'string',
      title: '联系电话',
      'x-semantic-key': 'applicant.phone',
      pattern: '^1\\d{10}$',
      description: '手机号码',
    },
    site_area: { type: 'number', title: '经营场所面积', 'x-semantic-key': 'site.area' },
    partners: { type: 'array', title: '合伙人', items: { type: 'object', properties: {} } },
  },
  required: ['applicant_name', 'site_area'],
};

test('a form read into fields and written back is the same schema', () => {
  const fields = schemaToFields(demo);
  assert.deepEqual(
    fields.map((f) => [f.name, f.kind, f.semanticKey, f.required]),
    [
      ['applicant_name', 'text', 'applicant.name', true],
      ['applicant_phone', 'text', 'applicant.phone', false],
      ['site_area', 'number', 'site.area', true],
      ['partners', 'complex', '', false],
    ],
  );
  assert.equal(fields[1]!.description, '手机号码');
  assert.deepEqual(fieldsToSchema(fields, demo), demo);
});

test('a new field gets its property name from what it holds; a changed kind drops the old kind’s keywords', () => {
  const fields = schemaToFields(demo);
  fields[1] = { ...fields[1]!, kind: 'integer' };
  const added = { ...newField(), title: '开业日期', kind: 'date' as const, semanticKey: 'site.address' };
  const again = { ...newField(), title: '第二地址', semanticKey: 'site.address', required: false };
  const choice = {
    ...newField(),
    title: '类别',
    kind: 'choice' as const,
    semanticKey: 'product.categories',
    options: '热食\n 冷食 \n\n',
  };
  const out = fieldsToSchema([...fields, added, again, choice], demo) as {
    properties: Record<string, Record<string, unknown>>;
    required: string[];
  };
  assert.deepEqual(out.properties.applicant_phone, {
    type: 'integer',
    title: '联系电话',
    'x-semantic-key': 'applicant.phone',
    description: '手机号码',
  });
  assert.deepEqual(out.properties.site_address, {
    title: '开业日期',
    'x-semantic-key': 'site.address',
    type: 'string',
    format: 'date',
  });
  assert.ok(out.properties.site_address_2, 'a second field holding the same thing gets its own name');
  assert.deepEqual(out.properties.product_categories!.enum, ['热食', '冷食']);
  assert.deepEqual(out.required, ['applicant_name', 'site_area', 'site_address', 'product_categories']);
});

test('names and keys are made, never typed: the first unused one, existing ones kept', () => {
  assert.equal(nameFor('applicant.name', new Set()), 'applicant_name');
  assert.equal(nameFor('applicant.name', new Set(['applicant_name', 'applicant_name_2'])), 'applicant_name_3');
  assert.deepEqual(keysFor(['material_2', '', undefined, 'id_card'], 'material_'), [
    'material_2',
    'material_1',
    'material_3',
    'id_card',
  ]);
});
