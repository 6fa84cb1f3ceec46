/**
 * Builds a Kernel from configuration: opens the database, migrates it, loads the personal-data key and the
 * calendar. `npm start`, the CLI, tests and benchmarks all come through here.
 */
import path from 'node:path';
import pino from 'pino';
import { loadConfig, type Config } from '../kernel/config.ts';
import { openDb, type Db } from '../kernel/db/connect.ts';
import { migrateToLatest } from '../kernel/db/migrate.ts';
import { PersonalDataCipher, loadMasterKey } from '../kernel/crypto.ts';
import { CalendarService } from '../kernel/calendar-service.ts';
import { systemClock, type Clock } from '../kernel/calendar/index.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { MODULES } from '../modules/index.ts';
import type { ModuleDef } from '../modules/module.ts';
import { gatherModules } from './modules.ts';
import { allMigrations } from '../modules/index.ts';
import { AuditLog } from '../kernel/audit-log.ts';
import { REDACT_PATHS } from './logging.ts';

export interface BootOptions {
  config?: Config;
  clock?: Clock;
  /** An already-open database (tests pass a fresh one). */
  db?: Db;
  migrate?: boolean;
  /** The modules to run (default: the module list). */
  modules?: readonly ModuleDef[];
}

export function sqliteFileOf(config: Config): string {
  return path.join(config.dataDir, 'onewindow.sqlite');
}

export async function openConfiguredDb(config: Config): Promise<Db> {
  return config.databaseUrl
    ? openDb({ postgresUrl: config.databaseUrl, schema: config.pgSchema ?? undefined })
    : openDb({ sqliteFile: sqliteFileOf(config), checkpointInBackground: true });
}

export async function createKernel(opts: BootOptions = {}): Promise<Kernel & { close(): Promise<void> }> {
  const config = opts.config ?? loadConfig();
  const modules = opts.modules ?? MODULES;
  const { permissions, events } = gatherModules(modules);
  const log = pino({ level: config.logLevel, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
  const db = opts.db ?? (await openConfiguredDb(config));
  for (const m of modules) db.adapter.columns.declare(m.columns);
  if (opts.migrate !== false) {
    const ran = await migrateToLatest(db.db, db.adapter, allMigrations(modules));
    if (ran.length) log.info({ migrations: ran }, 'migrated');
  }
  const audit = new AuditLog(db.adapter, events, config.auditHash);
  const calendar = new CalendarService(db.db, db.adapter, audit);
  await calendar.init();
  return {
    config,
    db: db.db,
    adapter: db.adapter,
    clock: opts.clock ?? systemClock,
    cipher: new PersonalDataCipher(loadMasterKey(config)),
    calendar,
    log,
    permissions,
    events,
    audit,
    close: () => db.close(),
  };
}
