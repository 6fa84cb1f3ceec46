import { Button, Switch, Space, Typography } from 'antd';
import { LogoutOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import { Layout } from 'antd';
import { useI18n, ROLE_NAMES } from './i18n.ts';
import type { Principal } from '../api/client.ts';

export interface AppHeaderProps {
  elder: boolean;
  onElderChange: (on: boolean) => void;
  principal: Principal | null;
  onLogout: () => void;
  /** Links shown before the tools (办事服务, 登录). */
  links?: React.ReactNode;
}

export function AppHeader({ elder, onElderChange, principal, onLogout, links }: AppHeaderProps) {
  const { lang, t, setLang } = useI18n();
  const other = lang === 'zh-CN' ? 'en-US' : 'zh-CN';
  const otherLabel = other === 'en-US' ? 'English' : '中文';
  return (
    <Layout.Header className="ow-header">
      <div className="ow-brand" data-testid="app-title">
        <span>{t('app.title')}</span>
        <span className="ow-brand-sub">{t('app.subtitle')}</span>
      </div>
      <div className="ow-header-tools">
        {links && <div className="ow-header-links">{links}</div>}
        <Button
          type="default"
          icon={<TranslationOutlined aria-hidden />}
          onClick={() => setLang(other)}
          data-testid="lang-switch"
          aria-label={`${t('header.language')}: ${otherLabel}`}
        >
          <span lang={other === 'en-US' ? 'en' : 'zh-CN'}>{otherLabel}</span>
        </Button>
        <label className="ow-elder-toggle" htmlFor="ow-elder-switch">
          <Switch id="ow-elder-switch" checked={elder} onChange={onElderChange} data-testid="elder-switch" />
          <span>{t('header.elderMode')}</span>
        </label>
        {principal && (
          <Space size="middle">
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
            <Button icon={<LogoutOutlined aria-hidden />} onClick={onLogout} data-testid="logout">
              {t('header.logout')}
            </Button>
          </Space>
        )}
      </div>
    </Layout.Header>
  );
}
