/** Rating statistics by service, department or region: staff (their jurisdiction) and the public page (no login). */
import { useState } from 'react';
import { Alert, Segmented, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useLoad } from '../../../api/use-load.ts';
import { AppLink } from '../../../components/AppLink.tsx';
import { RatingsApi, type Stats, type StatsBy } from '../api.ts';

type Row = Stats['rows'][number];
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

function StatsView({ load, heading, intro }: { load: typeof RatingsApi.stats; heading: string; intro?: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [by, setBy] = useState<StatsBy>('department');
  const stats = useLoad(['ratings.stats', heading, by], (signal) => load(by, signal));
  const columns: TableColumnsType<Row> = [
    { title: t('ratings.stats.name'), dataIndex: 'name', key: 'name' },
    { title: t('ratings.stats.ratings'), dataIndex: 'ratings', key: 'ratings', align: 'right' },
    {
      title: t('ratings.stats.average'),
      dataIndex: 'average',
      key: 'average',
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : v.toFixed(2)),
    },
    { title: t('ratings.stats.poor'), dataIndex: 'poor', key: 'poor', align: 'right' },
    { title: t('ratings.stats.poorShare'), dataIndex: 'poorShare', key: 'poorShare', align: 'right', render: pct },
    { title: t('ratings.stats.rectifications'), dataIndex: 'rectifications', key: 'rect', align: 'right' },
    { title: t('ratings.stats.onTimeRate'), dataIndex: 'onTimeRate', key: 'onTimeRate', align: 'right', render: pct },
  ];
  const total = stats.data?.total;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {heading}
      </Typography.Title>
      {intro && <Typography.Paragraph>{intro}</Typography.Paragraph>}
      <Segmented<StatsBy>
        aria-label={t('ratings.stats.by')}
        value={by}
        onChange={setBy}
        options={(['department', 'item', 'region'] as const).map((v) => ({
          value: v,
          label: t(`ratings.stats.by.${v}`),
        }))}
        data-testid="ratings-stats-by"
      />
      {!!stats.error && <Alert type="error" showIcon title={errorText(stats.error, i18n)} />}
      <Table<Row>
        rowKey="key"
        columns={columns}
        dataSource={stats.data?.rows ?? []}
        loading={stats.loading}
        locale={{ emptyText: t('ratings.stats.empty') }}
        pagination={false}
        scroll={{ x: 'max-content' }}
        aria-label={t('ratings.stats.caption')}
        summary={() =>
          total && total.ratings > 0 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>{t('ratings.stats.total')}</Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {total.ratings}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                {total.average === null ? '—' : total.average.toFixed(2)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                {total.poor}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                {pct(total.poorShare)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={5} align="right">
                {total.rectifications}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={6} align="right">
                {pct(total.onTimeRate)}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
    </Space>
  );
}

export function StatsPage() {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <StatsView load={RatingsApi.stats} heading={t('ratings.stats.heading')} />
      <AppLink to="/ratings/public">{t('nav.ratingsPublic')}</AppLink>
    </Space>
  );
}

export function PublicStatsPage() {
  const { t } = useI18n();
  return (
    <StatsView load={RatingsApi.publicStats} heading={t('ratings.public.heading')} intro={t('ratings.public.intro')} />
  );
}
