import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Input, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { Api, type Enterprise } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { errorText } from '../errors.ts';

export function RegistryPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const [q, setQ] = useState('');
  const [rows, setRows] = useState<Enterprise[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ctrl = useRef<AbortController | null>(null);
  const submitted = useRef('');
  const i18nRef = useRef(i18n);
  i18nRef.current = i18n;

  const load = useCallback(
    async (query: string, after: string | null) => {
      ctrl.current?.abort();
      const c = new AbortController();
      ctrl.current = c;
      submitted.current = query;
      setLoading(true);
      setError(null);
      try {
        const page = await Api.enterprises(query.trim(), after, c.signal);
        setRows((prev) => (after ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor ?? null);
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
    void load('', null);
    return () => ctrl.current?.abort();
  }, [load]);

  const columns: TableColumnsType<Enterprise> = [
    { title: t('registry.uscc'), dataIndex: 'uscc', key: 'uscc', render: (v: string) => <span className="ow-mono">{v}</span> },
    {
      title: t('registry.name'),
      dataIndex: 'name',
      key: 'name',
      render: (v: string, r) => (
        <Space size="small" wrap>
          <span>{v}</span>
          {r.synthetic && (
            <Tag color="blue" data-testid="synthetic-tag">
              {t('registry.synthetic')}
            </Tag>
          )}
        </Space>
      ),
    },
    { title: t('registry.region'), dataIndex: 'regionName', key: 'regionName', render: (v: unknown) => (v == null ? '—' : String(v)) },
    { title: t('registry.status'), dataIndex: 'status', key: 'status', render: (v: unknown) => (v == null ? '—' : String(v)) },
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('registry.heading')}
      </Typography.Title>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void load(q, null);
        }}
      >
        <label htmlFor="ow-registry-q" className="ow-visually-hidden">
          {t('registry.searchLabel')}
        </label>
        <Space.Compact style={{ width: '100%', maxWidth: 640 }}>
          <Input
            id="ow-registry-q"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder={t('registry.searchPlaceholder')}
            allowClear
            data-testid="registry-search-input"
          />
          <Button type="primary" htmlType="submit" loading={loading && !cursor} data-testid="registry-search-submit">
            {t('registry.search')}
          </Button>
        </Space.Compact>
      </form>
      {error && <Alert type="error" showIcon title={error} role="alert" data-testid="registry-error" />}
      <Table<Enterprise>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('registry.empty') }}
        data-testid="registry-table"
        title={() => <span aria-live="polite">{t('registry.count', { n: rows.length })}</span>}
      />
      {cursor && (
        <Button onClick={() => void load(submitted.current, cursor)} loading={loading} data-testid="registry-load-more">
          {t('registry.loadMore')}
        </Button>
      )}
    </Space>
  );
}
