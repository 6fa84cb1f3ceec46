/** An implementation's element set, read-only, as staff review it (the applicant-facing text is the guide). */
import { Descriptions, Empty, Table, Typography, type TableColumnsType } from 'antd';
import { FormPreview } from './FormPreview.tsx';
import { ROLE_NAMES, useI18n } from '../../../shell/i18n.ts';
import type { Elements, Material, ProcessStep } from '../api.ts';
import { label, yuan } from './labels.ts';
import { useLoad } from '../../../api/use-load.ts';
import { CatalogApi } from '../api.ts';

function Lines({ items, testId }: { items: string[]; testId?: string }) {
  const { t } = useI18n();
  if (items.length === 0) return <span>{t('catalog.none')}</span>;
  return (
    <ol className="ow-guide-list" data-testid={testId}>
      {items.map((s, i) => (
        <li key={i}>{s}</li>
      ))}
    </ol>
  );
}

export function MaterialsTable({ materials, testId = 'materials-table' }: { materials: Material[]; testId?: string }) {
  const { t, lang } = useI18n();
  // A certificate type by its name (不动产权证书), never its code: nothing while the names load, and a plain word for
  // a type the certificates module does not know.
  const types = useLoad(
    ['catalog.certificateTypes'],
    materials.some((m) => m.source?.certificateType) ? (signal) => CatalogApi.certificateTypes(signal) : null,
  );
  const typeName = (code: string) => {
    if (!types.data) return null;
    const found = types.data.find((x) => x.code === code);
    if (!found) return t('catalog.material.certificateTypeUnknown');
    return lang === 'zh-CN' ? found.name.zh : found.name.en;
  };
  const columns: TableColumnsType<Material> = [
    { title: t('catalog.material.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('catalog.material.requirement'),
      key: 'requirement',
      render: (_, m) =>
        m.requirement === 'conditional' && m.condition
          ? `${label(lang, 'requirement', m.requirement)}：${m.condition}`
          : label(lang, 'requirement', m.requirement),
    },
    {
      title: t('catalog.material.forms'),
      key: 'forms',
      render: (_, m) => m.forms.map((f) => label(lang, 'materialForm', f)).join('、'),
    },
    { title: t('catalog.material.paperCopies'), dataIndex: 'paperCopies', key: 'paperCopies', align: 'right' },
    {
      title: t('catalog.material.source'),
      key: 'source',
      render: (_, m) =>
        m.source
          ? [
              label(lang, 'materialSource', m.source.kind),
              m.source.certificateType ? typeName(m.source.certificateType) : null,
              m.source.dataSource,
            ]
              .filter(Boolean)
              .join(' · ')
          : t('catalog.material.noSource'),
    },
  ];
  return (
    <Table<Material>
      rowKey="key"
      columns={columns}
      dataSource={materials}
      pagination={false}
      size="small"
      data-testid={testId}
    />
  );
}

function ProcessTable({ steps }: { steps: ProcessStep[] }) {
  const { t, lang } = useI18n();
  const columns: TableColumnsType<ProcessStep> = [
    { title: t('catalog.process.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('catalog.process.role'),
      dataIndex: 'role',
      key: 'role',
      render: (r: string) => ROLE_NAMES[lang][r] ?? r,
    },
    { title: t('catalog.process.days'), dataIndex: 'days', key: 'days', align: 'right' },
    {
      title: t('catalog.process.parallelGroup'),
      dataIndex: 'parallelGroup',
      key: 'parallelGroup',
      render: (g: string | null) => g ?? '—',
    },
  ];
  return (
    <Table<ProcessStep>
      rowKey="key"
      columns={columns}
      dataSource={steps}
      pagination={false}
      size="small"
      data-testid="process-table"
    />
  );
}

export function ElementsView({ e, elder }: { e: Elements; elder: boolean }) {
  const { t, lang } = useI18n();
  const none = t('catalog.none');
  const list = (xs: string[]) => (xs.length ? xs.join('、') : none);
  return (
    <div data-testid="elements-view">
      <Typography.Title level={3} className="ow-h3">
        {t('catalog.element.acceptanceConditions')}
      </Typography.Title>
      <Lines items={e.acceptanceConditions} />
      <Typography.Title level={3} className="ow-h3">
        {t('catalog.element.materials')}
      </Typography.Title>
      {e.materials.length ? <MaterialsTable materials={e.materials} /> : <Empty description={none} />}
      <Typography.Title level={3} className="ow-h3">
        {t('catalog.element.limits')}
      </Typography.Title>
      <Descriptions column={elder ? 1 : 2} size="small" bordered>
        <Descriptions.Item label={t('catalog.element.statutoryDays')}>
          {e.statutoryDays === null ? t('catalog.noStatutoryLimit') : t('catalog.workingDays', { n: e.statutoryDays })}
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.element.promisedDays')}>
          {t('catalog.workingDays', { n: e.promisedDays })}
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.element.handlingKind')}>
          {label(lang, 'handlingKind', e.handlingKind)}
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.element.fees')}>
          {e.fees.charged
            ? e.fees.items.map((f) => `${f.name} ${yuan(f.amountFen)} ${t('catalog.yuan')}`).join('；')
            : t('catalog.free')}
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.element.serviceObjects')}>
          {list(e.serviceObjects.map((s) => label(lang, 'serviceObject', s)))}
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.element.channels')}>
          {list(e.channels.map((c) => label(lang, 'channel', c)))}
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.element.onlineDepth')}>
          {e.onlineDepth.fullyOnline
            ? t('catalog.fullyOnline')
            : t('catalog.inPersonVisits', { n: e.onlineDepth.inPersonVisits })}
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.element.handleAnywhere')}>
          {list(e.handleAnywhere.map((h) => label(lang, 'handleAnywhere', h)))}
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.element.result')}>
          {e.result.kind === 'none'
            ? label(lang, 'resultKind', 'none')
            : `${label(lang, 'resultKind', e.result.kind)}：${e.result.name ?? ''}`}
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.element.resultValidity')}>
          {e.resultValidity.kind === 'period' && e.resultValidity.value && e.resultValidity.unit
            ? `${e.resultValidity.value} ${label(lang, 'unit', e.resultValidity.unit)}`
            : label(lang, 'validity', e.resultValidity.kind)}
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.element.quantityLimit')}>
          {e.quantityLimit.limited ? e.quantityLimit.description : t('catalog.noLimit')}
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.element.entrustedBody')}>
          {e.entrustedBody ? `${e.entrustedBody.name}（${e.entrustedBody.uscc}）` : none}
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.element.intermediaryServices')}>
          {list(e.intermediaryServices.map((s) => s.name))}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={3} className="ow-h3">
        {t('catalog.element.places')}
      </Typography.Title>
      <Lines items={e.places.map((p) => `${p.name} · ${p.address} · ${p.hours}`)} />
      <Typography.Title level={3} className="ow-h3">
        {t('catalog.element.contacts')}
      </Typography.Title>
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('catalog.element.consultation')}>{list(e.contacts.consultation)}</Descriptions.Item>
        <Descriptions.Item label={t('catalog.element.complaint')}>{list(e.contacts.complaint)}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={3} className="ow-h3">
        {t('catalog.element.process')}
      </Typography.Title>
      {e.process.length ? <ProcessTable steps={e.process} /> : <Empty description={none} />}
      <Typography.Title level={3} className="ow-h3">
        {t('catalog.element.form')}
      </Typography.Title>
      <FormPreview schema={e.form} testId="form-preview" />
    </div>
  );
}
