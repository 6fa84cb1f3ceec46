/**
 * The per-county report of delegated items (放权赋能承接情况): for each county, the items delegated to it (active
 * delegations) with their volumes and on-time rates. Those figures come from cases, which the catalog does not know:
 * the cases module registers a `DelegationFiguresSource` at start-up (`useDelegationFigures`), asked once per report
 * page for the rows on it. Without one (a deployment without cases) both columns are null and every row says so
 * (`metricsStatus: 'no_cases_module'`) — no number is made up.
 */
import type { Kernel } from '../../../kernel/kernel.ts';
import { requirePermission, type Ctx } from '../../../kernel/context.ts';
import { orThrow } from '../../../kernel/errors.ts';
import { checkDivisionCode, isWithin } from '../../../kernel/reference/divisions.ts';
import { READ } from '../access.ts';
import { toDelegation } from './service.ts';

/** What cases count for one county under one delegation. */
export interface DelegationFigures {
  /** Cases filed under the delegation with the county as the competent region. */
  volume: number;
  /** Of those, decided (granted or denied). */
  decided: number;
  /** Of the decided, decided by the decision deadline. */
  onTime: number;
}

/** The cases module's answer for a page of report rows, keyed `<county>:<delegationId>` (no key: no case). */
export interface DelegationFiguresSource {
  figures(
    k: Kernel,
    rows: ReadonlyArray<{ county: string; delegationId: string }>,
  ): Promise<Map<string, DelegationFigures>>;
}

const sources = new WeakMap<object, DelegationFiguresSource>();

/** Installs the source of the report's volumes and on-time rates (the cases module, at start-up). */
export function useDelegationFigures(k: Pick<Kernel, 'config'>, source: DelegationFiguresSource): void {
  sources.set(k, source);
}

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
  /** Cases filed under the delegation in the county: null without a cases module. */
  volume: number | null;
  /** Of those, the ones decided: null without a cases module. */
  decided: number | null;
  /** Share of the decided ones decided within the promised limit (3 decimals): null without cases or decisions. */
  onTimeRate: number | null;
  metricsStatus: 'from_cases' | 'no_cases_module';
  metricsNote: { zh: string; en: string };
}

const NOTE = {
  zh: '办件模块尚未上线，暂无办件量和按时办结率',
  en: 'No cases module yet: volume and on-time rate are not available',
};
const FROM_CASES = {
  zh: '办件量为该县按此下放受理的办件数；按时办结率为其中已作出决定的办件在承诺期限内决定的比例',
  en: 'Cases filed in the county under this delegation; on time = decided by the decision deadline, of those decided',
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
        decided: null,
        onTimeRate: null,
        metricsStatus: 'no_cases_module',
        metricsNote: NOTE,
      });
    }
  }
  const key = (x: DelegationReportRow) => `${x.county}:${x.delegationId}`;
  const sorted = rows.sort((a, b) => key(a).localeCompare(key(b))).filter((x) => !f.after || key(x) > f.after);
  const items = sorted.slice(0, f.limit);
  const source = sources.get(k);
  if (source) {
    const figures = await source.figures(k, items);
    for (const row of items) {
      const x = figures.get(key(row)) ?? { volume: 0, decided: 0, onTime: 0 };
      row.volume = x.volume;
      row.decided = x.decided;
      row.onTimeRate = x.decided ? Math.round((x.onTime / x.decided) * 1000) / 1000 : null;
      row.metricsStatus = 'from_cases';
      row.metricsNote = FROM_CASES;
    }
  }
  return { items, last: sorted.length > f.limit ? key(items[items.length - 1]) : null };
}
