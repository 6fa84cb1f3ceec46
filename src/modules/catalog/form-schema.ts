/**
 * The application form of an implementation is a JSON Schema (draft 2020-12) object schema. Every field that holds
 * a value carries a stable semantic key (`x-semantic-key`: `applicant.name`, `enterprise.uscc`, `site.address`, …)
 * so that cases, bundles and certificate-free prefill can match fields across forms whatever their local names.
 *
 * Well-formed means: `$schema` is 2020-12, the root is `type: object` with `properties`; every property is a schema
 * with a known `type` and only keywords from the list below (plus `x-…` annotations); an `object` property nests
 * the same rules; every other property has a `title` and a unique semantic key; `required` names existing
 * properties; `pattern` compiles. No `$ref`: a form is self-contained.
 */
export const JSON_SCHEMA_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

/** `namespace.field`, lower camel case, at least one dot: `applicant.name`, `site.address`, `applicant.idNumber`. */
export const SEMANTIC_KEY = /^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)+$/;

const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array']);
const KEYWORDS = new Set([
  '$schema',
  '$id',
  '$comment',
  'title',
  'description',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'const',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'uniqueItems',
  'default',
  'examples',
  'readOnly',
  'writeOnly',
  'deprecated',
]);
const COUNT_KEYWORDS = ['minLength', 'maxLength', 'minItems', 'maxItems'];
const MAX_DEPTH = 6;
const MAX_FIELDS = 300;

export type FormCheck =
  { ok: true; keys: string[] } | { ok: false; path: string; code: string; zh: string; en: string };

class FormError extends Error {
  constructor(
    readonly path: string,
    readonly code: string,
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const join = (a: string, b: string) => (a ? `${a}.${b}` : b);

function bad(path: string, zh: string, en: string, code = 'FORM_SCHEMA_INVALID'): never {
  throw new FormError(path, code, zh, en);
}

function checkKeywords(s: Record<string, unknown>, path: string): void {
  for (const k of Object.keys(s)) {
    if (!KEYWORDS.has(k) && !k.startsWith('x-'))
      bad(
        join(path, k),
        `表单不支持关键字 ${k}`,
        `Keyword ${k} is not allowed in a form schema`,
        'FORM_SCHEMA_KEYWORD',
      );
  }
  for (const k of COUNT_KEYWORDS) {
    if (k in s && !(Number.isInteger(s[k]) && (s[k] as number) >= 0))
      bad(join(path, k), `${k} 须为非负整数`, `${k} must be a non-negative integer`);
  }
  if ('pattern' in s) {
    try {
      new RegExp(String(s.pattern), 'u');
      if (typeof s.pattern !== 'string') throw new Error();
    } catch {
      bad(join(path, 'pattern'), 'pattern 不是有效的正则表达式', 'pattern is not a valid regular expression');
    }
  }
  if ('enum' in s && !(Array.isArray(s.enum) && s.enum.length > 0))
    bad(join(path, 'enum'), 'enum 须为非空数组', 'enum must be a non-empty array');
}

interface Walk {
  keys: string[];
  fields: number;
}

function checkObject(s: Record<string, unknown>, path: string, depth: number, w: Walk): void {
  if (depth > MAX_DEPTH) bad(path, `表单嵌套不得超过 ${MAX_DEPTH} 层`, `A form nests at most ${MAX_DEPTH} levels`);
  if (!isObject(s.properties))
    bad(join(path, 'properties'), '对象须有 properties', 'An object schema needs properties');
  const props = s.properties;
  if ('required' in s) {
    const req = s.required;
    if (!Array.isArray(req) || req.some((r) => typeof r !== 'string'))
      bad(join(path, 'required'), 'required 须为字符串数组', 'required must be an array of strings');
    for (const r of req as string[])
      if (!(r in props))
        bad(
          join(path, 'required'),
          `required 中的 ${r} 不是已定义的字段`,
          `required names ${r}, which is not a property`,
        );
  }
  if ('additionalProperties' in s && typeof s.additionalProperties !== 'boolean')
    bad(
      join(path, 'additionalProperties'),
      'additionalProperties 须为布尔值',
      'additionalProperties must be a boolean',
    );
  for (const [name, child] of Object.entries(props))
    checkField(child, join(join(path, 'properties'), name), depth + 1, w);
}

function checkField(s: unknown, path: string, depth: number, w: Walk): void {
  if (!isObject(s)) bad(path, '字段定义须为对象', 'A field schema must be an object');
  checkKeywords(s, path);
  if (typeof s.type !== 'string' || !TYPES.has(s.type))
    bad(
      join(path, 'type'),
      '字段须有 type（string、number、integer、boolean、object、array）',
      'A field needs a type (string, number, integer, boolean, object, array)',
    );
  if (s.type === 'object') return checkObject(s, path, depth, w);
  if (s.type === 'array' && isObject(s.items) && s.items.type === 'object') {
    checkKeywords(s.items, join(path, 'items'));
    return checkObject(s.items, join(path, 'items'), depth + 1, w);
  }
  if (s.type === 'array' && !isObject(s.items))
    bad(join(path, 'items'), '数组字段须有 items', 'An array field needs items');
  if (++w.fields > MAX_FIELDS)
    bad(path, `表单字段不得超过 ${MAX_FIELDS} 个`, `A form has at most ${MAX_FIELDS} fields`);
  if (typeof s.title !== 'string' || !s.title.trim())
    bad(join(path, 'title'), '字段须有标题 title', 'A field needs a title');
  const key = s['x-semantic-key'];
  if (typeof key !== 'string' || !SEMANTIC_KEY.test(key)) {
    bad(
      join(path, 'x-semantic-key'),
      '字段须有语义键 x-semantic-key，形如 applicant.name',
      'A field needs a semantic key x-semantic-key such as applicant.name',
      'FORM_SEMANTIC_KEY',
    );
  }
  if (w.keys.includes(key))
    bad(join(path, 'x-semantic-key'), `语义键 ${key} 重复`, `Semantic key ${key} is used twice`, 'FORM_SEMANTIC_KEY');
  w.keys.push(key);
}

/** Checks that `form` is a well-formed form schema; returns its semantic keys in document order. */
export function checkFormSchema(form: unknown): FormCheck {
  try {
    if (!isObject(form)) bad('', '表单须为 JSON Schema 对象', 'The form must be a JSON Schema object');
    if (form.$schema !== JSON_SCHEMA_2020_12)
      bad('$schema', `$schema 须为 ${JSON_SCHEMA_2020_12}`, `$schema must be ${JSON_SCHEMA_2020_12}`);
    checkKeywords(form, '');
    if (form.type !== 'object') bad('type', '表单根节点须为 type: object', 'The form root must be type: object');
    const w: Walk = { keys: [], fields: 0 };
    checkObject(form, '', 1, w);
    return { ok: true, keys: w.keys };
  } catch (e) {
    if (e instanceof FormError) return { ok: false, path: e.path, code: e.code, zh: e.zh, en: e.en };
    throw e;
  }
}

/** The semantic keys of a (well-formed) form; empty for a malformed one. */
export function semanticKeys(form: unknown): string[] {
  const r = checkFormSchema(form);
  return r.ok ? r.keys : [];
}
