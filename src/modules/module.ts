/**
 * What a domain module hands the composition root. A module declares itself here — its permissions (with the
 * roles that hold them), its migrations in its own numbered block, its routes, lifecycles, events, subscribers,
 * jobs, demo data and demo accounts — and `src/modules/index.ts` lists it. Nothing outside the module's folder
 * names its details; `checkModules` validates the declarations at start-up. See docs/adding-a-module.md.
 */
import type { App } from '../kernel/http.ts';
import type { Kernel } from '../kernel/kernel.ts';
import type { MigrationDef } from '../kernel/db/migrate.ts';
import type { StoredColumnKinds } from '../kernel/db/columns.ts';
import type { JobHandler } from '../kernel/jobs.ts';
import type { PermissionDeclarations } from '../kernel/auth/permissions.ts';
import type { EventCatalog } from '../kernel/events.ts';
import type { Subscriber } from '../kernel/subscribers.ts';
import type { AnyLifecycle } from '../kernel/lifecycle.ts';
import type { Role } from '../kernel/auth/roles.ts';
import type { Ctx } from '../kernel/context.ts';

export interface DemoSize {
  enterprises: number;
  persons: number;
}

/** A demo account a module needs (created by its seed; listed on the login page in demo mode only). */
export interface DemoAccount {
  username: string;
  name: string;
  roles: Role[];
  region: string | null;
  department: string | null;
  kind: 'staff' | 'person';
}

/** A stored record that no longer matches what was signed or sealed for it (`onewindow audit verify`). */
export interface StoredProblem {
  subjectType: string;
  subjectId: string;
  kind: 'altered';
  detail: string;
}

/** A module's check of its stored records against their signatures or the audit chain: how many, what is wrong. */
export interface StoredCheck {
  checked: Record<string, number>;
  problems: StoredProblem[];
}

/**
 * A public page of the web UI whose first paint the server draws (docs/web.md, "Phone load"): at `path` (Fastify's
 * syntax, the web route's URL) the server answers the web shell with `render`'s markup inside #root, so a phone paints
 * the page's content before any JavaScript runs; the page's own render replaces it. `render` gets the anonymous
 * caller's context and answers escaped HTML, or null to send the plain shell (an unknown id, nothing public to show).
 */
export interface PageFirstPaint {
  path: string;
  render(k: Kernel, ctx: Ctx, params: Record<string, string>, query: Record<string, unknown>): Promise<string | null>;
}

export interface ModuleDef {
  /** snake_case; the prefix of its permissions (`<name>:<verb>`), events (`<name>.…`), tables and subject types. */
  name: string;
  /**
   * The module's block of migration numbers: block 2 owns 0200–0299. Names are `NNNN_<module>_<what>`; the kernel
   * owns block 0. Blocks are unique across modules.
   */
  migrationBlock: number;
  migrations: MigrationDef[];
  /** Its tables' JSON and boolean columns, by name: converted by the database plugin (src/kernel/db/columns.ts). */
  columns?: StoredColumnKinds;
  permissions?: PermissionDeclarations;
  /** The module's events: names `<module>.<subject>.<past tense>` with payload schemas (checked when written). */
  events?: EventCatalog;
  /** In-process reactions to events (this module's or others'), delivered at least once by the outbox dispatcher. */
  subscribers?: Subscriber[];
  /** The module's lifecycles (state machines), validated at start-up and drawn in its docs. */
  lifecycles?: AnyLifecycle[];
  registerRoutes?(app: App, k: Kernel): void;
  /** Public web pages whose first paint the server draws from the module's data (served only with the web UI). */
  pageFirstPaints?: PageFirstPaint[];
  /** Adds the module's demo data; must be idempotent (a second run adds nothing it already added). */
  seedDemo?(k: Kernel, size: DemoSize): Promise<void>;
  demoAccounts?: DemoAccount[];
  /**
   * Resolves the `OneWindow-On-Behalf-Of` header (a USCC) for a logged-in person: the id of the legal person they may
   * act for, or null when they are not its authorized agent. The registry answers it.
   */
  resolveOnBehalfOf?(k: Kernel, accountId: string, uscc: string): Promise<string | null>;
  /** A department's name by its code, for screens that name a staff member's department (the registry answers it). */
  departmentName?(k: Kernel, code: string): Promise<string | null>;
  /** Handlers for the background jobs this module enqueues, by job kind (`<module>.<what>`). */
  jobs?(k: Kernel): Record<string, JobHandler>;
  /**
   * Checks records the module keeps beside the chain (a signed certificate, a sealed draw record) against their
   * signature or the digest the chain sealed; `onewindow audit verify` runs it and exits 3 on a problem.
   */
  verifyStored?(k: Kernel): Promise<StoredCheck>;
}
