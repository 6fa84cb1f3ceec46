/** A review step's deadline with its light (while the step is open), as a tag. */
import { Tag } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import type { ReviewStepView } from '../api.ts';

const COLORS = { green: 'success', yellow: 'warning', red: 'error' } as const;

export function StepDeadline({ s }: { s: ReviewStepView }) {
  const { t } = useI18n();
  const d = s.deadline;
  if (!d) return <span>{t('cases.days', { n: s.days })}</span>;
  const provisional = d.provisional ? t('cases.deadline.provisional') : '';
  if (!d.light) return <span>{`${d.dueDate ?? '—'}${provisional}`}</span>;
  return (
    <Tag color={COLORS[d.light]} data-testid={`step-light-${d.light}`}>
      {`${d.dueDate ?? '—'}${provisional} · ${t(`cases.light.${d.light}`)}`}
      {d.workingDaysLeft !== null && d.workingDaysLeft >= 0
        ? ` · ${t('cases.deadline.left', { n: d.workingDaysLeft })}`
        : ''}
    </Tag>
  );
}
