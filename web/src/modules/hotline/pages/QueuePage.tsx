/** A department's queue: its tickets with their lights; accept, return, request an extension, reply. */
import { useState } from 'react';
import { Alert, Button, Space, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { HotlineApi, type Move, type Ticket } from '../api.ts';
import { MoveDialog, TicketTable } from './parts.tsx';
import { AttachmentsDialog } from './Attachments.tsx';

/** The moves a department makes, by status. */
const MOVES: Partial<Record<Ticket['status'], Move[]>> = {
  dispatched: ['accept', 'return'],
  accepted: ['reply', 'request-extension'],
};

export function QueuePage() {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const q = useQuery({
    queryKey: ['hotline.queue'],
    queryFn: ({ signal }) => HotlineApi.tickets({ queue: 'mine' }, signal),
  });
  const [open, setOpen] = useState<{ ticket: Ticket; move: Move } | null>(null);
  const [files, setFiles] = useState<Ticket | null>(null);
  const run = async (id: string, move: Move, body: Parameters<typeof HotlineApi.move>[2]) => {
    await HotlineApi.move(id, move, body);
    await queryClient.invalidateQueries({ queryKey: ['hotline.queue'] });
  };
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('nav.hotlineQueue')}
      </Typography.Title>
      {!!q.error && <Alert type="error" showIcon title={errorText(q.error, i18n)} />}
      <TicketTable
        items={q.data?.items ?? []}
        loading={q.isFetching}
        actions={(x) => (
          <Space wrap>
            {(MOVES[x.status] ?? []).map((m) => (
              <Button key={m} size="small" onClick={() => setOpen({ ticket: x, move: m })} data-testid={`move-${m}`}>
                {t(`hotline.move.${m}`)}
              </Button>
            ))}
            <Button size="small" onClick={() => setFiles(x)} data-testid="ticket-files">
              {t('hotline.files')}
            </Button>
          </Space>
        )}
      />
      <AttachmentsDialog
        ticket={files}
        mine={false}
        upload={files?.status === 'accepted' ? {} : null}
        hint="hotline.files.replyHint"
        onClose={() => setFiles(null)}
      />
      <MoveDialog ticket={open?.ticket ?? null} move={open?.move ?? null} onClose={() => setOpen(null)} run={run} />
    </Space>
  );
}
