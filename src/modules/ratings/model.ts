/**
 * What the ratings module (好差评) returns, and its fixed vocabularies: the five scores, the tags offered for each
 * score band, the channels a rating comes through, and the rectification's states.
 */
export interface Label {
  zh: string;
  en: string;
}

/** 5 非常满意 … 1 非常不满意 (the national 好差评 scale). */
export const SCORES = [5, 4, 3, 2, 1] as const;
export type Score = (typeof SCORES)[number];
export const SCORE_LABELS: Record<Score, Label> = {
  5: { zh: '非常满意', en: 'Very satisfied' },
  4: { zh: '满意', en: 'Satisfied' },
  3: { zh: '基本满意', en: 'Fairly satisfied' },
  2: { zh: '不满意', en: 'Dissatisfied' },
  1: { zh: '非常不满意', en: 'Very dissatisfied' },
};
/** A rating at or below this score is a 差评: it opens a rectification. */
export const POOR_AT_MOST = 2;
export const isPoor = (score: number) => score <= POOR_AT_MOST;

export type Band = 'good' | 'fair' | 'poor';
export const bandOf = (score: number): Band => (score >= 4 ? 'good' : score === 3 ? 'fair' : 'poor');

/** The tags a rater may pick, per score band (a tag of another band is refused). */
export const TAGS: Record<Band, Record<string, Label>> = {
  good: {
    efficient: { zh: '办事效率高', en: 'Handled efficiently' },
    courteous: { zh: '服务态度好', en: 'Courteous service' },
    one_visit: { zh: '一次办成', en: 'Done in one visit' },
    few_materials: { zh: '材料精简', en: 'Few materials asked' },
    clear_guidance: { zh: '指引清晰', en: 'Clear guidance' },
    easy_online: { zh: '网上办理便捷', en: 'Easy to do online' },
  },
  fair: {
    average_speed: { zh: '办理时间一般', en: 'Average handling time' },
    guidance_could_improve: { zh: '指引有待改进', en: 'Guidance could be clearer' },
    system_could_improve: { zh: '系统不够便捷', en: 'The system could be easier' },
  },
  poor: {
    slow: { zh: '办事效率低', en: 'Slow handling' },
    discourteous: { zh: '服务态度差', en: 'Discourteous service' },
    repeated_visits: { zh: '多次跑腿', en: 'Had to come back several times' },
    excessive_materials: { zh: '材料要求繁琐', en: 'Too many materials asked' },
    unclear_guidance: { zh: '指引不清', en: 'Unclear guidance' },
    overdue: { zh: '超时办理', en: 'Not done in time' },
    improper_fees: { zh: '乱收费', en: 'Improper fees' },
    favours_asked: { zh: '吃拿卡要', en: 'Favours or gifts asked' },
  },
};

/** Where a rating was given: online (web or app), the on-site evaluator at the window, a phone callback, an SMS. */
export const CHANNELS = ['online', 'on_site', 'phone', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, Label> = {
  online: { zh: '网上评价', en: 'Online' },
  on_site: { zh: '现场评价器', en: 'On-site evaluator' },
  phone: { zh: '电话评价', en: 'Phone' },
  sms: { zh: '短信评价', en: 'SMS' },
};

/**
 * A rectification (整改) of a 差评: opened → called_back (回访, recorded) → verified (核实) → rectified (整改) |
 * explained (解释说明) | appealed (申诉不实差评) → unfounded (the supervisor upholds the appeal) or back to verified.
 */
export const RECTIFICATION_STATUSES = [
  'opened',
  'called_back',
  'verified',
  'appealed',
  'rectified',
  'explained',
  'unfounded',
] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];
export const RECTIFICATION_LABELS: Record<RectificationStatus, Label> = {
  opened: { zh: '待回访', en: 'Awaiting callback' },
  called_back: { zh: '已回访', en: 'Called back' },
  verified: { zh: '已核实', en: 'Verified' },
  appealed: { zh: '申诉待裁定', en: 'Appeal pending' },
  rectified: { zh: '已整改', en: 'Rectified' },
  explained: { zh: '已解释说明', en: 'Explained' },
  unfounded: { zh: '申诉成立（不实差评）', en: 'Appeal upheld (unfounded)' },
};
/** Where a rectification ends: the rater sees the outcome and may rate it. */
export const FINISHED: readonly RectificationStatus[] = ['rectified', 'explained', 'unfounded'];
export const isFinished = (s: string) => (FINISHED as readonly string[]).includes(s);

export type Light = 'green' | 'yellow' | 'red';
export const LIGHTS = ['green', 'yellow', 'red'] as const;

/** What the rater sees of a rating they gave. */
export interface OwnRating {
  score: Score;
  tags: string[];
  comment: string | null;
  channel: Channel;
  realName: boolean;
  ratedAt: string;
}

/** A rating invitation as its rater sees it: the subject, their rating, the rectification's outcome. */
export interface Invitation {
  id: string;
  subjectType: string;
  subjectId: string;
  subjectLabel: string;
  item: { id: string; name: string };
  department: { code: string; name: string };
  region: string;
  offeredAt: string;
  rating: OwnRating | null;
  rectification: {
    id: string;
    status: RectificationStatus;
    outcome: string | null;
    finishedAt: string | null;
    /** The rater's rating of how it was handled (once, after it finished). */
    outcomeRating: { score: Score; comment: string | null; ratedAt: string } | null;
  } | null;
}

/**
 * A rating as staff see it: never who gave it — nor the subject (a case number would lead to the applicant); the
 * service, department, region, the rating itself and when.
 */
export interface StaffRating {
  id: string;
  item: { id: string; name: string };
  department: { code: string; name: string };
  region: string;
  score: Score;
  tags: string[];
  comment: string | null;
  channel: Channel;
  realName: boolean;
  ratedAt: string;
  rectificationId: string | null;
}

export interface Rectification {
  id: string;
  status: RectificationStatus;
  version: number;
  rating: Omit<StaffRating, 'rectificationId'>;
  department: { code: string; name: string };
  region: string;
  callbackRequired: boolean;
  callback: { note: string; at: string } | null;
  findings: string | null;
  outcome: string | null;
  appeal: { reason: string; decision: string | null } | null;
  openedAt: string;
  finishedAt: string | null;
  onTime: boolean | null;
  deadline: {
    dueDate: string | null;
    dueAt: string | null;
    provisional: boolean;
    workingDaysLeft: number | null;
    light: Light | null;
  } | null;
  outcomeRating: { score: Score; comment: string | null; ratedAt: string } | null;
  actions: string[];
  updatedAt: string;
}

export interface StatsRow {
  key: string;
  name: string;
  ratings: number;
  average: number | null;
  poor: number;
  poorShare: number | null;
  rectifications: number;
  finished: number;
  onTime: number;
  /** Still open past their due time. */
  overdue: number;
  onTimeRate: number | null;
}
