/**
 * Every difference between SQLite and PostgreSQL, named once. Code elsewhere asks the adapter
 * (`adapter.supportsSkipLocked`) instead of testing the dialect.
 *
 * Instants are stored the same way on both: ISO-8601 UTC text from `Date.toISOString()` (fixed width, so text
 * order is time order, and the bytes a digest sees are identical on both databases).
 */
import { sql, type RawBuilder } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

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
  /** Serializes a JSON value for a json column (SQLite stores text). */
  toJson(value: unknown): unknown;
  /** Reads a json column value back. */
  fromJson<T>(value: unknown): T;
  /** Serializes a boolean for a boolean column. */
  toBool(value: boolean): unknown;
  fromBool(value: unknown): boolean;
  /** Case-insensitive substring match for name search (LIKE on SQLite is already case-insensitive for ASCII). */
  containsInsensitive(column: string, needle: string): RawBuilder<boolean>;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

export const sqliteAdapter: DbAdapter = {
  dialect: 'sqlite',
  supportsSkipLocked: false,
  supportsRowLocks: false,
  byteOrderedText: 'text', // SQLite's default BINARY collation compares bytes
  jsonType: 'text',
  booleanType: 'integer',
  bigintType: 'integer',
  toJson: (v) => JSON.stringify(v),
  fromJson: <T>(v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T)),
  toBool: (v) => (v ? 1 : 0),
  fromBool: (v) => v === 1 || v === true,
  containsInsensitive: (column, needle) =>
    sql<boolean>`${sql.ref(column)} like ${'%' + escapeLike(needle) + '%'} escape '\\'`,
};

export const postgresAdapter: DbAdapter = {
  dialect: 'postgres',
  supportsSkipLocked: true,
  supportsRowLocks: true,
  byteOrderedText: 'text collate "C"',
  jsonType: 'jsonb',
  booleanType: 'boolean',
  bigintType: 'bigint',
  toJson: (v) => JSON.stringify(v), // pg sends it as text; the column casts to jsonb
  fromJson: <T>(v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T)),
  toBool: (v) => v,
  fromBool: (v) => v === true,
  containsInsensitive: (column, needle) =>
    sql<boolean>`${sql.ref(column)} ilike ${'%' + escapeLike(needle) + '%'} escape '\\'`,
};

export function adapterFor(dialect: DialectName): DbAdapter {
  return dialect === 'sqlite' ? sqliteAdapter : postgresAdapter;
}
