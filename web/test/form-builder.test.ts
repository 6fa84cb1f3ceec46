// The edit page's form builder: a field list ⇄ the form's JSON Schema, and keys nobody types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FORM_SCHEMA_URI,
  fieldsToSchema,
  nameFor,
  newField,
  schemaToFields,
  usedKeys,
} from '../src/modules/catalog/components/form-builder.ts';
import { previewData } from '../src/modules/catalog/components/FormPreview.tsx';
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
      ['partners', 'list', '', false],
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

test('a nested field: a list of rows (股东名单) and a group, each with its own fields, to JSON Schema and back', () => {
  const sub = (title: string, semanticKey: string, more: Partial<ReturnType<typeof newField>> = {}) => ({
    ...newField(),
    title,
    semanticKey,
    ...more,
  });
  const list = {
    ...newField(),
    title: '股东名单',
    kind: 'list' as const,
    children: [
      sub('股东姓名（名称）', 'shareholder.name'),
      sub('股东证件号码', 'shareholder.idNumber', { required: false }),
    ],
  };
  const group = {
    ...newField(),
    title: '联系人',
    kind: 'group' as const,
    required: false,
    description: '可不填',
    children: [sub('联系人电话', 'applicant.phone', { kind: 'text' })],
  };
  const schema = fieldsToSchema([list, group]);
  assert.deepEqual(schema, {
    $schema: FORM_SCHEMA_URI,
    type: 'object',
    properties: {
      shareholder_list: {
        title: '股东名单',
        type: 'array',
        items: {
          type: 'object',
          properties: {
            shareholder_name: { title: '股东姓名（名称）', 'x-semantic-key': 'shareholder.name', type: 'string' },
            shareholder_idNumber: { title: '股东证件号码', 'x-semantic-key': 'shareholder.idNumber', type: 'string' },
          },
          required: ['shareholder_name'],
        },
      },
      applicant: {
        title: '联系人',
        type: 'object',
        description: '可不填',
        properties: {
          applicant_phone: { title: '联系人电话', 'x-semantic-key': 'applicant.phone', type: 'string' },
        },
        required: ['applicant_phone'],
      },
    },
    required: ['shareholder_list'],
  });
  // Read back: the same fields, names now kept; written again: the same schema.
  const read = schemaToFields(schema);
  assert.deepEqual(
    read.map((f) => [f.name, f.kind, f.children.map((c) => [c.name, c.kind, c.semanticKey, c.required])]),
    [
      [
        'shareholder_list',
        'list',
        [
          ['shareholder_name', 'text', 'shareholder.name', true],
          ['shareholder_idNumber', 'text', 'shareholder.idNumber', false],
        ],
      ],
      ['applicant', 'group', [['applicant_phone', 'text', 'applicant.phone', true]]],
    ],
  );
  assert.deepEqual(fieldsToSchema(read, schema), schema);
  // A key used inside a list is taken for the whole form (the server wants each key once).
  assert.deepEqual([...usedKeys(read)].sort(), ['applicant.phone', 'shareholder.idNumber', 'shareholder.name']);
  // The preview shows one empty row of the list, so its fields are seen.
  assert.deepEqual(previewData(schema), { shareholder_list: [{}] });
});

test('a group turned into a plain field drops its fields; deeper nesting is kept as it is', () => {
  const schema = fieldsToSchema([
    {
      ...newField(),
      title: '股东名单',
      kind: 'list',
      children: [{ ...newField(), title: '股东姓名', semanticKey: 'shareholder.name' }],
    },
  ]);
  const [f] = schemaToFields(schema);
  const plain = fieldsToSchema([{ ...f!, kind: 'text', semanticKey: 'business.name', children: [] }], schema) as {
    properties: Record<string, Record<string, unknown>>;
  };
  assert.deepEqual(plain.properties.shareholder_list, {
    title: '股东名单',
    type: 'string',
    'x-semantic-key': 'business.name',
  });
  const deep = {
    $schema: FORM_SCHEMA_URI,
    type: 'object',
    properties: {
      outer: {
        type: 'object',
        title: '外层',
        properties: { inner: { type: 'object', title: '内层', properties: {} } },
      },
      tags: { type: 'array', title: '标签', items: { type: 'string' } },
    },
  };
  const fields = schemaToFields(deep);
  assert.deepEqual(
    fields.map((x) => x.kind),
    ['complex', 'complex'],
  );
  assert.deepEqual(fieldsToSchema(fields, deep), deep);
});
