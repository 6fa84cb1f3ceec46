/**
 * The application form as a list of fields (the edit page's form builder) ⇄ the JSON Schema 2020-12 the server
 * stores (src/modules/catalog/form-schema.ts checks it). People pick a field's kind and what it holds (its semantic
 * key, from SEMANTIC_KEYS, in words); the property name is made from the semantic key (`applicant.name` →
 * `applicant_name`, as the demo does) and an existing field keeps its own. Keywords the builder does not edit
 * (`pattern`, `maxLength`, …) are kept from the field's schema; object and array fields are kept as they are.
 */

export const FORM_SCHEMA_URI = 'https://json-schema.org/draft/2020-12/schema';

export const FIELD_KINDS = ['text', 'integer', 'number', 'boolean', 'date', 'choice'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export interface BuilderField {
  /** The property name: kept for an existing field, made from the semantic key for a new one ('' until saved). */
  name: string;
  title: string;
  /** 'complex': an object or array field, kept as it is (not edited here). */
  kind: FieldKind | 'complex';
  semanticKey: string;
  required: boolean;
  description: string;
  /** For a choice: the options, one per line. */
  options: string;
  /** The field's schema as read: keywords not edited here are kept. */
  raw: Record<string, unknown>;
}

type Schema = Record<string, unknown>;

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

function kindOf(p: Schema): BuilderField['kind'] {
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
    default:
      return 'complex';
  }
}

/** The fields of a form schema, in order (an empty or malformed form gives none). */
export function schemaToFields(schema: unknown): BuilderField[] {
  if (!isObject(schema) || !isObject(schema.properties)) return [];
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  return Object.entries(schema.properties).map(([name, p]) => {
    const s = isObject(p) ? p : {};
    const kind = kindOf(s);
    return {
      name,
      title: typeof s.title === 'string' ? s.title : '',
      kind,
      semanticKey: typeof s['x-semantic-key'] === 'string' ? s['x-semantic-key'] : '',
      required: required.has(name),
      description: typeof s.description === 'string' ? s.description : '',
      options: kind === 'choice' && Array.isArray(s.enum) ? s.enum.map(String).join('\n') : '',
      raw: s,
    };
  });
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
];

function propertySchema(f: BuilderField): Schema {
  if (f.kind === 'complex') return f.raw;
  const sameKind = kindOf(f.raw) === f.kind;
  const kept = Object.fromEntries(
    Object.entries(f.raw).filter(([k]) => (sameKind || !KIND_KEYWORDS.includes(k)) && k !== 'description'),
  );
  const out: Schema = { ...kept, title: f.title.trim(), 'x-semantic-key': f.semanticKey };
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
    default:
      out.type = f.kind;
  }
  if (f.description.trim()) out.description = f.description.trim();
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
  const { properties: _p, required: _r, ...rest } = root;
  const taken = new Set(fields.map((f) => f.name).filter(Boolean));
  const properties: Schema = {};
  const required: string[] = [];
  for (const f of fields) {
    let name = f.name;
    if (!name) {
      name = nameFor(f.semanticKey, taken);
      taken.add(name);
    }
    properties[name] = propertySchema(f);
    if (f.required) required.push(name);
  }
  return {
    ...rest,
    $schema: FORM_SCHEMA_URI,
    type: 'object',
    properties,
    ...(required.length ? { required } : {}),
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
];
