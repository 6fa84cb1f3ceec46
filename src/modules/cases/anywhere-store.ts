/** Queries of handle-anywhere cases (cases_anywhere, cases_forward_limits), usable inside a caller's transaction. */
import type { Executor } from '../../kernel/db/types.ts';
import type { Ctx } from '../../kernel/context.ts';
import { ancestorsOf } from '../../kernel/reference/divisions.ts';
import type { AnywhereCaseTable } from './tables-bundles.ts';

export const FORWARD_PURPOSE = 'forward';

export async function findAnywhere(db: Executor, caseId: string): Promise<AnywhereCaseTable | undefined> {
  return db.selectFrom('cases_anywhere').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

export async function forwardDone(tx: Executor, caseId: string, ctx: Ctx): Promise<void> {
  await tx
    .updateTable('cases_anywhere')
    .set({ forwarded_at: ctx.now.toISOString(), forwarded_by: ctx.principal.id })
    .where('case_id', '=', caseId)
    .execute();
}

/** The forwarding limit for `region`: its own setting, else the nearest region's up the tree, else the default row. */
export async function forwardLimitFor(db: Executor, region: string): Promise<number> {
  const chain = [region, ...ancestorsOf(region).map((d) => d.code), '000000'];
  const rows = await db.selectFrom('cases_forward_limits').selectAll().where('region', 'in', chain).execute();
  for (const r of chain) {
    const hit = rows.find((x) => x.region === r);
    if (hit) return Number(hit.working_days);
  }
  throw new Error('cases_forward_limits has no 000000 default row (migration 0306 stores it)');
}

/** Sets `region`'s own forwarding limit (working days). */
export async function setForwardLimit(tx: Executor, region: string, days: number, now: Date): Promise<void> {
  await tx
    .insertInto('cases_forward_limits')
    .values({ region, working_days: days, updated_at: now.toISOString() })
    .onConflict((oc) => oc.column('region').doUpdateSet({ working_days: days, updated_at: now.toISOString() }))
    .execute();
}
