/** An applicant's own cases, or a staff member's queue (the cases in their jurisdiction), with deadline lights. */
import { Alert, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useSignedIn } from '../../../shell/session.tsx';
import { useLoad } from '../../../api/use-load.ts';
import { AppLink } from '../../../components/AppLink.tsx';
import { CasesApi, type CaseView } from '../api.ts';
import { ActiveDeadline, STATUS_COLORS } from './light.tsx';
import { DataReads } from './DataReads.tsx';

export function CasesPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { can, principal } = useSignedIn();
  const staff = can('cases:accept') || can('cases:review') || can('cases:decide') || !can('cases:withdraw');
  const cases = useLoad(['cases.list'], (signal) => CasesApi.list(signal));
  const columns: TableColumnsType<CaseView> = [
    {
      title: t('cases.number'),
      dataIndex: 'number',
      key: 'number',
      render: (n: string, c) => <AppLink to={`/cases/${c.id}`}>{n}</AppLink>,
    },
    { title: t('cases.item'), key: 'item', render: (_, c) => c.item.name },
    ...(staff
      ? [{ title: t('cases.applicant'), key: 'applicant', render: (_: unknown, c: CaseView) => c.applicant.name }]
      : []),
    { title: t('cases.department'), key: 'department', render: (_, c) => c.department.name },
    {
      title: t('cases.status'),
      dataIndex: 'status',
      key: 'status',
      render: (s: CaseView['status']) => <Tag color={STATUS_COLORS[s]}>{t(`cases.status.${s}`)}</Tag>,
    },
    { title: t('cases.deadline'), key: 'deadline', render: (_, c) => <ActiveDeadline c={c} /> },
    {
      title: t('cases.submittedAt'),
      dataIndex: 'submittedAt',
      key: 'submittedAt',
      render: (v: string) => new Date(v).toLocaleString(i18n.lang),
    },
  ];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t(staff ? 'cases.heading.queue' : 'cases.heading.mine')}
      </Typography.Title>
      {can('cases:file') && (
        <AppLink to="/services" data-testid="cases-apply-link">
          {t('cases.apply.new')}
        </AppLink>
      )}
      {!!cases.error && <Alert type="error" showIcon title={errorText(cases.error, i18n)} />}
      <Table<CaseView>
        rowKey="id"
        columns={columns}
        dataSource={cases.data?.items ?? []}
        loading={cases.loading}
        locale={{ emptyText: t('cases.empty') }}
        pagination={false}
        scroll={{ x: 'max-content' }}
        aria-label={t('cases.tableCaption')}
      />
      {principal.kind !== 'staff' && <DataReads />}
    </Space>
  );
}
