/**
 * From the bundle's one form (一表申请) to each member's own form. The catalog merges member forms by semantic key
 * (`x-semantic-key`): the merged property is the key with dots as underscores, and a list of objects stays one field
 * named `<member>__<path>` (catalog/bundles/merge-forms.ts). This walks a member's form the same way and takes each
 * of its fields from the merged answers, rebuilding nested objects. Pure.
 */
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function fill(member: string, schema: Json, answers: Json, prefix: string): Json {
  const out: Json = {};
  for (const [name, child] of Object.entries(isObject(schema.properties) ? schema.properties : {})) {
    if (!isObject(child)) continue;
    const path = prefix ? `${prefix}.${name}` : name;
    let value: unknown;
    if (child.type === 'object') {
      const inner = fill(member, child, answers, path);
      value = Object.keys(inner).length ? inner : undefined;
    } else if (child.type === 'array' && isObject(child.items) && child.items.type === 'object')
      value = answers[`${member}__${path.replace(/\./g, '_')}`];
    else if (typeof child['x-semantic-key'] === 'string') value = answers[child['x-semantic-key'].replace(/\./g, '_')];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** The member `member`'s form (its JSON Schema `schema`) filled from the bundle form's `answers`. */
export function memberForm(member: string, schema: unknown, answers: Json): Json {
  return isObject(schema) ? fill(member, schema, answers, '') : {};
}
