/** Queries of handle-anywhere cases (cases_anywhere), usable inside a caller's transaction. */
import type { Executor } from '../../kernel/db/types.ts';
import type { Ctx } from '../../kernel/context.ts';
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
