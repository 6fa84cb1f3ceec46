import { Alert, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { HotlineApi, type RecordHotline } from '../api.ts';

export function HotlinePage() {
  const i18n = useI18n();
  const { t } = i18n;
  const records = useQuery({ queryKey: ['hotline.records'], queryFn: ({ signal }) => HotlineApi.records(signal) });
  const columns: TableColumnsType<RecordHotline> = [
    { title: t('hotline.title'), dataIndex: 'title', key: 'title' },
    {
      title: t('hotline.status'),
      dataIndex: 'status',
      key: 'status',
      render: (s: RecordHotline['status']) => (
        <Tag color={s === 'open' ? 'processing' : 'default'}>
          {t(s === 'open' ? 'hotline.status.open' : 'hotline.status.closed')}
        </Tag>
      ),
    },
    {
      title: t('hotline.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      render: (v: string) => new Date(v).toLocaleString(i18n.lang),
    },
  ];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('hotline.heading')}
      </Typography.Title>
      {records.error && <Alert type="error" showIcon title={errorText(records.error, i18n)} />}
      <Table<RecordHotline>
        rowKey="id"
        columns={columns}
        dataSource={records.data?.items ?? []}
        loading={records.isFetching}
        locale={{ emptyText: t('hotline.empty') }}
        pagination={false}
        aria-label={t('hotline.tableCaption')}
      />
    </Space>
  );
}
