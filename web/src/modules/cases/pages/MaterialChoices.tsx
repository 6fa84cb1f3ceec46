/**
 * For the applicant of a case awaiting acceptance, besides certificates (CertificateChoice): 使用共享数据 — each
 * material shared data may give, fetched with the consent ticked here — and 使用以前上传的材料 — a file they
 * uploaded for an earlier case of their own, attached again (the same file) with their consent. Staff never see
 * these: only the applicant consents.
 */
import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Select, Space, Tag, Typography } from 'antd';
import { CloudDownloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useLoad } from '../../../api/use-load.ts';
import { CasesApi, type CaseView, type Material, type SharedDataOption } from '../api.ts';

function useRefresh(caseId: string) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: ['cases.materials', caseId] });
    void qc.invalidateQueries({ queryKey: ['cases.timeline', caseId] });
    void qc.invalidateQueries({ queryKey: ['cases.earlierUploads', caseId] });
  };
}

export function SharedDataChoice({ c, materials }: { c: CaseView; materials: Material[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const zh = i18n.lang.startsWith('zh');
  const refresh = useRefresh(c.id);
  const options = useLoad(['cases.sharedDataOptions', c.id], (signal) => CasesApi.sharedDataOptions(c.id, signal));
  const [consent, setConsent] = useState<Record<string, boolean>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const items = options.data?.items ?? [];
  if (items.length === 0) return null;

  const fetchIt = async (o: SharedDataOption) => {
    setBusy(o.materialKey);
    setError(null);
    try {
      await CasesApi.fromSharedData(c.id, o.materialKey);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
      refresh();
    }
  };
  return (
    <Card size="small" title={t('cases.materials.useShared')} data-testid="shared-data-choice">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('cases.materials.useShared.hint')}</Typography.Text>
        {error !== null && (
          <Alert type="error" showIcon title={errorText(error, i18n)} data-testid="shared-data-choice-error" />
        )}
        {items.map((o) => {
          const done = materials.some((m) => m.materialKey === o.materialKey && m.source?.kind === 'shared_data');
          const source = o.source ? (zh ? o.source.name.zh : o.source.name.en) : '';
          return (
            <Space key={o.materialKey} wrap data-testid="shared-data-choice-row">
              <Typography.Text strong>{o.materialName}</Typography.Text>
              {done ? (
                <Tag color="success" icon={<CloudDownloadOutlined aria-hidden />}>
                  {t('cases.materials.useShared.done')}
                </Tag>
              ) : !o.source ? (
                <Typography.Text type="secondary">
                  {t('cases.materials.useShared.notConnected', { dataSource: o.dataSource })}
                </Typography.Text>
              ) : (
                <>
                  <Checkbox
                    checked={!!consent[o.materialKey]}
                    onChange={(e) => setConsent((x) => ({ ...x, [o.materialKey]: e.target.checked }))}
                    data-testid="shared-data-consent"
                  >
                    {t('cases.materials.useShared.consent', { source: `${source}·${o.dataSource}` })}
                  </Checkbox>
                  <Button
                    type="primary"
                    disabled={!consent[o.materialKey]}
                    title={consent[o.materialKey] ? undefined : t('cases.materials.consentFirst')}
                    loading={busy === o.materialKey}
                    onClick={() => void fetchIt(o)}
                    data-testid="shared-data-use"
                  >
                    {t('cases.materials.useShared.submit')}
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

/** 使用以前上传的材料: one of the applicant's earlier uploads, for one of the implementation's materials. */
export function ReuseChoice({ c, listed }: { c: CaseView; listed: Array<{ key: string; name: string }> }) {
  const i18n = useI18n();
  const { t } = i18n;
  const refresh = useRefresh(c.id);
  const earlier = useLoad(['cases.earlierUploads', c.id], (signal) => CasesApi.earlierUploads(c.id, signal));
  const [picked, setPicked] = useState<string | undefined>();
  const [as, setAs] = useState<string>('');
  const [consent, setConsent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const items = earlier.data?.items ?? [];
  if (items.length === 0) return null;

  const reuse = async () => {
    if (!picked) return;
    setBusy(true);
    setError(null);
    try {
      await CasesApi.reuse(c.id, picked, as || null);
      setPicked(undefined);
      setConsent(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      refresh();
    }
  };
  return (
    <Card size="small" title={t('cases.materials.reuse')} data-testid="reuse-choice">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('cases.materials.reuse.hint')}</Typography.Text>
        {error !== null && <Alert type="error" showIcon title={errorText(error, i18n)} data-testid="reuse-error" />}
        <Space wrap>
          <Select
            style={{ minWidth: 320 }}
            aria-label={t('cases.materials.reuse.pick')}
            placeholder={t('cases.materials.reuse.pick')}
            value={picked}
            onChange={(v: string) => {
              setPicked(v);
              const m = items.find((x) => x.id === v);
              if (m?.materialKey && listed.some((l) => l.key === m.materialKey)) setAs(m.materialKey);
            }}
            options={items.map((m) => ({
              value: m.id,
              label: t('cases.materials.reuse.option', {
                name: m.name,
                number: m.case.number,
                date: new Date(m.uploadedAt).toLocaleDateString(i18n.lang, { timeZone: 'Asia/Shanghai' }),
              }),
            }))}
            data-testid="reuse-select"
          />
          <Select
            style={{ minWidth: 200 }}
            aria-label={t('cases.materials.reuse.as')}
            value={as}
            onChange={(v: string) => setAs(v)}
            options={[
              { value: '', label: t('cases.materials.reuse.asNone') },
              ...listed.map((l) => ({ value: l.key, label: l.name })),
            ]}
            data-testid="reuse-as"
          />
          <Checkbox checked={consent} onChange={(e) => setConsent(e.target.checked)} data-testid="reuse-consent">
            {t('cases.materials.reuse.consent')}
          </Checkbox>
          <Button
            type="primary"
            disabled={!picked || !consent}
            loading={busy}
            onClick={() => void reuse()}
            data-testid="reuse-use"
          >
            {t('cases.materials.reuse.submit')}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}
