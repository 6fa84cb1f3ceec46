import { useState } from 'react';
import { Alert, Button, Input, Space, Table, Typography, type TableColumnsType } from 'antd';
import type { Division } from '../../../api/client.ts';
import { useLoad } from '../../../api/use-load.ts';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { ReferenceApi } from '../api.ts';
import { LimitsEditor } from './LimitsEditor.tsx';

export function ReferencePage() {
  const i18n = useI18n();
  const { t } = i18n;
  const [parent, setParent] = useState('410000');
  const [submitted, setSubmitted] = useState('410000');
  const divisions = useLoad(['reference.divisions', submitted], (signal) => ReferenceApi.divisions(submitted, signal));
  const rows = divisions.error ? [] : (divisions.data?.items ?? []);
  const loading = divisions.loading;
  const error = divisions.error ? errorText(divisions.error, i18n) : null;
  const load = (p: string) => {
    if (p.trim() === submitted) divisions.reload();
    else setSubmitted(p.trim());
  };

  const columns: TableColumnsType<Division> = [
    {
      title: t('reference.code'),
      dataIndex: 'code',
      key: 'code',
      render: (v: string) => <span className="ow-mono">{v}</span>,
    },
    { title: t('reference.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('reference.level'),
      dataIndex: 'level',
      key: 'level',
      render: (v: unknown) =>
        v === 'province' || v === 'city' || v === 'county' ? t(`reference.level.${v}`) : String(v ?? '—'),
    },
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('reference.heading')}
      </Typography.Title>
      <Typography.Title level={2}>{t('reference.divisions')}</Typography.Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void load(parent);
        }}
      >
        <Space wrap>
          <label htmlFor="ow-division-parent">{t('reference.parent')}</label>
          <Input
            id="ow-division-parent"
            className="ow-mono"
            value={parent}
            onChange={(e) => setParent(e.target.value)}
            style={{ width: 160 }}
            inputMode="numeric"
          />
          <Button type="primary" htmlType="submit" loading={loading}>
            {t('reference.load')}
          </Button>
        </Space>
      </form>
      {error && <Alert type="error" showIcon title={error} role="alert" />}
      <Table<Division>
        rowKey="code"
        columns={columns}
        dataSource={rows}
        loading={loading}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid="division-table"
      />
      <LimitsEditor />
    </Space>
  );
}
