/** Staff: the ratings in their jurisdiction — the service, the score, tags and comment; never who rated. */
import { Alert, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useLoad } from '../../../api/use-load.ts';
import { AppLink } from '../../../components/AppLink.tsx';
import { RatingsApi, type StaffRating } from '../api.ts';
import { ScoreTag, TagList, useVocabulary } from './vocabulary.tsx';

export function RatingsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const ratings = useLoad(['ratings.list'], (signal) => RatingsApi.ratings(signal));
  const vocabulary = useVocabulary();
  const columns: TableColumnsType<StaffRating> = [
    { title: t('ratings.subject'), key: 'item', render: (_, r) => r.item.name },
    { title: t('ratings.department'), key: 'department', render: (_, r) => r.department.name },
    { title: t('ratings.score'), key: 'score', render: (_, r) => <ScoreTag score={r.score} vocabulary={vocabulary} /> },
    { title: t('ratings.tags'), key: 'tags', render: (_, r) => <TagList codes={r.tags} vocabulary={vocabulary} /> },
    { title: t('ratings.commentShort'), dataIndex: 'comment', key: 'comment', render: (v: string | null) => v ?? '—' },
    {
      title: t('ratings.channel'),
      key: 'channel',
      render: (_, r) =>
        vocabulary?.channels.find((c) => c.code === r.channel)?.label[i18n.lang === 'en-US' ? 'en' : 'zh'],
    },
    {
      title: t('ratings.realNameShort'),
      key: 'realName',
      render: (_, r) => <Tag>{t(r.realName ? 'ratings.realNameShort' : 'ratings.anonymous')}</Tag>,
    },
    {
      title: t('ratings.rectification'),
      key: 'rect',
      render: (_, r) =>
        r.rectificationId ? (
          <AppLink to={`/ratings/rectifications/${r.rectificationId}`}>{t('ratings.rect.open.link')}</AppLink>
        ) : (
          '—'
        ),
    },
    {
      title: t('ratings.ratedAt'),
      dataIndex: 'ratedAt',
      key: 'ratedAt',
      render: (v: string) => new Date(v).toLocaleString(i18n.lang),
    },
  ];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('ratings.staff.heading')}
      </Typography.Title>
      <Typography.Paragraph>{t('ratings.staff.intro')}</Typography.Paragraph>
      {!!ratings.error && <Alert type="error" showIcon title={errorText(ratings.error, i18n)} />}
      <Table<StaffRating>
        rowKey="id"
        columns={columns}
        dataSource={ratings.data?.items ?? []}
        loading={ratings.loading}
        locale={{ emptyText: t('ratings.empty') }}
        pagination={false}
        scroll={{ x: 'max-content' }}
        aria-label={t('ratings.tableCaption')}
      />
    </Space>
  );
}
