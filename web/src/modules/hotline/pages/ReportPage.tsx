/** The monthly public report (月度公开报告): aggregates only, readable without signing in. */
import { useMemo, useState } from 'react';
import { Alert, Card, Col, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useI18n, type MsgKey } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
// The cases module's chart wrapper (bars and pies through echarts/core); no second copy of it.
import { Chart, type ChartOption } from '../../cases/pages/Chart.tsx';
import { HotlineApi } from '../api.ts';

const CLOSURES = [
  'closed_resolved',
  'closed_explained',
  'closed_unconfirmed',
  'closed_unresolved',
  'answered',
  'merged',
] as const;

/** The last twelve Shanghai months, newest first (`yyyy-mm`). */
function recentMonths(): string[] {
  const now = new Date(Date.now() + 8 * 3600_000);
  const out: string[] = [];
  for (let i = 0; i < 12; i++) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return out;
}

export function ReportPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const months = useMemo(recentMonths, []);
  const [month, setMonth] = useState(months[0]);
  const q = useQuery({
    queryKey: ['hotline.publicReport', month],
    queryFn: ({ signal }) => HotlineApi.publicReport(month, signal),
  });
  const r = q.data;
  const byType = useMemo<ChartOption | null>(() => {
    if (!r) return null;
    const types = Object.keys(r.byType);
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 20, top: 10, bottom: 30 },
      xAxis: { type: 'category', data: types.map((x) => t(`hotline.type.${x}` as MsgKey)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', data: types.map((x) => r.byType[x]) }],
    } as ChartOption;
  }, [r, t]);
  const rate = (v: number | null) => (v === null ? '—' : `${v}%`);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('nav.hotlineReport')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('hotline.report.hint')}</Typography.Paragraph>
      <Space wrap>
        <span>{t('hotline.report.month')}</span>
        <Select
          value={month}
          onChange={setMonth}
          style={{ width: 140 }}
          data-testid="report-month"
          aria-label={t('hotline.report.month')}
          options={months.map((m) => ({ value: m, label: m }))}
        />
      </Space>
      {!!q.error && <Alert type="error" showIcon title={errorText(q.error, i18n)} />}
      {r && !r.complete && <Alert type="info" showIcon title={t('hotline.report.partial')} />}
      {r && (
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}>
            <Statistic title={t('hotline.report.total')} value={r.total} data-testid="report-total" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('hotline.report.onTime')}
              value={rate(r.replies.onTimeRate)}
              suffix={`(${r.replies.onTime}/${r.replies.onTime + r.replies.late})`}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('hotline.report.satisfaction')} value={rate(r.satisfaction.rate)} />
            <Typography.Text type="secondary">
              {t('hotline.report.unreached', { n: r.satisfaction.unreached })}
            </Typography.Text>
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('hotline.dash.cannotGetDone')} value={r.cannotGetDone} />
          </Col>
        </Row>
      )}
      {r && (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card title={t('hotline.report.byType')}>
              {byType && <Chart option={byType} label={t('hotline.report.byType')} testId="report-types" />}
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('hotline.report.closures')}>
              <Table
                rowKey="status"
                size="small"
                pagination={false}
                dataSource={CLOSURES.map((s) => ({ status: s, count: r.closures[s] ?? 0 }))}
                columns={[
                  {
                    title: t('hotline.status'),
                    key: 's',
                    render: (_, x) => t(`hotline.status.${x.status}` as MsgKey),
                  },
                  { title: t('hotline.report.count'), dataIndex: 'count', key: 'c' },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('hotline.report.byRegion')}>
              <Table
                rowKey="region"
                size="small"
                pagination={false}
                dataSource={r.byRegion}
                locale={{ emptyText: t('hotline.empty') }}
                columns={[
                  { title: t('hotline.report.region'), dataIndex: 'name', key: 'n' },
                  { title: t('hotline.report.count'), dataIndex: 'count', key: 'c' },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('hotline.report.topTopics')}>
              <Table
                rowKey="code"
                size="small"
                pagination={false}
                dataSource={r.topTopics}
                locale={{ emptyText: t('hotline.empty') }}
                columns={[
                  {
                    title: t('hotline.topic'),
                    key: 'n',
                    render: (_, x) => (i18n.lang === 'zh-CN' ? x.name.zh : x.name.en),
                  },
                  { title: t('hotline.report.count'), dataIndex: 'count', key: 'c' },
                ]}
              />
            </Card>
          </Col>
        </Row>
      )}
    </Space>
  );
}
