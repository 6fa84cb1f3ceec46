/**
 * Group commit for the one SQLite connection. Every commit writes the pages its transaction changed to the WAL —
 * a registration ≈ 21 pages, two system calls each — and several of those pages are the same for every write (the
 * chain head, the right edge of each time-ordered index, the database header). Transactions that finish in the same
 * turn of the event loop commit together: each runs in a savepoint of one open transaction, its `commit` releases
 * the savepoint and hands the connection to the next transaction at once, and the whole group commits when the turn
 * ends (`setImmediate`). Nobody is told "committed" before that COMMIT has run: each transaction's commit resolves
 * only then, and rejects with it if it fails. A transaction that rolls back rolls back its own savepoint only.
 *
 * Nothing outside a transaction sees the group's uncommitted work or joins it: a query outside a transaction that
 * finds a group open commits it first (it holds the connection, so no transaction is half-done). The savepoints need
 * `temp_store = memory` (connect.ts): a savepoint's journal of more than 64 KiB otherwise spills to a temporary file,
 * which cost more than the group saves.
 *
 * Measured in process (the registration's rows, groups of 8 against one commit each): 23 → 9 WAL pages and ≈ 190 →
 * ≈ 100 µs per write. `Kysely.connection()` holders (jobs.ts `claimTransaction`) run their own BEGIN … COMMIT and must
 * not start a Kysely transaction inside.
 */
import {
  CompiledQuery,
  SelectQueryNode,
  SqliteDialect,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from 'kysely';
import type SQLite from 'better-sqlite3';

type Statements = Pick<SQLite.Database, 'prepare' | 'close'>;

/** First come, first served: the flush queues behind the transactions already waiting, so they join its group. */
class Mutex {
  #locked = false;
  #waiting: (() => void)[] = [];

  lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  unlock(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#locked = false;
  }
}

interface Member {
  resolve(): void;
  reject(e: unknown): void;
}

/** One holder's use of the connection: whether it is inside a transaction, and whether its commit released it. */
class Lease implements DatabaseConnection {
  inTransaction = false;
  releasedEarly = false;

  constructor(private readonly driver: GroupCommitDriver) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      if (!this.inTransaction) this.driver.commitOpenGroup();
      return Promise.resolve(this.driver.execute<R>(query));
    } catch (e) {
      return Promise.reject(e as Error);
    }
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!this.inTransaction) this.driver.commitOpenGroup();
    if (!SelectQueryNode.is(query.query)) throw new Error('SQLite streams only select queries');
    for (const row of this.driver.statements.prepare(query.sql).iterate(query.parameters as unknown[]))
      yield { rows: [row as R] };
  }
}

export class GroupCommitDriver implements Driver {
  readonly #mutex = new Mutex();
  /** The transactions released into the open group, waiting for its COMMIT; null when no group is open. */
  #group: Member[] | null = null;
  #flushScheduled = false;

  constructor(
    readonly statements: Statements,
    private readonly database: SQLite.Database,
  ) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    return new Lease(this);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    if (this.#group && !this.database.inTransaction) this.#failGroup(groupLost());
    if (!this.#group) {
      this.#run('begin');
      this.#group = [];
    }
    this.#run('savepoint ow_tx');
    lease.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    this.#run('release ow_tx');
    lease.inTransaction = false;
    const committed = new Promise<void>((resolve, reject) => this.#group!.push({ resolve, reject }));
    lease.releasedEarly = true;
    this.#scheduleFlush();
    this.#mutex.unlock();
    return committed;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    lease.inTransaction = false;
    if (!this.database.inTransaction) {
      // SQLite itself ended the transaction (an I/O error, a full disk): the group's released work is gone too.
      this.#failGroup(groupLost());
      return;
    }
    if (this.#group?.length === 0) {
      this.#run('rollback'); // alone in the open transaction: end it (no empty commit)
      this.#group = null;
      return;
    }
    this.#run('rollback to ow_tx');
    this.#run('release ow_tx');
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    if (!(connection as Lease).releasedEarly) this.#mutex.unlock();
  }

  async destroy(): Promise<void> {
    await this.#mutex.lock();
    try {
      this.commitOpenGroup();
    } finally {
      this.statements.close();
    }
  }

  /** Commits the open group, if any; only by the holder of the connection, outside any transaction. */
  commitOpenGroup(): void {
    const members = this.#group;
    if (!members) return;
    this.#group = null;
    try {
      this.#run('commit');
    } catch (e) {
      try {
        if (this.database.inTransaction) this.#run('rollback');
      } finally {
        for (const m of members) m.reject(e);
      }
      return;
    }
    for (const m of members) m.resolve();
  }

  execute<R>(query: CompiledQuery): QueryResult<R> {
    // As Kysely's own SQLite driver does.
    const stmt = this.statements.prepare(query.sql);
    const parameters = query.parameters as unknown[];
    if (stmt.reader) return { rows: stmt.all(parameters) as R[] };
    const { changes, lastInsertRowid } = stmt.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  #run(sql: string): void {
    this.statements.prepare(sql).run();
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => void this.#flush());
  }

  async #flush(): Promise<void> {
    await this.#mutex.lock();
    this.#flushScheduled = false;
    try {
      this.commitOpenGroup();
    } finally {
      this.#mutex.unlock();
    }
  }

  #failGroup(e: Error): void {
    const members = this.#group ?? [];
    this.#group = null;
    for (const m of members) m.reject(e);
  }
}

const groupLost = () =>
  new Error('SQLite rolled back the open transaction (an I/O error or a full disk): its writes were not committed');

/** Kysely's SQLite dialect with the group-committing driver. */
export class GroupCommitSqliteDialect extends SqliteDialect {
  constructor(
    private readonly statements: Statements,
    private readonly database: SQLite.Database,
  ) {
    super({ database: statements as unknown as SQLite.Database });
  }

  override createDriver(): Driver {
    return new GroupCommitDriver(this.statements, this.database);
  }
}
