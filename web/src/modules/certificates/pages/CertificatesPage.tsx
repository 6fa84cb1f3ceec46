import { Alert, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { CertificatesApi, type RecordCertificates } from '../api.ts';

export function CertificatesPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const records = useQuery({
    queryKey: ['certificates.records'],
    queryFn: ({ signal }) => CertificatesApi.records(signal),
  });
  const columns: TableColumnsType<RecordCertificates> = [
    { title: t('certificates.title'), dataIndex: 'title', key: 'title' },
    {
      title: t('certificates.status'),
      dataIndex: 'status',
      key: 'status',
      render: (s: RecordCertificates['status']) => (
        <Tag color={s === 'open' ? 'processing' : 'default'}>
          {t(s === 'open' ? 'certificates.status.open' : 'certificates.status.closed')}
        </Tag>
      ),
    },
    {
      title: t('certificates.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      render: (v: string) => new Date(v).toLocaleString(i18n.lang),
    },
  ];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('certificates.heading')}
      </Typography.Title>
      {records.error && <Alert type="error" showIcon title={errorText(records.error, i18n)} />}
      <Table<RecordCertificates>
        rowKey="id"
        columns={columns}
        dataSource={records.data?.items ?? []}
        loading={records.isFetching}
        locale={{ emptyText: t('certificates.empty') }}
        pagination={false}
        aria-label={t('certificates.tableCaption')}
      />
    </Space>
  );
}
