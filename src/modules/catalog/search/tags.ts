/**
 * An item's life-event tags: read by staff, replaced by catalog editors (audited, versioned), and copied into the
 * search index of the item's implementations in the same transaction.
 */
import type { Executor } from '../../../kernel/db/types.ts';
import { inTx, type Kernel } from '../../../kernel/kernel.ts';
import { requirePermission, type Ctx } from '../../../kernel/context.ts';
import { notFound, staleVersion } from '../../../kernel/errors.ts';
import * as repo from '../repository.ts';
import { EDIT, READ, isUniqueViolation, requireCatalogAccess } from '../access.ts';
import { toItem } from '../convert.ts';
import { checkLifeEvents, type LifeEvent } from './life-events.ts';
import { reindexItem } from './indexer.ts';

export interface ItemLifeEvents {
  itemId: string;
  lifeEvents: LifeEvent[];
  /** 0 while the item was never tagged; a change must carry the version read. */
  version: number;
  updatedAt: string | null;
}

async function findTags(k: Kernel, db: Executor, itemId: string): Promise<ItemLifeEvents> {
  const row = await db
    .selectFrom('catalog_item_life_events')
    .selectAll()
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  if (!row) return { itemId, lifeEvents: [], version: 0, updatedAt: null };
  return {
    itemId,
    lifeEvents: row.life_events as LifeEvent[],
    version: Number(row.version),
    updatedAt: row.updated_at,
  };
}

/** An item's life-event tags (staff). */
export async function getItemLifeEvents(k: Kernel, ctx: Ctx, itemId: string): Promise<ItemLifeEvents> {
  requirePermission(ctx, READ);
  if (!(await repo.findItem(k.db, itemId))) throw notFound('目录事项 catalog item', itemId);
  return findTags(k, k.db, itemId);
}

/**
 * Replaces an item's tags, guarded by their version, and re-indexes the item's implementations in the same
 * transaction. Needs catalog:edit over the item (its region and department kind), like any item change.
 */
export async function setItemLifeEvents(
  k: Kernel,
  ctx: Ctx,
  itemId: string,
  input: { lifeEvents: string[]; version: number; reason?: string },
  tx?: Executor,
): Promise<ItemLifeEvents> {
  return inTx(k, tx, async (t) => {
    const itemRow = await repo.findItem(t, itemId);
    if (!itemRow) throw notFound('目录事项 catalog item', itemId);
    await requireCatalogAccess(k, ctx, EDIT, toItem(k, itemRow), t);
    const lifeEvents = checkLifeEvents(input.lifeEvents);
    const before = await findTags(k, t, itemId);
    if (before.version !== input.version) throw staleVersion(input.version, before.version);
    const now = ctx.now.toISOString();
    const values = {
      life_events: lifeEvents,
      version: input.version + 1,
      updated_by: ctx.principal.id,
      updated_at: now,
    };
    if (input.version === 0) {
      try {
        await t
          .insertInto('catalog_item_life_events')
          .values({ item_id: itemId, ...values })
          .execute();
      } catch (e) {
        if (isUniqueViolation(e)) throw staleVersion(input.version, 1);
        throw e;
      }
    } else {
      const r = await t
        .updateTable('catalog_item_life_events')
        .set(values)
        .where('item_id', '=', itemId)
        .where('version', '=', input.version)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw staleVersion(input.version, input.version + 1);
    }
    const after: ItemLifeEvents = { itemId, lifeEvents, version: input.version + 1, updatedAt: now };
    await k.audit.record(t, ctx, {
      permission: EDIT,
      action: 'tag',
      subjectType: 'catalog.item',
      subjectId: itemId,
      reason: input.reason?.trim() || null,
      ruleVersion: `${itemRow.basic_code}#life-events@${after.version}`,
      before,
      after,
      event: { type: 'catalog.item.tagged', payload: { id: itemId, lifeEvents, version: after.version } },
    });
    await reindexItem(k, t, itemId);
    return after;
  });
}
