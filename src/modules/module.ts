/** What a domain module hands the composition root: its migrations, its routes and its demo seed. */
import type { App } from '../kernel/http.ts';
import type { Kernel } from '../kernel/kernel.ts';
import type { MigrationDef } from '../kernel/db/migrate.ts';
import type { JobHandler } from '../kernel/jobs.ts';

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
  /**
   * Resolves the `OneWindow-On-Behalf-Of` header (a USCC) for a logged-in person: the id of the legal person they may
   * act for, or null when they are not its authorized agent. The registry answers it.
   */
  resolveOnBehalfOf?(k: Kernel, accountId: string, uscc: string): Promise<string | null>;
  /** Handlers for the background jobs this module enqueues, by job kind (`<module>.<what>`). */
  jobs?(k: Kernel): Record<string, JobHandler>;
}
