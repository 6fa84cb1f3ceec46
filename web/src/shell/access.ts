/**
 * Who may open what, from the caller's permissions (GET /api/v1/session → `permissions`). Never by role: a role
 * matters only through the permissions the server says it carries. The server enforces; this hides what would fail.
 */
import type { ComponentType } from 'react';
import type { MsgKey } from './i18n.ts';
import type { HomeCard, WebModule, WebRoute } from './module.ts';

export interface MenuEntry {
  key: string;
  path: string;
  title: MsgKey;
  icon: ComponentType<{ 'aria-hidden'?: boolean }>;
}

/** Every module's routes, in the order of the module list. */
export function allRoutes(modules: readonly WebModule[]): WebRoute[] {
  return modules.flatMap((m) => m.routes);
}

/** Whether a caller may open a route (or see a home card): `permissions` is null when nobody is signed in. */
export function mayOpen(route: Pick<WebRoute, 'access'>, permissions: readonly string[] | null): boolean {
  const a = route.access;
  if (a === 'public') return true;
  if (a === 'signIn') return permissions === null;
  if (permissions === null) return false;
  return a === 'signedIn' || permissions.includes(a.permission);
}

/** The menu a signed-in caller sees: the routes with a menu entry they may open, by `order`. */
export function menuFor(modules: readonly WebModule[], permissions: readonly string[]): MenuEntry[] {
  return allRoutes(modules)
    .filter((r) => r.menu && mayOpen(r, permissions))
    .sort((a, b) => a.menu!.order - b.menu!.order)
    .map((r) => ({ key: r.menu!.key, path: r.path, title: r.title, icon: r.menu!.icon }));
}

/** The menu entry a route highlights: its own, or the one it declares as `highlight`. */
export function highlightOf(route: WebRoute | undefined): string | null {
  return route?.menu?.key ?? route?.highlight ?? null;
}

/** The home cards a signed-in caller sees, by `order`. */
export function homeCardsFor(modules: readonly WebModule[], permissions: readonly string[]): HomeCard[] {
  return modules
    .flatMap((m) => m.home ?? [])
    .filter((c) => mayOpen(c, permissions))
    .sort((a, b) => a.order - b.order);
}
