/**
 * The stored parts of the reform modes and special procedures (tables-reform.ts) and their clocks:
 *
 *  - 告知承诺: the commitment check (核查) is due `k.config.commitmentCheckDays` working days after the grant
 *    (ONEWINDOW_COMMITMENT_CHECK_DAYS), tracked by the kernel calendar as purpose `commitment_check`; a job flags
 *    the case `commitment_check_overdue` once it passes unchecked.
 *  - 特别程序: each procedure is a pause of the decision deadline (the kernel deadline store's `pauses`); the decision
 *    deadline is re-tracked from its original start with every procedure of the case as a pause, so its due date moves
 *    by the working days paused (an open pause leaves it unknown). A job flags `special_procedure_overrun` when a
 *    procedure is still running after its maximum.
 *
 * Paused working days count as the calendar counts them: a working day touched by the pause for any part of it.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { systemCtx } from '../../kernel/context.ts';
import { enqueueJob } from '../../kernel/jobs.ts';
import { addDays, shanghaiDate, type PauseInterval } from '../../kernel/calendar/index.ts';
import { casesPermissions as P } from './permissions.ts';
import { casesEvents } from './events.ts';
import { updateCase } from './repository.ts';
import { toCore } from './convert.ts';
import { SUBJECT_TYPE } from './deadlines.ts';
import type { CaseTable } from './tables.ts';
import type { CaseCommitmentTable, CaseSpecialProcedureTable } from './tables-reform.ts';

export const COMMITMENT_CHECK = 'commitment_check';
export const COMMITMENT_CHECK_JOB = 'cases.commitment_check_overdue';
export const OVERRUN_JOB = 'cases.special_procedure_overrun';
/** When no calendar covers a due time yet, look again a day later. */
const RETRY_MS = 24 * 3600_000;

// ---- commitments --------------------------------------------------------------------------------

export function findCommitment(db: Executor, caseId: string): Promise<CaseCommitmentTable | undefined> {
  return db.selectFrom('cases_commitments').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

export async function insertCommitment(db: Executor, row: CaseCommitmentTable): Promise<void> {
  await db.insertInto('cases_commitments').values(row).execute();
}

/** Records the check's outcome if it is still pending; false when someone checked it already. */
export async function checkCommitment(
  db: Executor,
  caseId: string,
  outcome: 'verified' | 'false',
  by: string,
  at: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('cases_commitments')
    .set({ outcome, checked_by: by, checked_at: at.toISOString() })
    .where('case_id', '=', caseId)
    .where('outcome', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Tracks the check's deadline from the grant and schedules the overdue flag (in the granting transaction). */
export async function trackCommitmentCheck(k: Kernel, tx: Executor, now: Date, caseId: string): Promise<void> {
  const d = await k.calendar.track(
    tx,
    now,
    { type: SUBJECT_TYPE, id: caseId, purpose: COMMITMENT_CHECK },
    { unit: 'working_days', amount: k.config.commitmentCheckDays, start: now },
  );
  await scheduleCheckJob(k, tx, now, caseId, d.dueAt);
}

/** The overdue-check job for just after `dueAt` (or a day later when no calendar covers it yet). */
export function scheduleCheckJob(k: Kernel, tx: Executor, now: Date, caseId: string, dueAt: string | null) {
  return schedule(k, tx, now, COMMITMENT_CHECK_JOB, { caseId }, dueAt);
}

// ---- special procedures -------------------------------------------------------------------------

export function proceduresOf(db: Executor, caseId: string): Promise<CaseSpecialProcedureTable[]> {
  return db
    .selectFrom('cases_special_procedures')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('started_at')
    .execute();
}

export async function openProcedure(db: Executor, caseId: string): Promise<CaseSpecialProcedureTable | undefined> {
  return (await proceduresOf(db, caseId)).find((p) => p.ended_at === null);
}

export async function insertProcedure(db: Executor, row: CaseSpecialProcedureTable): Promise<void> {
  await db.insertInto('cases_special_procedures').values(row).execute();
}

export async function endProcedure(db: Executor, id: string, by: string, at: Date): Promise<void> {
  await db
    .updateTable('cases_special_procedures')
    .set({ ended_at: at.toISOString(), ended_by: by })
    .where('id', '=', id)
    .execute();
}

/** Working days touched by [from, to). */
export function pausedWorkingDays(k: Kernel, from: Date, to: Date): number {
  if (to.getTime() <= from.getTime()) return 0;
  const last = shanghaiDate(new Date(to.getTime() - 1));
  let n = 0;
  for (let d = shanghaiDate(from); d <= last; d = addDays(d, 1)) if (k.calendar.schedule.isWorkingDay(d)) n++;
  return n;
}

/** The last instant a procedure started at `start` stays within `maxDays` paused working days. */
export function overrunAfter(k: Kernel, start: Date, maxDays: number): Date | null {
  const startCounts = k.calendar.schedule.isWorkingDay(shanghaiDate(start));
  return k.calendar.compute({ unit: 'working_days', amount: startCounts ? maxDays - 1 : maxDays, start }).dueAt;
}

export async function scheduleOverrunCheck(
  k: Kernel,
  tx: Executor,
  now: Date,
  caseId: string,
  p: { id: string; started_at: string; max_days: number },
): Promise<void> {
  const after = overrunAfter(k, new Date(p.started_at), Number(p.max_days));
  await schedule(k, tx, now, OVERRUN_JOB, { caseId, procedureId: p.id }, after);
}

/**
 * Re-tracks the decision deadline from its original start with every special procedure of the case as a pause.
 * Call after a procedure starts or ends, in the same transaction.
 */
export async function retrackDecision(k: Kernel, tx: Executor, now: Date, row: CaseTable): Promise<void> {
  const current = await k.calendar.getTracked(tx, { type: SUBJECT_TYPE, id: row.id, purpose: 'decision' });
  const pauses: PauseInterval[] = (await proceduresOf(tx, row.id)).map((p) => ({
    from: new Date(p.started_at),
    to: p.ended_at ? new Date(p.ended_at) : null,
  }));
  await k.calendar.track(
    tx,
    now,
    { type: SUBJECT_TYPE, id: row.id, purpose: 'decision' },
    {
      unit: 'working_days',
      amount: Number(row.promised_days),
      start: new Date(current?.startAt ?? row.accepted_at ?? now.toISOString()),
      pauses,
    },
  );
}

// ---- flags and jobs -----------------------------------------------------------------------------

/** Enqueues `kind` for just after `dueAt` (or a day later when no calendar covers it yet). */
async function schedule(
  k: Kernel,
  tx: Executor,
  now: Date,
  kind: string,
  payload: Record<string, string>,
  dueAt: string | Date | null,
): Promise<void> {
  const at = dueAt ? new Date(new Date(dueAt).getTime() + 1) : new Date(now.getTime() + RETRY_MS);
  await enqueueJob(tx, k.adapter, {
    kind,
    payload,
    dueAt: at,
    uniqueKey: `${kind}:${Object.values(payload).join(':')}:${at.toISOString()}`,
    now,
  });
}

/**
 * Raises an irregularity flag on a case as the system: a versioned save, with the action `raise_flag`, its chain
 * link and `cases.case.flagged`. False when the case already carries the flag or moved meanwhile.
 */
export async function raiseFlag(
  k: Kernel,
  tx: Executor,
  now: Date,
  row: CaseTable,
  flag: string,
  reason: string,
): Promise<boolean> {
  if (row.flags.includes(flag)) return false;
  const version = Number(row.version);
  const patch = { flags: [...row.flags, flag], updated_at: now.toISOString() };
  if (!(await updateCase(tx, row.id, version, patch))) return false;
  const after = toCore(k, { ...row, ...patch, version: version + 1 });
  await k.audit.record(tx, systemCtx(now), {
    permission: P.auto_decide,
    action: 'raise_flag',
    subjectType: SUBJECT_TYPE,
    subjectId: row.id,
    reason,
    ruleVersion: `${row.implementation_code}@${row.implementation_version}`,
    before: toCore(k, row),
    after,
    event: casesEvents.make('cases.case.flagged', {
      id: row.id,
      number: row.number,
      region: row.region,
      department: row.department_code,
      itemId: row.item_id,
      version: version + 1,
      status: row.status,
      flag,
    }),
  });
  return true;
}
