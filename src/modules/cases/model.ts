/** What the cases module's services return, its statuses and their labels. */
export const CASE_STATUSES = [
  'submitted',
  'supplement_requested',
  'accepted',
  'under_review',
  'refused',
  'granted',
  'denied',
  'concluded',
  'withdrawn',
  'recorded',
  'revoked',
  'suspended',
  // Bundles and handle-anywhere (bundles.ts, anywhere.ts):
  'waiting',
  'not_started',
  'received',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const STATUS_LABELS: Record<CaseStatus, { zh: string; en: string }> = {
  submitted: { zh: '已提交', en: 'Submitted' },
  supplement_requested: { zh: '待补正', en: 'Supplement requested' },
  accepted: { zh: '已受理', en: 'Accepted' },
  under_review: { zh: '审查中', en: 'Under review' },
  refused: { zh: '不予受理', en: 'Refused' },
  granted: { zh: '准予许可', en: 'Granted' },
  denied: { zh: '不予许可', en: 'Denied' },
  concluded: { zh: '已办结', en: 'Concluded' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  recorded: { zh: '已备案', en: 'Recorded' },
  revoked: { zh: '已撤销许可', en: 'Revoked' },
  suspended: { zh: '特别程序中（暂停计时）', en: 'Special procedure (clock paused)' },
  waiting: { zh: '等待前置事项', en: 'Waiting for prerequisites' },
  not_started: { zh: '未启动（前置事项未获准予）', en: 'Not started (a prerequisite was not granted)' },
  received: { zh: '已收件待转交', en: 'Received, to be forwarded' },
};

/** How a case reached the platform. */
export const CHANNELS = ['online', 'window', 'mobile'] as const;
export type Channel = (typeof CHANNELS)[number];

export const APPLICANT_KINDS = ['person', 'enterprise'] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];

/** green: more than one working day left; yellow: one or none left; red: overdue. */
export const LIGHTS = ['green', 'yellow', 'red'] as const;
export type Light = (typeof LIGHTS)[number];

/** A deadline as responses show it. */
export interface CaseDeadline {
  purpose: 'acceptance' | 'decision' | 'commitment_check';
  dueDate: string | null;
  dueAt: string | null;
  provisional: boolean;
  /** Working days left after today up to the due date (negative when overdue); null once the step is done. */
  workingDaysLeft: number | null;
  light: Light | null;
}

/** One item of a supplement notice (补正告知): what is missing or defective, and what to do. */
export interface SupplementItem {
  /** A material key or form field the item is about, when it names one. */
  ref: string | null;
  description: string;
}

export interface Case {
  id: string;
  /** The human-readable case number: `<region>-<yyyymmdd>-<5-digit sequence>` (docs in the module's README). */
  number: string;
  status: CaseStatus;
  version: number;
  item: { id: string; name: string };
  implementation: { id: string; version: number; code: string };
  /** The competent body, as `competentBodyFor` answered when the case was filed. */
  region: string;
  regionName: string;
  department: { code: string; name: string };
  basis: 'own' | 'delegated';
  applicant: { kind: ApplicantKind; name: string };
  channel: Channel;
  window: string | null;
  /** The form as filed, with ID and phone values masked. */
  form: Record<string, unknown>;
  /** The title of each top-level form field, from the pinned schema. */
  formLabels: Record<string, string>;
  promisedDays: number;
  submittedAt: string;
  acceptedAt: string | null;
  decidedAt: string | null;
  concludedAt: string | null;
  refusal: { reason: string; legalBasis: string } | null;
  supplement: { items: SupplementItem[]; requestedAt: string; count: number } | null;
  decision: { outcome: 'granted' | 'denied'; reason: string | null; legalBasis: string | null } | null;
  /** Irregularity flags raised on this case (e.g. a second supplement request). */
  flags: string[];
  deadlines: CaseDeadline[];
  /** The moves this caller may make now (by state and permission). */
  actions: string[];
  updatedAt: string;
  /** The item's reform mode as the pinned version froze it (审批改为备案, 实行告知承诺, …); null when none. */
  reformMode: 'abolished' | 'filing' | 'commitment' | 'optimized' | null;
  /** 即办件 ('immediate') or 承诺件 ('promised'), from the pinned version. */
  handlingKind: 'immediate' | 'promised';
  /** 告知承诺: the signed commitment and its post-grant check (reform.ts); null for other cases. */
  commitment: CommitmentView | null;
  /** The special procedure running now (status `suspended`); null otherwise. */
  specialProcedure: SpecialProcedureView | null;
}

/** The applicant's signed commitment (告知承诺书) and the post-grant check (核查). */
export interface CommitmentView {
  text: string;
  signedBy: string;
  signedAt: string;
  /** pending until a reviewer or inspector checks it; then verified or false (the grant revoked). */
  check: 'pending' | 'verified' | 'false';
  checkedAt: string | null;
}

/** 特别程序: hearing, expert review, on-site inspection, supplementary materials during review, public notice. */
export const SPECIAL_PROCEDURE_KINDS = [
  'hearing',
  'expert_review',
  'inspection',
  'supplement',
  'public_notice',
] as const;
export type SpecialProcedureKind = (typeof SPECIAL_PROCEDURE_KINDS)[number];
export const SPECIAL_PROCEDURE_LABELS: Record<SpecialProcedureKind, { zh: string; en: string }> = {
  hearing: { zh: '听证', en: 'Hearing' },
  expert_review: { zh: '专家评审', en: 'Expert review' },
  inspection: { zh: '现场勘验', en: 'On-site inspection' },
  supplement: { zh: '审查中补充材料', en: 'Supplementary materials during review' },
  public_notice: { zh: '公示', en: 'Public notice' },
};

export interface SpecialProcedureView {
  kind: SpecialProcedureKind;
  label: { zh: string; en: string };
  reason: string;
  maxDays: number;
  startedAt: string;
  /** Working days paused so far (a working day touched by the pause counts, as the kernel calendar counts it). */
  pausedDays: number;
  /** Paused longer than its maximum. */
  overrun: boolean;
}

/** One step of the timeline: who did what, when, why. */
export interface TimelineEntry {
  at: string;
  action: string;
  label: { zh: string; en: string };
  actor: { name: string; role: string };
  onBehalfOf: string | null;
  reason: string | null;
}
