/** Small tags the catalog screens share: 示例 (illustrative) and an implementation's status. Colours meet WCAG AA. */
import { Tag } from 'antd';
import { useI18n, type MsgKey } from '../../../shell/i18n.ts';
import type { ImplementationStatus, VersionStatus } from '../api.ts';

export function IllustrativeTag() {
  const { t } = useI18n();
  return (
    <Tag className="ow-tag ow-tag-illustrative" title={t('catalog.illustrativeHint')} data-testid="illustrative-tag">
      {t('catalog.illustrative')}
    </Tag>
  );
}

export function StatusTag({ status }: { status: ImplementationStatus | VersionStatus }) {
  const { t } = useI18n();
  return (
    <Tag className={`ow-tag ow-tag-status-${status}`} data-testid="status-tag" data-status={status}>
      {t(`catalog.status.${status}` as MsgKey)}
    </Tag>
  );
}
