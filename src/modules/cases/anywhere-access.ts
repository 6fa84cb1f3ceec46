/**
 * Who acts on a handle-anywhere case. Staff of the accepting region see it as well as the competent side; on it they
 * may only forward it, read it, and add materials before forwarding. Forwarding is theirs alone: the competent body
 * waits for the case to arrive. On a 多地联办 case the staff of each other body doing a part see it too, and act only
 * on their part's step (access.ts `requireStepAction`).
 */
import { AppError } from '../../kernel/errors.ts';
import { inJurisdiction, type Ctx } from '../../kernel/context.ts';
import { casesPermissions as P } from './permissions.ts';
import type { CaseTable } from './tables.ts';

/** The regions of the other bodies doing a part of a 多地联办 case (none for any other case). */
export function partRegionsOf(row: Pick<CaseTable, 'part_regions'>): string[] {
  return row.part_regions ? row.part_regions.split(',').filter(Boolean) : [];
}

/** Stored form of the part regions: comma-wrapped, so `like '%,<prefix>%'` finds a subtree. */
export function partRegionsColumn(regions: readonly string[]): string | null {
  return regions.length ? `,${regions.join(',')},` : null;
}

/** The side the caller sees the case from when not the competent body's: the accepting window, or a part's body. */
export function otherSide(ctx: Ctx, row: CaseTable): 'accepting' | 'part' | null {
  if (inJurisdiction(ctx, row.region)) return null;
  if (row.accepting_region && inJurisdiction(ctx, row.accepting_region)) return 'accepting';
  if (partRegionsOf(row).some((r) => inJurisdiction(ctx, r))) return 'part';
  return null;
}

/**
 * For a visible case: 'accepting' when the caller forwards it as the accepting window (no department check then), or
 * 'competent' for everything else; throws 403 when a side takes the other side's move.
 */
export function anywhereSide(ctx: Ctx, row: CaseTable, permission: string): 'accepting' | 'competent' {
  if (ctx.principal.kind !== 'staff') return 'competent';
  const side = otherSide(ctx, row);
  // The accepting window hands in the materials it checked before forwarding.
  if (permission === P.file && row.status === 'received' && side === 'accepting') return 'accepting';
  if (permission === P.forward) {
    if (row.accepting_region && inJurisdiction(ctx, row.accepting_region)) return 'accepting';
    throw new AppError({
      code: 'NOT_ACCEPTING_WINDOW',
      status: 403,
      zh: '只有收件地窗口可以转交此办件',
      en: 'Only the accepting region’s window forwards this case',
    });
  }
  if (side === 'accepting')
    throw new AppError({
      code: 'ACCEPTING_SIDE_ONLY',
      status: 403,
      zh: `该办件由${row.region_name}有权机关办理，收件地窗口只能转交`,
      en: 'The competent body in another region handles this case; the accepting window only forwards it',
    });
  if (side === 'part')
    throw new AppError({
      code: 'JOINT_PART_ONLY',
      status: 403,
      zh: `该办件由${row.region_name}${row.department_name}受理并决定，您所在机关只办理其中的联办环节`,
      en: 'The lead body in another region accepts and decides this case; your body handles only its part',
    });
  return 'competent';
}
