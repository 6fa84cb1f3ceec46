/**
 * Catalog reports: drift (local copies behind their source), gaps (items a region does not implement), impossible
 * (published but cannot be applied for) and completeness (the rubric score of each implementation of a region).
 */
import { useEffect, useState } from 'react';
import { Alert, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { CatalogApi, type DriftRow, type GapRow, type ImpossibleRow, type Implementation } from '../api.ts';
import { IllustrativeTag, StatusTag } from '../components/CatalogTags.tsx';
import { PLATFORM_PROVINCE, RegionCascader } from '../../../components/RegionCascader.tsx';
import { AppLink } from '../../../components/AppLink.tsx';
import { useLoad } from '../../../api/use-load.ts';
import { MoreApi, type UnavailableRow } from '../api.ts';
import { dateTime, label } from '../components/labels.ts';
import '../components/catalog.css';
import { useSignedIn } from '../../../shell/session.tsx';

type ReportKey = 'drift' | 'gaps' | 'impossible' | 'unavailable' | 'completeness';

const detailLink = (id: string, tab?: string) =>
  `/catalog/implementations/${encodeURIComponent(id)}${tab ? `?tab=${tab}` : ''}`;

function ErrorAlert({ error }: { error: unknown }) {
  const i18n = useI18n();
  return <Alert type="error" showIcon role="alert" title={errorText(error, i18n)} />;
}

function DriftReport({ region }: { region: string | null }) {
  const { t, lang } = useI18n();
  const r = useLoad(['catalog.drift', region], (s) => CatalogApi.drift(region, null, s));
  const columns: TableColumnsType<DriftRow> = [
    {
      title: t('catalog.report.copy'),
      key: 'copy',
      render: (_, row) => (
        <Space wrap size="small">
          <AppLink to={detailLink(row.implementationId, 'diff')} data-testid="drift-link">
            {row.department.name}
          </AppLink>
          {row.illustrative && <IllustrativeTag />}
        </Space>
      ),
    },
    {
      title: t('catalog.list.code'),
      dataIndex: 'code',
      key: 'code',
      render: (v: string) => <span className="ow-mono">{v}</span>,
    },
    {
      title: t('catalog.report.pinned'),
      key: 'pinned',
      render: (_, row) => t('catalog.versionN', { n: row.source.version }),
    },
    {
      title: t('catalog.report.latest'),
      key: 'latest',
      render: (_, row) => (
        <AppLink to={detailLink(row.source.implementationId, 'versions')}>
          {t('catalog.versionN', { n: row.source.latestVersion })} · {dateTime(row.source.latestPublishedAt)}
        </AppLink>
      ),
    },
    {
      title: t('catalog.report.changedElements'),
      key: 'changed',
      render: (_, row) => row.changedElements.map((e) => label(lang, 'element', e)).join('、'),
    },
  ];
  if (r.error) return <ErrorAlert error={r.error} />;
  return (
    <>
      <Typography.Paragraph type="secondary">{t('catalog.report.driftIntro')}</Typography.Paragraph>
      <Table<DriftRow>
        rowKey="implementationId"
        columns={columns}
        dataSource={r.data?.items ?? []}
        loading={r.loading}
        pagination={false}
        size="small"
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <span className="ow-empty">{t('catalog.report.noDrift')}</span> }}
        data-testid="drift-table"
      />
    </>
  );
}

function GapsReport({ region }: { region: string }) {
  const { t, lang } = useI18n();
  const r = useLoad(['catalog.gaps', region], (s) => CatalogApi.gaps(region, null, s));
  const columns: TableColumnsType<GapRow> = [
    {
      title: t('catalog.report.item'),
      key: 'name',
      render: (_, row) => (
        <Space wrap size="small">
          <span>{row.name}</span>
          {row.illustrative && <IllustrativeTag />}
        </Space>
      ),
    },
    {
      title: t('catalog.report.basicCode'),
      dataIndex: 'basicCode',
      key: 'basicCode',
      render: (v: string) => <span className="ow-mono">{v}</span>,
    },
    {
      title: t('catalog.itemType'),
      dataIndex: 'itemType',
      key: 'itemType',
      render: (v: number) => label(lang, 'itemType', v),
    },
    { title: t('catalog.report.departmentKind'), dataIndex: 'departmentKind', key: 'departmentKind' },
    {
      title: t('catalog.report.level'),
      dataIndex: 'level',
      key: 'level',
      render: (v: string) => t(`catalog.level.${v as 'province' | 'city' | 'county'}`),
    },
    { title: t('catalog.report.unpublished'), dataIndex: 'unpublished', key: 'unpublished', align: 'right' },
  ];
  if (r.error) return <ErrorAlert error={r.error} />;
  return (
    <>
      <Typography.Paragraph type="secondary">{t('catalog.report.gapsIntro')}</Typography.Paragraph>
      <Table<GapRow>
        rowKey="itemId"
        columns={columns}
        dataSource={r.data?.items ?? []}
        loading={r.loading}
        pagination={false}
        size="small"
        locale={{ emptyText: <span className="ow-empty">{t('catalog.report.noGaps')}</span> }}
        data-testid="gaps-table"
      />
    </>
  );
}

function ImpossibleReport({ region }: { region: string | null }) {
  const { t, lang } = useI18n();
  const r = useLoad(['catalog.impossible', region], (s) => CatalogApi.impossible(region, null, s));
  const columns: TableColumnsType<ImpossibleRow> = [
    {
      title: t('catalog.report.item'),
      key: 'name',
      render: (_, row) => (
        <Space wrap size="small">
          <AppLink to={detailLink(row.implementationId)}>{row.itemName}</AppLink>
          {row.illustrative && <IllustrativeTag />}
        </Space>
      ),
    },
    { title: t('catalog.list.department'), key: 'department', render: (_, row) => row.department.name },
    { title: t('catalog.list.version'), dataIndex: 'version', key: 'version' },
    {
      title: t('catalog.report.findings'),
      key: 'findings',
      render: (_, row) => (
        <ul className="ow-guide-list">
          {row.findings.map((f, i) => (
            <li key={i}>
              <Tag className="ow-tag ow-tag-severity-missing">{f.code}</Tag> {lang === 'zh-CN' ? f.zh : f.en}
            </li>
          ))}
        </ul>
      ),
    },
  ];
  if (r.error) return <ErrorAlert error={r.error} />;
  return (
    <>
      <Typography.Paragraph type="secondary">{t('catalog.report.impossibleIntro')}</Typography.Paragraph>
      <Table<ImpossibleRow>
        rowKey={(row) => `${row.implementationId}@${row.version}`}
        columns={columns}
        dataSource={r.data?.items ?? []}
        loading={r.loading}
        pagination={false}
        size="small"
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <span className="ow-empty">{t('catalog.report.noImpossible')}</span> }}
        data-testid="impossible-table"
      />
    </>
  );
}

function UnavailableReport({ region }: { region: string }) {
  const { t } = useI18n();
  const r = useLoad(['catalog.unavailable', region], (s) => MoreApi.unavailable(region, s));
  const columns: TableColumnsType<UnavailableRow> = [
    {
      title: t('catalog.report.item'),
      key: 'name',
      render: (_, row) => (
        <Space wrap size="small">
          <AppLink to={detailLink(row.implementationId)}>{row.itemName}</AppLink>
          {row.illustrative && <IllustrativeTag />}
        </Space>
      ),
    },
    { title: t('catalog.list.region'), dataIndex: 'regionName', key: 'region' },
    { title: t('catalog.list.department'), key: 'department', render: (_, row) => row.department.name },
    { title: t('catalog.report.cause'), key: 'cause', render: (_, row) => t(`catalog.report.cause.${row.cause}`) },
    {
      title: t('nav.catalogCenters'),
      key: 'excluded',
      render: (_, row) =>
        row.excludedAt.length ? row.excludedAt.map((e) => `${e.centerName}：${e.reason}`).join('；') : '—',
    },
  ];
  if (r.error) return <ErrorAlert error={r.error} />;
  return (
    <>
      <Typography.Paragraph type="secondary">{t('catalog.report.unavailableIntro')}</Typography.Paragraph>
      <Table<UnavailableRow>
        rowKey={(row) => `${row.implementationId}@${row.version}`}
        columns={columns}
        dataSource={r.data?.items ?? []}
        loading={r.loading}
        pagination={false}
        size="small"
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <span className="ow-empty">{t('catalog.report.noUnavailable')}</span> }}
        data-testid="unavailable-table"
      />
    </>
  );
}

interface ScoreRow {
  impl: Implementation;
  score: number | null;
  findings: number;
  failed: boolean;
}

/** The rubric of each implementation in the region (up to 50), worst first. The server scores; this only collects. */
function CompletenessReport({ region }: { region: string | null }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [rows, setRows] = useState<ScoreRow[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [more, setMore] = useState(false);

  useEffect(() => {
    const c = new AbortController();
    setRows(null);
    setError(null);
    (async () => {
      const page = await CatalogApi.implementations({ region, limit: 50 }, c.signal);
      setMore(page.nextCursor !== null);
      const out: ScoreRow[] = page.items.map((impl) => ({ impl, score: null, findings: 0, failed: false }));
      let next = 0;
      const worker = async () => {
        while (next < out.length && !c.signal.aborted) {
          const i = next++;
          try {
            const r = await CatalogApi.rubric(out[i].impl.id, null, c.signal);
            out[i] = { ...out[i], score: r.score, findings: r.findings.length };
          } catch (e) {
            if ((e as Error).name === 'AbortError') return;
            out[i] = { ...out[i], failed: true };
          }
        }
      };
      await Promise.all([worker(), worker(), worker()]);
      if (!c.signal.aborted) setRows([...out].sort((a, b) => (a.score ?? 101) - (b.score ?? 101)));
    })().catch((e: unknown) => {
      if (!c.signal.aborted) setError(e);
    });
    return () => c.abort();
  }, [region]);

  const columns: TableColumnsType<ScoreRow> = [
    {
      title: t('catalog.report.item'),
      key: 'name',
      render: (_, row) => (
        <Space wrap size="small">
          <AppLink to={detailLink(row.impl.id, 'rubric')} data-testid="completeness-link">
            {row.impl.item.name}
          </AppLink>
          {row.impl.illustrative && <IllustrativeTag />}
        </Space>
      ),
    },
    { title: t('catalog.list.region'), key: 'region', render: (_, row) => row.impl.regionName },
    { title: t('catalog.list.department'), key: 'department', render: (_, row) => row.impl.department.name },
    { title: t('catalog.list.status'), key: 'status', render: (_, row) => <StatusTag status={row.impl.status} /> },
    {
      title: t('catalog.rubric.score'),
      key: 'score',
      align: 'right',
      render: (_, row) => (row.failed ? '—' : <strong>{row.score}</strong>),
    },
    {
      title: t('catalog.report.findingCount'),
      key: 'findings',
      align: 'right',
      render: (_, row) => (row.failed ? '—' : row.findings),
    },
  ];
  if (error) return <ErrorAlert error={error} />;
  return (
    <>
      <Typography.Paragraph type="secondary">{t('catalog.report.completenessIntro')}</Typography.Paragraph>
      {more && (
        <Alert type="info" showIcon title={t('catalog.report.completenessLimited')} style={{ marginBottom: 12 }} />
      )}
      <Table<ScoreRow>
        rowKey={(row) => row.impl.id}
        columns={columns}
        dataSource={rows ?? []}
        loading={rows === null}
        pagination={false}
        size="small"
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <span className="ow-empty">{t('catalog.empty')}</span> }}
        data-testid="completeness-table"
      />
    </>
  );
}

export function CatalogReportsPage() {
  const { principal } = useSignedIn();
  const { t } = useI18n();
  const [tab, setTab] = useState<ReportKey>('drift');
  const [region, setRegion] = useState<string | null>(null);
  // The gaps report needs one region; it defaults to the caller's own (or the province).
  const gapsRegion = region ?? principal.region ?? PLATFORM_PROVINCE;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('catalog.report.heading')}
      </Typography.Title>
      <Space wrap align="center">
        <label htmlFor="ow-report-region">{t('catalog.list.region')}</label>
        <RegionCascader
          id="ow-report-region"
          value={region}
          onChange={setRegion}
          testId="report-region"
          style={{ minWidth: 240 }}
        />
        {(tab === 'gaps' || tab === 'unavailable') && !region && (
          <Typography.Text type="secondary">{t('catalog.report.gapsDefault', { region: gapsRegion })}</Typography.Text>
        )}
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as ReportKey)}
        destroyOnHidden
        items={[
          {
            key: 'drift',
            label: <span data-testid="tab-drift">{t('catalog.report.drift')}</span>,
            children: <DriftReport region={region} />,
          },
          {
            key: 'gaps',
            label: <span data-testid="tab-gaps">{t('catalog.report.gaps')}</span>,
            children: <GapsReport region={gapsRegion} />,
          },
          {
            key: 'impossible',
            label: <span data-testid="tab-impossible">{t('catalog.report.impossible')}</span>,
            children: <ImpossibleReport region={region} />,
          },
          {
            key: 'unavailable',
            label: <span data-testid="tab-unavailable">{t('catalog.report.unavailable')}</span>,
            children: <UnavailableReport region={gapsRegion} />,
          },
          {
            key: 'completeness',
            label: <span data-testid="tab-completeness">{t('catalog.report.completeness')}</span>,
            children: <CompletenessReport region={region} />,
          },
        ]}
      />
    </Space>
  );
}
