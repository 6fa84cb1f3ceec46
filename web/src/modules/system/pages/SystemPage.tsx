import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useLoad } from '../../../api/use-load.ts';
import { useSession } from '../../../shell/session.tsx';
import { healthy as healthz } from '../api.ts';
import { useI18n } from '../../../shell/i18n.ts';

export function SystemPage() {
  const { t } = useI18n();
  const { meta } = useSession();
  const healthy = useLoad(['system.health'], healthz).data;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('system.heading')}
      </Typography.Title>
      <Card>
        <Descriptions column={1}>
          <Descriptions.Item label={t('system.mode')}>
            {meta?.mode === 'development' || meta?.mode === 'production' || meta?.mode === 'test'
              ? t(`system.mode.${meta.mode}`)
              : t('system.unavailable')}
          </Descriptions.Item>
          <Descriptions.Item label={t('system.demo')}>
            {meta ? (meta.demo ? t('system.yes') : t('system.no')) : t('system.unavailable')}
          </Descriptions.Item>
          <Descriptions.Item label={t('system.health')}>
            {healthy === null ? (
              t('common.loading')
            ) : (
              <Tag color={healthy ? 'success' : 'error'}>{healthy ? t('system.ok') : t('system.unavailable')}</Tag>
            )}
          </Descriptions.Item>
        </Descriptions>
      </Card>
    </Space>
  );
}
