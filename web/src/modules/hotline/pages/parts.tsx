/** Pieces the hotline pages share: status and light tags, the ticket table, and the dialog every move uses. */
import { useEffect, useState } from 'react';
import {
  Alert,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Table,
  Tag,
  Timeline,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useI18n, type MsgKey } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { HotlineApi, type Move, type MoveBody, type Ticket } from '../api.ts';

const CLOSED = ['answered', 'closed_resolved', 'closed_explained', 'closed_unconfirmed', 'closed_unresolved', 'merged'];
const LIGHT_COLORS = { green: 'success', yellow: 'warning', red: 'error' } as const;

export function StatusTag({ s }: { s: Ticket['status'] }) {
  const { t } = useI18n();
  return (
    <Tag color={CLOSED.includes(s) ? 'default' : 'processing'} data-testid="ticket-status">
      {t(`hotline.status.${s}` as MsgKey)}
    </Tag>
  );
}

/** The worst light of the ticket's running deadlines, and its supervision level. */
export function LightTag({ x }: { x: Ticket }) {
  const { t } = useI18n();
  const lights = x.deadlines.map((d) => d.light).filter((l) => l !== null);
  const worst = lights.includes('red') ? 'red' : lights.includes('yellow') ? 'yellow' : lights[0];
  return (
    <>
      {worst && <Tag color={LIGHT_COLORS[worst]}>{t(`hotline.light.${worst}` as MsgKey)}</Tag>}
      {x.supervisionLevel > 0 && (
        <Tag color="magenta">{t('hotline.supervisionLevel', { level: x.supervisionLevel })}</Tag>
      )}
    </>
  );
}

export function TicketTable({
  items,
  loading,
  actions,
}: {
  items: Ticket[];
  loading?: boolean;
  actions?: (x: Ticket) => React.ReactNode;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const columns: TableColumnsType<Ticket> = [
    { title: t('hotline.number'), dataIndex: 'number', key: 'number' },
    {
      title: t('hotline.requestType'),
      key: 'type',
      render: (_, x) => (
        <>
          {`${t(`hotline.type.${x.requestType}` as MsgKey)} · ${x.topic.name}`}
          {x.cannotGetDone && (
            <Tag color="volcano" style={{ marginLeft: 4 }}>
              {t('hotline.tag.cannotGetDone')}
            </Tag>
          )}
          {x.channel === 'transfer' && (
            <Tag color="geekblue" style={{ marginLeft: 4 }}>
              {t('hotline.tag.transfer')}
            </Tag>
          )}
        </>
      ),
    },
    { title: t('hotline.content'), dataIndex: 'content', key: 'content', ellipsis: true },
    { title: t('hotline.status'), key: 'status', render: (_, x) => <StatusTag s={x.status} /> },
    { title: t('hotline.deadline'), key: 'light', render: (_, x) => <LightTag x={x} /> },
    ...(actions
      ? [{ title: t('hotline.actions'), key: 'actions', render: (_: unknown, x: Ticket) => actions(x) }]
      : []),
  ];
  return (
    <Table<Ticket>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={false}
      scroll={{ x: true }}
      locale={{ emptyText: t('hotline.empty') }}
    />
  );
}

/** Which fields each move asks for. */
const FIELDS: Record<Move, Array<'reason' | 'department' | 'days' | 'outcome' | 'reply' | 'center'>> = {
  dispatch: ['department'],
  arbitrate: ['department', 'reason'],
  return: ['reason'],
  accept: [],
  'request-extension': ['days', 'reason'],
  'approve-extension': [],
  'refuse-extension': ['reason'],
  reply: ['outcome', 'reply'],
  'close-unresolved': ['reason'],
  transfer: ['center', 'reason'],
};
const OUTCOMES = ['resolved', 'explained', 'not_in_remit', 'in_progress_long_term'] as const;

export function MoveDialog({
  ticket,
  move,
  onClose,
  run,
}: {
  ticket: Ticket | null;
  move: Move | null;
  onClose: () => void;
  run: (id: string, move: Move, body: MoveBody) => Promise<unknown>;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [form] = Form.useForm<Omit<MoveBody, 'version'>>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    form.resetFields();
    setError(null);
  }, [ticket, move, form]);
  const fields = move ? FIELDS[move] : [];
  const centers = useQuery({
    queryKey: ['hotline.centers'],
    queryFn: ({ signal }) => HotlineApi.centers(signal),
    enabled: fields.includes('center'),
  });
  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      await run(ticket!.id, move!, { ...values, department: values.department || null, version: ticket!.version });
      onClose();
    } catch (e) {
      setError(errorText(e, i18n));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={ticket !== null && move !== null}
      title={move ? t(`hotline.move.${move}` as MsgKey) : ''}
      okText={t('hotline.ok')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'move-ok' }}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        {fields.includes('center') && (
          <Form.Item name="center" label={t('hotline.center')} rules={[{ required: true }]}>
            <Select
              data-testid="move-center"
              options={(centers.data ?? [])
                .filter((c) => c.id !== ticket?.center.id)
                .map((c) => ({ value: c.id, label: c.name }))}
            />
          </Form.Item>
        )}
        {fields.includes('department') && (
          <Form.Item name="department" label={t('hotline.department')}>
            <Input data-testid="move-department" />
          </Form.Item>
        )}
        {fields.includes('days') && (
          <Form.Item name="days" label={t('hotline.days')} rules={[{ required: true }]}>
            <InputNumber min={1} max={30} />
          </Form.Item>
        )}
        {fields.includes('outcome') && (
          <Form.Item name="outcome" label={t('hotline.outcome')} rules={[{ required: true }]}>
            <Select
              data-testid="move-outcome"
              options={OUTCOMES.map((o) => ({ value: o, label: t(`hotline.outcome.${o}` as MsgKey) }))}
            />
          </Form.Item>
        )}
        {fields.includes('reply') && (
          <Form.Item name="reply" label={t('hotline.reply')} rules={[{ required: true }]}>
            <Input.TextArea rows={4} data-testid="move-reply-text" />
          </Form.Item>
        )}
        {fields.includes('reason') && (
          <Form.Item name="reason" label={t('hotline.reason')} rules={[{ required: true }]}>
            <Input.TextArea rows={2} data-testid="move-reason" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** A ticket's history (who did what, when and why; transfers name both centers). */
export function TimelineDialog({ ticket, onClose }: { ticket: Ticket | null; onClose: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const q = useQuery({
    queryKey: ['hotline.timeline', ticket?.id],
    queryFn: ({ signal }) => HotlineApi.timeline(ticket!.id, signal),
    enabled: ticket !== null,
  });
  const when = (iso: string) =>
    new Date(iso).toLocaleString(i18n.lang, { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' });
  return (
    <Modal
      open={ticket !== null}
      title={ticket ? `${t('hotline.timeline')} · ${ticket.number}` : ''}
      footer={null}
      onCancel={onClose}
      destroyOnHidden
    >
      {!!q.error && <Alert type="error" showIcon title={errorText(q.error, i18n)} />}
      {q.data && !q.data.length && <Typography.Text type="secondary">{t('hotline.timeline.empty')}</Typography.Text>}
      <div data-testid="ticket-timeline">
        <Timeline
          items={(q.data ?? []).map((e) => ({
            content: (
              <>
                <b>{i18n.lang === 'zh-CN' ? e.label.zh : e.label.en}</b> · {e.actor} · {when(e.at)}
                {e.transfer && (
                  <div>{t('hotline.timeline.transfer', { from: e.transfer.from, to: e.transfer.to })}</div>
                )}
                {e.reason && <Typography.Text type="secondary">{e.reason}</Typography.Text>}
              </>
            ),
          }))}
        />
      </div>
    </Modal>
  );
}
