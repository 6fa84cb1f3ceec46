/** Shared pieces of the certificates pages: the status tag and the table columns every list shows. */
import { Tag, type TableColumnsType } from 'antd';
import type { I18n } from '../../../shell/i18n.ts';
import type { Certificate } from '../api.ts';

const COLORS: Record<Certificate['status'], string> = {
  issued: 'success',
  suspended: 'warning',
  revoked: 'error',
  superseded: 'default',
  expired: 'default',
};

export function StatusTag({ status, t }: { status: Certificate['status']; t: I18n['t'] }) {
  return <Tag color={COLORS[status]}>{t(`certificates.status.${status}`)}</Tag>;
}

export const dateOf = (v: string | null, i18n: I18n) =>
  v ? new Date(v).toLocaleDateString(i18n.lang) : i18n.t('certificates.longTerm');

export function certificateColumns(i18n: I18n): TableColumnsType<Certificate> {
  const { t } = i18n;
  return [
    {
      title: t('certificates.type'),
      key: 'type',
      render: (_: unknown, c: Certificate) => (
        <>
          {c.type.name} {c.illustrative && <Tag>{t('certificates.illustrative')}</Tag>}
        </>
      ),
    },
    { title: t('certificates.holder'), key: 'holder', render: (_: unknown, c: Certificate) => c.holder.name },
    { title: t('certificates.issuer'), key: 'issuer', render: (_: unknown, c: Certificate) => c.department.name },
    {
      title: t('certificates.validUntil'),
      key: 'validUntil',
      render: (_: unknown, c: Certificate) => dateOf(c.validUntil, i18n),
    },
    {
      title: t('certificates.status'),
      key: 'status',
      render: (_: unknown, c: Certificate) => <StatusTag status={c.status} t={t} />,
    },
  ];
}

/** Saves a blob under `name` (the browser's download). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
