/**
 * Request logs: pino with the request id, method, path (never the query string, which may carry names) and
 * status. Authorization headers, cookies, passwords, tokens, ID and phone numbers are redacted wherever they appear.
 */
import type { FastifyServerOptions } from 'fastify';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.token',
  '*.residentId',
  '*.phone',
  '*.mobile',
];

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req(req: { method: string; url: string; id: string }) {
        return { method: req.method, path: req.url.split('?')[0], id: req.id };
      },
    },
  };
}
