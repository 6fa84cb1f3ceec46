/**
 * The catalog checker: gaps (items exercised at a region's level that have no published implementation in that
 * region) and impossible published implementations (no channel, no process, promised > statutory, a required
 * material with no source — or still published for an item that is abolished or retired). Submission and
 * publication refuse the element-level impossibilities, so those turn up only in data that bypassed the lifecycle
 * (imports, older rules); the item-level ones arise whenever an item is abolished after publication.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { requirePermission, type Ctx } from '../../kernel/context.ts';
import { orThrow } from '../../kernel/errors.ts';
import { checkDivisionCode, isWithin } from '../../kernel/reference/divisions.ts';
import * as repo from './repository.ts';
import { READ } from './access.ts';
import { impossibilities, type Impossibility } from './elements.ts';
import { levelOf, toItem, toVersion } from './convert.ts';
import type { Department, ItemType, Level } from './model.ts';

export interface GapRow {
  itemId: string;
  basicCode: string;
  name: string;
  itemType: ItemType;
  departmentKind: string;
  region: string;
  level: Level;
  /** Implementations in the region that exist but are not (or no longer) published. */
  unpublished: number;
  illustrative: boolean;
}

export interface ImpossibleRow {
  implementationId: string;
  version: number;
  code: string;
  region: string;
  department: Department;
  itemName: string;
  findings: Array<{
    code: Impossibility['code'] | 'ITEM_ABOLISHED' | 'ITEM_RETIRED';
    element: string;
    zh: string;
    en: string;
  }>;
  illustrative: boolean;
}

const BATCH = 200;

/** Items exercised at the region's level with no published implementation in the region, in item id order. */
export async function gaps(
  k: Kernel,
  ctx: Ctx,
  f: { region: string; after?: string | null; limit: number },
): Promise<{ items: GapRow[]; last: string | null }> {
  requirePermission(ctx, READ);
  orThrow(checkDivisionCode(f.region), 'query.region');
  const level = levelOf(f.region);
  const items: GapRow[] = [];
  let after = f.after ?? null;
  for (;;) {
    const batch = await repo.listItems(k.db, k.adapter, { status: 'active', after, limit: BATCH });
    for (const r of batch) {
      const item = toItem(k, r);
      if (item.reformMode === 'abolished' || !item.levels.includes(level) || !isWithin(f.region, item.region)) continue;
      const here = (await repo.listImplementations(k.db, { itemId: item.id, limit: 10_000 })).filter(
        (i) => i.region === f.region,
      );
      if (here.some((i) => i.published_version !== null && i.status !== 'retired')) continue;
      items.push({
        itemId: item.id,
        basicCode: item.basicCode,
        name: item.name,
        itemType: item.itemType,
        departmentKind: item.departmentKind,
        region: f.region,
        level,
        unpublished: here.length,
        illustrative: item.illustrative,
      });
      if (items.length === f.limit) return { items, last: item.id };
    }
    if (batch.length < BATCH) return { items, last: null };
    after = batch[batch.length - 1].id;
  }
}

/** Published implementations (in a region's subtree) that cannot be applied for or handled, in id order. */
export async function impossibleImplementations(
  k: Kernel,
  ctx: Ctx,
  f: { region?: string; after?: string | null; limit: number },
): Promise<{ items: ImpossibleRow[]; last: string | null }> {
  requirePermission(ctx, READ);
  if (f.region) orThrow(checkDivisionCode(f.region), 'query.region');
  const items: ImpossibleRow[] = [];
  let after = f.after ?? null;
  for (;;) {
    const heads = await repo.listImplementations(k.db, { region: f.region, published: true, after, limit: BATCH });
    for (const h of heads) {
      const v = toVersion(k, (await repo.findVersion(k.db, h.id, Number(h.published_version)))!, h);
      const item = toItem(k, (await repo.findItem(k.db, h.item_id))!);
      const findings: ImpossibleRow['findings'] = impossibilities(v.elements);
      if (item.reformMode === 'abolished')
        findings.push({
          code: 'ITEM_ABOLISHED',
          element: 'item',
          zh: '事项已直接取消审批，实施清单仍在发布',
          en: 'The item is abolished but the implementation is still published',
        });
      if (item.status === 'retired')
        findings.push({
          code: 'ITEM_RETIRED',
          element: 'item',
          zh: '事项已取消，实施清单仍在发布',
          en: 'The item is retired but the implementation is still published',
        });
      if (!findings.length) continue;
      items.push({
        implementationId: h.id,
        version: v.version,
        code: v.code,
        region: v.region,
        department: v.department,
        itemName: v.item.name,
        findings,
        illustrative: v.illustrative,
      });
      if (items.length === f.limit) return { items, last: h.id };
    }
    if (heads.length < BATCH) return { items, last: null };
    after = heads[heads.length - 1].id;
  }
}
