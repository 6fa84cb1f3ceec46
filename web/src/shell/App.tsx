/**
 * The shell: header, menu, language and elder mode, the session, and the guard in front of every page. Pages and
 * menus come from the modules (web/src/modules/index.ts); the menu and the guard go by the caller's permissions.
 */
import { Suspense, lazy, startTransition, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { App as AntApp, Button, ConfigProvider, Layout } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { Outlet, useMatches, useRouter, useRouterState } from '@tanstack/react-router';
import { useQueryClient } from '@tanstack/react-query';
import { SystemApi, getToken, setToken, setUnauthorizedHandler, type Meta, type Principal } from '../api/client.ts';
import { WEB_MODULES } from './modules.ts';
import { allRoutes, highlightOf, homeCardsFor, mayOpen, menuFor } from './access.ts';
import { I18nContext, htmlLang, installMessages, translate, type I18n, type Lang, type MsgKey } from './i18n.ts';
import { messages as shellMessages } from './messages.ts';
import { NavigateContext, nextFrom, setUrlReplacer } from './navigation.ts';
import { ElderContext } from './prefs.ts';
import { PageLoading, RoutePage } from './route-page.tsx';
import { SessionContext, type SessionValue } from './session.tsx';
import { LANG_KEY, readPref, writePref } from './storage.ts';
import { themeFor } from './theme.ts';
import { AppHeader } from './AppHeader.tsx';
import { PublicHome } from './PublicHome.tsx';
import { useNarrow } from './narrow.ts';
import { useFocusableScrollRegions } from './scroll-regions.ts';
import { AppLink } from '../components/AppLink.tsx';

installMessages([shellMessages, ...WEB_MODULES.map((m) => m.messages)]);

// Staff-only parts of the shell, each in its own chunk: the public pages' first screen never loads them (docs/web.md).
const StaffNav = lazy(() => import('./StaffNav.tsx'));
const ShellResult = lazy(() => import('./ShellResult.tsx'));

const ELDER_KEY = 'ow.elder';
const LOGIN_PATH = '/login';
/** Signed out, `/` is the public home (search first); signed in, the route's own home page. */
const HOME_PATH = '/';
const SIGN_IN_ROUTE = allRoutes(WEB_MODULES).find((r) => r.access === 'signIn');

function initialLang(): Lang {
  const saved = readPref(LANG_KEY);
  return saved === 'en-US' || saved === 'zh-CN' ? saved : 'zh-CN';
}

function Heading({ children }: { children: string }) {
  return <h1 style={{ fontSize: 'inherit', margin: 0 }}>{children}</h1>;
}

export function Shell() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const [elder, setElderState] = useState(() => readPref(ELDER_KEY) === '1');
  const [meta, setMeta] = useState<Meta | null>(null);
  const [principal, setPrincipal] = useState<Principal | null>(null);
  const [permissions, setPermissions] = useState<readonly string[]>([]);
  const [restoring, setRestoring] = useState(() => getToken() !== null);
  const [notice, setNotice] = useState<MsgKey | null>(null);
  const router = useRouter();
  const queryClient = useQueryClient();
  // The path and the route come from the same (resolved) match, so a guard never judges a new path by the old route.
  const matches = useMatches();
  const leaf = matches[matches.length - 1];
  const current = leaf?.staticData.webRoute;
  const path = (leaf?.pathname ?? '/').replace(/(.)\/+$/, '$1');
  const returnTo = useRef<string | null>(null);
  const narrow = useNarrow();
  useFocusableScrollRegions();
  const href = useRouterState({ select: (st) => st.location.href });
  const mainRef = useRef<HTMLElement | null>(null);
  // Counts menu and header-link picks: on a phone the drawer closes on each, even on the page already open.
  const [picks, setPicks] = useState(0);

  const i18n = useMemo<I18n>(
    () => ({
      lang,
      t: (key, vars) => translate(lang, key, vars),
      setLang: (l) => {
        setLangState(l);
        writePref(LANG_KEY, l);
      },
    }),
    [lang],
  );
  const { t } = i18n;

  const setElder = useCallback((on: boolean) => {
    setElderState(on);
    writePref(ELDER_KEY, on ? '1' : '0');
  }, []);

  useEffect(() => {
    document.documentElement.lang = htmlLang(lang);
  }, [lang]);

  // Public metadata (mode, demo accounts). Failure just means no demo list.
  useEffect(() => {
    const c = new AbortController();
    SystemApi.meta(c.signal)
      // A transition: the re-render it causes yields to the browser (the first screen is already up).
      .then((m) => startTransition(() => setMeta(m && typeof m === 'object' ? m : null)))
      .catch(() => setMeta(null));
    return () => c.abort();
  }, []);

  // A token survives reloads in sessionStorage; check it is still good.
  useEffect(() => {
    if (!getToken()) return;
    const c = new AbortController();
    SystemApi.session(c.signal)
      .then((r) => {
        setPrincipal(r.principal);
        setPermissions(r.permissions);
      })
      .catch((e: Error) => {
        if (e.name === 'AbortError') return;
        setToken(null);
      })
      .finally(() => {
        if (!c.signal.aborted) setRestoring(false);
      });
    return () => c.abort();
  }, []);

  const signOutLocally = useCallback(() => {
    setToken(null);
    setPrincipal(null);
    setPermissions([]);
    queryClient.clear();
  }, [queryClient]);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      signOutLocally();
      setNotice('login.sessionExpired');
    });
    return () => setUnauthorizedHandler(null);
  }, [signOutLocally]);

  const navigate = useCallback(
    (to: string, opts: { replace?: boolean } = {}) => {
      const here = `${window.location.pathname}${window.location.search}${window.location.hash}`;
      const u = new URL(to, window.location.origin);
      const target = `${u.pathname}${u.search}${u.hash}`;
      if (target === here) return;
      if (opts.replace) router.history.replace(target);
      else router.history.push(target);
    },
    [router],
  );

  useEffect(() => setUrlReplacer((to) => router.history.replace(to)), [router]);

  const isPublic = current?.access === 'public';

  // Keep the URL in step with the session: /login when signed out (public pages excepted), away from /login when signed in.
  useEffect(() => {
    if (restoring) return;
    if (!principal && path !== LOGIN_PATH && path !== HOME_PATH && !isPublic) {
      returnTo.current = `${window.location.pathname}${window.location.search}`;
      navigate(LOGIN_PATH, { replace: true });
    } else if (principal && path === LOGIN_PATH) {
      const to =
        returnTo.current && returnTo.current !== LOGIN_PATH
          ? returnTo.current
          : (nextFrom(window.location.search) ?? '/');
      returnTo.current = null;
      navigate(to, { replace: true });
    }
  }, [principal, path, restoring, navigate, isPublic]);

  const menu = useMemo(() => (principal ? menuFor(WEB_MODULES, permissions) : []), [principal, permissions]);
  const home = useMemo(() => (principal ? homeCardsFor(WEB_MODULES, permissions) : []), [principal, permissions]);
  const allowed = current ? mayOpen(current, principal ? permissions : null) : false;

  useEffect(() => {
    const title =
      isPublic && current
        ? t(current.title)
        : !principal
          ? t(path === HOME_PATH ? 'portal.heading' : 'login.heading')
          : current
            ? t(current.title)
            : t('notFound.heading');
    document.title = `${title} · ${t('app.title')}`;
  }, [principal, current, isPublic, t, path]);

  const go = useCallback(
    (to: string, opts?: { replace?: boolean }) => {
      navigate(to, opts);
      if (!opts?.replace) mainRef.current?.focus({ preventScroll: false });
    },
    [navigate],
  );

  const logout = useCallback(async () => {
    try {
      await SystemApi.logout();
    } catch {
      /* the token is dropped locally either way */
    }
    signOutLocally();
    setNotice(null);
    returnTo.current = null;
    navigate(LOGIN_PATH, { replace: true });
  }, [navigate, signOutLocally]);

  const session = useMemo<SessionValue>(
    () => ({
      principal,
      permissions,
      can: (p) => permissions.includes(p),
      menu,
      home,
      meta,
      notice,
      signedIn: (r) => {
        setToken(r.token);
        setNotice(null);
        setPermissions(r.permissions);
        setPrincipal(r.principal);
      },
    }),
    [principal, permissions, menu, home, meta, notice],
  );

  const selected = highlightOf(current);
  const nav = (mode: 'inline' | 'horizontal') => (
    <Suspense fallback={null}>
      <StaffNav
        mode={mode}
        menu={menu}
        selected={selected}
        onPick={(item) => {
          setPicks((n) => n + 1);
          go(item.path);
        }}
      />
    </Suspense>
  );

  const back = (
    <Button type="primary" onClick={() => go('/')}>
      {t('notFound.back')}
    </Button>
  );
  let page: React.ReactNode;
  if (isPublic) {
    // 办事服务 pages are open to everyone, signed in or not.
    page = <Outlet />;
  } else if (restoring || (principal && path === LOGIN_PATH)) {
    page = <PageLoading />;
  } else if (!principal && path === HOME_PATH) {
    page = <PublicHome />;
  } else if (!principal) {
    page = (
      <>
        {SIGN_IN_ROUTE && <RoutePage route={SIGN_IN_ROUTE} />}
        <p className="ow-login ow-login-public">
          {t('services.publicHint')}{' '}
          <AppLink to="/services" data-testid="login-services-link">
            {t('nav.services')}
          </AppLink>
        </p>
      </>
    );
  } else if (!current) {
    page = (
      <Suspense fallback={<PageLoading />}>
        <ShellResult status="404" title={<Heading>{t('notFound.heading')}</Heading>} extra={back} />
      </Suspense>
    );
  } else if (!allowed) {
    page = (
      <Suspense fallback={<PageLoading />}>
        <ShellResult status="403" title={<Heading>{t('error.forbidden')}</Heading>} extra={back} />
      </Suspense>
    );
  } else {
    page = <Outlet />;
  }

  const signedIn = !!principal && !restoring;

  return (
    <I18nContext.Provider value={i18n}>
      <NavigateContext.Provider value={go}>
        <SessionContext.Provider value={session}>
          <ElderContext.Provider value={elder}>
            <ConfigProvider
              locale={lang === 'zh-CN' ? zhCN : enUS}
              theme={themeFor(elder)}
              componentSize={elder ? 'large' : 'middle'}
              button={{ autoInsertSpace: false }}
            >
              <AntApp>
                <div
                  className={elder ? 'ow-root ow-elder' : 'ow-root'}
                  data-testid="app-root"
                  data-elder={elder ? 'true' : 'false'}
                  data-lang={lang}
                >
                  <a href="#ow-main" className="ow-skip-link">
                    {t('app.skipToContent')}
                  </a>
                  <Layout style={{ minHeight: '100vh' }}>
                    <AppHeader
                      elder={elder}
                      onElderChange={setElder}
                      principal={signedIn ? principal : null}
                      onLogout={() => void logout()}
                      narrow={narrow}
                      nav={signedIn && narrow ? nav('inline') : undefined}
                      location={`${href}#${picks}`}
                      links={
                        <>
                          <AppLink
                            to="/services"
                            data-testid="header-services-link"
                            onClick={() => setPicks((n) => n + 1)}
                            aria-current={path === '/services' ? 'page' : undefined}
                          >
                            {t('nav.services')}
                          </AppLink>
                          {!signedIn && !restoring && path !== LOGIN_PATH && (
                            <AppLink
                              to={path === '/' ? LOGIN_PATH : `${LOGIN_PATH}?next=${encodeURIComponent(href)}`}
                              data-testid="header-login-link"
                              onClick={() => setPicks((n) => n + 1)}
                            >
                              {t('login.heading')}
                            </AppLink>
                          )}
                        </>
                      }
                    />
                    {signedIn && elder && !narrow && <div className="ow-topnav">{nav('horizontal')}</div>}
                    <Layout hasSider={signedIn && !elder && !narrow}>
                      {signedIn && !elder && !narrow && <div className="ow-sider">{nav('inline')}</div>}
                      <Layout>
                        <Layout.Content id="ow-main" ref={mainRef} tabIndex={-1} className="ow-main">
                          <div className="ow-main-inner">{page}</div>
                        </Layout.Content>
                        <Layout.Footer className="ow-footer">{t('app.footer')}</Layout.Footer>
                      </Layout>
                    </Layout>
                  </Layout>
                </div>
              </AntApp>
            </ConfigProvider>
          </ElderContext.Provider>
        </SessionContext.Provider>
      </NavigateContext.Provider>
    </I18nContext.Provider>
  );
}
