/**
 * 放权赋能: delegations of an item's handling down to counties — history (active and rolled back), a new
 * delegation (catalog:publish), rollback with a reason, and the per-county report (volumes and on-time rates as the
 * cases module counts them, with the server's note saying how; empty, with a note, when no cases module is installed).
 */
import { useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Table,
  Tabs,
  Typography,
  type TableColumnsType,
} from 'antd';
import { call, client, type Division } from '../../../api/client.ts';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { catalogPermissions } from '../api.ts';
import { MoreApi, type Delegation, type DelegationReportRow } from '../api.ts';
import { RegionCascader } from '../../../components/RegionCascader.tsx';
import { ReasonModal } from '../../../components/ReasonModal.tsx';
import { useLoad } from '../../../api/use-load.ts';
import { dateTime } from '../components/labels.ts';
import '../components/catalog.css';
import { useSignedIn } from '../../../shell/session.tsx';

interface NewValues {
  itemId: string;
  fromRegion: string;
  toRegions: string[];
  receivingKind?: string;
  effectiveFrom: string;
  reason: string;
  document?: string;
}

/** Counties (and county-level zones) under a province or city, for the delegation's targets. */
async function countiesUnder(region: string): Promise<Division[]> {
  const under = async (parent: string) =>
    (await call(client.GET('/api/v1/reference/divisions', { params: { query: { parent } } }))).items;
  const kids = await under(region);
  const out: Division[] = [];
  for (const d of kids) {
    if (d.level === 'county') out.push(d);
    else out.push(...(await under(d.code)));
  }
  return out;
}

function NewDelegation({ onCreated }: { onCreated: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [form] = Form.useForm<NewValues>();
  const from = Form.useWatch('fromRegion', form) ?? null;
  const items = useLoad(['catalog.items'], (s) => MoreApi.items(null, s));
  const counties = useLoad(['catalog.countiesUnder', from], from ? () => countiesUnder(from) : null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (v: NewValues) => {
    setBusy(true);
    setError(null);
    try {
      await MoreApi.createDelegation({
        itemId: v.itemId,
        fromRegion: v.fromRegion,
        toRegions: v.toRegions,
        ...(v.receivingKind?.trim() ? { receivingKind: v.receivingKind.trim() } : {}),
        effectiveFrom: v.effectiveFrom.trim(),
        reason: v.reason.trim(),
        document: v.document?.trim() || null,
      });
      form.resetFields();
      onCreated();
    } catch (e) {
      setError(errorText(e, i18n));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<NewValues> form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="delegation-form">
      {error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={error}
          style={{ marginBottom: 12 }}
          data-testid="delegation-error"
        />
      )}
      <Form.Item
        name="itemId"
        label={t('centers.item')}
        rules={[{ required: true, message: t('catalog.edit.required') }]}
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          loading={items.loading}
          options={(items.data?.items ?? []).map((i) => ({ value: i.id, label: i.name }))}
          style={{ maxWidth: 560 }}
        />
      </Form.Item>
      <Form.Item
        name="fromRegion"
        label={t('delegations.fromRegion')}
        extra={t('delegations.fromRegionHint')}
        rules={[{ required: true, message: t('catalog.edit.required') }]}
      >
        <FromRegion />
      </Form.Item>
      <Form.Item
        name="toRegions"
        label={t('delegations.toRegions')}
        rules={[{ required: true, type: 'array', min: 1, message: t('catalog.edit.required') }]}
      >
        <Select
          mode="multiple"
          disabled={!from}
          loading={counties.loading}
          options={(counties.data ?? []).map((d) => ({ value: d.code, label: d.name }))}
          style={{ maxWidth: 560 }}
        />
      </Form.Item>
      <Space wrap align="start">
        <Form.Item
          name="effectiveFrom"
          label={t('catalog.effectiveFrom')}
          rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('catalog.edit.dateFormat') }]}
        >
          <Input placeholder="YYYY-MM-DD" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item
          name="receivingKind"
          label={t('delegations.receivingKind')}
          extra={t('delegations.receivingKindHint')}
        >
          <Input className="ow-mono" style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="document" label={t('delegations.document')}>
          <Input style={{ minWidth: 240 }} />
        </Form.Item>
      </Space>
      <Form.Item
        name="reason"
        label={t('catalog.reason')}
        rules={[{ required: true, whitespace: true, message: t('catalog.reasonRequired') }]}
      >
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="delegation-submit">
        {t('delegations.create')}
      </Button>
    </Form>
  );
}

/** A Form.Item child: the region picker bound to the form value. */
function FromRegion({ value, onChange, id }: { value?: string; onChange?: (v: string | null) => void; id?: string }) {
  return (
    <RegionCascader
      id={id ?? 'ow-delegation-from'}
      value={value ?? null}
      onChange={(v) => onChange?.(v)}
      style={{ minWidth: 240 }}
    />
  );
}

function History({
  region,
  publish,
  reloadKey,
  onChanged,
}: {
  region: string | null;
  publish: boolean;
  reloadKey: number;
  onChanged: () => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [status, setStatus] = useState<'all' | 'active' | 'rolled_back'>('all');
  const list = useLoad(['catalog.delegations', region, status, reloadKey], (s) =>
    MoreApi.delegations({ region, status: status === 'all' ? null : status }, s),
  );
  const [rolling, setRolling] = useState<Delegation | null>(null);
  const columns: TableColumnsType<Delegation> = [
    { title: t('centers.item'), dataIndex: 'itemName', key: 'item' },
    { title: t('delegations.fromRegion'), dataIndex: 'fromRegionName', key: 'from' },
    {
      title: t('delegations.toRegions'),
      key: 'to',
      render: (_, d) => d.toRegions.map((r) => `${r.name}（${r.department.name}）`).join('、'),
    },
    { title: t('catalog.effectiveFrom'), dataIndex: 'effectiveFrom', key: 'effectiveFrom' },
    {
      title: t('delegations.document'),
      dataIndex: 'document',
      key: 'document',
      render: (v: string | null) => v ?? '—',
    },
    { title: t('catalog.reason'), dataIndex: 'reason', key: 'reason' },
    {
      title: t('catalog.list.status'),
      key: 'status',
      render: (_, d) =>
        d.status === 'active'
          ? t(d.inForce ? 'delegations.inForce' : 'delegations.scheduled')
          : `${t('delegations.rolledBack')} ${dateTime(d.rolledBackAt)}：${d.rollbackReason ?? ''}`,
    },
    ...(publish
      ? [
          {
            title: t('catalog.actions'),
            key: 'actions',
            render: (_: unknown, d: Delegation) =>
              d.status === 'active' ? (
                <Button
                  size="small"
                  className="ow-btn-danger"
                  onClick={() => setRolling(d)}
                  data-testid="delegation-rollback"
                >
                  {t('delegations.rollback')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Radio.Group
        aria-label={t('catalog.list.status')}
        optionType="button"
        value={status}
        onChange={(e) => setStatus(e.target.value as typeof status)}
        options={[
          { value: 'all', label: t('catalog.list.all') },
          { value: 'active', label: t('delegations.active') },
          { value: 'rolled_back', label: t('delegations.rolledBack') },
        ]}
      />
      {list.error ? (
        <Alert type="error" showIcon role="alert" title={errorText(list.error, i18n)} />
      ) : (
        <Table<Delegation>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          pagination={false}
          size="small"
          locale={{ emptyText: <span className="ow-empty">{t('catalog.empty')}</span> }}
          data-testid="delegations-table"
        />
      )}
      <ReasonModal
        open={rolling !== null}
        title={rolling ? t('delegations.rollbackTitle', { name: rolling.itemName }) : ''}
        okText={t('delegations.rollback')}
        danger
        onCancel={() => setRolling(null)}
        onSubmit={async (reason) => {
          if (!rolling) return;
          await MoreApi.rollbackDelegation(rolling.id, rolling.version, reason);
          setRolling(null);
          onChanged();
        }}
      />
    </Space>
  );
}

function Report({ region, reloadKey }: { region: string | null; reloadKey: number }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const r = useLoad(['catalog.delegationReport', region, reloadKey], (s) => MoreApi.delegationReport(region, s));
  const rows = r.data?.items ?? [];
  const columns: TableColumnsType<DelegationReportRow> = [
    { title: t('delegations.county'), dataIndex: 'countyName', key: 'county' },
    { title: t('catalog.list.department'), key: 'department', render: (_, row) => row.department.name },
    { title: t('centers.item'), dataIndex: 'itemName', key: 'item' },
    { title: t('delegations.fromRegion'), dataIndex: 'fromRegionName', key: 'from' },
    { title: t('catalog.effectiveFrom'), dataIndex: 'effectiveFrom', key: 'effectiveFrom' },
    {
      title: t('catalog.list.status'),
      key: 'inForce',
      render: (_, row) => t(row.inForce ? 'delegations.inForce' : 'delegations.scheduled'),
    },
    { title: t('delegations.volume'), key: 'volume', render: (_, row) => row.volume ?? '—' },
    {
      title: t('delegations.onTimeRate'),
      key: 'onTime',
      render: (_, row) => (row.onTimeRate === null ? '—' : `${Math.round(row.onTimeRate * 1000) / 10}%`),
    },
  ];
  if (r.error) return <Alert type="error" showIcon role="alert" title={errorText(r.error, i18n)} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {rows[0] && (
        <Alert type="info" showIcon title={lang === 'zh-CN' ? rows[0].metricsNote.zh : rows[0].metricsNote.en} />
      )}
      <Table<DelegationReportRow>
        rowKey={(row) => `${row.delegationId}:${row.county}`}
        columns={columns}
        dataSource={rows}
        loading={r.loading}
        pagination={false}
        size="small"
        locale={{ emptyText: <span className="ow-empty">{t('catalog.empty')}</span> }}
        data-testid="delegation-report"
      />
    </Space>
  );
}

export function DelegationsPage() {
  const { permissions } = useSignedIn();
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const publish = catalogPermissions(permissions).publish;
  const [region, setRegion] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const changed = () => setReloadKey((n) => n + 1);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="delegations-page">
      <Typography.Title level={1} data-testid="page-title">
        {t('delegations.heading')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('delegations.intro')}</Typography.Paragraph>
      <Space wrap align="center">
        <label htmlFor="ow-delegations-region">{t('catalog.list.region')}</label>
        <RegionCascader id="ow-delegations-region" value={region} onChange={setRegion} style={{ minWidth: 240 }} />
      </Space>
      <Tabs
        destroyOnHidden
        items={[
          {
            key: 'history',
            label: t('delegations.history'),
            children: <History region={region} publish={publish} reloadKey={reloadKey} onChanged={changed} />,
          },
          { key: 'report', label: t('delegations.report'), children: <Report region={region} reloadKey={reloadKey} /> },
          ...(publish
            ? [
                {
                  key: 'new',
                  label: t('delegations.create'),
                  children: (
                    <Card size="small">
                      <NewDelegation
                        onCreated={() => {
                          message.success(t('delegations.created'));
                          changed();
                        }}
                      />
                    </Card>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Space>
  );
}
