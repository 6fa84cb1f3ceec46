/**
 * One form for a bundle (一表申请): the members' application forms merged by semantic key (`x-semantic-key`), so a
 * fact every member asks for — the applicant's name, the site address — is asked once. Pure.
 *
 * Fields are merged when their semantic keys are equal, whatever their local names or nesting. The merged field
 * keeps the first member's title and takes the tightest constraints of all (a required field stays required; bounds
 * narrow; a pattern, format or enum that only one member states is kept). Definitions that cannot both hold are
 * conflicts, reported with the members and values at fault:
 *
 *   type      different types (string vs number, array items of different types)
 *   enum      different value lists          const     different constants
 *   format    different formats              pattern   different patterns
 *   range     bounds that leave no value (minimum above maximum, minLength above maxLength, …)
 *   required  required by one member while another marks it readOnly (not the applicant's to give)
 *
 * A field inside an array of objects (a list of shareholders, say) is not merged: the whole list stays one field
 * of its member, named `<member>__<property>`.
 */
import { canonicalJson } from '../../../kernel/audit.ts';
import { JSON_SCHEMA_2020_12, checkFormSchema } from '../form-schema.ts';

export const CONFLICT_KINDS = ['type', 'enum', 'const', 'format', 'pattern', 'range', 'required'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

const KIND_ZH: Record<ConflictKind, string> = {
  type: '类型不同',
  enum: '可选值不同',
  const: '固定值不同',
  format: '格式不同',
  pattern: '校验规则不同',
  range: '取值范围互斥',
  required: '一方必填、一方只读',
};

export interface FormMember {
  key: string;
  form: unknown;
}

export interface MergedField {
  semanticKey: string;
  /** The property name in the merged form: the semantic key with dots as underscores. */
  property: string;
  title: string;
  type: string;
  required: boolean;
  /** The members whose forms ask for it, in member order. */
  askedBy: string[];
}

export interface FormConflict {
  semanticKey: string;
  kind: ConflictKind;
  members: Array<{ member: string; property: string; value: unknown }>;
  zh: string;
  en: string;
}

export interface MergedForm {
  schema: Record<string, unknown>;
  fields: MergedField[];
  conflicts: FormConflict[];
}

type Schema = Record<string, unknown>;
interface Leaf {
  member: string;
  path: string;
  schema: Schema;
  required: boolean;
}

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value fields of one member's form (flattening nested objects), and its lists of objects kept whole. */
function walk(
  member: string,
  s: Schema,
  prefix: string,
  parentRequired: boolean,
  out: { leaves: Leaf[]; blocks: Leaf[] },
): void {
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  for (const [name, child] of Object.entries(isObject(s.properties) ? s.properties : {})) {
    if (!isObject(child)) continue;
    const path = prefix ? `${prefix}.${name}` : name;
    const req = parentRequired && required.has(name);
    if (child.type === 'object') walk(member, child, path, req, out);
    else if (child.type === 'array' && isObject(child.items) && child.items.type === 'object')
      out.blocks.push({ member, path, schema: child, required: req });
    else out.leaves.push({ member, path, schema: child, required: req });
  }
}

const typeOf = (s: Schema) =>
  s.type === 'array' && isObject(s.items) ? `array<${String(s.items.type)}>` : String(s.type);
const LOWER = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems'] as const;
const UPPER = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems'] as const;
/** Pairs whose values leave no room: [lower, upper, strict] — strict when an exclusive bound makes equality empty too. */
const EMPTY_WHEN: Array<[string, string, boolean]> = [
  ['minimum', 'maximum', false],
  ['minLength', 'maxLength', false],
  ['minItems', 'maxItems', false],
  ['exclusiveMinimum', 'maximum', true],
  ['minimum', 'exclusiveMaximum', true],
  ['exclusiveMinimum', 'exclusiveMaximum', true],
];

function conflict(key: string, kind: ConflictKind, leaves: Leaf[], value: (l: Leaf) => unknown): FormConflict {
  const members = leaves.map((l) => ({ member: l.member, property: l.path, value: value(l) ?? null }));
  const shown = members.map((m) => `${m.member}: ${canonicalJson(m.value)}`).join('; ');
  return {
    semanticKey: key,
    kind,
    members,
    zh: `语义键 ${key} 在各事项表单中的定义冲突（${KIND_ZH[kind]}）：${shown}`,
    en: `Semantic key ${key} is defined in conflicting ways (${kind}): ${shown}`,
  };
}

/** Distinct values of one keyword among the leaves that state it. */
function distinct(leaves: Leaf[], value: (l: Leaf) => unknown): { stating: Leaf[]; values: string[] } {
  const stating = leaves.filter((l) => value(l) !== undefined);
  return { stating, values: [...new Set(stating.map((l) => canonicalJson(value(l))))] };
}

/** Merges the definitions of one semantic key; returns the merged schema and the conflicts found. */
function mergeKey(key: string, leaves: Leaf[]): { schema: Schema; required: boolean; conflicts: FormConflict[] } {
  const conflicts: FormConflict[] = [];
  const schema: Schema = { ...leaves[0].schema };
  const types = distinct(leaves, (l) => typeOf(l.schema));
  if (types.values.length > 1) conflicts.push(conflict(key, 'type', leaves, (l) => typeOf(l.schema)));
  const sortedEnum = (l: Leaf) =>
    Array.isArray(l.schema.enum) ? [...(l.schema.enum as unknown[])].map((v) => canonicalJson(v)).sort() : undefined;
  for (const [kw, kind, of] of [
    ['enum', 'enum', sortedEnum],
    ['const', 'const', undefined],
    ['format', 'format', undefined],
    ['pattern', 'pattern', undefined],
  ] as const) {
    const d = distinct(leaves, of ?? ((l) => l.schema[kw]));
    if (d.values.length > 1) conflicts.push(conflict(key, kind, d.stating, (l) => l.schema[kw]));
    else if (d.stating.length) schema[kw] = d.stating[0].schema[kw];
  }
  for (const kw of LOWER) {
    const vs = leaves.map((l) => l.schema[kw]).filter((v): v is number => typeof v === 'number');
    if (vs.length) schema[kw] = Math.max(...vs);
  }
  for (const kw of UPPER) {
    const vs = leaves.map((l) => l.schema[kw]).filter((v): v is number => typeof v === 'number');
    if (vs.length) schema[kw] = Math.min(...vs);
  }
  const empty = EMPTY_WHEN.find(
    ([lo, hi, strict]) =>
      typeof schema[lo] === 'number' &&
      typeof schema[hi] === 'number' &&
      (strict ? (schema[lo] as number) >= (schema[hi] as number) : (schema[lo] as number) > (schema[hi] as number)),
  );
  if (empty)
    conflicts.push(
      conflict(
        key,
        'range',
        leaves.filter((l) => empty[0] in l.schema || empty[1] in l.schema),
        (l) => ({ [empty[0]]: l.schema[empty[0]] ?? null, [empty[1]]: l.schema[empty[1]] ?? null }),
      ),
    );
  const required = leaves.some((l) => l.required);
  const readOnly = leaves.filter((l) => l.schema.readOnly === true);
  if (required && readOnly.length)
    conflicts.push(
      conflict(key, 'required', leaves, (l) =>
        l.schema.readOnly === true ? 'readOnly' : l.required ? 'required' : 'optional',
      ),
    );
  schema['x-semantic-key'] = key;
  schema['x-asked-by'] = [...new Set(leaves.map((l) => l.member))];
  return { schema, required, conflicts };
}

/**
 * Merges the members' forms into one JSON Schema 2020-12 form; `fields` lists the merged fields with the members
 * asking each, `conflicts` what cannot be merged (empty when the bundle's form is consistent).
 */
export function mergeForms(members: FormMember[], title = '一件事一次办 · 一表申请'): MergedForm {
  const byKey = new Map<string, Leaf[]>();
  const blocks: Leaf[] = [];
  for (const m of members) {
    if (!checkFormSchema(m.form).ok) continue; // forms are checked when implementations are edited; an imported bad one adds no fields
    const out = { leaves: [] as Leaf[], blocks: [] as Leaf[] };
    walk(m.key, m.form as Schema, '', true, out);
    for (const l of out.leaves)
      byKey.set(String(l.schema['x-semantic-key']), [...(byKey.get(String(l.schema['x-semantic-key'])) ?? []), l]);
    blocks.push(...out.blocks);
  }
  const properties: Schema = {};
  const required: string[] = [];
  const fields: MergedField[] = [];
  const conflicts: FormConflict[] = [];
  for (const [key, leaves] of byKey) {
    const merged = mergeKey(key, leaves);
    const property = key.replace(/\./g, '_');
    properties[property] = merged.schema;
    if (merged.required) required.push(property);
    conflicts.push(...merged.conflicts);
    fields.push({
      semanticKey: key,
      property,
      title: String(leaves[0].schema.title ?? key),
      type: typeOf(leaves[0].schema),
      required: merged.required,
      askedBy: merged.schema['x-asked-by'] as string[],
    });
  }
  for (const b of blocks) {
    const property = `${b.member}__${b.path.replace(/\./g, '_')}`;
    properties[property] = { ...b.schema, 'x-bundle-member': b.member };
    if (b.required) required.push(property);
  }
  return {
    schema: { $schema: JSON_SCHEMA_2020_12, title, type: 'object', properties, required, additionalProperties: false },
    fields,
    conflicts,
  };
}
