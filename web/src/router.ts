/** A tiny history-API router: the server falls back to index.html for every non-API path. */
import { createContext, useCallback, useContext, useEffect, useState } from 'react';

/** The current pathname (without query or hash) and a navigate function; `to` may carry a query string. */
export function useLocationPath(): [string, (to: string, opts?: { replace?: boolean }) => void] {
  const [path, setPath] = useState(() => window.location.pathname);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((to: string, opts: { replace?: boolean } = {}) => {
    const u = new URL(to, window.location.origin);
    const target = `${u.pathname}${u.search}${u.hash}`;
    if (target === `${window.location.pathname}${window.location.search}${window.location.hash}`) return;
    if (opts.replace) window.history.replaceState(null, '', target);
    else window.history.pushState(null, '', target);
    setPath(u.pathname);
  }, []);
  return [path, navigate];
}

/** Matches `/guide/:id` against a path; returns the decoded parameters, or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const p = path.replace(/\/+$/, '') || '/';
  const a = pattern.split('/');
  const b = p.split('/');
  if (a.length !== b.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    if (a[i].startsWith(':')) {
      if (!b[i]) return null;
      try {
        params[a[i].slice(1)] = decodeURIComponent(b[i]);
      } catch {
        return null;
      }
    } else if (a[i] !== b[i]) return null;
  }
  return params;
}

/** In-app navigation for pages and links below the shell (it also moves focus to the main region). */
export const NavigateContext = createContext<(to: string, opts?: { replace?: boolean }) => void>((to) => {
  window.location.assign(to);
});

export function useNavigate(): (to: string, opts?: { replace?: boolean }) => void {
  return useContext(NavigateContext);
}
