/**
 * 我的数据使用记录: for the data subject (a person, or the enterprise they act for), every read of shared data about
 * them — when, from which source, what, for which case and department, and why.
 */
import { Alert, Table, Typography, type TableColumnsType } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useLoad } from '../../../api/use-load.ts';
import { AppLink } from '../../../components/AppLink.tsx';
import { CasesApi, type DataRead } from '../api.ts';

export function DataReads() {
  const i18n = useI18n();
  const { t } = i18n;
  const reads = useLoad(['cases.dataReads'], (signal) => CasesApi.dataReads(signal));
  const columns: TableColumnsType<DataRead> = [
    {
      title: t('cases.dataReads.at'),
      key: 'at',
      render: (_, r) => new Date(r.at).toLocaleString(i18n.lang, { timeZone: 'Asia/Shanghai' }),
    },
    {
      title: t('cases.dataReads.reader'),
      key: 'reader',
      render: (_, r) =>
        r.reader.kind === 'staff'
          ? t('cases.dataReads.reader.staff', { name: r.reader.name })
          : t('cases.dataReads.reader.applicant', { name: r.reader.name }),
    },
    { title: t('cases.dataReads.source'), key: 'source', render: (_, r) => `${r.source}·${r.dataSource}` },
    { title: t('cases.dataReads.fields'), dataIndex: 'fields', key: 'fields' },
    {
      title: t('cases.number'),
      key: 'case',
      render: (_, r) => <AppLink to={`/cases/${r.caseId}`}>{r.caseNumber}</AppLink>,
    },
    { title: t('cases.dataReads.department'), dataIndex: 'department', key: 'department' },
    { title: t('cases.dataReads.purpose'), dataIndex: 'purpose', key: 'purpose' },
  ];
  return (
    <section data-testid="data-reads">
      <Typography.Title level={2}>{t('cases.dataReads')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('cases.dataReads.hint')}</Typography.Paragraph>
      {!!reads.error && <Alert type="error" showIcon title={errorText(reads.error, i18n)} />}
      <Table<DataRead>
        rowKey={(r) => `${r.at}|${r.caseId}|${r.dataSource}|${r.reader.name}`}
        size="small"
        columns={columns}
        dataSource={reads.data?.items ?? []}
        loading={reads.loading}
        locale={{ emptyText: t('cases.dataReads.none') }}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
    </section>
  );
}
