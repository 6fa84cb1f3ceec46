/**
 * The hotline dashboard: tickets by status (closures apart), overdue, on-time replies, satisfaction, repeat
 * complaints, and per week the hot topics and the volume by request type and by area; the terms rising this week.
 */
import { useMemo, useState } from 'react';
import { Alert, Card, Col, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useI18n, type MsgKey } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
// The cases module's chart wrapper (bars and pies through echarts/core); no second copy of it.
import { Chart, type ChartOption } from '../../cases/pages/Chart.tsx';
import { HotlineApi } from '../api.ts';

const SATISFACTION = ['satisfied', 'basically_satisfied', 'unsatisfied', 'unreached'] as const;
const REQUEST_TYPES = ['inquiry', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;

export function DashboardPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const [weeks, setWeeks] = useState(8);
  const q = useQuery({
    queryKey: ['hotline.dashboard', weeks],
    queryFn: ({ signal }) => HotlineApi.dashboard(weeks, signal),
  });
  const d = q.data;
  const statusNames = useMemo(() => (d ? Object.keys(d.byStatus) : []), [d]);
  const byStatus = useMemo<ChartOption | null>(
    () =>
      d
        ? ({
            tooltip: { trigger: 'axis' },
            grid: { left: 140, right: 20, top: 10, bottom: 30 },
            xAxis: { type: 'value', minInterval: 1 },
            yAxis: {
              type: 'category',
              data: statusNames.map((s) => t(`hotline.status.${s}` as MsgKey)),
              inverse: true,
            },
            series: [{ type: 'bar', data: statusNames.map((s) => d.byStatus[s]) }],
          } as ChartOption)
        : null,
    [d, statusNames, t],
  );
  const satisfaction = useMemo<ChartOption | null>(
    () =>
      d
        ? ({
            tooltip: { trigger: 'item' },
            legend: { bottom: 0 },
            series: [
              {
                type: 'pie',
                radius: ['40%', '70%'],
                data: SATISFACTION.map((s) => ({
                  name: t(`hotline.dash.sat.${s}` as MsgKey),
                  value: d.satisfaction[s],
                })),
              },
            ],
          } as ChartOption)
        : null,
    [d, t],
  );
  const hot = useMemo<ChartOption | null>(() => {
    if (!d) return null;
    const topics = new Map<string, string>();
    for (const w of d.hotTopics) for (const x of w.topics) topics.set(x.code, x.name);
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 40, right: 20, top: 10, bottom: 60 },
      xAxis: { type: 'category', data: d.hotTopics.map((w) => w.week.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [...topics].map(([code, name]) => ({
        type: 'bar',
        stack: 'topics',
        name,
        data: d.hotTopics.map((w) => w.topics.find((x) => x.code === code)?.count ?? 0),
      })),
    } as ChartOption;
  }, [d]);
  const byType = useMemo<ChartOption | null>(() => {
    if (!d) return null;
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 40, right: 20, top: 10, bottom: 60 },
      xAxis: { type: 'category', data: d.volume.map((w) => w.week.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: REQUEST_TYPES.map((type) => ({
        type: 'bar',
        stack: 'types',
        name: t(`hotline.type.${type}` as MsgKey),
        data: d.volume.map((w) => w.byType[type] ?? 0),
      })),
    } as ChartOption;
  }, [d, t]);
  const byRegion = useMemo<ChartOption | null>(() => {
    if (!d) return null;
    const names = new Map<string, string>();
    for (const w of d.volume) for (const r of w.byRegion) names.set(r.code, r.name ?? t('hotline.dash.otherRegion'));
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 40, right: 20, top: 10, bottom: 60 },
      xAxis: { type: 'category', data: d.volume.map((w) => w.week.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [...names].map(([code, name]) => ({
        type: 'line',
        name,
        data: d.volume.map((w) => w.byRegion.find((r) => r.code === code)?.count ?? 0),
      })),
    } as ChartOption;
  }, [d, t]);
  const replies = d ? d.replies.onTime + d.replies.late : 0;
  const reached = d ? d.satisfaction.satisfied + d.satisfaction.basically_satisfied + d.satisfaction.unsatisfied : 0;
  const pct = (n: number, of: number) => (of ? `${Math.round((1000 * n) / of) / 10}%` : '—');
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('nav.hotlineDashboard')}
      </Typography.Title>
      <Space wrap>
        <label htmlFor="ow-dash-weeks">{t('hotline.dash.weeks')}</label>
        <Select
          id="ow-dash-weeks"
          value={weeks}
          onChange={setWeeks}
          style={{ width: 120 }}
          options={[4, 8, 13, 26].map((n) => ({ value: n, label: t('hotline.dash.weeksN', { n }) }))}
        />
      </Space>
      {!!q.error && <Alert type="error" showIcon title={errorText(q.error, i18n)} />}
      {d && (
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}>
            <Statistic title={t('hotline.dash.inHandling')} value={d.inHandling} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('hotline.dash.overdue')} value={d.overdue} data-testid="dash-overdue" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('hotline.dash.onTime')}
              value={pct(d.replies.onTime, replies)}
              suffix={`(${d.replies.onTime}/${replies})`}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('hotline.dash.satisfied')}
              value={pct(d.satisfaction.satisfied + d.satisfaction.basically_satisfied, reached)}
              suffix={`(${t('hotline.dash.sat.unreached')} ${d.satisfaction.unreached})`}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('hotline.dash.cannotGetDone')} value={d.cannotGetDone} data-testid="dash-cannot" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('hotline.dash.repeat')}
              value={d.repeatComplaints.rate === null ? '—' : `${d.repeatComplaints.rate}%`}
              suffix={`(${d.repeatComplaints.repeats}/${d.repeatComplaints.complaints})`}
              data-testid="dash-repeat"
            />
            <Typography.Text type="secondary">{t('hotline.dash.repeatHint')}</Typography.Text>
          </Col>
        </Row>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('hotline.counts')}>
            {byStatus && <Chart option={byStatus} label={t('hotline.counts')} testId="dash-status" height={360} />}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('hotline.dash.satisfaction')}>
            {satisfaction && (
              <Chart option={satisfaction} label={t('hotline.dash.satisfaction')} testId="dash-satisfaction" />
            )}
          </Card>
        </Col>
      </Row>
      <Card title={t('hotline.dash.hotTopics')}>
        {hot && <Chart option={hot} label={t('hotline.dash.hotTopics')} testId="dash-hot" />}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('hotline.dash.byType')}>
            {byType && <Chart option={byType} label={t('hotline.dash.byType')} testId="dash-types" />}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('hotline.dash.byRegion')}>
            {byRegion && <Chart option={byRegion} label={t('hotline.dash.byRegion')} testId="dash-regions" />}
          </Card>
        </Col>
      </Row>
      <Card title={t('hotline.dash.rising')}>
        <Table
          data-testid="dash-rising"
          size="small"
          pagination={false}
          rowKey="term"
          dataSource={d?.risingTerms ?? []}
          locale={{ emptyText: t('hotline.dash.risingNone') }}
          columns={[
            { title: t('hotline.dash.risingTerm'), dataIndex: 'term' },
            { title: t('hotline.dash.risingThisWeek'), dataIndex: 'thisWeek', align: 'right' },
            { title: t('hotline.dash.risingBefore'), dataIndex: 'weeklyBefore', align: 'right' },
          ]}
        />
      </Card>
    </Space>
  );
}
