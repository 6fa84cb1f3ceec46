/**
 * The request context: who acts, for which body, when, under which request id. It is the first argument of every
 * service function, so permission, jurisdiction and the audit record all read the same facts.
 */
import type { Role } from './auth/roles.ts';
import type { ReceiptLink } from './audit-receipts.ts';
import { forbidden, AppError } from './errors.ts';
import { isWithin } from './reference/divisions.ts';

export interface Principal {
  /** Account id, or 'anonymous' / 'system'. */
  id: string;
  kind: 'staff' | 'person' | 'enterprise' | 'anonymous' | 'system';
  name: string;
  roles: Role[];
  /** Staff: the 6-digit division code of their region; they act only within its subtree. */
  region: string | null;
  /** Staff: their department code. */
  department: string | null;
  /** Legal persons act through a named natural person. */
  onBehalfOf?: string | null;
  /**
   * Each permission the principal holds, with the role that carries it (PermissionTable.grantsOf), set when the
   * request is authenticated. A principal without grants holds nothing (deny by default); `system` holds everything.
   */
  grants?: ReadonlyMap<string, Role>;
}

export interface Ctx {
  principal: Principal;
  requestId: string | null;
  now: Date;
  /**
   * The chain links this request's writes appended (`k.audit.record` adds them), for its receipt
   * (audit-receipts.ts). Set by the HTTP layer; copies of the context share the array.
   */
  receiptLinks?: ReceiptLink[];
  /**
   * `rollbacksBegun()` (db/connect.ts) when the request began: unchanged at its answer, every transaction the request
   * finished committed, and its receipt needs no read of the links back.
   */
  rollbacksAtStart?: number;
}

export const ANONYMOUS: Principal = {
  id: 'anonymous',
  kind: 'anonymous',
  name: 'anonymous',
  roles: [],
  region: null,
  department: null,
};
export const SYSTEM: Principal = {
  id: 'system',
  kind: 'system',
  name: 'system',
  roles: ['admin'],
  region: null,
  department: null,
};

export function systemCtx(now: Date, requestId: string | null = null): Ctx {
  return { principal: SYSTEM, requestId, now };
}

export function can(ctx: Ctx, permission: string): boolean {
  return ctx.principal.kind === 'system' || (ctx.principal.grants?.has(permission) ?? false);
}

/** Throws 403 unless the caller carries the permission. */
export function requirePermission(ctx: Ctx, permission: string): void {
  if (!can(ctx, permission)) throw forbidden(permission);
}

/** The role recorded in the audit row: the first role that carries the permission used. */
export function actingRole(ctx: Ctx, permission: string): string {
  if (ctx.principal.kind === 'system') return 'system';
  return ctx.principal.grants?.get(permission) ?? ctx.principal.roles[0] ?? 'none';
}

/** The actor an audit action records: who, in which role, and for whom (a legal person acting through this person). */
export function actorOf(ctx: Ctx, permission: string): { id: string; role: string; onBehalfOf: string | null } {
  return { id: ctx.principal.id, role: actingRole(ctx, permission), onBehalfOf: ctx.principal.onBehalfOf ?? null };
}

/** Whether `region` lies in the caller's jurisdiction (their region's subtree); system and region-less admins see all. */
export function inJurisdiction(ctx: Ctx, region: string): boolean {
  const p = ctx.principal;
  return p.kind === 'system' || p.region === null || isWithin(region, p.region);
}

/**
 * For a stored record the caller asked for by id or key: unless its region lies in the caller's jurisdiction, throws
 * `absent()` — the very error the caller gets when no such record exists — so that a refusal never confirms that a
 * record exists nor names its region (docs/security.md, "A refusal must not disclose").
 */
export function requireVisible(ctx: Ctx, region: string, absent: () => AppError): void {
  if (!inJurisdiction(ctx, region)) throw absent();
}

/**
 * Throws 403 unless `region` lies in the caller's jurisdiction. Only for a region the caller names (a new record's
 * region, a changed region); a stored record found by id or key goes through `requireVisible`. */
export function requireJurisdiction(ctx: Ctx, region: string, field = 'region'): void {
  const p = ctx.principal;
  if (!inJurisdiction(ctx, region)) {
    throw new AppError({
      code: 'OUT_OF_JURISDICTION',
      status: 403,
      field,
      zh: `区划 ${region} 不在您的管辖范围（${p.region}）内`,
      en: `Region ${region} is outside your jurisdiction (${p.region})`,
    });
  }
}
