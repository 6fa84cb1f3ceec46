/**
 * Which body is competent for an application filed at `at` — the seam the cases module calls when a case is filed
 * (and stores with the case, so a later delegation or rollback never moves it):
 *
 * - A delegation in force at `at` (effective date come, not rolled back by then) covering the applicant's region
 *   sends it to the county: the county's own published implementation when one is applicable, else the county's
 *   receiving department handling it under the delegating body's version in force.
 * - Otherwise, if the item was ever delegated for that county, the delegating body (or above) is competent: a county
 *   implementation that exists because of a delegation not (or no longer) in force does not count.
 * - Otherwise the most specific applicable implementation covering the region (as `checkApplicability`).
 *
 * Refusals are returned with the applicability codes (ITEM_NOT_PUBLISHED, ITEM_NOT_IN_FORCE, …), not thrown.
 */
import type { Executor } from '../../../kernel/db/types.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { systemCtx } from '../../../kernel/context.ts';
import { notFound, orThrow } from '../../../kernel/errors.ts';
import { checkDivisionCode, fullName, isWithin } from '../../../kernel/reference/divisions.ts';
import { findDepartment } from '../../registry/index.ts';
import * as catalogRepo from '../repository.ts';
import {
  applicabilityOfItem,
  checkApplicability,
  type Applicability,
  type ApplicabilityCode,
} from '../applicability.ts';
import type { CatalogItemTable } from '../tables.ts';
import type { Department, ImplementationVersion } from '../model.ts';
import { delegationsOfItem, inForceAt } from './service.ts';
import type { DelegationTable } from './tables.ts';

export interface CompetentBody {
  /** The region and department that accept and decide the case. */
  region: string;
  regionName: string;
  department: Department;
  /** The published version the case is filed under. */
  implementation: { implementationId: string; version: number; code: string; region: string };
  /** own: the body's own competence; delegated: by a delegation in force. */
  basis: 'own' | 'delegated';
  delegationId: string | null;
}

export type CompetentBodyResult =
  | { ok: true; body: CompetentBody }
  | { ok: false; code: ApplicabilityCode; zh: string; en: string; delegationId: string | null };

export interface CompetentBodyQuery {
  itemId: string;
  /** The applicant's (or the place's) region, 6 digits. */
  region: string;
  /** When the application is filed; now by default. */
  at?: Date;
}

const refusal = (a: Applicability & { ok: false }, delegationId: string | null): CompetentBodyResult => ({
  ok: false,
  code: a.code,
  zh: a.zh,
  en: a.en,
  delegationId,
});

function ref(v: ImplementationVersion) {
  return { implementationId: v.implementationId, version: v.version, code: v.code, region: v.region };
}

/** The delegated case: the county's own applicable implementation, else its receiving department under the delegating body's version. */
async function delegated(
  k: Kernel,
  db: Executor,
  d: DelegationTable,
  county: string,
  item: { id: string; row: CatalogItemTable },
  at: Date,
): Promise<CompetentBodyResult> {
  const ctx = systemCtx(at);
  for (const own of (await catalogRepo.listImplementations(db, { itemId: item.id, limit: 10_000 })).filter(
    (r) => r.region === county,
  )) {
    const a = await checkApplicability(k, ctx, { implementationId: own.id, at }, db);
    if (a.ok)
      return {
        ok: true,
        body: {
          region: county,
          regionName: fullName(county) ?? county,
          department: a.version.department,
          implementation: ref(a.version),
          basis: 'delegated',
          delegationId: d.id,
        },
      };
  }
  const source = await applicabilityOfItem(k, db, item.row, d.from_region, at);
  if (!source.ok) return refusal(source, d.id);
  const dept = await findDepartment(k, `${county}-${d.receiving_kind}`, db);
  if (!dept) throw notFound('承接部门 receiving department', `${county}-${d.receiving_kind}`);
  return {
    ok: true,
    body: {
      region: county,
      regionName: fullName(county) ?? county,
      department: { code: dept.code, name: dept.name, uscc: dept.uscc },
      implementation: ref(source.version),
      basis: 'delegated',
      delegationId: d.id,
    },
  };
}

/** The body competent for an application for `itemId` from `region` filed at `at` (see the module comment). */
export async function competentBodyFor(k: Kernel, q: CompetentBodyQuery, tx?: Executor): Promise<CompetentBodyResult> {
  const db = tx ?? k.db;
  const at = q.at ?? k.clock.now();
  orThrow(checkDivisionCode(q.region), 'region');
  const itemRow = await catalogRepo.findItem(db, q.itemId);
  if (!itemRow) throw notFound('目录事项 catalog item', q.itemId, 'itemId');
  const item = { id: itemRow.id, row: itemRow };
  const covering = (await delegationsOfItem(db, item.id))
    .map((d) => ({ d, county: (d.to_regions as string[]).find((r) => isWithin(q.region, r)) }))
    .filter((x): x is { d: DelegationTable; county: string } => !!x.county);
  const inForce = covering
    .filter((x) => inForceAt(x.d, at))
    .sort((a, b) => b.d.effective_from.localeCompare(a.d.effective_from))[0];
  if (inForce) return delegated(k, db, inForce.d, inForce.county, item, at);
  const lookupRegion = covering[0]?.d.from_region ?? q.region;
  const a = await applicabilityOfItem(k, db, itemRow, lookupRegion, at);
  if (!a.ok) return refusal(a, null);
  const v = a.version;
  return {
    ok: true,
    body: {
      region: v.region,
      regionName: v.regionName,
      department: v.department,
      implementation: ref(v),
      basis: 'own',
      delegationId: null,
    },
  };
}
