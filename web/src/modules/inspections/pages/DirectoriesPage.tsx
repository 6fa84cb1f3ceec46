import { useState, type ReactNode } from 'react';
import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { useSession } from '../../../shell/session.tsx';
import { errorText } from '../../../shell/errors.ts';
import { useLoad } from '../../../api/use-load.ts';
import { InspectionsApi, type Inspector, type InspectorCandidate, type Item, type Plan, type Target } from '../api.ts';

const CLASSES = ['A', 'B', 'C', 'D'] as const;
const METHODS = ['on_site', 'documents', 'online'] as const;
const TRIGGERS = ['complaint', 'risk_warning', 'referral'] as const;
const STATUSES = ['active', 'suspended', 'left'] as const;

/** A form's error (or success note) above it, in words. */
function useOutcome() {
  const i18n = useI18n();
  const [state, setState] = useState<{ error?: unknown; done?: string } | null>(null);
  const run = async (f: () => Promise<string | void>) => {
    setState(null);
    try {
      const done = await f();
      setState(done ? { done } : null);
      return true;
    } catch (error) {
      setState({ error });
      return false;
    }
  };
  const view: ReactNode = state?.error ? (
    <Alert type="error" showIcon title={errorText(state.error, i18n)} style={{ marginBottom: 16 }} />
  ) : state?.done ? (
    <Alert type="success" showIcon title={state.done} style={{ marginBottom: 16 }} />
  ) : null;
  return { run, view };
}

function ItemsTab({ manage }: { manage: boolean }) {
  const { t } = useI18n();
  const items = useLoad(['inspections.items'], (s) => InspectionsApi.items(s));
  const catalog = useLoad(['inspections.catalogChecks'], manage ? (s) => InspectionsApi.catalogChecks(s) : null);
  const [form] = Form.useForm();
  const outcome = useOutcome();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Table<Item>
        rowKey="id"
        pagination={false}
        scroll={{ x: true }}
        dataSource={items.data?.items ?? []}
        loading={items.loading}
        columns={[
          { title: t('inspections.items'), dataIndex: 'name' },
          { title: t('inspections.legalBasis'), dataIndex: 'legalBasis' },
          {
            title: t('inspections.method'),
            dataIndex: 'method',
            render: (m: Item['method']) => t(`inspections.method.${m}`),
          },
        ]}
      />
      {manage ? (
        <Card title={t('inspections.dir.addItem')}>
          {outcome.view}
          <Form
            form={form}
            layout="vertical"
            onFinish={(v: { catalogItemId: string; subjectType: string; method: Item['method'] }) =>
              outcome.run(async () => {
                await InspectionsApi.addItem(v);
                form.resetFields();
                items.reload();
              })
            }
          >
            <Form.Item name="catalogItemId" label={t('inspections.dir.catalogItem')} rules={[{ required: true }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={catalog.loading}
                options={(catalog.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
              />
            </Form.Item>
            <Form.Item name="subjectType" label={t('inspections.dir.subjectType')} initialValue="enterprise">
              <Select options={[{ value: 'enterprise', label: t('inspections.dir.subject.enterprise') }]} />
            </Form.Item>
            <Form.Item name="method" label={t('inspections.method')} initialValue="on_site">
              <Select options={METHODS.map((m) => ({ value: m, label: t(`inspections.method.${m}`) }))} />
            </Form.Item>
            <Button type="primary" htmlType="submit" data-testid="add-item">
              {t('inspections.dir.add')}
            </Button>
          </Form>
        </Card>
      ) : null}
    </Space>
  );
}

function PlansTab({ manage }: { manage: boolean }) {
  const { t } = useI18n();
  const plans = useLoad(['inspections.plans'], (s) => InspectionsApi.plans(s));
  const items = useLoad(['inspections.items'], (s) => InspectionsApi.items(s));
  const itemName = new Map((items.data?.items ?? []).map((i) => [i.id, i.name]));
  const [form] = Form.useForm();
  const outcome = useOutcome();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Table<Plan>
        rowKey="id"
        pagination={false}
        scroll={{ x: true }}
        dataSource={plans.data?.items ?? []}
        loading={plans.loading}
        columns={[
          { title: t('inspections.year'), dataIndex: 'year' },
          { title: t('inspections.title'), dataIndex: 'title' },
          {
            title: t('inspections.items'),
            dataIndex: 'itemIds',
            render: (ids: string[]) => ids.map((i) => itemName.get(i) ?? '').join('、'),
          },
        ]}
      />
      {manage ? (
        <Card title={t('inspections.dir.addPlan')}>
          {outcome.view}
          <Form
            form={form}
            layout="vertical"
            onFinish={(v: { year: number; title: string; itemIds: string[] }) =>
              outcome.run(async () => {
                await InspectionsApi.addPlan(v);
                form.resetFields();
                plans.reload();
              })
            }
          >
            <Form.Item name="year" label={t('inspections.year')} rules={[{ required: true }]}>
              <InputNumber min={2000} max={2100} data-testid="plan-year" />
            </Form.Item>
            <Form.Item name="title" label={t('inspections.title')} rules={[{ required: true }]}>
              <Input maxLength={200} data-testid="plan-title" />
            </Form.Item>
            <Form.Item name="itemIds" label={t('inspections.items')} rules={[{ required: true }]}>
              <Select
                mode="multiple"
                data-testid="plan-items"
                options={(items.data?.items ?? []).map((i) => ({ value: i.id, label: i.name }))}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" data-testid="add-plan">
              {t('inspections.dir.publishPlan')}
            </Button>
          </Form>
        </Card>
      ) : null}
    </Space>
  );
}

function TargetsTab({ manage }: { manage: boolean }) {
  const { t } = useI18n();
  const [region, setRegion] = useState('');
  const [query, setQuery] = useState<string | undefined>(undefined);
  const targets = useLoad(['inspections.targets', query], (s) => InspectionsApi.targets(query, s));
  const outcome = useOutcome();
  const [editing, setEditing] = useState<Target | null>(null);
  const [form] = Form.useForm();
  const validRegion = /^\d{6}$/.test(region);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {outcome.view}
      <Space wrap>
        <Input
          value={region}
          onChange={(e) => setRegion(e.target.value.trim())}
          maxLength={6}
          inputMode="numeric"
          placeholder={t('inspections.region')}
          aria-label={t('inspections.region')}
          style={{ width: 200 }}
        />
        <Button onClick={() => setQuery(validRegion ? region : undefined)}>{t('inspections.dir.filter')}</Button>
        {manage ? (
          <Button
            disabled={!validRegion}
            data-testid="sync-targets"
            onClick={() =>
              outcome.run(async () => {
                const r = await InspectionsApi.syncTargets(region);
                targets.reload();
                return t('inspections.dir.synced', { added: r.added, changed: r.changed, removed: r.removed });
              })
            }
          >
            {t('inspections.dir.sync')}
          </Button>
        ) : null}
      </Space>
      <Table<Target>
        rowKey="uscc"
        pagination={false}
        scroll={{ x: true }}
        dataSource={targets.data?.items ?? []}
        loading={targets.loading}
        locale={{ emptyText: t('inspections.dir.noTargets') }}
        columns={[
          { title: t('inspections.target'), key: 'n', render: (_: unknown, r) => `${r.name}（${r.uscc}）` },
          { title: t('inspections.dir.address'), dataIndex: 'address' },
          {
            title: t('inspections.class'),
            key: 'c',
            render: (_: unknown, r) => (r.creditClass ? r.creditClass : t('inspections.dir.noClass', { c: r.stratum })),
          },
          {
            title: t('inspections.dir.keySupervision'),
            dataIndex: 'keySupervision',
            render: (v: boolean) => (v ? <Tag color="red">{t('inspections.dir.yes')}</Tag> : null),
          },
          ...(manage
            ? [
                {
                  title: '',
                  key: 'edit',
                  render: (_: unknown, r: Target) => (
                    <Button size="small" onClick={() => (setEditing(r), form.setFieldsValue({ ...r, reason: '' }))}>
                      {t('inspections.dir.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing ? (
        <Card title={t('inspections.dir.editTarget', { name: editing.name })}>
          <Form
            form={form}
            layout="vertical"
            onFinish={(v: { creditClass: Target['creditClass']; keySupervision: boolean; reason: string }) =>
              outcome.run(async () => {
                await InspectionsApi.updateTarget(editing.uscc, v);
                setEditing(null);
                targets.reload();
              })
            }
          >
            <Form.Item name="creditClass" label={t('inspections.class')}>
              <Select allowClear options={CLASSES.map((c) => ({ value: c, label: t(`inspections.dir.class.${c}`) }))} />
            </Form.Item>
            <Form.Item name="keySupervision" label={t('inspections.dir.keySupervision')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="reason" label={t('inspections.dir.reason')} rules={[{ required: true }]}>
              <Input.TextArea maxLength={500} />
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                {t('inspections.dir.save')}
              </Button>
              <Button onClick={() => setEditing(null)}>{t('inspections.dir.cancel')}</Button>
            </Space>
          </Form>
        </Card>
      ) : null}
    </Space>
  );
}

/**
 * Adding a staff account to the directory: the department's staff chosen by name (never by account id), with the
 * certificate number and fields; an account already listed is prefilled and its entry changed.
 */
function AddInspector({ onSaved }: { onSaved: () => void }) {
  const { t } = useI18n();
  const { principal } = useSession();
  const [department, setDepartment] = useState<string | undefined>(undefined);
  const own = principal?.department ?? undefined;
  const candidates = useLoad(['inspections.inspectorCandidates', department ?? own], (s) =>
    own || department ? InspectionsApi.inspectorCandidates(department, s) : Promise.resolve({ items: [] }),
  );
  const outcome = useOutcome();
  const [form] = Form.useForm();
  const byId = new Map((candidates.data?.items ?? []).map((c) => [c.accountId, c]));
  const label = (c: InspectorCandidate) =>
    c.entry
      ? `${c.name}（${t('inspections.dir.listed', { status: t(`inspections.dir.status.${c.entry.status}`) })}）`
      : c.name;
  return (
    <Card title={t('inspections.dir.addInspector')}>
      {outcome.view}
      {candidates.error ? <Alert type="error" showIcon title={t('inspections.dir.noCandidates')} /> : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ status: 'active', fields: [] }}
        onFinish={(v: { accountId: string; certificateNo: string; fields: string[]; status: Inspector['status'] }) =>
          outcome.run(async () => {
            const saved = await InspectionsApi.setInspector(v);
            form.resetFields();
            candidates.reload();
            onSaved();
            return t('inspections.dir.inspectorSaved', { name: saved.name });
          })
        }
      >
        {own ? null : (
          <Form.Item label={t('inspections.dir.department')} extra={t('inspections.dir.departmentHint')}>
            <Input
              maxLength={64}
              data-testid="candidate-department"
              onBlur={(e) => setDepartment(e.target.value.trim() || undefined)}
              onPressEnter={(e) => setDepartment((e.target as HTMLInputElement).value.trim() || undefined)}
            />
          </Form.Item>
        )}
        <Form.Item
          name="accountId"
          label={t('inspections.dir.staff')}
          rules={[{ required: true, message: t('inspections.dir.chooseStaff') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="inspector-staff"
            loading={candidates.loading}
            placeholder={t('inspections.dir.searchStaff')}
            notFoundContent={t('inspections.dir.noCandidates')}
            options={(candidates.data?.items ?? []).map((c) => ({ value: c.accountId, label: label(c) }))}
            onChange={(id: string) => {
              const entry = byId.get(id)?.entry;
              form.setFieldsValue(
                entry
                  ? { certificateNo: entry.certificateNo, fields: entry.fields, status: entry.status }
                  : { certificateNo: '', fields: [], status: 'active' },
              );
            }}
          />
        </Form.Item>
        <Form.Item
          name="certificateNo"
          label={t('inspections.dir.certificateNo')}
          rules={[{ required: true, whitespace: true, message: t('inspections.dir.certificateRequired') }]}
        >
          <Input maxLength={64} data-testid="inspector-certificate" />
        </Form.Item>
        <Form.Item name="fields" label={t('inspections.dir.fields')} extra={t('inspections.dir.fieldsHint')}>
          <Select mode="tags" maxCount={20} data-testid="inspector-fields" open={false} suffixIcon={null} />
        </Form.Item>
        <Form.Item name="status" label={t('inspections.status')}>
          <Select options={STATUSES.map((s) => ({ value: s, label: t(`inspections.dir.status.${s}`) }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="add-inspector">
          {t('inspections.dir.save')}
        </Button>
      </Form>
    </Card>
  );
}

function InspectorsTab({ manage }: { manage: boolean }) {
  const { t } = useI18n();
  const inspectors = useLoad(['inspections.inspectors'], (s) => InspectionsApi.inspectors(s));
  const outcome = useOutcome();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {outcome.view}
      <Table<Inspector>
        rowKey="accountId"
        pagination={false}
        scroll={{ x: true }}
        dataSource={inspectors.data?.items ?? []}
        loading={inspectors.loading}
        locale={{ emptyText: t('inspections.dir.noInspectors') }}
        columns={[
          { title: t('inspections.dir.name'), dataIndex: 'name' },
          { title: t('inspections.dir.certificateNo'), dataIndex: 'certificateNo' },
          { title: t('inspections.dir.fields'), dataIndex: 'fields', render: (f: string[]) => f.join('、') },
          {
            title: t('inspections.status'),
            key: 'status',
            render: (_: unknown, r) =>
              manage ? (
                <Select
                  size="small"
                  value={r.status}
                  style={{ minWidth: 120 }}
                  aria-label={t('inspections.status')}
                  options={STATUSES.map((s) => ({ value: s, label: t(`inspections.dir.status.${s}`) }))}
                  onChange={(status) =>
                    outcome.run(async () => {
                      await InspectionsApi.setInspector({
                        accountId: r.accountId,
                        certificateNo: r.certificateNo,
                        fields: r.fields,
                        status,
                      });
                      inspectors.reload();
                    })
                  }
                />
              ) : (
                t(`inspections.dir.status.${r.status}`)
              ),
          },
        ]}
      />
      {manage ? <AddInspector onSaved={() => inspectors.reload()} /> : null}
    </Space>
  );
}

function TargetedTab() {
  const { t } = useI18n();
  const items = useLoad(['inspections.items'], (s) => InspectionsApi.items(s));
  const inspectors = useLoad(['inspections.inspectors'], (s) => InspectionsApi.inspectors(s));
  const [form] = Form.useForm();
  const outcome = useOutcome();
  return (
    <Card title={t('inspections.dir.targetedHeading')}>
      <Typography.Paragraph type="secondary">{t('inspections.dir.targetedExplain')}</Typography.Paragraph>
      {outcome.view}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v: {
          uscc: string;
          trigger: (typeof TRIGGERS)[number];
          triggerRef: string;
          itemIds: string[];
          inspectors: string[];
        }) =>
          outcome.run(async () => {
            await InspectionsApi.targeted({ ...v, uscc: v.uscc.trim().toUpperCase() });
            form.resetFields();
            return t('inspections.dir.targetedDone');
          })
        }
      >
        <Form.Item name="uscc" label={t('inspections.dir.uscc')} rules={[{ required: true, len: 18 }]}>
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item name="trigger" label={t('inspections.dir.trigger')} rules={[{ required: true }]}>
          <Select options={TRIGGERS.map((x) => ({ value: x, label: t(`inspections.dir.trigger.${x}`) }))} />
        </Form.Item>
        <Form.Item name="triggerRef" label={t('inspections.dir.triggerRef')} rules={[{ required: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="itemIds" label={t('inspections.items')} rules={[{ required: true }]}>
          <Select mode="multiple" options={(items.data?.items ?? []).map((i) => ({ value: i.id, label: i.name }))} />
        </Form.Item>
        <Form.Item
          name="inspectors"
          label={t('inspections.inspectors')}
          rules={[{ required: true, type: 'array', min: 2, message: t('inspections.dir.twoInspectors') }]}
        >
          <Select
            mode="multiple"
            options={(inspectors.data?.items ?? [])
              .filter((i) => i.status === 'active')
              .map((i) => ({ value: i.accountId, label: i.name }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="record-targeted">
          {t('inspections.dir.recordTargeted')}
        </Button>
      </Form>
    </Card>
  );
}

/** 名录库与清单: inspection items, annual plans, the target and inspector directories, and targeted inspections. */
export function DirectoriesPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const manage = can('inspections:manage');
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('inspections.dir.heading')}
      </Typography.Title>
      <Tabs
        destroyOnHidden
        items={[
          { key: 'items', label: t('inspections.public.items'), children: <ItemsTab manage={manage} /> },
          { key: 'plans', label: t('inspections.public.plans'), children: <PlansTab manage={manage} /> },
          { key: 'targets', label: t('inspections.dir.targets'), children: <TargetsTab manage={manage} /> },
          { key: 'inspectors', label: t('inspections.dir.inspectors'), children: <InspectorsTab manage={manage} /> },
          ...(manage ? [{ key: 'targeted', label: t('inspections.targeted'), children: <TargetedTab /> }] : []),
        ]}
      />
    </Space>
  );
}
