/** In-app navigation for pages and links below the shell (the shell moves focus to the main region). */
import { createContext, useContext } from 'react';

export type Navigate = (to: string, opts?: { replace?: boolean }) => void;

export const NavigateContext = createContext<Navigate>((to) => {
  window.location.assign(to);
});

/** Navigates to an app URL (path, query and hash) through the router. */
export function useNavigate(): Navigate {
  return useContext(NavigateContext);
}

let replacer: (to: string) => void = (to) => window.history.replaceState(null, '', to);

/** The shell installs the router's own replace here, so that the router sees every change of URL. */
export function setUrlReplacer(fn: (to: string) => void): void {
  replacer = fn;
}

/** Rewrites the current URL in place (a search's query, the open tab): no history entry, no focus move. */
export function replaceUrl(to: string): void {
  replacer(to);
}

/** `?next=` on the sign-in page: an app path to return to after signing in (never another origin). */
export function nextFrom(search: string): string | null {
  const next = new URLSearchParams(search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}
