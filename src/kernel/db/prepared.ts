/**
 * Queries built and compiled once, then run with new arguments. Building and compiling a Kysely query costs a few
 * microseconds of JavaScript and its garbage every time; on the paths every write takes (the audit append, the
 * idempotency record, the session lookup) that is a measurable share of a request. A prepared query is built the
 * first time it runs on a database (per dialect and plugin set), with a marker in place of each argument; later runs
 * only swap the arguments into the compiled parameter list. With SQLite's statement cache (connect.ts) the same SQL
 * text also reuses the prepared statement.
 *
 * Arguments must be bound values (compared, inserted, set): an argument that would change the SQL text (a list for
 * `in`, an identifier, an optional `where`) is refused when the query is first built.
 */
import type { Compilable, CompiledQuery, Kysely, KyselyPlugin, QueryResult } from 'kysely';
import type { DialectAdapter } from 'kysely';
import type { Executor } from './types.ts';

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
    return db.executeQuery<O>({ ...query, parameters } as CompiledQuery<O>);
  };
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
