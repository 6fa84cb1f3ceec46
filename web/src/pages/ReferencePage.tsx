import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Input, Space, Table, Typography, type TableColumnsType } from 'antd';
import { Api, type Division } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { errorText } from '../errors.ts';

export function ReferencePage() {
  const i18n = useI18n();
  const { t } = i18n;
  const i18nRef = useRef(i18n);
  i18nRef.current = i18n;
  const [parent, setParent] = useState('410000');
  const [rows, setRows] = useState<Division[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (p: string) => {
    setLoading(true);
    setError(null);
    try {
      const page = await Api.divisions(p.trim());
      setRows(page.items);
    } catch (e) {
      setRows([]);
      setError(errorText(e, i18nRef.current));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load('410000');
  }, [load]);

  const columns: TableColumnsType<Division> = [
    { title: t('reference.code'), dataIndex: 'code', key: 'code', render: (v: string) => <span className="ow-mono">{v}</span> },
    { title: t('reference.name'), dataIndex: 'name', key: 'name' },
    { title: t('reference.level'), dataIndex: 'level', key: 'level', render: (v: unknown) => String(v ?? '—') },
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
          <Input id="ow-division-parent" className="ow-mono" value={parent} onChange={(e) => setParent(e.target.value)} style={{ width: 160 }} inputMode="numeric" />
          <Button type="primary" htmlType="submit" loading={loading}>
            {t('reference.load')}
          </Button>
        </Space>
      </form>
      {error && <Alert type="error" showIcon title={error} role="alert" />}
      <Table<Division> rowKey="code" columns={columns} dataSource={rows} loading={loading} pagination={{ pageSize: 20, hideOnSinglePage: true }} data-testid="division-table" />
    </Space>
  );
}
