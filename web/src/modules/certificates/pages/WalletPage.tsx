/** The holder's own certificates (证照库), each downloadable as its credential (a vc+jwt file). */
import { Alert, Button, Space, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { CertificatesApi, type Certificate } from '../api.ts';
import { certificateColumns } from './parts.tsx';

async function download(c: Certificate) {
  const { credential } = await CertificatesApi.credential(c.id);
  const url = URL.createObjectURL(new Blob([credential], { type: 'application/vc+jwt' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${c.type.name}.jwt`;
  a.click();
  URL.revokeObjectURL(url);
}

export function WalletPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const mine = useQuery({ queryKey: ['certificates.mine'], queryFn: ({ signal }) => CertificatesApi.mine(signal) });
  const columns = [
    ...certificateColumns(i18n),
    {
      title: t('certificates.actions'),
      key: 'actions',
      render: (_: unknown, c: Certificate) => (
        <Button size="small" onClick={() => void download(c)} data-testid="certificate-download">
          {t('certificates.download')}
        </Button>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('certificates.mine.heading')}
      </Typography.Title>
      {mine.error && <Alert type="error" showIcon title={errorText(mine.error, i18n)} />}
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
    </Space>
  );
}
