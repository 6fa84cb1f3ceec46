/** One rectification: the rating (never the rater), the deadline and light, what was recorded, and the moves the caller may make. */
import { useState } from 'react';
import { Alert, Button, Descriptions, Space, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import type { PageProps } from '../../../shell/module.ts';
import { useLoad } from '../../../api/use-load.ts';
import { ReasonModal } from '../../../components/ReasonModal.tsx';
import { RatingsApi, type RectificationAction } from '../api.ts';
import { RectificationDeadline, STATUS_COLORS } from './light.tsx';
import { ScoreTag, TagList, useVocabulary } from './vocabulary.tsx';

const DANGER: readonly string[] = ['appeal', 'uphold_appeal'];

export function RectificationPage({ params }: PageProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const vocabulary = useVocabulary();
  const r = useLoad(['ratings.rectification', params.id], (signal) => RatingsApi.rectification(params.id, signal));
  const [action, setAction] = useState<RectificationAction | null>(null);
  const x = r.data;
  const when = (v: string | null) => (v ? new Date(v).toLocaleString(i18n.lang) : '—');
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('nav.ratingsRectification')}
      </Typography.Title>
      {!!r.error && <Alert type="error" showIcon title={errorText(r.error, i18n)} />}
      {x && (
        <>
          {x.callbackRequired && x.status === 'opened' && (
            <Alert type="info" showIcon title={t('ratings.rect.callbackRequired')} />
          )}
          <Descriptions bordered size="small" column={1}>
            <Descriptions.Item label={t('ratings.subject')}>{x.rating.item.name}</Descriptions.Item>
            <Descriptions.Item label={t('ratings.department')}>{x.department.name}</Descriptions.Item>
            <Descriptions.Item label={t('ratings.score')}>
              <ScoreTag score={x.rating.score} vocabulary={vocabulary} />
            </Descriptions.Item>
            <Descriptions.Item label={t('ratings.tags')}>
              <TagList codes={x.rating.tags} vocabulary={vocabulary} />
            </Descriptions.Item>
            <Descriptions.Item label={t('ratings.commentShort')}>{x.rating.comment ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('ratings.realNameShort')}>
              {t(x.rating.realName ? 'ratings.realNameShort' : 'ratings.anonymous')}
            </Descriptions.Item>
            <Descriptions.Item label={t('ratings.rect.status')}>
              <Tag color={STATUS_COLORS[x.status]} data-testid="rectification-status">
                {t(`ratings.status.${x.status}`)}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('ratings.rect.deadline')}>
              <RectificationDeadline r={x} />
            </Descriptions.Item>
            <Descriptions.Item label={t('ratings.rect.callback')}>
              {x.callback ? `${x.callback.note}（${when(x.callback.at)}）` : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('ratings.rect.findings')}>{x.findings ?? '—'}</Descriptions.Item>
            {x.appeal && (
              <>
                <Descriptions.Item label={t('ratings.rect.appeal')}>{x.appeal.reason}</Descriptions.Item>
                <Descriptions.Item label={t('ratings.rect.appealDecision')}>
                  {x.appeal.decision ?? '—'}
                </Descriptions.Item>
              </>
            )}
            <Descriptions.Item label={t('ratings.outcome')}>{x.outcome ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('ratings.rect.openedAt')}>{when(x.openedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('ratings.rect.finishedAt')}>
              {when(x.finishedAt)}
              {x.onTime !== null && ` · ${t(x.onTime ? 'ratings.rect.onTime' : 'ratings.rect.late')}`}
            </Descriptions.Item>
            {x.outcomeRating && (
              <Descriptions.Item label={t('ratings.outcomeRated')}>
                <ScoreTag score={x.outcomeRating.score} vocabulary={vocabulary} />
              </Descriptions.Item>
            )}
          </Descriptions>
          <Space wrap>
            {x.actions
              // A real-name 差评 is verified only after the callback: the server would refuse it (CALLBACK_REQUIRED).
              .filter((a) => !(a === 'verify' && x.callbackRequired && x.status === 'opened'))
              .map((a) => (
                <Button
                  key={a}
                  danger={DANGER.includes(a)}
                  onClick={() => setAction(a as RectificationAction)}
                  data-testid={`action-${a}`}
                >
                  {t(`ratings.action.${a as RectificationAction}`)}
                </Button>
              ))}
          </Space>
          <ReasonModal
            open={action !== null}
            title={action ? t(`ratings.action.${action}`) : ''}
            okText={action ? t(`ratings.action.${action}`) : ''}
            danger={action !== null && DANGER.includes(action)}
            onCancel={() => setAction(null)}
            onSubmit={async (reason) => {
              await RatingsApi.move(x.id, action!, x.version, reason);
              setAction(null);
              await queryClient.invalidateQueries({ queryKey: ['ratings.rectification', params.id] });
            }}
          />
        </>
      )}
    </Space>
  );
}
