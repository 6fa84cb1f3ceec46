/**
 * Where each published implementation can be handled: at every open center of its own region whose negative list
 * does not exclude it (by implementation or by item), and online when its published version is 全程网办
 * (`elements.onlineDepth.fullyOnline`). The report of what is available nowhere — no center and not fully online —
 * is what the 进驻 rule ("everything not on the negative list is handled at the center") is checked against.
 *
 * A center hosts implementations of its own region only: a county center does not count as a place for the city's
 * or the province's implementations (those have their own centers).
 */
import type { Executor } from '../../../kernel/db/types.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { requirePermission, type Ctx } from '../../../kernel/context.ts';
import { orThrow } from '../../../kernel/errors.ts';
import { checkDivisionCode, fullName } from '../../../kernel/reference/divisions.ts';
import * as catalogRepo from '../repository.ts';
import { READ } from '../access.ts';
import type { Elements } from '../elements.ts';
import type { Department, ItemSummary } from '../model.ts';
import type { ImplementationTable } from '../tables.ts';
import * as repo from './repository.ts';
import type { CenterTable, NegativeListEntryTable } from './tables.ts';

export interface AvailabilityRow {
  implementationId: string;
  /** The published version the row reads (the newest published one). */
  version: number;
  code: string;
  itemId: string;
  itemName: string;
  region: string;
  regionName: string;
  department: Department;
  /** 全程网办: applied for and concluded online with no visit. */
  fullyOnline: boolean;
  /** Open centers of the implementation's region that host it. */
  centers: Array<{ id: string; name: string }>;
  /** Open centers of its region whose negative list excludes it, with the entry and its reason. */
  excludedAt: Array<{ centerId: string; centerName: string; entryId: string; reason: string }>;
  illustrative: boolean;
}

/** Why an implementation is available nowhere: its region has no open center, or every one excludes it. */
export type UnavailableCause = 'no_center' | 'excluded';
export type UnavailableRow = AvailabilityRow & { cause: UnavailableCause };

const BATCH = 200;

interface Places {
  centers: Map<string, CenterTable[]>;
  entries: Map<string, NegativeListEntryTable[]>;
}

/** Open centers of the region's subtree by region, and their active negative-list entries by center. */
async function placesIn(db: Executor, region: string): Promise<Places> {
  const rows = await repo.listCenters(db, { region, status: 'open', limit: 100_000 });
  const centers = new Map<string, CenterTable[]>();
  for (const c of rows) centers.set(c.region, [...(centers.get(c.region) ?? []), c]);
  const entries = new Map<string, NegativeListEntryTable[]>();
  for (const e of await repo.entriesOf(
    db,
    rows.map((c) => c.id),
    'active',
  ))
    entries.set(e.center_id, [...(entries.get(e.center_id) ?? []), e]);
  return { centers, entries };
}

async function rowOf(k: Kernel, db: Executor, places: Places, head: ImplementationTable): Promise<AvailabilityRow> {
  const v = (await catalogRepo.findVersion(db, head.id, Number(head.published_version)))!;
  const elements = v.elements as Elements;
  const item = v.item as ItemSummary;
  const row: AvailabilityRow = {
    implementationId: head.id,
    version: Number(v.version),
    code: v.code,
    itemId: head.item_id,
    itemName: item.name,
    region: head.region,
    regionName: fullName(head.region) ?? head.region,
    department: { code: v.department_code, name: v.department_name, uscc: v.department_uscc },
    fullyOnline: elements.onlineDepth.fullyOnline,
    centers: [],
    excludedAt: [],
    illustrative: v.illustrative,
  };
  for (const c of places.centers.get(head.region) ?? []) {
    const entry = (places.entries.get(c.id) ?? []).find(
      (e) => e.item_id === head.item_id && (e.implementation_id === null || e.implementation_id === head.id),
    );
    if (entry) row.excludedAt.push({ centerId: c.id, centerName: c.name, entryId: entry.id, reason: entry.reason });
    else row.centers.push({ id: c.id, name: c.name });
  }
  return row;
}

/** Walks the published implementations of a region's subtree in id order, keeping rows `keep` maps to non-null. */
async function walk<T>(
  k: Kernel,
  region: string,
  page: { after?: string | null; limit: number },
  keep: (r: AvailabilityRow) => T | null,
): Promise<{ items: T[]; last: string | null }> {
  orThrow(checkDivisionCode(region), 'query.region');
  const places = await placesIn(k.db, region);
  const items: T[] = [];
  let after = page.after ?? null;
  for (;;) {
    const heads = await catalogRepo.listImplementations(k.db, { region, published: true, after, limit: BATCH });
    for (const h of heads) {
      const kept = keep(await rowOf(k, k.db, places, h));
      if (kept === null) continue;
      items.push(kept);
      if (items.length === page.limit) return { items, last: h.id };
    }
    if (heads.length < BATCH) return { items, last: null };
    after = heads[heads.length - 1].id;
  }
}

/**
 * For each published implementation in the region's subtree: the centers hosting it and whether it is fully
 * online. Changes nothing; callers page with `after` (the last implementation id) and `limit`.
 */
export async function availability(
  k: Kernel,
  region: string,
  page: { after?: string | null; limit: number } = { limit: 10_000 },
): Promise<{ items: AvailabilityRow[]; last: string | null }> {
  return walk(k, region, page, (r) => r);
}

/** Published implementations available at no center and not fully online (the report of what cannot be done anywhere). */
export async function unavailableReport(
  k: Kernel,
  ctx: Ctx,
  f: { region: string; after?: string | null; limit: number },
): Promise<{ items: UnavailableRow[]; last: string | null }> {
  requirePermission(ctx, READ);
  return walk(k, f.region, f, (r) =>
    r.centers.length || r.fullyOnline ? null : { ...r, cause: r.excludedAt.length ? 'excluded' : 'no_center' },
  );
}
