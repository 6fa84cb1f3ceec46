/**
 * The center's supervision view (监督) and the honest closure counts. Closed tickets are counted by their own
 * closure state — resolved and confirmed, closed as explained, replied but not confirmed, closed unresolved, answered
 * on the spot, merged — and no figure adds them up into one "closed" number.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { requirePermission, type Ctx } from '../../kernel/context.ts';
import { subtreePrefix } from '../../kernel/reference/divisions.ts';
import { hotlinePermissions as P } from './permissions.ts';
import { sideOf } from './access.ts';
import { presentTicket } from './present.ts';
import { TICKET_STATUSES, type Ticket, type TicketStatus } from './model.ts';

/** The caller's region as a LIKE prefix (null: everywhere); 403 without the statistics permission. */
export function regionPrefix(ctx: Ctx): string | null {
  const p = ctx.principal;
  if (p.kind === 'system') return null;
  requirePermission(ctx, P.statistics);
  return p.region ? subtreePrefix(p.region) : null;
}

/** Ticket counts by status in the caller's region (every status its own figure). */
export async function closureCounts(k: Kernel, ctx: Ctx): Promise<Record<TicketStatus, number>> {
  const prefix = regionPrefix(ctx); // checks the statistics permission
  let q = k.db
    .selectFrom('hotline_tickets')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status');
  if (prefix) q = q.where('region', 'like', prefix + '%');
  const out = Object.fromEntries(TICKET_STATUSES.map((s) => [s, 0])) as Record<TicketStatus, number>;
  for (const r of await q.execute()) out[r.status as TicketStatus] = Number(r.n);
  return out;
}

export interface SupervisionBoard {
  overdue: Ticket[];
  returned: Ticket[];
  reopened: Ticket[];
  awaitingDecision: Ticket[];
}

/** What a center watches: overdue tickets, returns, reopened ones, and those waiting for its decision. */
export async function supervisionBoard(k: Kernel, ctx: Ctx): Promise<SupervisionBoard> {
  const prefix = regionPrefix(ctx); // checks the statistics permission
  let q = k.db
    .selectFrom('hotline_tickets')
    .selectAll()
    .where('status', 'in', ['dispatched', 'returned', 'accepted', 'extension_requested', 'escalated', 'replied'])
    .orderBy('id', 'desc')
    .limit(500);
  if (prefix)
    q = q.where((eb) => eb.or([eb('region', 'like', prefix + '%'), eb('center_region', 'like', prefix + '%')]));
  const rows = (await q.execute()).filter((r) => sideOf(ctx, r) === 'center');
  const all = await Promise.all(rows.map((r) => presentTicket(k, ctx, k.db, r)));
  return {
    overdue: all.filter((t) => t.deadlines.some((d) => d.light === 'red') || t.supervisionLevel > 0),
    returned: all.filter((t) => t.status === 'returned' || t.repeatedReturns),
    reopened: all.filter((t) => t.reopenCount > 0),
    awaitingDecision: all.filter((t) => ['returned', 'extension_requested', 'escalated'].includes(t.status)),
  };
}
