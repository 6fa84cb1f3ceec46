/**
 * Permissions are declared by whoever needs them — the kernel for its own routes, each module for its own — with
 * zh/en labels and the roles that hold them by default (the pattern of Vendure's PermissionDefinition). At start-up
 * the composition root gathers every declaration into one PermissionTable; the ten roles stay in the kernel.
 *
 *   export const registryPermissions = definePermissions('registry', {
 *     read: { zh: '查阅登记信息', en: 'Read the registry', roles: STAFF_ROLES },
 *   });
 *   registryPermissions.read; // 'registry:read', typed as that literal
 */
import { ROLES, type Role } from './roles.ts';

export interface PermissionSpec {
  zh: string;
  en: string;
  /** The roles that hold this permission by default. */
  roles: readonly Role[];
}

export interface PermissionDef extends PermissionSpec {
  /** `<module>:<verb>` */
  name: string;
  module: string;
}

type Reserved = 'module' | 'list';

/** A module's permissions: each verb maps to its full `<module>:<verb>` name; `list` holds the definitions. */
export type PermissionGroup<M extends string = string, V extends string = string> = {
  readonly [P in V]: `${M}:${P}`;
} & PermissionDeclarations;

/** What the permission table reads of a group. */
export interface PermissionDeclarations {
  readonly module: string;
  readonly list: readonly PermissionDef[];
}

const VERB = /^[a-z][a-z0-9_]*$/;

/** Declares a module's permissions. Verbs are snake_case; `module` and `list` are reserved. */
export function definePermissions<const M extends string, const T extends Record<string, PermissionSpec>>(
  module: M,
  specs: T & { [K in Reserved]?: never },
): PermissionGroup<M, keyof T & string> {
  const list: PermissionDef[] = [];
  const names: Record<string, string> = {};
  for (const [verb, spec] of Object.entries(specs)) {
    if (!VERB.test(verb)) throw new Error(`permission verb ${module}:${verb} must be snake_case`);
    names[verb] = `${module}:${verb}`;
    list.push({ name: `${module}:${verb}`, module, zh: spec.zh, en: spec.en, roles: [...spec.roles] });
  }
  return Object.freeze({ ...names, module, list }) as unknown as PermissionGroup<M, keyof T & string>;
}

/** Every declared permission, and which role holds which. Built once at start-up. */
export class PermissionTable {
  readonly all: readonly PermissionDef[];
  private readonly byName = new Map<string, PermissionDef>();
  private readonly byRole = new Map<Role, Set<string>>();
  private readonly grantsCache = new Map<string, ReadonlyMap<string, Role>>();

  constructor(groups: readonly PermissionDeclarations[]) {
    for (const r of ROLES) this.byRole.set(r, new Set());
    for (const g of groups) {
      for (const def of g.list) {
        if (this.byName.has(def.name)) throw new Error(`permission ${def.name} is declared twice`);
        if (!def.name.startsWith(`${g.module}:`))
          throw new Error(`permission ${def.name} is declared outside its module ${g.module}`);
        for (const r of def.roles) {
          if (!ROLES.includes(r)) throw new Error(`permission ${def.name} names unknown role ${r}`);
          this.byRole.get(r)!.add(def.name);
        }
        this.byName.set(def.name, def);
      }
    }
    this.all = [...this.byName.values()];
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  get(name: string): PermissionDef | undefined {
    return this.byName.get(name);
  }

  /** Throws at start-up when a route or lifecycle names a permission nobody declared. */
  require(name: string, where: string): void {
    if (name !== 'public' && !this.byName.has(name))
      throw new Error(`${where} names permission ${name}, which no module declares`);
  }

  rolesHolding(name: string): Role[] {
    return ROLES.filter((r) => this.byRole.get(r)!.has(name));
  }

  /**
   * What a caller with these roles may do: each permission held, with the first of the roles that carries it
   * (the role an audit action records). Cached per role combination — there are few.
   */
  grantsOf(roles: readonly Role[]): ReadonlyMap<string, Role> {
    const key = roles.join(',');
    let grants = this.grantsCache.get(key);
    if (!grants) {
      const m = new Map<string, Role>();
      for (const r of roles) for (const p of this.byRole.get(r) ?? []) if (!m.has(p)) m.set(p, r);
      grants = m;
      this.grantsCache.set(key, grants);
    }
    return grants;
  }
}
