/**
 * 申请办理: the application form of a published implementation, rendered from its JSON Schema with
 * react-jsonschema-form (@rjsf/antd; field titles come from the schema, in Chinese). The server validates: its
 * `FORM_INVALID` answer lists every field at fault, and each message is shown at its field. A window clerk also names
 * the registered person applied for and the window. Success opens the new case.
 */
import { useState } from 'react';
import { Alert, Button, Checkbox, Form as AntForm, Input, Select, Space, Spin, Typography } from 'antd';
import Form from '@rjsf/antd';
import validator from '@rjsf/validator-ajv8';
import type { ErrorSchema, RJSFSchema } from '@rjsf/utils';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useSignedIn } from '../../../shell/session.tsx';
import { useNavigate } from '../../../shell/navigation.ts';
import type { PageProps } from '../../../shell/module.ts';
import { useLoad } from '../../../api/use-load.ts';
import { ApiError } from '../../../api/client.ts';
import { CasesApi, type FileBody, type PersonHit } from '../api.ts';
import { messages } from '../messages.ts';
import { ApplySources, NO_CHOICES, applyChoices, type SourceChoices } from './ApplySources.tsx';

type Json = Record<string, unknown>;
interface ServerFieldError {
  field: string;
  zh: string;
  en: string;
}

/** The schema as rjsf reads it (ajv's default draft does not know the 2020-12 meta-schema URI). */
export function forRjsf(schema: unknown): RJSFSchema | null {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return null;
  const { $schema: _ignored, ...rest } = schema as Json;
  return rest as RJSFSchema;
}

/** The server's field errors (`form.a.b`) as rjsf's error tree, in the current language. */
export function errorTree(errors: ServerFieldError[], zh: boolean): ErrorSchema {
  const root: Json = {};
  for (const e of errors) {
    const path = e.field.split('.').slice(1);
    let node = root;
    for (const p of path) node = (node[p] ??= {}) as Json;
    ((node.__errors ??= []) as string[]).push(zh ? e.zh : e.en);
  }
  return root as ErrorSchema;
}

/**
 * The application form built from the pinned version's schema. The server validates and answers in Chinese and English;
 * its errors are shown at the fields. rjsf's own submit button is replaced by a full-width one, easy to reach on a phone.
 */
export function ApplicationForm(props: {
  schema: RJSFSchema;
  data: Json;
  onChange: (data: Json) => void;
  onSubmit: (data: Json) => void;
  fieldErrors: ServerFieldError[];
  busy: boolean;
  submitTestId?: string;
  testId?: string;
}) {
  const { t, lang } = useI18n();
  return (
    <div className="ow-apply-form" data-testid={props.testId}>
      <Form
        schema={props.schema}
        validator={validator}
        formData={props.data}
        onChange={(e) => props.onChange((e.formData ?? {}) as Json)}
        onSubmit={(e) => props.onSubmit((e.formData ?? {}) as Json)}
        noValidate
        noHtml5Validate
        showErrorList={false}
        extraErrors={props.fieldErrors.length ? errorTree(props.fieldErrors, lang === 'zh-CN') : undefined}
        idPrefix="root"
        disabled={props.busy}
      >
        <Button
          type="primary"
          htmlType="submit"
          size="large"
          block
          loading={props.busy}
          data-testid={props.submitTestId}
        >
          {t('cases.apply.submit')}
        </Button>
      </Form>
    </div>
  );
}

export function fieldErrorsOf(e: unknown): ServerFieldError[] {
  if (!(e instanceof ApiError) || e.code !== 'FORM_INVALID') return [];
  const d = e.details as { errors?: ServerFieldError[] } | null;
  return Array.isArray(d?.errors) ? d.errors.filter((x) => typeof x.field === 'string') : [];
}

interface ClerkValues {
  personId?: string;
  window?: string;
}

/** A registered person, searched by name within the clerk's jurisdiction; shows the masked ID, never the id. */
export function PersonPicker(props: { value?: string; onChange?: (v: string) => void }) {
  const i18n = useI18n();
  const [hits, setHits] = useState<PersonHit[]>([]);
  const [busy, setBusy] = useState(false);
  const search = async (name: string) => {
    if (!name.trim()) return;
    setBusy(true);
    try {
      setHits((await CasesApi.persons(name.trim())).items);
    } catch {
      setHits([]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: (v) => void search(v) }}
      value={props.value}
      onChange={props.onChange}
      loading={busy}
      placeholder={i18n.t('cases.apply.personSearch')}
      notFoundContent={busy ? <Spin size="small" /> : i18n.t('cases.apply.noPerson')}
      options={hits.map((p) => ({ value: p.id, label: `${p.name}（${p.residentIdMasked}）` }))}
      data-testid="apply-person"
      aria-label={i18n.t('cases.applicant')}
    />
  );
}

export function ApplyPage({ params }: PageProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const zh = i18n.lang === 'zh-CN';
  const navigate = useNavigate();
  const { principal } = useSignedIn();
  const staff = principal.kind === 'staff';
  const v = useLoad(['cases.apply', params.implementationId], (signal) =>
    CasesApi.publishedVersion(params.implementationId, signal),
  );
  const [clerk] = AntForm.useForm<ClerkValues>();
  const [data, setData] = useState<Json>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [signed, setSigned] = useState(false);
  const [unsigned, setUnsigned] = useState(false);
  const [choices, setChoices] = useState<SourceChoices>(NO_CHOICES);
  const x = v.data;
  const schema = x ? forRjsf(x.elements.form) : null;
  const fieldErrors = fieldErrorsOf(error);
  const commitment = x?.item.reformMode === 'commitment';
  // The commitment is signed as the legal text in Chinese, whatever the screen's language.
  const commitmentText = x ? messages['cases.commitment.text'].zh.replace('{item}', x.item.name) : '';

  const submit = async (formData: Json) => {
    if (!x) return;
    let who: ClerkValues = {};
    if (staff) {
      try {
        who = await clerk.validateFields();
      } catch {
        return;
      }
    }
    if (commitment && !signed) {
      setUnsigned(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body: FileBody = { itemId: x.item.id, region: x.region, form: formData };
      if (commitment) body.commitment = { accepted: true, text: commitmentText };
      if (staff) {
        body.applicant = { personId: who.personId! };
        body.window = who.window?.trim();
      }
      const c = await CasesApi.file(body, { 'idempotency-key': key });
      // The ticked certificate and shared-data choices, applied right after filing (what fails stays offered).
      if (!staff) await applyChoices(c.id, choices);
      navigate(`/cases/${c.id}`);
    } catch (e) {
      setError(e);
      // A new attempt after a refusal is a new request (the key's answer would replay the refusal).
      setKey(crypto.randomUUID());
    } finally {
      setBusy(false);
    }
  };

  const required = [{ required: true, whitespace: true, message: t('cases.required') }];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 760 }} data-testid="apply-page">
      <Typography.Title level={1} data-testid="page-title">
        {x ? t('cases.apply.title', { item: x.item.name }) : t('nav.caseApply')}
      </Typography.Title>
      {!!v.error && <Alert type="error" showIcon title={errorText(v.error, i18n)} />}
      {v.loading && <Spin />}
      {x && (
        <>
          <Typography.Paragraph>
            {t('cases.apply.where', { department: x.department.name, region: x.regionName })}
          </Typography.Paragraph>
          {x.illustrative && <Alert type="warning" showIcon title={t('cases.apply.illustrative')} />}
          {x.item.reformMode === 'filing' && <Alert type="info" showIcon title={t('cases.apply.filing')} />}
          {commitment && (
            <div data-testid="apply-commitment">
              <Alert type="info" showIcon title={t('cases.apply.commitment')} style={{ marginBottom: 12 }} />
              <Typography.Title level={2}>{t('cases.commitment')}</Typography.Title>
              <Typography.Paragraph data-testid="apply-commitment-text">{commitmentText}</Typography.Paragraph>
              {!zh && (
                <Typography.Paragraph type="secondary">
                  {t('cases.commitment.text', { item: x.item.name })}
                </Typography.Paragraph>
              )}
              <Checkbox
                checked={signed}
                onChange={(e) => {
                  setSigned(e.target.checked);
                  setUnsigned(false);
                }}
                data-testid="apply-commitment-accept"
              >
                {t('cases.commitment.accept')}
              </Checkbox>
              {unsigned && (
                <Alert type="error" showIcon title={t('cases.commitment.required')} style={{ marginTop: 8 }} />
              )}
            </div>
          )}
          {staff && (
            <AntForm form={clerk} layout="vertical" data-testid="apply-clerk">
              <AntForm.Item name="personId" label={t('cases.applicant')} rules={required}>
                <PersonPicker />
              </AntForm.Item>
              <AntForm.Item name="window" label={t('cases.window')} rules={required}>
                <Input maxLength={100} data-testid="apply-window" />
              </AntForm.Item>
            </AntForm>
          )}
          {!staff && <ApplySources itemId={x.item.id} region={x.region} value={choices} onChange={setChoices} />}
          {error !== null && (
            <Alert
              type="error"
              showIcon
              title={errorText(error, i18n)}
              data-testid="apply-error"
              data-code={error instanceof ApiError ? error.code : undefined}
            />
          )}
          {schema && (
            <ApplicationForm
              schema={schema}
              data={data}
              onChange={setData}
              onSubmit={(d) => void submit(d)}
              fieldErrors={fieldErrors}
              busy={busy}
              submitTestId="apply-submit"
              testId="apply-form"
            />
          )}
        </>
      )}
    </Space>
  );
}
