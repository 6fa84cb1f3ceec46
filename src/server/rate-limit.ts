/**
 * The API's global rate limit, checked synchronously in the one `onRequest` hook (app.ts) right after the caller is
 * authenticated: a signed-in caller is counted per account (a hall of clerks behind one address does not share a
 * budget), an anonymous one per address; the web shell's static files, /docs, the health checks and unknown paths are
 * outside it. Routes with a limit of their own (`config.rateLimit`: the login, public verification) keep
 * @fastify/rate-limit, registered with `global: false`.
 *
 * Why not the plugin for every route: its hook is async and awaits its key, allow-list, maximum and store on every
 * request (six promises and their microtasks), and no option makes it synchronous. This counts exactly as its
 * in-memory store does (a fixed window per key starting at the key's first request, at most `keys` keys kept, least
 * recently used dropped first) and answers a refusal the same way: 429 RATE_LIMITED with `x-ratelimit-limit`,
 * `x-ratelimit-remaining: 0`, `x-ratelimit-reset` and `retry-after` (the seconds left in the window).
 */
import type { FastifyError, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { AppError } from '../kernel/errors.ts';
import { frameworkError } from './error-handler.ts';

/** Paths under the global limit. */
const LIMITED_PREFIXES = ['/api/', '/credentials/', '/open311/'];

export interface RateLimitOptions {
  /** Requests per window for an anonymous caller (per address). */
  anonymousMax: number;
  /** Requests per window for a signed-in caller (per account). */
  signedInMax: number;
  windowMs: number;
  /** Keys counted at once (@fastify/rate-limit's default: 5 000). */
  keys?: number;
}

interface Window {
  count: number;
  startMs: number;
}

export interface ApiRateLimit {
  /** The `onRoute` hook: marks the routes the global limit covers (those without a limit of their own). */
  onRoute(route: RouteOptions): void;
  /** Counts the request; a 429 error when the caller is over the limit (its headers already set), else undefined. */
  check(req: FastifyRequest, reply: FastifyReply): AppError | undefined;
}

/** Whether the caller is signed in: counted per account, with the larger limit. */
export function isSignedIn(req: FastifyRequest): boolean {
  return req.ctx != null && req.ctx.principal.kind !== 'anonymous';
}

/** The key a caller is counted under, here and by @fastify/rate-limit's routes: their account, else their address. */
export function rateLimitKey(req: FastifyRequest): string {
  return isSignedIn(req) ? `account:${req.ctx.principal.id}` : `ip:${req.ip}`;
}

/** Marks a route's config as covered (route configs are per route, and the request sees the same object). */
const COVERED = 'onewindowGlobalRateLimit';

export function apiRateLimit(opts: RateLimitOptions): ApiRateLimit {
  const keys = opts.keys ?? 5000;
  const windows = new Map<string, Window>(); // Map order is the recency order
  const hit = (key: string, now: number): Window => {
    let w = windows.get(key);
    if (w) windows.delete(key);
    if (!w || w.startMs + opts.windowMs <= now) w = { count: 0, startMs: now };
    w.count++;
    windows.set(key, w);
    if (windows.size > keys) windows.delete(windows.keys().next().value as string);
    return w;
  };
  return {
    onRoute(route) {
      // `rateLimit: false` turns limiting off for a route, an object gives it a limit of its own (the plugin's).
      if (route.config?.rateLimit != null) return;
      route.config = { ...route.config, [COVERED]: true } as typeof route.config;
    },
    check(req, reply) {
      if (!(req.routeOptions.config as unknown as Record<string, unknown> | undefined)?.[COVERED]) return undefined;
      const url = req.url;
      if (!LIMITED_PREFIXES.some((p) => url.startsWith(p))) return undefined;
      const max = isSignedIn(req) ? opts.signedInMax : opts.anonymousMax;
      const now = Date.now();
      const w = hit(rateLimitKey(req), now);
      if (w.count <= max) return undefined;
      const seconds = String(Math.ceil((opts.windowMs - (now - w.startMs)) / 1000));
      reply.header('x-ratelimit-limit', max);
      reply.header('x-ratelimit-remaining', 0);
      reply.header('x-ratelimit-reset', seconds);
      reply.header('retry-after', seconds);
      return frameworkError({ statusCode: 429 } as FastifyError);
    },
  };
}
