/** The side menu, by role. A page is reachable only if the caller holds one of its roles. */
import type { MsgKey } from './i18n.ts';

export type PageKey = 'home' | 'registry' | 'reference' | 'system';

export interface NavItem {
  key: PageKey;
  path: string;
  label: MsgKey;
  /** Roles that see the item; null means everyone signed in. */
  roles: readonly string[] | null;
}

/** Staff roles that may read the enterprise & person registry (permission registry:read). */
const REGISTRY_ROLES = ['window_clerk', 'reviewer', 'approver', 'department_lead', 'inspector', 'hotline_operator', 'supervisor', 'discipline_inspector', 'admin'];

export const NAV: readonly NavItem[] = [
  { key: 'home', path: '/', label: 'nav.home', roles: null },
  { key: 'registry', path: '/registry', label: 'nav.registry', roles: REGISTRY_ROLES },
  { key: 'reference', path: '/reference', label: 'nav.reference', roles: ['admin'] },
  { key: 'system', path: '/system', label: 'nav.system', roles: ['admin'] },
];

export function navFor(roles: readonly string[]): NavItem[] {
  return NAV.filter((n) => n.roles === null || n.roles.some((r) => roles.includes(r)));
}

export function pageForPath(path: string): NavItem | undefined {
  const p = path.replace(/\/+$/, '') || '/';
  return NAV.find((n) => n.path === p);
}
