/**
 * The application form of a case: validated against the pinned implementation version's JSON Schema (field-level
 * errors, every one of them), and its personal data protected. Fields whose semantic key (`x-semantic-key`) ends in
 * `.idNumber` or `.phone` are stored as ciphertext (`k.cipher`, AES-256-GCM) and shown masked; an `.idNumber` must
 * also be a valid resident ID (GB 11643).
 */
import { Compile } from 'typebox/compile';
import type { Kernel } from '../../kernel/kernel.ts';
import { AppError } from '../../kernel/errors.ts';
import { checkResidentId, maskResidentId } from '../../kernel/validators/resident-id.ts';
import { maskMobile } from '../../kernel/validators/mobile.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export type Sensitive = 'idNumber' | 'phone';

/** One field-level error. */
export interface FieldError {
  field: string;
  code: string;
  zh: string;
  en: string;
}

const compiled = new Map<string, ReturnType<typeof Compile>>();

/** A compiled validator per implementation version (versions are immutable, so the key never goes stale). */
function validatorFor(key: string, schema: unknown) {
  let c = compiled.get(key);
  if (!c) {
    c = Compile(schema as never);
    if (compiled.size > 500) compiled.clear();
    compiled.set(key, c);
  }
  return c;
}

/** The sensitive fields of a form schema: data path (dotted local names) → kind. */
export function sensitiveFields(schema: unknown, prefix = ''): Map<string, Sensitive> {
  const out = new Map<string, Sensitive>();
  if (!isObject(schema) || !isObject(schema.properties)) return out;
  for (const [name, prop] of Object.entries(schema.properties)) {
    if (!isObject(prop)) continue;
    const path = prefix ? `${prefix}.${name}` : name;
    const key = typeof prop['x-semantic-key'] === 'string' ? prop['x-semantic-key'] : '';
    if (key.endsWith('.idNumber')) out.set(path, 'idNumber');
    else if (key.endsWith('.phone')) out.set(path, 'phone');
    if (prop.type === 'object') for (const [p, s] of sensitiveFields(prop, path)) out.set(p, s);
  }
  return out;
}

function titleAt(schema: unknown, path: string[]): string | null {
  let s: unknown = schema;
  for (const p of path) {
    if (!isObject(s) || !isObject(s.properties)) return null;
    s = s.properties[p];
  }
  return isObject(s) && typeof s.title === 'string' ? s.title : null;
}

const ZH: Record<string, string> = {
  required: '为必填项',
  pattern: '格式不正确',
  type: '类型不正确',
  minLength: '过短',
  maxLength: '过长',
  minimum: '过小',
  maximum: '过大',
  exclusiveMinimum: '过小',
  exclusiveMaximum: '过大',
  enum: '不是可选值之一',
  const: '取值不正确',
  format: '格式不正确',
  additionalProperties: '不是表单中的字段',
  minItems: '项数过少',
  maxItems: '项数过多',
  uniqueItems: '有重复项',
};

/** Every error of `data` against `schema`, one per field. */
export function formErrors(key: string, schema: unknown, data: unknown): FieldError[] {
  const c = validatorFor(key, schema);
  if (c.Check(data)) return [];
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of c.Errors(data) as Iterable<{
    keyword: string;
    instancePath: string;
    params: Record<string, unknown>;
    message: string;
  }>) {
    if (e.keyword === 'boolean') continue; // the additionalProperties: false echo; reported as additionalProperties
    const base = e.instancePath.split('/').filter(Boolean);
    const names =
      e.keyword === 'required'
        ? ((e.params.requiredProperties as string[] | undefined) ?? []).map((p) => [...base, p])
        : e.keyword === 'additionalProperties'
          ? ((e.params.additionalProperties as string[] | undefined) ?? []).map((p) => [...base, p])
          : [base];
    for (const path of names) {
      const field = ['form', ...path].join('.');
      if (seen.has(field)) continue;
      seen.add(field);
      const title = titleAt(schema, path) ?? (path.join('.') || '表单');
      out.push({
        field,
        code: `FORM_${e.keyword.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`,
        zh: `${title}${ZH[e.keyword] ?? '不符合要求'}`,
        en: `${path.join('.') || 'form'}: ${e.message}`,
      });
    }
  }
  return out;
}

function at(data: Json, path: string): unknown {
  let v: unknown = data;
  for (const p of path.split('.')) v = isObject(v) ? v[p] : undefined;
  return v;
}

function put(data: Json, path: string, value: unknown): void {
  const parts = path.split('.');
  let o: Json = data;
  for (const p of parts.slice(0, -1)) {
    if (!isObject(o[p])) return;
    o = o[p] as Json;
  }
  o[parts[parts.length - 1]] = value;
}

/** The stored form with its protected fields decrypted again: what the applicant filled in. */
export function revealForm(k: Kernel, schema: unknown, stored: Json): Json {
  const out = structuredClone(stored);
  for (const [path] of sensitiveFields(schema)) {
    const v = at(stored, path);
    if (typeof v === 'string' && v) put(out, path, k.cipher.decrypt(v));
  }
  return out;
}

/** Validates the form (400 FORM_INVALID listing every field at fault) and checks resident IDs. */
export function checkForm(key: string, schema: unknown, data: unknown, today: Date): Json {
  const errors = formErrors(key, schema, data);
  if (!errors.length && isObject(data)) {
    for (const [path, kind] of sensitiveFields(schema)) {
      const v = at(data, path);
      if (kind !== 'idNumber' || typeof v !== 'string') continue;
      const c = checkResidentId(v, { today });
      if (!c.ok) errors.push({ field: `form.${path}`, code: c.code, zh: c.zh, en: c.en });
    }
  }
  if (errors.length || !isObject(data)) {
    const first = errors[0];
    throw new AppError({
      code: 'FORM_INVALID',
      status: 400,
      field: first?.field ?? 'form',
      zh: `申请表有 ${errors.length || 1} 处需要修改：${errors.map((e) => e.zh).join('；') || '表单须为对象'}`,
      en: `The application form has ${errors.length || 1} problem(s): ${errors.map((e) => e.en).join('; ') || 'the form must be an object'}`,
      details: { errors },
    });
  }
  return data;
}

/** The title of each top-level field of a form schema. */
export function fieldTitles(schema: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(schema) || !isObject(schema.properties)) return out;
  for (const [name, prop] of Object.entries(schema.properties))
    if (isObject(prop) && typeof prop.title === 'string') out[name] = prop.title;
  return out;
}

function mask(kind: Sensitive, v: string): string {
  if (kind === 'idNumber') return v.length === 18 ? maskResidentId(v) : '*'.repeat(v.length);
  return v.length === 11 ? maskMobile(v) : v.replace(/\d(?=\d{4})/g, '*');
}

/** The form to store (ID and phone values encrypted) and the form to show (masked). */
export function protectForm(k: Kernel, schema: unknown, data: Json): { stored: Json; masked: Json } {
  const stored = structuredClone(data);
  const masked = structuredClone(data);
  for (const [path, kind] of sensitiveFields(schema)) {
    const v = at(data, path);
    if (typeof v !== 'string' || !v) continue;
    put(stored, path, k.cipher.encrypt(v));
    put(masked, path, mask(kind, v));
  }
  return { stored, masked };
}
