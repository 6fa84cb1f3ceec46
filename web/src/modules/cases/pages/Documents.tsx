/** A case's decision documents (决定书, 通知书, 告知书): number, date, download, and the public verification page. */
import { useState } from 'react';
import { Alert, Button, Space, Table, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useLoad } from '../../../api/use-load.ts';
import { AppLink } from '../../../components/AppLink.tsx';
import { NoticesApi, type CaseDocument, type CaseView } from '../api.ts';

export function Documents({ c }: { c: CaseView }) {
  const i18n = useI18n();
  const { t } = i18n;
  const lang = i18n.lang === 'zh-CN' ? 'zh' : 'en';
  // Reloaded when the case moves (its version is in the key): a move may have issued a document.
  const list = useLoad(['cases.documents', c.id, c.version], (signal) => NoticesApi.documents(c.id, signal));
  const [error, setError] = useState<unknown>(null);
  const download = async (d: CaseDocument) => {
    try {
      const url = URL.createObjectURL(await NoticesApi.downloadDocument(c.id, d));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${d.number}.pdf`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e);
    }
  };
  const columns: TableColumnsType<CaseDocument> = [
    { title: t('cases.documents.title'), key: 'title', render: (_, d) => d.title[lang] },
    { title: t('cases.documents.number'), dataIndex: 'number', key: 'number' },
    {
      title: t('cases.documents.issuedAt'),
      key: 'issuedAt',
      render: (_, d) => new Date(d.issuedAt).toLocaleString(i18n.lang),
    },
    {
      title: t('cases.documents.download'),
      key: 'actions',
      render: (_, d) => (
        <Space>
          <Button
            icon={<DownloadOutlined aria-hidden />}
            onClick={() => void download(d)}
            aria-label={`${t('cases.documents.download')} ${d.number}`}
            data-testid="document-download"
          />
          <AppLink to={`/cases/verify/${d.id}`} data-testid="document-verify">
            <SafetyCertificateOutlined aria-hidden /> {t('cases.documents.verify')}
          </AppLink>
        </Space>
      ),
    },
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="case-documents">
      <Typography.Title level={2}>{t('cases.documents')}</Typography.Title>
      {!!list.error && <Alert type="error" showIcon title={errorText(list.error, i18n)} />}
      {error !== null && <Alert type="error" showIcon title={errorText(error, i18n)} />}
      <Table<CaseDocument>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        locale={{ emptyText: t('cases.documents.none') }}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
    </Space>
  );
}
