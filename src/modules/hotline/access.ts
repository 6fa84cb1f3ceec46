/**
 * Who reaches a ticket, and from which side. A ticket outside every side answers exactly as an absent one (404):
 * - `center`: the hotline operators, supervisors, discipline inspectors and administrators of a region the ticket
 *   lies in (once transferred: of the receiving center's region), and the lead of the center's host department;
 * - `department`: staff of the department it is currently dispatched to;
 * - nobody in the department a 举报 names (`accused_department`) reaches it, whatever their role.
 */
import type { Ctx } from '../../kernel/context.ts';
import { inJurisdiction } from '../../kernel/context.ts';
import { forbidden, notFound } from '../../kernel/errors.ts';
import type { HotlineTicketTable } from './tables.ts';

export type Side = 'center' | 'department';

const CENTER_ROLES = new Set(['hotline_operator', 'supervisor', 'discipline_inspector', 'admin']);

type Row = Pick<HotlineTicketTable, 'region' | 'center_department' | 'department_code' | 'accused_department'> &
  Partial<Pick<HotlineTicketTable, 'center_region' | 'transfer_count'>>;

/**
 * The region whose center side reaches a ticket: its location's, until it is transferred to another center; from then
 * on the receiving center's region (the sending center's staff no longer reach it, as for an absent ticket).
 */
export const scopeRegion = (row: Row): string =>
  Number(row.transfer_count ?? 0) > 0 && row.center_region ? row.center_region : row.region;

/** The side from which `ctx` sees the ticket, or null when it does not see it. */
export function sideOf(ctx: Ctx, row: Row): Side | null {
  const p = ctx.principal;
  if (p.kind === 'system') return 'center';
  if (p.kind !== 'staff') return null;
  if (row.accused_department && p.department === row.accused_department) return null;
  const inRegion = inJurisdiction(ctx, scopeRegion(row));
  if (inRegion && p.roles.some((r) => CENTER_ROLES.has(r))) return 'center';
  if (inRegion && p.roles.includes('department_lead') && p.department === row.center_department) return 'center';
  if (p.department && p.department === row.department_code) return 'department';
  return null;
}

export const ticketAbsent = (id: string) => notFound('工单 ticket', id, 'params.id');

/** The side, or the 404 an absent ticket gets. */
export function requireSide(ctx: Ctx, row: Row & { id: string }): Side {
  const side = sideOf(ctx, row);
  if (!side) throw ticketAbsent(row.id);
  return side;
}

/** Whether the caller acts for the center that owns the ticket (operators, host lead, admins). */
export function isCenterSide(ctx: Ctx, row: Row): boolean {
  return sideOf(ctx, row) === 'center';
}

/**
 * For configuration (rules, curated answers): the center's own staff — its operators, the lead of its host
 * department, administrators — within the center's region. Another department's lead holds `configure` (as the
 * lead of a host department would) but configures nothing here.
 */
export function requireCenterStaff(ctx: Ctx, center: { region: string; host_department: string }): void {
  const p = ctx.principal;
  if (p.kind === 'system') return;
  const own =
    p.roles.includes('hotline_operator') || p.roles.includes('admin') || p.department === center.host_department;
  if (!own || !inJurisdiction(ctx, center.region)) throw forbidden('hotline:configure');
}
