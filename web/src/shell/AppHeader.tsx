import { Suspense, lazy, useEffect, useState } from 'react';
import { Button, Switch, Space, Typography } from 'antd';
import { LogoutOutlined, MenuOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import { Layout } from 'antd';
import { useI18n, ROLE_NAMES } from './i18n.ts';
import type { Principal } from '../api/client.ts';

/** The phone menu's drawer: loaded the first time it is opened (not part of the first screen). */
const HeaderDrawer = lazy(() => import('./HeaderDrawer.tsx'));

export interface AppHeaderProps {
  elder: boolean;
  onElderChange: (on: boolean) => void;
  principal: Principal | null;
  onLogout: () => void;
  /** Links shown before the tools (办事服务, 登录). */
  links?: React.ReactNode;
  /** On a phone: everything folds into a menu drawer, with the navigation (`nav`) in it. */
  narrow?: boolean;
  nav?: React.ReactNode;
  /** The current location (and a count of menu picks): the drawer closes when it changes. */
  location?: string;
}

export function AppHeader({
  elder,
  onElderChange,
  principal,
  onLogout,
  links,
  narrow = false,
  nav,
  location,
}: AppHeaderProps) {
  const { lang, t, setLang } = useI18n();
  const [open, setOpen] = useState(false);
  // Whether the drawer was ever opened: until then it is neither loaded nor mounted.
  const [opened, setOpened] = useState(false);
  useEffect(() => setOpen(false), [location]);
  const other = lang === 'zh-CN' ? 'en-US' : 'zh-CN';
  const otherLabel = other === 'en-US' ? 'English' : '中文';
  const langButton = (
    <Button
      type="default"
      icon={<TranslationOutlined aria-hidden />}
      onClick={() => setLang(other)}
      data-testid="lang-switch"
      aria-label={`${t('header.language')}: ${otherLabel}`}
    >
      <span lang={other === 'en-US' ? 'en' : 'zh-CN'}>{otherLabel}</span>
    </Button>
  );
  const elderToggle = (
    <label className="ow-elder-toggle" htmlFor="ow-elder-switch">
      <Switch id="ow-elder-switch" checked={elder} onChange={onElderChange} data-testid="elder-switch" />
      <span>{t('header.elderMode')}</span>
    </label>
  );
  const user = principal && (
    <Typography.Text data-testid="current-user">
      <UserOutlined aria-hidden /> <span className="ow-visually-hidden">{t('header.user')}</span>
      {principal.name}
      {!elder && principal.roles.length > 0 && (
        <Typography.Text type="secondary">
          {' '}
          · {principal.roles.map((r) => ROLE_NAMES[lang][r] ?? r).join('、')}
        </Typography.Text>
      )}
    </Typography.Text>
  );
  const logout = principal && (
    <Button icon={<LogoutOutlined aria-hidden />} onClick={onLogout} data-testid="logout">
      {t('header.logout')}
    </Button>
  );

  if (narrow) {
    return (
      <Layout.Header className="ow-header ow-header-narrow">
        <div className="ow-brand" data-testid="app-title">
          <span>{t('app.title')}</span>
        </div>
        <Button
          className="ow-header-menu"
          icon={<MenuOutlined aria-hidden />}
          onClick={() => {
            setOpened(true);
            setOpen(true);
          }}
          aria-expanded={open}
          aria-controls="ow-header-drawer"
          data-testid="header-menu"
        >
          {t('header.menu')}
        </Button>
        {opened && (
          <Suspense fallback={null}>
            <HeaderDrawer open={open} onClose={() => setOpen(false)} title={t('header.menu')} elder={elder}>
              <div className="ow-drawer-body">
                {user}
                {links && <div className="ow-drawer-links">{links}</div>}
                {nav}
                {langButton}
                {elderToggle}
                {logout}
              </div>
            </HeaderDrawer>
          </Suspense>
        )}
      </Layout.Header>
    );
  }

  return (
    <Layout.Header className="ow-header">
      <div className="ow-brand" data-testid="app-title">
        <span>{t('app.title')}</span>
        <span className="ow-brand-sub">{t('app.subtitle')}</span>
      </div>
      <div className="ow-header-tools">
        {links && <div className="ow-header-links">{links}</div>}
        {langButton}
        {elderToggle}
        {principal && (
          <Space size="middle">
            {user}
            {logout}
          </Space>
        )}
      </div>
    </Layout.Header>
  );
}
