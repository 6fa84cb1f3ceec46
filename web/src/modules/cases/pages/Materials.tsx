/**
 * A case's materials (申请材料): name, type, size and digest, downloadable; uploads while the case awaits acceptance.
 * A material given by an e-certificate (免提交) shows as 电子证照 with the certificate and its verification, made again
 * on every read (a revocation after filing shows here); the applicant may choose their certificates (CertificateChoice).
 */
import { useState } from 'react';
import { Alert, Button, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import {
  CloudDownloadOutlined,
  DownloadOutlined,
  HistoryOutlined,
  SafetyCertificateOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useLoad } from '../../../api/use-load.ts';
import { useSignedIn } from '../../../shell/session.tsx';
import { CasesApi, type CaseView, type Material } from '../api.ts';
import { CertificateChoice } from './CertificateChoice.tsx';
import { ReuseChoice, SharedDataChoice } from './MaterialChoices.tsx';

const TYPE_NAMES: Record<Exclude<Material['contentType'], 'application/vc+jwt' | 'application/json'>, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'application/ofd': 'OFD',
};

/** The verification of a certificate-given material: now (fresh) and, when it differs, at filing. */
function CheckCell({ m, lang }: { m: Material; lang: string }) {
  const { t } = useI18n();
  const s = m.source!;
  const zh = lang.startsWith('zh');
  const result = (valid: boolean) => (valid ? t('cases.materials.check.valid') : t('cases.materials.check.invalid'));
  return (
    <Space orientation="vertical" size={0} data-testid="material-check">
      {s.now ? (
        <Tag color={s.now.valid ? 'success' : 'error'} data-testid={s.now.valid ? 'check-valid' : 'check-invalid'}>
          {result(s.now.valid)}
          {!s.now.valid && (zh ? `：${s.now.message.zh}` : `: ${s.now.message.en}`)}
        </Tag>
      ) : (
        <Tag>{t('cases.materials.check.unknown')}</Tag>
      )}
      {s.now && s.now.valid !== s.atFiling.valid && (
        <Typography.Text type="secondary">
          {t('cases.materials.check.atFiling', { result: result(s.atFiling.valid) })}
        </Typography.Text>
      )}
    </Space>
  );
}

type Listed = { key: string; name: string };

/** A material filled from shared data: the source, the data source's name, when, and the fields read (masked). */
function SharedDataCell({ m, lang }: { m: Material; lang: string }) {
  const { t } = useI18n();
  const d = m.source!.data!;
  const zh = lang.startsWith('zh');
  return (
    <Space orientation="vertical" size={0} data-testid="material-shared-data">
      <Tag color="cyan" icon={<CloudDownloadOutlined aria-hidden />}>
        {t('cases.materials.sharedData')}
      </Tag>
      <Typography.Text type="secondary">
        {t('cases.materials.sharedData.detail', {
          source: zh ? d.source.name.zh : d.source.name.en,
          dataSource: d.dataSource,
          at: new Date(m.source!.atFiling.at).toLocaleString(lang, { timeZone: 'Asia/Shanghai' }),
        })}
      </Typography.Text>
      {d.fields.map((f) => (
        <Typography.Text key={f.label.en}>
          {zh ? f.label.zh : f.label.en}：{f.value}
        </Typography.Text>
      ))}
    </Space>
  );
}

const size = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);

export function Materials({ c, canUpload }: { c: CaseView; canUpload: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { principal } = useSignedIn();
  const qc = useQueryClient();
  const list = useLoad(['cases.materials', c.id], (signal) => CasesApi.materials(c.id, signal));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const open = canUpload && ['submitted', 'supplement_requested', 'waiting', 'received'].includes(c.status);
  const applicant = principal.kind !== 'staff';
  const pinned = useLoad(['cases.pinned', c.implementation.id, c.implementation.version], (signal) =>
    open && applicant
      ? CasesApi.pinnedVersion(c.implementation.id, c.implementation.version, signal)
      : Promise.resolve(null),
  );

  const upload = async (files: FileList | null) => {
    if (!files?.length) return;
    setBusy(true);
    setError(null);
    try {
      for (const f of Array.from(files)) await CasesApi.upload(c.id, f);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      void qc.invalidateQueries({ queryKey: ['cases.materials', c.id] });
      void qc.invalidateQueries({ queryKey: ['cases.timeline', c.id] });
    }
  };
  const download = async (m: Material) => {
    try {
      const url = URL.createObjectURL(await CasesApi.download(c.id, m));
      const a = document.createElement('a');
      a.href = url;
      a.download = m.name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e);
    }
  };
  const columns: TableColumnsType<Material> = [
    { title: t('cases.materials.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('cases.materials.source'),
      key: 'source',
      render: (_, m) =>
        m.source?.data ? (
          <SharedDataCell m={m} lang={i18n.lang} />
        ) : m.reusedFrom ? (
          <Tag icon={<HistoryOutlined aria-hidden />} data-testid="material-reused">
            {t('cases.materials.reused')}
          </Tag>
        ) : m.source ? (
          <Space orientation="vertical" size={0}>
            <Tag color="blue" icon={<SafetyCertificateOutlined aria-hidden />} data-testid="material-certificate">
              {t('cases.materials.certificate')}
            </Tag>
            {m.source.record && (
              <Typography.Text type="secondary">
                {t('cases.materials.certificate.detail', {
                  type: m.source.record.type.name,
                  issuer: m.source.record.issuer,
                  number: m.source.record.number,
                })}
              </Typography.Text>
            )}
          </Space>
        ) : (
          t('cases.materials.upload.kind')
        ),
    },
    {
      title: t('cases.materials.type'),
      key: 'type',
      render: (_, m) =>
        m.contentType === 'application/vc+jwt' || m.contentType === 'application/json'
          ? '—'
          : TYPE_NAMES[m.contentType],
    },
    { title: t('cases.materials.size'), key: 'size', render: (_, m) => (m.source ? '—' : size(m.size)) },
    {
      title: t('cases.materials.check'),
      key: 'check',
      render: (_, m) =>
        m.source?.data ? (
          <Tag color="success" data-testid="check-valid">
            {t('cases.materials.check.valid')}
          </Tag>
        ) : m.source ? (
          <CheckCell m={m} lang={i18n.lang} />
        ) : (
          '—'
        ),
    },
    {
      title: t('cases.materials.digest'),
      key: 'sha256',
      render: (_, m) => <code title={m.sha256}>{m.sha256.slice(0, 12)}…</code>,
    },
    {
      title: t('cases.materials.download'),
      key: 'download',
      render: (_, m) =>
        m.source ? (
          '—'
        ) : (
          <Button
            icon={<DownloadOutlined aria-hidden />}
            onClick={() => void download(m)}
            aria-label={`${t('cases.materials.download')} ${m.name}`}
            data-testid="material-download"
          />
        ),
    },
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="case-materials">
      <Typography.Title level={2}>{t('cases.materials')}</Typography.Title>
      {!!list.error && <Alert type="error" showIcon title={errorText(list.error, i18n)} />}
      {error !== null && <Alert type="error" showIcon title={errorText(error, i18n)} data-testid="material-error" />}
      {open && (
        <Space wrap>
          <label className="ant-btn ant-btn-default" style={{ cursor: 'pointer' }}>
            <UploadOutlined aria-hidden /> {busy ? t('cases.materials.uploading') : t('cases.materials.upload')}
            <input
              type="file"
              multiple
              accept=".pdf,.jpg,.jpeg,.png,.ofd"
              style={{ position: 'absolute', width: 1, height: 1, opacity: 0 }}
              disabled={busy}
              onChange={(e) => {
                void upload(e.target.files);
                e.target.value = '';
              }}
              data-testid="material-file"
            />
          </label>
          <Typography.Text type="secondary">{t('cases.materials.hint')}</Typography.Text>
        </Space>
      )}
      {open && applicant && <CertificateChoice c={c} materials={list.data?.items ?? []} />}
      {open && applicant && <SharedDataChoice c={c} materials={list.data?.items ?? []} />}
      {open && applicant && <ReuseChoice c={c} listed={(pinned.data?.elements.materials ?? []) as Listed[]} />}
      <Table<Material>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        locale={{ emptyText: t('cases.materials.none') }}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="materials-table"
      />
    </Space>
  );
}
