/** The module list: the one place that says which domains the platform runs. Order is dependency order. */
import type { ModuleDef } from './module.ts';
import type { MigrationDef } from '../kernel/db/migrate.ts';
import { kernelMigrations } from '../kernel/db/kernel-migrations.ts';
import { accountMigrations } from '../kernel/auth/accounts.ts';
import { registryModule } from './registry/index.ts';
import { catalogModule } from './catalog/index.ts';

export const MODULES: ModuleDef[] = [registryModule, catalogModule];

/** The kernel's migrations followed by every module's, in one list. */
export function allMigrations(modules: readonly ModuleDef[] = MODULES): MigrationDef[] {
  return [...kernelMigrations, ...accountMigrations, ...modules.flatMap((m) => m.migrations)];
}
