/**
 * The e-supervision dashboard (电子监察): for the cases filed in a date range within the caller's jurisdiction (or one
 * region of it), the key figures, charts by region and by department (cases and on-time rate), the lights of the open
 * cases, and the flagged cases with their irregularities in words, each linking to its case.
 */
import { useMemo, useRef, useState } from 'react';
import {
  Alert,
  Card,
  Col,
  Input,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useLoad } from '../../../api/use-load.ts';
import { AppLink } from '../../../components/AppLink.tsx';
import { RegionCascader } from '../../../components/RegionCascader.tsx';
import { CasesApi, type FlaggedCase, type SupervisionFilter, type SupervisionStats } from '../api.ts';
import { STATUS_COLORS } from './light.tsx';
import { Chart, type ChartOption } from './Chart.tsx';
import { Paperless } from './Paperless.tsx';

const LIGHT_COLORS = { green: '#52c41a', yellow: '#faad14', red: '#ff4d4f' } as const;
const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

/** Bars of cases and of the on-time rate (second axis, %) for each group. */
function barsOption(
  groups: Array<{ name: string; stats: SupervisionStats }>,
  names: { cases: string; rate: string },
): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: [names.cases, names.rate] },
    grid: { left: 48, right: 48, bottom: 64, containLabel: true },
    xAxis: { type: 'category', data: groups.map((g) => g.name), axisLabel: { interval: 0, rotate: 30 } },
    yAxis: [
      { type: 'value', name: names.cases, minInterval: 1 },
      { type: 'value', name: names.rate, min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    ],
    series: [
      { name: names.cases, type: 'bar', data: groups.map((g) => g.stats.cases) },
      { name: names.rate, type: 'bar', yAxisIndex: 1, data: groups.map((g) => percent(g.stats.onTimeRate)) },
    ],
  } as ChartOption;
}

export function SupervisionPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const lang = i18n.lang === 'zh-CN' ? 'zh' : 'en';
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [region, setRegion] = useState<string | null>(null);
  const [department, setDepartment] = useState<string | null>(null);
  const filter: SupervisionFilter = {
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(region ? { region } : {}),
    ...(department ? { department } : {}),
  };
  const stats = useLoad(['cases.supervision', filter], (signal) => CasesApi.supervision(filter, signal));
  const flagged = useLoad(['cases.flagged', filter], (signal) => CasesApi.flagged(filter, signal));
  const v = stats.data;
  // The departments seen so far, so that choosing one keeps the others on offer.
  const departments = useRef(new Map<string, string>());
  for (const d of v?.byDepartment ?? []) departments.current.set(d.department.code, d.department.name);
  // Chart options change only with the data and the language (a new option redraws the chart).
  const casesName = t('cases.sup.cases');
  const rateName = t('cases.sup.onTimeRate');
  const lightNames = (['green', 'yellow', 'red'] as const).map((l) => t(`cases.light.${l}`)).join('|');
  const byRegion = useMemo(() => {
    const groups = v?.byRegion.map((r) => ({ name: r.regionName, stats: r.stats }));
    return groups ? barsOption(groups, { cases: casesName, rate: rateName }) : null;
  }, [v, casesName, rateName]);
  const byDepartment = useMemo(() => {
    const groups = v?.byDepartment.map((d) => ({ name: d.department.name, stats: d.stats }));
    return groups ? barsOption(groups, { cases: casesName, rate: rateName }) : null;
  }, [v, casesName, rateName]);
  const lights = useMemo<ChartOption | null>(
    () =>
      v
        ? ({
            tooltip: { trigger: 'item' },
            legend: { bottom: 0 },
            series: [
              {
                type: 'pie',
                radius: ['40%', '70%'],
                data: (['green', 'yellow', 'red'] as const).map((l, i) => ({
                  name: lightNames.split('|')[i],
                  value: v.totals.lights[l],
                  itemStyle: { color: LIGHT_COLORS[l] },
                })),
              },
            ],
          } as ChartOption)
        : null,
    [v, lightNames],
  );
  const columns: TableColumnsType<FlaggedCase> = [
    {
      title: t('cases.number'),
      dataIndex: 'number',
      key: 'number',
      render: (n: string, c) => <AppLink to={`/cases/${c.id}`}>{n}</AppLink>,
    },
    { title: t('cases.item'), dataIndex: 'item', key: 'item' },
    { title: t('cases.region'), dataIndex: 'regionName', key: 'region' },
    { title: t('cases.department'), dataIndex: 'departmentName', key: 'department' },
    {
      title: t('cases.status'),
      dataIndex: 'status',
      key: 'status',
      render: (s: FlaggedCase['status']) => <Tag color={STATUS_COLORS[s]}>{t(`cases.status.${s}`)}</Tag>,
    },
    {
      title: t('cases.sup.flags'),
      key: 'flags',
      render: (_, c) => (
        <Space wrap size={4}>
          {c.flags.map((f) => (
            <Tag key={f.code} color="orange" data-flag={f.code}>
              {f.label[lang]}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('cases.submittedAt'),
      dataIndex: 'submittedAt',
      key: 'submittedAt',
      render: (s: string) => new Date(s).toLocaleString(i18n.lang),
    },
  ];
  const figures: Array<[string, number | string, string]> = v
    ? [
        [t('cases.sup.cases'), v.totals.cases, 'cases'],
        [t('cases.sup.onTimeRate'), v.totals.onTimeRate === null ? '—' : `${percent(v.totals.onTimeRate)}%`, 'rate'],
        [t('cases.sup.averageDays'), v.totals.averageHandlingDays ?? '—', 'days'],
        [t('cases.sup.supplements'), v.totals.supplements, 'supplements'],
        [t('cases.sup.refusals'), v.totals.refusals, 'refusals'],
        [t('cases.sup.returns'), v.totals.returns, 'returns'],
        [t('cases.sup.withdrawals'), v.totals.withdrawals, 'withdrawals'],
        [t('cases.sup.deemed'), v.totals.deemedAcceptances, 'deemed'],
        [t('cases.sup.flagged'), v.totals.flagged, 'flagged'],
      ]
    : [];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('cases.sup.heading')}
      </Typography.Title>
      <Space wrap align="center">
        <label htmlFor="ow-sup-from">{t('cases.sup.from')}</label>
        <Input id="ow-sup-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <label htmlFor="ow-sup-to">{t('cases.sup.to')}</label>
        <Input id="ow-sup-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        <label htmlFor="ow-sup-region">{t('cases.sup.region')}</label>
        <RegionCascader
          id="ow-sup-region"
          value={region}
          onChange={setRegion}
          testId="sup-region"
          style={{ minWidth: 240 }}
        />
        <label htmlFor="ow-sup-department">{t('cases.department')}</label>
        <Select
          id="ow-sup-department"
          allowClear
          value={department}
          onChange={(d?: string | null) => setDepartment(d ?? null)}
          placeholder={t('cases.sup.allDepartments')}
          options={[...departments.current].map(([value, label]) => ({ value, label }))}
          style={{ minWidth: 240 }}
          data-testid="sup-department"
        />
      </Space>
      {!!stats.error && <Alert type="error" showIcon title={errorText(stats.error, i18n)} />}
      {v && (
        <>
          <Typography.Text type="secondary">{t('cases.sup.range', { from: v.from, to: v.to })}</Typography.Text>
          <Row gutter={[16, 16]}>
            {figures.map(([title, value, key]) => (
              <Col key={key} xs={12} sm={8} lg={6} xl={4}>
                <Card size="small" data-testid={`sup-${key}`}>
                  <Statistic title={title} value={value} />
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('cases.sup.byRegion')}>
                {byRegion && <Chart option={byRegion} label={t('cases.sup.byRegion')} testId="sup-chart-region" />}
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('cases.sup.byDepartment')}>
                {byDepartment && (
                  <Chart option={byDepartment} label={t('cases.sup.byDepartment')} testId="sup-chart-department" />
                )}
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('cases.sup.lights')}>
                {lights && <Chart option={lights} label={t('cases.sup.lights')} testId="sup-chart-lights" />}
              </Card>
            </Col>
          </Row>
        </>
      )}
      <Paperless filter={filter} />
      <Typography.Title level={2}>{t('cases.sup.flaggedList')}</Typography.Title>
      {!!flagged.error && <Alert type="error" showIcon title={errorText(flagged.error, i18n)} />}
      <Table<FlaggedCase>
        rowKey="id"
        columns={columns}
        dataSource={flagged.data?.items ?? []}
        loading={flagged.loading}
        locale={{ emptyText: t('cases.sup.noFlagged') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        aria-label={t('cases.sup.flaggedList')}
        data-testid="sup-flagged-list"
      />
    </Space>
  );
}
