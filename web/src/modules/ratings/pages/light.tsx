/** A rectification's deadline with its light, as a tag (as cases show theirs). */
import { Tag } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import type { Rectification } from '../api.ts';

const COLORS = { green: 'success', yellow: 'warning', red: 'error' } as const;

export const STATUS_COLORS: Record<Rectification['status'], string> = {
  opened: 'warning',
  called_back: 'processing',
  verified: 'processing',
  appealed: 'purple',
  rectified: 'success',
  explained: 'default',
  unfounded: 'default',
};

export function RectificationDeadline({ r }: { r: Rectification }) {
  const { t } = useI18n();
  const d = r.deadline;
  if (!d) return <span>—</span>;
  const provisional = d.provisional ? t('ratings.rect.provisional') : '';
  if (!d.light) return <span>{`${d.dueDate ?? '—'}${provisional}`}</span>;
  return (
    <Tag color={COLORS[d.light]} data-testid={`light-${d.light}`}>
      {`${d.dueDate ?? '—'}${provisional} · ${t(`ratings.light.${d.light}`)}`}
      {d.workingDaysLeft !== null && d.workingDaysLeft >= 0
        ? ` · ${t('ratings.rect.left', { n: d.workingDaysLeft })}`
        : ''}
    </Tag>
  );
}
