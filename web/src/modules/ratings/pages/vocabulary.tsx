/** The scores, tags and channels as the server names them (GET /api/v1/ratings/vocabulary), shown in the UI's language. */
import { Space, Tag } from 'antd';
import { useI18n } from '../../../shell/i18n.ts';
import { useLoad } from '../../../api/use-load.ts';
import { RatingsApi, type Vocabulary } from '../api.ts';

export function useVocabulary(): Vocabulary | null {
  return useLoad(['ratings.vocabulary'], (signal) => RatingsApi.vocabulary(signal)).data;
}

export function useLabel() {
  const { lang } = useI18n();
  return (l: { zh: string; en: string } | undefined) => (l ? (lang === 'en-US' ? l.en : l.zh) : '');
}

const SCORE_COLORS: Record<number, string> = { 5: 'success', 4: 'success', 3: 'default', 2: 'warning', 1: 'error' };

export function ScoreTag({ score, vocabulary }: { score: number; vocabulary: Vocabulary | null }) {
  const label = useLabel();
  return (
    <Tag color={SCORE_COLORS[score]} data-testid={`score-${score}`}>
      {`${score} · ${label(vocabulary?.scores.find((s) => s.score === score)?.label)}`}
    </Tag>
  );
}

export function TagList({ codes, vocabulary }: { codes: readonly string[]; vocabulary: Vocabulary | null }) {
  const label = useLabel();
  if (codes.length === 0) return <span>—</span>;
  return (
    <Space size={[4, 4]} wrap>
      {codes.map((c) => (
        <Tag key={c}>{label(vocabulary?.tags.find((x) => x.code === c)?.label)}</Tag>
      ))}
    </Space>
  );
}
