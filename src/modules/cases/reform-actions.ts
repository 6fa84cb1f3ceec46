/**
 * The lifecycle moves of the reform modes, immediate items and special procedures (lifecycle.ts spreads them into
 * `caseLifecycle`; docs/cases.md "Reform modes, immediate items, special procedures"):
 *
 *   submitted → recorded            record_filing          (system, on filing: 审批改为备案)
 *   submitted → granted             grant_on_commitment    (system, on filing: 实行告知承诺, 当场作出审批决定)
 *   granted | concluded → concluded verify_commitment      (核查属实)
 *   granted | concluded → revoked   find_false_commitment  (虚假承诺: the grant revoked, credit event)
 *   submitted → concluded           handle_immediately     (即办件, at the window, on the spot)
 *   under_review → suspended        start_special_procedure (特别程序: the decision clock pauses)
 *   suspended → under_review        end_special_procedure   (the clock runs again)
 */
import { AppError, invalid } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { ActionSpec, Step } from '../../kernel/lifecycle.ts';
import { casesPermissions as P } from './permissions.ts';
import {
  checkCommitment,
  endProcedure,
  findCommitment,
  insertProcedure,
  openProcedure,
  pausedWorkingDays,
  retrackDecision,
  scheduleOverrunCheck,
  trackCommitmentCheck,
} from './reform-store.ts';
import { SPECIAL_PROCEDURE_KINDS, type CaseStatus, type SpecialProcedureKind } from './model.ts';
import type { CaseCore } from './convert.ts';
import { issueResult } from './result-issuer.ts';
import type { CaseTable } from './tables.ts';

type Patch = Partial<CaseTable>;
type CaseStep = Step<CaseTable>;
type Spec = ActionSpec<CaseStatus, CaseTable, Patch, CaseCore>;

/** The longest pause a special procedure may declare, in working days (about a year). */
export const MAX_SPECIAL_PROCEDURE_DAYS = 250;

const conflict = (code: string, zh: string, en: string) => new AppError({ code, status: 409, field: 'action', zh, en });

function needText(s: CaseStep, field: string, zh: string, en: string, max = 1000): string {
  const v = s.data[field];
  const t = typeof v === 'string' ? v.trim() : '';
  if (!t) throw invalid(field, 'FIELD_REQUIRED', `须填写${zh}`, `${en} is required`);
  if (t.length > max)
    throw invalid(field, 'FIELD_TOO_LONG', `${zh}不能超过 ${max} 个字符`, `${en} must be at most ${max} characters`);
  return t;
}

const acceptedNow = (s: CaseStep): Patch => ({
  accepted_at: s.ctx.now.toISOString(),
  accepted_by: s.ctx.principal.id,
});

const grantedNow = (s: CaseStep): Patch => ({
  decision: 'granted',
  decision_reason: s.reason,
  decision_basis: null,
  decided_at: s.ctx.now.toISOString(),
});

async function pendingCommitment(s: CaseStep) {
  const c = s.subject.reform_mode === 'commitment' ? await findCommitment(s.tx, s.subject.id) : undefined;
  if (!c)
    throw conflict(
      'NOT_A_COMMITMENT_CASE',
      '该办件不是告知承诺办件，无需核查承诺',
      'This case was not granted on a commitment; there is nothing to check',
    );
  if (c.outcome !== null)
    throw conflict('COMMITMENT_ALREADY_CHECKED', '该承诺已核查', 'This commitment has already been checked');
  return c;
}

async function recordCheck(s: CaseStep, outcome: 'verified' | 'false'): Promise<void> {
  await pendingCommitment(s);
  if (!(await checkCommitment(s.tx, s.subject.id, outcome, s.ctx.principal.id, s.ctx.now)))
    throw conflict('COMMITMENT_ALREADY_CHECKED', '该承诺已核查', 'This commitment has already been checked');
}

function kindOf(s: CaseStep): SpecialProcedureKind {
  const k = s.data.kind;
  if (typeof k !== 'string' || !(SPECIAL_PROCEDURE_KINDS as readonly string[]).includes(k))
    throw invalid(
      'kind',
      'SPECIAL_PROCEDURE_KIND_INVALID',
      '请选择特别程序类型（听证、专家评审、现场勘验、审查中补充材料、公示）',
      'Choose the kind of special procedure (hearing, expert review, inspection, supplementary materials, public notice)',
    );
  return k as SpecialProcedureKind;
}

function maxDaysOf(s: CaseStep): number {
  const n = s.data.maxDays;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_SPECIAL_PROCEDURE_DAYS)
    throw invalid(
      'maxDays',
      'SPECIAL_PROCEDURE_DAYS_INVALID',
      `须填写特别程序的最长期限（1 至 ${MAX_SPECIAL_PROCEDURE_DAYS} 个工作日）`,
      `Give the procedure's maximum length (1 to ${MAX_SPECIAL_PROCEDURE_DAYS} working days)`,
    );
  return n;
}

/** Ends the running special procedure, if any; true when it ran over its maximum. */
export async function endOpenProcedure(s: CaseStep): Promise<boolean> {
  const p = await openProcedure(s.tx, s.subject.id);
  if (!p) return false;
  await endProcedure(s.tx, p.id, s.ctx.principal.id, s.ctx.now);
  return pausedWorkingDays(s.k, new Date(p.started_at), s.ctx.now) > Number(p.max_days);
}

export const reformActions = {
  record_filing: {
    from: ['submitted'],
    to: 'recorded',
    permission: P.auto_decide,
    needsReason: true,
    label: { zh: '备案办结', en: 'Record the filing' },
    event: 'cases.case.recorded',
    guard: (s: CaseStep) => {
      if (s.subject.reform_mode !== 'filing')
        throw conflict('NOT_A_FILING_ITEM', '该事项不实行备案', 'This item is not handled by filing');
    },
    effect: (s: CaseStep): Patch => ({ ...acceptedNow(s), concluded_at: s.ctx.now.toISOString() }),
  },
  grant_on_commitment: {
    from: ['submitted'],
    to: 'granted',
    permission: P.auto_decide,
    needsReason: true,
    label: { zh: '告知承诺当场准予许可', en: 'Grant on commitment' },
    event: 'cases.case.granted_on_commitment',
    guard: async (s: CaseStep) => {
      await pendingCommitment(s);
    },
    effect: (s: CaseStep): Patch => ({ ...acceptedNow(s), ...grantedNow(s) }),
    // A grant like `grant`'s: a certificate result is issued in this transaction (result-issuer.ts).
    after: async (s: CaseStep) => {
      await issueResult(s);
      await trackCommitmentCheck(s.k, s.tx, s.ctx.now, s.subject.id);
    },
  },
  verify_commitment: {
    from: ['granted', 'concluded'],
    to: 'concluded',
    permission: P.verify_commitment,
    needsReason: true,
    label: { zh: '承诺核查属实', en: 'Commitment verified' },
    event: 'cases.case.commitment_verified',
    effect: async (s: CaseStep): Promise<Patch> => {
      await recordCheck(s, 'verified');
      return { concluded_at: s.subject.concluded_at ?? s.ctx.now.toISOString() };
    },
  },
  find_false_commitment: {
    from: ['granted', 'concluded'],
    to: 'revoked',
    permission: P.verify_commitment,
    needsReason: true,
    label: { zh: '认定虚假承诺并撤销许可', en: 'False commitment: revoke' },
    event: 'cases.case.commitment_breached',
    effect: async (s: CaseStep): Promise<Patch> => {
      const basis = needText(s, 'legalBasis', '撤销许可的法律依据', 'The legal basis of the revocation');
      await recordCheck(s, 'false');
      const flags = s.subject.flags;
      return {
        decision_basis: basis,
        concluded_at: s.subject.concluded_at ?? s.ctx.now.toISOString(),
        flags: flags.includes('false_commitment') ? flags : [...flags, 'false_commitment'],
      };
    },
  },
  handle_immediately: {
    from: ['submitted'],
    to: 'concluded',
    permission: P.handle_immediately,
    label: { zh: '即办件当场办结', en: 'Handle on the spot' },
    event: 'cases.case.handled_immediately',
    guard: (s: CaseStep) => {
      if (s.subject.handling_kind !== 'immediate')
        throw conflict(
          'NOT_AN_IMMEDIATE_ITEM',
          '该事项不是即办件，须按受理、审查、决定办理',
          'This item is not an immediate one; it is accepted, reviewed and decided',
        );
      if (s.subject.channel !== 'window')
        throw conflict(
          'IMMEDIATE_AT_WINDOW_ONLY',
          '即办件当场办结仅适用于窗口提交的申请',
          'Handling on the spot is for applications filed at a window',
        );
    },
    effect: (s: CaseStep): Patch => ({ ...acceptedNow(s), ...grantedNow(s), concluded_at: s.ctx.now.toISOString() }),
    // Granted on the spot: a certificate result is issued in this transaction, as on `grant` (result-issuer.ts).
    after: (s: CaseStep) => issueResult(s),
  },
  start_special_procedure: {
    from: ['under_review'],
    to: 'suspended',
    permission: P.special_procedure,
    needsReason: true,
    label: { zh: '启动特别程序（暂停计时）', en: 'Start a special procedure' },
    event: 'cases.case.special_procedure_started',
    effect: async (s: CaseStep): Promise<Patch> => {
      await insertProcedure(s.tx, {
        id: newId(s.ctx.now.getTime()),
        case_id: s.subject.id,
        kind: kindOf(s),
        reason: s.reason!,
        max_days: maxDaysOf(s),
        started_at: s.ctx.now.toISOString(),
        started_by: s.ctx.principal.id,
        ended_at: null,
        ended_by: null,
      });
      return {};
    },
    after: async (s: CaseStep) => {
      await retrackDecision(s.k, s.tx, s.ctx.now, s.subject);
      await scheduleOverrunCheck(s.k, s.tx, s.ctx.now, s.subject.id, (await openProcedure(s.tx, s.subject.id))!);
    },
  },
  end_special_procedure: {
    from: ['suspended'],
    to: 'under_review',
    permission: P.special_procedure,
    label: { zh: '结束特别程序（恢复计时）', en: 'End the special procedure' },
    event: 'cases.case.special_procedure_ended',
    effect: async (s: CaseStep): Promise<Patch> => {
      const over = await endOpenProcedure(s);
      const flags = s.subject.flags;
      return over && !flags.includes('special_procedure_overrun')
        ? { flags: [...flags, 'special_procedure_overrun'] }
        : {};
    },
    after: (s: CaseStep) => retrackDecision(s.k, s.tx, s.ctx.now, s.subject),
  },
} satisfies Record<string, Spec>;

/** Moves only the system makes, on filing. */
export const REFORM_SYSTEM_ACTIONS = ['record_filing', 'grant_on_commitment'] as const;
