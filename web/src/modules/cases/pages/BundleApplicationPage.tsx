/** One bundle application: its rolled-up status, each member's case with its status and result, the combined notice. */
import { useState } from 'react';
import { Alert, Button, Descriptions, Input, Modal, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import type { PageProps } from '../../../shell/module.ts';
import { useLoad } from '../../../api/use-load.ts';
import { AppLink } from '../../../components/AppLink.tsx';
import { BundlesApi, type BundleApplicationView } from '../api.ts';
import { STATUS_COLORS } from './light.tsx';
import { BUNDLE_STATUS_COLORS } from './BundlesPage.tsx';
import { BundleMaterials } from './BundleMaterials.tsx';
import { useSignedIn } from '../../../shell/session.tsx';

type Member = BundleApplicationView['members'][number];
const RESULT_COLORS: Record<Member['result'], string> = {
  waiting: 'default',
  in_progress: 'processing',
  granted: 'success',
  denied: 'error',
  refused: 'error',
  withdrawn: 'default',
  not_started: 'default',
};

export function BundleApplicationPage({ params }: PageProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const lang = i18n.lang === 'zh-CN' ? 'zh' : 'en';
  const { can } = useSignedIn();
  const a = useLoad(['cases.bundleApplication', params.id], (signal) => BundlesApi.get(params.id, signal));
  const x = a.data;
  const [withdrawing, setWithdrawing] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [moveError, setMoveError] = useState<unknown>(null);
  const withdraw = async () => {
    setBusy(true);
    setMoveError(null);
    try {
      await BundlesApi.withdraw(params.id, reason.trim());
      setWithdrawing(false);
      a.reload();
    } catch (e) {
      setMoveError(e);
    } finally {
      setBusy(false);
    }
  };
  const columns: TableColumnsType<Member> = [
    { title: t('cases.item'), key: 'item', render: (_, m) => m.itemName },
    { title: t('cases.department'), key: 'department', render: (_, m) => m.case.department.name },
    {
      title: t('cases.number'),
      key: 'number',
      render: (_, m) => <AppLink to={`/cases/${m.case.id}`}>{m.case.number}</AppLink>,
    },
    {
      title: t('cases.status'),
      key: 'status',
      render: (_, m) => {
        const s = m.case.status as keyof typeof STATUS_COLORS;
        return STATUS_COLORS[s] ? <Tag color={STATUS_COLORS[s]}>{t(`cases.status.${s}`)}</Tag> : null;
      },
    },
    {
      title: t('cases.bundles.result'),
      key: 'result',
      render: (_, m) => (
        <span data-testid="bundle-member-result" data-result={m.result}>
          <Tag color={RESULT_COLORS[m.result]}>{t(`cases.bundles.result.${m.result}`)}</Tag>
          {m.reason ? ` ${m.reason}` : ''}
          {m.legalBasis ? `（${t('cases.legalBasis')}：${m.legalBasis}）` : ''}
        </span>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="bundle-application-page">
      <Typography.Title level={1} data-testid="page-title">
        {x ? `${x.bundle.name} · ${x.number}` : t('nav.caseBundleApplication')}
      </Typography.Title>
      {!!a.error && <Alert type="error" showIcon title={errorText(a.error, i18n)} />}
      {x && (
        <>
          <Space wrap>
            <Tag color={BUNDLE_STATUS_COLORS[x.status]} data-testid="bundle-status" data-status={x.status}>
              {t(`cases.bundles.status.${x.status}`)}
            </Tag>
            {can('cases:withdraw') && x.status === 'in_progress' && (
              <Button danger onClick={() => setWithdrawing(true)} data-testid="bundle-withdraw">
                {t('cases.action.withdraw')}
              </Button>
            )}
          </Space>
          <Modal
            open={withdrawing}
            title={t('cases.action.withdraw')}
            okText={t('cases.action.withdraw')}
            cancelText={t('cases.cancel')}
            okButtonProps={{ danger: true, loading: busy, disabled: !reason.trim() }}
            onCancel={() => setWithdrawing(false)}
            onOk={() => void withdraw()}
          >
            {moveError !== null && <Alert type="error" showIcon title={errorText(moveError, i18n)} />}
            <Typography.Paragraph>{t('cases.reason')}</Typography.Paragraph>
            <Input.TextArea maxLength={500} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
          </Modal>
          <Descriptions bordered column={1} size="small">
            <Descriptions.Item label={t('cases.applicant')}>{x.applicant.name}</Descriptions.Item>
            <Descriptions.Item label={t('cases.region')}>{x.regionName}</Descriptions.Item>
            <Descriptions.Item label={t('cases.submittedAt')}>
              {new Date(x.submittedAt).toLocaleString(i18n.lang)}
            </Descriptions.Item>
          </Descriptions>
          <Table<Member>
            rowKey="key"
            columns={columns}
            dataSource={x.members}
            pagination={false}
            scroll={{ x: 'max-content' }}
            aria-label={t('cases.bundles.members')}
          />
          <BundleMaterials a={x} canUpload={can('cases:file')} />
          {x.notice && (
            <>
              <Typography.Title level={2}>{t('cases.bundles.notice')}</Typography.Title>
              <Typography.Paragraph style={{ whiteSpace: 'pre-line' }} data-testid="bundle-notice">
                {x.notice.text[lang]}
              </Typography.Paragraph>
            </>
          )}
        </>
      )}
    </Space>
  );
}
