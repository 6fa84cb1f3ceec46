import { useEffect, useState } from 'react';
import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { Api, type Meta } from '../api.ts';
import { useI18n } from '../i18n.ts';

export function SystemPage({ meta }: { meta: Meta | null }) {
  const { t } = useI18n();
  const [healthy, setHealthy] = useState<boolean | null>(null);
  useEffect(() => {
    const c = new AbortController();
    void Api.health(c.signal).then(setHealthy);
    return () => c.abort();
  }, []);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('system.heading')}
      </Typography.Title>
      <Card>
        <Descriptions column={1}>
          <Descriptions.Item label={t('system.mode')}>{meta?.mode ?? t('system.unavailable')}</Descriptions.Item>
          <Descriptions.Item label={t('system.demo')}>{meta ? (meta.demo ? t('system.yes') : t('system.no')) : t('system.unavailable')}</Descriptions.Item>
          <Descriptions.Item label={t('system.health')}>
            {healthy === null ? t('common.loading') : <Tag color={healthy ? 'green' : 'red'}>{healthy ? t('system.ok') : t('system.unavailable')}</Tag>}
          </Descriptions.Item>
        </Descriptions>
      </Card>
    </Space>
  );
}
