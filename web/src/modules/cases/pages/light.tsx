/** A case's deadline with its light, as a tag. */
import { Tag } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import type { CaseView } from '../api.ts';

const COLORS = { green: 'success', yellow: 'warning', red: 'error' } as const;

export function DeadlineTag({ d }: { d: CaseView['deadlines'][number] }) {
  const { t } = useI18n();
  const label = t(`cases.deadline.${d.purpose}`);
  const provisional = d.provisional ? t('cases.deadline.provisional') : '';
  if (!d.light) return <span>{`${label} ${d.dueDate ?? '—'}${provisional}`}</span>;
  return (
    <Tag color={COLORS[d.light]} data-testid={`light-${d.light}`}>
      {`${label} ${d.dueDate ?? '—'}${provisional} · ${t(`cases.light.${d.light}`)}`}
      {d.workingDaysLeft !== null && d.workingDaysLeft >= 0
        ? ` · ${t('cases.deadline.left', { n: d.workingDaysLeft })}`
        : ''}
    </Tag>
  );
}

/** The deadline a list shows: the one whose light is on, else none. */
export function ActiveDeadline({ c }: { c: CaseView }) {
  const d = c.deadlines.find((x) => x.light);
  return d ? <DeadlineTag d={d} /> : <span>—</span>;
}

export const STATUS_COLORS: Record<CaseView['status'], string> = {
  submitted: 'processing',
  supplement_requested: 'warning',
  accepted: 'processing',
  under_review: 'processing',
  refused: 'error',
  granted: 'success',
  denied: 'error',
  concluded: 'default',
  withdrawn: 'default',
  recorded: 'default',
  revoked: 'error',
  suspended: 'warning',
  waiting: 'default',
  not_started: 'default',
  received: 'processing',
};
