/** The signed-in caller as pages see it: principal, effective permissions and the menu they allow. */
import { createContext, useContext } from 'react';
import type { Meta, Principal } from '../api/client.ts';
import type { MenuEntry } from './access.ts';
import type { MsgKey } from './i18n.ts';
import type { HomeCard } from './module.ts';

export interface SessionValue {
  principal: Principal | null;
  /** The caller's effective permissions, as the server computed them (empty when signed out). */
  permissions: readonly string[];
  can: (permission: string) => boolean;
  menu: readonly MenuEntry[];
  /** The home-page cards the caller may see (modules' `home`), in order. */
  home: readonly HomeCard[];
  meta: Meta | null;
  /** Why the caller is on the sign-in page (an expired session), if there is a reason. */
  notice: MsgKey | null;
  /** Called by the sign-in page with the login response. */
  signedIn: (r: { token: string; principal: Principal; permissions: string[] }) => void;
}

export const SessionContext = createContext<SessionValue>({
  principal: null,
  permissions: [],
  can: () => false,
  menu: [],
  home: [],
  meta: null,
  notice: null,
  signedIn: () => undefined,
});

export function useSession(): SessionValue {
  return useContext(SessionContext);
}

/** The session of a page that is only shown to a signed-in caller (the shell guarantees it). */
export function useSignedIn(): SessionValue & { principal: Principal } {
  const s = useContext(SessionContext);
  if (!s.principal) throw new Error('useSignedIn() on a page shown without a signed-in caller');
  return s as SessionValue & { principal: Principal };
}
