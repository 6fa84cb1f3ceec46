import { useState } from 'react';
import { Alert, Button, Input, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { RegistryApi, type Enterprise } from '../api.ts';

export function RegistryPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const [q, setQ] = useState('');
  const [submitted, setSubmitted] = useState('');
  const pages = useInfiniteQuery({
    queryKey: ['registry.enterprises', submitted],
    queryFn: ({ pageParam, signal }) => RegistryApi.enterprises(submitted.trim(), pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const cursor = pages.hasNextPage;
  const loading = pages.isFetching;
  const error = pages.error ? errorText(pages.error, i18n) : null;
  const load = (query: string) => {
    if (query === submitted) void pages.refetch();
    else setSubmitted(query);
  };

  const columns: TableColumnsType<Enterprise> = [
    {
      title: t('registry.uscc'),
      dataIndex: 'uscc',
      key: 'uscc',
      render: (v: string) => <span className="ow-mono">{v}</span>,
    },
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
    {
      title: t('registry.region'),
      dataIndex: 'regionName',
      key: 'regionName',
      render: (v: unknown) => (v == null ? '—' : String(v)),
    },
    {
      title: t('registry.status'),
      dataIndex: 'status',
      key: 'status',
      render: (v: unknown) =>
        v == null
          ? '—'
          : v === 'active' || v === 'revoked' || v === 'deregistered'
            ? t(`registry.status.${v}`)
            : String(v),
    },
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
          load(q);
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
        <Button onClick={() => void pages.fetchNextPage()} loading={loading} data-testid="registry-load-more">
          {t('registry.loadMore')}
        </Button>
      )}
    </Space>
  );
}
