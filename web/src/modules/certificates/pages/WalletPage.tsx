/**
 * The holder's own certificates (证照库), each downloadable as its credential (a vc+jwt file) or as a PDF, with the
 * holder's grants of use (用证授权) and the usage log.
 */
import { Alert, Button, Space, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { CertificatesApi, type Certificate } from '../api.ts';
import { useState } from 'react';
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
