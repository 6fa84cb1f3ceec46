/**
 * `/` for someone not signed in: search 办事服务 first (the query and region go to /services in the URL), a few
 * common searches, and 登录 as a link — the sign-in page is reached from here or the header, never forced.
 */
import { Suspense, lazy, useState } from 'react';
import { Button, Input, Space, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useI18n, type MsgKey } from './i18n.ts';
import { useNavigate } from './navigation.ts';
import { AppLink } from '../components/AppLink.tsx';
import { readPref, writePref } from './storage.ts';
import { WEB_MODULES } from './modules.ts';
import { allRoutes } from './access.ts';

const REGION_KEY = 'ow.region';
/**
 * The region picker (antd's Cascader and the division look-ups) comes in its own chunk after the first paint: the
 * first screen waits only for the heading and the search box. Until it arrives a read-only box of the same size holds
 * its place (no layout shift), labelled by the same <label>.
 */
const RegionCascader = lazy(() =>
  import('../components/RegionCascader.tsx').then((m) => ({ default: m.RegionCascader })),
);
/** The entries the modules put on the public home (我的办件, 我的证照, 12345 …), by their order. */
const ENTRIES = allRoutes(WEB_MODULES)
  .filter((r) => r.portal && !r.path.includes('$'))
  .sort((a, b) => a.portal!.order - b.portal!.order);

const COMMON: MsgKey[] = ['portal.common.licence', 'portal.common.food', 'portal.common.birth', 'portal.common.house'];

function servicesUrl(q: string, region: string | null): string {
  const p = new URLSearchParams();
  if (q.trim()) p.set('q', q.trim());
  if (region) p.set('region', region);
  const s = p.toString();
  return `/services${s ? `?${s}` : ''}`;
}

export function PublicHome() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const saved = readPref(REGION_KEY);
  const [region, setRegion] = useState<string | null>(saved && /^\d{6}$/.test(saved) ? saved : null);
  return (
    <div className="ow-portal-home" data-testid="public-home">
      <Typography.Title level={1} data-testid="page-title">
        {t('portal.heading')}
      </Typography.Title>
      <Typography.Paragraph className="ow-portal-intro">{t('portal.intro')}</Typography.Paragraph>
      <form
        role="search"
        aria-label={t('portal.searchLabel')}
        className="ow-portal-search"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(servicesUrl(q, region));
        }}
        data-testid="home-search-form"
      >
        <label htmlFor="ow-home-q" className="ow-portal-label">
          {t('portal.searchLabel')}
        </label>
        <Input
          id="ow-home-q"
          size="large"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t('portal.searchPlaceholder')}
          maxLength={100}
          data-testid="home-q"
        />
        <label htmlFor="ow-home-region" className="ow-portal-label">
          {t('portal.regionLabel')}
        </label>
        <Suspense fallback={<Input id="ow-home-region" readOnly style={{ width: '100%' }} />}>
          <RegionCascader
            id="ow-home-region"
            value={region}
            onChange={(r) => {
              setRegion(r);
              writePref(REGION_KEY, r ?? '');
            }}
            testId="home-region"
            style={{ width: '100%' }}
          />
        </Suspense>
        <Button type="primary" size="large" htmlType="submit" icon={<SearchOutlined aria-hidden />} block>
          {t('portal.search')}
        </Button>
      </form>
      <Typography.Title level={2} className="ow-portal-h2">
        {t('portal.common')}
      </Typography.Title>
      <Space wrap size="middle">
        {COMMON.map((k) => (
          <AppLink key={k} to={servicesUrl(t(k), region)} className="ow-portal-chip" data-testid="home-common">
            {t(k)}
          </AppLink>
        ))}
      </Space>
      {ENTRIES.length > 0 && (
        <>
          <Typography.Title level={2} className="ow-portal-h2">
            {t('portal.entries')}
          </Typography.Title>
          <ul className="ow-portal-entries" data-testid="home-entries">
            {ENTRIES.map((r) => {
              const open = r.access === 'public';
              return (
                <li key={r.path}>
                  <AppLink
                    to={open ? r.path : `/login?next=${encodeURIComponent(r.path)}`}
                    data-testid="home-entry"
                    data-path={r.path}
                  >
                    {t(r.portal!.label ?? r.title)}
                  </AppLink>
                  {!open && <span className="ow-portal-entry-note">{t('portal.entrySignIn')}</span>}
                </li>
              );
            })}
          </ul>
        </>
      )}
      <Typography.Paragraph className="ow-portal-links">
        <AppLink to={servicesUrl('', region)} data-testid="home-browse">
          {t('portal.browse')}
        </AppLink>
        {' · '}
        <AppLink to="/login" data-testid="home-login">
          {t('portal.login')}
        </AppLink>
      </Typography.Paragraph>
    </div>
  );
}
