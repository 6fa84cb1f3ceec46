/** Staff: the rectification queue (差评整改), oldest first, with deadline lights; the department's own or all in sight. */
import { useState } from 'react';
import { Alert, Checkbox, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useSignedIn } from '../../../shell/session.tsx';
import { useLoad } from '../../../api/use-load.ts';
import { AppLink } from '../../../components/AppLink.tsx';
import { RatingsApi, type Rectification } from '../api.ts';
import { RectificationDeadline, STATUS_COLORS } from './light.tsx';
import { ScoreTag, useVocabulary } from './vocabulary.tsx';

export function RectificationsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { can } = useSignedIn();
  const [mine, setMine] = useState(can('ratings:rectify'));
  const [open, setOpen] = useState(true);
  const list = useLoad(['ratings.rectifications', mine, open], (signal) =>
    RatingsApi.rectifications({ mine, open }, signal),
  );
  const vocabulary = useVocabulary();
  const columns: TableColumnsType<Rectification> = [
    {
      title: t('ratings.subject'),
      key: 'subject',
      render: (_, r) => <AppLink to={`/ratings/rectifications/${r.id}`}>{r.rating.item.name}</AppLink>,
    },
    { title: t('ratings.department'), key: 'department', render: (_, r) => r.department.name },
    {
      title: t('ratings.score'),
      key: 'score',
      render: (_, r) => <ScoreTag score={r.rating.score} vocabulary={vocabulary} />,
    },
    {
      title: t('ratings.rect.status'),
      key: 'status',
      render: (_, r) => <Tag color={STATUS_COLORS[r.status]}>{t(`ratings.status.${r.status}`)}</Tag>,
    },
    { title: t('ratings.rect.deadline'), key: 'deadline', render: (_, r) => <RectificationDeadline r={r} /> },
    {
      title: t('ratings.rect.openedAt'),
      dataIndex: 'openedAt',
      key: 'openedAt',
      render: (v: string) => new Date(v).toLocaleString(i18n.lang),
    },
  ];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('ratings.rect.heading')}
      </Typography.Title>
      <Space wrap>
        <Checkbox checked={mine} onChange={(e) => setMine(e.target.checked)}>
          {t('ratings.rect.mine')}
        </Checkbox>
        <Checkbox checked={open} onChange={(e) => setOpen(e.target.checked)}>
          {t('ratings.rect.open')}
        </Checkbox>
      </Space>
      {!!list.error && <Alert type="error" showIcon title={errorText(list.error, i18n)} />}
      <Table<Rectification>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        locale={{ emptyText: t('ratings.rect.empty') }}
        pagination={false}
        scroll={{ x: 'max-content' }}
        aria-label={t('ratings.rect.caption')}
      />
    </Space>
  );
}
