/**
 * A ticket's files (附件): the list the caller may see (the server hides a confidential caller's files from the
 * department), downloads, and — where the caller may add one — an upload. Used on the operator console, the
 * department queue (files to the reply) and the citizen's own requests.
 */
import { useState } from 'react';
import { Alert, Button, Modal, Radio, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n, type MsgKey } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { HotlineApi, type Attachment } from '../api.ts';

const ACCEPT = '.pdf,.jpg,.jpeg,.png,.ofd,application/pdf,image/jpeg,image/png';

const sizeText = (n: number) => (n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

/** Saves a blob under `name` (the download needs the bearer token, so it is fetched first). */
function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function AttachmentsPanel({
  ticketId,
  mine,
  upload,
  hint,
}: {
  ticketId: string;
  /** The citizen's own request (their paths), or staff. */
  mine: boolean;
  /** Whether the caller may add files now; `kinds`: an operator chooses the caller's or the center's. */
  upload: null | { kinds?: boolean };
  hint?: MsgKey;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const qc = useQueryClient();
  const key = ['hotline.attachments', ticketId, mine];
  const list = useQuery({ queryKey: key, queryFn: ({ signal }) => HotlineApi.attachments(ticketId, mine, signal) });
  const [kind, setKind] = useState<'caller' | 'center'>('caller');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const add = async (files: FileList | null) => {
    if (!files?.length) return;
    setBusy(true);
    setError(null);
    try {
      for (const f of Array.from(files)) await HotlineApi.attach(ticketId, f, { mine, kind });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      void qc.invalidateQueries({ queryKey: key });
    }
  };
  const download = async (a: Attachment) => {
    try {
      save(await HotlineApi.attachment(ticketId, a, mine), a.name);
    } catch (e) {
      setError(e);
    }
  };
  const columns: TableColumnsType<Attachment> = [
    { title: t('hotline.files.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('hotline.files.kind'),
      key: 'kind',
      render: (_, a) => <Tag>{t(`hotline.files.kind.${a.kind}` as MsgKey)}</Tag>,
    },
    { title: t('hotline.files.size'), key: 'size', render: (_, a) => sizeText(a.size) },
    {
      title: t('hotline.files.digest'),
      key: 'sha256',
      render: (_, a) => <code title={a.sha256}>{a.sha256.slice(0, 12)}…</code>,
    },
    {
      title: t('hotline.files.download'),
      key: 'download',
      render: (_, a) => (
        <Button
          size="small"
          icon={<DownloadOutlined aria-hidden />}
          onClick={() => void download(a)}
          aria-label={`${t('hotline.files.download')} ${a.name}`}
          data-testid="attachment-download"
        />
      ),
    },
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="ticket-attachments">
      {!!list.error && <Alert type="error" showIcon title={errorText(list.error, i18n)} />}
      {error !== null && <Alert type="error" showIcon title={errorText(error, i18n)} data-testid="attachment-error" />}
      {upload && (
        <Space wrap>
          {upload.kinds && (
            <Radio.Group
              value={kind}
              onChange={(e) => setKind(e.target.value as 'caller' | 'center')}
              options={(['caller', 'center'] as const).map((k) => ({
                value: k,
                label: t(`hotline.files.kind.${k}` as MsgKey),
              }))}
            />
          )}
          <label className="ant-btn ant-btn-default" style={{ cursor: 'pointer' }}>
            <UploadOutlined aria-hidden /> {busy ? t('hotline.files.uploading') : t('hotline.files.upload')}
            <input
              type="file"
              multiple
              accept={ACCEPT}
              style={{ display: 'none' }}
              disabled={busy}
              data-testid="attachment-input"
              onChange={(e) => {
                void add(e.target.files);
                e.target.value = '';
              }}
            />
          </label>
          <Typography.Text type="secondary">{t(hint ?? 'hotline.files.hint')}</Typography.Text>
        </Space>
      )}
      <Table<Attachment>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('hotline.files.empty') }}
      />
    </Space>
  );
}

/** The files of one ticket in a dialog (from a row of a ticket table). */
export function AttachmentsDialog({
  ticket,
  mine,
  upload,
  hint,
  onClose,
}: {
  ticket: { id: string; number: string } | null;
  mine: boolean;
  upload: null | { kinds?: boolean };
  hint?: MsgKey;
  onClose: () => void;
}) {
  const { t } = useI18n();
  return (
    <Modal
      open={ticket !== null}
      title={ticket ? `${t('hotline.files')} · ${ticket.number}` : ''}
      footer={null}
      onCancel={onClose}
      width={760}
      destroyOnHidden
    >
      {ticket && <AttachmentsPanel ticketId={ticket.id} mine={mine} upload={upload} hint={hint} />}
    </Modal>
  );
}
