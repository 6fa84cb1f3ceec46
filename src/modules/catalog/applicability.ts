/**
 * Which published version an application is filed under — what the cases module calls. Only a published
 * implementation in force, of an item that is neither retired nor abolished, in the implementation's region or its
 * subtree, is applicable; anything else is refused with a stable code:
 *
 *   ITEM_ABOLISHED      the item's approval is abolished (直接取消审批): never applicable
 *   ITEM_RETIRED        the item or the implementation is retired
 *   ITEM_NOT_IN_REGION  the region is outside the implementation's region subtree (or no implementation covers it)
 *   ITEM_NOT_PUBLISHED  nothing was published yet (at that time)
 *   ITEM_NOT_IN_FORCE   published, but its effective date (or the item's licensing-list date) is after `at`
 *
 * The version in force at `at` is the newest version published by then whose effective date has come, so a revision
 * published ahead of its effective date leaves the previous version applicable until that date.
 */
import type { Executor } from '../../kernel/db/types.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { can, type Ctx } from '../../kernel/context.ts';
import { READ } from './access.ts';
import { AppError, notFound } from '../../kernel/errors.ts';
import { shanghaiDate } from '../../kernel/calendar/index.ts';
import { ancestorsOf, isWithin } from '../../kernel/reference/divisions.ts';
import * as repo from './repository.ts';
import { publishedVersionRow } from './version-memo.ts';
import type { CatalogItemTable, ImplementationTable } from './tables.ts';
import { levelOf, toItem, toVersion } from './convert.ts';
import { LICENSING, type CatalogItem, type ImplementationVersion } from './model.ts';

export const APPLICABILITY_CODES = [
  'ITEM_ABOLISHED',
  'ITEM_RETIRED',
  'ITEM_NOT_IN_REGION',
  'ITEM_NOT_PUBLISHED',
  'ITEM_NOT_IN_FORCE',
] as const;
export type ApplicabilityCode = (typeof APPLICABILITY_CODES)[number];

export type ApplicabilityQuery =
  | { implementationId: string; region?: string | null; at?: Date }
  | { itemCode: string; businessItem?: string; region: string; at?: Date };

export type Applicability =
  | { ok: true; version: ImplementationVersion }
  | { ok: false; code: ApplicabilityCode; zh: string; en: string; implementationId: string | null };

const no = (
  code: ApplicabilityCode,
  zh: string,
  en: string,
  implementationId: string | null = null,
): Applicability => ({ ok: false, code, zh, en, implementationId });

function itemRefusal(item: CatalogItem): Applicability | null {
  if (item.reformMode === 'abolished')
    return no(
      'ITEM_ABOLISHED',
      `「${item.name}」已直接取消审批，不再受理`,
      `Approval for "${item.name}" is abolished; it is not applied for`,
    );
  if (item.status === 'retired') return no('ITEM_RETIRED', `「${item.name}」已取消`, `"${item.name}" is retired`);
  return null;
}

function listRefusal(
  item: CatalogItem,
  row: Pick<ImplementationTable, 'id' | 'region'>,
  day: string,
): Applicability | null {
  if (item.itemType !== LICENSING) return null;
  const entry = item.licensingLists.find((l) => l.level === levelOf(row.region));
  if (entry && entry.effectiveFrom > day)
    return no(
      'ITEM_NOT_IN_FORCE',
      `「${item.name}」自 ${entry.effectiveFrom} 起列入许可事项清单`,
      `"${item.name}" is on the licensing list from ${entry.effectiveFrom}`,
      row.id,
    );
  if (entry?.effectiveTo && entry.effectiveTo < day)
    return no(
      'ITEM_NOT_IN_FORCE',
      `「${item.name}」已于 ${entry.effectiveTo} 移出许可事项清单`,
      `"${item.name}" left the licensing list on ${entry.effectiveTo}`,
      row.id,
    );
  return null;
}

/** Applicability of one implementation (its item already known to be usable). */
async function ofImplementation(
  k: Kernel,
  db: Executor,
  row: repo.ImplementationHead,
  item: CatalogItem,
  region: string | null,
  at: Date,
): Promise<Applicability> {
  const id = row.id;
  if (region && !isWithin(region, row.region))
    return no(
      'ITEM_NOT_IN_REGION',
      `区划 ${region} 不在该实施清单的范围（${row.region}）内`,
      `Region ${region} is outside the implementation's region ${row.region}`,
      id,
    );
  if (row.status === 'retired' && row.retired_at && row.retired_at <= at.toISOString())
    return no('ITEM_RETIRED', '该实施清单已废止', 'The implementation is retired', id);
  const published = (await repo.listVersionDates(db, id)).filter((v) => v.published_at <= at.toISOString());
  if (!published.length)
    return no('ITEM_NOT_PUBLISHED', '该实施清单尚未发布', 'The implementation is not published', id);
  const day = shanghaiDate(at);
  const inForce = published.find((v) => v.effective_from <= day);
  if (!inForce)
    return no(
      'ITEM_NOT_IN_FORCE',
      `该实施清单自 ${published[0].effective_from} 起施行`,
      `The implementation is in force from ${published[0].effective_from}`,
      id,
    );
  const refused = listRefusal(item, row, day);
  if (refused) return refused;
  // Only the version in force is read whole (its content is a large JSON document), or kept from an earlier read.
  return { ok: true, version: toVersion(k, (await publishedVersionRow(k, db, id, Number(inForce.version)))!, row) };
}

/** Implementations of an item covering a region, the most specific region first. */
async function covering(db: Executor, itemId: string, region: string): Promise<repo.ImplementationHead[]> {
  if (!isWithin(region, region)) return []; // an unknown region is covered by nothing
  // Only the region's own and its ancestors' rows (index item_id, region): not every county's of a province-wide item.
  const regions = [region, ...ancestorsOf(region).map((a) => a.code)];
  const rows = await repo.listImplementationHeads(db, itemId, regions);
  return rows.sort((a, b) => regions.indexOf(a.region) - regions.indexOf(b.region) || a.id.localeCompare(b.id));
}

/**
 * Whether an application may be filed, and under which published version: by implementation id (optionally
 * checking the applicant's region), or by item code and region (the most specific applicable implementation).
 * Returns a refusal rather than throwing; unknown ids and codes are 404.
 */
export async function checkApplicability(
  k: Kernel,
  ctx: Ctx,
  q: ApplicabilityQuery,
  tx?: Executor,
): Promise<Applicability> {
  const db = tx ?? k.db;
  const at = q.at ?? ctx.now;
  if ('implementationId' in q) {
    const row = await repo.findImplementation(db, q.implementationId);
    // Never published and the caller is not staff: nothing of it is public record, so it reads as absent.
    if (!row || (row.published_version === null && !can(ctx, READ)))
      throw notFound('实施清单 implementation', q.implementationId, 'implementationId');
    const item = toItem(k, (await repo.findItem(db, row.item_id))!);
    return itemRefusal(item) ?? ofImplementation(k, db, row, item, q.region ?? null, at);
  }
  const itemRow = await repo.findItemByCode(db, q.itemCode, q.businessItem ?? '00');
  if (!itemRow) throw notFound('目录事项 catalog item', q.itemCode, 'itemCode');
  return applicabilityOfItem(k, db, itemRow, q.region, at);
}

/**
 * As `checkApplicability` by item code and region, for an item row the caller has already read in `db` (the
 * competent-body seam reads it by id: no second read by code).
 */
export async function applicabilityOfItem(
  k: Kernel,
  db: Executor,
  itemRow: CatalogItemTable,
  region: string,
  at: Date,
): Promise<Applicability> {
  const item = toItem(k, itemRow);
  const refused = itemRefusal(item);
  if (refused) return refused;
  const candidates = await covering(db, item.id, region);
  if (!candidates.length)
    return no(
      'ITEM_NOT_IN_REGION',
      `区划 ${region} 没有「${item.name}」的实施清单`,
      `No implementation of "${item.name}" covers region ${region}`,
    );
  let first: Applicability | null = null;
  for (const c of candidates) {
    const r = await ofImplementation(k, db, c, item, region, at);
    if (r.ok) return r;
    first ??= r;
  }
  return first!;
}

/** The published version to file under; throws 409 with the refusal's code when there is none. */
export async function getApplicableImplementation(
  k: Kernel,
  ctx: Ctx,
  q: ApplicabilityQuery,
  tx?: Executor,
): Promise<ImplementationVersion> {
  const r = await checkApplicability(k, ctx, q, tx);
  if (r.ok) return r.version;
  throw new AppError({
    code: r.code,
    status: 409,
    zh: r.zh,
    en: r.en,
    details: { implementationId: r.implementationId },
  });
}
