/** Test helpers for guides: a demo item's element set frozen as a published version, without a database. */
import { DEMO_ITEMS, type DemoItem } from '../demo-data.ts';
import type { Elements } from '../elements.ts';
import { ITEM_TYPES, type ImplementationVersion, type ItemType } from '../model.ts';
import type { Guide } from './schemas.ts';

/** The demo item whose name starts with `name`. */
export const demo = (name: string): DemoItem => DEMO_ITEMS.find((d) => d.item.name.startsWith(name))!;

/** A published version of a demo item as the catalog would freeze it. */
export function versionOf(
  spec: DemoItem,
  over: Partial<ImplementationVersion> = {},
  elements: Partial<Elements> = {},
): ImplementationVersion {
  const i = spec.item;
  return {
    implementationId: '01900000-0000-7000-8000-000000000001',
    version: 3,
    status: 'published',
    code: `${i.basicCode}-410000000000-000-11410000MA02RY068C-1-00`,
    item: {
      id: 'item-1',
      basicCode: i.basicCode,
      businessItem: '00',
      name: i.name,
      itemType: i.itemType,
      itemTypeName: ITEM_TYPES[i.itemType as ItemType].zh,
      legalBasis: i.legalBasis,
      reformMode: i.reformMode ?? null,
      illustrative: i.illustrative ?? false,
    },
    region: '410000',
    regionName: '河南省',
    department: { code: '410000-ZRZY', name: '河南省自然资源厅', uscc: '11410000MA02RY068C' },
    effectiveFrom: spec.effectiveFrom,
    derivedFrom: null,
    elements: { ...spec.elements, ...elements },
    digest: 'ab'.repeat(32),
    submittedBy: null,
    publishedBy: null,
    publishedAt: '2026-12-01T02:00:00.000Z',
    illustrative: true,
    ...over,
  };
}

/** What a person must not meet in a guide: a UUID, a `DEMO.` code, a semantic key or a digest. */
export function internalWords(text: string, g: Pick<Guide, 'digest'>, keys: readonly string[]): string[] {
  const found: string[] = [];
  const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.exec(text);
  if (uuid) found.push(uuid[0]);
  const demoCode = /DEMO\.[A-Z]+/.exec(text);
  if (demoCode) found.push(demoCode[0]);
  if (/\b[0-9a-f]{64}\b/.test(text)) found.push('a SHA-256 digest');
  if (g.digest && text.includes(g.digest.slice(0, 16))) found.push('the digest');
  for (const k of keys)
    if (new RegExp(`(^|[^A-Za-z0-9_.])${k.replace(/\./g, '\\.')}($|[^A-Za-z0-9_])`).test(text)) found.push(k);
  return found;
}
