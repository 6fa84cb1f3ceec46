/**
 * The application form's builder on the edit page: a list of fields (title, kind, what it holds, required, a note,
 * a choice's options) beside a live preview drawn by FormPreview — the renderer the applicant's form uses. Nobody
 * types JSON or a machine key: what a field holds is picked from SEMANTIC_KEYS in words, and the property name is
 * made from it (form-builder.ts). Object and array fields of an existing form are kept as they are and shown so.
 */
import { Button, Checkbox, Col, Input, Row, Select, Space, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../../shell/i18n.ts';
import { FIELD_KINDS, SEMANTIC_KEYS, fieldsToSchema, newField, type BuilderField } from './form-builder.ts';
import { FormPreview } from './FormPreview.tsx';

export interface FormBuilderProps {
  value?: BuilderField[];
  onChange?: (v: BuilderField[]) => void;
  /** The schema read: root keywords the builder does not edit are kept in the preview as on save. */
  base?: unknown;
}

export function FormBuilder({ value = [], onChange, base }: FormBuilderProps) {
  const { t, lang } = useI18n();
  const set = (i: number, patch: Partial<BuilderField>) =>
    onChange?.(value.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const move = (i: number, to: number) => {
    const next = [...value];
    const [f] = next.splice(i, 1);
    next.splice(to, 0, f!);
    onChange?.(next);
  };
  const known = new Set(SEMANTIC_KEYS.map((k) => k.key));
  const used = new Set(value.map((f) => f.semanticKey));
  const keyOptions = (f: BuilderField) => [
    ...(f.semanticKey && !known.has(f.semanticKey)
      ? [{ value: f.semanticKey, label: t('catalog.builder.keptKey', { title: f.title || '—' }) }]
      : []),
    ...SEMANTIC_KEYS.map((k) => ({
      value: k.key,
      label: lang === 'zh-CN' ? k.zh : k.en,
      disabled: used.has(k.key) && k.key !== f.semanticKey,
    })),
  ];

  return (
    <Row gutter={[24, 16]} data-testid="form-builder">
      <Col xs={24} xl={14}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          {value.length === 0 && <Typography.Text type="secondary">{t('catalog.builder.empty')}</Typography.Text>}
          {value.map((f, i) => (
            <fieldset key={i} className="ow-fieldset ow-builder-fieldset" data-testid="builder-field">
              <legend>{t('catalog.builder.fieldN', { n: i + 1, title: f.title || '—' })}</legend>
              {f.kind === 'complex' ? (
                <Typography.Paragraph type="secondary" data-testid="builder-complex">
                  {t('catalog.builder.complex')}
                </Typography.Paragraph>
              ) : (
                <Space wrap size="middle" align="start">
                  <label className="ow-builder-label">
                    <span>{t('catalog.builder.holds')}</span>
                    <Select
                      showSearch={{ optionFilterProp: 'label' }}
                      value={f.semanticKey || undefined}
                      placeholder={t('catalog.builder.holdsPlaceholder')}
                      options={keyOptions(f)}
                      onChange={(key: string) => {
                        const k = SEMANTIC_KEYS.find((x) => x.key === key);
                        set(i, { semanticKey: key, title: f.title || (k ? (lang === 'zh-CN' ? k.zh : k.en) : '') });
                      }}
                      style={{ width: 240, maxWidth: '100%' }}
                      data-testid="builder-holds"
                    />
                  </label>
                  <label className="ow-builder-label">
                    <span>{t('catalog.builder.title')}</span>
                    <Input
                      value={f.title}
                      onChange={(e) => set(i, { title: e.target.value })}
                      style={{ width: 240, maxWidth: '100%' }}
                      data-testid="builder-title"
                    />
                  </label>
                  <label className="ow-builder-label">
                    <span>{t('catalog.builder.kind')}</span>
                    <Select
                      value={f.kind}
                      options={FIELD_KINDS.map((k) => ({ value: k, label: t(`catalog.builder.kind.${k}`) }))}
                      onChange={(kind: BuilderField['kind']) => set(i, { kind })}
                      style={{ width: 140 }}
                      data-testid="builder-kind"
                    />
                  </label>
                  <Checkbox
                    checked={f.required}
                    onChange={(e) => set(i, { required: e.target.checked })}
                    style={{ marginTop: 28 }}
                  >
                    {t('catalog.builder.required')}
                  </Checkbox>
                  <label className="ow-builder-label">
                    <span>{t('catalog.builder.description')}</span>
                    <Input
                      value={f.description}
                      onChange={(e) => set(i, { description: e.target.value })}
                      style={{ width: 320, maxWidth: '100%' }}
                    />
                  </label>
                  {f.kind === 'choice' && (
                    <label className="ow-builder-label">
                      <span>{t('catalog.builder.options')}</span>
                      <Input.TextArea
                        value={f.options}
                        onChange={(e) => set(i, { options: e.target.value })}
                        autoSize={{ minRows: 2, maxRows: 8 }}
                        style={{ width: 240, maxWidth: '100%' }}
                        data-testid="builder-options"
                      />
                    </label>
                  )}
                </Space>
              )}
              <Space style={{ marginTop: 8 }}>
                <Button
                  icon={<ArrowUpOutlined aria-hidden />}
                  disabled={i === 0}
                  onClick={() => move(i, i - 1)}
                  aria-label={t('catalog.edit.moveUp', { n: i + 1 })}
                />
                <Button
                  icon={<ArrowDownOutlined aria-hidden />}
                  disabled={i === value.length - 1}
                  onClick={() => move(i, i + 1)}
                  aria-label={t('catalog.edit.moveDown', { n: i + 1 })}
                />
                <Button
                  icon={<MinusCircleOutlined aria-hidden />}
                  onClick={() => onChange?.(value.filter((_, j) => j !== i))}
                  data-testid="builder-remove"
                >
                  {t('catalog.edit.remove')}
                </Button>
              </Space>
            </fieldset>
          ))}
          <Button
            icon={<PlusOutlined aria-hidden />}
            onClick={() => onChange?.([...value, newField()])}
            data-testid="builder-add"
          >
            {t('catalog.builder.add')}
          </Button>
        </Space>
      </Col>
      <Col xs={24} xl={10}>
        <Typography.Title level={3} className="ow-h4">
          {t('catalog.builder.preview')}
        </Typography.Title>
        <FormPreview schema={fieldsToSchema(value, base)} testId="builder-preview" />
      </Col>
    </Row>
  );
}
