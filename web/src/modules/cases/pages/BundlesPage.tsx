/**
 * 一件事一次办: the published bundles one may apply for (the portal has no public bundle guide page yet, so this page
 * lists them), and the caller's bundle applications with their rolled-up status.
 */
import { Alert, Card, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useSignedIn } from '../../../shell/session.tsx';
import { useLoad } from '../../../api/use-load.ts';
import { AppLink } from '../../../components/AppLink.tsx';
import { BundlesApi, type BundleApplicationView } from '../api.ts';

export const BUNDLE_STATUS_COLORS: Record<BundleApplicationView['status'], string> = {
  in_progress: 'processing',
  granted: 'success',
  partially_granted: 'warning',
  denied: 'error',
  withdrawn: 'default',
};

export function BundlesPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { can } = useSignedIn();
  const offers = useLoad(['cases.bundleOffers'], can('cases:file') ? (signal) => BundlesApi.offers(signal) : null);
  const mine = useLoad(['cases.bundleApplications'], (signal) => BundlesApi.mine(signal));
  const columns: TableColumnsType<BundleApplicationView> = [
    {
      title: t('cases.bundles.number'),
      dataIndex: 'number',
      key: 'number',
      render: (n: string, a) => <AppLink to={`/cases/bundle-applications/${a.id}`}>{n}</AppLink>,
    },
    { title: t('nav.caseBundles'), key: 'bundle', render: (_, a) => a.bundle.name },
    { title: t('cases.applicant'), key: 'applicant', render: (_, a) => a.applicant.name },
    {
      title: t('cases.status'),
      key: 'status',
      render: (_, a) => <Tag color={BUNDLE_STATUS_COLORS[a.status]}>{t(`cases.bundles.status.${a.status}`)}</Tag>,
    },
    {
      title: t('cases.submittedAt'),
      key: 'submittedAt',
      render: (_, a) => new Date(a.submittedAt).toLocaleString(i18n.lang),
    },
  ];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="bundles-page">
      <Typography.Title level={1} data-testid="page-title">
        {t('nav.caseBundles')}
      </Typography.Title>
      {can('cases:file') && (
        <>
          <Typography.Title level={2}>{t('cases.bundles.offers')}</Typography.Title>
          {!!offers.error && <Alert type="error" showIcon title={errorText(offers.error, i18n)} />}
          {offers.data && offers.data.items.length === 0 && (
            <Typography.Text>{t('cases.bundles.none')}</Typography.Text>
          )}
          <Space wrap align="start">
            {(offers.data?.items ?? []).map((o) => (
              <Card
                key={o.bundleId}
                title={o.name}
                style={{ width: 340 }}
                data-testid="bundle-offer"
                extra={
                  <AppLink to={`/cases/bundles/apply/${o.bundleId}`} data-testid="bundle-apply-link">
                    {t('cases.bundles.apply')}
                  </AppLink>
                }
              >
                <Typography.Paragraph>
                  {o.lifeEvent} · {o.regionName}
                </Typography.Paragraph>
                <Typography.Paragraph>
                  {t('cases.bundles.members')}：{o.members.join('、')}
                </Typography.Paragraph>
                <Typography.Text type="secondary">
                  {t('cases.bundles.promised')}：{t('cases.days', { n: o.promisedDays })}
                </Typography.Text>
              </Card>
            ))}
          </Space>
        </>
      )}
      <Typography.Title level={2}>{t('cases.bundles.mine')}</Typography.Title>
      {!!mine.error && <Alert type="error" showIcon title={errorText(mine.error, i18n)} />}
      <Table<BundleApplicationView>
        rowKey="id"
        columns={columns}
        dataSource={mine.data?.items ?? []}
        loading={mine.loading}
        locale={{ emptyText: t('cases.empty') }}
        pagination={false}
        scroll={{ x: 'max-content' }}
        aria-label={t('cases.bundles.mine')}
      />
    </Space>
  );
}
