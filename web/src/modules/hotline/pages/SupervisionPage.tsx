/** The center's supervision: overdue and supervised tickets, returns, reopened ones, decisions waiting; status counts kept apart. */
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Space, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n, type MsgKey } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { HotlineApi, type Move, type Ticket } from '../api.ts';
import { MoveDialog, TicketTable } from './parts.tsx';

const DECISIONS: Partial<Record<Ticket['status'], Move[]>> = {
  returned: ['dispatch', 'arbitrate'],
  extension_requested: ['approve-extension', 'refuse-extension'],
  escalated: ['arbitrate', 'close-unresolved'],
};
const SECTIONS = ['overdue', 'returned', 'reopened', 'awaitingDecision'] as const;

export function SupervisionPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const board = useQuery({ queryKey: ['hotline.board'], queryFn: ({ signal }) => HotlineApi.board(signal) });
  const counts = useQuery({ queryKey: ['hotline.counts'], queryFn: ({ signal }) => HotlineApi.counts(signal) });
  const [open, setOpen] = useState<{ ticket: Ticket; move: Move } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['hotline.board'] });
  const run = async (id: string, move: Move, body: Parameters<typeof HotlineApi.move>[2]) => {
    await HotlineApi.move(id, move, body);
    await refresh();
  };
  const supervise = async (x: Ticket) => {
    try {
      await HotlineApi.supervise(x.id, t('hotline.supervise'));
      await refresh();
    } catch (e) {
      setError(errorText(e, i18n));
    }
  };
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('nav.hotlineSupervision')}
      </Typography.Title>
      {(!!board.error || error) && <Alert type="error" showIcon title={error ?? errorText(board.error, i18n)} />}
      {counts.data && (
        <Descriptions bordered size="small" column={{ xs: 1, sm: 2, lg: 4 }} title={t('hotline.counts')}>
          {Object.entries(counts.data).map(([s, n]) => (
            <Descriptions.Item key={s} label={t(`hotline.status.${s}` as MsgKey)}>
              {n}
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
      {SECTIONS.map((key) => (
        <Card key={key} title={t(`hotline.board.${key}`)}>
          <TicketTable
            items={board.data?.[key] ?? []}
            loading={board.isFetching}
            actions={(x) => (
              <Space wrap>
                {(DECISIONS[x.status] ?? []).map((m) => (
                  <Button key={m} size="small" onClick={() => setOpen({ ticket: x, move: m })}>
                    {t(`hotline.move.${m}`)}
                  </Button>
                ))}
                {key === 'overdue' && (
                  <Button size="small" danger onClick={() => supervise(x)}>
                    {t('hotline.supervise')}
                  </Button>
                )}
              </Space>
            )}
          />
        </Card>
      ))}
      <MoveDialog ticket={open?.ticket ?? null} move={open?.move ?? null} onClose={() => setOpen(null)} run={run} />
    </Space>
  );
}
