/**
 * 文书真伪核验 (public, no login): the page a decision document's QR code opens. It shows whether the issued document's
 * stored bytes still match their digest and its signature verifies, with its public facts; and checks a PDF the
 * visitor holds against it, byte for byte.
 */
import { useState } from 'react';
import { Alert, Descriptions, Space, Spin, Tag, Typography } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useLoad } from '../../../api/use-load.ts';
import type { PageProps } from '../../../shell/module.ts';
import { NoticesApi, type Verification } from '../api.ts';

function Result({ v, testId }: { v: Verification; testId: string }) {
  const { t } = useI18n();
  const yes = (b: boolean) => <Tag color={b ? 'green' : 'red'}>{t(b ? 'cases.verify.yes' : 'cases.verify.no')}</Tag>;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid={testId}>
      <Alert
        type={v.valid ? 'success' : 'error'}
        showIcon
        title={t(v.valid ? 'cases.verify.valid' : 'cases.verify.invalid')}
      />
      <Descriptions bordered column={1} size="small">
        <Descriptions.Item label={t('cases.verify.digest')}>{yes(v.checks.digestMatches)}</Descriptions.Item>
        <Descriptions.Item label={t('cases.verify.signature')}>{yes(v.checks.signatureValid)}</Descriptions.Item>
      </Descriptions>
    </Space>
  );
}

export function VerifyPage({ params }: PageProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const lang = i18n.lang === 'zh-CN' ? 'zh' : 'en';
  const id = params.id;
  const v = useLoad(['cases.verification', id], (signal) => NoticesApi.verification(id, signal));
  const [file, setFile] = useState<Verification | null>(null);
  const [error, setError] = useState<unknown>(null);
  const check = async (files: FileList | null) => {
    const f = files?.[0];
    if (!f) return;
    setError(null);
    try {
      setFile(await NoticesApi.verifyFile(id, f));
    } catch (e) {
      setError(e);
    }
  };
  const d = v.data?.document;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('cases.verify.heading')}
      </Typography.Title>
      {!!v.error && <Alert type="error" showIcon title={errorText(v.error, i18n)} />}
      {v.loading && !v.data && <Spin />}
      {v.data && <Result v={v.data} testId="verify-result" />}
      {d && (
        <Descriptions bordered column={1} size="small" data-testid="verify-facts">
          <Descriptions.Item label={t('cases.documents.title')}>{d.title[lang]}</Descriptions.Item>
          <Descriptions.Item label={t('cases.documents.number')}>{d.number}</Descriptions.Item>
          <Descriptions.Item label={t('cases.verify.department')}>{d.department}</Descriptions.Item>
          <Descriptions.Item label={t('cases.item')}>{d.item}</Descriptions.Item>
          <Descriptions.Item label={t('cases.applicant')}>{d.applicant}</Descriptions.Item>
          <Descriptions.Item label={t('cases.number')}>{d.caseNumber}</Descriptions.Item>
          <Descriptions.Item label={t('cases.documents.issuedAt')}>
            {new Date(d.issuedAt).toLocaleString(i18n.lang)}
          </Descriptions.Item>
          <Descriptions.Item label="SHA-256">
            <code style={{ wordBreak: 'break-all' }}>{d.sha256}</code>
          </Descriptions.Item>
          <Descriptions.Item label={t('cases.verify.algorithm')}>
            <code style={{ wordBreak: 'break-all' }}>
              {d.alg} · {d.keyId}
            </code>
          </Descriptions.Item>
        </Descriptions>
      )}
      {d && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Title level={2}>{t('cases.verify.upload')}</Typography.Title>
          <Typography.Text type="secondary">{t('cases.verify.uploadHint')}</Typography.Text>
          <label className="ant-btn ant-btn-default" style={{ cursor: 'pointer', width: 'fit-content' }}>
            <UploadOutlined aria-hidden /> {t('cases.verify.upload')}
            <input
              type="file"
              accept=".pdf,application/pdf"
              style={{ position: 'absolute', width: 1, height: 1, opacity: 0 }}
              onChange={(e) => {
                void check(e.target.files);
                e.target.value = '';
              }}
              data-testid="verify-file"
            />
          </label>
          {error !== null && <Alert type="error" showIcon title={errorText(error, i18n)} />}
          {file && (
            <>
              <Typography.Text strong>{t('cases.verify.fileResult')}</Typography.Text>
              <Result v={file} testId="verify-file-result" />
            </>
          )}
        </Space>
      )}
    </Space>
  );
}
