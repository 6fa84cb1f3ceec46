/**
 * Request logs: pino with the request id, method, path (never the query string, which may carry names) and
 * status. Authorization headers, cookies, passwords, tokens, ID and phone numbers are redacted wherever they appear.
 */
import type { FastifyServerOptions } from 'fastify';
import type { Bindings, ChildLoggerOptions, Logger } from 'pino';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

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

/**
 * Fastify's `childLoggerFactory`: the request's logger (`req.log`) is a child of the app's logger bound to the request
 * id, but pino builds a child (bindings serialized, a new object on the logger's prototype chain) whether or not
 * anything is logged — on every request, where at the usual levels nothing is. This one builds the child the first
 * time something is logged at an enabled level; below the level a call does nothing, as pino's own do.
 */
export const lazyChildLogger: NonNullable<FastifyServerOptions['childLoggerFactory']> = (parent, bindings, opts) => {
  const logger = parent as unknown as Logger; // Fastify's logger here is pino's (loggerOptions)
  // A per-route level or serializers change what the child writes: build it at once (no route here sets them).
  if (opts.level !== undefined || opts.serializers !== undefined) return logger.child(bindings, opts);
  return new LazyChildLogger(logger, bindings, opts) as unknown as Logger;
};

type LogArgs = [obj: unknown, msg?: string, ...args: unknown[]];

class LazyChildLogger {
  #parent: Logger;
  #bindings: Bindings;
  #opts: ChildLoggerOptions;
  #child: Logger | undefined;
  constructor(parent: Logger, bindings: Bindings, opts: ChildLoggerOptions) {
    this.#parent = parent;
    this.#bindings = bindings;
    this.#opts = opts;
  }
  #real(): Logger {
    return (this.#child ??= this.#parent.child(this.#bindings, this.#opts));
  }
  #log(level: Level, args: LogArgs): void {
    if ((this.#child ?? this.#parent).isLevelEnabled(level)) (this.#real()[level] as (...a: LogArgs) => void)(...args);
  }
  get level(): string {
    return (this.#child ?? this.#parent).level;
  }
  set level(level: string) {
    this.#real().level = level;
  }
  isLevelEnabled(level: string): boolean {
    return (this.#child ?? this.#parent).isLevelEnabled(level);
  }
  child(bindings: Bindings, opts?: ChildLoggerOptions): Logger {
    return this.#real().child(bindings, opts);
  }
  bindings(): Bindings {
    return this.#real().bindings();
  }
  fatal(...args: LogArgs) {
    this.#log('fatal', args);
  }
  error(...args: LogArgs) {
    this.#log('error', args);
  }
  warn(...args: LogArgs) {
    this.#log('warn', args);
  }
  info(...args: LogArgs) {
    this.#log('info', args);
  }
  debug(...args: LogArgs) {
    this.#log('debug', args);
  }
  trace(...args: LogArgs) {
    this.#log('trace', args);
  }
  silent() {}
}
