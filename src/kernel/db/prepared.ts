/**
 * Queries built and compiled once, then run with new arguments. Building and compiling a Kysely query costs a few
 * microseconds of JavaScript and its garbage every time; on the paths every write takes (the audit append, the
 * idempotency record, the session lookup) that is a measurable share of a request. A prepared query is built the
 * first time it runs on a database (per dialect and plugin set), with a marker in place of each argument; later runs
 * only swap the arguments into the compiled parameter list. With SQLite's statement cache (connect.ts) the same SQL
 * text also reuses the prepared statement.
 *
 * On SQLite the compiled statement then runs on the connection directly (`runPreparedDirectly`), without Kysely's
 * executor, connection mutex and result plugins (a few µs and several promises per query): better-sqlite3 is
 * synchronous, so the only thing the mutex guards against is running inside another request's open transaction;
 * the direct path is taken only in the caller's own transaction or when none is open, and the result is converted by
 * the same columns plugin.
 *
 * Arguments must be bound values (compared, inserted, set): an argument that would change the SQL text (a list for
 * `in`, an identifier, an optional `where`) is refused when the query is first built.
 */
import { CompiledQuery } from 'kysely';
import type { Compilable, Kysely, KyselyPlugin, QueryResult } from 'kysely';
import type { DialectAdapter } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { StoredColumns } from './columns.ts';
import type { Executor } from './types.ts';

interface Direct {
  /** The raw handle: `inTransaction` says whether a transaction is open on the (only) connection. */
  database: SQLite.Database;
  /** The statement cache Kysely's driver prepares through (connect.ts `withStatementCache`). */
  statements: Pick<SQLite.Database, 'prepare'>;
  columns: StoredColumns;
}

/** SQLite databases whose prepared queries run directly, by their dialect adapter (one per Kysely instance). */
const directly = new WeakMap<DialectAdapter, Direct>();

/**
 * Lets prepared queries on this SQLite database (connect.ts) run on `statements` directly when they are run with
 * exactly the database's own plugin (`columns`).
 */
export function runPreparedDirectly(
  db: Executor,
  database: SQLite.Database,
  statements: Pick<SQLite.Database, 'prepare'>,
  columns: StoredColumns,
): void {
  directly.set(db.getExecutor().adapter, { database, statements, columns });
}

function runDirect<O>(direct: Direct, query: CompiledQuery<unknown>, parameters: unknown[]): Promise<QueryResult<O>> {
  try {
    // As Kysely's SQLite driver does (sqlite-driver.js), then the columns plugin's conversion of the rows.
    const stmt = direct.statements.prepare(query.sql);
    let result: QueryResult<unknown>;
    if (stmt.reader) result = { rows: stmt.all(parameters) };
    else {
      const { changes, lastInsertRowid } = stmt.run(parameters);
      result = { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
    }
    return Promise.resolve(direct.columns.convertResult(query.queryId, result) as QueryResult<O>);
  } catch (e) {
    return Promise.reject(e as Error);
  }
}

interface Compiled {
  plugins: readonly KyselyPlugin[];
  query: CompiledQuery<unknown>;
  /**
   * For each compiled parameter, the index of the argument it takes (-1: a constant of the query), and whether the
   * columns plugin (columns.ts) stores it as JSON text — it serialized the marker, so the argument is serialized too.
   */
  slots: { arg: number; json: boolean }[];
}

const MARK = '\u0000onewindow-prepared-argument-';

/** The SQL texts of prepared queries, each with a statement name (PostgreSQL connections name them: connect.ts). */
const statementNames = new Map<string, string>();

/** The statement name of a prepared query's SQL, or undefined for any other SQL. */
export function preparedStatementName(sql: string): string | undefined {
  return statementNames.get(sql);
}

export function preparedQuery<A extends unknown[], O>(
  build: (db: Executor, ...args: A) => Compilable<O>,
): (db: Executor, ...args: A) => Promise<QueryResult<O>> {
  const byAdapter = new WeakMap<DialectAdapter, Compiled[]>();

  const compile = (db: Executor, arity: number): Compiled => {
    const marks = Array.from({ length: arity }, (_, i) => `${MARK}${i}`) as unknown as A;
    const query = build(db, ...marks).compile() as CompiledQuery<unknown>; // a mistake here throws at once
    const slots = query.parameters.map((p) => {
      for (let i = 0; i < arity; i++) {
        if (p === `${MARK}${i}`) return { arg: i, json: false };
        if (p === JSON.stringify(`${MARK}${i}`)) return { arg: i, json: true };
      }
      return { arg: -1, json: false };
    });
    for (let i = 0; i < arity; i++) {
      if (!slots.some((s) => s.arg === i) || query.sql.includes(`${MARK}${i}`))
        throw new Error(`preparedQuery: argument ${i} is not a bound parameter of: ${query.sql}`);
    }
    if (!statementNames.has(query.sql)) statementNames.set(query.sql, `ow_prepared_${statementNames.size + 1}`);
    return { plugins: db.getExecutor().plugins, query, slots };
  };

  return (db, ...args) => {
    const executor = db.getExecutor();
    let list = byAdapter.get(executor.adapter);
    if (!list) byAdapter.set(executor.adapter, (list = []));
    let c = list.find((e) => samePlugins(e.plugins, executor.plugins));
    if (!c) list.push((c = compile(db, args.length)));
    const { query, slots } = c;
    const parameters = slots.map(({ arg, json }, j) =>
      arg === -1 ? query.parameters[j] : json && args[arg] !== undefined ? JSON.stringify(args[arg]) : args[arg],
    );
    const direct = directly.get(executor.adapter);
    if (
      direct &&
      executor.plugins.length === 1 &&
      executor.plugins[0] === direct.columns &&
      (db.isTransaction || !direct.database.inTransaction)
    )
      return runDirect<O>(direct, query, parameters);
    return db.executeQuery<O>({ ...query, parameters } as CompiledQuery<O>);
  };
}

/**
 * A fixed SQL text with positional parameters (`$1`… on PostgreSQL, `?` on SQLite), for a statement Kysely's builder
 * cannot express (data-modifying CTEs): run through the executor, so in the caller's transaction, and on PostgreSQL
 * as a named statement like every prepared query (parsed and planned once per connection).
 */
export function preparedSql<R = unknown>(
  text: string,
): (db: Executor, ...parameters: unknown[]) => Promise<QueryResult<R>> {
  if (!statementNames.has(text)) statementNames.set(text, `ow_prepared_${statementNames.size + 1}`);
  return (db, ...parameters) => db.executeQuery<R>(CompiledQuery.raw(text, parameters) as CompiledQuery<R>);
}

function samePlugins(a: readonly KyselyPlugin[], b: readonly KyselyPlugin[]): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}

/**
 * An INSERT of whole rows into `table`, compiled once. `columns` names every column of the row type (the compiler
 * checks that none is missing); a value a row leaves undefined is stored as NULL, not as the column's default.
 */
export function preparedInsert<R extends object>(table: string, columns: { [C in keyof R]-?: true }) {
  const names = Object.keys(columns) as (keyof R & string)[];
  const insert = preparedQuery((db: Executor, ...values: unknown[]) =>
    (db as unknown as Kysely<Record<string, R>>)
      .insertInto(table)
      .values(Object.fromEntries(names.map((c, i) => [c, values[i]])) as never),
  );
  return (db: Executor, row: R) => insert(db, ...names.map((c) => row[c] ?? null));
}
