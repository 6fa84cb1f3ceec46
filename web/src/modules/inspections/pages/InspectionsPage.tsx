import { Alert, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { InspectionsApi, type RecordInspections } from '../api.ts';

export function InspectionsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const records = useQuery({
    queryKey: ['inspections.records'],
    queryFn: ({ signal }) => InspectionsApi.records(signal),
  });
  const columns: TableColumnsType<RecordInspections> = [
    { title: t('inspections.title'), dataIndex: 'title', key: 'title' },
    {
      title: t('inspections.status'),
      dataIndex: 'status',
      key: 'status',
      render: (s: RecordInspections['status']) => (
        <Tag color={s === 'open' ? 'processing' : 'default'}>
          {t(s === 'open' ? 'inspections.status.open' : 'inspections.status.closed')}
        </Tag>
      ),
    },
    {
      title: t('inspections.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      render: (v: string) => new Date(v).toLocaleString(i18n.lang),
    },
  ];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('inspections.heading')}
      </Typography.Title>
      {records.error && <Alert type="error" showIcon title={errorText(records.error, i18n)} />}
      <Table<RecordInspections>
        rowKey="id"
        columns={columns}
        dataSource={records.data?.items ?? []}
        loading={records.isFetching}
        locale={{ emptyText: t('inspections.empty') }}
        pagination={false}
        aria-label={t('inspections.tableCaption')}
      />
    </Space>
  );
}
