/** Open311 API keys: a center's host lead (or an administrator) issues a key to a partner, sees its uses, revokes it. */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n, type MsgKey } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { ReasonModal } from '../../../components/ReasonModal.tsx';
import { HotlineApi, type ApiKey, type IssueKeyBody } from '../api.ts';

function UsesDialog({ apiKey, onClose }: { apiKey: ApiKey | null; onClose: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const uses = useQuery({
    queryKey: ['hotline.keyUses', apiKey?.id],
    queryFn: ({ signal }) => HotlineApi.keyUses(apiKey!.id, signal),
    enabled: !!apiKey,
  });
  return (
    <Modal
      open={!!apiKey}
      title={`${t('hotline.keys.uses')} · ${apiKey?.client ?? ''}`}
      onCancel={onClose}
      footer={null}
    >
      {!!uses.error && <Alert type="error" showIcon title={errorText(uses.error, i18n)} />}
      <Table
        rowKey={(u) => `${u.at}-${u.action}`}
        size="small"
        loading={uses.isFetching}
        dataSource={uses.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('hotline.keys.lastUsed'), key: 'at', render: (_, u) => new Date(u.at).toLocaleString(i18n.lang) },
          {
            title: t('hotline.keys.state'),
            key: 'action',
            render: (_, u) => t(`hotline.keys.use.${u.action}` as MsgKey),
          },
          { title: t('hotline.number'), key: 'number', render: (_, u) => u.ticketNumber ?? '—' },
        ]}
      />
    </Modal>
  );
}

export function ApiKeysPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: ['hotline.apiKeys'], queryFn: ({ signal }) => HotlineApi.apiKeys(signal) });
  const centers = useQuery({ queryKey: ['hotline.centers'], queryFn: ({ signal }) => HotlineApi.centers(signal) });
  const [form] = Form.useForm<IssueKeyBody>();
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [showUses, setShowUses] = useState<ApiKey | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['hotline.apiKeys'] });

  const issue = async (values: IssueKeyBody) => {
    setBusy(true);
    setError(null);
    try {
      const r = await HotlineApi.issueKey({ ...values, contact: values.contact || null });
      setSecret(r.secret);
      form.resetFields(['client', 'contact']);
      await refresh();
    } catch (e) {
      setError(errorText(e, i18n));
    } finally {
      setBusy(false);
    }
  };
  const when = (v: string | null) => (v ? new Date(v).toLocaleString(i18n.lang) : '—');
  const columns: TableColumnsType<ApiKey> = [
    { title: t('hotline.keys.client'), dataIndex: 'client', key: 'client' },
    { title: t('hotline.keys.center'), key: 'center', render: (_, x) => x.center.name },
    {
      title: t('hotline.keys.prefix'),
      key: 'prefix',
      render: (_, x) => <Typography.Text code>{x.prefix}…</Typography.Text>,
    },
    { title: t('hotline.keys.rate'), dataIndex: 'ratePerMinute', key: 'rate' },
    { title: t('hotline.keys.created'), key: 'created', render: (_, x) => when(x.createdAt) },
    { title: t('hotline.keys.intakes'), dataIndex: 'intakes', key: 'intakes' },
    { title: t('hotline.keys.lastUsed'), key: 'last', render: (_, x) => when(x.lastUsedAt) },
    {
      title: t('hotline.keys.state'),
      key: 'state',
      render: (_, x) =>
        x.revokedAt ? (
          <Tag title={x.revokeReason ?? undefined}>{`${t('hotline.keys.revoked')} · ${when(x.revokedAt)}`}</Tag>
        ) : (
          <Tag color="success">{t('hotline.keys.active')}</Tag>
        ),
    },
    {
      title: t('hotline.actions'),
      key: 'actions',
      render: (_, x) => (
        <Space wrap>
          <Button size="small" onClick={() => setShowUses(x)}>
            {t('hotline.keys.uses')}
          </Button>
          {!x.revokedAt && (
            <Button size="small" danger onClick={() => setRevoking(x)} data-testid="revoke-key">
              {t('hotline.keys.revoke')}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('nav.hotlineApiKeys')}
      </Typography.Title>
      <Typography.Paragraph>{t('hotline.keys.intro')}</Typography.Paragraph>
      {(!!keys.error || error) && <Alert type="error" showIcon title={error ?? errorText(keys.error, i18n)} />}
      {secret && (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={() => setSecret(null)}
          title={t('hotline.keys.secretTitle')}
          description={
            <Typography.Text copyable code data-testid="new-key">
              {secret}
            </Typography.Text>
          }
        />
      )}
      <Card title={t('hotline.keys.issue')}>
        <Form form={form} layout="vertical" onFinish={issue} initialValues={{ ratePerMinute: 30 }}>
          <Form.Item name="centerId" label={t('hotline.keys.center')} rules={[{ required: true }]}>
            <Select
              data-testid="key-center"
              loading={centers.isFetching}
              options={(centers.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            />
          </Form.Item>
          <Form.Item name="client" label={t('hotline.keys.client')} rules={[{ required: true, max: 100 }]}>
            <Input data-testid="key-client" />
          </Form.Item>
          <Form.Item name="contact" label={t('hotline.keys.contact')} rules={[{ max: 200 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="ratePerMinute" label={t('hotline.keys.rate')} rules={[{ required: true }]}>
            <InputNumber min={1} max={600} precision={0} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="key-issue">
            {t('hotline.keys.issue')}
          </Button>
        </Form>
      </Card>
      <Table
        rowKey="id"
        loading={keys.isFetching}
        dataSource={keys.data?.items ?? []}
        columns={columns}
        scroll={{ x: true }}
        locale={{ emptyText: t('hotline.keys.none') }}
      />
      <ReasonModal
        open={!!revoking}
        danger
        title={t('hotline.keys.revokeTitle', { client: revoking?.client ?? '' })}
        okText={t('hotline.keys.revoke')}
        onCancel={() => setRevoking(null)}
        onSubmit={async (reason) => {
          await HotlineApi.revokeKey(revoking!.id, revoking!.version, reason);
          setRevoking(null);
          await refresh();
        }}
      />
      <UsesDialog apiKey={showUses} onClose={() => setShowUses(null)} />
    </Space>
  );
}
