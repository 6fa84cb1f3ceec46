import { useRef, useState } from 'react';
import { Alert, Button, Modal, Progress, Space, Typography } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { InspectionsApi, type Task } from '../api.ts';
import type { PublishedRecord, RerunResult } from '../rerun/draw-rerun.ts';
import type { RerunMessage, RerunRequest } from '../rerun/worker.ts';

type State =
  | { phase: 'idle' }
  | { phase: 'loading' }
  | { phase: 'hidden' }
  | { phase: 'running'; share: number }
  | { phase: 'done'; result: RerunResult }
  | { phase: 'failed'; message: string };

const fileUrl = (taskId: string, which: 'population' | 'pools' | 'recusals') =>
  `/api/v1/inspections/public/tasks/${encodeURIComponent(taskId)}/${which}.tsv`;

async function bytesOf(url: string): Promise<Uint8Array> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(String(r.status));
  return new Uint8Array(await r.arrayBuffer());
}

/**
 * "重新验算": anyone re-runs a published draw in their own browser from the record and the frozen files
 * (docs/draw-spec.md), in a Web Worker, and sees a match with the sealed record digest or the first difference.
 */
export function RerunDraw({ task }: { task: Task }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<State>({ phase: 'idle' });
  const [record, setRecord] = useState<PublishedRecord | null>(null);
  const worker = useRef<Worker | null>(null);

  const stop = () => {
    worker.current?.terminate();
    worker.current = null;
  };

  async function start() {
    setOpen(true);
    setState({ phase: 'loading' });
    try {
      const view = await InspectionsApi.publicTask(task.id);
      if (!view.revealed || !view.record || !task.recordDigest) return setState({ phase: 'hidden' });
      const rec = view.record as unknown as PublishedRecord;
      setRecord(rec);
      const [population, pools, recusals] = await Promise.all(
        (['population', 'pools', 'recusals'] as const).map((w) => bytesOf(fileUrl(task.id, w))),
      );
      setState({ phase: 'running', share: 0 });
      stop();
      const w = new Worker(new URL('../rerun/worker.ts', import.meta.url), { type: 'module' });
      worker.current = w;
      w.onmessage = (e: MessageEvent<RerunMessage>) => {
        const m = e.data;
        if (m.type === 'progress') setState({ phase: 'running', share: m.share });
        else {
          setState(m.type === 'done' ? { phase: 'done', result: m.result } : { phase: 'failed', message: m.message });
          stop();
        }
      };
      const request: RerunRequest = { record: rec, publishedDigest: task.recordDigest, population, pools, recusals };
      w.postMessage(request, [population.buffer, pools.buffer, recusals.buffer]);
    } catch (e) {
      setState({ phase: 'failed', message: errorText(e, i18n) });
    }
  }

  const downloadRecord = () => {
    const url = URL.createObjectURL(new Blob([JSON.stringify(record, null, 2)], { type: 'application/json' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: `${task.id}-record.json` });
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <>
      <Button size="small" onClick={start} disabled={!task.recordDigest} data-testid={`rerun-${task.id}`}>
        {t('inspections.rerun.button')}
      </Button>
      <Modal
        open={open}
        title={t('inspections.rerun.title', { title: task.title })}
        onCancel={() => {
          stop();
          setOpen(false);
          setState({ phase: 'idle' });
        }}
        footer={null}
      >
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="rerun-panel">
          <Typography.Paragraph type="secondary">{t('inspections.rerun.explain')}</Typography.Paragraph>
          {state.phase === 'loading' ? <Progress percent={0} status="active" /> : null}
          {state.phase === 'running' ? <Progress percent={Math.round(state.share * 100)} status="active" /> : null}
          {state.phase === 'hidden' ? <Alert type="info" showIcon title={t('inspections.rerun.hidden')} /> : null}
          {state.phase === 'failed' ? (
            <Alert type="error" showIcon title={t('inspections.rerun.failed', { reason: state.message })} />
          ) : null}
          {state.phase === 'done' && state.result.ok ? (
            <Alert
              type="success"
              showIcon
              data-testid="rerun-match"
              title={t('inspections.rerun.match', {
                population: state.result.population,
                selected: state.result.selected,
              })}
              description={<code style={{ wordBreak: 'break-all' }}>{state.result.recordDigest}</code>}
            />
          ) : null}
          {state.phase === 'done' && !state.result.ok ? (
            <Alert
              type="error"
              showIcon
              data-testid="rerun-difference"
              title={t('inspections.rerun.different')}
              description={t(`inspections.rerun.diff.${state.result.difference.key}`, state.result.difference.params)}
            />
          ) : null}
          {state.phase === 'done' || state.phase === 'failed' ? (
            <Typography.Text>
              {t('inspections.rerun.downloads')} <a onClick={downloadRecord}>{t('inspections.rerun.record')}</a> ·{' '}
              <a href={fileUrl(task.id, 'population')}>{t('inspections.rerun.population')}</a> ·{' '}
              <a href={fileUrl(task.id, 'pools')}>{t('inspections.rerun.pools')}</a> ·{' '}
              <a href={fileUrl(task.id, 'recusals')}>{t('inspections.rerun.recusals')}</a>
            </Typography.Text>
          ) : null}
        </Space>
      </Modal>
    </>
  );
}
