/**
 * The dialect list every storage test loops over. Each test database is fresh: a temporary SQLite file, or a
 * new PostgreSQL schema (CI's server is shared) that is dropped afterwards.
 *
 * PostgreSQL is taken from ONEWINDOW_TEST_DATABASE_URL, else DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test.
 * When it is unreachable the PostgreSQL half is reported as not run — and under CI=true that is a failure.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openDb, type Db } from './connect.ts';
import type { DialectName } from './adapter.ts';

export const testPostgresUrl =
  process.env.ONEWINDOW_TEST_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

let pgReachable: Promise<boolean> | undefined;

async function probePostgres(): Promise<boolean> {
  const c = new pg.Client({ connectionString: testPostgresUrl, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

/** The dialects to test on. Throws under CI=true when PostgreSQL is unreachable. */
export async function testDialects(): Promise<DialectName[]> {
  pgReachable ??= probePostgres();
  if (await pgReachable) return ['sqlite', 'postgres'];
  const msg = `PostgreSQL at ${testPostgresUrl.replace(/\/\/[^@]*@/, '//')} is unreachable: the PostgreSQL half of the storage tests DID NOT RUN`;
  if (process.env.CI === 'true') throw new Error(msg + ' (CI=true requires it)');
  process.stderr.write(`\n*** ${msg} ***\n`);
  return ['sqlite'];
}

export interface TestDb extends Db {
  /** Removes the database (file or schema). */
  drop(): Promise<void>;
  /** How another process would open the same database (for multi-process tests). */
  env: Record<string, string>;
}

/** A fresh, empty database of the given dialect. */
export async function freshDb(dialect: DialectName): Promise<TestDb> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-test-'));
    const file = path.join(dir, 'onewindow.sqlite'); // the name the server and CLI open in ONEWINDOW_DATA_DIR
    const db = await openDb({ sqliteFile: file });
    return {
      ...db,
      env: { ONEWINDOW_DATA_DIR: dir },
      async drop() {
        await db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const db = await openDb({ postgresUrl: testPostgresUrl, schema, poolSize: 5 });
  return {
    ...db,
    env: { DATABASE_URL: testPostgresUrl, ONEWINDOW_PG_SCHEMA: schema },
    async drop() {
      await db.close();
      const c = new pg.Client({ connectionString: testPostgresUrl });
      await c.connect();
      await c.query(`drop schema if exists "${schema}" cascade`);
      await c.end();
    },
  };
}
