/**
 * Requests still being handled, so that closing the app waits for them before the caller closes the database.
 * Fastify's close waits for open connections, not for handlers: a request whose client has gone (a load test that
 * stopped, a phone that lost its signal) keeps running, and if the database closed under it, it failed half-way with
 * "driver has already been destroyed". A request counts from the `onRequest` hook until its answer has passed the
 * `onSend` hooks before this one (the write receipt reads the database there); closing waits for the count to reach
 * zero, at most `timeoutMs`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

const COUNTED = Symbol('onewindow.inFlight');

export interface InFlight {
  /** Call from the `onRequest` hook. */
  begin(req: FastifyRequest): void;
  /** An `onSend` hook, registered after every other `onSend` hook. */
  endHook(req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (e: null, p: unknown) => void): void;
  /** An `onClose` hook: resolves once no request is being handled, or after `timeoutMs`. */
  drained(): Promise<void>;
  readonly count: number;
}

export function requestsInFlight(timeoutMs = 10_000): InFlight {
  let count = 0;
  let waiters: (() => void)[] = [];
  const end = (req: FastifyRequest) => {
    const r = req as FastifyRequest & { [COUNTED]?: boolean };
    if (!r[COUNTED]) return; // one answer per request is counted, even if the hooks run again for an error
    r[COUNTED] = false;
    if (--count === 0) for (const w of waiters.splice(0)) w();
  };
  return {
    begin(req) {
      (req as FastifyRequest & { [COUNTED]?: boolean })[COUNTED] = true;
      count++;
    },
    endHook(req, _reply, payload, done) {
      end(req);
      done(null, payload);
    },
    drained() {
      if (count === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== finish);
          resolve();
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          resolve();
        };
        waiters.push(finish);
      });
    },
    get count() {
      return count;
    },
  };
}
