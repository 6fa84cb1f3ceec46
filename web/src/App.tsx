import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { App as AntApp, Button, ConfigProvider, Layout, Menu, Result, Spin } from 'antd';
import { ApartmentOutlined, AppstoreOutlined, AuditOutlined, BankOutlined, DatabaseOutlined, GroupOutlined, HomeOutlined, ImportOutlined, ProfileOutlined, SettingOutlined } from '@ant-design/icons';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { Api, getToken, setToken, setUnauthorizedHandler, type Meta, type Principal } from './api.ts';
import { I18nContext, htmlLang, translate, type I18n, type Lang, type MsgKey } from './i18n.ts';
import { mayOpen, navFor, routeForPath, type NavItem, type PageKey } from './nav.ts';
import { NavigateContext, useLocationPath } from './router.ts';
import { readPref, writePref } from './storage.ts';
import { themeFor } from './theme.ts';
import { AppHeader } from './components/AppHeader.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { RegistryPage } from './pages/RegistryPage.tsx';
import { ReferencePage } from './pages/ReferencePage.tsx';
import { SystemPage } from './pages/SystemPage.tsx';
import { ServicesPage } from './pages/catalog/ServicesPage.tsx';
import { GuidePage } from './pages/catalog/GuidePage.tsx';
import { CatalogListPage } from './pages/catalog/CatalogListPage.tsx';
import { ImplementationPage } from './pages/catalog/ImplementationPage.tsx';
import { ImplementationEditPage } from './pages/catalog/ImplementationEditPage.tsx';
import { CatalogReportsPage } from './pages/catalog/CatalogReportsPage.tsx';
import { CatalogImportPage } from './pages/catalog/CatalogImportPage.tsx';
import { CentersPage } from './pages/catalog/CentersPage.tsx';
import { DelegationsPage } from './pages/catalog/DelegationsPage.tsx';
import { BundlePage, BundlesPage } from './pages/catalog/BundlesPage.tsx';
import { AppLink } from './components/catalog/AppLink.tsx';

const LANG_KEY = 'ow.lang';
const ELDER_KEY = 'ow.elder';
const LOGIN_PATH = '/login';

const ICONS: Record<PageKey, React.ReactNode> = {
  home: <HomeOutlined aria-hidden />,
  registry: <DatabaseOutlined aria-hidden />,
  reference: <AppstoreOutlined aria-hidden />,
  system: <SettingOutlined aria-hidden />,
  catalog: <ProfileOutlined aria-hidden />,
  catalogReports: <AuditOutlined aria-hidden />,
  catalogImport: <ImportOutlined aria-hidden />,
  catalogCenters: <BankOutlined aria-hidden />,
  catalogDelegations: <ApartmentOutlined aria-hidden />,
  catalogBundles: <GroupOutlined aria-hidden />,
};

function initialLang(): Lang {
  const saved = readPref(LANG_KEY);
  return saved === 'en-US' || saved === 'zh-CN' ? saved : 'zh-CN';
}

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const [elder, setElderState] = useState(() => readPref(ELDER_KEY) === '1');
  const [meta, setMeta] = useState<Meta | null>(null);
  const [principal, setPrincipal] = useState<Principal | null>(null);
  const [restoring, setRestoring] = useState(() => getToken() !== null);
  const [notice, setNotice] = useState<MsgKey | null>(null);
  const [path, navigate] = useLocationPath();
  const returnTo = useRef<string | null>(null);
  const mainRef = useRef<HTMLElement | null>(null);

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
    Api.meta(c.signal)
      .then((m) => setMeta(m && typeof m === 'object' ? m : null))
      .catch(() => setMeta(null));
    return () => c.abort();
  }, []);

  // A token survives reloads in sessionStorage; check it is still good.
  useEffect(() => {
    if (!getToken()) return;
    const c = new AbortController();
    Api.session(c.signal)
      .then((r) => setPrincipal(r.principal))
      .catch((e: Error) => {
        if (e.name === 'AbortError') return;
        setToken(null);
      })
      .finally(() => {
        if (!c.signal.aborted) setRestoring(false);
      });
    return () => c.abort();
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setToken(null);
      setPrincipal(null);
      setNotice('login.sessionExpired');
    });
    return () => setUnauthorizedHandler(null);
  }, []);

  const match = routeForPath(path);
  const current = match?.route;
  const isPublic = current?.public === true;

  // Keep the URL in step with the session: /login when signed out (public pages excepted), away from /login when signed in.
  useEffect(() => {
    if (restoring) return;
    if (!principal && path !== LOGIN_PATH && !isPublic) {
      returnTo.current = path;
      navigate(LOGIN_PATH, { replace: true });
    } else if (principal && path === LOGIN_PATH) {
      const to = returnTo.current && returnTo.current !== LOGIN_PATH ? returnTo.current : '/';
      returnTo.current = null;
      navigate(to, { replace: true });
    }
  }, [principal, path, restoring, navigate, isPublic]);

  const nav = useMemo(() => (principal ? navFor(principal.roles) : []), [principal]);
  const allowed = current ? mayOpen(current, principal ? principal.roles : null) : false;

  useEffect(() => {
    const title = isPublic && current ? t(current.label) : !principal ? t('login.heading') : current ? t(current.label) : t('notFound.heading');
    document.title = `${title} · ${t('app.title')}`;
  }, [principal, current, isPublic, t]);

  const go = useCallback(
    (to: string) => {
      navigate(to);
      mainRef.current?.focus({ preventScroll: false });
    },
    [navigate],
  );

  const logout = useCallback(async () => {
    try {
      await Api.logout();
    } catch {
      /* the token is dropped locally either way */
    }
    setToken(null);
    setPrincipal(null);
    setNotice(null);
    returnTo.current = null;
    navigate(LOGIN_PATH, { replace: true });
  }, [navigate]);

  const menuItems = nav.map((n: NavItem) => ({
    key: n.key,
    icon: ICONS[n.key],
    label: t(n.label),
    'data-testid': `menu-${n.key}`,
  }));
  const menu = (mode: 'inline' | 'horizontal') => (
    <nav aria-label={t('nav.label')} data-testid="main-nav">
      <Menu
        mode={mode}
        items={menuItems}
        selectedKeys={current?.menu ? [current.menu] : []}
        onClick={({ key }) => {
          const item = nav.find((n) => n.key === key);
          if (item) go(item.path);
        }}
        style={mode === 'inline' ? { borderInlineEnd: 'none' } : undefined}
      />
    </nav>
  );

  let page: React.ReactNode;
  if (isPublic && current) {
    // 办事服务 pages are open to everyone, signed in or not.
    page = current.key === 'guide' ? <GuidePage id={match!.params.id} /> : <ServicesPage />;
  } else if (restoring) {
    page = (
      <div style={{ textAlign: 'center', padding: 48 }}>
        <Spin size="large" description={t('common.loading')} />
      </div>
    );
  } else if (!principal) {
    page = (
      <>
        <LoginPage
          meta={meta}
          notice={notice ? t(notice) : null}
          onLoggedIn={(p) => {
            setNotice(null);
            setPrincipal(p);
          }}
        />
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
      <Result
        status="404"
        title={<h1 style={{ fontSize: 'inherit', margin: 0 }}>{t('notFound.heading')}</h1>}
        extra={<Button type="primary" onClick={() => go('/')}>{t('notFound.back')}</Button>}
      />
    );
  } else if (!allowed) {
    page = (
      <Result
        status="403"
        title={<h1 style={{ fontSize: 'inherit', margin: 0 }}>{t('error.forbidden')}</h1>}
        extra={<Button type="primary" onClick={() => go('/')}>{t('notFound.back')}</Button>}
      />
    );
  } else {
    switch (current.key) {
      case 'home':
        page = <HomePage principal={principal} nav={nav} elder={elder} navigate={go} />;
        break;
      case 'registry':
        page = <RegistryPage />;
        break;
      case 'reference':
        page = <ReferencePage />;
        break;
      case 'system':
        page = <SystemPage meta={meta} />;
        break;
      case 'catalog':
        page = <CatalogListPage />;
        break;
      case 'catalogDetail':
        page = <ImplementationPage id={match!.params.id} principal={principal} elder={elder} />;
        break;
      case 'catalogEdit':
        page = <ImplementationEditPage id={match!.params.id} />;
        break;
      case 'catalogReports':
        page = <CatalogReportsPage principal={principal} />;
        break;
      case 'catalogImport':
        page = <CatalogImportPage principal={principal} />;
        break;
      case 'catalogCenters':
        page = <CentersPage principal={principal} />;
        break;
      case 'catalogDelegations':
        page = <DelegationsPage principal={principal} />;
        break;
      case 'catalogBundles':
        page = <BundlesPage />;
        break;
      case 'catalogBundle':
        page = <BundlePage key={match!.params.id} id={match!.params.id} principal={principal} />;
        break;
    }
  }

  const signedIn = !!principal && !restoring;

  return (
    <I18nContext.Provider value={i18n}>
      <NavigateContext.Provider value={go}>
      <ConfigProvider locale={lang === 'zh-CN' ? zhCN : enUS} theme={themeFor(elder)} componentSize={elder ? 'large' : 'middle'} button={{ autoInsertSpace: false }}>
        <AntApp>
          <div className={elder ? 'ow-root ow-elder' : 'ow-root'} data-testid="app-root" data-elder={elder ? 'true' : 'false'} data-lang={lang}>
            <a href="#ow-main" className="ow-skip-link">
              {t('app.skipToContent')}
            </a>
            <Layout style={{ minHeight: '100vh' }}>
              <AppHeader
                elder={elder}
                onElderChange={setElder}
                principal={signedIn ? principal : null}
                onLogout={() => void logout()}
                links={
                  <>
                    <AppLink to="/services" data-testid="header-services-link" aria-current={current?.key === 'services' ? 'page' : undefined}>
                      {t('nav.services')}
                    </AppLink>
                    {!signedIn && !restoring && path !== LOGIN_PATH && (
                      <AppLink to={LOGIN_PATH} data-testid="header-login-link">
                        {t('login.heading')}
                      </AppLink>
                    )}
                  </>
                }
              />
              {signedIn && elder && <div className="ow-topnav">{menu('horizontal')}</div>}
              <Layout hasSider={signedIn && !elder}>
                {signedIn && !elder && <div className="ow-sider">{menu('inline')}</div>}
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
      </NavigateContext.Provider>
    </I18nContext.Provider>
  );
}
