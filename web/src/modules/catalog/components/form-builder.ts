/**
 * The application form as a list of fields (the edit page's form builder) ⇄ the JSON Schema 2020-12 the server
 * stores (src/modules/catalog/form-schema.ts checks it). People pick a field's kind and what it holds (its semantic
 * key, from SEMANTIC_KEYS, in words); the property name is made from the semantic key (`applicant.name` →
 * `applicant_name`, as the demo does) and an existing field keeps its own. Keywords the builder does not edit
 * (`pattern`, `maxLength`, …) are kept from the field's schema.
 *
 * Nested fields, one level deep: a **group** (一组字段, an object with its own fields) and a **list** (多行列表, an
 * array of objects, e.g. 股东名单 with each shareholder's name and ID number). Their own fields are plain ones (text …
 * choice), each with a semantic key as any other field (unique in the whole form). Deeper or other shapes of an
 * existing form (an array of strings, a group inside a group) are kept as they are ('complex').
 */

export const FORM_SCHEMA_URI = 'https://json-schema.org/draft/2020-12/schema';

/** The kinds of a plain field (also those of a group's or list's own fields). */
export const LEAF_KINDS = ['text', 'integer', 'number', 'boolean', 'date', 'choice'] as const;
/** The kinds a top-level field may have: the plain ones, a group and a list. */
export const FIELD_KINDS = [...LEAF_KINDS, 'group', 'list'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];
/** Whether a kind holds fields of its own. */
export const isNested = (kind: BuilderField['kind']): kind is 'group' | 'list' => kind === 'group' || kind === 'list';

export interface BuilderField {
  /** The property name: kept for an existing field, made from the semantic key for a new one ('' until saved). */
  name: string;
  title: string;
  /** 'complex': a shape the builder does not edit, kept as it is. */
  kind: FieldKind | 'complex';
  /** A plain field's semantic key ('' for a group or a list: their own fields carry them). */
  semanticKey: string;
  required: boolean;
  description: string;
  /** For a choice: the options, one per line. */
  options: string;
  /** A group's or a list's own fields (empty for a plain field). */
  children: BuilderField[];
  /** The field's schema as read: keywords not edited here are kept. */
  raw: Record<string, unknown>;
}

type Schema = Record<string, unknown>;

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The object schema whose fields a group (itself) or a list (its items) holds; null for other shapes. */
function nestedObject(p: Schema): Schema | null {
  if (p.type === 'object' && isObject(p.properties)) return p;
  if (p.type === 'array' && isObject(p.items) && p.items.type === 'object' && isObject(p.items.properties))
    return p.items;
  return null;
}

function kindOf(p: Schema, depth = 0): BuilderField['kind'] {
  switch (p.type) {
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'string':
      if (Array.isArray(p.enum)) return 'choice';
      return p.format === 'date' ? 'date' : 'text';
    case 'object':
    case 'array': {
      // One level of nesting, whose own fields are all plain: a group or a list the builder edits.
      const inner = depth === 0 ? nestedObject(p) : null;
      if (!inner) return 'complex';
      const plain = Object.values(inner.properties as Schema).every(
        (c) => isObject(c) && (LEAF_KINDS as readonly string[]).includes(kindOf(c, depth + 1)),
      );
      return plain ? (p.type === 'object' ? 'group' : 'list') : 'complex';
    }
    default:
      return 'complex';
  }
}

function readFields(schema: Schema, depth: number): BuilderField[] {
  if (!isObject(schema.properties)) return [];
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  return Object.entries(schema.properties).map(([name, p]) => {
    const s = isObject(p) ? p : {};
    const kind = kindOf(s, depth);
    const inner = isNested(kind) ? nestedObject(s) : null;
    return {
      name,
      title: typeof s.title === 'string' ? s.title : '',
      kind,
      semanticKey: typeof s['x-semantic-key'] === 'string' ? s['x-semantic-key'] : '',
      required: required.has(name),
      description: typeof s.description === 'string' ? s.description : '',
      options: kind === 'choice' && Array.isArray(s.enum) ? s.enum.map(String).join('\n') : '',
      children: inner ? readFields(inner, depth + 1) : [],
      raw: s,
    };
  });
}

/** The fields of a form schema, in order (an empty or malformed form gives none). */
export function schemaToFields(schema: unknown): BuilderField[] {
  return isObject(schema) ? readFields(schema, 0) : [];
}

/** Keywords that only make sense for one kind: dropped when a field changes kind. */
const KIND_KEYWORDS = [
  'type',
  'format',
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'default',
  'examples',
  'const',
  // A group's and a list's own keywords.
  'properties',
  'required',
  'additionalProperties',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
];

function propertySchema(f: BuilderField): Schema {
  if (f.kind === 'complex') return f.raw;
  const sameKind = kindOf(f.raw) === f.kind;
  const kept = Object.fromEntries(
    Object.entries(f.raw).filter(([k]) => (sameKind || !KIND_KEYWORDS.includes(k)) && k !== 'description'),
  );
  const out: Schema = { ...kept, title: f.title.trim() };
  if (isNested(f.kind)) delete out['x-semantic-key'];
  else out['x-semantic-key'] = f.semanticKey;
  switch (f.kind) {
    case 'text':
      out.type = 'string';
      delete out.enum;
      if (out.format === 'date') delete out.format;
      break;
    case 'date':
      out.type = 'string';
      out.format = 'date';
      break;
    case 'choice':
      out.type = 'string';
      out.enum = f.options
        .split('\n')
        .map((o) => o.trim())
        .filter(Boolean);
      break;
    case 'group':
      Object.assign(out, objectSchema(f.children, out));
      out.type = 'object';
      break;
    case 'list': {
      const items = isObject(out.items) ? out.items : {};
      out.type = 'array';
      out.items = { ...objectSchema(f.children, items), type: 'object' };
      break;
    }
    default:
      out.type = f.kind;
  }
  if (f.description.trim()) out.description = f.description.trim();
  return out;
}

/**
 * An object schema's `properties` and `required` from fields (`base`: the object schema read, whose other keywords
 * are kept). New fields get a property name from their semantic key, unused among their siblings.
 */
function objectSchema(fields: readonly BuilderField[], base: Schema): Schema {
  const { properties: _p, required: _r, ...rest } = base;
  const taken = new Set(fields.map((f) => f.name).filter(Boolean));
  const properties: Schema = {};
  const required: string[] = [];
  for (const f of fields) {
    let name = f.name;
    if (!name) {
      name = nameFor(isNested(f.kind) ? groupKeyOf(f) : f.semanticKey, taken);
      taken.add(name);
    }
    properties[name] = propertySchema(f);
    if (f.required) required.push(name);
  }
  return { ...rest, properties, ...(required.length ? { required } : {}) };
}

/**
 * What a new group's or list's property name is made from: the namespace its own fields share (`shareholder.name`,
 * `shareholder.idNumber` → `shareholder`; a list → `shareholder_list`), else `group` / `list`.
 */
function groupKeyOf(f: BuilderField): string {
  const spaces = [...new Set(f.children.map((c) => c.semanticKey.split('.')[0]).filter(Boolean))];
  const base = spaces.length === 1 ? spaces[0]! : f.kind;
  return f.kind === 'list' && spaces.length === 1 ? `${base}_list` : base;
}

/** Every semantic key a field list uses, its groups' and lists' own fields included. */
export function usedKeys(fields: readonly BuilderField[]): Set<string> {
  const out = new Set<string>();
  for (const f of fields) {
    if (f.semanticKey) out.add(f.semanticKey);
    for (const c of f.children) if (c.semanticKey) out.add(c.semanticKey);
  }
  return out;
}

/** A property name for a semantic key, unused by the other fields: `site.address` → `site_address` (`_2` …). */
export function nameFor(semanticKey: string, taken: ReadonlySet<string>): string {
  const base = semanticKey.replace(/[^a-zA-Z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'field';
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  return name;
}

/** The fields as the form schema PATCH sends (`base`: the schema read, whose other root keywords are kept). */
export function fieldsToSchema(fields: readonly BuilderField[], base?: unknown): Schema {
  const root = isObject(base) ? base : {};
  return {
    ...objectSchema(fields, root),
    $schema: FORM_SCHEMA_URI,
    type: 'object',
  };
}

/** A new, empty field. */
export function newField(): BuilderField {
  return {
    name: '',
    title: '',
    kind: 'text',
    semanticKey: '',
    required: true,
    description: '',
    options: '',
    children: [],
    raw: {},
  };
}

/**
 * What a field can hold, in words: the semantic keys offered by the builder (the demo's forms use these). A form
 * that already uses another key keeps it (the builder shows the field's title for it).
 */
export const SEMANTIC_KEYS: ReadonlyArray<{ key: string; zh: string; en: string }> = [
  { key: 'applicant.name', zh: '申请人（经办人）姓名', en: "Applicant's name" },
  { key: 'applicant.idNumber', zh: '申请人身份证号码', en: "Applicant's ID number" },
  { key: 'applicant.phone', zh: '申请人联系电话', en: "Applicant's phone" },
  { key: 'applicant.mailingAddress', zh: '邮寄地址', en: 'Mailing address' },
  { key: 'enterprise.name', zh: '单位（企业）名称', en: 'Organisation name' },
  { key: 'enterprise.uscc', zh: '统一社会信用代码', en: 'Unified social credit code' },
  { key: 'enterprise.legalRepName', zh: '法定代表人（负责人）姓名', en: 'Legal representative' },
  { key: 'enterprise.registeredCapital', zh: '注册资本（万元）', en: 'Registered capital (10k yuan)' },
  { key: 'enterprise.employeeCount', zh: '职工人数', en: 'Number of employees' },
  { key: 'business.name', zh: '个体工商户名称', en: 'Sole trader name' },
  { key: 'business.scope', zh: '经营范围', en: 'Business scope' },
  { key: 'site.address', zh: '场所地址（住所、经营场所、建设地点）', en: 'Site address' },
  { key: 'site.area', zh: '场所面积（平方米）', en: 'Site area (m²)' },
  { key: 'product.categories', zh: '产品（食品）类别', en: 'Product categories' },
  { key: 'industry.code', zh: '行业类别', en: 'Industry' },
  { key: 'project.name', zh: '项目（工程）名称', en: 'Project name' },
  { key: 'project.scope', zh: '建设规模和内容', en: 'Project scope' },
  { key: 'project.area', zh: '建筑面积（平方米）', en: 'Floor area (m²)' },
  { key: 'project.totalInvestment', zh: '总投资（万元）', en: 'Total investment (10k yuan)' },
  { key: 'property.address', zh: '不动产坐落', en: 'Property address' },
  { key: 'property.area', zh: '不动产面积（平方米）', en: 'Property area (m²)' },
  { key: 'child.name', zh: '新生儿姓名', en: "Child's name" },
  { key: 'child.birthDate', zh: '出生日期', en: 'Date of birth' },
  { key: 'insured.name', zh: '参保人姓名', en: 'Insured person' },
  { key: 'insured.idNumber', zh: '参保人身份证号码', en: "Insured person's ID number" },
  { key: 'household.size', zh: '共同生活家庭人口', en: 'Household size' },
  { key: 'household.monthlyIncome', zh: '家庭月收入（元）', en: 'Household monthly income (yuan)' },
  // For a list's own fields (股东名单, 家庭成员).
  { key: 'shareholder.name', zh: '股东姓名（名称）', en: "Shareholder's name" },
  { key: 'shareholder.idNumber', zh: '股东证件号码', en: "Shareholder's ID number" },
  { key: 'shareholder.contribution', zh: '股东出资额（万元）', en: "Shareholder's contribution (10k yuan)" },
  { key: 'member.name', zh: '家庭成员姓名', en: "Household member's name" },
  { key: 'member.idNumber', zh: '家庭成员身份证号码', en: "Household member's ID number" },
  { key: 'member.relation', zh: '与申请人关系', en: 'Relation to the applicant' },
];
