/**
 * 通办收件 (代收代办): a window clerk takes an application for a competent body in another region. The clerk picks
 * that region and the service (published services applying there), the registered applicant, the window and where
 * the result is delivered, and fills the service's form; the server checks the service's handle-anywhere scope.
 * Success opens the case, which the clerk then forwards from its page. 多地联办: the clerk also names each other body
 * doing a part — its region (the competent body there does it) and the part it does — one to five of them, as the API
 * takes; the first region's body accepts and decides, and each part becomes a step of the case once it is accepted.
 */
import { useState } from 'react';
import { Alert, Button, Card, Form as AntForm, Input, Select, Space, Spin, Typography } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useNavigate } from '../../../shell/navigation.ts';
import { useLoad } from '../../../api/use-load.ts';
import { ApiError } from '../../../api/client.ts';
import { RegionCascader } from '../../../components/RegionCascader.tsx';
import { BundlesApi, CasesApi, type AnywhereBody, type ServiceHit } from '../api.ts';
import { ApplicationForm, PersonPicker, fieldErrorsOf, forRjsf } from './ApplyPage.tsx';

type Json = Record<string, unknown>;
const DELIVERY = ['accepting_window', 'competent_window', 'online', 'mail'] as const;

function ServicePicker(props: { region: string | null; value?: string; onChange?: (v: string) => void }) {
  const i18n = useI18n();
  const [hits, setHits] = useState<ServiceHit[]>([]);
  const [busy, setBusy] = useState(false);
  const search = async (q: string) => {
    if (!props.region || !q.trim()) return;
    setBusy(true);
    try {
      setHits((await BundlesApi.services(props.region, q.trim())).items);
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
      disabled={!props.region}
      placeholder={i18n.t(props.region ? 'cases.anywhere.serviceSearch' : 'cases.anywhere.pickRegionFirst')}
      notFoundContent={busy ? <Spin size="small" /> : i18n.t('cases.apply.noPerson')}
      options={hits.map((h) => ({ value: h.implementationId, label: `${h.name}（${h.departmentName}）` }))}
      aria-label={i18n.t('cases.anywhere.service')}
      data-testid="anywhere-service"
    />
  );
}

/** The API takes one to five other bodies (AnywhereInput.parts). */
const MAX_PARTS = 5;

/** The region of a body doing a part, as a form control (the form item gives value and onChange). */
function PartRegion(props: {
  id?: string;
  value?: string | null;
  onChange?: (v: string | null) => void;
  testId: string;
}) {
  return (
    <RegionCascader
      id={props.id ?? props.testId}
      value={props.value ?? null}
      allowClear={false}
      onChange={(v) => props.onChange?.(v)}
      testId={props.testId}
    />
  );
}

interface PartValues {
  region?: string | null;
  task?: string;
}

interface IntakeValues {
  mode?: 'collect' | 'joint';
  parts?: PartValues[];
  personId?: string;
  window?: string;
  delivery?: (typeof DELIVERY)[number];
}

export function AnywherePage() {
  const i18n = useI18n();
  const { t } = i18n;
  const navigate = useNavigate();
  const [region, setRegion] = useState<string | null>(null);
  const [mode, setMode] = useState<'collect' | 'joint'>('collect');
  const [implementationId, setImplementationId] = useState<string | undefined>(undefined);
  const v = useLoad(
    ['cases.anywhere.version', implementationId ?? ''],
    implementationId ? (signal) => CasesApi.publishedVersion(implementationId, signal) : null,
  );
  const [intake] = AntForm.useForm<IntakeValues>();
  const [data, setData] = useState<Json>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const x = v.data;
  const schema = x ? forRjsf(x.elements.form) : null;
  const fieldErrors = fieldErrorsOf(error);

  const submit = async (formData: Json) => {
    if (!x || !region) return;
    let w: IntakeValues;
    try {
      w = await intake.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body: AnywhereBody = {
        itemId: x.item.id,
        mode,
        competentRegions: [region],
        ...(mode === 'joint'
          ? { parts: (w.parts ?? []).map((p) => ({ region: p.region!, task: p.task!.trim() })) }
          : {}),
        form: formData,
        applicant: { personId: w.personId! },
        window: w.window!.trim(),
        delivery: w.delivery ?? 'accepting_window',
      };
      const r = await BundlesApi.receive(body, { 'idempotency-key': key });
      navigate(`/cases/${r.cases[0].id}`);
    } catch (e) {
      setError(e);
      setKey(crypto.randomUUID());
    } finally {
      setBusy(false);
    }
  };

  const required = [{ required: true, whitespace: true, message: t('cases.required') }];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 760 }} data-testid="anywhere-page">
      <Typography.Title level={1} data-testid="page-title">
        {t('cases.anywhere.title')}
      </Typography.Title>
      <AntForm
        form={intake}
        layout="vertical"
        initialValues={{ delivery: 'accepting_window', mode: 'collect', parts: [{ region: null, task: '' }] }}
      >
        <AntForm.Item name="mode" label={t('cases.anywhere.mode')}>
          <Select
            onChange={(m: 'collect' | 'joint') => setMode(m)}
            options={(['collect', 'joint'] as const).map((m) => ({ value: m, label: t(`cases.anywhere.mode.${m}`) }))}
            data-testid="anywhere-mode"
          />
        </AntForm.Item>
        <AntForm.Item label={t('cases.anywhere.region')} htmlFor="anywhere-region" required>
          <RegionCascader
            id="anywhere-region"
            value={region}
            allowClear={false}
            onChange={(r) => {
              setRegion(r);
              setImplementationId(undefined);
            }}
            testId="anywhere-region"
          />
        </AntForm.Item>
        <AntForm.Item label={t('cases.anywhere.service')} required>
          <ServicePicker region={region} value={implementationId} onChange={setImplementationId} />
        </AntForm.Item>
        {mode === 'joint' && (
          <AntForm.List name="parts">
            {(fields, { add, remove }) => (
              <Space orientation="vertical" style={{ width: '100%', marginBottom: 24 }} data-testid="anywhere-parts">
                {fields.map((field, i) => (
                  <Card
                    key={field.key}
                    size="small"
                    title={t('cases.anywhere.partN', { n: i + 1 })}
                    data-testid={`anywhere-part-${i}`}
                    extra={
                      fields.length > 1 && (
                        <Button
                          type="link"
                          danger
                          onClick={() => remove(field.name)}
                          data-testid={`anywhere-part-remove-${i}`}
                        >
                          {t('cases.anywhere.partRemove')}
                        </Button>
                      )
                    }
                  >
                    <AntForm.Item
                      name={[field.name, 'region']}
                      label={t('cases.anywhere.partRegion')}
                      htmlFor={`anywhere-part-region-${i}`}
                      rules={[{ required: true, message: t('cases.required') }]}
                    >
                      <PartRegion testId={`anywhere-part-region-${i}`} />
                    </AntForm.Item>
                    <AntForm.Item name={[field.name, 'task']} label={t('cases.anywhere.partTask')} rules={required}>
                      <Input maxLength={100} data-testid={`anywhere-part-task-${i}`} />
                    </AntForm.Item>
                  </Card>
                ))}
                <Button
                  onClick={() => add({ region: null, task: '' })}
                  disabled={fields.length >= MAX_PARTS}
                  data-testid="anywhere-part-add"
                >
                  {t('cases.anywhere.partAdd')}
                </Button>
                {fields.length >= MAX_PARTS && (
                  <Typography.Text type="secondary">{t('cases.anywhere.partMax', { n: MAX_PARTS })}</Typography.Text>
                )}
              </Space>
            )}
          </AntForm.List>
        )}
        <AntForm.Item name="personId" label={t('cases.applicant')} rules={required}>
          <PersonPicker />
        </AntForm.Item>
        <AntForm.Item name="window" label={t('cases.window')} rules={required}>
          <Input maxLength={100} data-testid="anywhere-window" />
        </AntForm.Item>
        <AntForm.Item name="delivery" label={t('cases.anywhere.delivery')}>
          <Select
            options={DELIVERY.map((d) => ({ value: d, label: t(`cases.anywhere.delivery.${d}`) }))}
            data-testid="anywhere-delivery"
          />
        </AntForm.Item>
      </AntForm>
      {!!v.error && <Alert type="error" showIcon title={errorText(v.error, i18n)} />}
      {v.loading && <Spin />}
      {x && (
        <Typography.Paragraph>
          {t('cases.apply.where', { department: x.department.name, region: x.regionName })}
        </Typography.Paragraph>
      )}
      {error !== null && (
        <Alert
          type="error"
          showIcon
          title={errorText(error, i18n)}
          data-testid="anywhere-error"
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
          submitTestId="anywhere-submit"
        />
      )}
    </Space>
  );
}
