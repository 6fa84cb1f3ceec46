/**
 * The dialect list every storage test loops over. Each test database is fresh and its own:
 * - `freshDb` is empty: a temporary SQLite file, or a new PostgreSQL database;
 * - `migratedDb` has every given migration applied. The migrations run once per dialect into a template (a SQLite
 *   file; a PostgreSQL database marked as template), which is then copied per test: `cp` of the file, or
 *   `CREATE DATABASE … TEMPLATE`. Templates are keyed by a hash of the migrations (names and code) and shared by
 *   every test process of one `npm test` run (scripts/test.mjs names the run in ONEWINDOW_TEST_RUN and removes its
 *   templates and any database left behind at the end); a file run on its own keeps them for its process only.
 *
 * PostgreSQL is taken from ONEWINDOW_TEST_DATABASE_URL, else DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test.
 * When it is unreachable the PostgreSQL half is reported as not run — and under CI=true that is a failure.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { openDb, type Db } from './connect.ts';
import { migrateToLatest, type MigrationDef } from './migrate.ts';
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

/**
 * The dialects to test on. ONEWINDOW_TEST_DIALECTS=sqlite (set by `npm run test:unit`) leaves PostgreSQL out on
 * purpose. Throws under CI=true when PostgreSQL is unreachable or left out.
 */
export async function testDialects(): Promise<DialectName[]> {
  if (process.env.ONEWINDOW_TEST_DIALECTS === 'sqlite') {
    if (process.env.CI === 'true')
      throw new Error('ONEWINDOW_TEST_DIALECTS=sqlite leaves PostgreSQL out, which CI=true does not allow');
    return ['sqlite'];
  }
  pgReachable ??= probePostgres();
  if (await pgReachable) return ['sqlite', 'postgres'];
  const msg = `PostgreSQL at ${testPostgresUrl.replace(/\/\/[^@]*@/, '//')} is unreachable: the PostgreSQL half of the storage tests DID NOT RUN`;
  if (process.env.CI === 'true') throw new Error(msg + ' (CI=true requires it)');
  process.stderr.write(`\n*** ${msg} ***\n`);
  return ['sqlite'];
}

export interface TestDb extends Db {
  /** Removes the database (its file, or the PostgreSQL database). */
  drop(): Promise<void>;
  /** How another process would open the same database (for multi-process tests). */
  env: Record<string, string>;
}

/** A fresh, empty database of the given dialect. */
export async function freshDb(dialect: DialectName): Promise<TestDb> {
  if (dialect === 'sqlite') return sqliteDbIn(fs.mkdtempSync(path.join(os.tmpdir(), 'ow-test-')));
  return postgresDbFrom(null);
}

/**
 * A fresh database of the given dialect with `migrations` applied, copied from a template that is migrated once:
 * as fresh as `freshDb` followed by `migrateToLatest`, for a fraction of the time.
 */
export async function migratedDb(dialect: DialectName, migrations: MigrationDef[]): Promise<TestDb> {
  const key = migrationsKey(dialect, migrations);
  if (dialect === 'sqlite') {
    const template = await sqliteTemplate(key, migrations);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-test-'));
    fs.copyFileSync(template, path.join(dir, SQLITE_FILE));
    return sqliteDbIn(dir);
  }
  return postgresDbFrom(await postgresTemplate(key, migrations));
}

/**
 * A new PostgreSQL database of its own, a copy of `template` or empty. A database rather than a schema: Kysely's
 * migrator lists every schema of its database, which fails when another test drops one at that moment.
 */
async function postgresDbFrom(template: string | null): Promise<TestDb> {
  const name = `ow_${RUN}_${randomBytes(6).toString('hex')}`;
  await createDatabase(name, template);
  const url = databaseUrl(name);
  const db = await openDb({ postgresUrl: url, poolSize: 5 });
  return {
    ...db,
    env: { DATABASE_URL: url, ONEWINDOW_PG_SCHEMA: '' },
    async drop() {
      await db.close();
      await withAdmin(async (c) => {
        // A plain DROP waits a few seconds for connections that are closing (the pool's sockets end after close()
        // returns), where FORCE would kill them mid-close and fail the test with an error event. FORCE only if a
        // child process of the test still holds a connection after that.
        await c.query(`drop database if exists "${name}"`).catch(async (e: { code?: string }) => {
          if (e.code !== '55006') throw e; // object_in_use
          await c.query(`drop database if exists "${name}" with (force)`);
        });
      });
    },
  };
}

let likeTestDb: Promise<string> | undefined;

/** CREATE DATABASE, from `template` or else from template0 with the encoding and locale of the test database. */
async function createDatabase(name: string, template: string | null): Promise<void> {
  likeTestDb ??= withAdmin(async (c) => {
    const r = (
      await c.query(
        'select pg_encoding_to_char(encoding) as e, datcollate, datctype from pg_database where datname = current_database()',
      )
    ).rows[0];
    return `template template0 encoding ${c.escapeLiteral(r.e)} lc_collate ${c.escapeLiteral(r.datcollate)} lc_ctype ${c.escapeLiteral(r.datctype)}`;
  });
  const from = template ? `template "${template}"` : await likeTestDb;
  await withAdmin((c) => c.query(`create database "${name}" ${from}`));
}

const SQLITE_FILE = 'onewindow.sqlite'; // the name the server and CLI open in ONEWINDOW_DATA_DIR

async function sqliteDbIn(dir: string): Promise<TestDb> {
  const db = await openDb({ sqliteFile: path.join(dir, SQLITE_FILE) });
  return {
    ...db,
    env: { ONEWINDOW_DATA_DIR: dir },
    async drop() {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Names this run's databases: scripts/test.mjs sets it for all its test processes; else this process. */
const RUN = /^[a-z0-9]{1,16}$/.test(process.env.ONEWINDOW_TEST_RUN ?? '')
  ? process.env.ONEWINDOW_TEST_RUN!
  : `p${process.pid}`;
const SHARED_RUN = RUN === process.env.ONEWINDOW_TEST_RUN;

function migrationsKey(dialect: DialectName, migrations: MigrationDef[]): string {
  const h = createHash('sha256').update(dialect);
  for (const m of migrations) h.update(`\0${m.name}\0${m.up.toString()}\0${m.down.toString()}`);
  return h.digest('hex').slice(0, 16);
}

const templates = new Map<string, Promise<string>>();

function once(key: string, build: () => Promise<string>): Promise<string> {
  let p = templates.get(key);
  if (!p) {
    p = build();
    templates.set(key, p);
    p.catch(() => templates.delete(key));
  }
  return p;
}

/** The migrated template file; several processes may build it at once, and each renames a complete file into place. */
function sqliteTemplate(key: string, migrations: MigrationDef[]): Promise<string> {
  return once(key, async () => {
    const dir = path.join(os.tmpdir(), `ow-templates-${RUN}`);
    fs.mkdirSync(dir, { recursive: true });
    if (!SHARED_RUN) process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, `${key}.sqlite`);
    if (fs.existsSync(file)) return file;
    const building = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    const db = await openDb({ sqliteFile: building });
    try {
      await migrateToLatest(db.db, db.adapter, migrations);
      await sql`pragma journal_mode = delete`.execute(db.db); // one self-contained file to copy
    } finally {
      await db.close();
    }
    fs.renameSync(building, file);
    return file;
  });
}

/**
 * The migrated template database, built by the first process of the run that needs it (an advisory lock makes the
 * others wait) and marked IS_TEMPLATE and closed to connections once complete, so copies of it can be made at once.
 */
function postgresTemplate(key: string, migrations: MigrationDef[]): Promise<string> {
  return once(key, async () => {
    const name = `ow_${RUN}_tpl_${key}`;
    await withAdmin(async (c) => {
      await c.query('select pg_advisory_lock(hashtext($1))', [name]);
      try {
        const row = (await c.query('select datistemplate from pg_database where datname = $1', [name])).rows[0];
        if (row?.datistemplate) return;
        if (row) await c.query(`drop database "${name}" with (force)`); // left half-built by a process that died
        await createDatabase(name, null);
        const db = await openDb({ postgresUrl: databaseUrl(name), poolSize: 1 });
        try {
          await migrateToLatest(db.db, db.adapter, migrations);
        } finally {
          await db.close();
        }
        await c.query(`alter database "${name}" with is_template true allow_connections false`);
      } finally {
        await c.query('select pg_advisory_unlock(hashtext($1))', [name]);
      }
    });
    if (!SHARED_RUN) dropAtExit(name);
    return name;
  });
}

/** A process running alone removes its templates when its work is done. */
function dropAtExit(template: string): void {
  let dropping = false;
  process.on('beforeExit', () => {
    if (dropping) return;
    dropping = true;
    void dropTestDatabases(testPostgresUrl, [template]).catch(() => {});
  });
}

/** Drops the named databases (templates included), ending their connections. */
async function dropTestDatabases(url: string, names: string[]): Promise<void> {
  if (!names.length) return;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const name of names) {
      await c.query(`alter database "${name}" with is_template false allow_connections true`).catch(() => {});
      await c.query(`drop database if exists "${name}" with (force)`);
    }
  } finally {
    await c.end();
  }
}

function databaseUrl(name: string): string {
  const u = new URL(testPostgresUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: testPostgresUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
