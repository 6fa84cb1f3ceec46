/**
 * Reform modes on filing, and what a case shows of them (docs/cases.md "Reform modes, immediate items, special
 * procedures"). The pinned version's item decides:
 *
 *  - 审批改为备案 ('filing'): the filing is recorded and the case concluded (`recorded`) in the filing transaction.
 *  - 实行告知承诺 ('commitment'): the applicant files with a signed commitment; the case is granted on it at once
 *    (行政许可法 and 国办发〔2020〕42号: 当场作出审批决定), and the post-grant check is scheduled.
 *  - 直接取消审批 ('abolished'): `competentBodyFor` refuses the filing with ITEM_ABOLISHED.
 *
 * Both automatic moves are the system's (the rule decides, not a person), each an action with its reason, chain link
 * and event, like any move.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { systemCtx, type Ctx } from '../../kernel/context.ts';
import { invalid } from '../../kernel/errors.ts';
import type { JobHandler } from '../../kernel/jobs.ts';
import { caseLifecycle } from './lifecycle.ts';
import { findCaseRow } from './repository.ts';
import { lightOf, SUBJECT_TYPE } from './deadlines.ts';
import type { CaseCore } from './convert.ts';
import type { CaseTable } from './tables.ts';
import {
  COMMITMENT_CHECK,
  COMMITMENT_CHECK_JOB,
  OVERRUN_JOB,
  findCommitment,
  insertCommitment,
  openProcedure,
  overrunAfter,
  proceduresOf,
  pausedWorkingDays,
  raiseFlag,
  scheduleCheckJob,
  scheduleOverrunCheck,
} from './reform-store.ts';
import {
  SPECIAL_PROCEDURE_LABELS,
  type CaseDeadline,
  type CommitmentView,
  type SpecialProcedureKind,
  type SpecialProcedureView,
  type TimelineEntry,
} from './model.ts';

/** The commitment as filed: the promise's text as shown to the applicant, and their acceptance of it. */
export interface CommitmentInput {
  accepted: boolean;
  text: string;
}

export const RECORDED_REASON = '审批改为备案：申请人按要求提交备案材料，即完成备案';
export const COMMITMENT_REASON = '实行告知承诺：申请人书面承诺已符合审批条件，当场作出准予许可决定';

/** The commitment a filing must carry (400 naming the field when missing or not accepted), or null. */
export function commitmentOf(reformMode: string | null, input: CommitmentInput | null | undefined): string | null {
  if (reformMode !== 'commitment') {
    if (input)
      throw invalid(
        'commitment',
        'COMMITMENT_NOT_APPLICABLE',
        '该事项不实行告知承诺，无需签署承诺书',
        'This item is not granted on a commitment; no commitment is signed',
      );
    return null;
  }
  const text = typeof input?.text === 'string' ? input.text.trim() : '';
  if (!input || input.accepted !== true || !text)
    throw invalid(
      'commitment.accepted',
      'COMMITMENT_REQUIRED',
      '该事项实行告知承诺，须阅读并签署承诺书',
      'This item is granted on a commitment: read and sign the commitment',
    );
  if (text.length > 4000)
    throw invalid(
      'commitment.text',
      'FIELD_TOO_LONG',
      '承诺书不能超过 4000 个字符',
      'The commitment must be at most 4000 characters',
    );
  return text;
}

/** Whether filing starts the acceptance clock (not for a case concluded or granted on filing). */
export function awaitsAcceptance(reformMode: string | null): boolean {
  return reformMode !== 'filing' && reformMode !== 'commitment';
}

/** The automatic move a reform mode makes on filing, in the filing transaction; null when none. */
export async function afterFiling(
  k: Kernel,
  ctx: Ctx,
  tx: Executor,
  row: CaseTable,
  commitment: string | null,
): Promise<CaseCore | null> {
  const system = systemCtx(ctx.now, ctx.requestId);
  if (row.reform_mode === 'filing')
    return caseLifecycle.transition(k, system, row.id, 'record_filing', { version: 1, reason: RECORDED_REASON }, tx);
  if (row.reform_mode === 'commitment' && commitment) {
    await insertCommitment(tx, {
      case_id: row.id,
      text: commitment,
      signed_by: ctx.principal.id,
      signed_at: ctx.now.toISOString(),
      outcome: null,
      checked_by: null,
      checked_at: null,
    });
    return caseLifecycle.transition(
      k,
      system,
      row.id,
      'grant_on_commitment',
      { version: 1, reason: COMMITMENT_REASON },
      tx,
    );
  }
  return null;
}

export interface ReformParts {
  deadlines: CaseDeadline[];
  commitment: CommitmentView | null;
  specialProcedure: SpecialProcedureView | null;
}

/** The commitment and its check deadline, and the running special procedure: read only for cases that have them. */
export async function reformPartsOf(k: Kernel, db: Executor, now: Date, core: CaseCore): Promise<ReformParts> {
  const out: ReformParts = { deadlines: [], commitment: null, specialProcedure: null };
  if (core.reformMode === 'commitment') {
    const c = await findCommitment(db, core.id);
    if (c) {
      const check = (c.outcome ?? 'pending') as CommitmentView['check'];
      out.commitment = { text: c.text, signedBy: c.signed_by, signedAt: c.signed_at, check, checkedAt: c.checked_at };
      const d = await k.calendar.getTracked(db, { type: SUBJECT_TYPE, id: core.id, purpose: COMMITMENT_CHECK });
      if (d) {
        const l = check === 'pending' ? lightOf(k, now, d.dueAt, core.region) : { left: null, light: null };
        out.deadlines.push({
          purpose: 'commitment_check',
          dueDate: d.dueDate,
          dueAt: d.dueAt,
          provisional: d.provisional,
          workingDaysLeft: l.left,
          light: l.light,
        });
      }
    }
  }
  if (core.status === 'suspended') {
    const p = await openProcedure(db, core.id);
    if (p) {
      const kind = p.kind as SpecialProcedureKind;
      // Running: today is touched by the pause, so it counts.
      const pausedDays = pausedWorkingDays(k, new Date(p.started_at), new Date(now.getTime() + 1));
      out.specialProcedure = {
        kind,
        label: SPECIAL_PROCEDURE_LABELS[kind],
        reason: p.reason,
        maxDays: Number(p.max_days),
        startedAt: p.started_at,
        pausedDays,
        overrun: pausedDays > Number(p.max_days),
      };
    }
  }
  return out;
}

/** Drops the moves that the case's kind rules out, so screens show only buttons that can work. */
export function applicableActions(core: CaseCore, parts: ReformParts, actions: string[]): string[] {
  return actions.filter((a) => {
    if (a === 'handle_immediately') return core.handlingKind === 'immediate' && core.channel === 'window';
    if (a === 'verify_commitment' || a === 'find_false_commitment') return parts.commitment?.check === 'pending';
    return true;
  });
}

/** Names the kind and maximum on the timeline's special-procedure entries (the action row keeps only the reason). */
export async function withProcedureDetails(
  db: Executor,
  caseId: string,
  entries: TimelineEntry[],
): Promise<TimelineEntry[]> {
  if (!entries.some((e) => e.action === 'start_special_procedure')) return entries;
  const byStart = new Map((await proceduresOf(db, caseId)).map((p) => [new Date(p.started_at).getTime(), p]));
  return entries.map((e) => {
    const p = e.action === 'start_special_procedure' ? byStart.get(new Date(e.at).getTime()) : undefined;
    const kind = p && SPECIAL_PROCEDURE_LABELS[p.kind as SpecialProcedureKind];
    if (!p || !kind) return e;
    return {
      ...e,
      label: {
        zh: `${e.label.zh}：${kind.zh}，最长 ${p.max_days} 个工作日`,
        en: `${e.label.en}: ${kind.en.toLowerCase()}, at most ${p.max_days} working day(s)`,
      },
    };
  });
}

// ---- jobs ---------------------------------------------------------------------------------------

/** Flags a commitment still unchecked after its deadline; a deadline moved later is looked at again then. */
export async function flagOverdueCheck(k: Kernel, caseId: string, now: Date): Promise<boolean> {
  return k.db.transaction().execute(async (t) => {
    const row = await findCaseRow(t, caseId);
    const c = row ? await findCommitment(t, caseId) : undefined;
    if (!row || !c || c.outcome !== null) return false;
    const d = await k.calendar.getTracked(t, { type: SUBJECT_TYPE, id: caseId, purpose: COMMITMENT_CHECK });
    if (!d?.dueAt || now.getTime() <= new Date(d.dueAt).getTime()) {
      if (d) await scheduleCheckJob(k, t, now, caseId, d.dueAt);
      return false;
    }
    return raiseFlag(k, t, now, row, 'commitment_check_overdue', `告知承诺核查逾期：应于 ${d.dueDate} 前完成核查`);
  });
}

/** Flags a special procedure still running after its maximum. */
export async function flagOverrun(k: Kernel, caseId: string, procedureId: string, now: Date): Promise<boolean> {
  return k.db.transaction().execute(async (t) => {
    const row = await findCaseRow(t, caseId);
    const p = row?.status === 'suspended' ? await openProcedure(t, caseId) : undefined;
    if (!row || !p || p.id !== procedureId) return false;
    const after = overrunAfter(k, new Date(p.started_at), Number(p.max_days));
    if (!after || now.getTime() <= after.getTime()) {
      await scheduleOverrunCheck(k, t, now, caseId, p);
      return false;
    }
    const label = SPECIAL_PROCEDURE_LABELS[p.kind as SpecialProcedureKind]?.zh ?? p.kind;
    return raiseFlag(
      k,
      t,
      now,
      row,
      'special_procedure_overrun',
      `特别程序（${label}）超过最长期限 ${p.max_days} 个工作日仍未结束`,
    );
  });
}

export function reformJobs(k: Kernel): Record<string, JobHandler> {
  return {
    [COMMITMENT_CHECK_JOB]: async (job, ctx) => {
      await flagOverdueCheck(k, (job.payload as { caseId: string }).caseId, ctx.now);
    },
    [OVERRUN_JOB]: async (job, ctx) => {
      const { caseId, procedureId } = job.payload as { caseId: string; procedureId: string };
      await flagOverrun(k, caseId, procedureId, ctx.now);
    },
  };
}
