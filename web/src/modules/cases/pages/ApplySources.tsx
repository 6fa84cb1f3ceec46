/**
 * On the apply page, before the case exists: the materials the applicant could give without an upload — an
 * e-certificate of theirs (or their enterprise's), or shared data — each with a tick box (their consent). The page
 * files the case, then applies the ticked choices at once (applyChoices); what fails stays offered on the case page.
 */
import { Card, Checkbox, Select, Space, Typography } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { useLoad } from '../../../api/use-load.ts';
import { CasesApi } from '../api.ts';

/** The applicant's ticks: a certificate id per certificate material, `true` per shared-data material. */
export interface SourceChoices {
  certificates: Record<string, string | undefined>;
  shared: Record<string, boolean>;
}

export const NO_CHOICES: SourceChoices = { certificates: {}, shared: {} };

/** Applies the ticked choices to the new case; answers how many failed (they stay offered on the case page). */
export async function applyChoices(caseId: string, choices: SourceChoices): Promise<number> {
  let failed = 0;
  for (const [materialKey, certificateId] of Object.entries(choices.certificates))
    if (certificateId) await CasesApi.fromCertificate(caseId, materialKey, certificateId).catch(() => failed++);
  for (const [materialKey, on] of Object.entries(choices.shared))
    if (on) await CasesApi.fromSharedData(caseId, materialKey).catch(() => failed++);
  return failed;
}

export function ApplySources(props: {
  itemId: string;
  region: string;
  value: SourceChoices;
  onChange: (v: SourceChoices) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const zh = i18n.lang.startsWith('zh');
  const options = useLoad(['cases.materialOptions', props.itemId, props.region], (signal) =>
    CasesApi.materialOptions(props.itemId, props.region, signal),
  );
  const o = options.data;
  if (!o || (o.certificates.length === 0 && o.sharedData.length === 0)) return null;
  const { value, onChange } = props;
  const until = (v: string | null) =>
    v
      ? new Date(v).toLocaleDateString(i18n.lang, { timeZone: 'Asia/Shanghai' })
      : t('cases.materials.useCertificate.noEnd');
  return (
    <Card size="small" title={t('cases.apply.sources')} data-testid="apply-sources">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('cases.apply.sources.hint')}</Typography.Text>
        {o.certificates.map((m) => {
          const chosen = value.certificates[m.materialKey];
          const shown = m.certificates.find((c) => c.id === chosen) ?? m.certificates[0];
          return (
            <Space key={m.materialKey} wrap data-testid="apply-source-certificate">
              <Checkbox
                checked={!!chosen}
                onChange={(e) =>
                  onChange({
                    ...value,
                    certificates: { ...value.certificates, [m.materialKey]: e.target.checked ? shown.id : undefined },
                  })
                }
              >
                {t('cases.apply.sources.certificate', {
                  material: m.materialName,
                  type: shown.type.name,
                  issuer: shown.issuer,
                  until: until(shown.validUntil),
                })}
              </Checkbox>
              {m.certificates.length > 1 && (
                <Select
                  style={{ minWidth: 240 }}
                  aria-label={`${t('cases.materials.useCertificate.pick')}：${m.materialName}`}
                  value={shown.id}
                  onChange={(id: string) =>
                    onChange({ ...value, certificates: { ...value.certificates, [m.materialKey]: id } })
                  }
                  options={m.certificates.map((c) => ({
                    value: c.id,
                    label: t('cases.materials.useCertificate.option', {
                      type: c.type.name,
                      issuer: c.issuer,
                      until: until(c.validUntil),
                    }),
                  }))}
                />
              )}
            </Space>
          );
        })}
        {o.sharedData.map((m) => (
          <Checkbox
            key={m.materialKey}
            checked={!!value.shared[m.materialKey]}
            onChange={(e) => onChange({ ...value, shared: { ...value.shared, [m.materialKey]: e.target.checked } })}
            data-testid="apply-source-shared"
          >
            {t('cases.apply.sources.shared', {
              material: m.materialName,
              source: `${m.source ? (zh ? m.source.name.zh : m.source.name.en) : ''}·${m.dataSource}`,
            })}
          </Checkbox>
        ))}
      </Space>
    </Card>
  );
}
