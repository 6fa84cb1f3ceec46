/**
 * Comparing implementations element by element, and drift: local copies derived from a published version whose
 * source has since published a newer version (after the copy itself was published).
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { requirePermission, type Ctx } from '../../kernel/context.ts';
import { notFound } from '../../kernel/errors.ts';
import { canonicalJson } from '../../kernel/audit.ts';
import * as repo from './repository.ts';
import { READ } from './access.ts';
import { ELEMENT_KEYS, type Elements } from './elements.ts';
import { getImplementationVersion } from './service.ts';
import { toVersion } from './convert.ts';
import type { Department, VersionRef } from './model.ts';

export interface DiffEntry {
  /** The element (`promisedDays`, `materials`, …). */
  element: string;
  /** For keyed lists (materials, process): the entry's key. */
  key: string | null;
  change: 'changed' | 'added' | 'removed';
  a: unknown;
  b: unknown;
}

const KEYED = new Set<string>(['materials', 'process']);
const same = (x: unknown, y: unknown) => canonicalJson(x ?? null) === canonicalJson(y ?? null);

function diffKeyed(element: string, a: Array<{ key: string }>, b: Array<{ key: string }>): DiffEntry[] {
  const out: DiffEntry[] = [];
  const bByKey = new Map(b.map((x) => [x.key, x]));
  const aKeys = new Set(a.map((x) => x.key));
  for (const x of a) {
    const y = bByKey.get(x.key);
    if (!y) out.push({ element, key: x.key, change: 'removed', a: x, b: null });
    else if (!same(x, y)) out.push({ element, key: x.key, change: 'changed', a: x, b: y });
  }
  for (const y of b) if (!aKeys.has(y.key)) out.push({ element, key: y.key, change: 'added', a: null, b: y });
  const order = (l: Array<{ key: string }>) => l.map((x) => x.key).filter((k) => aKeys.has(k) && bByKey.has(k));
  if (!out.length && !same(order(a), order(b)))
    out.push({ element, key: null, change: 'changed', a: a.map((x) => x.key), b: b.map((x) => x.key) });
  return out;
}

/** The elements that differ between two element sets; keyed lists are compared entry by entry. */
export function diffElements(a: Elements, b: Elements): DiffEntry[] {
  const out: DiffEntry[] = [];
  for (const element of ELEMENT_KEYS) {
    const x = a[element];
    const y = b[element];
    if (KEYED.has(element)) out.push(...diffKeyed(element, x as Array<{ key: string }>, y as Array<{ key: string }>));
    else if (!same(x, y)) out.push({ element, key: null, change: 'changed', a: x, b: y });
  }
  return out;
}

export interface DiffSide {
  implementationId: string;
  /** The published version compared, or null for the working copy. */
  version: number | null;
  code: string;
  region: string;
}

async function side(
  k: Kernel,
  ref: { implementationId: string; version?: number | null },
): Promise<{ side: DiffSide; elements: Elements }> {
  if (ref.version) {
    const v = await getImplementationVersion(k, ref.implementationId, ref.version);
    return {
      side: { implementationId: v.implementationId, version: v.version, code: v.code, region: v.region },
      elements: v.elements,
    };
  }
  const row = await repo.findImplementation(k.db, ref.implementationId);
  if (!row) throw notFound('实施清单 implementation', ref.implementationId);
  return {
    side: { implementationId: row.id, version: null, code: row.code, region: row.region },
    elements: row.elements as Elements,
  };
}

/** What differs between two implementations (published versions or working copies). */
export async function diff(
  k: Kernel,
  ctx: Ctx,
  a: { implementationId: string; version?: number | null },
  b: { implementationId: string; version?: number | null },
) {
  requirePermission(ctx, READ);
  const x = await side(k, a);
  const y = await side(k, b);
  return { a: x.side, b: y.side, changes: diffElements(x.elements, y.elements) };
}

export interface DriftRow {
  implementationId: string;
  code: string;
  region: string;
  department: Department;
  /** The copy's version in force and when it was published. */
  version: number;
  publishedAt: string;
  source: VersionRef & { code: string; region: string; latestVersion: number; latestPublishedAt: string };
  /** The elements the source changed between the pinned version and its latest. */
  changedElements: string[];
  illustrative: boolean;
}

async function driftOf(
  k: Kernel,
  head: Awaited<ReturnType<typeof repo.findImplementation>> & object,
): Promise<DriftRow | null> {
  const copy = toVersion(k, (await repo.findVersion(k.db, head.id, Number(head.published_version)))!, head);
  if (!copy.derivedFrom) return null;
  const src = await repo.findImplementation(k.db, copy.derivedFrom.implementationId);
  if (!src || src.published_version === null || Number(src.published_version) <= copy.derivedFrom.version) return null;
  const latest = toVersion(k, (await repo.findVersion(k.db, src.id, Number(src.published_version)))!, src);
  if (latest.publishedAt < copy.publishedAt) return null; // same instant (one seed, one transaction) counts as after
  const pinned = await getImplementationVersion(k, src.id, copy.derivedFrom.version);
  const changed = [...new Set(diffElements(pinned.elements, latest.elements).map((d) => d.element))];
  return {
    implementationId: copy.implementationId,
    code: copy.code,
    region: copy.region,
    department: copy.department,
    version: copy.version,
    publishedAt: copy.publishedAt,
    source: {
      ...copy.derivedFrom,
      code: latest.code,
      region: latest.region,
      latestVersion: latest.version,
      latestPublishedAt: latest.publishedAt,
    },
    changedElements: changed,
    illustrative: copy.illustrative || latest.illustrative,
  };
}

/** Published local copies whose source published a newer version after the copy was published, in id order. */
export async function driftReport(
  k: Kernel,
  ctx: Ctx,
  f: { region?: string; after?: string | null; limit: number },
): Promise<{ items: DriftRow[]; last: string | null }> {
  requirePermission(ctx, READ);
  const items: DriftRow[] = [];
  let after = f.after ?? null;
  for (;;) {
    const heads = await repo.listImplementations(k.db, { region: f.region, published: true, after, limit: 200 });
    for (const h of heads) {
      if (!h.derived_from_id) continue;
      const row = await driftOf(k, h);
      if (row) items.push(row);
      if (items.length === f.limit) return { items, last: h.id };
    }
    if (heads.length < 200) return { items, last: null };
    after = heads[heads.length - 1].id;
  }
}
