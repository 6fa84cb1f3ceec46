/**
 * 使用电子证照: for the applicant of a case awaiting acceptance, each material a certificate may give, with their own
 * certificates of its type to choose from (the server verifies the chosen one and records the material). Staff never
 * see this: only the holder consents to the use of their certificates.
 */
import { useState } from 'react';
import { Alert, Button, Card, Select, Space, Tag, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useLoad } from '../../../api/use-load.ts';
import { CasesApi, type CaseView, type CertificateOption, type Material } from '../api.ts';

export function CertificateChoice({ c, materials }: { c: CaseView; materials: Material[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const qc = useQueryClient();
  const options = useLoad(['cases.certificateOptions', c.id], (signal) => CasesApi.certificateOptions(c.id, signal));
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const items = options.data?.items ?? [];
  if (items.length === 0) return null;

  const until = (v: string | null) =>
    v
      ? new Date(v).toLocaleDateString(i18n.lang, { timeZone: 'Asia/Shanghai' })
      : t('cases.materials.useCertificate.noEnd');
  const use = async (o: CertificateOption) => {
    const certificateId = chosen[o.materialKey] ?? o.certificates[0]?.id;
    if (!certificateId) return;
    setBusy(o.materialKey);
    setError(null);
    try {
      await CasesApi.fromCertificate(c.id, o.materialKey, certificateId);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
      void qc.invalidateQueries({ queryKey: ['cases.materials', c.id] });
      void qc.invalidateQueries({ queryKey: ['cases.timeline', c.id] });
    }
  };
  return (
    <Card size="small" title={t('cases.materials.useCertificate')} data-testid="certificate-choice">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('cases.materials.useCertificate.hint')}</Typography.Text>
        {error !== null && (
          <Alert type="error" showIcon title={errorText(error, i18n)} data-testid="certificate-choice-error" />
        )}
        {items.map((o) => {
          const done = materials.some((m) => m.materialKey === o.materialKey && m.source);
          return (
            <Space key={o.materialKey} wrap data-testid="certificate-choice-row">
              <Typography.Text strong>{o.materialName}</Typography.Text>
              {done ? (
                <Tag color="success" icon={<SafetyCertificateOutlined aria-hidden />}>
                  {t('cases.materials.useCertificate.done')}
                </Tag>
              ) : o.certificates.length === 0 ? (
                <Typography.Text type="secondary">{t('cases.materials.useCertificate.none')}</Typography.Text>
              ) : (
                <>
                  <Select
                    style={{ minWidth: 280 }}
                    aria-label={`${t('cases.materials.useCertificate.pick')}：${o.materialName}`}
                    value={chosen[o.materialKey] ?? o.certificates[0].id}
                    onChange={(v) => setChosen((x) => ({ ...x, [o.materialKey]: v }))}
                    options={o.certificates.map((cert) => ({
                      value: cert.id,
                      label: t('cases.materials.useCertificate.option', {
                        type: cert.type.name,
                        issuer: cert.issuer,
                        until: until(cert.validUntil),
                      }),
                    }))}
                    data-testid="certificate-choice-select"
                  />
                  <Button
                    type="primary"
                    loading={busy === o.materialKey}
                    onClick={() => void use(o)}
                    data-testid="certificate-choice-use"
                  >
                    {t('cases.materials.useCertificate.submit')}
                  </Button>
                </>
              )}
            </Space>
          );
        })}
      </Space>
    </Card>
  );
}
