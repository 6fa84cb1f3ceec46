/**
 * 一件事一次办: bundles of several implementations applied for with one form and one set of materials. The list;
 * one bundle with its members, stages, the merged form (a preview of the one form the applicant fills in, each
 * field saying which members ask for it), its conflicts, the merged materials and its lifecycle; and the member
 * editor for drafts — the server merges on every save and answers the conflicts, so the preview is the server's.
 */
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { ApiError } from '../../../api/client.ts';
import { useI18n } from '../../../shell/i18n.ts';
import { FormPreview } from '../components/FormPreview.tsx';
import { errorText } from '../../../shell/errors.ts';
import { useNavigate } from '../../../shell/navigation.ts';
import {
  CatalogApi,
  IMPLEMENTATION_STATUSES,
  MOVES,
  catalogPermissions,
  type ImplementationStatus,
  type TransitionAction,
} from '../api.ts';
import {
  MoreApi,
  type Bundle,
  type BundleConflict,
  type BundleField,
  type BundleMaterial,
  type BundleMember,
  type MemberInput,
} from '../api.ts';
import { IllustrativeTag, StatusTag } from '../components/CatalogTags.tsx';
import { AppLink } from '../../../components/AppLink.tsx';
import { RegionCascader } from '../../../components/RegionCascader.tsx';
import { ReasonModal } from '../../../components/ReasonModal.tsx';
import { useLoad } from '../../../api/use-load.ts';
import { label } from '../components/labels.ts';
import '../components/catalog.css';
import { useSignedIn } from '../../../shell/session.tsx';
import type { PageProps } from '../../../shell/module.ts';

const bundleLink = (id: string) => `/catalog/bundles/${encodeURIComponent(id)}`;

export function BundlesPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const navigate = useNavigate();
  const [region, setRegion] = useState<string | null>(null);
  const [status, setStatus] = useState<ImplementationStatus | 'all'>('all');
  const list = useLoad(['catalog.bundles', region, status], (s) =>
    MoreApi.bundles({ region, status: status === 'all' ? null : status }, s),
  );
  const columns: TableColumnsType<Bundle> = [
    {
      title: t('bundles.name'),
      key: 'name',
      render: (_, b) => (
        <Space wrap size="small">
          <AppLink to={bundleLink(b.id)} data-testid="bundle-link">
            {b.name}
          </AppLink>
          {b.illustrative && <IllustrativeTag />}
        </Space>
      ),
    },
    { title: t('bundles.lifeEvent'), dataIndex: 'lifeEvent', key: 'lifeEvent' },
    { title: t('catalog.list.region'), dataIndex: 'regionName', key: 'region' },
    { title: t('bundles.members'), key: 'members', align: 'right', render: (_, b) => b.members.length },
    {
      title: t('bundles.conflicts'),
      key: 'conflicts',
      align: 'right',
      render: (_, b) => (b.conflicts.length ? <strong>{b.conflicts.length}</strong> : 0),
    },
    {
      title: t('catalog.list.status'),
      dataIndex: 'status',
      key: 'status',
      render: (s: ImplementationStatus) => <StatusTag status={s} />,
    },
  ];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="bundles-page">
      <Typography.Title level={1} data-testid="page-title">
        {t('bundles.heading')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('bundles.intro')}</Typography.Paragraph>
      <Space wrap align="center" size="large">
        <Space wrap align="center">
          <label htmlFor="ow-bundles-region">{t('catalog.list.region')}</label>
          <RegionCascader id="ow-bundles-region" value={region} onChange={setRegion} style={{ minWidth: 240 }} />
        </Space>
        <Space wrap align="center">
          <label htmlFor="ow-bundles-status">{t('catalog.list.status')}</label>
          <Select
            id="ow-bundles-status"
            value={status}
            onChange={(v: ImplementationStatus | 'all') => setStatus(v)}
            options={[
              { value: 'all', label: t('catalog.list.all') },
              ...IMPLEMENTATION_STATUSES.map((s) => ({ value: s, label: t(`catalog.status.${s}`) })),
            ]}
            style={{ minWidth: 140 }}
          />
        </Space>
        <Button
          type="primary"
          icon={<PlusOutlined aria-hidden />}
          onClick={() => navigate('/catalog/bundles/new')}
          data-testid="bundle-new"
        >
          {t('bundles.new')}
        </Button>
      </Space>
      {list.error ? (
        <Alert type="error" showIcon role="alert" title={errorText(list.error, i18n)} />
      ) : (
        <Table<Bundle>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          pagination={false}
          size="small"
          locale={{ emptyText: <span className="ow-empty">{t('catalog.empty')}</span> }}
          data-testid="bundles-table"
        />
      )}
    </Space>
  );
}

/** A member by its item's name (食品经营许可), not its key in the bundle; the key only for a member not listed. */
function memberNames(members: BundleMember[]): (key: string) => string {
  const names = new Map(members.map((m) => [m.key, m.itemName]));
  return (key) => names.get(key) ?? key;
}

/** The merged form as the applicant would see it (disabled), each field with the members asking for it. */
function MergedFormPreview({
  schema,
  fields,
  conflicts,
  members,
}: {
  schema: unknown;
  fields: BundleField[];
  conflicts: BundleConflict[];
  members: BundleMember[];
}) {
  const { t } = useI18n();
  const nameOf = memberNames(members);
  const conflicted = new Set(conflicts.map((c) => c.semanticKey));
  if (fields.length === 0) return <Typography.Paragraph>{t('bundles.noFields')}</Typography.Paragraph>;
  const byProperty = new Map(fields.map((f) => [f.property, f]));
  return (
    <FormPreview
      schema={schema}
      testId="bundle-form-preview"
      fieldTestId="bundle-form-field"
      fieldExtra={(property) => {
        const f = byProperty.get(property);
        if (!f) return null;
        return (
          <div className={conflicted.has(f.semanticKey) ? 'ow-preview-by ow-preview-conflict' : 'ow-preview-by'}>
            {t('bundles.askedBy', { members: f.askedBy.map(nameOf).join('、') })}
            {conflicted.has(f.semanticKey) && (
              <Tag className="ow-tag ow-tag-severity-inconsistent" style={{ marginInlineStart: 8 }}>
                {t('bundles.conflict')}
              </Tag>
            )}
          </div>
        );
      }}
    />
  );
}

/** A member's definition of a field (a type, a list of values, a pattern …) as text, not JSON. */
function definitionText(v: unknown, lang: string): string {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.map((x) => definitionText(x, lang)).join(lang === 'zh-CN' ? '、' : ', ');
  if (typeof v === 'boolean') return lang === 'zh-CN' ? (v ? '是' : '否') : v ? 'yes' : 'no';
  if (typeof v === 'object')
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k} ${definitionText(x, lang)}`)
      .join(lang === 'zh-CN' ? '，' : ', ');
  return String(v);
}

function ConflictsView({
  conflicts,
  fields,
  members,
}: {
  conflicts: BundleConflict[];
  fields: BundleField[];
  members: BundleMember[];
}) {
  const { t, lang } = useI18n();
  const nameOf = memberNames(members);
  const titles = new Map(fields.map((f) => [f.semanticKey, f.title]));
  if (conflicts.length === 0)
    return <Alert type="success" showIcon title={t('bundles.noConflicts')} data-testid="bundle-no-conflicts" />;
  const columns: TableColumnsType<BundleConflict> = [
    {
      title: t('bundles.field'),
      dataIndex: 'semanticKey',
      key: 'key',
      render: (v: string) => titles.get(v) ?? v,
    },
    {
      title: t('bundles.conflictKind'),
      dataIndex: 'kind',
      key: 'kind',
      render: (k: BundleConflict['kind']) => t(`bundles.conflictKind.${k}`),
    },
    {
      title: t('bundles.definitions'),
      key: 'members',
      render: (_, c) => c.members.map((m) => `${nameOf(m.member)}：${definitionText(m.value, lang)}`).join('；'),
    },
    { title: t('import.message'), key: 'text', render: (_, c) => (lang === 'zh-CN' ? c.zh : c.en) },
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Alert
        type="error"
        showIcon
        role="alert"
        title={t('bundles.hasConflicts', { n: conflicts.length })}
        data-testid="bundle-conflicts-alert"
      />
      <Table<BundleConflict>
        rowKey={(c) => `${c.semanticKey}:${c.kind}`}
        columns={columns}
        dataSource={conflicts}
        pagination={false}
        size="small"
        data-testid="bundle-conflicts"
      />
    </Space>
  );
}

function MembersTable({ members }: { members: BundleMember[] }) {
  const { t } = useI18n();
  const columns: TableColumnsType<BundleMember> = [
    { title: t('bundles.stage'), dataIndex: 'stage', key: 'stage', align: 'right', width: 70 },
    {
      title: t('catalog.report.item'),
      key: 'item',
      render: (_, m) => (
        <Space wrap size="small">
          <AppLink to={`/catalog/implementations/${encodeURIComponent(m.implementationId)}`}>{m.itemName}</AppLink>
          {m.illustrative && <IllustrativeTag />}
        </Space>
      ),
    },
    { title: t('catalog.list.department'), key: 'department', render: (_, m) => m.department.name },
    { title: t('catalog.list.version'), dataIndex: 'version', key: 'version', align: 'right' },
    {
      title: t('bundles.dependsOn'),
      key: 'dependsOn',
      render: (_, m) => (m.dependsOn.length ? m.dependsOn.map(memberNames(members)).join('、') : '—'),
    },
    {
      title: t('catalog.process.parallelGroup'),
      dataIndex: 'parallelGroup',
      key: 'parallelGroup',
      // The group's key is the editor's; people read which members run side by side.
      render: (v: string | null, m) => {
        const others = v ? members.filter((o) => o.parallelGroup === v && o.key !== m.key) : [];
        return others.length ? t('bundles.parallelWith', { members: others.map((o) => o.itemName).join('、') }) : '—';
      },
    },
    { title: t('catalog.element.promisedDays'), dataIndex: 'promisedDays', key: 'promisedDays', align: 'right' },
  ];
  return (
    <Table<BundleMember>
      rowKey="key"
      columns={columns}
      dataSource={members}
      pagination={false}
      size="small"
      data-testid="bundle-members"
    />
  );
}

function MaterialsTable({ materials, members }: { materials: BundleMaterial[]; members: BundleMember[] }) {
  const { t, lang } = useI18n();
  const nameOf = memberNames(members);
  const columns: TableColumnsType<BundleMaterial> = [
    { title: t('catalog.material.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('catalog.material.requirement'),
      key: 'requirement',
      render: (_, m) => [label(lang, 'requirement', m.requirement), ...m.conditions].join('：'),
    },
    {
      title: t('catalog.material.forms'),
      key: 'forms',
      render: (_, m) => m.forms.map((f) => label(lang, 'materialForm', f)).join('、'),
    },
    {
      title: t('catalog.material.source'),
      key: 'source',
      render: (_, m) => (m.source ? label(lang, 'materialSource', m.source.kind) : t('catalog.material.noSource')),
    },
    {
      title: t('bundles.neededBy'),
      key: 'neededBy',
      render: (_, m) => m.neededBy.map((n) => nameOf(n.member)).join('、'),
    },
  ];
  return (
    <Table<BundleMaterial>
      rowKey="key"
      columns={columns}
      dataSource={materials}
      pagination={false}
      size="small"
      data-testid="bundle-materials"
    />
  );
}

interface MembersValues {
  code?: string;
  name: string;
  lifeEvent: string;
  region?: string;
  description?: string;
  reason?: string;
  members: Array<{ key: string; implementationId: string; dependsOn?: string[]; parallelGroup?: string }>;
}

/** The bundle's definition: for a new bundle (POST) or a draft (PATCH). The server merges and answers the conflicts. */
function BundleEditor({ bundle, onSaved }: { bundle: Bundle | null; onSaved: (b: Bundle) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [form] = Form.useForm<MembersValues>();
  const impls = useLoad(['catalog.implementations', { status: 'published' }], (s) =>
    CatalogApi.implementations({ status: 'published', limit: 200 }, s),
  );
  const members = Form.useWatch('members', form) ?? [];
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; field: string | null } | null>(null);
  const versionOf = useMemo(
    () => new Map((impls.data?.items ?? []).map((i) => [i.id, i.publishedVersion ?? i.version])),
    [impls.data],
  );

  useEffect(() => {
    form.setFieldsValue(
      bundle
        ? {
            name: bundle.name,
            lifeEvent: bundle.lifeEvent,
            description: bundle.description ?? '',
            members: bundle.members.map((m) => ({
              key: m.key,
              implementationId: m.implementationId,
              dependsOn: m.dependsOn,
              parallelGroup: m.parallelGroup ?? '',
            })),
          }
        : {
            members: [
              { key: '', implementationId: '' },
              { key: '', implementationId: '' },
            ],
          },
    );
  }, [bundle, form]);

  const save = async (v: MembersValues) => {
    setBusy(true);
    setError(null);
    const input: MemberInput[] = v.members.map((m) => {
      const pinned = bundle?.members.find((b) => b.implementationId === m.implementationId);
      return {
        key: m.key.trim(),
        implementationId: m.implementationId,
        // Keep a member's pinned version unless it changed implementation; new members pin the version in force.
        version: pinned ? pinned.version : (versionOf.get(m.implementationId) ?? 1),
        dependsOn: m.dependsOn ?? [],
        parallelGroup: m.parallelGroup?.trim() || null,
      };
    });
    try {
      const saved = bundle
        ? await MoreApi.patchBundle(bundle.id, {
            version: bundle.version,
            ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
            name: v.name.trim(),
            lifeEvent: v.lifeEvent.trim(),
            description: v.description?.trim() || null,
            members: input,
          })
        : await MoreApi.createBundle({
            code: (v.code ?? '').trim(),
            name: v.name.trim(),
            lifeEvent: v.lifeEvent.trim(),
            region: v.region ?? '',
            description: v.description?.trim() || null,
            members: input,
          });
      onSaved(saved);
    } catch (e) {
      const field = e instanceof ApiError ? e.field : null;
      setError({ text: errorText(e, i18n), field });
    } finally {
      setBusy(false);
    }
  };

  const keys = members.map((m) => m?.key).filter((k): k is string => !!k);
  return (
    <Form<MembersValues> form={form} layout="vertical" onFinish={(v) => void save(v)} data-testid="bundle-editor">
      {error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={error.text}
          description={error.field ? t('catalog.edit.errorField', { field: error.field }) : undefined}
          style={{ marginBottom: 12 }}
          data-testid="bundle-error"
        />
      )}
      {!bundle && (
        <Space wrap align="start">
          <Form.Item
            name="code"
            label={t('bundles.code')}
            extra={t('bundles.codeHint')}
            rules={[{ required: true, pattern: /^[A-Z0-9][A-Z0-9-]{2,39}$/, message: t('bundles.codeFormat') }]}
          >
            <Input className="ow-mono" style={{ width: 260 }} />
          </Form.Item>
          <Form.Item
            name="region"
            label={t('catalog.list.region')}
            rules={[{ required: true, message: t('catalog.edit.required') }]}
          >
            <RegionField />
          </Form.Item>
        </Space>
      )}
      <Space wrap align="start">
        <Form.Item
          name="name"
          label={t('bundles.name')}
          rules={[{ required: true, whitespace: true, message: t('catalog.edit.required') }]}
        >
          <Input style={{ minWidth: 280 }} />
        </Form.Item>
        <Form.Item
          name="lifeEvent"
          label={t('bundles.lifeEvent')}
          rules={[{ required: true, whitespace: true, message: t('catalog.edit.required') }]}
        >
          <Input style={{ minWidth: 200 }} />
        </Form.Item>
      </Space>
      <Form.Item name="description" label={t('bundles.description')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Typography.Title level={3} className="ow-h3">
        {t('bundles.members')}
      </Typography.Title>
      <Form.List name="members">
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((f) => (
              <fieldset key={f.key} className="ow-fieldset" data-testid="bundle-member-row">
                <legend>{t('bundles.memberN', { n: f.name + 1 })}</legend>
                <Space wrap align="start">
                  <Form.Item
                    name={[f.name, 'key']}
                    label={t('bundles.memberKey')}
                    rules={[
                      { required: true, pattern: /^[a-z][a-z0-9_]{0,39}$/, message: t('catalog.edit.keyFormat') },
                    ]}
                  >
                    <Input className="ow-mono" style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'implementationId']}
                    label={t('centers.implementation')}
                    rules={[{ required: true, message: t('catalog.edit.required') }]}
                  >
                    <Select
                      showSearch={{ optionFilterProp: 'label' }}
                      loading={impls.loading}
                      options={(impls.data?.items ?? []).map((i) => ({
                        value: i.id,
                        label: `${i.item.name} · ${i.department.name}（${t('catalog.versionN', { n: i.publishedVersion ?? i.version })}）`,
                      }))}
                      style={{ width: 420, maxWidth: '70vw' }}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'dependsOn']} label={t('bundles.dependsOn')}>
                    <Select
                      mode="multiple"
                      options={keys.filter((k) => k !== members[f.name]?.key).map((k) => ({ value: k, label: k }))}
                      style={{ minWidth: 160 }}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'parallelGroup']} label={t('catalog.process.parallelGroup')}>
                    <Input className="ow-mono" style={{ width: 120 }} />
                  </Form.Item>
                  <Button
                    icon={<MinusCircleOutlined aria-hidden />}
                    onClick={() => remove(f.name)}
                    disabled={fields.length <= 2}
                    style={{ marginTop: 30 }}
                  >
                    {t('catalog.edit.remove')}
                  </Button>
                </Space>
              </fieldset>
            ))}
            <Form.ErrorList errors={errors} />
            <Button
              icon={<PlusOutlined aria-hidden />}
              onClick={() => add({ key: '', implementationId: '' })}
              disabled={fields.length >= 20}
              style={{ marginBottom: 16 }}
            >
              {t('bundles.addMember')}
            </Button>
          </>
        )}
      </Form.List>
      {bundle && (
        <Form.Item name="reason" label={t('catalog.edit.reason')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" loading={busy} data-testid="bundle-save">
        {bundle ? t('bundles.saveAndMerge') : t('bundles.createAndMerge')}
      </Button>
    </Form>
  );
}

function RegionField({ value, onChange, id }: { value?: string; onChange?: (v: string | null) => void; id?: string }) {
  return (
    <RegionCascader
      id={id ?? 'ow-bundle-region'}
      value={value ?? null}
      onChange={(v) => onChange?.(v)}
      style={{ minWidth: 240 }}
    />
  );
}

export function BundlePage({ params }: PageProps) {
  const id = params.id;
  const { permissions } = useSignedIn();
  const i18n = useI18n();
  const { t, lang } = i18n;
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const perms = catalogPermissions(permissions);
  const isNew = id === 'new';
  const loaded = useLoad(['catalog.bundle', id], isNew ? null : (s) => MoreApi.bundle(id, s));
  const [bundle, setBundle] = useState<Bundle | null>(null);
  const [move, setMove] = useState<TransitionAction | null>(null);
  useEffect(() => setBundle(loaded.data), [loaded.data]);

  if (isNew) {
    return (
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <AppLink to="/catalog/bundles">← {t('bundles.back')}</AppLink>
        <Typography.Title level={1} data-testid="page-title">
          {t('bundles.new')}
        </Typography.Title>
        {perms.edit ? (
          <BundleEditor
            bundle={null}
            onSaved={(b) => {
              message.success(t('catalog.edit.saved'));
              navigate(bundleLink(b.id), { replace: true });
            }}
          />
        ) : (
          <Alert type="warning" showIcon title={t('error.forbidden')} />
        )}
      </Space>
    );
  }
  if (loaded.loading && !bundle) return <Spin size="large" description={t('common.loading')} />;
  if (!bundle) return <Alert type="error" showIcon role="alert" title={errorText(loaded.error, i18n)} />;
  const b = bundle;
  const moves = MOVES[b.status].filter(
    (m) => perms[m.needs] && (m.action !== 'discard' || b.publishedVersion !== null),
  );

  return (
    <Space
      orientation="vertical"
      size="large"
      style={{ width: '100%' }}
      data-testid="bundle-page"
      data-status={b.status}
    >
      <AppLink to="/catalog/bundles">← {t('bundles.back')}</AppLink>
      <Space wrap align="center">
        <Typography.Title level={1} data-testid="page-title" style={{ margin: 0 }}>
          {b.name}
        </Typography.Title>
        <StatusTag status={b.status} />
        {b.illustrative && <IllustrativeTag />}
      </Space>
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('bundles.code')}>
          <span className="ow-mono">{b.code}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('bundles.lifeEvent')}>{b.lifeEvent}</Descriptions.Item>
        <Descriptions.Item label={t('catalog.list.region')}>{b.regionName}</Descriptions.Item>
        <Descriptions.Item label={t('bundles.summary')}>
          {t('bundles.summaryText', {
            members: b.summary.memberCount,
            stages: b.summary.stages,
            days: b.summary.promisedDays,
          })}
          {b.summary.fullyOnline ? ` · ${t('catalog.fullyOnline')}` : ''}
        </Descriptions.Item>
        {b.description && (
          <Descriptions.Item label={t('bundles.description')} span={2}>
            {b.description}
          </Descriptions.Item>
        )}
      </Descriptions>
      <section aria-labelledby="ow-bundle-actions">
        <Typography.Title level={2} id="ow-bundle-actions" className="ow-h3" style={{ marginBottom: 8 }}>
          {t('catalog.actions')}
        </Typography.Title>
        <Space wrap>
          {moves.map((m) => (
            <Button
              key={m.action}
              type={m.action === 'publish' ? 'primary' : 'default'}
              className={m.action === 'retire' ? 'ow-btn-danger' : undefined}
              onClick={() => setMove(m.action)}
              data-testid={`bundle-action-${m.action}`}
            >
              {label(lang, 'action', m.action)}
            </Button>
          ))}
          {moves.length === 0 && <Typography.Text type="secondary">{t('catalog.noActions')}</Typography.Text>}
        </Space>
      </section>
      <section aria-labelledby="ow-bundle-conflicts">
        <Typography.Title level={2} id="ow-bundle-conflicts" className="ow-h3">
          {t('bundles.conflicts')}
        </Typography.Title>
        <ConflictsView conflicts={b.conflicts} fields={b.form.fields} members={b.members} />
      </section>
      <section aria-labelledby="ow-bundle-form">
        <Typography.Title level={2} id="ow-bundle-form" className="ow-h3">
          {t('bundles.mergedForm')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('bundles.mergedFormIntro')}</Typography.Paragraph>
        <MergedFormPreview schema={b.form.schema} fields={b.form.fields} conflicts={b.conflicts} members={b.members} />
      </section>
      <section aria-labelledby="ow-bundle-members">
        <Typography.Title level={2} id="ow-bundle-members" className="ow-h3">
          {t('bundles.members')}
        </Typography.Title>
        <MembersTable members={b.members} />
      </section>
      <section aria-labelledby="ow-bundle-materials">
        <Typography.Title level={2} id="ow-bundle-materials" className="ow-h3">
          {t('bundles.materials')}
        </Typography.Title>
        <MaterialsTable materials={b.materials} members={b.members} />
      </section>
      {b.status === 'draft' && perms.edit && (
        <Card
          size="small"
          title={
            <Typography.Title level={2} className="ow-h3" style={{ margin: 0 }}>
              {t('bundles.edit')}
            </Typography.Title>
          }
        >
          <BundleEditor
            bundle={b}
            onSaved={(saved) => {
              message.success(t('catalog.edit.saved'));
              setBundle(saved);
            }}
          />
        </Card>
      )}
      <ReasonModal
        open={move !== null}
        title={move ? t('catalog.confirmMove', { action: label(lang, 'action', move), name: b.name }) : ''}
        okText={move ? label(lang, 'action', move) : ''}
        danger={move === 'retire'}
        onCancel={() => setMove(null)}
        onSubmit={async (reason) => {
          if (!move) return;
          const next = await MoreApi.moveBundle(b.id, move, b.version, reason);
          message.success(t('catalog.moveDone', { action: label(lang, 'action', move) }));
          setMove(null);
          setBundle(next);
        }}
      />
    </Space>
  );
}
