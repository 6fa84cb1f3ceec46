/** 待我审查: the review steps waiting for the caller's roles, soonest deadline first, with their lights. */
import { Alert, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useLoad } from '../../../api/use-load.ts';
import { AppLink } from '../../../components/AppLink.tsx';
import { CasesApi, type QueueEntry } from '../api.ts';
import { StepDeadline } from './StepDeadline.tsx';

export function ReviewQueuePage() {
  const i18n = useI18n();
  const { t } = i18n;
  const queue = useLoad(['cases.queue'], (signal) => CasesApi.reviewQueue(signal));
  const columns: TableColumnsType<QueueEntry> = [
    { title: t('cases.steps.deadline'), key: 'deadline', render: (_, e) => <StepDeadline s={e.step} /> },
    {
      title: t('cases.number'),
      key: 'number',
      render: (_, e) => <AppLink to={`/cases/${e.case.id}`}>{e.case.number}</AppLink>,
    },
    {
      title: t('cases.steps.step'),
      key: 'step',
      render: (_, e) => (
        <span>
          {e.step.name}
          {e.step.assignee ? <Tag style={{ marginInlineStart: 8 }}>{e.step.assignee.name}</Tag> : null}
        </span>
      ),
    },
    { title: t('cases.item'), key: 'item', render: (_, e) => e.case.itemName },
    { title: t('cases.applicant'), key: 'applicant', render: (_, e) => e.case.applicantName },
    { title: t('cases.department'), key: 'department', render: (_, e) => e.case.departmentName },
    {
      title: t('cases.status'),
      key: 'status',
      render: (_, e) => t(`cases.status.${e.case.status as 'accepted' | 'under_review'}`),
    },
  ];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('cases.queue.heading')}
      </Typography.Title>
      {!!queue.error && <Alert type="error" showIcon title={errorText(queue.error, i18n)} />}
      <Table<QueueEntry>
        rowKey={(e) => e.step.id}
        data-testid="review-queue"
        columns={columns}
        dataSource={queue.data?.items ?? []}
        loading={queue.loading}
        locale={{ emptyText: t('cases.queue.empty') }}
        pagination={false}
        scroll={{ x: 'max-content' }}
        aria-label={t('cases.queue.caption')}
      />
    </Space>
  );
}
