/**
 * Who acts on a handle-anywhere case. Staff of the accepting region see it as well as the competent side; on it they
 * may only forward it, read it, and add materials before forwarding. Forwarding is theirs alone: the competent body waits for the case to arrive.
 */
import { AppError } from '../../kernel/errors.ts';
import { inJurisdiction, type Ctx } from '../../kernel/context.ts';
import { casesPermissions as P } from './permissions.ts';
import type { CaseTable } from './tables.ts';

/** True when the caller sees the case only as its accepting region's staff. */
export function acceptingSideOnly(ctx: Ctx, row: CaseTable): boolean {
  return !!row.accepting_region && !inJurisdiction(ctx, row.region) && inJurisdiction(ctx, row.accepting_region);
}

/**
 * For a visible case: 'accepting' when the caller forwards it as the accepting window (no department check then), or
 * 'competent' for everything else; throws 403 when a side takes the other side's move.
 */
export function anywhereSide(ctx: Ctx, row: CaseTable, permission: string): 'accepting' | 'competent' {
  if (ctx.principal.kind !== 'staff') return 'competent';
  const acceptingOnly = acceptingSideOnly(ctx, row);
  // The accepting window hands in the materials it checked before forwarding.
  if (permission === P.file && row.status === 'received' && acceptingOnly) return 'accepting';
  if (permission === P.forward) {
    if (row.accepting_region && inJurisdiction(ctx, row.accepting_region)) return 'accepting';
    throw new AppError({
      code: 'NOT_ACCEPTING_WINDOW',
      status: 403,
      zh: '只有收件地窗口可以转交此办件',
      en: 'Only the accepting region’s window forwards this case',
    });
  }
  if (acceptingOnly)
    throw new AppError({
      code: 'ACCEPTING_SIDE_ONLY',
      status: 403,
      zh: `该办件由${row.region_name}有权机关办理，收件地窗口只能转交`,
      en: 'The competent body in another region handles this case; the accepting window only forwards it',
    });
  return 'competent';
}
