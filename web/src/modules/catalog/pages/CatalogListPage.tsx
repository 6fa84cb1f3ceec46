/** 事项目录: the implementations (working copies) staff may see, found by keyword, filtered by status and region. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Input, Radio, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { CatalogApi, IMPLEMENTATION_STATUSES, type Implementation, type ImplementationStatus } from '../api.ts';
import { IllustrativeTag, StatusTag } from '../components/CatalogTags.tsx';
import { RegionCascader } from '../../../components/RegionCascader.tsx';
import { AppLink } from '../../../components/AppLink.tsx';
import { dateTime } from '../components/labels.ts';
import '../components/catalog.css';

export function CatalogListPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const i18nRef = useRef(i18n);
  i18nRef.current = i18n;
  const [status, setStatus] = useState<ImplementationStatus | 'all'>('all');
  const [region, setRegion] = useState<string | null>(null);
  const [keyword, setKeyword] = useState('');
  const [rows, setRows] = useState<Implementation[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ctrl = useRef<AbortController | null>(null);

  const load = useCallback(
    async (st: ImplementationStatus | 'all', reg: string | null, q: string, after: string | null) => {
      ctrl.current?.abort();
      const c = new AbortController();
      ctrl.current = c;
      setLoading(true);
      setError(null);
      try {
        const page = await CatalogApi.implementations(
          { status: st === 'all' ? null : st, region: reg, q: q || null, cursor: after, limit: 50 },
          c.signal,
        );
        setRows((prev) => (after ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (e) {
        if ((e as Error).name === 'AbortError') return;
        if (!after) setRows([]);
        setCursor(null);
        setError(errorText(e, i18nRef.current));
      } finally {
        if (ctrl.current === c) setLoading(false);
      }
    },
    [],
  );

  useEffect(() => {
    void load(status, region, keyword, null);
  }, [load, status, region, keyword]);
  useEffect(() => () => ctrl.current?.abort(), []);

  const columns: TableColumnsType<Implementation> = [
    {
      title: t('catalog.list.name'),
      key: 'name',
      render: (_, r) => (
        <Space size="small" wrap>
          <AppLink
            to={`/catalog/implementations/${encodeURIComponent(r.id)}`}
            data-testid="catalog-row-link"
            data-id={r.id}
          >
            {r.item.name}
          </AppLink>
          {r.illustrative && <IllustrativeTag />}
        </Space>
      ),
    },
    { title: t('catalog.list.region'), dataIndex: 'regionName', key: 'region' },
    { title: t('catalog.list.department'), key: 'department', render: (_, r) => r.department.name },
    {
      title: t('catalog.list.status'),
      dataIndex: 'status',
      key: 'status',
      render: (s: ImplementationStatus) => <StatusTag status={s} />,
    },
    {
      title: t('catalog.list.version'),
      key: 'version',
      render: (_, r) =>
        r.publishedVersion
          ? t('catalog.list.versionPublished', { v: r.version, p: r.publishedVersion })
          : String(r.version),
    },
    { title: t('catalog.list.updated'), dataIndex: 'updatedAt', key: 'updatedAt', render: (v: string) => dateTime(v) },
    {
      title: t('catalog.list.code'),
      dataIndex: 'code',
      key: 'code',
      render: (v: string) => <span className="ow-mono">{v}</span>,
    },
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('catalog.list.heading')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('catalog.list.intro')}</Typography.Paragraph>
      <Space wrap size="large" align="center">
        <Input.Search
          allowClear
          enterButton={t('catalog.list.search')}
          placeholder={t('catalog.list.searchHint')}
          aria-label={t('catalog.list.searchHint')}
          onSearch={(v) => setKeyword(v.trim().slice(0, 100))}
          style={{ width: 'min(420px, 100%)' }}
          data-testid="catalog-search"
        />
        <Space wrap align="center">
          <span id="ow-catalog-status-label">{t('catalog.list.status')}</span>
          <Radio.Group
            aria-labelledby="ow-catalog-status-label"
            optionType="button"
            value={status}
            onChange={(e) => setStatus(e.target.value as ImplementationStatus | 'all')}
            options={[
              { value: 'all', label: t('catalog.list.all') },
              ...IMPLEMENTATION_STATUSES.map((s) => ({ value: s, label: t(`catalog.status.${s}`) })),
            ]}
            data-testid="catalog-status-filter"
          />
        </Space>
        <Space wrap align="center">
          <label htmlFor="ow-catalog-region">{t('catalog.list.region')}</label>
          <RegionCascader
            id="ow-catalog-region"
            value={region}
            onChange={setRegion}
            testId="catalog-region"
            style={{ minWidth: 240 }}
          />
        </Space>
      </Space>
      {error && <Alert type="error" showIcon role="alert" title={error} data-testid="catalog-error" />}
      <Table<Implementation>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <span className="ow-empty">{t('catalog.empty')}</span> }}
        data-testid="catalog-table"
        title={() => <span aria-live="polite">{t('catalog.list.count', { n: rows.length })}</span>}
      />
      {cursor && (
        <Button
          onClick={() => void load(status, region, keyword, cursor)}
          loading={loading}
          data-testid="catalog-load-more"
        >
          {t('catalog.loadMore')}
        </Button>
      )}
    </Space>
  );
}
