/**
 * The job scheduler: a queue of jobs in the database (`kernel_jobs`), claimed by any number of server processes.
 * See docs/events-and-jobs.md.
 *
 *   queued ──claim──▶ running ──ok──▶ done
 *     ▲                  │ └─throws, attempts left──▶ failed (due again after the backoff) ──claim──▶ running
 *     │                  └─throws, no attempts left──▶ dead
 *     └ (a running job whose lease has passed is claimable again, as if it were due)
 *
 * A claim marks the job `running` with a lease (`lease_owner`, `lease_until`) and counts the attempt. While the
 * handler runs, a heartbeat extends the lease; when a process dies, its lease runs out and another process claims
 * the job. Every write after the claim is guarded by (lease_owner, attempts), so a process that lost its lease
 * cannot overwrite the newer owner's result. Jobs therefore run at least once; handlers must be idempotent.
 *
 * Claiming is safe with several processes: PostgreSQL takes candidates with `SELECT … FOR UPDATE SKIP LOCKED`, so
 * concurrent claimers pass over each other's rows; SQLite (one server process) claims inside `BEGIN IMMEDIATE`,
 * which takes the database's single write lock before reading. Both are `claimTransaction` below, chosen by the
 * adapter's `supportsSkipLocked`.
 *
 * Times come from the injected clock, so tests move a ManualClock instead of sleeping.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { DbAdapter } from './db/adapter.ts';
import type { Database, Executor } from './db/types.ts';
import type { JobTable } from './db/kernel-tables.ts';
import type { Clock } from './calendar/clock.ts';
import { newId } from './ids.ts';
import { preparedInsert, preparedQuery } from './db/prepared.ts';
import './db/kernel-tables.ts';

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed', 'dead'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_LEASE_MS = 60_000;

/** Delay before retry n (n = the attempt that just failed): 30 s, 1 min, 2 min, 4 min, … capped at 1 h. */
export function defaultJobBackoffMs(attempt: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
}

/** The minimal logger the workers use (pino's Logger fits). */
export interface WorkerLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const silentLog: WorkerLog = { info() {}, warn() {}, error() {} };

/** A unique name for this process's leases: host, pid and a random suffix. */
export function workerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Claiming
// ---------------------------------------------------------------------------------------------------------------

/**
 * A transaction that claims work. PostgreSQL: an ordinary transaction — the claim's candidate query adds
 * `FOR UPDATE SKIP LOCKED` (see `lockCandidates`), so each process takes rows no one else holds. SQLite: `BEGIN
 * IMMEDIATE`, which takes the single write lock before the claim reads, so read-then-mark cannot interleave with
 * another writer. `fn` must not start a nested transaction.
 */
export async function claimTransaction<T>(
  db: Kysely<Database>,
  adapter: DbAdapter,
  fn: (tx: Executor) => Promise<T>,
): Promise<T> {
  if (adapter.supportsSkipLocked) return db.transaction().execute(fn);
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await fn(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (e) {
      await sql`rollback`.execute(conn).catch(() => {});
      throw e;
    }
  });
}

/** Adds `FOR UPDATE SKIP LOCKED` where the database has it (inside `claimTransaction` SQLite needs nothing). */
export function lockCandidates<Q extends { forUpdate(): Q; skipLocked(): Q }>(adapter: DbAdapter, q: Q): Q {
  return adapter.supportsSkipLocked ? q.forUpdate().skipLocked() : q;
}

// ---------------------------------------------------------------------------------------------------------------
// Scheduling
// ---------------------------------------------------------------------------------------------------------------

export interface EnqueueInput {
  kind: string;
  payload: unknown;
  /** When the job may run first. */
  dueAt: Date;
  /** Attempts before the job is dead (default 5). */
  maxAttempts?: number;
  /**
   * Idempotent scheduling: at most one job ever exists per key (whatever its status). Enqueueing a key again
   * returns the existing job with `created: false`. E.g. `reminder:application:<id>:day-3`.
   */
  uniqueKey?: string | null;
  /** The current time, for created_at (default: now). */
  now?: Date;
}

/** Schedules a job inside the caller's transaction, so it exists exactly when the change that wanted it commits. */
export async function enqueueJob(
  tx: Executor,
  adapter: DbAdapter,
  input: EnqueueInput,
): Promise<{ id: string; created: boolean }> {
  if (!/^[a-z][a-z0-9_.:-]{0,99}$/i.test(input.kind))
    throw new Error(`enqueueJob: bad job kind ${JSON.stringify(input.kind)}`);
  const maxAttempts = input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new Error('enqueueJob: maxAttempts must be an integer ≥ 1');
  if (!Number.isFinite(input.dueAt.getTime())) throw new Error('enqueueJob: dueAt is not a valid date');
  const now = (input.now ?? new Date()).toISOString();
  const row: JobTable = {
    id: newId(),
    kind: input.kind,
    payload: input.payload ?? null,
    due_at: input.dueAt.toISOString(),
    status: 'queued',
    attempts: 0,
    max_attempts: maxAttempts,
    lease_owner: null,
    lease_until: null,
    last_error: null,
    unique_key: input.uniqueKey ?? null,
    created_at: now,
    updated_at: now,
  };
  if (row.unique_key === null) {
    await insertJob(tx, row);
    return { id: row.id, created: true };
  }
  const inserted = (await insertUniqueJob(tx, ...JOB_COLUMNS.map((c) => row[c]))).rows[0];
  if (inserted) return { id: inserted.id, created: true };
  const existing = (await jobByUniqueKey(tx, row.unique_key)).rows[0];
  if (!existing) throw new Error(`enqueueJob: no job with unique key ${JSON.stringify(row.unique_key)}`);
  return { id: existing.id, created: false };
}

// Every dispatch and filing schedules jobs: the statements are compiled once (db/prepared.ts). `payload` is a JSON
// column: the prepared statements serialize it by the columns plugin's rule (db/columns.ts), null as JSON null.
const JOB_COLUMNS_SET: { [C in keyof JobTable]-?: true } = {
  id: true,
  kind: true,
  payload: true,
  due_at: true,
  status: true,
  attempts: true,
  max_attempts: true,
  lease_owner: true,
  lease_until: true,
  last_error: true,
  unique_key: true,
  created_at: true,
  updated_at: true,
};
const JOB_COLUMNS = Object.keys(JOB_COLUMNS_SET) as (keyof JobTable)[];
const insertJob = preparedInsert<JobTable>('kernel_jobs', JOB_COLUMNS_SET);
const insertUniqueJob = preparedQuery((db: Executor, ...values: unknown[]) =>
  db
    .insertInto('kernel_jobs')
    .values(Object.fromEntries(JOB_COLUMNS.map((c, i) => [c, values[i]])) as never)
    .onConflict((oc) => oc.column('unique_key').doNothing())
    .returning('id'),
);
const jobByUniqueKey = preparedQuery((db: Executor, uniqueKey: string) =>
  db.selectFrom('kernel_jobs').select('id').where('unique_key', '=', uniqueKey),
);

// ---------------------------------------------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------------------------------------------

export interface Job {
  id: string;
  kind: string;
  payload: unknown;
  dueAt: string;
  /** This attempt's number, from 1. */
  attempt: number;
  maxAttempts: number;
  uniqueKey: string | null;
}

export interface JobContext {
  /** Aborted when this process loses the job's lease (another process may now run it). */
  signal: AbortSignal;
  /** The time the job was claimed. */
  now: Date;
}

/** Runs one job. Throwing schedules a retry (or, on the last attempt, makes the job dead). Must be idempotent. */
export type JobHandler = (job: Job, ctx: JobContext) => Promise<void>;

export interface JobRunnerDeps {
  db: Kysely<Database>;
  adapter: DbAdapter;
  clock: Clock;
  log?: WorkerLog;
}

export interface JobRunnerOptions {
  /** This process's lease owner name (default: host:pid:random). */
  owner?: string;
  /** Jobs claimed per round (default 10); a round runs them concurrently. */
  batchSize?: number;
  /** How long a claim holds the job without a heartbeat (default 60 s). */
  leaseMs?: number;
  /** Delay before retrying after attempt n failed (default `defaultJobBackoffMs`). */
  backoffMs?: (attempt: number) => number;
}

export interface RunResult {
  claimed: number;
  done: number;
  failed: number;
  dead: number;
  /** Jobs whose result was not recorded because the lease had passed to another process. */
  lost: number;
}

type Outcome = 'done' | 'failed' | 'dead' | 'lost';

function errorText(e: unknown): string {
  const s = e instanceof Error ? `${e.name === 'Error' ? '' : e.name + ': '}${e.message}` : String(e);
  return s.slice(0, 1000);
}

export class JobRunner {
  readonly owner: string;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly backoffMs: (attempt: number) => number;
  private readonly log: WorkerLog;
  private readonly loop: PollLoop;

  constructor(
    private readonly deps: JobRunnerDeps,
    opts: JobRunnerOptions = {},
  ) {
    this.owner = opts.owner ?? workerId();
    this.batchSize = opts.batchSize ?? 10;
    this.leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
    this.backoffMs = opts.backoffMs ?? defaultJobBackoffMs;
    this.log = deps.log ?? silentLog;
    this.loop = new PollLoop(
      async () => (await this.runOnce()).claimed > 0,
      (e) => this.log.error({ err: errorText(e) }, 'job runner round failed'),
    );
  }

  /** Registers the handler of one job kind. This runner claims only kinds it has handlers for. */
  register(kind: string, handler: JobHandler): this {
    if (this.handlers.has(kind)) throw new Error(`job kind ${kind} is already registered`);
    this.handlers.set(kind, handler);
    return this;
  }

  get kinds(): string[] {
    return [...this.handlers.keys()];
  }

  /**
   * One round: claims up to `batchSize` due jobs (and jobs whose lease ran out) and runs them. `now` defaults to
   * the clock; when given, it is also the time the results are recorded at.
   */
  async runOnce(now?: Date): Promise<RunResult> {
    const result: RunResult = { claimed: 0, done: 0, failed: 0, dead: 0, lost: 0 };
    const kinds = this.kinds;
    if (kinds.length === 0) return result;
    const at = now ?? this.deps.clock.now();
    const claimed = await this.claim(at, kinds);
    result.claimed = claimed.length;
    const outcomes = await Promise.all(claimed.map((row) => this.execute(row, at, now)));
    for (const o of outcomes) result[o]++;
    return result;
  }

  /** Polls every `intervalMs` (immediately again after a round that found work) until `stop()`. */
  start(intervalMs = 1000): void {
    this.loop.start(intervalMs);
  }

  /** Stops polling and waits for the round in progress to finish. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async claim(at: Date, kinds: string[]): Promise<JobTable[]> {
    const { db, adapter } = this.deps;
    const iso = at.toISOString();
    return claimTransaction(db, adapter, async (tx) => {
      const candidates = await lockCandidates(
        adapter,
        tx
          .selectFrom('kernel_jobs')
          .select('id')
          .where('kind', 'in', kinds)
          .where((eb) =>
            eb.or([
              eb.and([eb('status', 'in', ['queued', 'failed']), eb('due_at', '<=', iso)]),
              eb.and([eb('status', '=', 'running'), eb('lease_until', '<=', iso)]),
            ]),
          )
          .orderBy('due_at')
          .orderBy('id')
          .limit(this.batchSize),
      ).execute();
      if (candidates.length === 0) return [];
      return tx
        .updateTable('kernel_jobs')
        .set((eb) => ({
          status: 'running',
          lease_owner: this.owner,
          lease_until: new Date(at.getTime() + this.leaseMs).toISOString(),
          attempts: eb('attempts', '+', 1),
          updated_at: iso,
        }))
        .where(
          'id',
          'in',
          candidates.map((c) => c.id),
        )
        .returningAll()
        .execute();
    });
  }

  /** Records the end of an attempt, only if this process still holds the job's lease for this attempt. */
  private async finish(row: JobTable, set: Partial<JobTable>): Promise<boolean> {
    const r = await this.deps.db
      .updateTable('kernel_jobs')
      .set({ lease_owner: null, lease_until: null, ...set })
      .where('id', '=', row.id)
      .where('status', '=', 'running')
      .where('lease_owner', '=', this.owner)
      .where('attempts', '=', Number(row.attempts))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  private async execute(row: JobTable, claimedAt: Date, explicitNow: Date | undefined): Promise<Outcome> {
    const attempt = Number(row.attempts);
    const maxAttempts = Number(row.max_attempts);
    const endTime = () => (explicitNow ?? this.deps.clock.now()).toISOString();
    if (attempt > maxAttempts) {
      // Its lease ran out during the last permitted attempt (the process died or hung): do not run it again.
      const ok = await this.finish(row, {
        status: 'dead',
        attempts: maxAttempts,
        last_error: row.last_error ?? 'lease expired during the last attempt',
        updated_at: endTime(),
      });
      if (ok) this.log.warn({ job: row.id, kind: row.kind }, 'job dead: lease expired during its last attempt');
      return ok ? 'dead' : 'lost';
    }
    const job: Job = {
      id: row.id,
      kind: row.kind,
      payload: row.payload,
      dueAt: row.due_at,
      attempt,
      maxAttempts,
      uniqueKey: row.unique_key,
    };
    const abort = new AbortController();
    let finished = false;
    const heartbeat = setInterval(
      () => {
        void this.deps.db
          .updateTable('kernel_jobs')
          .set({ lease_until: new Date(this.deps.clock.now().getTime() + this.leaseMs).toISOString() })
          .where('id', '=', row.id)
          .where('status', '=', 'running')
          .where('lease_owner', '=', this.owner)
          .where('attempts', '=', attempt)
          .executeTakeFirst()
          .then((r) => {
            if (Number(r.numUpdatedRows) === 0 && !finished) {
              this.log.warn({ job: row.id, kind: row.kind }, 'job lease lost while running');
              abort.abort(new Error('job lease lost'));
            }
          })
          .catch((e) => this.log.warn({ job: row.id, err: errorText(e) }, 'job heartbeat failed'));
      },
      Math.max(10, Math.floor(this.leaseMs / 3)),
    );
    heartbeat.unref();

    let error: unknown = null;
    try {
      await this.handlers.get(row.kind)!(job, { signal: abort.signal, now: claimedAt });
    } catch (e) {
      error = e ?? new Error('job handler threw a nullish value');
    } finally {
      finished = true;
      clearInterval(heartbeat);
    }

    const at = endTime();
    let outcome: Outcome;
    let ok: boolean;
    if (error === null) {
      outcome = 'done';
      ok = await this.finish(row, { status: 'done', last_error: null, updated_at: at });
    } else if (attempt >= maxAttempts) {
      outcome = 'dead';
      ok = await this.finish(row, { status: 'dead', last_error: errorText(error), updated_at: at });
      if (ok)
        this.log.warn(
          { job: row.id, kind: row.kind, attempt, err: errorText(error) },
          'job dead after its last attempt',
        );
    } else {
      outcome = 'failed';
      const retryAt = new Date(new Date(at).getTime() + this.backoffMs(attempt)).toISOString();
      ok = await this.finish(row, { status: 'failed', due_at: retryAt, last_error: errorText(error), updated_at: at });
      if (ok)
        this.log.info(
          { job: row.id, kind: row.kind, attempt, retryAt, err: errorText(error) },
          'job failed; retry scheduled',
        );
    }
    if (!ok) {
      this.log.warn(
        { job: row.id, kind: row.kind, attempt },
        'job result not recorded: its lease passed to another process',
      );
      return 'lost';
    }
    return outcome;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Polling and status
// ---------------------------------------------------------------------------------------------------------------

/** Calls `round` every `intervalMs`, and at once again when a round reports it found work; `stop()` waits for the round in progress. */
export class PollLoop {
  private running: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly round: () => Promise<boolean>,
    private readonly onError: (e: unknown) => void,
  ) {}

  start(intervalMs: number): void {
    if (this.running) return;
    this.stopping = false;
    this.running = (async () => {
      while (!this.stopping) {
        let busy = false;
        try {
          busy = await this.round();
        } catch (e) {
          this.onError(e);
        }
        if (!busy && !this.stopping) await this.sleep(intervalMs);
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = null;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }
}

/** Job counts by status (for `onewindow jobs status`). */
export async function jobStats(db: Executor): Promise<Record<JobStatus, number>> {
  const rows = await db
    .selectFrom('kernel_jobs')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const out = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;
  for (const r of rows) out[r.status as JobStatus] = Number(r.n);
  return out;
}
