/**
 * Complaints about a case (投诉), by its applicant, and what the 12345 hotline did with them. A complaint is an action
 * on the case (`complain`, its text as the reason): it does not move the case, and `cases.complaint.filed` lets the
 * hotline register a ticket for it (cases does not know the hotline: the hotline subscribes). The hotline then writes
 * back through `recordHotlineUpdate` — the ticket number once registered, the reply once given — each an action on
 * the case (`hotline_update`), so the applicant and the staff read the whole story on the case's own record.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { inTx } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { requirePermission, systemCtx, type Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { actionsOf } from '../../kernel/audit.ts';
import { requiredText } from '../../kernel/validators/fields.ts';
import { casesPermissions as P } from './permissions.ts';
import { casesEvents } from './events.ts';
import { findCaseRow } from './repository.ts';
import { absentCase, requireCaseAction, requireVisibleCase } from './access.ts';
import { SUBJECT_TYPE } from './deadlines.ts';

export const COMPLAINT_MAX = 1000;

export interface CaseComplaint {
  /** 1 for the case's first complaint, then 2, … */
  n: number;
  at: string;
  content: string;
  /** What the hotline reported back, oldest first: the ticket registered, then its reply. */
  hotline: Array<{ at: string; text: string }>;
}

/** The applicant complains about their case; `seen` is the complaint count they saw (a second click is 409). */
export async function fileComplaint(
  k: Kernel,
  ctx: Ctx,
  caseId: string,
  input: { content: string; seen: number },
  tx?: Executor,
): Promise<CaseComplaint[]> {
  requirePermission(ctx, P.complain);
  const content = requiredText('content', input.content, COMPLAINT_MAX);
  return inTx(k, tx, async (t) => {
    const row = await findCaseRow(t, caseId);
    if (!row) throw absentCase(caseId);
    await requireCaseAction(k, ctx, t, row, P.complain);
    const before = await complaintsOfCase(t, caseId);
    if (input.seen !== before.length)
      throw new AppError({
        code: 'COMPLAINT_ALREADY_FILED',
        status: 409,
        field: 'seen',
        zh: '该办件的投诉记录已更新，请刷新后再提交',
        en: 'The case’s complaints changed since you loaded it; reload before filing another',
        details: { seen: before.length },
      });
    const n = before.length + 1;
    await k.audit.record(t, ctx, {
      permission: P.complain,
      action: 'complain',
      subjectType: SUBJECT_TYPE,
      subjectId: caseId,
      reason: content,
      after: { n },
      event: casesEvents.make('cases.complaint.filed', {
        caseId,
        number: row.number,
        region: row.region,
        department: row.department_code,
        n,
      }),
    });
    return complaintsOfCase(t, caseId);
  });
}

/** A case's complaints with the hotline's updates, for whoever may read the case. */
export async function caseComplaints(k: Kernel, ctx: Ctx, caseId: string): Promise<CaseComplaint[]> {
  requirePermission(ctx, P.read);
  requireVisibleCase(ctx, await findCaseRow(k.db, caseId), caseId);
  return complaintsOfCase(k.db, caseId);
}

/** The `n`th complaint of a case (for the hotline's intake, in its transaction), or null. */
export async function complaintOf(db: Executor, caseId: string, n: number): Promise<CaseComplaint | null> {
  return (await complaintsOfCase(db, caseId)).find((c) => c.n === n) ?? null;
}

async function complaintsOfCase(db: Executor, caseId: string): Promise<CaseComplaint[]> {
  const out: CaseComplaint[] = [];
  for (const a of await actionsOf(db, SUBJECT_TYPE, caseId)) {
    if (a.action === 'complain') out.push({ n: out.length + 1, at: a.at, content: a.reason ?? '', hotline: [] });
    // An update names the complaint it answers by its number in the text's key (`#n`); one about a report that
    // came by phone (办不成事) has none and goes with the latest complaint, or stands alone.
    else if (a.action === 'hotline_update') {
      const m = /^#(\d+) (.*)$/s.exec(a.reason ?? '');
      const target = m ? out.find((c) => c.n === Number(m[1])) : undefined;
      const text = m ? m[2] : (a.reason ?? '');
      if (target) target.hotline.push({ at: a.at, text });
      else out.push({ n: 0, at: a.at, content: '', hotline: [{ at: a.at, text }] });
    }
  }
  return out.filter((c) => c.n > 0 || c.hotline.length);
}

/**
 * The hotline reports on a ticket about a case (registered, replied) in the caller's transaction: an action on the
 * case by the system, its text as the reason. `complaint` is the complaint's number when the ticket came from one.
 */
export async function recordHotlineUpdate(
  k: Kernel,
  tx: Executor,
  caseNumber: string,
  update: { complaint: number | null; text: string },
): Promise<boolean> {
  const row = await tx.selectFrom('cases_cases').select('id').where('number', '=', caseNumber).executeTakeFirst();
  if (!row) return false;
  const text = requiredText('text', update.text, COMPLAINT_MAX);
  await k.audit.record(tx, systemCtx(k.clock.now()), {
    action: 'hotline_update',
    subjectType: SUBJECT_TYPE,
    subjectId: row.id,
    reason: update.complaint ? `#${update.complaint} ${text}` : text,
    after: { complaint: update.complaint },
  });
  return true;
}
