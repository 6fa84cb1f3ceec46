/**
 * Certificates granted to the caller's department (用证授权): the grants in force, and using one — the certificate's
 * face and a fresh verification. Each use is logged and shown to the holder, which the page says before the click.
 */
import { useState } from 'react';
import { Alert, Button, Descriptions, Modal, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { CertificatesApi, type Grant, type GrantedUse } from '../api.ts';
import { dateOf, StatusTag } from './parts.tsx';

export function GrantedPage() {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const list = useQuery({
    queryKey: ['certificates.granted'],
    queryFn: ({ signal }) => CertificatesApi.granted(signal),
  });
  const [used, setUsed] = useState<GrantedUse | null>(null);
  const [error, setError] = useState<unknown>(null);
  const use = async (g: Grant) => {
    setError(null);
    try {
      setUsed(await CertificatesApi.useGranted(g.id));
    } catch (e) {
      setError(e);
    }
  };
  const v = used?.verification;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('certificates.granted.heading')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('certificates.granted.explain')}</Typography.Paragraph>
      {list.error && <Alert type="error" showIcon title={errorText(list.error, i18n)} />}
      {error !== null && <Alert type="error" showIcon title={errorText(error, i18n)} />}
      <Table<Grant>
        rowKey="id"
        dataSource={list.data ?? []}
        loading={list.isFetching}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('certificates.grants.empty') }}
        aria-label={t('certificates.granted.heading')}
        columns={[
          { title: t('certificates.type'), key: 'type', render: (_, g) => g.certificate.typeName },
          { title: t('certificates.number'), key: 'number', render: (_, g) => g.certificate.number },
          {
            title: t('certificates.grants.case'),
            key: 'case',
            render: (_, g) => g.grantee.caseNumber ?? t('certificates.uses.noCase'),
          },
          { title: t('certificates.grants.purpose'), dataIndex: 'purpose', key: 'purpose' },
          {
            title: t('certificates.grants.validUntil'),
            key: 'until',
            render: (_, g) => new Date(g.validUntil).toLocaleDateString(lang, { timeZone: 'Asia/Shanghai' }),
          },
          {
            title: t('certificates.actions'),
            key: 'actions',
            render: (_, g) => (
              <Button size="small" onClick={() => void use(g)} data-testid="granted-use">
                {t('certificates.granted.use')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={used !== null}
        title={used?.certificate.type.name}
        onCancel={() => setUsed(null)}
        footer={null}
        width={640}
      >
        {v && (
          <Alert
            type={v.valid ? 'success' : 'error'}
            showIcon
            title={t(v.valid ? 'certificates.verify.valid' : 'certificates.verify.invalid')}
            description={lang === 'zh-CN' ? v.message.zh : v.message.en}
            style={{ marginBottom: 16 }}
          />
        )}
        {used && (
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('certificates.number')}>{used.certificate.number}</Descriptions.Item>
            <Descriptions.Item label={t('certificates.holder')}>{used.certificate.holder.name}</Descriptions.Item>
            <Descriptions.Item label={t('certificates.issuer')}>{used.certificate.department.name}</Descriptions.Item>
            <Descriptions.Item label={t('certificates.validUntil')}>
              {dateOf(used.certificate.validUntil, i18n)}
            </Descriptions.Item>
            <Descriptions.Item label={t('certificates.status')}>
              <StatusTag status={used.certificate.status} t={t} />
              {used.certificate.illustrative && <Tag>{t('certificates.illustrative')}</Tag>}
            </Descriptions.Item>
          </Descriptions>
        )}
      </Modal>
    </Space>
  );
}
