/** What the inspections module's services return, its statuses and its fixed vocabularies. */
export const TASK_STATUSES = ['draft', 'frozen', 'drawn', 'inspecting', 'published'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const STATUS_LABELS: Record<TaskStatus, { zh: string; en: string }> = {
  draft: { zh: '草拟', en: 'Draft' },
  frozen: { zh: '已冻结（待摇号）', en: 'Frozen (awaiting the draw)' },
  drawn: { zh: '已摇号', en: 'Drawn' },
  inspecting: { zh: '检查中', en: 'Inspecting' },
  published: { zh: '结果已公示', en: 'Results published' },
};

export const STRATA = ['A', 'B', 'C', 'D'] as const;
export type CreditClass = (typeof STRATA)[number];
/** Default sampling ratios per credit class, in basis points (A low risk … D high risk). */
export const DEFAULT_RATIOS: Record<CreditClass, number> = { A: 300, B: 500, C: 3000, D: 7000 };

export const METHODS = ['on_site', 'documents', 'online'] as const;
export type Method = (typeof METHODS)[number];

/** The targeted (non-random) inspection triggers. */
export const TRIGGERS = ['complaint', 'risk_warning', 'referral'] as const;
export type Trigger = (typeof TRIGGERS)[number];

/** The national market-regulation result categories (市场监管随机抽查结果分类). */
export const RESULT_CATEGORIES = {
  no_problem: '未发现问题',
  not_disclosed: '未按规定公示应当公示的信息',
  false_disclosure: '公示信息隐瞒真实情况、弄虚作假',
  unreachable: '通过登记的住所（经营场所）无法联系',
  ordered_to_correct: '发现问题已责令改正',
  pending_follow_up: '发现问题待后续处理',
  obstructed: '不配合检查情节严重',
  activity_not_found: '未发现开展本次抽查涉及的经营活动',
  closed_or_liquidating: '已关闭停业或正在组织清算',
  deregistered_or_revoked: '已注销或被吊销营业执照',
  moved_out: '已迁出',
} as const;
export type ResultCategory = keyof typeof RESULT_CATEGORIES;
export const RESULT_CATEGORY_CODES = Object.keys(RESULT_CATEGORIES) as ResultCategory[];
/** The categories that count as a problem found (the statistics' problem rate). */
export const PROBLEM_CATEGORIES: readonly ResultCategory[] = [
  'not_disclosed',
  'false_disclosure',
  'unreachable',
  'ordered_to_correct',
  'pending_follow_up',
  'obstructed',
];

export interface PopulationFilter {
  /** Division code: the region's subtree. */
  region: string;
  industry?: string | null;
  subjectType?: string | null;
  licence?: string | null;
  keySupervision?: boolean | null;
}

export interface InspectionItem {
  id: string;
  region: string;
  department: string;
  catalogItemId: string;
  name: string;
  legalBasis: string;
  subjectType: string;
  method: Method;
  createdAt: string;
}

export interface Plan {
  id: string;
  region: string;
  department: string;
  year: number;
  title: string;
  itemIds: string[];
  createdAt: string;
}

export interface Target {
  uscc: string;
  name: string;
  region: string;
  industry: string;
  address: string;
  subjectType: string;
  /** As stored: null when the credit module has not graded it yet (drawn as B). */
  creditClass: CreditClass | null;
  stratum: CreditClass;
  keySupervision: boolean;
  licences: string[];
  validFrom: string;
}

export interface Inspector {
  accountId: string;
  name: string;
  department: string;
  region: string;
  certificateNo: string;
  fields: string[];
  status: 'active' | 'suspended' | 'left';
  validFrom: string;
}

export interface Task {
  id: string;
  region: string;
  department: string;
  title: string;
  departments: string[];
  itemIds: string[];
  filter: PopulationFilter;
  ratios: Record<CreditClass, number>;
  inspectorsPerTarget: number;
  yearlyCap: number;
  windowStart: string;
  windowEnd: string;
  status: TaskStatus;
  version: number;
  frozenAt: string | null;
  round: number;
  recordDigest: string | null;
  drawnAt: string | null;
  createdAt: string;
}
