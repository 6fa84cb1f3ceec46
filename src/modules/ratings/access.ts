/**
 * Who sees what. A rater sees only the invitations offered to their own account; staff see ratings and
 * rectifications whose region lies in their jurisdiction, never the rater; anything else answers exactly as an absent
 * record (404). Working a rectification also needs the handling department's kind (a department lead of 市场监管
 * works 市场监管's rectifications), as cases do.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { inJurisdiction, type Ctx } from '../../kernel/context.ts';
import { AppError, notFound } from '../../kernel/errors.ts';
import { findDepartment } from '../registry/index.ts';
import { ratingsPermissions as P } from './permissions.ts';
import type { RatingsInvitationTable, RatingsRectificationTable } from './tables.ts';

export const absentInvitation = (id: string) => notFound('评价邀请 rating invitation', id, 'params.id');
export const absentRectification = (id: string) => notFound('差评整改 rectification', id, 'params.id');

export function isRater(ctx: Ctx, inv: RatingsInvitationTable): boolean {
  return (
    (ctx.principal.kind === 'person' || ctx.principal.kind === 'enterprise') && inv.rater_account === ctx.principal.id
  );
}

/** The caller's own invitation, or the very 404 of an absent one. */
export function requireOwnInvitation(ctx: Ctx, inv: RatingsInvitationTable | undefined, id: string) {
  if (!inv || !isRater(ctx, inv)) throw absentInvitation(id);
  return inv;
}

export function staffSees(ctx: Ctx, region: string): boolean {
  const kind = ctx.principal.kind;
  if (kind === 'system') return true;
  return kind === 'staff' && inJurisdiction(ctx, region);
}

/** The department kind of the caller's department (null when they have none). */
export async function departmentKindOf(k: Kernel, ctx: Ctx, tx?: Executor): Promise<string | null> {
  const code = ctx.principal.department;
  if (!code) return null;
  const d = await findDepartment(k, code, tx);
  return d?.kind ?? code.split('-').pop() ?? null;
}

/** Visible, and — to work it — the caller's department is of the handling department's kind. */
export async function requireRectificationAction(
  k: Kernel,
  ctx: Ctx,
  tx: Executor,
  row: RatingsRectificationTable,
  permission: string,
): Promise<void> {
  if (!staffSees(ctx, row.region)) throw absentRectification(row.id);
  if (permission !== P.rectify || ctx.principal.kind !== 'staff') return;
  const kind = await departmentKindOf(k, ctx, tx);
  if (kind === null || kind === row.department_kind) return;
  throw new AppError({
    code: 'DEPARTMENT_MISMATCH',
    status: 403,
    zh: `该差评由${row.department_name}整改，您所在部门不能执行此操作`,
    en: 'Another department rectifies this rating; your department may not take this action',
  });
}
