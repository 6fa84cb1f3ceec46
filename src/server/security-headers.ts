/**
 * Security headers, computed once at start-up and set on every response by the app's one synchronous `onRequest` hook.
 * Pages (the web UI, /docs, static files) get the headers @fastify/helmet 13 sent with our CSP (helmet rebuilt them
 * on every request, about 7 % of a read's CPU). JSON API answers get the smaller set the OWASP REST Security Cheat
 * Sheet names for APIs — no caching (they carry personal data), no framing, no sniffing, HTTPS only — since the
 * document-only headers mean nothing to a JSON body and each header costs every request. A route may still
 * override one (Swagger UI sets its own CSP on /docs).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The Content-Security-Policy directives: helmet's defaults, with ours for scripts, styles, images and connections. */
export const CSP_DIRECTIVES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['default-src', ["'self'"]],
  ['base-uri', ["'self'"]],
  ['font-src', ["'self'", 'https:', 'data:']],
  ['form-action', ["'self'"]],
  ['frame-ancestors', ["'self'"]],
  ['img-src', ["'self'", 'data:']],
  ['object-src', ["'none'"]],
  ['script-src', ["'self'"]],
  ['script-src-attr', ["'none'"]],
  ['style-src', ["'self'", "'unsafe-inline'"]], // antd injects its CSS-in-JS styles
  ['upgrade-insecure-requests', []],
  ['connect-src', ["'self'"]],
];

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': CSP_DIRECTIVES.map(([name, values]) => [name, ...values].join(' ')).join(';'),
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
});

/** The headers of every JSON API answer (`/api/…` and the health checks). */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': SECURITY_HEADERS['strict-transport-security'],
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
});

/** Whether a request's answer is a JSON API answer rather than a page or a static file. */
export function isApiPath(url: string): boolean {
  return url.startsWith('/api/') || url === '/healthz' || url === '/readyz';
}

/** The security headers and the request id, on every response (errors and 404s included): part of the one `onRequest` hook (app.ts). */
export function setResponseHeaders(req: FastifyRequest, reply: FastifyReply): void {
  reply.headers(isApiPath(req.url) ? API_SECURITY_HEADERS : SECURITY_HEADERS);
  reply.header('x-request-id', req.id);
}
