/** The side menu, by role. A page is reachable only if the caller holds one of its roles. */
import type { MsgKey } from './i18n.ts';
import { matchPath } from './router.ts';

export type PageKey = 'home' | 'registry' | 'catalog' | 'catalogReports' | 'catalogImport' | 'catalogCenters' | 'catalogDelegations' | 'catalogBundles' | 'reference' | 'system';

export interface NavItem {
  key: PageKey;
  path: string;
  label: MsgKey;
  /** Roles that see the item; null means everyone signed in. */
  roles: readonly string[] | null;
}

/** Staff roles that may read the enterprise & person registry (permission registry:read). */
const REGISTRY_ROLES = ['window_clerk', 'reviewer', 'approver', 'department_lead', 'inspector', 'hotline_operator', 'supervisor', 'discipline_inspector', 'admin'];
/** Staff roles with catalog:read (all staff) and catalog:edit (docs/catalog.md § API). */
const CATALOG_ROLES = REGISTRY_ROLES;
const CATALOG_EDIT_ROLES = ['reviewer', 'department_lead', 'admin'];

export const NAV: readonly NavItem[] = [
  { key: 'home', path: '/', label: 'nav.home', roles: null },
  { key: 'registry', path: '/registry', label: 'nav.registry', roles: REGISTRY_ROLES },
  { key: 'catalog', path: '/catalog', label: 'nav.catalog', roles: CATALOG_ROLES },
  { key: 'catalogReports', path: '/catalog/reports', label: 'nav.catalogReports', roles: CATALOG_ROLES },
  { key: 'catalogImport', path: '/catalog/import', label: 'nav.catalogImport', roles: CATALOG_ROLES },
  { key: 'catalogCenters', path: '/catalog/centers', label: 'nav.catalogCenters', roles: CATALOG_ROLES },
  { key: 'catalogDelegations', path: '/catalog/delegations', label: 'nav.catalogDelegations', roles: CATALOG_ROLES },
  { key: 'catalogBundles', path: '/catalog/bundles', label: 'nav.catalogBundles', roles: CATALOG_ROLES },
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

/**
 * Every page, the menu's and the others: public pages (办事服务 search and guides, linked from the header and the
 * login page — not menu entries, so an applicant's menu stays as it was) and detail pages, which highlight `menu`.
 */
export type RouteKey = PageKey | 'services' | 'guide' | 'catalogDetail' | 'catalogEdit' | 'catalogBundle';

export interface RouteDef {
  key: RouteKey;
  pattern: string;
  label: MsgKey;
  roles: readonly string[] | null;
  /** Open without signing in (办事服务: search and guides). */
  public: boolean;
  /** The menu entry highlighted on this page, if any. */
  menu: PageKey | null;
}

export const ROUTES: readonly RouteDef[] = [
  ...NAV.map((n) => ({ key: n.key, pattern: n.path, label: n.label, roles: n.roles, public: false, menu: n.key })),
  { key: 'services', pattern: '/services', label: 'nav.services', roles: null, public: true, menu: null },
  { key: 'guide', pattern: '/guide/:id', label: 'nav.guide', roles: null, public: true, menu: null },
  { key: 'catalogDetail', pattern: '/catalog/implementations/:id', label: 'nav.catalogDetail', roles: CATALOG_ROLES, public: false, menu: 'catalog' },
  { key: 'catalogEdit', pattern: '/catalog/implementations/:id/edit', label: 'nav.catalogEdit', roles: CATALOG_EDIT_ROLES, public: false, menu: 'catalog' },
  { key: 'catalogBundle', pattern: '/catalog/bundles/:id', label: 'nav.catalogBundle', roles: CATALOG_ROLES, public: false, menu: 'catalogBundles' },
];

export function routeForPath(path: string): { route: RouteDef; params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, path);
    if (params) return { route, params };
  }
  return undefined;
}

/** Whether signed-in `roles` (null: not signed in) may open the route. */
export function mayOpen(route: RouteDef, roles: readonly string[] | null): boolean {
  if (route.public) return true;
  if (!roles) return false;
  return route.roles === null || route.roles.some((r) => roles.includes(r));
}
