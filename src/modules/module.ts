/** What a domain module hands the composition root: its migrations, its routes and its demo seed. */
import type { App } from '../server/http.ts';
import type { Kernel } from '../kernel/kernel.ts';
import type { MigrationDef } from '../kernel/db/migrate.ts';

export interface DemoSize {
  enterprises: number;
  persons: number;
}

export interface ModuleDef {
  name: string;
  migrations: MigrationDef[];
  registerRoutes?(app: App, k: Kernel): void;
  /** Adds the module's demo data; must be idempotent (a second run adds nothing it already added). */
  seedDemo?(k: Kernel, size: DemoSize): Promise<void>;
}
