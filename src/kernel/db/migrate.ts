/**
 * One migration set for both databases. Each module lists its migrations as `{ name, up, down }`; names start
 * with a sortable prefix (`0001_kernel_…`, `0100_registry_…`) because Kysely's Migrator runs them in name order,
 * under its own lock table, so several processes starting at once migrate only once.
 */
import { Migrator, sql, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import type { DbAdapter } from './adapter.ts';
import type { Database } from './types.ts';

export interface MigrationDef {
  name: string;
  up(db: Kysely<any>, adapter: DbAdapter): Promise<void>;
  down(db: Kysely<any>, adapter: DbAdapter): Promise<void>;
}

async function migrator(db: Kysely<Database>, adapter: DbAdapter, defs: MigrationDef[]): Promise<Migrator> {
  const names = new Set<string>();
  for (const d of defs) {
    if (names.has(d.name)) throw new Error(`duplicate migration name ${d.name}`);
    names.add(d.name);
  }
  const migrations: Record<string, Migration> = {};
  for (const d of defs) {
    migrations[d.name] = { up: (k) => d.up(k, adapter), down: (k) => d.down(k, adapter) };
  }
  // On PostgreSQL, name the current schema: otherwise Kysely finds another schema's migration tables (tests and
  // benchmarks share one database) and skips creating its own.
  const schema =
    adapter.dialect === 'postgres'
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
      : undefined;
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'ow_migration',
    migrationLockTableName: 'ow_migration_lock',
    migrationTableSchema: schema,
    // Each module numbers its own migrations (kernel 0001…, registry 0100…), so a new kernel migration may sort
    // before one a database already ran; it is applied then rather than refusing the database.
    allowUnorderedMigrations: true,
  });
}

function check(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const err = result.error instanceof Error ? result.error : new Error(String(result.error));
    err.message = `migration ${failed?.migrationName ?? '?'} failed: ${err.message}`;
    throw err;
  }
  return (result.results ?? []).map((r) => `${r.direction} ${r.migrationName}`);
}

/** Applies every pending migration; returns what ran. */
export async function migrateToLatest(
  db: Kysely<Database>,
  adapter: DbAdapter,
  defs: MigrationDef[],
): Promise<string[]> {
  return check(await (await migrator(db, adapter, defs)).migrateToLatest());
}

/** Undoes the last `steps` migrations (used by tests and by `onewindow migrate --down`). */
export async function migrateDown(
  db: Kysely<Database>,
  adapter: DbAdapter,
  defs: MigrationDef[],
  steps = 1,
): Promise<string[]> {
  const m = await migrator(db, adapter, defs);
  const ran: string[] = [];
  for (let i = 0; i < steps; i++) ran.push(...check(await m.migrateDown()));
  return ran;
}

/** Names of migrations not yet applied (readiness reports them). */
export async function pendingMigrations(
  db: Kysely<Database>,
  adapter: DbAdapter,
  defs: MigrationDef[],
): Promise<string[]> {
  const all = await (await migrator(db, adapter, defs)).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}
