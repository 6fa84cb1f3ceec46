/**
 * Who may see and act on a case. An applicant sees their own cases: as a person (the account that filed, or the
 * person a clerk filed for), or — with `OneWindow-On-Behalf-Of` — the cases of the enterprise they act for. Staff see
 * the cases whose competent region lies in their jurisdiction; anything else answers exactly as an absent case (404,
 * docs/security.md). Acting on a visible case also needs the case's department kind, except for the service center's
 * windows (ZWFW), which accept and conclude for every department they host.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { inJurisdiction, type Ctx } from '../../kernel/context.ts';
import { AppError, notFound } from '../../kernel/errors.ts';
import { subtreePrefix } from '../../kernel/reference/divisions.ts';
import { findDepartment } from '../registry/index.ts';
import { casesPermissions as P } from './permissions.ts';
import type { CaseTable } from './tables.ts';
import type { ListScope } from './repository.ts';
import { anywhereSide, partRegionsOf } from './anywhere-access.ts';
import type { CaseStepTable } from './steps-tables.ts';

export const absentCase = (id: string) => notFound('办件 case', id, 'params.id');

/** The enterprise id the caller acts for (`enterprise:<id>`), or null. */
export function actingFor(ctx: Ctx): string | null {
  const o = ctx.principal.onBehalfOf;
  return o?.startsWith('enterprise:') ? o.slice('enterprise:'.length) : null;
}

export function isApplicant(ctx: Ctx): boolean {
  return ctx.principal.kind === 'person' || ctx.principal.kind === 'enterprise';
}

/** The columns that decide who sees a case. */
export type VisibleRow = Pick<
  CaseTable,
  'applicant_enterprise_id' | 'applicant_kind' | 'applicant_account' | 'region' | 'accepting_region' | 'part_regions'
>;

export function canSee(ctx: Ctx, row: VisibleRow): boolean {
  if (isApplicant(ctx)) {
    const enterprise = actingFor(ctx);
    if (enterprise) return row.applicant_enterprise_id === enterprise;
    return row.applicant_kind === 'person' && row.applicant_account === ctx.principal.id;
  }
  if (ctx.principal.kind === 'anonymous') return false;
  // Handle-anywhere: the accepting region's staff see the case too, and so do those of each body doing a part of a
  // 多地联办 case (anywhere-access.ts).
  return (
    inJurisdiction(ctx, row.region) ||
    (!!row.accepting_region && inJurisdiction(ctx, row.accepting_region)) ||
    partRegionsOf(row).some((r) => inJurisdiction(ctx, r))
  );
}

/** A visible case, or the very 404 of an absent one. */
export function requireVisibleCase<R extends VisibleRow>(ctx: Ctx, row: R | undefined, id: string): R {
  if (!row || !canSee(ctx, row)) throw absentCase(id);
  return row;
}

/** What a list may show the caller. */
export function listScope(ctx: Ctx): ListScope {
  if (isApplicant(ctx)) {
    const enterprise = actingFor(ctx);
    return enterprise
      ? { kind: 'enterprise', enterpriseId: enterprise }
      : { kind: 'account', accountId: ctx.principal.id };
  }
  const region = ctx.principal.kind === 'system' ? null : ctx.principal.region;
  return { kind: 'region', prefix: region ? subtreePrefix(region) : null };
}

/** Permissions a service-center window (ZWFW) may use on any department's case. */
const WINDOW_PERMISSIONS = new Set<string>([P.file, P.accept, P.conclude, P.handle_immediately, P.record_visit]);

/** Staff act only on their own department kind's cases (the windows excepted); applicants on their own cases. */
export async function requireCaseAction(
  k: Kernel,
  ctx: Ctx,
  tx: Executor,
  row: CaseTable,
  permission: string,
): Promise<void> {
  requireVisibleCase(ctx, row, row.id);
  if (anywhereSide(ctx, row, permission) === 'accepting') return;
  const p = ctx.principal;
  if (p.kind !== 'staff' || !p.department) return;
  const dept = await findDepartment(k, p.department, tx);
  const kind = dept?.kind ?? p.department.split('-').pop();
  if (kind === row.department_kind) return;
  if (kind === 'ZWFW' && WINDOW_PERMISSIONS.has(permission)) return;
  throw new AppError({
    code: 'DEPARTMENT_MISMATCH',
    status: 403,
    zh: `该办件由${row.department_name}办理，您所在部门不能执行此操作`,
    en: 'This case is handled by another department; your department may not take this action',
  });
}

/**
 * Acting on a review step: the case's own steps as `requireCaseAction`; a 多地联办 part's step (its `region` set) only
 * by staff whose jurisdiction covers the part's region and whose department is of the part's kind — the lead body's
 * staff included, unless their jurisdiction covers both (403 JOINT_PART_OTHER_BODY, DEPARTMENT_MISMATCH).
 */
export async function requireStepAction(
  k: Kernel,
  ctx: Ctx,
  tx: Executor,
  row: CaseTable,
  step: Pick<CaseStepTable, 'region' | 'region_name' | 'department_name' | 'department_kind'>,
  permission: string,
): Promise<void> {
  if (!step.region) return requireCaseAction(k, ctx, tx, row, permission);
  requireVisibleCase(ctx, row, row.id);
  const p = ctx.principal;
  if (p.kind !== 'staff') return;
  if (!inJurisdiction(ctx, step.region))
    throw new AppError({
      code: 'JOINT_PART_OTHER_BODY',
      status: 403,
      zh: `该环节由${step.region_name ?? ''}${step.department_name ?? ''}办理`,
      en: 'This part is handled by another body',
    });
  if (!p.department) return;
  const dept = await findDepartment(k, p.department, tx);
  if ((dept?.kind ?? p.department.split('-').pop()) === step.department_kind) return;
  throw new AppError({
    code: 'DEPARTMENT_MISMATCH',
    status: 403,
    zh: `该环节由${step.department_name ?? ''}办理，您所在部门不能执行此操作`,
    en: 'This part is handled by another department; your department may not take this action',
  });
}
