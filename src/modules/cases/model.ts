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
  purpose: 'acceptance' | 'decision';
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
