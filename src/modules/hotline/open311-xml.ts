/**
 * Open311 GeoReport v2's XML format (`.xml` beside `.json`): the same documents written as the specification's
 * examples show them — a root element per resource (`discovery`, `services`, `service_definition`,
 * `service_requests`, `errors`), one child per list item named for the list (`service`, `request`, `attribute`,
 * `value`, `endpoint`, `format`, `error`), fields as elements, null as an empty element.
 */

/** The element name of one item of each list the specification defines. */
const ITEM: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
};

const escape = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object')
    return `<${name}>${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => element(k, v))
      .join('')}</${name}>`;
  return `<${name}>${escape(String(value))}</${name}>`;
}

/** A document: `root` wraps the value (a list's items are named for the root, e.g. `services` → `service`). */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value)}`;
}
