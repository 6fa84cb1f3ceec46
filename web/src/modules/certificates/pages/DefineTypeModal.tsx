/**
 * The administrator's 定义证照类型 form (POST /api/v1/certificates/types): code, names, the GB/T 36904 type code,
 * validity, issuing departments chosen by name, and the face fields — rows of name, Chinese and English label, kind,
 * required and semantic key — from which the page builds the face's JSON Schema (`title` the Chinese label,
 * `x-title-en` the English one, `x-semantic-key` the key the issued face takes its value from). The API's field
 * errors show next to their field.
 */
import { useState } from 'react';
import { Alert, Button, Checkbox, Form, Input, InputNumber, Modal, Radio, Select, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useI18n, type I18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { ApiError } from '../../../api/client.ts';
import { CertificatesApi, type CertificateType } from '../api.ts';

type Kind = 'text' | 'date' | 'number';
type Unit = 'year' | 'month' | 'day';

interface FieldRow {
  name?: string;
  zh?: string;
  en?: string;
  kind: Kind;
  required: boolean;
  key?: string;
}

interface Values {
  code: string;
  nameZh: string;
  nameEn: string;
  typeCode: string;
  validityKind: 'period' | 'long_term';
  validityValue?: number;
  validityUnit?: Unit;
  departments?: string[];
  fields?: FieldRow[];
}

/** A face field's name: an identifier (the key of the face's JSON object). */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
/** As the catalog's forms: `namespace.field`, lower camel case, at least one dot. */
const SEMANTIC_KEY = /^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)+$/;

/** The semantic keys the demo types' faces use (src/modules/certificates/demo.ts), by what they mean. */
const KNOWN_KEYS = (t: I18n['t']) => [
  { value: 'holder.name', label: t('certificates.admin.define.key.holderName') },
  { value: 'item.name', label: t('certificates.admin.define.key.itemName') },
  { value: 'case.number', label: t('certificates.admin.define.key.caseNumber') },
  { value: 'site.address', label: t('certificates.admin.define.key.siteAddress') },
];

/** The face's JSON Schema from the rows. */
export function faceSchemaOf(rows: FieldRow[]): Record<string, unknown> {
  const properties: Record<string, Record<string, unknown>> = {};
  for (const r of rows) {
    const name = (r.name ?? '').trim();
    properties[name] = {
      type: r.kind === 'number' ? 'number' : 'string',
      ...(r.kind === 'date' ? { format: 'date' } : {}),
      title: (r.zh ?? '').trim(),
      'x-title-en': (r.en ?? '').trim(),
      ...(r.key?.trim() ? { 'x-semantic-key': r.key.trim() } : {}),
    };
  }
  const required = rows.filter((r) => r.required).map((r) => (r.name ?? '').trim());
  return { type: 'object', properties, ...(required.length ? { required } : {}) };
}

/** The form item an API error's `field` belongs to, if the form shows it. */
function formFieldOf(field: string | null): keyof Values | null {
  if (!field) return null;
  const f = field.replace(/^body\./, '');
  if (f === 'code') return 'code';
  if (f === 'name.zh') return 'nameZh';
  if (f === 'name.en') return 'nameEn';
  if (f === 'typeCode') return 'typeCode';
  if (f === 'validity.unit') return 'validityUnit';
  if (f === 'validity.kind') return 'validityKind';
  if (f === 'validity' || f === 'validity.value') return 'validityValue';
  if (f === 'departments' || f.startsWith('departments.')) return 'departments';
  return null;
}

/** A semantic key: one the demo types use, chosen by meaning, or one typed in. */
function SemanticKeySelect(props: {
  id?: string;
  value?: string;
  onChange?: (v: string | undefined) => void;
  'aria-label': string;
  'data-testid': string;
}) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const known = KNOWN_KEYS(t);
  const typed = search.trim();
  const options = [
    ...known,
    ...(props.value && !known.some((o) => o.value === props.value) ? [{ value: props.value, label: props.value }] : []),
    ...(typed && typed !== props.value && !known.some((o) => o.value === typed)
      ? [{ value: typed, label: typed }]
      : []),
  ];
  return (
    <Select
      id={props.id}
      showSearch
      allowClear
      value={props.value}
      onChange={(v) => {
        props.onChange?.(v);
        setSearch('');
      }}
      onSearch={setSearch}
      filterOption={(input, o) =>
        String(o?.label ?? '').includes(input) || String(o?.value ?? '').includes(input.trim())
      }
      options={options}
      placeholder={t('certificates.admin.define.keyPlaceholder')}
      aria-label={props['aria-label']}
      data-testid={props['data-testid']}
      style={{ width: 220 }}
    />
  );
}

export function DefineTypeModal({
  open,
  departments,
  onClose,
}: {
  open: boolean;
  departments: Array<{ value: string; label: string }>;
  onClose: (defined: CertificateType | null) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const validityKind = Form.useWatch('validityKind', form) ?? 'period';

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const rows = v.fields ?? [];
      const defined = await CertificatesApi.defineType({
        code: v.code.trim(),
        name: { zh: v.nameZh.trim(), en: v.nameEn.trim() },
        typeCode: v.typeCode.trim(),
        faceSchema: faceSchemaOf(rows),
        validity:
          v.validityKind === 'long_term'
            ? { kind: 'long_term', value: null, unit: null }
            : { kind: 'period', value: v.validityValue ?? null, unit: v.validityUnit ?? null },
        departments: v.departments ?? [],
      });
      await queryClient.invalidateQueries({ queryKey: ['certificates.types'] });
      form.resetFields();
      onClose(defined);
    } catch (e) {
      const field = e instanceof ApiError ? e.field : null;
      // Schema errors name the request's field paths: words of our own instead.
      const schemaError =
        e instanceof ApiError && ['VALIDATION_FAILED', 'UNKNOWN_FIELD', 'FIELD_REQUIRED'].includes(e.code);
      const text = schemaError ? t('certificates.admin.define.fieldInvalid') : errorText(e, i18n);
      const name = formFieldOf(field);
      if (name) {
        form.setFields([{ name, errors: [text] }]);
        form.scrollToField(name, { block: 'center' });
      } else setError(schemaError ? t('certificates.admin.define.invalid') : text);
    } finally {
      setBusy(false);
    }
  };

  const rowLabel = (n: number, what: string) => t('certificates.admin.define.rowLabel', { n, what });
  return (
    <Modal
      open={open}
      width={960}
      title={t('certificates.admin.define.title')}
      onCancel={() => onClose(null)}
      onOk={() => form.submit()}
      okText={t('certificates.admin.define.submit')}
      cancelText={t('certificates.admin.cancel')}
      okButtonProps={{ 'data-testid': 'define-submit' } as Record<string, string>}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('certificates.admin.define.explain')}</Typography.Paragraph>
      {error !== null && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={error}
          style={{ marginBottom: 12 }}
          data-testid="define-error"
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{
          validityKind: 'period',
          validityValue: 5,
          validityUnit: 'year',
          departments: [],
          fields: [{ kind: 'text', required: true, key: 'holder.name' }],
        }}
        data-testid="define-form"
      >
        <Space wrap align="start">
          <Form.Item
            name="code"
            label={t('certificates.admin.define.code')}
            extra={t('certificates.admin.define.codeHelp')}
            rules={[{ required: true, whitespace: true, message: t('certificates.admin.define.codeRequired') }]}
          >
            <Input maxLength={64} style={{ width: 240 }} data-testid="define-code" />
          </Form.Item>
          <Form.Item
            name="typeCode"
            label={t('certificates.admin.typeCode')}
            extra={t('certificates.admin.define.typeCodeHelp')}
            rules={[
              { required: true, message: t('certificates.admin.define.typeCodeLength') },
              { len: 21, message: t('certificates.admin.define.typeCodeLength') },
            ]}
          >
            <Input maxLength={21} style={{ width: 280 }} data-testid="define-type-code" />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item
            name="nameZh"
            label={t('certificates.admin.define.nameZh')}
            rules={[{ required: true, whitespace: true, message: t('certificates.admin.define.nameRequired') }]}
          >
            <Input maxLength={100} style={{ width: 240 }} data-testid="define-name-zh" />
          </Form.Item>
          <Form.Item
            name="nameEn"
            label={t('certificates.admin.define.nameEn')}
            rules={[{ required: true, whitespace: true, message: t('certificates.admin.define.nameRequired') }]}
          >
            <Input maxLength={200} style={{ width: 280 }} data-testid="define-name-en" />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="validityKind" label={t('certificates.admin.validity')}>
            <Radio.Group data-testid="define-validity-kind">
              <Radio value="period">{t('certificates.admin.define.period')}</Radio>
              <Radio value="long_term">{t('certificates.longTerm')}</Radio>
            </Radio.Group>
          </Form.Item>
          {validityKind === 'period' && (
            <>
              <Form.Item
                name="validityValue"
                label={t('certificates.admin.define.periodValue')}
                rules={[{ required: true, message: t('certificates.admin.define.periodRequired') }]}
              >
                <InputNumber min={1} max={100} precision={0} data-testid="define-validity-value" />
              </Form.Item>
              <Form.Item
                name="validityUnit"
                label={t('certificates.admin.define.periodUnit')}
                rules={[{ required: true, message: t('certificates.admin.define.periodRequired') }]}
              >
                <Select
                  style={{ width: 120 }}
                  aria-label={t('certificates.admin.define.periodUnit')}
                  data-testid="define-validity-unit"
                  options={[
                    { value: 'year', label: t('certificates.admin.unit.year') },
                    { value: 'month', label: t('certificates.admin.unit.month') },
                    { value: 'day', label: t('certificates.admin.unit.day') },
                  ]}
                />
              </Form.Item>
            </>
          )}
        </Space>
        <Form.Item
          name="departments"
          label={t('certificates.admin.departments')}
          extra={t('certificates.admin.define.departmentsHelp')}
        >
          <Select
            mode="multiple"
            showSearch
            optionFilterProp="label"
            options={departments}
            placeholder={t('certificates.admin.chooseDepartment')}
            aria-label={t('certificates.admin.departments')}
            data-testid="define-departments"
          />
        </Form.Item>
        <Typography.Title level={3} style={{ fontSize: 16 }}>
          {t('certificates.admin.faceFields')}
        </Typography.Title>
        <Form.List name="fields">
          {(rows, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {rows.map((row, i) => (
                <Space
                  key={row.key}
                  wrap
                  align="start"
                  style={{ borderBottom: '1px solid #f0f0f0', width: '100%' }}
                  data-testid={`define-field-${i}`}
                >
                  <Form.Item
                    name={[row.name, 'name']}
                    label={t('certificates.admin.define.fieldName')}
                    rules={[
                      { required: true, message: t('certificates.admin.define.fieldNameInvalid') },
                      { pattern: FIELD_NAME, message: t('certificates.admin.define.fieldNameInvalid') },
                      ({ getFieldValue }) => ({
                        validator: (_, value: string | undefined) =>
                          value &&
                          (getFieldValue('fields') as FieldRow[]).filter((r) => r?.name?.trim() === value.trim())
                            .length > 1
                            ? Promise.reject(new Error(t('certificates.admin.define.fieldNameTwice')))
                            : Promise.resolve(),
                      }),
                    ]}
                  >
                    <Input
                      maxLength={63}
                      style={{ width: 160 }}
                      aria-label={rowLabel(i + 1, t('certificates.admin.define.fieldName'))}
                      data-testid={`define-field-name-${i}`}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[row.name, 'zh']}
                    label={t('certificates.admin.define.labelZh')}
                    rules={[
                      { required: true, whitespace: true, message: t('certificates.admin.define.labelRequired') },
                    ]}
                  >
                    <Input
                      maxLength={100}
                      style={{ width: 140 }}
                      aria-label={rowLabel(i + 1, t('certificates.admin.define.labelZh'))}
                      data-testid={`define-field-zh-${i}`}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[row.name, 'en']}
                    label={t('certificates.admin.define.labelEn')}
                    rules={[
                      { required: true, whitespace: true, message: t('certificates.admin.define.labelRequired') },
                    ]}
                  >
                    <Input
                      maxLength={200}
                      style={{ width: 160 }}
                      aria-label={rowLabel(i + 1, t('certificates.admin.define.labelEn'))}
                      data-testid={`define-field-en-${i}`}
                    />
                  </Form.Item>
                  <Form.Item name={[row.name, 'kind']} label={t('certificates.admin.fieldType')}>
                    <Select
                      style={{ width: 100 }}
                      aria-label={rowLabel(i + 1, t('certificates.admin.fieldType'))}
                      data-testid={`define-field-kind-${i}`}
                      options={[
                        { value: 'text', label: t('certificates.admin.fieldType.string') },
                        { value: 'date', label: t('certificates.admin.fieldType.date') },
                        { value: 'number', label: t('certificates.admin.fieldType.number') },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[row.name, 'key']}
                    label={t('certificates.admin.define.semanticKey')}
                    rules={[{ pattern: SEMANTIC_KEY, message: t('certificates.admin.define.keyInvalid') }]}
                  >
                    <SemanticKeySelect
                      aria-label={rowLabel(i + 1, t('certificates.admin.define.semanticKey'))}
                      data-testid={`define-field-key-${i}`}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[row.name, 'required']}
                    valuePropName="checked"
                    label={t('certificates.admin.required')}
                  >
                    <Checkbox
                      aria-label={rowLabel(i + 1, t('certificates.admin.required'))}
                      data-testid={`define-field-required-${i}`}
                    />
                  </Form.Item>
                  <Form.Item label={<span aria-hidden>&nbsp;</span>}>
                    <Button
                      onClick={() => remove(row.name)}
                      aria-label={rowLabel(i + 1, t('certificates.admin.define.removeField'))}
                      data-testid={`define-field-remove-${i}`}
                    >
                      {t('certificates.admin.define.removeField')}
                    </Button>
                  </Form.Item>
                </Space>
              ))}
              <Button
                type="dashed"
                onClick={() => add({ kind: 'text', required: false })}
                data-testid="define-add-field"
              >
                {t('certificates.admin.define.addField')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
