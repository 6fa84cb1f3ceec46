/** Resolves the bearer token into the request context, then enforces the route's declared permission. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalForToken } from '../kernel/auth/accounts.ts';
import { ANONYMOUS } from '../kernel/context.ts';
import { can } from '../kernel/context.ts';
import { forbidden, unauthenticated } from '../kernel/errors.ts';
import type { Kernel } from '../kernel/kernel.ts';

export function bearerToken(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (!h || !h.startsWith('Bearer ')) return null;
  return h.slice(7).trim() || null;
}

export function authenticate(k: Kernel) {
  return async (req: FastifyRequest) => {
    const now = k.clock.now();
    const token = bearerToken(req);
    const principal = token ? await principalForToken(k.db, k.adapter, token, now) : null;
    req.ctx = { principal: principal ?? ANONYMOUS, requestId: req.id, now };
  };
}

export function enforcePermission() {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const permission = req.routeOptions.config?.permission;
    if (!permission || permission === 'public') return;
    if (req.ctx.principal.kind === 'anonymous') throw unauthenticated();
    if (!can(req.ctx, permission)) throw forbidden(permission);
  };
}
