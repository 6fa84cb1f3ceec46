/**
 * Transfers between hotline centers (province ↔ city, city ↔ city), with a required reason: the `transfer` lifecycle
 * action's effect. The ticket keeps its number and location; it moves to the receiving center (its region, host
 * department) as registered, for that center's operators to dispatch; the sending center's staff no longer reach it
 * (access.ts `scopeRegion`). Every transfer is a row of `hotline_transfers` beside its action row.
 */
import type { Step } from '../../kernel/lifecycle.ts';
import { AppError, invalid } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { findCenterRow } from './repository.ts';
import type { HotlineTicketTable } from './tables.ts';

type S = Step<HotlineTicketTable>;

export async function transferTo(s: S, target: unknown): Promise<Partial<HotlineTicketTable>> {
  const t = s.subject;
  if (typeof target !== 'string' || !target)
    throw invalid('center', 'FIELD_REQUIRED', '请选择接收的热线中心', 'Choose the receiving center');
  const center = await findCenterRow(s.tx, target);
  if (!center) throw invalid('center', 'CENTER_UNKNOWN', '没有该热线中心', 'No such hotline center');
  if (center.id === t.center_id)
    throw new AppError({
      code: 'TRANSFER_SAME_CENTER',
      status: 409,
      field: 'center',
      zh: '工单已在该热线中心',
      en: 'The ticket is already at this center',
    });
  await s.tx
    .insertInto('hotline_transfers')
    .values({
      id: newId(s.ctx.now.getTime()),
      ticket_id: t.id,
      from_center: t.center_id,
      to_center: center.id,
      reason: s.reason ?? '',
      by_account: s.ctx.principal.id,
      at: s.ctx.now.toISOString(),
    })
    .execute();
  return {
    center_id: center.id,
    center_region: center.region,
    center_department: center.host_department,
    department_code: null,
    routed_rule_id: null,
    transfer_count: Number(t.transfer_count ?? 0) + 1,
  };
}
