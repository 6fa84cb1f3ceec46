/**
 * Irregularity flags (异常标记) for supervisors and discipline inspectors, computed from a case and its action rows
 * (the audit chain's `kernel_actions`, read through the kernel's audit reader) as of `now`. They are computed on read
 * — for one case (GET /api/v1/cases/:id/flags) and for the cases of a supervision view — rather than stored, because
 * most depend on the clock (idle), on the region's settings (office hours, idle limit) or on later actions (a reversed
 * decision); the case row keeps only the flags its moves raise (`repeated_supplement`, `deemed_accepted`), which are
 * part of the answer too.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { ActionRecord } from '../../kernel/audit.ts';
import { shanghaiDate, workingDaysBetween } from '../../kernel/calendar/index.ts';
import type { ProcessStep } from '../catalog/index.ts';
import { CASE_LIMITS } from './limits.ts';
import type { CaseTable } from './tables.ts';
import { inPersonVisits } from './visits.ts';

export const CASE_FLAGS = [
  'repeated_supplement',
  'decision_without_review',
  'decision_reversed',
  'outside_office_hours',
  'same_person_accept_decide',
  'idle',
  'deemed_accepted',
  'visits_over_promise',
] as const;
export type CaseFlag = (typeof CASE_FLAGS)[number];

export const FLAG_LABELS: Record<CaseFlag, { zh: string; en: string }> = {
  repeated_supplement: { zh: '多次要求补正', en: 'Supplement requested more than once' },
  decision_without_review: { zh: '未经审查即作出决定', en: 'Decided without its review step' },
  decision_reversed: { zh: '决定被变更', en: 'Decision reversed' },
  outside_office_hours: { zh: '非工作时间办理', en: 'Handled outside office hours' },
  same_person_accept_decide: { zh: '受理与决定为同一人', en: 'Accepted and decided by the same person' },
  idle: { zh: '办件长时间无人办理', en: 'Idle for too long' },
  deemed_accepted: { zh: '逾期视为受理', en: 'Deemed accepted (no acceptance decision in time)' },
  visits_over_promise: { zh: '跑动次数超过承诺', en: 'More in-person visits than the item promises' },
};

const DECISIONS = new Set(['grant', 'deny']);
const SUPPLEMENTS = new Set(['request_supplement', 'request_further_supplement']);
/** Actions that complete a review step: the lifecycle's start of review, and the review steps' own (when declared). */
const REVIEW_STEPS = new Set(['start_review', 'complete_step', 'complete_review_step', 'review']);
/** Actions that undo a decision outright (reform modes' revocation and the like, when declared). */
const REVERSALS = new Set(['revoke', 'reverse_decision']);
const OPEN = new Set(['submitted', 'supplement_requested', 'accepted', 'under_review']);

/** Actions people took (not the system's jobs, not the applicant's own filing and uploads). */
const byStaff = (a: ActionRecord) => a.actorId !== 'system' && a.actorRole !== 'applicant';

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Whether `at` falls inside the region's office hours on a working day (Asia/Shanghai). */
export function inOfficeHours(k: Kernel, region: string, at: Date): boolean {
  if (!k.calendar.schedule.isWorkingDay(shanghaiDate(at))) return false;
  const minute = Math.floor(((at.getTime() + 8 * 3600_000) % 86_400_000) / 60_000);
  return k.calendar
    .officeHoursFor(region)
    .hours.periods.some((p) => minutesOf(p.from) <= minute && minute < minutesOf(p.to));
}

/**
 * Whether the implementation's process needs two people to accept and to decide: its `accept` and `decide` steps are
 * given to different roles (the usual window clerk and approver; even an immediate item, 即办件, declares both).
 */
export function requiresTwoPeople(process: readonly ProcessStep[]): boolean {
  const accept = process.find((p) => p.key === 'accept');
  const decide = process.find((p) => p.key === 'decide');
  if (accept && decide) return accept.role !== decide.role;
  return new Set(process.map((p) => p.role)).size > 1;
}

/**
 * The flags of one case, in CASE_FLAGS order. `row` is the case as stored; `actions` its action rows, oldest first;
 * `twoPeople` whether its pinned process gives acceptance and decision to different roles (requiresTwoPeople);
 * `declaredVisits` the in-person visits its pinned version promises at most (null: not checked).
 */
export function flagsOf(
  k: Kernel,
  row: CaseTable,
  actions: readonly ActionRecord[],
  now: Date,
  twoPeople: boolean,
  declaredVisits: number | null = null,
): CaseFlag[] {
  const found = new Set<CaseFlag>();
  for (const f of row.flags) if ((CASE_FLAGS as readonly string[]).includes(f)) found.add(f as CaseFlag);

  if (actions.filter((a) => SUPPLEMENTS.has(a.action)).length > 1) found.add('repeated_supplement');
  if (actions.some((a) => a.action === 'deem_accepted')) found.add('deemed_accepted');

  let reviewed = false;
  let decided: string | null = null;
  for (const a of actions) {
    if (REVIEW_STEPS.has(a.action)) reviewed = true;
    if (DECISIONS.has(a.action)) {
      if (!reviewed) found.add('decision_without_review');
      if (decided && decided !== a.action) found.add('decision_reversed');
      decided = a.action;
    }
    if (decided && REVERSALS.has(a.action)) found.add('decision_reversed');
  }

  if (actions.some((a) => byStaff(a) && !inOfficeHours(k, row.region, new Date(a.at))))
    found.add('outside_office_hours');

  const accepted = actions.find((a) => a.action === 'accept');
  const decision = actions.find((a) => DECISIONS.has(a.action));
  if (twoPeople && accepted && decision && accepted.actorId === decision.actorId)
    found.add('same_person_accept_decide');

  if (declaredVisits !== null && inPersonVisits(row, actions) > declaredVisits) found.add('visits_over_promise');

  if (OPEN.has(row.status)) {
    const people = actions.filter((a) => a.actorId !== 'system');
    const last = new Date(people.at(-1)?.at ?? row.submitted_at);
    const limit = k.calendar.limitFor(row.region, CASE_LIMITS.idle_days).value;
    if (workingDaysBetween(k.calendar.schedule, last, now) > limit) found.add('idle');
  }
  return CASE_FLAGS.filter((f) => found.has(f));
}
