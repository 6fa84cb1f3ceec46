/**
 * Editing a draft's working copy (PATCH /api/v1/catalog/implementations/:id with the version read). The server
 * validates; its error is shown above the form and on the field its `field` names (edit-form.ts maps it), and the
 * section holding that field is opened.
 *
 * The page is in sections (tabs: every section stays mounted, so saving sends them all); the save bar stays at the
 * foot of the screen. Dates are picked, certificate types chosen by name, the application form built field by field
 * with a live preview (FormBuilder); keys of new materials and steps are made on save (edit-form.ts keysFor).
 */
import { useEffect, useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import {
  Alert,
  App as AntApp,
  Button,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Spin,
  Switch,
  Tabs,
  Typography,
} from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { ApiError } from '../../../api/client.ts';
import { ROLE_NAMES, useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useNavigate } from '../../../shell/navigation.ts';
import {
  CHANNELS,
  CatalogApi,
  HANDLE_ANYWHERE,
  HANDLING_KINDS,
  MATERIAL_FORMS,
  MATERIAL_SOURCES,
  RESULT_KINDS,
  SERVICE_OBJECTS,
  STAFF_ROLES,
  VALIDITY_KINDS,
  VALIDITY_UNITS,
  type Implementation,
} from '../api.ts';
import { NO_SOURCE, formFieldFor, toElements, toFormValues, type EditValues } from '../components/edit-form.ts';
import { FormBuilder } from '../components/FormBuilder.tsx';
import { useLoad } from '../../../api/use-load.ts';
import { AppLink } from '../../../components/AppLink.tsx';
import { IllustrativeTag, StatusTag } from '../components/CatalogTags.tsx';
import { elementPath, label, type LabelKind } from '../components/labels.ts';
import '../components/catalog.css';
import type { PageProps } from '../../../shell/module.ts';

/** The sections (tabs) of the edit page, and which top-level element each holds: an error's field opens its tab. */
type Section = 'general' | 'materials' | 'fees' | 'service' | 'result' | 'process' | 'form';
const SECTION_OF: Record<string, Section> = {
  effectiveFrom: 'general',
  derivedFromVersion: 'general',
  acceptanceConditions: 'general',
  statutoryDays: 'general',
  promisedDays: 'general',
  handlingKind: 'general',
  entrustedBody: 'general',
  materials: 'materials',
  fees: 'fees',
  serviceObjects: 'service',
  channels: 'service',
  onlineDepth: 'service',
  handleAnywhere: 'service',
  places: 'service',
  contacts: 'service',
  result: 'result',
  resultValidity: 'result',
  quantityLimit: 'result',
  intermediaryServices: 'process',
  process: 'process',
  form: 'form',
};
function sectionOf(name: ReadonlyArray<string | number>): Section {
  const head = name[0] === 'elements' ? name[1] : name[0];
  return SECTION_OF[String(head)] ?? 'general';
}
/** Parallel groups by letter: people pick 并行组 A, the stored value is `a`. */
const PARALLEL_GROUPS = ['a', 'b', 'c', 'd'];
const DATE = 'YYYY-MM-DD';

export function ImplementationEditPage({ params }: PageProps) {
  const id = params.id;
  const i18n = useI18n();
  const { t } = i18n;
  const impl = useLoad(['catalog.implementation', id], (s) => CatalogApi.implementation(id, s));

  if (impl.loading) {
    return (
      <div style={{ textAlign: 'center', padding: 48 }}>
        <Spin size="large" description={t('common.loading')} />
      </div>
    );
  }
  if (!impl.data) {
    return (
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Title level={1} data-testid="page-title">
          {t('nav.catalogEdit')}
        </Typography.Title>
        <Alert type="error" showIcon role="alert" title={errorText(impl.error, i18n)} />
      </Space>
    );
  }
  return <EditForm impl={impl.data} />;
}

function EditForm({ impl }: { impl: Implementation }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<EditValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<{ text: string; field: string | null; conflict: boolean } | null>(null);
  const [tab, setTab] = useState<Section>('general');
  const certTypes = useLoad(['catalog.certificateTypes'], (signal) => CatalogApi.certificateTypes(signal));
  const detail = `/catalog/implementations/${encodeURIComponent(impl.id)}`;

  useEffect(() => {
    form.setFieldsValue(toFormValues(impl));
  }, [impl, form]);

  const opts = (kind: LabelKind, codes: readonly string[]) =>
    codes.map((c) => ({ value: c, label: label(lang, kind, c) }));
  const roleOpts = STAFF_ROLES.map((r) => ({ value: r, label: ROLE_NAMES[lang][r] ?? r }));

  const save = async (v: EditValues) => {
    setError(null);
    const elements = toElements(v.elements, impl.elements.form);
    setSaving(true);
    try {
      await CatalogApi.patch(impl.id, {
        version: impl.version,
        ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
        effectiveFrom: v.effectiveFrom,
        ...(impl.derivedFrom &&
        typeof v.derivedFromVersion === 'number' &&
        v.derivedFromVersion !== impl.derivedFrom.version
          ? { derivedFromVersion: v.derivedFromVersion }
          : {}),
        elements,
      });
      message.success(t('catalog.edit.saved'));
      navigate(detail);
    } catch (e) {
      const text = errorText(e, i18n);
      const field = e instanceof ApiError ? e.field : null;
      setError({ text, field, conflict: e instanceof ApiError && e.code === 'VERSION_CONFLICT' });
      const name = formFieldFor(field);
      if (name) {
        // The path comes from the server; edit-form.ts only returns names the form renders.
        form.setFields([{ name: name as never, errors: [text] }]);
        setTab(sectionOf(name));
        setTimeout(() => form.scrollToField(name as never, { block: 'center' }), 0);
      }
    } finally {
      setSaving(false);
    }
  };

  if (impl.status !== 'draft') {
    return (
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Title level={1} data-testid="page-title">
          {t('nav.catalogEdit')}
        </Typography.Title>
        <Alert type="info" showIcon title={t('catalog.edit.notDraft')} data-testid="edit-not-draft" />
        <AppLink to={detail}>{t('catalog.edit.backToDetail')}</AppLink>
      </Space>
    );
  }

  const certOpts = (current: string | undefined) => {
    const list = (certTypes.data ?? []).map((c) => ({
      value: c.code,
      label: lang === 'zh-CN' ? c.name.zh : c.name.en,
    }));
    return current && !list.some((o) => o.value === current) ? [...list, { value: current, label: current }] : list;
  };
  const groupOpts = PARALLEL_GROUPS.map((g) => ({
    value: g,
    label: t('catalog.edit.parallelGroupN', { n: g.toUpperCase() }),
  }));
  const dateItem = {
    getValueProps: (v: string | undefined) => ({ value: v ? dayjs(v, DATE) : undefined }),
    normalize: (d: Dayjs | null) => (d ? d.format(DATE) : undefined),
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="edit-page">
      <AppLink to={detail}>← {t('catalog.edit.backToDetail')}</AppLink>
      <Space wrap align="center">
        <Typography.Title level={1} data-testid="page-title" style={{ margin: 0 }}>
          {t('catalog.edit.heading', { name: impl.item.name })}
        </Typography.Title>
        <StatusTag status={impl.status} />
        {impl.illustrative && <IllustrativeTag />}
      </Space>
      <Typography.Paragraph type="secondary">
        {t('catalog.edit.intro', { region: impl.regionName, department: impl.department.name, version: impl.version })}
      </Typography.Paragraph>
      {error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="edit-error"
          title={error.text}
          description={
            error.field ? t('catalog.edit.errorField', { field: elementPath(lang, error.field) }) : undefined
          }
          action={
            error.conflict ? (
              <Button onClick={() => window.location.reload()}>{t('catalog.edit.reload')}</Button>
            ) : undefined
          }
        />
      )}
      <Form<EditValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void save(v)}
        scrollToFirstError
        data-testid="edit-form"
        name="catalog-edit"
      >
        <Tabs
          activeKey={tab}
          onChange={(k) => setTab(k as Section)}
          data-testid="edit-sections"
          items={[
            {
              key: 'general',
              label: t('catalog.edit.general'),
              forceRender: true,
              children: (
                <>
                  <Form.Item
                    name="effectiveFrom"
                    label={t('catalog.effectiveFrom')}
                    rules={[{ required: true, message: t('catalog.edit.required') }]}
                    {...dateItem}
                  >
                    <DatePicker format={DATE} allowClear={false} inputReadOnly data-testid="edit-effectiveFrom" />
                  </Form.Item>
                  {impl.derivedFrom && (
                    <Form.Item
                      name="derivedFromVersion"
                      label={t('catalog.edit.derivedFromVersion')}
                      extra={t('catalog.edit.derivedFromVersionHint')}
                    >
                      <InputNumber min={1} precision={0} />
                    </Form.Item>
                  )}
                  <Form.Item
                    name={['elements', 'acceptanceConditions']}
                    label={t('catalog.element.acceptanceConditions')}
                    extra={t('catalog.edit.onePerLine')}
                  >
                    <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} data-testid="edit-acceptanceConditions" />
                  </Form.Item>
                  <Space wrap size="large" align="start">
                    <Form.Item
                      name={['elements', 'statutoryDays']}
                      label={t('catalog.element.statutoryDays')}
                      extra={t('catalog.edit.statutoryHint')}
                    >
                      <InputNumber min={0} max={3650} precision={0} data-testid="edit-statutoryDays" />
                    </Form.Item>
                    <Form.Item
                      name={['elements', 'promisedDays']}
                      label={t('catalog.element.promisedDays')}
                      rules={[{ required: true, message: t('catalog.edit.required') }]}
                    >
                      <InputNumber min={0} max={3650} precision={0} data-testid="edit-promisedDays" />
                    </Form.Item>
                    <Form.Item name={['elements', 'handlingKind']} label={t('catalog.element.handlingKind')}>
                      <Select options={opts('handlingKind', HANDLING_KINDS)} style={{ minWidth: 160 }} />
                    </Form.Item>
                  </Space>
                  <Space wrap size="large" align="start">
                    <Form.Item name={['elements', 'entrustedBody', 'name']} label={t('catalog.edit.entrustedName')}>
                      <Input style={{ minWidth: 280 }} />
                    </Form.Item>
                    <Form.Item name={['elements', 'entrustedBody', 'uscc']} label={t('catalog.edit.entrustedUscc')}>
                      <Input className="ow-mono" maxLength={18} style={{ minWidth: 220 }} />
                    </Form.Item>
                  </Space>
                </>
              ),
            },
            {
              key: 'materials',
              label: t('catalog.element.materials'),
              forceRender: true,
              children: (
                <>
                  <Form.List name={['elements', 'materials']}>
                    {(fields, { add, remove }, { errors }) => (
                      <>
                        {fields.map((f) => (
                          <fieldset key={f.key} className="ow-fieldset" data-testid="edit-material">
                            <legend>{t('catalog.edit.materialN', { n: f.name + 1 })}</legend>
                            <Space wrap size="middle" align="start">
                              <Form.Item name={[f.name, 'key']} hidden>
                                <Input />
                              </Form.Item>
                              <Form.Item
                                name={[f.name, 'name']}
                                label={t('catalog.material.name')}
                                rules={[{ required: true, whitespace: true, message: t('catalog.edit.required') }]}
                              >
                                <Input style={{ minWidth: 320 }} />
                              </Form.Item>
                              <Form.Item name={[f.name, 'requirement']} label={t('catalog.material.requirement')}>
                                <Select
                                  options={opts('requirement', ['required', 'conditional'])}
                                  style={{ minWidth: 120 }}
                                />
                              </Form.Item>
                              <Form.Item name={[f.name, 'condition']} label={t('catalog.material.condition')}>
                                <Input style={{ minWidth: 240 }} />
                              </Form.Item>
                            </Space>
                            <Space wrap size="middle" align="start">
                              <Form.Item
                                name={[f.name, 'forms']}
                                label={t('catalog.material.forms')}
                                rules={[{ required: true, type: 'array', min: 1, message: t('catalog.edit.required') }]}
                              >
                                <Checkbox.Group options={opts('materialForm', MATERIAL_FORMS)} />
                              </Form.Item>
                              <Form.Item name={[f.name, 'paperCopies']} label={t('catalog.material.paperCopies')}>
                                <InputNumber min={0} max={20} precision={0} />
                              </Form.Item>
                              <Form.Item name={[f.name, 'source', 'kind']} label={t('catalog.material.source')}>
                                <Select
                                  options={[
                                    { value: NO_SOURCE, label: t('catalog.material.noSource') },
                                    ...opts('materialSource', MATERIAL_SOURCES),
                                  ]}
                                  style={{ minWidth: 160 }}
                                />
                              </Form.Item>
                              <Form.Item
                                noStyle
                                dependencies={[['elements', 'materials', f.name, 'source', 'certificateType']]}
                              >
                                {({ getFieldValue }) => (
                                  <Form.Item
                                    name={[f.name, 'source', 'certificateType']}
                                    label={t('catalog.material.certificateType')}
                                  >
                                    <Select
                                      allowClear
                                      showSearch={{ optionFilterProp: 'label' }}
                                      options={certOpts(
                                        getFieldValue([
                                          'elements',
                                          'materials',
                                          f.name,
                                          'source',
                                          'certificateType',
                                        ]) as string | undefined,
                                      )}
                                      style={{ width: 220 }}
                                      data-testid="edit-material-certificate"
                                    />
                                  </Form.Item>
                                )}
                              </Form.Item>
                              <Form.Item
                                name={[f.name, 'source', 'dataSource']}
                                label={t('catalog.material.dataSource')}
                              >
                                <Input style={{ width: 200 }} />
                              </Form.Item>
                            </Space>
                            <Space wrap size="middle" align="start">
                              <Form.Item name={[f.name, 'blankForm']} label={t('catalog.material.blankForm')}>
                                <Input style={{ width: 240 }} />
                              </Form.Item>
                              <Form.Item name={[f.name, 'sample']} label={t('catalog.material.sample')}>
                                <Input style={{ width: 240 }} />
                              </Form.Item>
                              <Button
                                icon={<MinusCircleOutlined aria-hidden />}
                                onClick={() => remove(f.name)}
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
                          onClick={() =>
                            add({
                              key: '',
                              name: '',
                              requirement: 'required',
                              condition: '',
                              forms: ['original'],
                              paperCopies: 1,
                              blankForm: '',
                              sample: '',
                              source: { kind: 'applicant', certificateType: '', dataSource: '' },
                            })
                          }
                        >
                          {t('catalog.edit.addMaterial')}
                        </Button>
                      </>
                    )}
                  </Form.List>
                </>
              ),
            },
            {
              key: 'fees',
              label: t('catalog.element.fees'),
              forceRender: true,
              children: (
                <>
                  <Space wrap size="large" align="start">
                    <Form.Item
                      name={['elements', 'fees', 'charged']}
                      label={t('catalog.edit.charged')}
                      valuePropName="checked"
                    >
                      <Switch />
                    </Form.Item>
                    <Form.Item name={['elements', 'fees', 'basis']} label={t('catalog.edit.feeBasis')}>
                      <Input style={{ minWidth: 320 }} />
                    </Form.Item>
                  </Space>
                  <Form.List name={['elements', 'fees', 'items']}>
                    {(fields, { add, remove }, { errors }) => (
                      <>
                        {fields.map((f) => (
                          <Space key={f.key} wrap size="middle" align="start">
                            <Form.Item
                              name={[f.name, 'name']}
                              label={t('catalog.edit.feeName')}
                              rules={[{ required: true, whitespace: true, message: t('catalog.edit.required') }]}
                            >
                              <Input style={{ minWidth: 200 }} />
                            </Form.Item>
                            <Form.Item name={[f.name, 'amountFen']} label={t('catalog.edit.amountFen')}>
                              <InputNumber min={0} precision={0} />
                            </Form.Item>
                            <Form.Item name={[f.name, 'basis']} label={t('catalog.edit.feeBasis')}>
                              <Input style={{ minWidth: 200 }} />
                            </Form.Item>
                            <Button
                              icon={<MinusCircleOutlined aria-hidden />}
                              onClick={() => remove(f.name)}
                              style={{ marginTop: 30 }}
                            >
                              {t('catalog.edit.remove')}
                            </Button>
                          </Space>
                        ))}
                        <Form.ErrorList errors={errors} />
                        <Button
                          icon={<PlusOutlined aria-hidden />}
                          onClick={() => add({ name: '', amountFen: 0, basis: '' })}
                          style={{ marginBottom: 16 }}
                        >
                          {t('catalog.edit.addFee')}
                        </Button>
                      </>
                    )}
                  </Form.List>
                  <Form.Item
                    name={['elements', 'fees', 'reductions']}
                    label={t('catalog.edit.reductions')}
                    extra={t('catalog.edit.onePerLine')}
                  >
                    <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} />
                  </Form.Item>
                </>
              ),
            },
            {
              key: 'service',
              label: t('catalog.edit.service'),
              forceRender: true,
              children: (
                <>
                  <Form.Item name={['elements', 'serviceObjects']} label={t('catalog.element.serviceObjects')}>
                    <Checkbox.Group options={opts('serviceObject', SERVICE_OBJECTS)} />
                  </Form.Item>
                  <Form.Item name={['elements', 'channels']} label={t('catalog.element.channels')}>
                    <Checkbox.Group options={opts('channel', CHANNELS)} />
                  </Form.Item>
                  <Space wrap size="large" align="start">
                    <Form.Item
                      name={['elements', 'onlineDepth', 'fullyOnline']}
                      label={t('catalog.fullyOnline')}
                      valuePropName="checked"
                    >
                      <Switch />
                    </Form.Item>
                    <Form.Item
                      name={['elements', 'onlineDepth', 'inPersonVisits']}
                      label={t('catalog.edit.inPersonVisits')}
                    >
                      <InputNumber min={0} max={10} precision={0} />
                    </Form.Item>
                  </Space>
                  <Form.Item name={['elements', 'handleAnywhere']} label={t('catalog.element.handleAnywhere')}>
                    <Checkbox.Group options={opts('handleAnywhere', HANDLE_ANYWHERE)} />
                  </Form.Item>
                  <Form.List name={['elements', 'places']}>
                    {(fields, { add, remove }, { errors }) => (
                      <>
                        <Typography.Text strong>{t('catalog.element.places')}</Typography.Text>
                        {fields.map((f) => (
                          <Space key={f.key} wrap size="middle" align="start">
                            <Form.Item
                              name={[f.name, 'name']}
                              label={t('catalog.edit.placeName')}
                              rules={[{ required: true, whitespace: true, message: t('catalog.edit.required') }]}
                            >
                              <Input style={{ minWidth: 220 }} />
                            </Form.Item>
                            <Form.Item
                              name={[f.name, 'address']}
                              label={t('catalog.edit.placeAddress')}
                              rules={[{ required: true, whitespace: true, message: t('catalog.edit.required') }]}
                            >
                              <Input style={{ minWidth: 220 }} />
                            </Form.Item>
                            <Form.Item
                              name={[f.name, 'hours']}
                              label={t('catalog.edit.placeHours')}
                              rules={[{ required: true, whitespace: true, message: t('catalog.edit.required') }]}
                            >
                              <Input style={{ minWidth: 220 }} />
                            </Form.Item>
                            <Button
                              icon={<MinusCircleOutlined aria-hidden />}
                              onClick={() => remove(f.name)}
                              style={{ marginTop: 30 }}
                            >
                              {t('catalog.edit.remove')}
                            </Button>
                          </Space>
                        ))}
                        <Form.ErrorList errors={errors} />
                        <div>
                          <Button
                            icon={<PlusOutlined aria-hidden />}
                            onClick={() => add({ name: '', address: '', hours: '' })}
                            style={{ margin: '8px 0 16px' }}
                          >
                            {t('catalog.edit.addPlace')}
                          </Button>
                        </div>
                      </>
                    )}
                  </Form.List>
                  <Space wrap size="large" align="start">
                    <Form.Item
                      name={['elements', 'contacts', 'consultation']}
                      label={t('catalog.element.consultation')}
                      extra={t('catalog.edit.onePerLine')}
                    >
                      <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} style={{ minWidth: 320 }} />
                    </Form.Item>
                    <Form.Item
                      name={['elements', 'contacts', 'complaint']}
                      label={t('catalog.element.complaint')}
                      extra={t('catalog.edit.onePerLine')}
                    >
                      <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} style={{ minWidth: 320 }} />
                    </Form.Item>
                  </Space>
                </>
              ),
            },
            {
              key: 'result',
              label: t('catalog.element.result'),
              forceRender: true,
              children: (
                <>
                  <Space wrap size="large" align="start">
                    <Form.Item name={['elements', 'result', 'kind']} label={t('catalog.edit.resultKind')}>
                      <Select options={opts('resultKind', RESULT_KINDS)} style={{ minWidth: 140 }} />
                    </Form.Item>
                    <Form.Item name={['elements', 'result', 'name']} label={t('catalog.edit.resultName')}>
                      <Input style={{ minWidth: 220 }} />
                    </Form.Item>
                    <Form.Item noStyle dependencies={[['elements', 'result', 'certificateType']]}>
                      {({ getFieldValue }) => (
                        <Form.Item
                          name={['elements', 'result', 'certificateType']}
                          label={t('catalog.material.certificateType')}
                        >
                          <Select
                            allowClear
                            showSearch={{ optionFilterProp: 'label' }}
                            options={certOpts(
                              getFieldValue(['elements', 'result', 'certificateType']) as string | undefined,
                            )}
                            style={{ width: 220 }}
                          />
                        </Form.Item>
                      )}
                    </Form.Item>
                    <Form.Item name={['elements', 'result', 'sample']} label={t('catalog.material.sample')}>
                      <Input style={{ width: 220 }} />
                    </Form.Item>
                  </Space>
                  <Space wrap size="large" align="start">
                    <Form.Item
                      name={['elements', 'resultValidity', 'kind']}
                      label={t('catalog.element.resultValidity')}
                    >
                      <Select options={opts('validity', VALIDITY_KINDS)} style={{ minWidth: 140 }} />
                    </Form.Item>
                    <Form.Item name={['elements', 'resultValidity', 'value']} label={t('catalog.edit.validityValue')}>
                      <InputNumber min={1} max={100} precision={0} />
                    </Form.Item>
                    <Form.Item name={['elements', 'resultValidity', 'unit']} label={t('catalog.edit.validityUnit')}>
                      <Select allowClear options={opts('unit', VALIDITY_UNITS)} style={{ minWidth: 100 }} />
                    </Form.Item>
                    <Form.Item
                      name={['elements', 'quantityLimit', 'limited']}
                      label={t('catalog.element.quantityLimit')}
                      valuePropName="checked"
                    >
                      <Switch />
                    </Form.Item>
                    <Form.Item
                      name={['elements', 'quantityLimit', 'description']}
                      label={t('catalog.edit.quantityDescription')}
                    >
                      <Input style={{ minWidth: 220 }} />
                    </Form.Item>
                  </Space>
                </>
              ),
            },
            {
              key: 'process',
              label: t('catalog.edit.processSection'),
              forceRender: true,
              children: (
                <>
                  <Typography.Title level={2} className="ow-h3">
                    {t('catalog.element.intermediaryServices')}
                  </Typography.Title>
                  <Form.List name={['elements', 'intermediaryServices']}>
                    {(fields, { add, remove }, { errors }) => (
                      <>
                        {fields.map((f) => (
                          <Space key={f.key} wrap size="middle" align="start">
                            <Form.Item
                              name={[f.name, 'name']}
                              label={t('catalog.edit.serviceName')}
                              rules={[{ required: true, whitespace: true, message: t('catalog.edit.required') }]}
                            >
                              <Input style={{ minWidth: 220 }} />
                            </Form.Item>
                            <Form.Item
                              name={[f.name, 'required']}
                              label={t('catalog.edit.serviceRequired')}
                              valuePropName="checked"
                            >
                              <Switch />
                            </Form.Item>
                            <Form.Item name={[f.name, 'basis']} label={t('catalog.edit.feeBasis')}>
                              <Input style={{ minWidth: 220 }} />
                            </Form.Item>
                            <Button
                              icon={<MinusCircleOutlined aria-hidden />}
                              onClick={() => remove(f.name)}
                              style={{ marginTop: 30 }}
                            >
                              {t('catalog.edit.remove')}
                            </Button>
                          </Space>
                        ))}
                        <Form.ErrorList errors={errors} />
                        <div>
                          <Button
                            icon={<PlusOutlined aria-hidden />}
                            onClick={() => add({ name: '', required: false, basis: '' })}
                            style={{ marginBottom: 16 }}
                          >
                            {t('catalog.edit.addService')}
                          </Button>
                        </div>
                      </>
                    )}
                  </Form.List>

                  <Typography.Title level={2} className="ow-h3">
                    {t('catalog.element.process')}
                  </Typography.Title>
                  <Form.List name={['elements', 'process']}>
                    {(fields, { add, remove, move }, { errors }) => (
                      <>
                        {fields.map((f, i) => (
                          <Space key={f.key} wrap size="middle" align="start" data-testid="edit-step">
                            <Form.Item name={[f.name, 'key']} hidden>
                              <Input />
                            </Form.Item>
                            <Form.Item
                              name={[f.name, 'name']}
                              label={t('catalog.process.name')}
                              rules={[{ required: true, whitespace: true, message: t('catalog.edit.required') }]}
                            >
                              <Input style={{ width: 160 }} />
                            </Form.Item>
                            <Form.Item name={[f.name, 'role']} label={t('catalog.process.role')}>
                              <Select options={roleOpts} style={{ minWidth: 160 }} />
                            </Form.Item>
                            <Form.Item name={[f.name, 'days']} label={t('catalog.process.days')}>
                              <InputNumber min={0} max={3650} precision={0} />
                            </Form.Item>
                            <Form.Item name={[f.name, 'parallelGroup']} label={t('catalog.process.parallelGroup')}>
                              <Select allowClear options={groupOpts} style={{ width: 140 }} />
                            </Form.Item>
                            <Space style={{ marginTop: 30 }}>
                              <Button
                                disabled={i === 0}
                                onClick={() => move(i, i - 1)}
                                aria-label={t('catalog.edit.moveUp', { n: i + 1 })}
                              >
                                ↑
                              </Button>
                              <Button
                                disabled={i === fields.length - 1}
                                onClick={() => move(i, i + 1)}
                                aria-label={t('catalog.edit.moveDown', { n: i + 1 })}
                              >
                                ↓
                              </Button>
                              <Button icon={<MinusCircleOutlined aria-hidden />} onClick={() => remove(f.name)}>
                                {t('catalog.edit.remove')}
                              </Button>
                            </Space>
                          </Space>
                        ))}
                        <Form.ErrorList errors={errors} />
                        <div>
                          <Button
                            icon={<PlusOutlined aria-hidden />}
                            onClick={() => add({ key: '', name: '', role: 'reviewer', days: 1, parallelGroup: '' })}
                            style={{ marginBottom: 16 }}
                          >
                            {t('catalog.edit.addStep')}
                          </Button>
                        </div>
                      </>
                    )}
                  </Form.List>
                </>
              ),
            },
            {
              key: 'form',
              label: t('catalog.element.form'),
              forceRender: true,
              children: (
                <>
                  <Form.Item name={['elements', 'form']} extra={t('catalog.builder.hint')}>
                    <FormBuilder base={impl.elements.form} />
                  </Form.Item>
                </>
              ),
            },
          ]}
        />
        <div className="ow-edit-savebar" data-testid="edit-savebar">
          <Form.Item
            name="reason"
            label={t('catalog.edit.reason')}
            rules={[{ max: 500, message: t('catalog.reasonTooLong') }]}
          >
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} data-testid="edit-reason" />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={saving} data-testid="edit-save">
              {t('catalog.edit.save')}
            </Button>
            <Button onClick={() => navigate(detail)}>{t('catalog.cancel')}</Button>
          </Space>
        </div>
      </Form>
    </Space>
  );
}
