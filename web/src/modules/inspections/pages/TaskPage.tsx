import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, List, Select, Space, Tag, Typography } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useLoad } from '../../../api/use-load.ts';
import type { PageProps } from '../../../shell/module.ts';
import { InspectionsApi, newSecret, secretStore, type Ceremony, type EvidenceFile, type Visit } from '../api.ts';
import { CATEGORIES, categoryKey, roundKey, statusKey } from './labels.ts';

const MOVES = ['freeze', 'start', 'publish'] as const;

/** One task: its freeze, the ceremony as this participant sees it, the record, and the results entry. */
export function TaskPage({ params }: PageProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const id = params.id;
  const task = useLoad(['inspections.task', id], (s) => InspectionsApi.task(id, s));
  const cer = useLoad(['inspections.ceremony', id], (s) => InspectionsApi.ceremony(id, s));
  const visits = useLoad(['inspections.visits', id], (s) => InspectionsApi.visits(id, s));
  const [error, setError] = useState<unknown>(null);
  const reload = () => {
    task.reload();
    cer.reload();
    visits.reload();
  };
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    }
    reload();
  };
  const d = task.data;
  if (!d) return task.error ? <Alert type="error" showIcon title={errorText(task.error, i18n)} /> : null;
  const frozen = d.frozen as {
    population: { count: number; digest: string };
    pools: { count: number; digest: string };
    recusals: { count: number; digest: string };
  } | null;
  const record = d.record as { seed?: string; selections?: Array<{ targetId: string; stratum: string }> } | null;
  const file = (w: string) => `/api/v1/inspections/public/tasks/${id}/${w}.tsv`;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {d.title}
      </Typography.Title>
      <Space wrap>
        <Tag data-testid="task-status">{t(statusKey(d.status))}</Tag>
        {MOVES.filter((m) => d.actions?.includes(m)).map((m) => (
          <Button
            key={m}
            type="primary"
            data-testid={`task-${m}`}
            onClick={() => act(() => InspectionsApi.move(id, m, d.version))}
          >
            {t(`inspections.action.${m}`)}
          </Button>
        ))}
      </Space>
      {error ? <Alert type="error" showIcon title={errorText(error, i18n)} /> : null}
      {frozen ? (
        <Descriptions title={t('inspections.digests')} column={1} size="small" bordered>
          <Descriptions.Item label={t('inspections.population')}>
            {frozen.population.count} · <code style={{ wordBreak: 'break-all' }}>{frozen.population.digest}</code> ·{' '}
            <a href={file('population')}>{t('inspections.download')}</a>
          </Descriptions.Item>
          <Descriptions.Item label={t('inspections.pools')}>
            {frozen.pools.count} · <code style={{ wordBreak: 'break-all' }}>{frozen.pools.digest}</code> ·{' '}
            <a href={file('pools')}>{t('inspections.download')}</a>
          </Descriptions.Item>
          <Descriptions.Item label={t('inspections.recusals')}>
            {frozen.recusals.count} · <code style={{ wordBreak: 'break-all' }}>{frozen.recusals.digest}</code> ·{' '}
            <a href={file('recusals')}>{t('inspections.download')}</a>
          </Descriptions.Item>
        </Descriptions>
      ) : null}
      {cer.data && d.status !== 'draft' ? <CeremonyCard c={cer.data} taskId={id} act={act} /> : null}
      {d.recordDigest ? (
        <Card title={t('inspections.record')}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('inspections.recordDigest')}>
              <code style={{ wordBreak: 'break-all' }} data-testid="record-digest">
                {d.recordDigest}
              </code>
            </Descriptions.Item>
            <Descriptions.Item label={t('inspections.seed')}>
              {record?.seed ? <code style={{ wordBreak: 'break-all' }}>{record.seed}</code> : t('inspections.hidden')}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      ) : null}
      {(visits.data?.items.length ?? 0) > 0 ? (
        <Card title={t('inspections.visits')}>
          <List
            dataSource={visits.data?.items ?? []}
            renderItem={(v) => <VisitEntry v={v} itemIds={d.itemIds} canEdit={d.status === 'inspecting'} act={act} />}
          />
        </Card>
      ) : null}
    </Space>
  );
}

function CeremonyCard({
  c,
  taskId,
  act,
}: {
  c: Ceremony;
  taskId: string;
  act: (fn: () => Promise<unknown>) => Promise<void>;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const commit = () =>
    act(async () => {
      const { secret, commitment } = await newSecret();
      secretStore.set(taskId, c.round, secret); // only the commitment leaves this device now
      await InspectionsApi.commit(taskId, commitment);
    });
  const reveal = () =>
    act(async () => {
      const secret = secretStore.get(taskId, c.round);
      if (!secret) throw new Error(t('inspections.noSecret'));
      await InspectionsApi.reveal(taskId, secret);
    });
  return (
    <Card title={t('inspections.ceremony')} data-testid="ceremony">
      <Typography.Paragraph type="secondary">{t('inspections.ceremony.help')}</Typography.Paragraph>
      {c.rounds.map((r) => (
        <div key={r.round} style={{ marginBottom: 12 }}>
          <Typography.Text strong>
            {t('inspections.round', { n: r.round })} · {t(roundKey(r.status))}
          </Typography.Text>
          {r.reason ? <Typography.Paragraph type="secondary">{r.reason}</Typography.Paragraph> : null}
          <List
            size="small"
            dataSource={r.commitments}
            renderItem={(x) => (
              <List.Item>
                <Space wrap>
                  <span>{x.name}</span>
                  <Tag>{t(x.outside ? 'inspections.outside' : 'inspections.inside')}</Tag>
                  <code style={{ wordBreak: 'break-all', fontSize: 12 }}>{x.commitment}</code>
                  {x.revealed ? <Tag color="green">{t('inspections.revealed')}</Tag> : null}
                </Space>
              </List.Item>
            )}
          />
        </div>
      ))}
      <Space wrap>
        {c.canCommit ? (
          <Button type="primary" data-testid="commit" onClick={commit}>
            {t('inspections.commit')}
          </Button>
        ) : null}
        {c.canReveal ? (
          <Button type="primary" data-testid="reveal" onClick={reveal}>
            {t('inspections.reveal')}
          </Button>
        ) : null}
        {c.status === 'frozen' && c.rounds.some((r) => r.round === c.round && r.commitments.length > 0) ? (
          <Space.Compact>
            <Input
              placeholder={t('inspections.voidReason')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            <Button danger onClick={() => act(() => InspectionsApi.voidRound(taskId, reason))}>
              {t('inspections.voidRound')}
            </Button>
          </Space.Compact>
        ) : null}
      </Space>
    </Card>
  );
}

/**
 * An item's evidence files: each downloadable; while results may be recorded, a full-width button opens the phone's
 * camera or file picker (photos, PDF) and uploads the chosen file at once.
 */
function EvidenceFiles({
  v,
  itemId,
  itemName,
  canAdd,
  act,
}: {
  v: Visit;
  itemId: string;
  itemName: string;
  canAdd: boolean;
  act: (fn: () => Promise<unknown>) => Promise<void>;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const files = v.files.filter((f) => f.itemId === itemId);
  const download = (f: EvidenceFile) =>
    act(async () => {
      const url = URL.createObjectURL(await InspectionsApi.downloadEvidence(v.id, f));
      const a = document.createElement('a');
      a.href = url;
      a.download = f.name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    });
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    await act(() => InspectionsApi.uploadEvidence(v.id, itemId, file));
    setBusy(false);
  };
  return (
    <Space orientation="vertical" style={{ width: '100%', marginTop: 4 }}>
      {files.map((f) => (
        <Button key={f.id} type="link" size="small" onClick={() => void download(f)} style={{ padding: 0 }}>
          {f.name} · {Math.max(1, Math.round(f.size / 1024))} KB
        </Button>
      ))}
      {canAdd ? (
        <label className="ant-btn ant-btn-default ant-btn-block" style={{ cursor: 'pointer', position: 'relative' }}>
          {busy ? t('inspections.evidence.uploading') : t('inspections.evidence.add')}
          <input
            type="file"
            accept="image/jpeg,image/png,application/pdf"
            style={{ position: 'absolute', width: 1, height: 1, opacity: 0 }}
            disabled={busy}
            aria-label={`${t('inspections.evidence.add')} ${itemName}`}
            onChange={(e) => {
              void upload(e.target.files?.[0]);
              e.target.value = '';
            }}
          />
        </label>
      ) : null}
    </Space>
  );
}

function VisitEntry({
  v,
  itemIds,
  canEdit,
  act,
}: {
  v: Visit;
  itemIds: string[];
  canEdit: boolean;
  act: (fn: () => Promise<unknown>) => Promise<void>;
}) {
  const { t } = useI18n();
  const items = useLoad(['inspections.items'], (s) => InspectionsApi.items(s));
  const names = new Map((items.data?.items ?? []).map((i) => [i.id, i.name]));
  const done = new Map(v.results.map((r) => [r.itemId, r]));
  return (
    <List.Item>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <strong>{v.targetName}</strong>
          <span>{v.uscc}</span>
          {v.stratum ? <Tag>{v.stratum}</Tag> : null}
          {v.dueDate ? (
            <span>
              {t('inspections.due')} {v.dueDate}
            </span>
          ) : null}
          {v.red ? <Tag color="red">{t('inspections.red')}</Tag> : null}
          {v.publishedAt ? (
            <Tag color={v.late ? 'orange' : 'green'}>{t(v.late ? 'inspections.late' : 'inspections.published')}</Tag>
          ) : null}
        </Space>
        {itemIds.map((itemId) => {
          const r = done.get(itemId);
          return (
            <div key={itemId}>
              <Typography.Text>{names.get(itemId) ?? ''}</Typography.Text>
              {r ? <Tag style={{ marginLeft: 8 }}>{t(categoryKey(r.category))}</Tag> : null}
              <EvidenceFiles
                v={v}
                itemId={itemId}
                itemName={names.get(itemId) ?? ''}
                canAdd={canEdit && !v.publishedAt}
                act={act}
              />
              {canEdit && !v.publishedAt ? (
                <Form
                  layout="vertical"
                  onFinish={(f: {
                    category: Visit['results'][number]['category'];
                    evidence?: string;
                    inspectedOn: string;
                  }) =>
                    act(() =>
                      InspectionsApi.record(v.id, {
                        itemId,
                        category: f.category,
                        evidence: (f.evidence ?? '')
                          .split(/[,，]/)
                          .map((s) => s.trim())
                          .filter(Boolean),
                        inspectedOn: f.inspectedOn,
                      }),
                    )
                  }
                >
                  <Form.Item name="category" label={t('inspections.category')} rules={[{ required: true }]}>
                    <Select options={CATEGORIES.map((c) => ({ value: c, label: t(categoryKey(c)) }))} />
                  </Form.Item>
                  <Form.Item name="evidence" label={t('inspections.evidence')}>
                    <Input />
                  </Form.Item>
                  <Form.Item name="inspectedOn" label={t('inspections.inspectedOn')} rules={[{ required: true }]}>
                    <Input type="date" />
                  </Form.Item>
                  <Button htmlType="submit" block>
                    {t('inspections.save')}
                  </Button>
                </Form>
              ) : null}
            </div>
          );
        })}
        {canEdit && !v.publishedAt && done.size === itemIds.length ? (
          <Button type="primary" onClick={() => act(() => InspectionsApi.publishVisit(v.id))}>
            {t('inspections.publishVisit')}
          </Button>
        ) : null}
      </Space>
    </List.Item>
  );
}
