/** The operator console: take a call (with duplicates, knowledge answers and classifier suggestions), answer it or dispatch it; call back replied tickets. */
import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Col, Form, Input, List, Row, Select, Space, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n, type MsgKey } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { HotlineApi, type Move, type Suggestions, type Ticket, type TicketBody } from '../api.ts';
import { MoveDialog, TicketTable, TimelineDialog } from './parts.tsx';
import { AttachmentsDialog } from './Attachments.tsx';

const TYPES = ['inquiry', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;

type Values = Omit<TicketBody, 'urgency' | 'dispatch'> & {
  urgent?: boolean;
  department?: string;
  cannotGetDone?: boolean;
  implementationId?: string;
};

export function OperatorPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const topics = useQuery({ queryKey: ['hotline.topics'], queryFn: ({ signal }) => HotlineApi.topics(signal) });
  const toCall = useQuery({
    queryKey: ['hotline.replied'],
    queryFn: ({ signal }) => HotlineApi.tickets({ status: 'replied' }, signal),
  });
  const toDispatch = useQuery({
    queryKey: ['hotline.toDispatch'],
    queryFn: async ({ signal }) => {
      const [registered, returned] = await Promise.all([
        HotlineApi.tickets({ status: 'registered' }, signal),
        HotlineApi.tickets({ status: 'returned' }, signal),
      ]);
      return [...registered.items, ...returned.items];
    },
  });
  const [moving, setMoving] = useState<{ ticket: Ticket; move: Move } | null>(null);
  const [history, setHistory] = useState<Ticket | null>(null);
  const [files, setFiles] = useState<Ticket | null>(null);
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  // The full number for the callback, read by POST and logged on the ticket with the reason 回访.
  const reveal = async (x: Ticket) => {
    try {
      const c = await HotlineApi.revealCaller(x.id, t('hotline.revealCaller.reason'));
      setRevealed((r) => ({ ...r, [x.id]: [c.name, c.phone].filter(Boolean).join(' ') }));
    } catch (e) {
      setError(errorText(e, i18n));
    }
  };
  const cannotGetDone = Form.useWatch('cannotGetDone', form);
  const [hints, setHints] = useState<Suggestions | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const type = Form.useWatch('requestType', form);

  const suggest = async () => {
    const v = form.getFieldsValue();
    if (!v.content || !/^\d{6}$/.test(v.region ?? '')) return;
    try {
      setHints(await HotlineApi.suggestions(v.content, v.region));
    } catch (e) {
      setError(errorText(e, i18n));
    }
  };
  const register = async (mode: 'dispatch' | 'answer') => {
    const { urgent, department, cannotGetDone: flagged, implementationId, ...v } = await form.validateFields();
    setError(null);
    try {
      if (flagged) {
        const created = await HotlineApi.cannotGetDone({
          content: v.content,
          region: v.region,
          callerName: v.callerName,
          callerPhone: v.callerPhone,
          confidential: v.confidential,
          implementationId,
        });
        setDone(t('hotline.created', { number: created.number }));
        form.resetFields();
        setHints(null);
        return;
      }
      const body: TicketBody = {
        ...v,
        channel: 'phone',
        urgency: urgent ? 'urgent' : 'normal',
        ...(mode === 'answer' ? { answer: v.answer } : { answer: null, dispatch: { department: department || null } }),
      };
      const created = await HotlineApi.create(body);
      setDone(t('hotline.created', { number: created.number }));
      form.resetFields();
      setHints(null);
    } catch (e) {
      setError(errorText(e, i18n));
    }
  };
  const callback = async (
    x: Ticket,
    reached: boolean,
    satisfaction: 'satisfied' | 'basically_satisfied' | 'unsatisfied' | null,
  ) => {
    try {
      await HotlineApi.callback(x.id, { version: x.version, reached, satisfaction });
      await queryClient.invalidateQueries({ queryKey: ['hotline.replied'] });
    } catch (e) {
      setError(errorText(e, i18n));
    }
  };
  const topicOptions = (topics.data ?? [])
    .filter((x) => x.active && x.parentCode)
    .map((x) => ({ value: x.code, label: i18n.lang === 'zh-CN' ? x.name.zh : x.name.en }));

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('nav.hotline')}
      </Typography.Title>
      {error && <Alert type="error" showIcon title={error} closable onClose={() => setError(null)} />}
      {done && <Alert type="success" showIcon title={done} data-testid="created" />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('hotline.intake')}>
            <Form form={form} layout="vertical" initialValues={{ requestType: 'complaint', region: '410105' }}>
              <Form.Item name="requestType" label={t('hotline.requestType')} rules={[{ required: true }]}>
                <Select
                  data-testid="intake-type"
                  options={TYPES.map((x) => ({ value: x, label: t(`hotline.type.${x}` as MsgKey) }))}
                />
              </Form.Item>
              <Form.Item name="topicCode" label={t('hotline.topic')} rules={[{ required: true }]}>
                <Select data-testid="intake-topic" showSearch optionFilterProp="label" options={topicOptions} />
              </Form.Item>
              <Form.Item name="content" label={t('hotline.content')} rules={[{ required: true }]}>
                <Input.TextArea rows={3} data-testid="intake-content" onBlur={suggest} />
              </Form.Item>
              <Row gutter={8}>
                <Col xs={24} sm={8}>
                  <Form.Item name="region" label={t('hotline.region')} rules={[{ required: true, pattern: /^\d{6}$/ }]}>
                    <Input data-testid="intake-region" inputMode="numeric" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={16}>
                  <Form.Item name="address" label={t('hotline.address')}>
                    <Input data-testid="intake-address" />
                  </Form.Item>
                </Col>
              </Row>
              <Row gutter={8}>
                <Col xs={24} sm={12}>
                  <Form.Item name="callerName" label={t('hotline.callerName')}>
                    <Input data-testid="intake-name" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name="callerPhone" label={t('hotline.callerPhone')} rules={[{ required: true }]}>
                    <Input data-testid="intake-phone" inputMode="tel" />
                  </Form.Item>
                </Col>
              </Row>
              <Space wrap>
                <Form.Item name="urgent" valuePropName="checked" noStyle>
                  <Checkbox>{t('hotline.urgent')}</Checkbox>
                </Form.Item>
                <Form.Item name="confidential" valuePropName="checked" noStyle>
                  <Checkbox>{t('hotline.confidential')}</Checkbox>
                </Form.Item>
              </Space>
              {type === 'report' && (
                <Form.Item name="accusedDepartment" label={t('hotline.accused')} style={{ marginTop: 12 }}>
                  <Input />
                </Form.Item>
              )}
              {type === 'inquiry' && (
                <Form.Item name="answer" label={t('hotline.answer')} style={{ marginTop: 12 }}>
                  <Input.TextArea rows={2} data-testid="intake-answer" />
                </Form.Item>
              )}
              <Form.Item name="cannotGetDone" valuePropName="checked" style={{ marginTop: 12, marginBottom: 0 }}>
                <Checkbox data-testid="intake-cannot-get-done">{t('hotline.cannotGetDone')}</Checkbox>
              </Form.Item>
              {cannotGetDone ? (
                <Form.Item
                  name="implementationId"
                  label={t('hotline.cannotGetDone.item')}
                  rules={[{ required: true }]}
                  style={{ marginTop: 12 }}
                >
                  <Select
                    data-testid="intake-item"
                    options={(hints?.guides ?? []).map((g) => ({
                      value: g.implementationId,
                      label: `${g.name}（${g.departmentName}）`,
                    }))}
                  />
                </Form.Item>
              ) : (
                <Form.Item name="department" label={t('hotline.department')} style={{ marginTop: 12 }}>
                  <Input data-testid="intake-department" />
                </Form.Item>
              )}
              <Space wrap>
                <Button onClick={suggest}>{t('hotline.suggest')}</Button>
                <Button type="primary" onClick={() => register('dispatch')} data-testid="intake-dispatch">
                  {cannotGetDone ? t('hotline.registerCannotGetDone') : t('hotline.registerDispatch')}
                </Button>
                {type === 'inquiry' && !cannotGetDone && (
                  <Button onClick={() => register('answer')} data-testid="intake-answer-close">
                    {t('hotline.registerAnswer')}
                  </Button>
                )}
              </Space>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <SuggestionsCard hints={hints} onTopic={(code) => form.setFieldsValue({ topicCode: code })} />
        </Col>
      </Row>
      <Card title={t('hotline.toDispatch')}>
        <TicketTable
          items={toDispatch.data ?? []}
          loading={toDispatch.isFetching}
          actions={(x) => (
            <Space wrap>
              <Button size="small" onClick={() => setMoving({ ticket: x, move: 'dispatch' })}>
                {t('hotline.move.dispatch')}
              </Button>
              <Button
                size="small"
                onClick={() => setMoving({ ticket: x, move: 'transfer' })}
                data-testid="ticket-transfer"
              >
                {t('hotline.move.transfer')}
              </Button>
              <Button size="small" onClick={() => setHistory(x)} data-testid="ticket-history">
                {t('hotline.timeline')}
              </Button>
              <Button size="small" onClick={() => setFiles(x)} data-testid="ticket-files">
                {t('hotline.files')}
              </Button>
            </Space>
          )}
        />
      </Card>
      <MoveDialog
        ticket={moving?.ticket ?? null}
        move={moving?.move ?? null}
        onClose={() => setMoving(null)}
        run={async (id, move, body) => {
          await HotlineApi.move(id, move, body);
          await queryClient.invalidateQueries({ queryKey: ['hotline.toDispatch'] });
        }}
      />
      <TimelineDialog ticket={history} onClose={() => setHistory(null)} />
      <AttachmentsDialog ticket={files} mine={false} upload={{ kinds: true }} onClose={() => setFiles(null)} />
      <Card title={t('hotline.toCallBack')}>
        <TicketTable
          items={toCall.data?.items ?? []}
          loading={toCall.isFetching}
          actions={(x) => (
            <Space wrap>
              {(['satisfied', 'basically_satisfied', 'unsatisfied'] as const).map((s) => (
                <Button key={s} size="small" onClick={() => callback(x, true, s)} data-testid={`callback-${s}`}>
                  {t(`hotline.sat.${s}`)}
                </Button>
              ))}
              <Button size="small" onClick={() => callback(x, false, null)}>
                {t('hotline.unreached')}
              </Button>
              <Button size="small" onClick={() => setFiles(x)}>
                {t('hotline.files')}
              </Button>
              {revealed[x.id] ? (
                <Typography.Text copyable data-testid="caller-full">
                  {revealed[x.id]}
                </Typography.Text>
              ) : (
                <Button size="small" onClick={() => void reveal(x)} data-testid="reveal-caller">
                  {t('hotline.revealCaller')}
                </Button>
              )}
            </Space>
          )}
        />
      </Card>
    </Space>
  );
}

/** Where the suggestions show while a call is taken; the classifier's appear once one is installed. */
function SuggestionsCard({ hints, onTopic }: { hints: Suggestions | null; onTopic: (code: string) => void }) {
  const { t } = useI18n();
  const none = <Typography.Text type="secondary">{t('hotline.none')}</Typography.Text>;
  return (
    <Card title={t('hotline.suggestions')} data-testid="suggestions">
      <Typography.Title level={5}>{t('hotline.classifier')}</Typography.Title>
      {hints?.classifier.length
        ? hints.classifier.map((c) => (
            <Button key={c.topicCode} size="small" onClick={() => onTopic(c.topicCode)} style={{ margin: 2 }}>
              {c.topicCode} {Math.round(c.score * 100)}%
            </Button>
          ))
        : none}
      <Typography.Title level={5}>{t('hotline.duplicates')}</Typography.Title>
      {hints?.duplicates.length ? (
        <List
          size="small"
          dataSource={hints.duplicates}
          renderItem={(d) => (
            <List.Item>
              {d.number} · {d.content}
            </List.Item>
          )}
        />
      ) : (
        none
      )}
      <Typography.Title level={5}>{t('hotline.answers')}</Typography.Title>
      {hints?.answers.length ? (
        <List
          size="small"
          dataSource={hints.answers}
          renderItem={(a) => (
            <List.Item>
              <Tag color={a.source === 'past_reply' ? 'green' : 'blue'}>{t(`hotline.answer.source.${a.source}`)}</Tag>
              <b>{a.question}</b> {a.answer}
            </List.Item>
          )}
        />
      ) : (
        none
      )}
      <Typography.Title level={5}>{t('hotline.guides')}</Typography.Title>
      {hints?.guides.length ? (
        <List
          size="small"
          dataSource={hints.guides}
          renderItem={(g) => (
            <List.Item>
              <b>{g.name}</b>（{g.departmentName}）{g.summary}
            </List.Item>
          )}
        />
      ) : (
        none
      )}
    </Card>
  );
}
