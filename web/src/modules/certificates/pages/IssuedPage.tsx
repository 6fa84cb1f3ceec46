/**
 * The department's issued certificates, with revoke / suspend / reinstate (each with a reason) and change (变更) /
 * renew (延续), which issue the next version.
 */
import { useState } from 'react';
import { Alert, Button, Space, Table, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { ReasonModal } from '../../../components/ReasonModal.tsx';
import { CertificatesApi, type Certificate, type CertificateAction } from '../api.ts';
import { certificateColumns, saveBlob } from './parts.tsx';
import { ReissueModal, type ReissueKind } from './ReissueModal.tsx';

const ALLOWED: Record<Certificate['status'], CertificateAction[]> = {
  issued: ['suspend', 'revoke'],
  suspended: ['reinstate', 'revoke'],
  revoked: [],
  superseded: [],
  expired: [],
};

export function IssuedPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['certificates.issued'], queryFn: ({ signal }) => CertificatesApi.issued(signal) });
  const [error, setError] = useState<unknown>(null);
  const pdf = async (c: Certificate) => {
    setError(null);
    try {
      saveBlob(await CertificatesApi.pdf(c.id, 'certificates'), `${c.type.name}.pdf`);
    } catch (e) {
      setError(e);
    }
  };
  const [pending, setPending] = useState<{ c: Certificate; action: CertificateAction } | null>(null);
  const [reissue, setReissue] = useState<{ c: Certificate; kind: ReissueKind } | null>(null);
  const canReissue = (c: Certificate) => c.status === 'issued' || c.status === 'suspended';
  const columns = [
    ...certificateColumns(i18n),
    {
      title: t('certificates.actions'),
      key: 'actions',
      render: (_: unknown, c: Certificate) => (
        <Space wrap>
          <Button size="small" onClick={() => void pdf(c)} data-testid="certificate-pdf">
            {t('certificates.downloadPdf')}
          </Button>
          {ALLOWED[c.status].map((action) => (
            <Button
              key={action}
              size="small"
              danger={action === 'revoke'}
              data-testid={`certificate-${action}`}
              onClick={() => setPending({ c, action })}
            >
              {t(`certificates.action.${action}`)}
            </Button>
          ))}
          {canReissue(c) &&
            (['change', 'renew'] as const).map((kind) => (
              <Button
                key={kind}
                size="small"
                data-testid={`certificate-${kind}`}
                onClick={() => setReissue({ c, kind })}
              >
                {t(`certificates.action.${kind}`)}
              </Button>
            ))}
        </Space>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('certificates.issued.heading')}
      </Typography.Title>
      {list.error && <Alert type="error" showIcon title={errorText(list.error, i18n)} />}
      {error !== null && <Alert type="error" showIcon title={errorText(error, i18n)} />}
      <Table<Certificate>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        locale={{ emptyText: t('certificates.empty') }}
        pagination={false}
        scroll={{ x: true }}
        aria-label={t('certificates.tableCaption')}
      />
      <ReasonModal
        open={pending !== null}
        title={pending ? t(`certificates.action.${pending.action}`) : ''}
        okText={pending ? t(`certificates.action.${pending.action}`) : ''}
        danger={pending?.action === 'revoke'}
        onCancel={() => setPending(null)}
        onSubmit={async (reason) => {
          await CertificatesApi.move(pending!.c.id, pending!.action, pending!.c.version, reason);
          setPending(null);
          await queryClient.invalidateQueries({ queryKey: ['certificates.issued'] });
        }}
      />
      <ReissueModal
        pending={reissue}
        onClose={() => setReissue(null)}
        onDone={async () => {
          setReissue(null);
          await queryClient.invalidateQueries({ queryKey: ['certificates.issued'] });
        }}
      />
    </Space>
  );
}
