/** A supervision order issued by hand by the center (its host-department lead or an administrator). */
import type { Kernel } from '../../kernel/kernel.ts';
import { requirePermission, type Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { reasonOf } from '../../kernel/validators/fields.ts';
import { hotlinePermissions as P } from './permissions.ts';
import { findTicketRow, isClosed } from './repository.ts';
import { ticketAbsent } from './access.ts';
import { requireCenter } from './service.ts';
import { presentTicket } from './present.ts';
import { issueOrder, MAX_LEVEL } from './supervision.ts';
import type { Ticket } from './model.ts';

export async function issueSupervisionOrder(k: Kernel, ctx: Ctx, id: string, reason: string): Promise<Ticket> {
  requirePermission(ctx, P.decide);
  const why = reasonOf(reason);
  return k.db.transaction().execute(async (tx) => {
    const row = await findTicketRow(tx, id);
    if (!row) throw ticketAbsent(id);
    requireCenter(ctx, row);
    const level = Number(row.supervision_level ?? 0) + 1;
    if (isClosed(row.status) || level > MAX_LEVEL)
      throw new AppError({
        code: 'SUPERVISION_NOT_POSSIBLE',
        status: 409,
        field: 'status',
        zh: '工单已办结或已达最高督办级别',
        en: 'The ticket is closed or already at the highest supervision level',
      });
    await issueOrder(k, tx, ctx, row, level, why);
    return presentTicket(k, ctx, tx, { ...row, supervision_level: level });
  });
}
