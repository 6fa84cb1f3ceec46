/**
 * The route tree, built with TanStack Router from every module's routes (web/src/modules/index.ts). Search
 * parameters are kept as plain strings (`?q=…&region=…`), exactly as printed on guides and typed by people.
 */
import { createRootRoute, createRoute, createRouter } from '@tanstack/react-router';
import { WEB_MODULES } from './modules.ts';
import { allRoutes } from './access.ts';
import type { WebRoute } from './module.ts';
import { Shell } from './App.tsx';
import { RoutePage } from './route-page.tsx';

declare module '@tanstack/react-router' {
  interface StaticDataRouteOption {
    /** The module's declaration of this route (absent on the not-found route). */
    webRoute?: WebRoute;
  }
}

function parseSearch(search: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(search));
}

function stringifySearch(search: Record<string, unknown>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(search)) if (v !== undefined && v !== null) p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

const rootRoute = createRootRoute({ component: Shell });

const moduleRoutes = allRoutes(WEB_MODULES).map((r) =>
  createRoute({
    getParentRoute: () => rootRoute,
    path: r.path,
    staticData: { webRoute: r },
    component: () => <RoutePage route={r} />,
  }),
);
/** Anything else: the shell shows "not found" (to a signed-in caller; others are asked to sign in first). */
const notFoundRoute = createRoute({ getParentRoute: () => rootRoute, path: '$', component: () => null });

export const router = createRouter({
  routeTree: rootRoute.addChildren([...moduleRoutes, notFoundRoute]),
  parseSearch,
  stringifySearch,
});
