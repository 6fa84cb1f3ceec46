/**
 * The per-county report of delegated items (放权赋能承接情况): for each county, the items delegated to it (active
 * delegations) with their volumes and on-time rates. Volumes and on-time rates come from cases; there is no cases
 * module yet, so those columns are null and every row says so (`metricsStatus: 'no_cases_module'`) — no number is
 * made up. When cases exist, they fill these columns from the cases filed under each delegation.
 */
import type { Kernel } from '../../../kernel/kernel.ts';
import { requirePermission, type Ctx } from '../../../kernel/context.ts';
import { orThrow } from '../../../kernel/errors.ts';
import { checkDivisionCode, isWithin } from '../../../kernel/reference/divisions.ts';
import { READ } from '../access.ts';
import { toDelegation } from './service.ts';

export interface DelegationReportRow {
  county: string;
  countyName: string;
  department: { code: string; name: string };
  delegationId: string;
  itemId: string;
  itemName: string;
  fromRegion: string;
  fromRegionName: string;
  effectiveFrom: string;
  inForce: boolean;
  /** Cases filed under the delegation: null until the cases module exists. */
  volume: null;
  /** Share of those cases concluded within the promised limit: null until the cases module exists. */
  onTimeRate: null;
  metricsStatus: 'no_cases_module';
  metricsNote: { zh: string; en: string };
}

const NOTE = {
  zh: '办件模块尚未上线，暂无办件量和按时办结率',
  en: 'No cases module yet: volume and on-time rate are not available',
};

/** Rows by county then delegation id; `after` is the last row's `county:delegationId`. */
export async function delegationReport(
  k: Kernel,
  ctx: Ctx,
  f: { region?: string; after?: string | null; limit: number },
): Promise<{ items: DelegationReportRow[]; last: string | null }> {
  requirePermission(ctx, READ);
  if (f.region) orThrow(checkDivisionCode(f.region), 'query.region');
  const rows: DelegationReportRow[] = [];
  for (const r of await k.db.selectFrom('catalog_delegations').selectAll().where('status', '=', 'active').execute()) {
    const d = await toDelegation(k, k.db, r, ctx.now);
    for (const to of d.toRegions) {
      if (f.region && !isWithin(to.region, f.region)) continue;
      rows.push({
        county: to.region,
        countyName: to.name,
        department: to.department,
        delegationId: d.id,
        itemId: d.itemId,
        itemName: d.itemName,
        fromRegion: d.fromRegion,
        fromRegionName: d.fromRegionName,
        effectiveFrom: d.effectiveFrom,
        inForce: d.inForce,
        volume: null,
        onTimeRate: null,
        metricsStatus: 'no_cases_module',
        metricsNote: NOTE,
      });
    }
  }
  const key = (x: DelegationReportRow) => `${x.county}:${x.delegationId}`;
  const sorted = rows.sort((a, b) => key(a).localeCompare(key(b))).filter((x) => !f.after || key(x) > f.after);
  const items = sorted.slice(0, f.limit);
  return { items, last: sorted.length > f.limit ? key(items[items.length - 1]) : null };
}
