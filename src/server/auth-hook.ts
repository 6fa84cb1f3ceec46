/** Resolves the bearer token into the request context, then enforces the route's declared permission. */
import { normalizeIdentifier } from '../kernel/validators/identifiers.ts';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { cachedPrincipal, principalForToken } from '../kernel/auth/accounts.ts';
import { ANONYMOUS, type Principal } from '../kernel/context.ts';
import { can } from '../kernel/context.ts';
import { AppError, forbidden, unauthenticated } from '../kernel/errors.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { rollbacksBegun } from '../kernel/db/connect.ts';

export function bearerToken(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (!h || !h.startsWith('Bearer ')) return null;
  return h.slice(7).trim() || null;
}

/**
 * Resolves the bearer token into the request context. A person acting for a legal person names it in the
 * `OneWindow-On-Behalf-Of` header (its USCC); the module that knows agents (the registry) must confirm the
 * authorization, or the request is refused with 403 NOT_AN_AGENT.
 */
export function authenticate(k: Kernel, resolvers: OnBehalfOfResolver[] = []) {
  // The session cache hands back the same frozen principal for a while, so its granted form is kept beside it
  // rather than rebuilt (an object and a map lookup) on every request.
  const granted = new WeakMap<object, Principal>();
  const withGrants = (p: Principal): Principal => {
    let g = granted.get(p);
    if (!g) granted.set(p, (g = Object.freeze({ ...p, grants: k.permissions.grantsOf(p.roles) })));
    return g;
  };
  const actFor = async (req: FastifyRequest, principal: Principal, header: string) => {
    const uscc = normalizeIdentifier(header);
    let legalPerson: string | null = null;
    for (const resolve of resolvers) legalPerson ??= await resolve(k, principal.id, uscc);
    if (!legalPerson) {
      throw new AppError({
        code: 'NOT_AN_AGENT',
        status: 403,
        field: 'header.onewindow-on-behalf-of',
        zh: `您未获授权代表 ${uscc} 办事`,
        en: `You are not authorized to act for ${uscc}`,
      });
    }
    req.ctx = { ...req.ctx, principal: { ...req.ctx.principal, onBehalfOf: `enterprise:${legalPerson}` } };
  };
  const slowPath = async (req: FastifyRequest, token: string, now: Date) => {
    const rollbacksAtStart = rollbacksBegun();
    const principal = await principalForToken(k.db, k.adapter, token, now, { cached: true });
    req.ctx = {
      principal: principal ? withGrants(principal) : ANONYMOUS,
      requestId: req.id,
      now,
      receiptLinks: [],
      rollbacksAtStart,
    };
    const header = req.headers['onewindow-on-behalf-of'];
    if (principal && typeof header === 'string' && header) await actFor(req, principal, header);
  };
  // A callback hook: anonymous requests and cached sessions (nearly all) finish synchronously, without the promise
  // and microtask an async hook costs on every request.
  return (req: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const now = k.clock.now();
    const token = bearerToken(req);
    const header = req.headers['onewindow-on-behalf-of'];
    const cached = token && !header ? cachedPrincipal(token, now) : undefined;
    if (!token || cached !== undefined) {
      req.ctx = {
        principal: cached ? withGrants(cached) : ANONYMOUS,
        requestId: req.id,
        now,
        receiptLinks: [],
        rollbacksAtStart: rollbacksBegun(),
      };
      return done();
    }
    slowPath(req, token, now).then(() => done(), done);
  };
}

export type OnBehalfOfResolver = (k: Kernel, accountId: string, uscc: string) => Promise<string | null>;

/**
 * The route's declared permission against the caller: an error to answer with, or undefined. Checked in the
 * `onRequest` hook (app.ts), before the body is even parsed, so a caller without the permission learns nothing from
 * parse or validation errors (malformed JSON without a token is a 401, not a 400).
 */
export function permissionError(req: FastifyRequest): AppError | undefined {
  const permission = req.routeOptions.config?.permission;
  if (!permission || permission === 'public') return undefined;
  if (req.ctx.principal.kind === 'anonymous') return unauthenticated();
  if (!can(req.ctx, permission)) return forbidden(permission);
  return undefined;
}
