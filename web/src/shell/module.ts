/**
 * What a module contributes to the web UI: its strings and its routes. A route declares the permission
 * (`<module>:<verb>`) a caller needs to open it; the shell builds the router, the menu and the guards from these.
 */
import type { ComponentType } from 'react';
import type { Messages, MsgKey } from './i18n.ts';

/** What every page component receives from the shell. */
export interface PageProps {
  /** Path parameters (`$id` → `params.id`), already decoded. */
  params: Record<string, string>;
  /** Whether elder mode (适老模式) is on. */
  elder: boolean;
}

export interface WebRoute {
  /** TanStack Router path, e.g. `/catalog/bundles/$id`. Existing URLs must keep working: they are printed on guides. */
  path: string;
  /** The page title (document title and, for menu entries, the menu label). */
  title: MsgKey;
  /**
   * Who may open it: `public` (everyone, signed in or not), `signIn` (the sign-in page, shown to callers who are
   * signed out), `signedIn` (any signed-in caller) or the permission a signed-in caller needs.
   */
  access: 'public' | 'signIn' | 'signedIn' | { permission: string };
  /** A menu entry for this route: `key` names it (`data-testid="menu-<key>"`), `icon` is an @ant-design/icons component; lower `order` comes first. */
  menu?: { key: string; icon: ComponentType<{ 'aria-hidden'?: boolean }>; order: number };
  /**
   * An entry on the public home (signed out, `/`), by `order`, labelled `label` (else `title`). A public page opens
   * directly; any other goes through the sign-in page and returns to it (我的办件, 我的证照 …).
   */
  portal?: { order: number; label?: MsgKey };
  /** For pages below a menu entry: the key of the entry to highlight. */
  highlight?: string;
  /** Loads the page component (pages are loaded on first use). */
  page: () => Promise<ComponentType<PageProps>>;
}

/** A card on the signed-in home page (我的办件, 待办 …): loaded on first use, shown to callers with `access`. */
export interface HomeCard {
  key: string;
  access: WebRoute['access'];
  /** Lower comes first. */
  order: number;
  card: () => Promise<ComponentType<{ elder: boolean }>>;
}

/**
 * A module's web part. Declare it with its type written out — `export const fooModule: WebModule<typeof messages> = {…}` —
 * so that `t()` keys are checked without the compiler going round in circles.
 */
export interface WebModule<M extends Messages = Messages> {
  /** The module's name, as on the server (`catalog`, `registry`). */
  id: string;
  messages: M;
  routes: readonly WebRoute[];
  /** What the module puts on the signed-in home page. */
  home?: readonly HomeCard[];
}
