/** A case's materials (申请材料): name, type, size and digest, downloadable; uploads while the case awaits acceptance. */
import { useState } from 'react';
import { Alert, Button, Space, Table, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useLoad } from '../../../api/use-load.ts';
import { CasesApi, type CaseView, type Material } from '../api.ts';

const TYPE_NAMES: Record<Material['contentType'], string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'application/ofd': 'OFD',
};

const size = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);

export function Materials({ c, canUpload }: { c: CaseView; canUpload: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const qc = useQueryClient();
  const list = useLoad(['cases.materials', c.id], (signal) => CasesApi.materials(c.id, signal));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const open = canUpload && ['submitted', 'supplement_requested', 'waiting', 'received'].includes(c.status);

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
    { title: t('cases.materials.type'), key: 'type', render: (_, m) => TYPE_NAMES[m.contentType] },
    { title: t('cases.materials.size'), key: 'size', render: (_, m) => size(m.size) },
    {
      title: t('cases.materials.digest'),
      key: 'sha256',
      render: (_, m) => <code title={m.sha256}>{m.sha256.slice(0, 12)}…</code>,
    },
    {
      title: t('cases.materials.download'),
      key: 'download',
      render: (_, m) => (
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
