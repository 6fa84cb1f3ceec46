import { Suspense, lazy, type ComponentType } from 'react';
import { Button, Card, Descriptions, Space, Spin, Typography } from 'antd';
import { useI18n, ROLE_NAMES } from '../../../shell/i18n.ts';
import type { PageProps } from '../../../shell/module.ts';
import { useNavigate } from '../../../shell/navigation.ts';
import { useSignedIn } from '../../../shell/session.tsx';
import type { HomeCard } from '../../../shell/module.ts';

const cards = new Map<HomeCard, ComponentType<{ elder: boolean }>>();
/** A module's home card, loaded on first use. */
function Lazy({ card, elder }: { card: HomeCard; elder: boolean }) {
  let C = cards.get(card);
  if (!C) {
    C = lazy(() => card.card().then((c) => ({ default: c })));
    cards.set(card, C);
  }
  return (
    <Suspense fallback={<Spin />}>
      <C elder={elder} />
    </Suspense>
  );
}

export function HomePage({ elder }: PageProps) {
  const { t, lang } = useI18n();
  const { principal, menu: nav, home } = useSignedIn();
  const navigate = useNavigate();
  const none = t('home.none');
  const shortcuts = nav.filter((n) => n.key !== 'home');
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('home.welcome', { name: principal.name })}
      </Typography.Title>
      <Card>
        <Descriptions column={elder ? 1 : 2} data-testid="principal-details">
          <Descriptions.Item label={t('home.roles')}>
            {principal.roles.map((r) => ROLE_NAMES[lang][r] ?? r).join('、') || none}
          </Descriptions.Item>
          <Descriptions.Item label={t('home.kind')}>
            {principal.kind === 'staff' ? t('home.kind.staff') : t('home.kind.person')}
          </Descriptions.Item>
          <Descriptions.Item label={t('home.region')}>{principal.regionName ?? none}</Descriptions.Item>
          {principal.kind === 'staff' && (
            <Descriptions.Item label={t('home.department')}>{principal.departmentName ?? none}</Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      {home.map((c) => (
        <Lazy key={c.key} card={c} elder={!!elder} />
      ))}
      {shortcuts.length > 0 && (
        <Card
          title={
            <Typography.Title level={2} style={{ margin: 0, fontSize: '1.15em' }}>
              {t('home.shortcuts')}
            </Typography.Title>
          }
        >
          <Space wrap size="middle">
            {shortcuts.map((n) => (
              <Button key={n.key} size="large" onClick={() => navigate(n.path)} data-testid={`shortcut-${n.key}`}>
                {t(n.title)}
              </Button>
            ))}
          </Space>
        </Card>
      )}
    </Space>
  );
}
