/**
 * A handle-anywhere case's sides (for 多地联办, each other body's part and how far it is), delivery and forwarding
 * deadline, on the case page (nothing for other cases).
 */
import { Descriptions, Tag } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { useLoad } from '../../../api/use-load.ts';
import { BundlesApi } from '../api.ts';

const COLORS = { green: 'success', yellow: 'warning', red: 'error' } as const;

export function AnywherePanel({ caseId, version }: { caseId: string; version: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  // A case that is not handle-anywhere answers 404: the panel stays empty.
  const a = useLoad(['cases.anywhere', caseId, version], (signal) =>
    BundlesApi.anywhere(caseId, signal).catch(() => null),
  );
  const x = a.data;
  if (!x) return null;
  const f = x.forward;
  return (
    <Descriptions bordered column={1} size="small" data-testid="case-anywhere">
      <Descriptions.Item label={t(`cases.anywhere.mode.${x.mode}`)}>
        {x.acceptingRegion.name} · {x.acceptingWindow} → {x.competentRegion.name}
      </Descriptions.Item>
      <Descriptions.Item label={t('cases.anywhere.delivery')}>
        {t(`cases.anywhere.delivery.${x.delivery}`)}
      </Descriptions.Item>
      {x.parts.map((p) => (
        <Descriptions.Item key={p.region.code} label={t('cases.anywhere.part')}>
          <span data-testid={`case-anywhere-part-${p.region.code}`}>
            {`${p.region.name} · ${p.department.name}：${p.task} · `}
            {p.step
              ? t(p.step.status === 'done' ? 'cases.anywhere.partDone' : 'cases.anywhere.partOpen')
              : t('cases.anywhere.partPending')}
          </span>
        </Descriptions.Item>
      ))}
      <Descriptions.Item label={t('cases.anywhere.forward')}>
        {`${f.dueDate ?? '—'} · ${t('cases.days', { n: f.limitDays })}`}
        {f.light && (
          <Tag color={COLORS[f.light]} style={{ marginInlineStart: 8 }} data-testid={`forward-light-${f.light}`}>
            {t(`cases.light.${f.light}`)}
          </Tag>
        )}
        {f.forwardedAt &&
          ` · ${t('cases.anywhere.forwardedAt')} ${new Date(f.forwardedAt).toLocaleString(i18n.lang)}（${t(
            f.onTime ? 'cases.anywhere.onTime' : 'cases.anywhere.late',
          )}）`}
      </Descriptions.Item>
    </Descriptions>
  );
}
