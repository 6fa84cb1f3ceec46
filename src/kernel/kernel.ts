/**
 * The kernel's services, built once in the composition root and passed to every module's factory. No globals:
 * tests build their own Kernel over a fresh database and a manual clock.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { DbAdapter } from './db/adapter.ts';
import { retryAbortedTx } from './db/retry.ts';
import type { Database, Executor } from './db/types.ts';
import type { Clock } from './calendar/clock.ts';
import type { PersonalDataCipher } from './crypto.ts';
import type { CalendarService } from './calendar-service.ts';
import type { PermissionTable } from './auth/permissions.ts';
import type { EventRegistry } from './events.ts';
import type { AuditLog } from './audit-log.ts';

export interface Kernel {
  config: Config;
  db: Kysely<Database>;
  adapter: DbAdapter;
  clock: Clock;
  cipher: PersonalDataCipher;
  calendar: CalendarService;
  log: Logger;
  /** Every declared permission and the roles holding each (kernel's and modules', gathered at start-up). */
  permissions: PermissionTable;
  /** Every declared event type and its payload schema. */
  events: EventRegistry;
  /** The action log: `k.audit.record(tx, ctx, …)` is how every service records a change. */
  audit: AuditLog;
}

/**
 * Runs `fn` in the caller's transaction when given one, else in a new transaction (run again when PostgreSQL aborts
 * it to break a deadlock: db/retry.ts).
 */
export async function inTx<T>(
  k: Pick<Kernel, 'db'>,
  tx: Executor | undefined,
  fn: (tx: Executor) => Promise<T>,
): Promise<T> {
  if (tx && tx.isTransaction) return fn(tx);
  return retryAbortedTx(() => k.db.transaction().execute((t) => fn(t)));
}
