/**
 * A case's review steps (审查环节): who handles each, when it opened and finished, the opinion, and its deadline light;
 * claim, assign (department lead) and complete with an opinion, for whoever may. A recused caller is told why.
 */
import { useState } from 'react';
import {
  Alert,
  Button,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useSignedIn } from '../../../shell/session.tsx';
import { useLoad } from '../../../api/use-load.ts';
import { CasesApi, type CaseView, type ReviewStepView } from '../api.ts';
import { StepDeadline } from './StepDeadline.tsx';

const STATUS_COLORS = { pending: 'default', active: 'processing', done: 'success' } as const;
type Dialog = { kind: 'complete' | 'assign'; step: ReviewStepView } | null;

/** The staff the step may go to, by name; a recused one is shown with the reason and cannot be chosen. */
function Candidates(props: { c: CaseView; step: ReviewStepView; value?: string; onChange?: (v: string) => void }) {
  const i18n = useI18n();
  const lang = i18n.lang === 'zh-CN' ? 'zh' : 'en';
  const list = useLoad(['cases.candidates', props.step.id], (signal) =>
    CasesApi.candidates(props.c.id, props.step, signal),
  );
  return (
    <Select
      data-testid="step-assignee"
      value={props.value}
      onChange={props.onChange}
      loading={list.loading}
      options={(list.data?.items ?? []).map((x) => ({
        value: x.username,
        label: x.recusal ? `${x.name}（${x.recusal[lang]}）` : x.name,
        disabled: !!x.recusal,
      }))}
    />
  );
}

function StepModal(props: { c: CaseView; dialog: Dialog; onClose: (done: boolean) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [form] = Form.useForm<{ opinion?: 'agree' | 'disagree'; comment?: string; assignee?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const d = props.dialog;
  if (!d) return null;
  const title = t(d.kind === 'complete' ? 'cases.steps.complete' : 'cases.steps.assign');
  const required = [{ required: true, whitespace: true, message: t('cases.required') }];
  const submit = async () => {
    let v;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (d.kind === 'complete') await CasesApi.completeStep(props.c.id, d.step, v.opinion!, v.comment!.trim());
      else await CasesApi.assignStep(props.c.id, d.step, v.assignee!.trim());
      form.resetFields();
      props.onClose(true);
    } catch (e) {
      setError(errorText(e, i18n));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`${title} · ${d.step.name}`}
      okText={title}
      cancelText={t('cases.cancel')}
      okButtonProps={{ loading: busy, 'data-testid': 'step-ok' }}
      onOk={() => void submit()}
      onCancel={() => props.onClose(false)}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="step-error" />}
      <Form form={form} layout="vertical" initialValues={{ opinion: 'agree' }}>
        {d.kind === 'complete' ? (
          <>
            <Form.Item name="opinion" label={t('cases.steps.opinion')} rules={[{ required: true }]}>
              <Radio.Group>
                <Radio value="agree" data-testid="opinion-agree">
                  {t('cases.steps.opinion.agree')}
                </Radio>
                <Radio value="disagree" data-testid="opinion-disagree">
                  {t('cases.steps.opinion.disagree')}
                </Radio>
              </Radio.Group>
            </Form.Item>
            <Form.Item name="comment" label={t('cases.steps.comment')} rules={required}>
              <Input.TextArea maxLength={2000} rows={4} data-testid="step-comment" />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="assignee" label={t('cases.steps.assignee')} rules={required}>
            <Candidates c={props.c} step={d.step} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

export function ReviewSteps({ c }: { c: CaseView }) {
  const i18n = useI18n();
  const { t } = i18n;
  const lang = i18n.lang === 'zh-CN' ? 'zh' : 'en';
  const qc = useQueryClient();
  const { can, principal } = useSignedIn();
  const steps = useLoad(['cases.steps', c.id, c.version], (signal) => CasesApi.steps(c.id, signal));
  const [dialog, setDialog] = useState<Dialog>(null);
  const [error, setError] = useState<unknown>(null);
  const when = (v: string | null) => (v ? new Date(v).toLocaleString(i18n.lang) : '—');
  const items = steps.data?.items ?? [];
  const recused = steps.data?.recusal ?? null;
  const reviewing = c.status === 'accepted' || c.status === 'under_review';
  const mine = (s: ReviewStepView) => principal.roles.includes(s.role as never);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['cases.steps', c.id] });
    void qc.invalidateQueries({ queryKey: ['cases.queue'] });
  };
  const claim = async (s: ReviewStepView) => {
    setError(null);
    try {
      await CasesApi.claimStep(c.id, s);
    } catch (e) {
      setError(e);
    }
    refresh();
  };

  const actions = (s: ReviewStepView) => {
    if (s.status !== 'active' || !reviewing) return null;
    const free = !s.assignee;
    const held = s.assignee?.id === principal.id;
    return (
      <Space wrap>
        {!recused && can('cases:handle_step') && mine(s) && free && (
          <Button size="small" data-testid={`step-claim-${s.key}`} onClick={() => void claim(s)}>
            {t('cases.steps.claim')}
          </Button>
        )}
        {!recused && can('cases:handle_step') && mine(s) && (free || held) && c.status === 'under_review' && (
          <Button
            size="small"
            type="primary"
            data-testid={`step-complete-${s.key}`}
            onClick={() => setDialog({ kind: 'complete', step: s })}
          >
            {t('cases.steps.complete')}
          </Button>
        )}
        {can('cases:assign_step') && (
          <Button
            size="small"
            data-testid={`step-assign-${s.key}`}
            onClick={() => setDialog({ kind: 'assign', step: s })}
          >
            {t('cases.steps.assign')}
          </Button>
        )}
      </Space>
    );
  };

  const columns: TableColumnsType<ReviewStepView> = [
    {
      title: t('cases.steps.step'),
      key: 'name',
      render: (_, s) => (
        <span>
          {s.name}
          {s.parallelGroup ? <Tag style={{ marginInlineStart: 8 }}>{t('cases.steps.parallel')}</Tag> : null}
        </span>
      ),
    },
    { title: t('cases.steps.role'), key: 'role', render: (_, s) => s.roleLabel[lang] },
    {
      // 多地联办: another body's part is its staff's; the case's own steps are the case's body's.
      title: t('cases.step.body'),
      key: 'body',
      render: (_, s) => (s.body ? `${s.body.regionName} · ${s.body.department.name}` : '—'),
    },
    {
      title: t('cases.steps.status'),
      key: 'status',
      render: (_, s) => (
        <Tag color={STATUS_COLORS[s.status]} data-testid={`step-status-${s.key}`} data-status={s.status}>
          {t(`cases.steps.status.${s.status}`)}
        </Tag>
      ),
    },
    {
      title: t('cases.steps.assignee'),
      key: 'assignee',
      render: (_, s) => s.assignee?.name ?? (s.status === 'active' ? t('cases.steps.unassigned') : '—'),
    },
    { title: t('cases.steps.when'), key: 'when', render: (_, s) => `${when(s.openedAt)} / ${when(s.doneAt)}` },
    {
      title: t('cases.steps.opinion'),
      key: 'opinion',
      render: (_, s) =>
        s.opinion ? (
          <span data-testid={`step-opinion-${s.key}`}>
            <Tag color={s.opinion === 'agree' ? 'success' : 'error'}>{t(`cases.steps.opinion.${s.opinion}`)}</Tag>
            {s.comment}
          </span>
        ) : (
          '—'
        ),
    },
    { title: t('cases.steps.deadline'), key: 'deadline', render: (_, s) => <StepDeadline s={s} /> },
    { title: t('cases.actions'), key: 'actions', render: (_, s) => actions(s) },
  ];

  if (!steps.loading && !steps.error && items.length === 0) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={2}>{t('cases.steps')}</Typography.Title>
      {recused && (
        <Alert
          type="warning"
          showIcon
          data-testid="step-recusal"
          title={t('cases.steps.recused')}
          description={recused[lang]}
        />
      )}
      {c.status === 'accepted' && !recused && can('cases:handle_step') && (
        <Alert type="info" showIcon title={t('cases.steps.notUnderReview')} />
      )}
      {!!steps.error && <Alert type="error" showIcon title={errorText(steps.error, i18n)} />}
      {!!error && <Alert type="error" showIcon title={errorText(error, i18n)} data-testid="step-error" />}
      <Table<ReviewStepView>
        rowKey="id"
        data-testid="case-steps"
        columns={columns}
        dataSource={items}
        loading={steps.loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        aria-label={t('cases.steps')}
      />
      <StepModal
        c={c}
        dialog={dialog}
        onClose={(done) => {
          setDialog(null);
          if (done) {
            refresh();
            void qc.invalidateQueries({ queryKey: ['cases.timeline', c.id] });
          }
        }}
      />
    </Space>
  );
}
