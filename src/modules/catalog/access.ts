/**
 * Who may change what in the catalog, and small helpers every catalog service shares. Editing and publishing need
 * the permission, the record's region inside the caller's jurisdiction, and — for everyone but admins — the
 * caller's department being of the record's department kind (a city's 市场监管局 may edit its counties' 市场监管
 * implementations, not the 卫健委's).
 */
import { AppError } from '../../kernel/errors.ts';
import { requireJurisdiction, requirePermission, type Ctx } from '../../kernel/context.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { findDepartment } from '../registry/index.ts';

import { catalogPermissions } from './permissions.ts';

export const READ = catalogPermissions.read;
export const EDIT = catalogPermissions.edit;
export const PUBLISH = catalogPermissions.publish;

export function isAdmin(ctx: Ctx): boolean {
  return ctx.principal.kind === 'system' || ctx.principal.roles.includes('admin');
}

/** The department kind of a department code, read through the registry (as the system: it is the catalog checking, not the caller reading); null for an unknown code. */
export async function departmentKindOf(k: Kernel, code: string | null, tx?: Executor): Promise<string | null> {
  if (!code) return null;
  return (await findDepartment(k, code, tx))?.kind ?? null;
}

/**
 * Throws unless the caller may act with `permission` on a record of `region` owned by a department of `kind`:
 * 403 FORBIDDEN, OUT_OF_JURISDICTION or DEPARTMENT_MISMATCH.
 */
export async function requireCatalogAccess(
  k: Kernel,
  ctx: Ctx,
  permission: string,
  target: { region: string; departmentKind: string },
  tx?: Executor,
): Promise<void> {
  requirePermission(ctx, permission);
  requireJurisdiction(ctx, target.region);
  if (isAdmin(ctx)) return;
  const mine = await departmentKindOf(k, ctx.principal.department, tx);
  if (mine !== target.departmentKind) {
    throw new AppError({
      code: 'DEPARTMENT_MISMATCH',
      status: 403,
      field: 'departmentCode',
      zh: `只能办理本部门条线（${mine ?? '无'}）的目录事项，此事项属于 ${target.departmentKind}`,
      en: `You act only for your department kind (${mine ?? 'none'}); this belongs to ${target.departmentKind}`,
    });
  }
}

// Shared kernel helpers, re-exported under the names the catalog's services use.
export { actorOf } from '../../kernel/context.ts';
export { isUniqueViolation } from '../../kernel/db/adapter.ts';
export { requiredText as text, checkDate, reasonOf } from '../../kernel/validators/fields.ts';
