/** Opens the database named by the configuration: PostgreSQL when DATABASE_URL is set, else SQLite in the data folder. */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { adapterFor, type DbAdapter } from './adapter.ts';
import { preparedStatementName, runPreparedDirectly } from './prepared.ts';
import { takeNumbersOn } from './numbers.ts';
import { GroupCommitSqliteDialect } from './group-commit.ts';
import { BACKSTOP_AUTOCHECKPOINT_PAGES, startCheckpointer, type Checkpointer } from './checkpointer.ts';
import type { Database } from './types.ts';

export interface Db {
  db: Kysely<Database>;
  adapter: DbAdapter;
  /** A short description for logs, without credentials. */
  description: string;
  close(): Promise<void>;
  /** SQLite with `checkpointInBackground`: the worker that checkpoints the WAL. */
  checkpointer?: Checkpointer | null;
}

// BIGINT (int8) and NUMERIC come back from pg as strings; counts and sums here fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export interface OpenOptions {
  /** SQLite file path, or ':memory:'. */
  sqliteFile?: string;
  /** PostgreSQL connection string. */
  postgresUrl?: string;
  /** PostgreSQL schema to use (tests create one per run); it is created if missing. */
  schema?: string;
  poolSize?: number;
  /**
   * SQLite file: WAL checkpoints on a worker thread (checkpointer.ts) rather than in whichever commit crosses the
   * threshold. The server and the CLI open their database so (`openConfiguredDb`); tests' databases do not.
   */
  checkpointInBackground?: boolean;
}

export async function openDb(opts: OpenOptions): Promise<Db> {
  if (opts.postgresUrl) return openPostgres(opts.postgresUrl, opts.schema, opts.poolSize ?? 10);
  return openSqlite(opts.sqliteFile ?? ':memory:', opts.checkpointInBackground ?? false);
}

function openSqlite(file: string, checkpointInBackground: boolean): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const database = new SQLite(file);
  applySqlitePragmas(database, file);
  const checkpointer = checkpointInBackground && file !== ':memory:' ? startCheckpointer(file) : null;
  if (checkpointer) database.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
  const adapter = adapterFor('sqlite');
  const cached = withStatementCache(database);
  const db = new Kysely<Database>({
    dialect: new GroupCommitSqliteDialect(cached, database),
    plugins: [adapter.columns],
  });
  runPreparedDirectly(db, database, cached, adapter.columns);
  return {
    db,
    adapter,
    description: `sqlite:${file}`,
    checkpointer,
    // The worker's connection first, so that closing the last one checkpoints the WAL fully and removes it.
    close: async () => {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

/** The settings of every SQLite connection (the bench's raw baselines open theirs with the same). */
export function applySqlitePragmas(database: SQLite.Database, file: string): void {
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma('synchronous = NORMAL');
  // Savepoints' journals in memory: every transaction runs in one (group-commit.ts), and one of more than 64 KiB would
  // otherwise be written to a temporary file. Sorts and temporary tables stay in memory too.
  database.pragma('temp_store = memory');
  // Reads by key at a million rows walk index and table pages that a 2 MB page cache cannot hold: a larger cache and
  // memory-mapped reads (up to 1 GiB: the whole 1M-enterprise bench file) spare each lookup its read() calls. (An I/O
  // error on a mapped page would end the process rather than fail the query; the production store is PostgreSQL.)
  database.pragma('cache_size = -32768');
  if (file !== ':memory:') database.pragma('mmap_size = 1073741824');
  // Checkpoint the WAL every ~40 MB rather than every 4 MB: a page written by many commits (the tail of every index)
  // is copied back once per checkpoint, so fewer checkpoints copy far fewer pages (a registration's commit: 230 →
  // 150 µs on average).
  database.pragma('wal_autocheckpoint = 10000');
}

let rollbacks = 0;

/**
 * How many rollbacks (of a transaction or to a savepoint) this process has begun on any database connection, counted
 * before the statement runs, and on PostgreSQL also a COMMIT the server turned into a ROLLBACK. A request that saw
 * the count unchanged from its start to its answer had every transaction it finished commit: write receipts
 * (audit-receipts.ts) then sign the links it appended without reading them back.
 */
export function rollbacksBegun(): number {
  return rollbacks;
}

const ROLLBACK = /^\s*rollback\b/i;

/** Prepared statements kept per SQLite connection (least recently used dropped first). */
export const STATEMENT_CACHE_SIZE = 256;

/**
 * The database handle given to Kysely's SQLite driver, which calls `prepare(sql)` on every query: preparing costs
 * 45–85 µs under load against a few µs to run a prepared statement. This wrapper keeps up to `size` prepared
 * statements keyed by their SQL text and hands back the same statement for the same SQL. A statement still being
 * iterated (a streamed query) is busy and cannot be rebound, so a fresh one is prepared for that call.
 */
export function withStatementCache(
  database: SQLite.Database,
  size = STATEMENT_CACHE_SIZE,
): Pick<SQLite.Database, 'prepare' | 'close'> {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(source: string) {
      if (ROLLBACK.test(source)) rollbacks++;
      const hit = cache.get(source);
      if (hit) {
        if (hit.busy) return adaptedStatement(database.prepare(source));
        cache.delete(source); // re-insert: Map order is the recency order
        cache.set(source, hit);
        return hit;
      }
      const stmt = adaptedStatement(database.prepare(source));
      cache.set(source, stmt);
      if (cache.size > size) cache.delete(cache.keys().next().value as string);
      return stmt;
    },
    close() {
      cache.clear();
      return database.close();
    },
  } as Pick<SQLite.Database, 'prepare' | 'close'>;
}

/**
 * A statement as Kysely's driver and the direct path (prepared.ts) use it: `reader`, `all`, `run`, `iterate`, and
 * `busy` for the cache.
 *
 * SQLite cannot bind booleans: the statement binds them as 1/0, which boolean columns store (columns.ts reads them
 * back). Here rather than in the query tree: a scan of a few parameters, where a walk of every query's tree cost
 * more than compiling it.
 *
 * Rows are read as arrays and made into objects here, by a constructor built once per statement from its column
 * names: better-sqlite3 makes each row object through V8's API (every column name internalized again, and an object
 * in dictionary mode, slow to read), which cost a lookup by key ~11 µs against ~8 µs this way, and each later read of
 * the row's properties more. Columns named the same keep the last, as better-sqlite3's own objects do.
 */
function adaptedStatement(stmt: SQLite.Statement): SQLite.Statement {
  const bind = (p: unknown[] = []) =>
    p.some((v) => typeof v === 'boolean') ? p.map((v) => (typeof v === 'boolean' ? Number(v) : v)) : p;
  const toObject = stmt.reader ? rowConstructor(stmt) : null;
  if (toObject) stmt.raw(true);
  const all = toObject
    ? (p?: unknown[]) => (stmt.all(bind(p)) as unknown[][]).map(toObject)
    : (p?: unknown[]) => stmt.all(bind(p));
  const iterate = toObject
    ? function* (p?: unknown[]) {
        for (const row of stmt.iterate(bind(p)) as IterableIterator<unknown[]>) yield toObject(row);
      }
    : (p?: unknown[]) => stmt.iterate(bind(p));
  return {
    get reader() {
      return stmt.reader;
    },
    get busy() {
      return stmt.busy;
    },
    all,
    get: toObject
      ? (p?: unknown[]) => {
          const row = stmt.get(bind(p)) as unknown[] | undefined;
          return row && toObject(row);
        }
      : (p?: unknown[]) => stmt.get(bind(p)),
    run: (p?: unknown[]) => stmt.run(bind(p)),
    iterate,
  } as unknown as SQLite.Statement;
}

/**
 * `row => ({ "id": row[0], "name": row[1], … })` for the statement's columns: an object literal, so every row of the
 * statement shares one fast shape. The names are written as JSON string literals (no name can escape them); a column
 * named `__proto__` would set the prototype in a literal, so such a statement keeps better-sqlite3's own objects.
 */
function rowConstructor(stmt: SQLite.Statement): ((row: unknown[]) => Record<string, unknown>) | null {
  const names = stmt.columns().map((c) => c.name);
  if (names.includes('__proto__')) return null;
  const fields = names.map((name, i) => `${JSON.stringify(name)}: row[${i}]`);
  return new Function('row', `return { ${fields.join(', ')} };`) as (row: unknown[]) => Record<string, unknown>;
}

/**
 * Kysely sends every query as an unnamed statement, which PostgreSQL parses and plans each time. The SQL of a
 * prepared query (prepared.ts) is fixed, so this connection sends it as a named statement instead: parsed and planned
 * once per connection. Only those texts are named — never DDL or ad-hoc SQL, whose plans could outlive a schema change.
 * It also counts rollbacks (`rollbacksBegun`).
 */
function namingPreparedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((text: unknown, values?: unknown) => {
    if (typeof text === 'string' && ROLLBACK.test(text)) rollbacks++;
    const name = typeof text === 'string' && Array.isArray(values) ? preparedStatementName(text) : undefined;
    if (name) return query({ name, text, values });
    const result = query(text, values);
    // PostgreSQL answers COMMIT with a ROLLBACK tag when an earlier error had aborted the transaction.
    if (text === 'commit' && result instanceof Promise)
      void result.then(
        (r: { command?: string } | undefined) => r?.command === 'ROLLBACK' && rollbacks++,
        () => rollbacks++,
      );
    return result;
  }) as typeof client.query;
}

async function openPostgres(url: string, schema: string | undefined, max: number): Promise<Db> {
  if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  if (schema) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`create schema if not exists "${schema}"`);
    await c.end();
  }
  const searchPath = schema ? `-c search_path=${schema}` : '';
  const adapter = adapterFor('postgres');
  const kysely = (pool: pg.Pool) => {
    pool.on('connect', (client) => namingPreparedStatements(client));
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [adapter.columns] });
  };
  // UTF-8 on every session whatever the role's or database's setting: node-postgres sends UTF-8, and the audit append
  // hashes the text as the server sees it (audit.ts), so the two must agree. (A startup option: the JavaScript client
  // does not send its `client_encoding` setting.)
  const options = `${searchPath} -c client_encoding=UTF8`.trim();
  const db = kysely(new pg.Pool({ connectionString: url, max, options }));
  // Numbers (numbers.ts) are taken on two connections of their own, so a write transaction never waits for the main
  // pool while it holds a connection of it. Their one-statement commits need not wait for the disk: a create that
  // uses the number commits later with a flush, which writes the log up to and past the counter's commit, so a
  // number held by a durable row is durable too; a crash can only lose numbers that no durable row holds.
  const taker = kysely(new pg.Pool({ connectionString: url, max: 2, options: `${options} -c synchronous_commit=off` }));
  takeNumbersOn(db, taker);
  await sql`select 1`.execute(db);
  const u = new URL(url);
  return {
    db,
    adapter,
    description: `postgres://${u.host}${u.pathname}${schema ? `#${schema}` : ''}`,
    close: async () => {
      await db.destroy();
      await taker.destroy();
    },
  };
}
