/**
 * Gathers what the modules declare — permissions, events, lifecycles, migration blocks, subscribers — and checks
 * it once at start-up, so a mistake in a declaration stops the server before it serves anything.
 */
import type { ModuleDef } from '../modules/module.ts';
import { PermissionTable } from '../kernel/auth/permissions.ts';
import { KERNEL_PERMISSION_GROUPS } from '../kernel/auth/kernel-permissions.ts';
import { EventRegistry } from '../kernel/events.ts';
import { KERNEL_EVENTS } from '../kernel/kernel-events.ts';
import { checkLifecycle } from '../kernel/lifecycle.ts';
import { kernelMigrations } from '../kernel/db/kernel-migrations.ts';
import { accountMigrations } from '../kernel/auth/accounts.ts';
import type { MigrationDef } from '../kernel/db/migrate.ts';
export { allMigrations } from '../modules/index.ts';

const MODULE_NAME = /^[a-z][a-z0-9_]*$/;

export interface Gathered {
  permissions: PermissionTable;
  events: EventRegistry;
}

/** Builds the permission table and event registry from the kernel's and the modules' declarations, and checks them. */
export function gatherModules(modules: readonly ModuleDef[]): Gathered {
  const names = new Set<string>();
  const blocks = new Map<number, string>([[0, 'kernel']]);
  for (const m of modules) {
    if (!MODULE_NAME.test(m.name) || m.name === 'kernel' || names.has(m.name))
      throw new Error(`module name ${m.name} is invalid or taken`);
    names.add(m.name);
    if (!Number.isInteger(m.migrationBlock) || m.migrationBlock < 1 || m.migrationBlock > 99)
      throw new Error(`module ${m.name}: migrationBlock must be 1–99`);
    if (blocks.has(m.migrationBlock))
      throw new Error(`module ${m.name}: migration block ${m.migrationBlock} is ${blocks.get(m.migrationBlock)}'s`);
    blocks.set(m.migrationBlock, m.name);
    for (const mig of m.migrations) checkMigrationName(mig, m.migrationBlock, m.name);
    if (m.permissions && m.permissions.module !== m.name)
      throw new Error(`module ${m.name} declares permissions of ${m.permissions.module}`);
    if (m.events && m.events.module !== m.name)
      throw new Error(`module ${m.name} declares events of ${m.events.module}`);
  }
  for (const mig of [...kernelMigrations, ...accountMigrations]) checkMigrationName(mig, 0, 'kernel');
  const permissions = new PermissionTable([
    ...KERNEL_PERMISSION_GROUPS,
    ...modules.flatMap((m) => (m.permissions ? [m.permissions] : [])),
  ]);
  const events = new EventRegistry([KERNEL_EVENTS, ...modules.flatMap((m) => (m.events ? [m.events] : []))]);
  for (const m of modules) {
    for (const l of m.lifecycles ?? []) {
      if (!l.def.subjectType.startsWith(`${m.name}.`))
        throw new Error(`module ${m.name}: lifecycle ${l.def.subjectType} must be named ${m.name}.<subject>`);
      checkLifecycle(l, permissions, events);
    }
  }
  const subscribers = new Set<string>();
  for (const m of modules) {
    for (const s of m.subscribers ?? []) {
      if (!s.name.startsWith(`${m.name}.`) || subscribers.has(s.name))
        throw new Error(`subscriber ${s.name} must be named ${m.name}.<what> and be unique`);
      subscribers.add(s.name);
      for (const e of s.events)
        if (!e.endsWith('*') && !events.has(e))
          throw new Error(`subscriber ${s.name} listens to undeclared event ${e}`);
    }
  }
  return { permissions, events };
}

function checkMigrationName(mig: MigrationDef, block: number, owner: string): void {
  const m = /^(\d{4})_([a-z][a-z0-9_]*)$/.exec(mig.name);
  if (!m || Math.floor(Number(m[1]) / 100) !== block || !m[2].startsWith(`${owner}_`)) {
    throw new Error(
      `migration ${mig.name} must be named ${String(block).padStart(2, '0')}NN_${owner}_<what> (block ${block} is ${owner}'s)`,
    );
  }
}
