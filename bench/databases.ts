/**
 * Cached, seeded benchmark databases. SQLite: `bench/cache/<scenario>-<scale>.sqlite`; PostgreSQL: schema
 * `bench_<scenario>_<scale>` (hyphens become underscores). A `bench_marker` table, written only after seeding
 * finished, marks a database as complete; a database without it (an interrupted seed) is wiped and seeded again.
 * `fresh` wipes regardless.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { openDb, type Db } from '../src/kernel/db/connect.ts';
import type { DialectName } from '../src/kernel/db/adapter.ts';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const CACHE_DIR = path.join(BENCH_DIR, 'cache');
export const RESULTS_DIR = path.join(BENCH_DIR, 'results');

export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface ScenarioDb {
  db: Db;
  /** True when a completed cache was found and reused. */
  cached: boolean;
  /** What seeding recorded (restored from the marker when cached). */
  info: Record<string, unknown>;
  /** When the cached database was completed (ISO), if cached. */
  completedAt: string | null;
  /** Where it lives: a file path or `postgres schema <name>`. */
  location: string;
  /** Why an existing cache was dropped and is being seeded again, if it was. */
  staleReason: string | null;
  /** Marks seeding complete (recording the migration names); call after seeding. */
  markComplete(info: Record<string, unknown>): Promise<void>;
}

export function sqliteCacheFile(scenario: string, scale: number): string {
  return path.join(CACHE_DIR, `${scenario}-${scale}.sqlite`);
}

export function pgSchemaName(scenario: string, scale: number): string {
  const name = `bench_${scenario.replace(/-/g, '_')}_${scale}`;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name))
    throw new Error(`scenario name ${scenario} does not make a valid schema name`);
  return name;
}

function removeSqlite(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}

async function withPgClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function dropPgSchema(url: string, schema: string): Promise<void> {
  await withPgClient(url, (c) => c.query(`drop schema if exists "${schema}" cascade`));
}

/** True when PostgreSQL answers at `url` within a few seconds. */
export async function pgReachable(url: string): Promise<{ ok: boolean; error?: string }> {
  try {
    await withPgClient(url, (c) => c.query('select 1'));
    return { ok: true };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

async function readMarker(
  db: Kysely<any>,
  dialect: DialectName,
  scenario: string,
  scale: number,
): Promise<{ info: Record<string, unknown>; completedAt: string } | null> {
  const exists =
    dialect === 'sqlite'
      ? await sql<{
          n: number;
        }>`select count(*) as n from sqlite_master where type = 'table' and name = 'bench_marker'`.execute(db)
      : await sql<{
          n: number;
        }>`select count(*)::int as n from information_schema.tables where table_schema = current_schema() and table_name = 'bench_marker'`.execute(
          db,
        );
  if (!Number(exists.rows[0]?.n)) return null;
  const r = await sql<{
    info: string;
    completed_at: string;
  }>`select info, completed_at from bench_marker where scenario = ${scenario} and scale = ${scale}`.execute(db);
  const row = r.rows[0];
  return row ? { info: JSON.parse(row.info) as Record<string, unknown>, completedAt: row.completed_at } : null;
}

async function hasTables(db: Kysely<any>, dialect: DialectName): Promise<boolean> {
  const r =
    dialect === 'sqlite'
      ? await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table'`.execute(db)
      : await sql<{
          n: number;
        }>`select count(*)::int as n from information_schema.tables where table_schema = current_schema()`.execute(db);
  return Number(r.rows[0]?.n) > 0;
}

/**
 * Opens (or creates) the cached database of a scenario at a scale. `migrations` are the names the app would apply
 * now; a cache seeded under another list is stale (its rows may not fit the schema, and Kysely refuses a migration
 * sorted before one already applied), so it is dropped and seeded again, and `staleReason` says why.
 */
export async function openScenarioDb(opts: {
  dialect: DialectName;
  scenario: string;
  scale: number;
  fresh: boolean;
  pgUrl: string;
  migrations: string[];
}): Promise<ScenarioDb> {
  const { dialect, scenario, scale } = opts;
  const location =
    dialect === 'sqlite' ? sqliteCacheFile(scenario, scale) : `postgres schema ${pgSchemaName(scenario, scale)}`;
  const open = async (): Promise<Db> =>
    dialect === 'sqlite'
      ? openDb({ sqliteFile: sqliteCacheFile(scenario, scale), checkpointInBackground: true }) // as the server opens it
      : openDb({ postgresUrl: opts.pgUrl, schema: pgSchemaName(scenario, scale) });
  const wipe = async () => {
    if (dialect === 'sqlite') removeSqlite(sqliteCacheFile(scenario, scale));
    else await dropPgSchema(opts.pgUrl, pgSchemaName(scenario, scale));
  };

  if (opts.fresh) await wipe();
  let db = await open();
  let marker = await readMarker(db.db as Kysely<any>, dialect, scenario, scale);
  let staleReason: string | null = null;
  if (marker) {
    const seededWith = Array.isArray(marker.info.migrations) ? (marker.info.migrations as string[]) : [];
    const added = opts.migrations.filter((m) => !seededWith.includes(m));
    const removed = seededWith.filter((m) => !opts.migrations.includes(m));
    if (added.length || removed.length) {
      staleReason = `migrations changed since it was seeded (${[...added.map((m) => `+${m}`), ...removed.map((m) => `-${m}`)].join(', ')})`;
      marker = null;
    }
  }
  if (!marker && (await hasTables(db.db as Kysely<any>, dialect))) {
    // Left over from an interrupted seed, or stale: start over.
    await db.close();
    await wipe();
    db = await open();
    marker = null;
  }
  return {
    db,
    cached: marker !== null,
    info: marker?.info ?? {},
    completedAt: marker?.completedAt ?? null,
    location,
    staleReason,
    async markComplete(info) {
      info = { ...info, migrations: opts.migrations };
      const k = db.db as Kysely<any>;
      await sql`create table if not exists bench_marker (scenario text not null, scale integer not null, completed_at text not null, info text not null, primary key (scenario, scale))`.execute(
        k,
      );
      await sql`delete from bench_marker where scenario = ${scenario} and scale = ${scale}`.execute(k);
      await sql`insert into bench_marker (scenario, scale, completed_at, info) values (${scenario}, ${scale}, ${new Date().toISOString()}, ${JSON.stringify(info)})`.execute(
        k,
      );
    },
  };
}
