/**
 * The departments an administrator may manage issuer keys for: the registry's departments in the administrator's
 * jurisdiction (public organization data), each with how many active and retired keys it has — so the settings page
 * names departments, never asks for their codes.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { inJurisdiction, requirePermission, type Ctx } from '../../kernel/context.ts';
import { fullName } from '../../kernel/reference/divisions.ts';
import { listDepartments } from '../registry/index.ts';
import { certificatesPermissions as P } from './permissions.ts';

export interface IssuerDepartment {
  code: string;
  name: string;
  regionName: string;
  keys: { active: number; retired: number };
}

/** At most this many departments are listed (a province has a few thousand at most). */
const LIMIT = 5000;

export async function issuerDepartments(k: Kernel, ctx: Ctx): Promise<IssuerDepartment[]> {
  requirePermission(ctx, P.configure);
  const departments = (await listDepartments(k, { limit: LIMIT })).filter((d) => inJurisdiction(ctx, d.region));
  const counts = await k.db
    .selectFrom('certificates_issuer_keys')
    .select((eb) => ['department_code', 'status', eb.fn.countAll<number>().as('n')])
    .groupBy(['department_code', 'status'])
    .execute();
  const keys = new Map<string, { active: number; retired: number }>();
  for (const c of counts) {
    const k2 = keys.get(c.department_code) ?? { active: 0, retired: 0 };
    if (c.status === 'active') k2.active += Number(c.n);
    else k2.retired += Number(c.n);
    keys.set(c.department_code, k2);
  }
  return departments
    .map((d) => ({
      code: d.code,
      name: d.name,
      regionName: fullName(d.region) ?? '',
      keys: keys.get(d.code) ?? { active: 0, retired: 0 },
    }))
    .sort((a, b) => b.keys.active + b.keys.retired - (a.keys.active + a.keys.retired) || a.code.localeCompare(b.code));
}
