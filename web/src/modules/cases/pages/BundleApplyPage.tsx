/**
 * 一件事申请: one form for the whole bundle (its merged JSON Schema, rendered with rjsf like ApplyPage), the one
 * material list, the order of handling, one submission. A window clerk also names the registered person and the
 * window. The server validates; success opens the bundle application.
 */
import { useState } from 'react';
import { Alert, Form as AntForm, Input, List, Space, Spin, Typography } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useSignedIn } from '../../../shell/session.tsx';
import { useNavigate } from '../../../shell/navigation.ts';
import type { PageProps } from '../../../shell/module.ts';
import { useLoad } from '../../../api/use-load.ts';
import { ApiError } from '../../../api/client.ts';
import { BundlesApi, type BundleApplyBody } from '../api.ts';
import { ApplicationForm, PersonPicker, fieldErrorsOf, forRjsf } from './ApplyPage.tsx';

type Json = Record<string, unknown>;

export function BundleApplyPage({ params }: PageProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const zh = i18n.lang === 'zh-CN';
  const navigate = useNavigate();
  const { principal } = useSignedIn();
  const staff = principal.kind === 'staff';
  const v = useLoad(['cases.bundleApply', params.bundleId], async (signal) => {
    const offer = (await BundlesApi.offers(signal)).items.find((o) => o.bundleId === params.bundleId);
    if (!offer)
      throw new ApiError({
        status: 404,
        code: 'NOT_FOUND',
        message: { zh: '该“一件事”未发布或已废止', en: 'This bundle is not published or was retired' },
      });
    return BundlesApi.version(offer.bundleId, offer.version, signal);
  });
  const [clerk] = AntForm.useForm<{ personId?: string; window?: string }>();
  const [data, setData] = useState<Json>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const x = v.data;
  const schema = x ? forRjsf(x.form.schema) : null;
  const fieldErrors = fieldErrorsOf(error);
  const nameOf = (k: string) => x?.members.find((m) => m.key === k)?.itemName ?? k;

  const submit = async (formData: Json) => {
    if (!x) return;
    let who: { personId?: string; window?: string } = {};
    if (staff) {
      try {
        who = await clerk.validateFields();
      } catch {
        return;
      }
    }
    setBusy(true);
    setError(null);
    try {
      const body: BundleApplyBody = { bundleId: x.bundleId, version: x.version, region: x.region, form: formData };
      if (staff) {
        body.applicant = { personId: who.personId! };
        body.window = who.window?.trim();
      }
      const a = await BundlesApi.apply(body, { 'idempotency-key': key });
      navigate(`/cases/bundle-applications/${a.id}`);
    } catch (e) {
      setError(e);
      setKey(crypto.randomUUID());
    } finally {
      setBusy(false);
    }
  };

  const required = [{ required: true, whitespace: true, message: t('cases.required') }];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 760 }} data-testid="bundle-apply-page">
      <Typography.Title level={1} data-testid="page-title">
        {x ? x.name : t('nav.caseBundleApply')}
      </Typography.Title>
      {!!v.error && <Alert type="error" showIcon title={errorText(v.error, i18n)} />}
      {v.loading && <Spin />}
      {x && (
        <>
          <Typography.Paragraph>
            {x.lifeEvent} · {x.regionName}
          </Typography.Paragraph>
          <List
            header={<strong>{t('cases.bundles.members')}</strong>}
            bordered
            size="small"
            dataSource={x.members}
            renderItem={(m) => (
              <List.Item>
                {t('cases.bundles.stage', { n: m.stage })} · {m.itemName} · {m.department.name}
                {m.dependsOn.length > 0 &&
                  ` · ${t('cases.bundles.after', { names: m.dependsOn.map(nameOf).join(zh ? '、' : ', ') })}`}
              </List.Item>
            )}
          />
          <List
            header={<strong>{t('cases.bundles.materials')}</strong>}
            footer={<Typography.Text type="secondary">{t('cases.bundles.materialsHint')}</Typography.Text>}
            bordered
            size="small"
            dataSource={x.materials}
            renderItem={(m) => <List.Item>{m.name}</List.Item>}
          />
          {staff && (
            <AntForm form={clerk} layout="vertical">
              <AntForm.Item name="personId" label={t('cases.applicant')} rules={required}>
                <PersonPicker />
              </AntForm.Item>
              <AntForm.Item name="window" label={t('cases.window')} rules={required}>
                <Input maxLength={100} />
              </AntForm.Item>
            </AntForm>
          )}
          {error !== null && (
            <Alert
              type="error"
              showIcon
              title={errorText(error, i18n)}
              data-testid="bundle-apply-error"
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
            />
          )}
        </>
      )}
    </Space>
  );
}
