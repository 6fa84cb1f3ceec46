/**
 * The rectification limit by region (整改时限), in working days: each region may set its own; the nearest region up
 * the hierarchy that set one applies, else DEFAULT_RECTIFICATION_DAYS. Kept in the module's own table until the kernel
 * keeps per-region limits in one store (as it does office hours); setting one is an audited action.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { inTx } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { requireJurisdiction, requirePermission, type Ctx } from '../../kernel/context.ts';
import { invalid, orThrow } from '../../kernel/errors.ts';
import { ancestorsOf, checkDivisionCode } from '../../kernel/reference/divisions.ts';
import { ratingsPermissions as P } from './permissions.ts';

/** Where no region up the hierarchy set a limit: five working days (the national 好差评 practice). */
export const DEFAULT_RECTIFICATION_DAYS = 5;
export const MAX_RECTIFICATION_DAYS = 60;

export interface RegionLimit {
  region: string;
  workingDays: number;
  /** The region whose setting applies (null: the default). */
  setBy: string | null;
}

export async function limitFor(db: Executor, region: string): Promise<RegionLimit> {
  const chain = [region, ...ancestorsOf(region).map((d) => d.code)];
  const rows = await db.selectFrom('ratings_limits').selectAll().where('region', 'in', chain).execute();
  for (const code of chain) {
    const r = rows.find((x) => x.region === code);
    if (r) return { region, workingDays: Number(r.working_days), setBy: code };
  }
  return { region, workingDays: DEFAULT_RECTIFICATION_DAYS, setBy: null };
}

/** Sets `region`'s limit; applies to rectifications opened from now on. */
export async function setLimit(k: Kernel, ctx: Ctx, region: string, workingDays: number): Promise<RegionLimit> {
  requirePermission(ctx, P.configure);
  orThrow(checkDivisionCode(region), 'params.region');
  requireJurisdiction(ctx, region, 'params.region');
  if (!Number.isInteger(workingDays) || workingDays < 1 || workingDays > MAX_RECTIFICATION_DAYS)
    throw invalid(
      'workingDays',
      'LIMIT_OUT_OF_RANGE',
      `整改时限须为 1 至 ${MAX_RECTIFICATION_DAYS} 个工作日`,
      `The limit must be 1 to ${MAX_RECTIFICATION_DAYS} working days`,
    );
  return inTx(k, undefined, async (tx) => {
    const before = await tx.selectFrom('ratings_limits').selectAll().where('region', '=', region).executeTakeFirst();
    const row = { region, working_days: workingDays, updated_by: ctx.principal.id, updated_at: ctx.now.toISOString() };
    if (before) await tx.updateTable('ratings_limits').set(row).where('region', '=', region).execute();
    else await tx.insertInto('ratings_limits').values(row).execute();
    await k.audit.record(tx, ctx, {
      permission: P.configure,
      action: 'set_limit',
      subjectType: 'ratings.limit',
      subjectId: region,
      before: before ? { workingDays: Number(before.working_days) } : null,
      after: { workingDays },
    });
    return { region, workingDays, setBy: region };
  });
}
