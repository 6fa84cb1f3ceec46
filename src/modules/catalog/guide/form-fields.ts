/**
 * The application form's fields as the guide lists them: label (the field's `title`, nested titles joined with
 * " / "), semantic key, type and whether it is required — read from the form schema in document order.
 */
export interface FormField {
  label: string;
  semanticKey: string;
  type: string;
  required: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function walk(schema: Record<string, unknown>, prefix: string, parentRequired: boolean, out: FormField[]): void {
  const props = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(
    Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : [],
  );
  for (const [name, child] of Object.entries(props)) {
    if (!isObject(child)) continue;
    const title = typeof child.title === 'string' && child.title.trim() ? child.title.trim() : name;
    const label = prefix ? `${prefix} / ${title}` : title;
    const req = parentRequired && required.has(name);
    if (child.type === 'object') walk(child, label, req, out);
    else if (child.type === 'array' && isObject(child.items) && child.items.type === 'object')
      walk(child.items, label, req, out);
    else if (typeof child['x-semantic-key'] === 'string')
      out.push({ label, semanticKey: child['x-semantic-key'], type: String(child.type), required: req });
  }
}

/** The value fields of a form schema, in document order; empty for a form without properties. */
export function formFields(form: unknown): FormField[] {
  const out: FormField[] = [];
  if (isObject(form)) walk(form, '', true, out);
  return out;
}

/** The form's own title, when it has one. */
export function formTitle(form: unknown): string | null {
  return isObject(form) && typeof form.title === 'string' && form.title.trim() ? form.title.trim() : null;
}

export const FIELD_TYPE_ZH: Record<string, string> = {
  string: '文本',
  number: '数字',
  integer: '整数',
  boolean: '是/否',
  array: '列表',
  object: '对象',
};
