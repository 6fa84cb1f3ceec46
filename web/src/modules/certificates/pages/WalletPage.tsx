/**
 * The holder's own certificates (证照库), each downloadable as its credential (a vc+jwt file) or as a PDF, with the
 * holder's grants of use (用证授权) and the usage log. A certificate the daily job gave an expiry notice is tagged
 * 即将到期; it and an expired one offer 申请延续, which files a renewal case prefilled from the issuing case and opens it
 * (or opens the one already started).
 */
import { Alert, Button, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { CertificatesApi, type Certificate } from '../api.ts';
import { useState } from 'react';
import { useNavigate } from '../../../shell/navigation.ts';
import { certificateColumns, saveBlob } from './parts.tsx';
import { GrantModal, GrantsPanel } from './Grants.tsx';

async function download(c: Certificate) {
  const { credential } = await CertificatesApi.credential(c.id);
  saveBlob(new Blob([credential], { type: 'application/vc+jwt' }), `${c.type.name}.jwt`);
}

export function WalletPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const [error, setError] = useState<unknown>(null);
  const [granting, setGranting] = useState<Certificate | null>(null);
  const pdf = async (c: Certificate) => {
    setError(null);
    try {
      saveBlob(await CertificatesApi.pdf(c.id, 'mine'), `${c.type.name}.pdf`);
    } catch (e) {
      setError(e);
    }
  };
  const mine = useQuery({ queryKey: ['certificates.mine'], queryFn: ({ signal }) => CertificatesApi.mine(signal) });
  const notices = useQuery({
    queryKey: ['certificates.notices'],
    queryFn: ({ signal }) => CertificatesApi.notices(signal),
  });
  const navigate = useNavigate();
  const noticed = new Map((notices.data ?? []).map((n) => [n.certificateId, n]));
  const expiring = (mine.data ?? []).filter((c) => c.status === 'issued' && noticed.has(c.id));
  const renew = async (c: Certificate) => {
    setError(null);
    try {
      const r = await CertificatesApi.renew(c.id);
      navigate(`/cases/${r.case.id}`);
    } catch (e) {
      setError(e);
    }
  };
  const columns = [
    ...certificateColumns(i18n),
    {
      title: t('certificates.actions'),
      key: 'actions',
      render: (_: unknown, c: Certificate) => (
        <Space wrap>
          <Button size="small" onClick={() => void download(c)} data-testid="certificate-download">
            {t('certificates.download')}
          </Button>
          <Button size="small" onClick={() => void pdf(c)} data-testid="certificate-pdf">
            {t('certificates.downloadPdf')}
          </Button>
          {c.status === 'issued' && (
            <Button size="small" type="primary" ghost onClick={() => setGranting(c)} data-testid="certificate-grant">
              {t('certificates.grant')}
            </Button>
          )}
          {((c.status === 'issued' && noticed.has(c.id)) || c.status === 'expired') && (
            <>
              {c.status === 'issued' && <Tag color="warning">{t('certificates.expiringSoon')}</Tag>}
              <Button size="small" onClick={() => void renew(c)} data-testid="certificate-renew">
                {noticed.get(c.id)?.renewalCaseId ? t('certificates.renewal.open') : t('certificates.renew')}
              </Button>
            </>
          )}
        </Space>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('certificates.mine.heading')}
      </Typography.Title>
      {mine.error && <Alert type="error" showIcon title={errorText(mine.error, i18n)} />}
      {error !== null && <Alert type="error" showIcon title={errorText(error, i18n)} />}
      {expiring.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t('certificates.expiringSoon.notice', { count: expiring.length })}
          data-testid="certificates-expiring"
        />
      )}
      <Table<Certificate>
        rowKey="id"
        columns={columns}
        dataSource={mine.data ?? []}
        loading={mine.isFetching}
        locale={{ emptyText: t('certificates.empty') }}
        pagination={false}
        scroll={{ x: true }}
        aria-label={t('certificates.tableCaption')}
      />
      <GrantsPanel />
      <GrantModal certificate={granting} onClose={() => setGranting(null)} />
    </Space>
  );
}
