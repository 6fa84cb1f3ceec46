/** The modules the platform runs (listed in list.ts), in dependency order: by migration block. */
import type { ModuleDef } from './module.ts';
import * as list from './list.ts';
import type { MigrationDef } from '../kernel/db/migrate.ts';
import { kernelMigrations } from '../kernel/db/kernel-migrations.ts';
import { accountMigrations } from '../kernel/auth/accounts.ts';

export const MODULES: ModuleDef[] = (Object.values(list) as ModuleDef[]).sort(
  (a, b) => a.migrationBlock - b.migrationBlock,
);

/** The kernel's migrations followed by every module's, in one list. */
export function allMigrations(modules: readonly ModuleDef[] = MODULES): MigrationDef[] {
  return [...kernelMigrations, ...accountMigrations, ...modules.flatMap((m) => m.migrations)];
}
