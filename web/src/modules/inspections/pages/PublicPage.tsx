import { Alert, Descriptions, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useLoad } from '../../../api/use-load.ts';
import { InspectionsApi, type Item, type PublicResult, type Task } from '../api.ts';
import { categoryKey, statusKey } from './labels.ts';
import { RerunDraw } from './RerunDraw.tsx';

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

/** 一公开: items and plans, draw records with their digests, results (also as open data) and statistics — no login. */
export function PublicPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const items = useLoad(['inspections.items'], (s) => InspectionsApi.items(s));
  const plans = useLoad(['inspections.plans'], (s) => InspectionsApi.plans(s));
  const tasks = useLoad(['inspections.publicTasks'], (s) => InspectionsApi.publicTasks(s));
  const results = useLoad(['inspections.results'], (s) => InspectionsApi.results(s));
  const stats = useLoad(['inspections.statistics'], (s) => InspectionsApi.statistics(s));
  const failed = items.error ?? tasks.error ?? results.error ?? stats.error;
  const itemName = new Map((items.data?.items ?? []).map((i) => [i.id, i.name]));
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('inspections.public.heading')}
      </Typography.Title>
      {failed ? <Alert type="error" showIcon title={errorText(failed, i18n)} /> : null}
      <Tabs
        items={[
          {
            key: 'items',
            label: t('inspections.public.items'),
            children: (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Table<Item>
                  rowKey="id"
                  pagination={false}
                  scroll={{ x: true }}
                  dataSource={items.data?.items ?? []}
                  columns={[
                    { title: t('inspections.items'), dataIndex: 'name' },
                    { title: t('inspections.legalBasis'), dataIndex: 'legalBasis' },
                    {
                      title: t('inspections.method'),
                      dataIndex: 'method',
                      render: (m: Item['method']) => t(`inspections.method.${m}`),
                    },
                  ]}
                />
                <Typography.Title level={3}>{t('inspections.public.plans')}</Typography.Title>
                {(plans.data?.items ?? []).map((p) => (
                  <Descriptions key={p.id} size="small" column={1} bordered title={`${p.year} · ${p.title}`}>
                    <Descriptions.Item label={t('inspections.items')}>
                      {p.itemIds.map((i) => itemName.get(i) ?? '').join('、')}
                    </Descriptions.Item>
                  </Descriptions>
                ))}
              </Space>
            ),
          },
          {
            key: 'tasks',
            label: t('inspections.public.tasks'),
            children: (
              <Table<Task>
                rowKey="id"
                pagination={false}
                scroll={{ x: true }}
                dataSource={tasks.data?.items ?? []}
                columns={[
                  { title: t('inspections.title'), dataIndex: 'title' },
                  {
                    title: t('inspections.status'),
                    dataIndex: 'status',
                    render: (s: Task['status']) => <Tag>{t(statusKey(s))}</Tag>,
                  },
                  {
                    title: t('inspections.window'),
                    key: 'w',
                    render: (_: unknown, r) => `${r.windowStart} ~ ${r.windowEnd}`,
                  },
                  {
                    title: t('inspections.recordDigest'),
                    dataIndex: 'recordDigest',
                    render: (v: string | null) =>
                      v ? <code style={{ wordBreak: 'break-all', fontSize: 12 }}>{v}</code> : '—',
                  },
                  {
                    title: '',
                    key: 'rerun',
                    render: (_: unknown, r) => (r.recordDigest ? <RerunDraw task={r} /> : null),
                  },
                ]}
              />
            ),
          },
          {
            key: 'results',
            label: t('inspections.public.results'),
            children: (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Typography.Text>
                  {t('inspections.openData')}: <a href="/api/v1/inspections/public/results?limit=200">JSON</a> ·{' '}
                  <a href="/api/v1/inspections/public/results.csv">CSV</a>
                </Typography.Text>
                <Table<PublicResult>
                  rowKey="visitId"
                  pagination={false}
                  scroll={{ x: true }}
                  dataSource={results.data?.items ?? []}
                  columns={[
                    {
                      title: t('inspections.target'),
                      key: 'n',
                      render: (_: unknown, r) => `${r.targetName}（${r.uscc}）`,
                    },
                    { title: t('inspections.inspectedOn'), dataIndex: 'inspectedOn' },
                    {
                      title: '',
                      dataIndex: 'kind',
                      render: (k: PublicResult['kind']) => (
                        <Tag>{t(k === 'random' ? 'inspections.random' : 'inspections.targeted')}</Tag>
                      ),
                    },
                    {
                      title: t('inspections.result'),
                      key: 'items',
                      render: (_: unknown, r) =>
                        r.items.map((i) => `${i.itemName}：${t(categoryKey(i.category))}`).join('；'),
                    },
                  ]}
                />
              </Space>
            ),
          },
          {
            key: 'stats',
            label: t('inspections.public.stats'),
            children: stats.data ? (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {(['random', 'targeted'] as const).map((k) => (
                  <Descriptions
                    key={k}
                    size="small"
                    bordered
                    column={1}
                    title={t(k === 'random' ? 'inspections.random' : 'inspections.targeted')}
                  >
                    <Descriptions.Item label={t('inspections.visitsCount')}>{stats.data![k].visits}</Descriptions.Item>
                    <Descriptions.Item label={t('inspections.problemRate')}>
                      {pct(stats.data![k].problemRate)}
                    </Descriptions.Item>
                    <Descriptions.Item label={t('inspections.onTimeRate')}>
                      {pct(stats.data![k].onTimeRate)}
                    </Descriptions.Item>
                  </Descriptions>
                ))}
                <Table
                  rowKey="stratum"
                  size="small"
                  pagination={false}
                  dataSource={stats.data.coverageByClass}
                  columns={[
                    { title: t('inspections.class'), dataIndex: 'stratum' },
                    { title: t('inspections.population'), dataIndex: 'population' },
                    { title: t('inspections.sample'), dataIndex: 'selected' },
                  ]}
                />
              </Space>
            ) : null,
          },
        ]}
      />
    </Space>
  );
}
