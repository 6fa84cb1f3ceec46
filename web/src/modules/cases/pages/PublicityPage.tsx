/** 双公示 (public, no login): published licensing decisions, newest first, by region and department, page by page. */
import { useState } from 'react';
import { Alert, Button, Form, Input, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { AppLink } from '../../../components/AppLink.tsx';
import { useLoad } from '../../../api/use-load.ts';
import { useSession } from '../../../shell/session.tsx';
import { NoticesApi, type PendingPublication, type Publication } from '../api.ts';

interface Filter {
  region?: string;
  department?: string;
}

/** Staff only: what is still waiting, with the overdue ones marked, so a stalled job shows before anything is late. */
function Pending() {
  const i18n = useI18n();
  const { t } = i18n;
  const pending = useLoad(['cases.publicity.pending'], (signal) => NoticesApi.pendingPublications(signal));
  if (!pending.data?.items.length) return null;
  const columns: TableColumnsType<PendingPublication> = [
    {
      title: t('cases.number'),
      key: 'caseNumber',
      render: (_, p) => <AppLink to={`/cases/${p.caseId}`}>{p.caseNumber}</AppLink>,
    },
    { title: t('cases.item'), dataIndex: 'item', key: 'item' },
    { title: t('cases.department'), key: 'department', render: (_, p) => p.department.name },
    {
      title: t('cases.publicity.dueDate'),
      key: 'dueDate',
      render: (_, p) => (
        <Space>
          {p.dueDate ?? '—'}
          {p.overdue && <Tag color="red">{t('cases.publicity.overdue')}</Tag>}
        </Space>
      ),
    },
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="publicity-pending">
      <Typography.Title level={2}>{t('cases.publicity.pending')}</Typography.Title>
      <Table<PendingPublication>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={pending.data.items}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
    </Space>
  );
}

export function PublicityPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { principal, can } = useSession();
  const staff = principal?.kind === 'staff' && can('cases:read');
  const [filter, setFilter] = useState<Filter>({});
  // Pages loaded so far: each cursor is a further page of the same filter.
  const [cursors, setCursors] = useState<string[]>([]);
  const first = useLoad(['cases.publicity', filter], (signal) => NoticesApi.publicity(filter, signal));
  const [more, setMore] = useState<Publication[]>([]);
  const [error, setError] = useState<unknown>(null);
  const next = cursors.length ? cursors[cursors.length - 1] : (first.data?.nextCursor ?? null);
  const loadMore = async () => {
    if (!next) return;
    try {
      const page = await NoticesApi.publicity({ ...filter, cursor: next });
      setMore((m) => [...m, ...page.items]);
      setCursors((c) => [...c, page.nextCursor ?? '']);
    } catch (e) {
      setError(e);
    }
  };
  const search = (f: Filter) => {
    setMore([]);
    setCursors([]);
    setFilter({ region: f.region?.trim() || undefined, department: f.department?.trim() || undefined });
  };
  const columns: TableColumnsType<Publication> = [
    { title: t('cases.documents.number'), key: 'documentNumber', render: (_, p) => p.documentNumber ?? '—' },
    { title: t('cases.item'), dataIndex: 'item', key: 'item' },
    {
      title: t('cases.publicity.decision'),
      key: 'decision',
      render: (_, p) => (
        <Tag color={p.decision === 'granted' ? 'green' : 'red'}>{t(`cases.publicity.${p.decision}`)}</Tag>
      ),
    },
    { title: t('cases.applicant'), dataIndex: 'applicant', key: 'applicant' },
    { title: t('cases.publicity.uscc'), key: 'uscc', render: (_, p) => p.uscc ?? '—' },
    { title: t('cases.department'), key: 'department', render: (_, p) => `${p.department.name}（${p.regionName}）` },
    { title: t('cases.publicity.decisionDate'), dataIndex: 'decisionDate', key: 'decisionDate' },
    {
      title: t('cases.publicity.publishedAt'),
      key: 'publishedAt',
      render: (_, p) => (
        <Space>
          {new Date(p.publishedAt).toLocaleDateString(i18n.lang)}
          {p.late && <Tag color="orange">{t('cases.publicity.late')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('cases.documents.verify'),
      key: 'verify',
      render: (_, p) =>
        p.documentId ? <AppLink to={`/cases/verify/${p.documentId}`}>{t('cases.documents.verify')}</AppLink> : '—',
    },
  ];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('cases.publicity.heading')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('cases.publicity.intro')}</Typography.Text>
      <Form<Filter> layout="inline" onFinish={search}>
        <Form.Item name="region" label={t('cases.publicity.region')}>
          <Input placeholder="410100" maxLength={6} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="department" label={t('cases.publicity.department')}>
          <Input placeholder="410105-SCJG" maxLength={64} style={{ width: 160 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('cases.publicity.search')}
        </Button>
      </Form>
      {!!first.error && <Alert type="error" showIcon title={errorText(first.error, i18n)} />}
      {error !== null && <Alert type="error" showIcon title={errorText(error, i18n)} />}
      <Table<Publication>
        rowKey="id"
        columns={columns}
        dataSource={[...(first.data?.items ?? []), ...more]}
        loading={first.loading}
        locale={{ emptyText: t('cases.publicity.empty') }}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="publicity-table"
      />
      {next && <Button onClick={() => void loadMore()}>{t('cases.publicity.more')}</Button>}
      {staff && <Pending />}
    </Space>
  );
}
