/**
 * 我的评价: the applicant's rating invitations. An unrated one opens the rating form (score, the tags of the score's
 * band, comment, real name or anonymous); a rated one shows the rating and, for a 差评, how it was handled — which
 * the applicant may rate once it has finished.
 */
import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Rate,
  Space,
  Switch,
  Tag,
  Typography,
  message,
} from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { useLoad } from '../../../api/use-load.ts';
import { AppLink } from '../../../components/AppLink.tsx';
import { RatingsApi, type Invitation } from '../api.ts';
import { ScoreTag, TagList, useLabel, useVocabulary } from './vocabulary.tsx';
import { STATUS_COLORS } from './light.tsx';

const FINISHED = ['rectified', 'explained', 'unfounded'];
const bandOf = (score: number) => (score >= 4 ? 'good' : score === 3 ? 'fair' : 'poor');

interface RateValues {
  score?: number;
  tags?: string[];
  comment?: string;
  realName: boolean;
}

/** The rating form; `outcome` rates a finished rectification instead (score and comment only). */
function RateModal(props: { inv: Invitation | null; outcome: boolean; onClose: (done: boolean) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const label = useLabel();
  const vocabulary = useVocabulary();
  const [form] = Form.useForm<RateValues>();
  const score = Form.useWatch('score', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { inv, outcome } = props;
  if (!inv) return null;
  const submit = async () => {
    let v: RateValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const comment = v.comment?.trim() || null;
      if (outcome) await RatingsApi.rateOutcome(inv.id, v.score!, comment);
      else
        await RatingsApi.rate(inv.id, {
          score: v.score!,
          tags: v.tags ?? [],
          comment,
          channel: 'online',
          realName: v.realName,
        });
      props.onClose(true);
    } catch (e) {
      setError(errorText(e, i18n));
    } finally {
      setBusy(false);
    }
  };
  const tags = score ? (vocabulary?.tags ?? []).filter((x) => x.band === bandOf(score)) : [];
  return (
    <Modal
      open
      title={`${t(outcome ? 'ratings.rateOutcome' : 'ratings.rate')}：${inv.subjectLabel}`}
      okText={t('ratings.submit')}
      cancelText={t('catalog.cancel')}
      okButtonProps={{ loading: busy, 'data-testid': 'rating-submit' }}
      onOk={() => void submit()}
      onCancel={() => props.onClose(false)}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" initialValues={{ realName: true, tags: [] }}>
        <Form.Item
          name="score"
          label={t('ratings.score')}
          rules={[{ required: true, message: t('ratings.scoreRequired') }]}
        >
          <Rate
            tooltips={[1, 2, 3, 4, 5].map((s) => label(vocabulary?.scores.find((x) => x.score === s)?.label))}
            onChange={() => form.setFieldValue('tags', [])}
            data-testid="rating-score"
          />
        </Form.Item>
        {score ? (
          <Typography.Text type="secondary">
            {label(vocabulary?.scores.find((x) => x.score === score)?.label)}
          </Typography.Text>
        ) : null}
        {!outcome && tags.length > 0 && (
          <Form.Item name="tags" label={t('ratings.tags')}>
            <TagPicker options={tags.map((x) => ({ value: x.code, label: label(x.label) }))} />
          </Form.Item>
        )}
        <Form.Item name="comment" label={t('ratings.comment')}>
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="rating-comment" />
        </Form.Item>
        {!outcome && (
          <Form.Item name="realName" label={t('ratings.realName')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** Checkable tags as a form control. */
function TagPicker(props: {
  value?: string[];
  onChange?: (v: string[]) => void;
  options: Array<{ value: string; label: string }>;
}) {
  const value = props.value ?? [];
  return (
    <Space size={[4, 8]} wrap>
      {props.options.map((o) => (
        <Tag.CheckableTag
          key={o.value}
          checked={value.includes(o.value)}
          onChange={(on) => props.onChange?.(on ? [...value, o.value] : value.filter((x) => x !== o.value))}
        >
          {o.label}
        </Tag.CheckableTag>
      ))}
    </Space>
  );
}

function InvitationCard({ inv, onRate }: { inv: Invitation; onRate: (outcome: boolean) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const vocabulary = useVocabulary();
  const r = inv.rating;
  const x = inv.rectification;
  return (
    <Card
      title={inv.subjectLabel}
      size="small"
      data-testid="rating-invitation"
      extra={
        r ? (
          <ScoreTag score={r.score} vocabulary={vocabulary} />
        ) : (
          <Button type="primary" onClick={() => onRate(false)} data-testid="rating-open">
            {t('ratings.rate')}
          </Button>
        )
      }
    >
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('ratings.department')}>{inv.department.name}</Descriptions.Item>
        {inv.subjectType === 'cases.case' && (
          <Descriptions.Item label={t('nav.case')}>
            <AppLink to={`/cases/${inv.subjectId}`}>{inv.subjectLabel.split(' ')[0]}</AppLink>
          </Descriptions.Item>
        )}
        {r ? (
          <>
            <Descriptions.Item label={t('ratings.tags')}>
              <TagList codes={r.tags} vocabulary={vocabulary} />
            </Descriptions.Item>
            {r.comment && <Descriptions.Item label={t('ratings.commentShort')}>{r.comment}</Descriptions.Item>}
            <Descriptions.Item label={t('ratings.ratedAt')}>
              {new Date(r.ratedAt).toLocaleString(i18n.lang)}
            </Descriptions.Item>
          </>
        ) : (
          <Descriptions.Item label={t('ratings.offeredAt')}>
            {new Date(inv.offeredAt).toLocaleString(i18n.lang)} · {t('ratings.notRated')}
          </Descriptions.Item>
        )}
        {x && (
          <Descriptions.Item label={t('ratings.rectification')}>
            <Tag color={STATUS_COLORS[x.status]}>{t(`ratings.status.${x.status}`)}</Tag>
          </Descriptions.Item>
        )}
        {x?.outcome && <Descriptions.Item label={t('ratings.outcome')}>{x.outcome}</Descriptions.Item>}
        {x?.outcomeRating && (
          <Descriptions.Item label={t('ratings.outcomeRated')}>
            <ScoreTag score={x.outcomeRating.score} vocabulary={vocabulary} />
          </Descriptions.Item>
        )}
      </Descriptions>
      {x && FINISHED.includes(x.status) && !x.outcomeRating && (
        <Button onClick={() => onRate(true)} data-testid="rating-outcome-open">
          {t('ratings.rateOutcome')}
        </Button>
      )}
    </Card>
  );
}

export function MyRatingsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const mine = useLoad(['ratings.mine'], (signal) => RatingsApi.mine(signal));
  const [rating, setRating] = useState<{ inv: Invitation; outcome: boolean } | null>(null);
  const items = mine.data?.items ?? [];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('ratings.mine.heading')}
      </Typography.Title>
      <Typography.Paragraph>{t('ratings.mine.intro')}</Typography.Paragraph>
      {!!mine.error && <Alert type="error" showIcon title={errorText(mine.error, i18n)} />}
      {!mine.loading && items.length === 0 && <Typography.Text>{t('ratings.mine.empty')}</Typography.Text>}
      {items.map((inv) => (
        <InvitationCard key={inv.id} inv={inv} onRate={(outcome) => setRating({ inv, outcome })} />
      ))}
      <RateModal
        inv={rating?.inv ?? null}
        outcome={rating?.outcome ?? false}
        onClose={(done) => {
          setRating(null);
          if (done) {
            void message.success(t('ratings.rated'));
            void queryClient.invalidateQueries({ queryKey: ['ratings.mine'] });
          }
        }}
      />
    </Space>
  );
}
