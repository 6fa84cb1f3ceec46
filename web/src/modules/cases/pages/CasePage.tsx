/** One case: its facts, deadlines with lights, refusal / supplement / decision, the timeline, and the moves the caller may make. */
import { useState } from 'react';
import {
  Alert,
  Button,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Tag,
  Timeline,
  Typography,
  message,
} from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../../shell/i18n.ts';
import { ROLE_NAMES } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import type { PageProps } from '../../../shell/module.ts';
import { useLoad } from '../../../api/use-load.ts';
import {
  CasesApi,
  SPECIAL_PROCEDURE_KINDS,
  type CaseAction,
  type CaseView,
  type MoveInput,
  type SpecialProcedureKind,
} from '../api.ts';
import { DeadlineTag, STATUS_COLORS } from './light.tsx';
import { Materials } from './Materials.tsx';
import { Visits } from './Visits.tsx';
import { Complaints } from './Complaints.tsx';
import { Documents } from './Documents.tsx';
import { ReviewSteps } from './ReviewSteps.tsx';
import { AnywherePanel } from './AnywherePanel.tsx';
import { useSignedIn } from '../../../shell/session.tsx';
import { AppLink } from '../../../components/AppLink.tsx';

const NEEDS_REASON: readonly CaseAction[] = [
  'refuse',
  'deny',
  'withdraw',
  'request_further_supplement',
  'verify_commitment',
  'find_false_commitment',
  'start_special_procedure',
];
const NEEDS_BASIS: readonly CaseAction[] = ['refuse', 'deny', 'find_false_commitment'];
const NEEDS_ITEMS: readonly CaseAction[] = ['request_supplement', 'request_further_supplement'];
const DANGER: readonly CaseAction[] = ['refuse', 'deny', 'withdraw', 'find_false_commitment'];
/** The flags a person sees by name (an unknown one as 'flagged', never its code). */
const FLAGS = [
  'repeated_supplement',
  'deemed_accepted',
  'false_commitment',
  'commitment_check_overdue',
  'special_procedure_overrun',
] as const;

interface MoveValues {
  reason?: string;
  legalBasis?: string;
  items?: Array<{ description: string }>;
  kind?: SpecialProcedureKind;
  maxDays?: number;
}

function MoveModal(props: { c: CaseView; action: CaseAction | null; onClose: (done: boolean) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { c, action } = props;
  const [form] = Form.useForm<MoveValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!action) return null;
  const submit = async () => {
    let v: MoveValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const input: MoveInput = {};
      if (v.reason?.trim()) input.reason = v.reason.trim();
      if (NEEDS_BASIS.includes(action)) input.legalBasis = v.legalBasis?.trim();
      if (NEEDS_ITEMS.includes(action))
        input.items = (v.items ?? []).map((x) => ({ ref: null, description: x.description.trim() }));
      if (action === 'start_special_procedure') {
        input.kind = v.kind;
        input.maxDays = v.maxDays;
      }
      await CasesApi.move(c.id, action, c.version, input);
      form.resetFields();
      props.onClose(true);
    } catch (e) {
      setError(errorText(e, i18n));
    } finally {
      setBusy(false);
    }
  };
  const required = [{ required: true, whitespace: true, message: t('cases.required') }];
  return (
    <Modal
      open
      title={t(`cases.action.${action}`)}
      okText={t(`cases.action.${action}`)}
      cancelText={t('cases.cancel')}
      okButtonProps={{ loading: busy, danger: DANGER.includes(action), 'data-testid': 'move-ok' }}
      onOk={() => void submit()}
      onCancel={() => props.onClose(false)}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" initialValues={{ items: [{ description: '' }] }}>
        {NEEDS_ITEMS.includes(action) && (
          <Form.List name="items">
            {(fields, ops) => (
              <>
                {fields.map((f) => (
                  <Form.Item
                    key={f.key}
                    name={[f.name, 'description']}
                    label={t('cases.supplement.item')}
                    rules={required}
                  >
                    <Input maxLength={500} />
                  </Form.Item>
                ))}
                <Button onClick={() => ops.add({ description: '' })}>{t('cases.supplement.add')}</Button>
              </>
            )}
          </Form.List>
        )}
        {action === 'start_special_procedure' && (
          <>
            <Form.Item
              name="kind"
              label={t('cases.specialProcedure.kind')}
              rules={[{ required: true, message: t('cases.required') }]}
            >
              <Select
                data-testid="move-kind"
                options={SPECIAL_PROCEDURE_KINDS.map((k) => ({ value: k, label: t(`cases.specialProcedure.${k}`) }))}
              />
            </Form.Item>
            <Form.Item
              name="maxDays"
              label={t('cases.specialProcedure.maxDays')}
              rules={[{ required: true, message: t('cases.required') }]}
            >
              <InputNumber min={1} max={250} precision={0} data-testid="move-max-days" />
            </Form.Item>
          </>
        )}
        {NEEDS_BASIS.includes(action) && (
          <Form.Item name="legalBasis" label={t('cases.legalBasis')} rules={required}>
            <Input maxLength={1000} />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('cases.reason')} rules={NEEDS_REASON.includes(action) ? required : []}>
          <Input.TextArea maxLength={500} rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function CasePage({ params }: PageProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const qc = useQueryClient();
  const { can } = useSignedIn();
  const c = useLoad(['cases.case', params.id], (signal) => CasesApi.get(params.id, signal));
  const tl = useLoad(['cases.timeline', params.id], (signal) => CasesApi.timeline(params.id, signal));
  // Supervisors, discipline inspectors and leads see every irregularity flag, computed now, in words.
  const supervised = useLoad(
    ['cases.flags', params.id],
    can('cases:supervise') ? (signal) => CasesApi.flags(params.id, signal) : null,
  );
  const [action, setAction] = useState<CaseAction | null>(null);
  const when = (v: string | null) => (v ? new Date(v).toLocaleString(i18n.lang) : '—');
  const lang = i18n.lang === 'zh-CN' ? 'zh' : 'en';
  const x = c.data;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {x ? `${t('cases.number')} ${x.number}` : t('nav.case')}
      </Typography.Title>
      {!!c.error && <Alert type="error" showIcon title={errorText(c.error, i18n)} />}
      {x && (
        <>
          <Space wrap>
            <Tag color={STATUS_COLORS[x.status]} data-testid="case-status" data-status={x.status}>
              {t(`cases.status.${x.status}`)}
            </Tag>
            {x.deadlines.map((d) => (
              <DeadlineTag key={d.purpose} d={d} />
            ))}
            {supervised.data
              ? supervised.data.items.map((f) => (
                  <Tag key={f.code} color="orange" data-testid="case-flag" data-flag={f.code}>
                    {f.label[lang]}
                  </Tag>
                ))
              : x.flags.map((f) => (
                  <Tag key={f} color="orange" data-testid="case-flag" data-flag={f}>
                    {(FLAGS as readonly string[]).includes(f)
                      ? t(`cases.flag.${f as (typeof FLAGS)[number]}`)
                      : t('cases.flag.other')}
                  </Tag>
                ))}
          </Space>
          {x.actions.length > 0 && (
            <Space wrap aria-label={t('cases.actions')}>
              {(x.actions as CaseAction[]).map((a) => (
                <Button
                  key={a}
                  danger={DANGER.includes(a)}
                  type={DANGER.includes(a) ? 'default' : 'primary'}
                  data-testid={`move-${a}`}
                  onClick={() => setAction(a)}
                >
                  {t(`cases.action.${a}`)}
                </Button>
              ))}
            </Space>
          )}
          <Descriptions bordered column={1} size="small" data-testid="case-facts">
            <Descriptions.Item label={t('cases.item')}>{x.item.name}</Descriptions.Item>
            <Descriptions.Item label={t('cases.applicant')}>{x.applicant.name}</Descriptions.Item>
            <Descriptions.Item label={t('cases.department')}>{x.department.name}</Descriptions.Item>
            <Descriptions.Item label={t('cases.region')}>{x.regionName}</Descriptions.Item>
            <Descriptions.Item label={t('cases.channel')}>
              {t(`cases.channel.${x.channel}`)}
              {x.window ? ` · ${x.window}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('cases.promisedDays')}>
              {x.handlingKind === 'immediate'
                ? t('cases.handlingKind.immediate')
                : t('cases.days', { n: x.promisedDays })}
            </Descriptions.Item>
            {x.reformMode && (
              <Descriptions.Item label={t('cases.reformMode')}>
                {t(`cases.reformMode.${x.reformMode}`)}
              </Descriptions.Item>
            )}
            {x.commitment && (
              <Descriptions.Item label={t('cases.commitment')}>
                <div data-testid="case-commitment">{x.commitment.text}</div>
                <div>
                  {t('cases.commitment.signedAt', { at: when(x.commitment.signedAt) })} ·{' '}
                  {t(`cases.commitment.check.${x.commitment.check}`)}
                  {x.commitment.checkedAt ? ` · ${when(x.commitment.checkedAt)}` : ''}
                </div>
              </Descriptions.Item>
            )}
            {x.specialProcedure && (
              <Descriptions.Item label={t('cases.specialProcedure')}>
                <span data-testid="case-special-procedure">
                  {x.specialProcedure.label[lang]} · {x.specialProcedure.reason} · {when(x.specialProcedure.startedAt)}{' '}
                  ·{' '}
                  {t('cases.specialProcedure.paused', {
                    n: x.specialProcedure.pausedDays,
                    max: x.specialProcedure.maxDays,
                  })}
                </span>
                {x.specialProcedure.overrun && (
                  <Tag color="error" style={{ marginInlineStart: 8 }}>
                    {t('cases.specialProcedure.overrun')}
                  </Tag>
                )}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('cases.submittedAt')}>{when(x.submittedAt)}</Descriptions.Item>
            {x.refusal && (
              <Descriptions.Item label={t('cases.refusal')}>
                {x.refusal.reason}（{t('cases.legalBasis')}：{x.refusal.legalBasis}）
              </Descriptions.Item>
            )}
            {x.supplement && (
              <Descriptions.Item label={t('cases.supplement')}>
                <ol style={{ margin: 0 }}>
                  {x.supplement.items.map((s, i) => (
                    <li key={i}>{s.description}</li>
                  ))}
                </ol>
              </Descriptions.Item>
            )}
            {x.decision && (
              <Descriptions.Item label={t('cases.decision')}>
                {t(`cases.status.${x.decision.outcome}`)}
                {x.decision.reason ? ` · ${x.decision.reason}` : ''}
                {x.decision.legalBasis ? `（${t('cases.legalBasis')}：${x.decision.legalBasis}）` : ''}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Title level={2}>{t('cases.form')}</Typography.Title>
          <Descriptions bordered column={1} size="small" data-testid="case-form">
            {Object.entries(x.form).map(([k, v]) => (
              <Descriptions.Item key={k} label={x.formLabels[k] ?? k}>
                {typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
                  ? String(v)
                  : JSON.stringify(v)}
              </Descriptions.Item>
            ))}
          </Descriptions>
        </>
      )}
      {x && can('ratings:rate') && (x.status === 'concluded' || x.status === 'refused') && (
        // 好差评: the applicant rates a concluded or refused case once, in 我的评价 (the ratings module).
        <Alert
          type="info"
          showIcon
          title={t('cases.rate.prompt')}
          action={
            <AppLink to="/ratings/mine" data-testid="case-rate-link">
              {t('cases.rate.link')}
            </AppLink>
          }
        />
      )}
      {x && x.channel === 'window' && <AnywherePanel caseId={x.id} version={x.version} />}
      {x && <Materials c={x} canUpload={can('cases:file')} />}
      {x && <Documents c={x} />}
      {x && <Visits caseId={x.id} canRecord={can('cases:record_visit')} onRecorded={tl.reload} />}
      {x && <Complaints caseId={x.id} canFile={can('cases:complain')} onFiled={tl.reload} />}
      {x && <ReviewSteps c={x} />}
      <Typography.Title level={2}>{t('cases.timeline')}</Typography.Title>
      {!!tl.error && <Alert type="error" showIcon title={errorText(tl.error, i18n)} />}
      <Timeline
        data-testid="case-timeline"
        items={(tl.data?.items ?? []).map((e) => ({
          content: (
            <span>
              <strong>{e.label[lang]}</strong> · {e.actor.name}（{ROLE_NAMES[i18n.lang][e.actor.role] ?? e.actor.role}）
              {e.onBehalfOf ? ` · ${t('cases.timeline.onBehalfOf', { name: e.onBehalfOf })}` : ''} · {when(e.at)}
              {e.reason ? <div>{`${t('cases.reason')}：${e.reason}`}</div> : null}
            </span>
          ),
        }))}
      />
      {x && (
        <MoveModal
          c={x}
          action={action}
          onClose={(done) => {
            setAction(null);
            if (done) {
              void message.success(t('cases.done'));
              void qc.invalidateQueries({ queryKey: ['cases.case', params.id] });
              void qc.invalidateQueries({ queryKey: ['cases.timeline', params.id] });
              void qc.invalidateQueries({ queryKey: ['cases.flags', params.id] });
              void qc.invalidateQueries({ queryKey: ['cases.list'] });
            }
          }}
        />
      )}
    </Space>
  );
}
