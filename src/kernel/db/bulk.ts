/**
 * Bulk inserts for seeding: multi-row INSERTs whose SQL is compiled once per (table, columns, rows per statement)
 * and reused with new parameters, so a million rows cost a few thousand statement executions and no per-batch
 * query compilation (with SQLite's statement cache in connect.ts, no per-batch prepare either).
 */
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { DbAdapter, DialectName } from './adapter.ts';

/** SQLite's bound-parameter limit (SQLITE_MAX_VARIABLE_NUMBER since 3.32) and PostgreSQL's (int16 in the protocol). */
export const MAX_PARAMS: Record<DialectName, number> = { sqlite: 32766, postgres: 65535 };

/** Rows per multi-row INSERT: up to `wanted`, within the dialect's parameter limit for `columns` columns. */
export function rowsPerStatement(adapter: DbAdapter, columns: number, wanted = 1000): number {
  return Math.max(1, Math.min(wanted, Math.floor(MAX_PARAMS[adapter.dialect] / Math.max(1, columns))));
}

/** Compiled INSERT texts by dialect, table, columns, rows and conflict handling (a few per seeding run). */
const compiled = new Map<string, string>();

/** The SQL of `insert into table (columns) values (…) × n [on conflict do nothing]`, compiled by Kysely once. */
function insertSql(
  db: Kysely<any>,
  adapter: DbAdapter,
  table: string,
  columns: string[],
  n: number,
  ignoreConflicts: boolean,
): string {
  const key = `${adapter.dialect}\n${table}\n${columns.join(',')}\n${n}\n${ignoreConflicts}`;
  let text = compiled.get(key);
  if (!text) {
    const row = Object.fromEntries(columns.map((c) => [c, 0]));
    let q = db.insertInto(table).values(Array.from({ length: n }, () => row));
    if (ignoreConflicts) q = q.onConflict((oc) => oc.doNothing());
    const c = q.compile();
    if (c.parameters.length !== n * columns.length)
      throw new Error(
        `bulk insert into ${table}: expected ${n * columns.length} parameters, Kysely made ${c.parameters.length}`,
      );
    text = c.sql;
    compiled.set(key, text);
  }
  return text;
}

/**
 * Inserts `rows` (all with the same keys, in the same order) with multi-row INSERTs of up to `rowsPerStatement`
 * rows. JSON and boolean values are converted by `adapter.columns.storer` here (the SQL is
 * compiled once, without them). Call it inside a
 * transaction covering many statements; one transaction per statement is what makes seeding slow.
 */
export async function insertRows(
  db: Kysely<any>,
  adapter: DbAdapter,
  table: string,
  rows: ReadonlyArray<Record<string, unknown>>,
  opts: { ignoreConflicts?: boolean; perStatement?: number } = {},
): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]);
  const per = rowsPerStatement(adapter, columns.length, opts.perStatement);
  const storers = columns.map((c) => adapter.columns.storer(table, c));
  for (let i = 0; i < rows.length; i += per) {
    const n = Math.min(per, rows.length - i);
    const params: unknown[] = new Array(n * columns.length);
    let p = 0;
    for (let r = i; r < i + n; r++) {
      const row = rows[r];
      for (let j = 0; j < columns.length; j++) {
        const v = row[columns[j]];
        const store = storers[j];
        params[p++] = store ? store(v) : v;
      }
    }
    await db.executeQuery(
      CompiledQuery.raw(insertSql(db, adapter, table, columns, n, opts.ignoreConflicts ?? false), params),
    );
  }
}

/**
 * Runs `load` with the plain (non-unique) indexes of `table` dropped, then builds them again from their stored
 * definitions: one sorted build is several times cheaper than a million random index inserts. For bulk loads
 * into a table nothing else writes meanwhile; unique indexes and keys stay, so they are still enforced.
 */
export async function withPlainIndexesDeferred<T>(
  db: Kysely<any>,
  adapter: DbAdapter,
  table: string,
  load: () => Promise<T>,
): Promise<T> {
  const defs =
    adapter.dialect === 'sqlite'
      ? (
          await sql<{
            name: string;
            def: string;
          }>`select name, sql as def from sqlite_master where type = 'index' and tbl_name = ${table} and sql is not null and sql not like 'CREATE UNIQUE%'`.execute(
            db,
          )
        ).rows
      : (
          await sql<{
            name: string;
            def: string;
          }>`select indexname as name, indexdef as def from pg_indexes where schemaname = current_schema() and tablename = ${table} and indexdef not like 'CREATE UNIQUE%'`.execute(
            db,
          )
        ).rows;
  for (const d of defs) await sql.raw(`drop index "${d.name}"`).execute(db);
  try {
    return await load();
  } finally {
    for (const d of defs) await sql.raw(d.def).execute(db);
  }
}
