/**
 * A center's negative list (进驻事项负面清单): what the center does not host, each entry with its reason and the
 * authority that approved it. Everything published in the center's region and not on the list must be available
 * there (availability.ts). An entry names one implementation of the center's region, or a whole item (every
 * implementation of it). Entries are never deleted: removal keeps the row with its reason and time.
 */
import type { Executor } from '../../../kernel/db/types.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { requirePermission, type Ctx } from '../../../kernel/context.ts';
import { AppError, invalid, notFound } from '../../../kernel/errors.ts';
import { newId } from '../../../kernel/ids.ts';
import * as catalogRepo from '../repository.ts';
import { checkDate, reasonOf, text } from '../access.ts';
import * as repo from './repository.ts';
import type { NegativeListEntryTable } from './tables.ts';
import { changeCenter } from './service.ts';
import { CENTERS, type EntryStatus, type NegativeListEntry } from './model.ts';

/** What adding or removing an entry answers: the entry, and the center's new version for the next change. */
export interface EntryResult {
  centerVersion: number;
  entry: NegativeListEntry;
}

export interface EntryInput {
  version: number;
  implementationId?: string | null;
  itemId?: string | null;
  reason: string;
  approvedBy: string;
  approvedOn: string;
}

/** Response shape of entries, with the item's name and the implementation's code. */
export async function toEntries(db: Executor, rows: NegativeListEntryTable[]): Promise<NegativeListEntry[]> {
  const out: NegativeListEntry[] = [];
  for (const r of rows) {
    const item = await catalogRepo.findItem(db, r.item_id);
    const impl = r.implementation_id ? await catalogRepo.findImplementation(db, r.implementation_id) : undefined;
    out.push({
      id: r.id,
      centerId: r.center_id,
      target: r.implementation_id ? 'implementation' : 'item',
      implementationId: r.implementation_id,
      implementationCode: impl?.code ?? null,
      itemId: r.item_id,
      itemName: item?.name ?? r.item_id,
      reason: r.reason,
      approvedBy: r.approved_by,
      approvedOn: r.approved_on,
      status: r.status as EntryStatus,
      removalReason: r.removal_reason,
      createdAt: r.created_at,
      removedAt: r.removed_at,
    });
  }
  return out;
}

/** The item and (optionally) implementation an entry targets; an implementation must be of the center's region. */
async function targetOf(
  t: Executor,
  region: string,
  input: EntryInput,
): Promise<{ itemId: string; implementationId: string | null }> {
  const byImpl = !!input.implementationId;
  if (byImpl === !!input.itemId)
    throw invalid(
      'implementationId',
      'NEGATIVE_LIST_TARGET',
      '请给出 implementationId 或 itemId 之一',
      'Give exactly one of implementationId and itemId',
    );
  if (input.implementationId) {
    const impl = await catalogRepo.findImplementation(t, input.implementationId);
    if (!impl) throw notFound('实施清单 implementation', input.implementationId, 'implementationId');
    if (impl.region !== region)
      throw invalid(
        'implementationId',
        'NEGATIVE_LIST_REGION',
        `该实施清单属于区划 ${impl.region}，不在本中心所在区划 ${region}`,
        `The implementation is of region ${impl.region}, not the center's ${region}`,
      );
    return { itemId: impl.item_id, implementationId: impl.id };
  }
  const item = await catalogRepo.findItem(t, input.itemId!);
  if (!item) throw notFound('目录事项 catalog item', input.itemId!, 'itemId');
  return { itemId: item.id, implementationId: null };
}

/** Puts an implementation or a whole item on a center's negative list. */
export async function addNegativeListEntry(
  k: Kernel,
  ctx: Ctx,
  centerId: string,
  input: EntryInput,
  tx?: Executor,
): Promise<EntryResult> {
  requirePermission(ctx, CENTERS);
  const reason = reasonOf(input.reason);
  const approvedBy = text('approvedBy', input.approvedBy, 200);
  checkDate('approvedOn', input.approvedOn);
  let row: NegativeListEntryTable | null = null;
  const center = await changeCenter(
    k,
    ctx,
    centerId,
    input.version,
    {
      action: 'exclude',
      event: 'catalog.negative_list_entry.added',
      reason,
      async apply(t, center) {
        const target = await targetOf(t, center.region, input);
        const active = await repo.entriesOf(t, [centerId], 'active');
        const covering = active.find(
          (e) =>
            e.item_id === target.itemId &&
            (e.implementation_id === null || e.implementation_id === target.implementationId),
        );
        if (covering) {
          throw new AppError({
            code: 'NEGATIVE_LIST_DUPLICATE',
            status: 409,
            field: target.implementationId ? 'implementationId' : 'itemId',
            zh: '负面清单中已有涵盖该事项的条目',
            en: 'The negative list already has an entry covering this',
            details: { entryId: covering.id },
          });
        }
        const id = newId(ctx.now.getTime());
        row = {
          id,
          center_id: centerId,
          implementation_id: target.implementationId,
          item_id: target.itemId,
          reason,
          approved_by: approvedBy,
          approved_on: input.approvedOn,
          status: 'active',
          removal_reason: null,
          created_at: ctx.now.toISOString(),
          removed_at: null,
        };
        await repo.insertEntry(t, row);
        return { payload: { entryId: id, ...target } };
      },
    },
    tx,
  );
  return { centerVersion: center.version, entry: (await toEntries(tx ?? k.db, [row!]))[0] };
}

/** Takes an entry off the negative list (the item must then be available at the center); needs a reason. */
export async function removeNegativeListEntry(
  k: Kernel,
  ctx: Ctx,
  centerId: string,
  entryId: string,
  input: { version: number; reason: string },
  tx?: Executor,
): Promise<EntryResult> {
  requirePermission(ctx, CENTERS);
  const reason = reasonOf(input.reason);
  let row: NegativeListEntryTable | null = null;
  const center = await changeCenter(
    k,
    ctx,
    centerId,
    input.version,
    {
      action: 'remove_exclusion',
      event: 'catalog.negative_list_entry.removed',
      reason,
      async apply(t) {
        const entry = (await repo.entriesOf(t, [centerId])).find((e) => e.id === entryId);
        if (!entry) throw notFound('负面清单条目 negative-list entry', entryId);
        if (entry.status !== 'active')
          throw new AppError({
            code: 'NEGATIVE_LIST_ENTRY_REMOVED',
            status: 409,
            field: 'status',
            zh: '该条目已移出负面清单',
            en: 'The entry was already removed',
          });
        row = { ...entry, status: 'removed', removal_reason: reason, removed_at: ctx.now.toISOString() };
        await repo.updateEntry(t, entryId, {
          status: row.status,
          removal_reason: row.removal_reason,
          removed_at: row.removed_at,
        });
        return { payload: { entryId, itemId: entry.item_id, implementationId: entry.implementation_id } };
      },
    },
    tx,
  );
  return { centerVersion: center.version, entry: (await toEntries(tx ?? k.db, [row!]))[0] };
}

/** A center's negative list: every entry, active and removed (or those of one `status`). Public: the list is published. */
export async function listNegativeList(
  k: Kernel,
  centerId: string,
  f: { status?: EntryStatus } = {},
): Promise<NegativeListEntry[]> {
  if (!(await repo.findCenter(k.db, centerId))) throw notFound('服务中心 center', centerId);
  return toEntries(k.db, await repo.entriesOf(k.db, [centerId], f.status));
}
