/** The public verification page: paste a credential or QR payload; the answer in plain words, personal data masked. */
import { useEffect, useState } from 'react';
import { Alert, Button, Descriptions, Form, Input, Space, Tag, Typography } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { CertificatesApi, type Verification } from '../api.ts';
import { dateOf } from './parts.tsx';

export function VerifyPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const [result, setResult] = useState<Verification | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async ({ credential }: { credential: string }) => {
    setBusy(true);
    setError(null);
    try {
      setResult(await CertificatesApi.verify(credential));
    } catch (e) {
      setError(errorText(e, i18n));
    } finally {
      setBusy(false);
    }
  };
  // A scanned QR code opens this page with the credential in the fragment (#vc=…): verify it at once.
  const [form] = Form.useForm<{ credential: string }>();
  useEffect(() => {
    const vc = /[#&]vc=([^&]+)/.exec(window.location.hash)?.[1];
    if (!vc) return;
    form.setFieldsValue({ credential: decodeURIComponent(vc) });
    void submit({ credential: decodeURIComponent(vc) });
  }, []);
  const zh = i18n.lang === 'zh-CN';
  const c = result?.credential;
  const holder = (c?.holder ?? {}) as Record<string, unknown>;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('certificates.verify.heading')}
      </Typography.Title>
      <Typography.Paragraph>{t('certificates.verify.intro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="credential" label={t('certificates.verify.input')} rules={[{ required: true }]}>
          <Input.TextArea rows={5} data-testid="verify-input" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block data-testid="verify-submit">
          {t('certificates.verify.submit')}
        </Button>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
      {result && (
        <Alert
          data-testid="verify-result"
          type={result.valid ? 'success' : 'error'}
          showIcon
          title={t(result.valid ? 'certificates.verify.valid' : 'certificates.verify.invalid')}
          description={zh ? result.message.zh : result.message.en}
        />
      )}
      {c && (
        <Descriptions column={1} bordered size="small">
          <Descriptions.Item label={t('certificates.type')}>
            {c.name} {c.illustrative && <Tag>{t('certificates.illustrative')}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('certificates.number')}>{c.number}</Descriptions.Item>
          <Descriptions.Item label={t('certificates.issuer')}>{c.issuer.name}</Descriptions.Item>
          <Descriptions.Item label={t('certificates.holder')}>{String(holder.name ?? '')}</Descriptions.Item>
          {(holder.idMasked || holder.idType === '001') && (
            <Descriptions.Item label={t('certificates.holderId')}>
              {String(holder.idMasked ?? holder.id ?? '')}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('certificates.validFrom')}>{dateOf(c.validFrom, i18n)}</Descriptions.Item>
          <Descriptions.Item label={t('certificates.validUntil')}>{dateOf(c.validUntil, i18n)}</Descriptions.Item>
        </Descriptions>
      )}
    </Space>
  );
}
