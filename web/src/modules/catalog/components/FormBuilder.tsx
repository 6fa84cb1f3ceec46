/**
 * The application form's builder on the edit page: a list of fields (title, kind, what it holds, required, a note,
 * a choice's options) beside a live preview drawn by FormPreview — the renderer the applicant's form uses. Nobody
 * types JSON or a machine key: what a field holds is picked from SEMANTIC_KEYS in words, and the property name is
 * made from it (form-builder.ts). A field may be a group (一组字段) or a list of rows (多行列表, e.g. 股东名单) with
 * its own plain fields, edited the same way one level down; deeper shapes of an existing form are kept as they are.
 */
import { Button, Checkbox, Col, Input, Row, Select, Space, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../../shell/i18n.ts';
import {
  FIELD_KINDS,
  LEAF_KINDS,
  SEMANTIC_KEYS,
  fieldsToSchema,
  isNested,
  newField,
  usedKeys,
  type BuilderField,
} from './form-builder.ts';
import { FormPreview } from './FormPreview.tsx';

export interface FormBuilderProps {
  value?: BuilderField[];
  onChange?: (v: BuilderField[]) => void;
  /** The schema read: root keywords the builder does not edit are kept in the preview as on save. */
  base?: unknown;
}

export function FormBuilder({ value = [], onChange, base }: FormBuilderProps) {
  const { t } = useI18n();
  return (
    <Row gutter={[24, 16]} data-testid="form-builder">
      <Col xs={24} xl={14}>
        <FieldList fields={value} onChange={(v) => onChange?.(v)} used={usedKeys(value)} nested={false} />
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

/**
 * A list of fields: the form's own (`nested` false: any kind, test ids `builder-field`, `builder-add`) or a group's or
 * list's (`nested` true: plain kinds only, `builder-subfield`, `builder-add-sub`). `used`: the semantic keys the whole
 * form uses (a key is offered once).
 */
function FieldList({
  fields,
  onChange,
  used,
  nested,
}: {
  fields: BuilderField[];
  onChange: (v: BuilderField[]) => void;
  used: ReadonlySet<string>;
  nested: boolean;
}) {
  const { t, lang } = useI18n();
  const set = (i: number, patch: Partial<BuilderField>) =>
    onChange(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const move = (i: number, to: number) => {
    const next = [...fields];
    const [f] = next.splice(i, 1);
    next.splice(to, 0, f!);
    onChange(next);
  };
  const known = new Set(SEMANTIC_KEYS.map((k) => k.key));
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
  const kinds = nested ? LEAF_KINDS : FIELD_KINDS;

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {fields.length === 0 && (
        <Typography.Text type="secondary">
          {t(nested ? 'catalog.builder.emptyGroup' : 'catalog.builder.empty')}
        </Typography.Text>
      )}
      {fields.map((f, i) => (
        <fieldset
          key={i}
          className={nested ? 'ow-fieldset ow-builder-fieldset ow-builder-sub' : 'ow-fieldset ow-builder-fieldset'}
          data-testid={nested ? 'builder-subfield' : 'builder-field'}
          data-kind={f.kind}
        >
          <legend>
            {t(nested ? 'catalog.builder.subFieldN' : 'catalog.builder.fieldN', { n: i + 1, title: f.title || '—' })}
          </legend>
          {f.kind === 'complex' ? (
            <Typography.Paragraph type="secondary" data-testid="builder-complex">
              {t('catalog.builder.complex')}
            </Typography.Paragraph>
          ) : (
            <Space wrap size="middle" align="start">
              {!isNested(f.kind) && (
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
              )}
              <label className="ow-builder-label">
                <span>
                  {t(
                    f.kind === 'group'
                      ? 'catalog.builder.groupTitle'
                      : f.kind === 'list'
                        ? 'catalog.builder.listTitle'
                        : 'catalog.builder.title',
                  )}
                </span>
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
                  options={kinds.map((k) => ({ value: k, label: t(`catalog.builder.kind.${k}`) }))}
                  onChange={(kind: BuilderField['kind']) =>
                    // A group or list holds fields, not a value: it has no semantic key of its own (its fields do).
                    set(i, isNested(kind) ? { kind, semanticKey: '' } : { kind, children: [] })
                  }
                  style={{ width: nested ? 140 : 220, maxWidth: '100%' }}
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
          {isNested(f.kind) && (
            <section
              className="ow-builder-children"
              aria-label={
                f.kind === 'list'
                  ? t('catalog.builder.rowFields')
                  : t('catalog.builder.subFields', { title: f.title || '—' })
              }
              data-testid="builder-children"
            >
              <Typography.Text strong>
                {f.kind === 'list'
                  ? t('catalog.builder.rowFields')
                  : t('catalog.builder.subFields', { title: f.title || '—' })}
              </Typography.Text>
              <FieldList fields={f.children} onChange={(children) => set(i, { children })} used={used} nested />
            </section>
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
              disabled={i === fields.length - 1}
              onClick={() => move(i, i + 1)}
              aria-label={t('catalog.edit.moveDown', { n: i + 1 })}
            />
            <Button
              icon={<MinusCircleOutlined aria-hidden />}
              onClick={() => onChange(fields.filter((_, j) => j !== i))}
              data-testid={nested ? 'builder-remove-sub' : 'builder-remove'}
            >
              {t('catalog.edit.remove')}
            </Button>
          </Space>
        </fieldset>
      ))}
      <Button
        icon={<PlusOutlined aria-hidden />}
        onClick={() => onChange([...fields, newField()])}
        data-testid={nested ? 'builder-add-sub' : 'builder-add'}
      >
        {t(nested ? 'catalog.builder.addSub' : 'catalog.builder.add')}
      </Button>
    </Space>
  );
}
