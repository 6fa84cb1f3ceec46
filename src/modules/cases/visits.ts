/**
 * In-person visits (跑动次数): the window records each time the applicant came in person for a case, so the
 * "最多跑一次" promise — the implementation's declared `onlineDepth.inPersonVisits` — is measured, not assumed. A case
 * filed at a window counts as the first visit. A visit is an action on the case (`record_visit`) that does not move
 * it: who recorded it, at which window, for what; more visits than declared raise the flag `visits_over_promise`
 * (flags.ts), seen by supervisors and discipline inspectors.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { inTx } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { requirePermission, type Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { actionsOf, type ActionRecord } from '../../kernel/audit.ts';
import { requiredText } from '../../kernel/validators/fields.ts';
import { getImplementationVersion } from '../catalog/index.ts';
import { casesPermissions as P } from './permissions.ts';
import { casesEvents } from './events.ts';
import { findCaseRow } from './repository.ts';
import { absentCase, requireCaseAction } from './access.ts';
import { SUBJECT_TYPE } from './deadlines.ts';
import type { CaseTable } from './tables.ts';

export const VISIT_PURPOSES = ['submit', 'supplement', 'consult', 'collect_result', 'other'] as const;
export type VisitPurpose = (typeof VISIT_PURPOSES)[number];

export const VISIT_PURPOSE_LABELS: Record<VisitPurpose, { zh: string; en: string }> = {
  submit: { zh: '现场提交材料', en: 'Handing in the application' },
  supplement: { zh: '补正材料', en: 'Bringing supplementary materials' },
  consult: { zh: '咨询', en: 'Asking about the case' },
  collect_result: { zh: '领取结果', en: 'Collecting the result' },
  other: { zh: '其他', en: 'Other' },
};

export interface VisitInput {
  /** The window where the applicant came (as the clerk's filing names it). */
  window: string;
  purpose: VisitPurpose;
  /** The visits the clerk saw on the case page: a second click recording the same visit is refused (409). */
  seen: number;
}

export interface Visits {
  caseId: string;
  /** Visits so far: the filing at a window, if it was, and every recorded visit. */
  count: number;
  /** What the implementation promises (its `onlineDepth.inPersonVisits`). */
  declared: number;
  over: boolean;
}

/** In-person visits of a case: a window filing counts as one, then each `record_visit` action. */
export function inPersonVisits(
  row: Pick<CaseTable, 'channel'>,
  actions: readonly Pick<ActionRecord, 'action'>[],
): number {
  return (row.channel === 'window' ? 1 : 0) + actions.filter((a) => a.action === 'record_visit').length;
}

/** The visits an implementation version declares (最多跑 N 次). */
export async function declaredVisits(k: Kernel, row: CaseTable, tx?: Executor): Promise<number> {
  const v = await getImplementationVersion(k, row.implementation_id, Number(row.implementation_version), tx);
  return v.elements.onlineDepth.inPersonVisits;
}

export async function recordVisit(
  k: Kernel,
  ctx: Ctx,
  caseId: string,
  input: VisitInput,
  tx?: Executor,
): Promise<Visits> {
  requirePermission(ctx, P.record_visit);
  const window = requiredText('window', input.window, 100);
  return inTx(k, tx, async (t) => {
    const row = await findCaseRow(t, caseId);
    if (!row) throw absentCase(caseId);
    await requireCaseAction(k, ctx, t, row, P.record_visit);
    const actions = await actionsOf(t, SUBJECT_TYPE, caseId);
    // A visit does not move the case (its version stays), so the write is guarded by the count the clerk saw.
    const seen = inPersonVisits(row, actions);
    if (input.seen !== seen)
      throw new AppError({
        code: 'VISIT_ALREADY_RECORDED',
        status: 409,
        field: 'seen',
        zh: '该办件的到场记录已更新，请刷新后再登记',
        en: 'The case’s visits changed since you loaded it; reload before recording another',
        details: { seen },
      });
    const declared = await declaredVisits(k, row, t);
    const count = seen + 1;
    await k.audit.record(t, ctx, {
      permission: P.record_visit,
      action: 'record_visit',
      subjectType: SUBJECT_TYPE,
      subjectId: caseId,
      ruleVersion: `${row.implementation_code}@${row.implementation_version}`,
      reason: VISIT_PURPOSE_LABELS[input.purpose].zh,
      after: { window, purpose: input.purpose, count, declared },
      event: casesEvents.make('cases.visit.recorded', {
        caseId,
        number: row.number,
        region: row.region,
        department: row.department_code,
        purpose: input.purpose,
        count,
        declared,
      }),
    });
    return { caseId, count, declared, over: count > declared };
  });
}

/** A case's visits against its promise, for whoever may read the case. */
export async function caseVisits(k: Kernel, ctx: Ctx, row: CaseTable): Promise<Visits> {
  requirePermission(ctx, P.read);
  const count = inPersonVisits(row, await actionsOf(k.db, SUBJECT_TYPE, row.id));
  const declared = await declaredVisits(k, row);
  return { caseId: row.id, count, declared, over: count > declared };
}
