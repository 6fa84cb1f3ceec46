/**
 * An application form as the applicant will see it, rendered from its JSON Schema with react-jsonschema-form
 * (@rjsf/antd, validated by @rjsf/validator-ajv8) — the same renderer the applicant's pages will use. Here it is a
 * preview: every input is disabled and there is no submit button. `fieldExtra` adds a note under a top-level field.
 * A list of rows (an array of objects, e.g. 股东名单) shows one empty row, so that its fields are seen.
 */
import type { ReactNode } from 'react';
import { Typography } from 'antd';
import Form, { Templates } from '@rjsf/antd';
import validator from '@rjsf/validator-ajv8';
import type { FieldTemplateProps, RJSFSchema, UiSchema } from '@rjsf/utils';
import { useI18n } from '../../../shell/i18n.ts';

export interface FormPreviewProps {
  /** The form's JSON Schema (an implementation's `elements.form`, a bundle's merged `form.schema`). */
  schema: unknown;
  testId?: string;
  /** `data-testid` of each top-level field's wrapper. */
  fieldTestId?: string;
  /** A note shown under a top-level field, by property name. */
  fieldExtra?: (property: string) => ReactNode;
}

interface PreviewContext {
  /** The top-level property names (a property name may itself contain `_`, rjsf's id separator). */
  properties: ReadonlySet<string>;
  fieldTestId?: string;
  fieldExtra?: (property: string) => ReactNode;
}

const AntFieldTemplate = Templates.FieldTemplate!;

function FieldTemplate(props: FieldTemplateProps) {
  const ctx = props.registry.formContext as PreviewContext;
  const property = props.id.startsWith('root_') ? props.id.slice('root_'.length) : '';
  if (!ctx.properties.has(property)) return <AntFieldTemplate {...props} />;
  return (
    <div data-testid={ctx.fieldTestId} data-property={property}>
      <AntFieldTemplate {...props} />
      {ctx.fieldExtra?.(property)}
    </div>
  );
}

const UI_SCHEMA: UiSchema = { 'ui:submitButtonOptions': { norender: true } };

/** The schema as rjsf reads it: ajv's default draft does not know the 2020-12 meta-schema URI, which adds nothing here. */
function forRjsf(schema: unknown): RJSFSchema | null {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return null;
  const { $schema: _ignored, ...rest } = schema as Record<string, unknown>;
  return rest as RJSFSchema;
}

/** The preview's data: one empty row in each list of rows (an array of objects), inside groups too. */
export function previewData(schema: unknown): unknown {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return undefined;
  const s = schema as Record<string, unknown>;
  if (s.type === 'array') {
    const row = previewData(s.items);
    return row !== undefined && typeof row === 'object' ? [row] : undefined;
  }
  if (s.type !== 'object' || !s.properties || typeof s.properties !== 'object') return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s.properties as Record<string, unknown>)) {
    const d = previewData(v);
    if (d !== undefined && (Array.isArray(d) || Object.keys(d as object).length)) out[k] = d;
  }
  return out;
}

export function FormPreview({ schema, testId, fieldTestId, fieldExtra }: FormPreviewProps) {
  const { t } = useI18n();
  const s = forRjsf(schema);
  if (!s || !s.properties || Object.keys(s.properties).length === 0)
    return <Typography.Paragraph>{t('catalog.none')}</Typography.Paragraph>;
  const context: PreviewContext = { properties: new Set(Object.keys(s.properties)), fieldTestId, fieldExtra };
  return (
    <div className="ow-form-preview" data-testid={testId}>
      <Form
        schema={s}
        formData={previewData(s)}
        uiSchema={UI_SCHEMA}
        validator={validator}
        disabled
        showErrorList={false}
        formContext={context}
        templates={{ FieldTemplate }}
        idPrefix="root"
      />
    </div>
  );
}
