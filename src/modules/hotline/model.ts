/** What the hotline module's services return, its statuses and its code lists (each with zh/en labels). */
type Labels<T extends string> = Record<T, { zh: string; en: string }>;

export const CHANNELS = ['phone', 'web', 'mobile', 'open311', 'transfer'] as const;
export type Channel = (typeof CHANNELS)[number];

/** 咨询 inquiry, 求助 help, 投诉 complaint, 举报 report, 建议 suggestion, 表扬 praise. */
export const REQUEST_TYPES = ['inquiry', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];
export const REQUEST_TYPE_LABELS: Labels<RequestType> = {
  inquiry: { zh: '咨询', en: 'Inquiry' },
  help: { zh: '求助', en: 'Help' },
  complaint: { zh: '投诉', en: 'Complaint' },
  report: { zh: '举报', en: 'Report' },
  suggestion: { zh: '建议', en: 'Suggestion' },
  praise: { zh: '表扬', en: 'Praise' },
};

export const URGENCIES = ['normal', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

/**
 * Statuses. The closed ones stay distinct on purpose (no report merges them): `closed_resolved` resolved and confirmed
 * by the citizen, `closed_explained` explained or not in remit and accepted by the citizen, `closed_unconfirmed`
 * replied but the citizen could not be reached, `closed_unresolved` closed by the center after escalation with the
 * citizen still unsatisfied, `answered` an inquiry answered on the spot, `merged` handled through another ticket.
 */
export const TICKET_STATUSES = [
  'registered',
  'dispatched',
  'returned',
  'accepted',
  'extension_requested',
  'replied',
  'escalated',
  'answered',
  'closed_resolved',
  'closed_explained',
  'closed_unconfirmed',
  'closed_unresolved',
  'merged',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const CLOSED_STATUSES: readonly TicketStatus[] = [
  'answered',
  'closed_resolved',
  'closed_explained',
  'closed_unconfirmed',
  'closed_unresolved',
  'merged',
];
export const STATUS_LABELS: Labels<TicketStatus> = {
  registered: { zh: '已登记', en: 'Registered' },
  dispatched: { zh: '已派单', en: 'Dispatched' },
  returned: { zh: '已退单', en: 'Returned' },
  accepted: { zh: '办理中', en: 'Being handled' },
  extension_requested: { zh: '申请延期', en: 'Extension requested' },
  replied: { zh: '已答复待回访', en: 'Replied, awaiting callback' },
  escalated: { zh: '多次不满意已升级', en: 'Escalated after repeated dissatisfaction' },
  answered: { zh: '当场解答办结', en: 'Answered on the spot' },
  closed_resolved: { zh: '已解决（市民确认）', en: 'Resolved, confirmed by the citizen' },
  closed_explained: { zh: '已解释说明办结', en: 'Closed as explained' },
  closed_unconfirmed: { zh: '已答复未获确认', en: 'Replied, not confirmed' },
  closed_unresolved: { zh: '未解决办结（市民不满意）', en: 'Closed unresolved, citizen unsatisfied' },
  merged: { zh: '已并单', en: 'Merged' },
};

/** A department's reply outcome (答复结果). */
export const OUTCOMES = ['resolved', 'explained', 'not_in_remit', 'in_progress_long_term'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Labels<Outcome> = {
  resolved: { zh: '已解决', en: 'Resolved' },
  explained: { zh: '已解释说明（无法解决）', en: 'Explained, cannot be resolved' },
  not_in_remit: { zh: '不属于职责范围', en: 'Not in remit' },
  in_progress_long_term: { zh: '已列入计划逐步解决', en: 'Planned, long-term' },
};

export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

export type Light = 'green' | 'yellow' | 'red';

export interface TicketDeadline {
  purpose: string;
  dueAt: string | null;
  provisional: boolean;
  light: Light | null;
}

export interface TicketCaller {
  /** Masked name and phone; null when the ticket is confidential and the viewer is the handling department. */
  nameMasked: string | null;
  phoneMasked: string | null;
  hidden: boolean;
}

export interface Ticket {
  id: string;
  number: string;
  center: { id: string; name: string };
  channel: Channel;
  requestType: RequestType;
  topic: { code: string; name: string };
  content: string;
  location: { region: string; address: string | null; lat: number | null; lng: number | null };
  urgency: Urgency;
  caller: TicketCaller;
  confidential: boolean;
  related: { uscc: string | null; caseNumber: string | null; item: string | null };
  /** A 办不成事 report (反映“办不成事”). */
  cannotGetDone: boolean;
  accusedDepartment: string | null;
  department: string | null;
  routedRuleId: string | null;
  status: TicketStatus;
  version: number;
  returnCount: number;
  /** Returned more than once: the center should arbitrate rather than pass it on again. */
  repeatedReturns: boolean;
  reopenCount: number;
  extensionDays: number;
  extensionRequestDays: number;
  outcome: Outcome | null;
  reply: string | null;
  repliedAt: string | null;
  answer: string | null;
  mergedInto: string | null;
  supervisionLevel: number;
  deadlines: TicketDeadline[];
  createdAt: string;
  closedAt: string | null;
}
