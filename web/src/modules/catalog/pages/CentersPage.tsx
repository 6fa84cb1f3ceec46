/**
 * 服务中心与进驻负面清单: the centers of a region with their halls and windows, and each center's negative list
 * (items it does not host; all others must be handled there). Managers (catalog:centers) add and remove entries,
 * each with a reason and the approving document.
 */
import { useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { CatalogApi } from '../api.ts';
import { MoreApi, catalogPermissions, type Center, type CenterWindow, type NegativeEntry } from '../api.ts';
import { RegionCascader } from '../../../components/RegionCascader.tsx';
import { ReasonModal } from '../../../components/ReasonModal.tsx';
import { useLoad } from '../../../api/use-load.ts';
import { dateTime } from '../components/labels.ts';
import '../components/catalog.css';
import { useSignedIn } from '../../../shell/session.tsx';

function WindowsTable({ windows }: { windows: CenterWindow[] }) {
  const { t } = useI18n();
  const columns: TableColumnsType<CenterWindow> = [
    { title: t('centers.windowNumber'), dataIndex: 'number', key: 'number', width: 90 },
    { title: t('centers.windowName'), dataIndex: 'name', key: 'name' },
    { title: t('centers.windowType'), dataIndex: 'typeName', key: 'type' },
    {
      title: t('centers.departments'),
      key: 'departments',
      render: (_, w) => (w.departments.length ? w.departments.map((d) => d.name).join('、') : '—'),
    },
    {
      title: t('catalog.list.status'),
      dataIndex: 'status',
      key: 'status',
      render: (s: string) => t(s === 'open' ? 'centers.open' : 'centers.closed'),
    },
  ];
  return <Table<CenterWindow> rowKey="id" columns={columns} dataSource={windows} pagination={false} size="small" />;
}

interface EntryValues {
  target: 'implementation' | 'item';
  implementationId?: string;
  itemId?: string;
  reason: string;
  approvedBy: string;
  approvedOn: string;
}

function AddEntryForm({ center, onAdded }: { center: Center; onAdded: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [form] = Form.useForm<EntryValues>();
  const target = Form.useWatch('target', form) ?? 'implementation';
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const impls = useLoad(['catalog.implementations', { region: center.region, status: 'published' }], (s) =>
    CatalogApi.implementations({ region: center.region, status: 'published', limit: 200 }, s),
  );
  const items = useLoad(['catalog.items'], target === 'item' ? (s) => MoreApi.items(null, s) : null);

  const submit = async (v: EntryValues) => {
    setBusy(true);
    setError(null);
    try {
      await MoreApi.addEntry(center.id, {
        version: center.version,
        ...(v.target === 'implementation' ? { implementationId: v.implementationId } : { itemId: v.itemId }),
        reason: v.reason.trim(),
        approvedBy: v.approvedBy.trim(),
        approvedOn: v.approvedOn.trim(),
      });
      form.resetFields();
      onAdded();
    } catch (e) {
      setError(errorText(e, i18n));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<EntryValues>
      form={form}
      layout="vertical"
      initialValues={{ target: 'implementation' }}
      onFinish={(v) => void submit(v)}
      data-testid="negative-add-form"
    >
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      <Form.Item name="target" label={t('centers.target')}>
        <Radio.Group
          options={[
            { value: 'implementation', label: t('centers.targetImplementation') },
            { value: 'item', label: t('centers.targetItem') },
          ]}
        />
      </Form.Item>
      {target === 'implementation' ? (
        <Form.Item
          name="implementationId"
          label={t('centers.implementation')}
          rules={[{ required: true, message: t('catalog.edit.required') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={impls.loading}
            options={(impls.data?.items ?? []).map((i) => ({
              value: i.id,
              label: `${i.item.name} · ${i.department.name}`,
            }))}
            style={{ maxWidth: 560 }}
          />
        </Form.Item>
      ) : (
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
      )}
      <Form.Item
        name="reason"
        label={t('catalog.reason')}
        rules={[{ required: true, whitespace: true, message: t('catalog.reasonRequired') }]}
      >
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Space wrap align="start">
        <Form.Item
          name="approvedBy"
          label={t('centers.approvedBy')}
          rules={[{ required: true, whitespace: true, message: t('catalog.edit.required') }]}
        >
          <Input style={{ minWidth: 280 }} />
        </Form.Item>
        <Form.Item
          name="approvedOn"
          label={t('centers.approvedOn')}
          rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('catalog.edit.dateFormat') }]}
        >
          <Input placeholder="YYYY-MM-DD" style={{ width: 160 }} />
        </Form.Item>
      </Space>
      <div>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="negative-add-submit">
          {t('centers.addEntry')}
        </Button>
      </div>
    </Form>
  );
}

function CenterDetail({ id, manage }: { id: string; manage: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = AntApp.useApp();
  const center = useLoad(['catalog.center', id], (s) => MoreApi.center(id, s));
  const list = useLoad(['catalog.negativeList', id, center.data?.version], (s) => MoreApi.negativeList(id, s));
  const [removing, setRemoving] = useState<NegativeEntry | null>(null);
  if (center.error) return <Alert type="error" showIcon role="alert" title={errorText(center.error, i18n)} />;
  const c = center.data;
  if (!c) return null;
  const columns: TableColumnsType<NegativeEntry> = [
    {
      title: t('centers.target'),
      key: 'target',
      render: (_, e) => (
        <Tag className="ow-tag">{t(e.target === 'item' ? 'centers.targetItem' : 'centers.targetImplementation')}</Tag>
      ),
    },
    { title: t('catalog.report.item'), dataIndex: 'itemName', key: 'itemName' },
    {
      title: t('catalog.list.code'),
      dataIndex: 'implementationCode',
      key: 'code',
      render: (v: string | null) => <span className="ow-mono">{v ?? '—'}</span>,
    },
    { title: t('catalog.reason'), dataIndex: 'reason', key: 'reason' },
    { title: t('centers.approvedBy'), key: 'approved', render: (_, e) => `${e.approvedBy}（${e.approvedOn}）` },
    {
      title: t('catalog.list.status'),
      key: 'status',
      render: (_, e) =>
        e.status === 'active'
          ? t('centers.entryActive')
          : `${t('centers.entryRemoved')} ${dateTime(e.removedAt)}：${e.removalReason ?? ''}`,
    },
    ...(manage
      ? [
          {
            title: t('catalog.actions'),
            key: 'actions',
            render: (_: unknown, e: NegativeEntry) =>
              e.status === 'active' ? (
                <Button size="small" className="ow-btn-danger" onClick={() => setRemoving(e)}>
                  {t('centers.removeEntry')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="center-detail">
      <Typography.Title level={2} className="ow-h3">
        {c.name}
      </Typography.Title>
      <Descriptions size="small" bordered column={1}>
        <Descriptions.Item label={t('catalog.list.region')}>{c.regionName}</Descriptions.Item>
        <Descriptions.Item label={t('catalog.edit.placeAddress')}>{c.address}</Descriptions.Item>
        <Descriptions.Item label={t('catalog.edit.placeHours')}>{c.hours}</Descriptions.Item>
        <Descriptions.Item label={t('centers.phone')}>{c.phone ?? '—'}</Descriptions.Item>
      </Descriptions>
      {c.halls.map((h) => (
        <div key={h.id}>
          <Typography.Title level={3} className="ow-h3">
            {h.name}
            {h.floor ? `（${h.floor}）` : ''}
          </Typography.Title>
          <WindowsTable windows={h.windows} />
        </div>
      ))}
      <Typography.Title level={3} className="ow-h3">
        {t('centers.negativeList')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('centers.negativeIntro')}</Typography.Paragraph>
      {list.error ? (
        <Alert type="error" showIcon role="alert" title={errorText(list.error, i18n)} />
      ) : (
        <Table<NegativeEntry>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          pagination={false}
          size="small"
          locale={{ emptyText: <span className="ow-empty">{t('centers.noEntries')}</span> }}
          data-testid="negative-list"
        />
      )}
      {manage && (
        <Card size="small" title={t('centers.addEntry')}>
          <AddEntryForm
            center={c}
            onAdded={() => {
              message.success(t('centers.entryAdded'));
              center.reload();
            }}
          />
        </Card>
      )}
      <ReasonModal
        open={removing !== null}
        title={removing ? t('centers.removeTitle', { name: removing.itemName }) : ''}
        okText={t('centers.removeEntry')}
        danger
        onCancel={() => setRemoving(null)}
        onSubmit={async (reason) => {
          if (!removing) return;
          await MoreApi.removeEntry(c.id, removing.id, c.version, reason);
          setRemoving(null);
          center.reload();
        }}
      />
    </Space>
  );
}

export function CentersPage() {
  const { permissions } = useSignedIn();
  const i18n = useI18n();
  const { t } = i18n;
  const [region, setRegion] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const centers = useLoad(['catalog.centers', region], (s) => MoreApi.centers(region, s));
  const manage = catalogPermissions(permissions).centers;
  const columns: TableColumnsType<Center> = [
    {
      title: t('centers.name'),
      key: 'name',
      render: (_, c) => (
        <Button
          type="link"
          className="ow-link-btn"
          onClick={() => setSelected(c.id)}
          aria-pressed={selected === c.id}
          data-testid="center-open"
        >
          {c.name}
        </Button>
      ),
    },
    { title: t('catalog.list.region'), dataIndex: 'regionName', key: 'region' },
    { title: t('catalog.edit.placeAddress'), dataIndex: 'address', key: 'address' },
    {
      title: t('centers.windows'),
      key: 'windows',
      align: 'right',
      render: (_, c) => c.halls.reduce((n, h) => n + h.windows.length, 0),
    },
    {
      title: t('catalog.list.status'),
      dataIndex: 'status',
      key: 'status',
      render: (s: string) => t(s === 'open' ? 'centers.open' : 'centers.closed'),
    },
  ];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="centers-page">
      <Typography.Title level={1} data-testid="page-title">
        {t('centers.heading')}
      </Typography.Title>
      <Space wrap align="center">
        <label htmlFor="ow-centers-region">{t('catalog.list.region')}</label>
        <RegionCascader
          id="ow-centers-region"
          value={region}
          onChange={(r) => {
            setRegion(r);
            setSelected(null);
          }}
          style={{ minWidth: 240 }}
        />
      </Space>
      {centers.error ? (
        <Alert type="error" showIcon role="alert" title={errorText(centers.error, i18n)} />
      ) : (
        <Table<Center>
          rowKey="id"
          columns={columns}
          dataSource={centers.data?.items ?? []}
          loading={centers.loading}
          pagination={false}
          size="small"
          locale={{ emptyText: <span className="ow-empty">{t('catalog.empty')}</span> }}
          data-testid="centers-table"
        />
      )}
      {selected && <CenterDetail key={selected} id={selected} manage={manage} />}
    </Space>
  );
}
