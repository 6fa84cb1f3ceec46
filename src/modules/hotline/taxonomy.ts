/**
 * The default topic taxonomy (诉求分类) for city affairs, two levels, codes nested by dots (`urban.roads` lies under
 * `urban`). A center edits it (POST /api/v1/hotline/topics); the migration 0601 loads this list once. `kind` is the
 * registry department kind a demo routing rule sends the topic to (demo.ts), not a rule in itself.
 */
export interface TopicSeed {
  code: string;
  parent_code: string | null;
  name_zh: string;
  name_en: string;
}

const T = (code: string, name_zh: string, name_en: string): TopicSeed => ({
  code,
  parent_code: code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : null,
  name_zh,
  name_en,
});

export const DEFAULT_TOPICS: TopicSeed[] = [
  T('urban', '城乡建设与管理', 'Urban construction and management'),
  T('urban.roads', '道路与市政设施', 'Roads and public works'),
  T('urban.property', '物业与住房', 'Property management and housing'),
  T('urban.construction', '建筑施工', 'Construction sites'),
  T('environment', '生态环境', 'Environment'),
  T('environment.noise', '噪声扰民', 'Noise'),
  T('environment.pollution', '大气与水污染', 'Air and water pollution'),
  T('market', '市场监管与消费', 'Markets and consumers'),
  T('market.consumer', '消费维权', 'Consumer rights'),
  T('market.food', '食品安全', 'Food safety'),
  T('market.licensing', '企业登记与许可', 'Business registration and licences'),
  T('labour', '劳动与社会保障', 'Labour and social security'),
  T('labour.wages', '拖欠工资', 'Unpaid wages'),
  T('labour.insurance', '社会保险', 'Social insurance'),
  T('health', '医疗卫生', 'Health'),
  T('health.medical', '医疗服务', 'Medical services'),
  T('health.insurance', '医疗保障', 'Medical insurance'),
  T('public', '公共安全与交通', 'Public safety and traffic'),
  T('public.traffic', '交通秩序', 'Traffic'),
  T('public.security', '社会治安', 'Public order'),
  T('services', '政务服务', 'Government services'),
  T('services.handling', '办事咨询与办事难', 'Service enquiries and difficulties'),
  T('services.conduct', '工作作风', 'Conduct of officials'),
  T('other', '其他', 'Other'),
];

/** The registry department kind each default top-level topic goes to in the demo rules. */
export const DEMO_TOPIC_KINDS: Record<string, string> = {
  urban: 'ZJ',
  environment: 'STHJ',
  market: 'SCJG',
  labour: 'RS',
  health: 'WJ',
  'health.insurance': 'YB',
  public: 'GA',
  services: 'ZWFW',
  other: 'ZWFW',
};
