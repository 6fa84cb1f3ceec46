/**
 * Every difference between SQLite and PostgreSQL, named once. Code elsewhere asks the adapter
 * (`adapter.supportsSkipLocked`) instead of testing the dialect.
 *
 * Instants are stored the same way on both: ISO-8601 UTC text from `Date.toISOString()` (fixed width, so text
 * order is time order, and the bytes a digest sees are identical on both databases).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { KERNEL_COLUMNS, StoredColumns } from './columns.ts';

export type DialectName = 'sqlite' | 'postgres';

/**
 * A full-text index over one column of pre-segmented text: tokens separated by single spaces, each token lowercase
 * letters and digits (any script) plus `_`, `-` and `^`. Tokens match exactly: no stemming, parser or stop words.
 */
export interface FullTextIndex {
  table: string;
  /** The table's integer primary key; matches come back in its order. */
  key: string;
  column: string;
}

/** Every group of `all` must match (a group matches when any of its tokens occurs); rows where every group of `not` matches are left out. */
export interface FullTextQuery {
  all: string[][];
  not?: string[][];
}

export interface DbAdapter {
  dialect: DialectName;
  /** `SELECT … FOR UPDATE SKIP LOCKED` exists (PostgreSQL). SQLite has one writer at a time instead. */
  supportsSkipLocked: boolean;
  /** Row locks with `FOR UPDATE` exist (PostgreSQL); on SQLite the write transaction is the lock. */
  supportsRowLocks: boolean;
  /** Column type for text compared/sorted by bytes, which digests and canonical orders need. */
  byteOrderedText: string;
  /** Column type for JSON documents. */
  jsonType: string;
  /** Column type for booleans (SQLite stores 0/1). */
  booleanType: string;
  /** A 64-bit integer column. */
  bigintType: string;
  /** The JSON and boolean columns, converted by the plugin every handle carries (columns.ts); one per database. */
  columns: StoredColumns;
  /** Case-insensitive substring match for name search (LIKE on SQLite is already case-insensitive for ASCII). */
  containsInsensitive(column: string, needle: string): RawBuilder<boolean>;
  /**
   * Creates a full-text index, `<table>_fts`, kept by triggers on `table`. SQLite: an FTS5 external-content table
   * (unicode61, which leaves such tokens as they are). PostgreSQL: a side table (key, tsv) with a GIN index, tsv =
   * array_to_tsvector(tokens) — not to_tsvector, whose parser would split `r_410105` and depends on lc_ctype.
   */
  createFullTextIndex(db: Kysely<any>, ix: FullTextIndex): Promise<void>;
  dropFullTextIndex(db: Kysely<any>, ix: FullTextIndex): Promise<void>;
  /**
   * Compacts the index after bulk changes (SQLite: FTS5 'optimize' merges its segments into one, which makes lookups
   * several times faster than the segments a bulk load leaves; PostgreSQL: flushes GIN's pending list).
   */
  optimizeFullTextIndex(db: Kysely<any>, ix: FullTextIndex): Promise<void>;
  /**
   * `select <key> as key` of the rows matching `q`, ascending, after `after`, at most `limit` — answered from the
   * index, never a table scan. SQLite walks the FTS5 doclists in rowid order and stops at `limit`; PostgreSQL
   * intersects GIN posting lists (fast scan skips through a frequent token's list), then reads and sorts every match
   * — so on PostgreSQL the cost grows with the number of matches, and callers should keep each query narrow.
   */
  fullTextKeys(
    ix: FullTextIndex,
    q: FullTextQuery,
    page: { after: number | null; limit: number },
  ): RawBuilder<{ key: number }>;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

const sqliteAdapter: Omit<DbAdapter, 'columns'> = {
  dialect: 'sqlite',
  supportsSkipLocked: false,
  supportsRowLocks: false,
  byteOrderedText: 'text', // SQLite's default BINARY collation compares bytes
  jsonType: 'text',
  booleanType: 'integer',
  bigintType: 'integer',
  containsInsensitive: (column, needle) =>
    sql<boolean>`${sql.ref(column)} like ${'%' + escapeLike(needle) + '%'} escape '\\'`,
  createFullTextIndex: (db, ix) => sqliteFullText.create(db, ix),
  dropFullTextIndex: (db, ix) => sqliteFullText.drop(db, ix),
  optimizeFullTextIndex: (db, ix) => sqliteFullText.optimize(db, ix),
  fullTextKeys: (ix, q, page) => sqliteFullText.keys(ix, q, page),
};

const postgresAdapter: Omit<DbAdapter, 'columns'> = {
  dialect: 'postgres',
  supportsSkipLocked: true,
  supportsRowLocks: true,
  byteOrderedText: 'text collate "C"',
  jsonType: 'jsonb',
  booleanType: 'boolean',
  bigintType: 'bigint',
  containsInsensitive: (column, needle) =>
    sql<boolean>`${sql.ref(column)} ilike ${'%' + escapeLike(needle) + '%'} escape '\\'`,
  createFullTextIndex: (db, ix) => postgresFullText.create(db, ix),
  dropFullTextIndex: (db, ix) => postgresFullText.drop(db, ix),
  optimizeFullTextIndex: (db, ix) => postgresFullText.optimize(db, ix),
  fullTextKeys: (ix, q, page) => postgresFullText.keys(ix, q, page),
};

/** A full-text query as one expression: `(g1) AND (g2) … NOT ((n1) AND …)` in each dialect's syntax. */
function fullTextExpression(
  q: FullTextQuery,
  quote: (t: string) => string,
  ops: { and: string; or: string; not: (e: string) => string },
): string {
  if (!q.all.length || [...q.all, ...(q.not ?? [])].some((g) => !g.length))
    throw new Error('full-text query: empty group');
  const conj = (groups: string[][]) => groups.map((g) => `(${g.map(quote).join(ops.or)})`).join(ops.and);
  return q.not?.length ? `(${conj(q.all)})${ops.not(`(${conj(q.not)})`)}` : conj(q.all);
}

const sqliteFullText = {
  async create(db: Kysely<any>, { table, key, column }: FullTextIndex): Promise<void> {
    const fts = `${table}_fts`;
    await sql
      .raw(
        `create virtual table "${fts}" using fts5("${column}", content='${table}', content_rowid='${key}', tokenize="unicode61 remove_diacritics 0 tokenchars '_-^'")`,
      )
      .execute(db);
    const del = `insert into "${fts}"("${fts}", rowid, "${column}") values ('delete', old."${key}", old."${column}");`;
    const ins = `insert into "${fts}"(rowid, "${column}") values (new."${key}", new."${column}");`;
    await sql.raw(`create trigger "${fts}_ai" after insert on "${table}" begin ${ins} end`).execute(db);
    await sql.raw(`create trigger "${fts}_ad" after delete on "${table}" begin ${del} end`).execute(db);
    await sql.raw(`create trigger "${fts}_au" after update on "${table}" begin ${del} ${ins} end`).execute(db);
  },
  async drop(db: Kysely<any>, { table }: FullTextIndex): Promise<void> {
    for (const t of ['ai', 'ad', 'au']) await sql.raw(`drop trigger if exists "${table}_fts_${t}"`).execute(db);
    await sql.raw(`drop table if exists "${table}_fts"`).execute(db);
  },
  async optimize(db: Kysely<any>, { table }: FullTextIndex): Promise<void> {
    await sql.raw(`insert into "${table}_fts"("${table}_fts") values ('optimize')`).execute(db);
  },
  keys(
    { table }: FullTextIndex,
    q: FullTextQuery,
    page: { after: number | null; limit: number },
  ): RawBuilder<{ key: number }> {
    const fts = sql.id(`${table}_fts`);
    const expr = fullTextExpression(q, (t) => `"${t.replace(/"/g, '""')}"`, {
      and: ' AND ',
      or: ' OR ',
      not: (e) => ` NOT ${e}`,
    });
    const after = page.after === null ? sql`` : sql` and rowid > ${page.after}`;
    return sql<{
      key: number;
    }>`select rowid as key from ${fts} where ${fts} match ${expr}${after} order by rowid limit ${page.limit}`;
  },
};

const postgresFullText = {
  async create(db: Kysely<any>, { table, key, column }: FullTextIndex): Promise<void> {
    const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0].s;
    const fts = `"${schema}"."${table}_fts"`;
    // A narrow side table (key, tsvector): a search reads its heap rows, not the wide indexed table's.
    await sql.raw(`create table ${fts} (key bigint primary key, tsv tsvector not null)`).execute(db);
    await sql.raw(`create index "${table}_fts_gin" on ${fts} using gin (tsv)`).execute(db);
    await sql
      .raw(
        `create function "${schema}"."${table}_fts_sync"() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then delete from ${fts} where key = old."${key}"; end if;
        if tg_op in ('INSERT', 'UPDATE') then
          insert into ${fts} (key, tsv) values (new."${key}", array_to_tsvector(string_to_array(new."${column}", ' ')));
        end if;
        return null;
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger "${table}_fts_sync" after insert or update or delete on "${table}" for each row execute function "${schema}"."${table}_fts_sync"()`,
      )
      .execute(db);
  },
  async drop(db: Kysely<any>, { table }: FullTextIndex): Promise<void> {
    await sql.raw(`drop trigger if exists "${table}_fts_sync" on "${table}"`).execute(db);
    await sql.raw(`drop function if exists "${table}_fts_sync"()`).execute(db);
    await sql.raw(`drop table if exists "${table}_fts"`).execute(db);
  },
  async optimize(db: Kysely<any>, { table }: FullTextIndex): Promise<void> {
    await sql.raw(`select gin_clean_pending_list('"${table}_fts_gin"'::regclass)`).execute(db);
  },
  keys(
    { table }: FullTextIndex,
    q: FullTextQuery,
    page: { after: number | null; limit: number },
  ): RawBuilder<{ key: number }> {
    const expr = fullTextExpression(q, (t) => `'${t.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`, {
      and: ' & ',
      or: ' | ',
      not: (e) => ` & !${e}`,
    });
    // The materialized CTE keeps the planner from walking the primary key in order and filtering every row against
    // the tsvector (cheap on paper under a LIMIT, a full scan — seconds at 100 000 rows — when the matches are few).
    const after = page.after === null ? sql`` : sql` where key > ${page.after}`;
    const matches = sql`select key from ${sql.table(`${table}_fts`)} where tsv @@ ${expr}::tsquery`;
    return sql<{
      key: number;
    }>`(with m as materialized (${matches}) select key from m${after} order by key limit ${page.limit})`;
  },
};

/** The adapter for one database: the dialect's differences and its own column declarations (the kernel's first). */
export function adapterFor(dialect: DialectName): DbAdapter {
  const columns = new StoredColumns(dialect).declare(KERNEL_COLUMNS);
  return { ...(dialect === 'sqlite' ? sqliteAdapter : postgresAdapter), columns };
}

/** Whether a driver error is a unique-key violation (PostgreSQL SQLSTATE 23505; SQLite's UNIQUE / PRIMARY KEY constraint). */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return (
    err?.code === '23505' ||
    err?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    /UNIQUE constraint/.test(err?.message ?? '')
  );
}
