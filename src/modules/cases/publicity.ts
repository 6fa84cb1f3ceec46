/**
 * 双公示 (publicity of licensing decisions): a decision to grant or deny an administrative licence (item type 1,
 * 行政许可) is published on a public page within PUBLICATION_LIMIT_DAYS working days of the decision.
 *
 * The decision's transaction writes the publication record (public facts only: a person applicant masked 张*, an
 * enterprise by name and USCC), tracks its deadline with `k.calendar.track`, and schedules the job
 * `cases.publish_decisions` for at once — so normally the record is public on the job runner's next round. The job
 * publishes every record still waiting (oldest first) as the system, each with an action, chain link and
 * `cases.publication.published`; a record published after its due time is flagged `late`, which the public list and
 * e-supervision show. The job is idempotent: a published record is left alone.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { requirePermission, systemCtx, type Ctx } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { enqueueJob, type JobHandler } from '../../kernel/jobs.ts';
import { shanghaiDate } from '../../kernel/calendar/index.ts';
import { subtreePrefix } from '../../kernel/reference/divisions.ts';
import type { Step } from '../../kernel/lifecycle.ts';
import { LICENSING, getImplementationVersion } from '../catalog/index.ts';
import { enterpriseFacts } from '../registry/index.ts';
import { casesEvents } from './events.ts';
import { casesPermissions as P } from './permissions.ts';
import { isApplicant } from './access.ts';
import type { CaseCore } from './convert.ts';
import { issueDocument, maskedApplicant } from './documents.ts';
import type { CasePublicationTable, CaseTable } from './tables.ts';

/** 国务院关于“双公示”的要求：行政许可决定自作出之日起 7 个工作日内公示. */
export const PUBLICATION_LIMIT_DAYS = 7;
export const PUBLICATION_SUBJECT = 'cases.publication';
export const PUBLISH_JOB = 'cases.publish_decisions';
/** Records published per job round (the rest wait for the next round, scheduled again). */
const BATCH = 100;

/**
 * The `after` hook of grant and deny: the decision document, then — for an administrative licensing item — its
 * publication record and the job that publishes it.
 */
export async function afterDecision(s: Step<CaseTable>, v: CaseCore, permission: string): Promise<void> {
  const kind = v.decision?.outcome === 'granted' ? 'grant_decision' : 'denial_decision';
  const doc = await issueDocument(s, v, kind, permission);
  const { k, tx, ctx } = s;
  const row = s.subject;
  const version = await getImplementationVersion(k, row.implementation_id, Number(row.implementation_version), tx);
  if (version.item.itemType !== LICENSING) return;
  const id = newId(ctx.now.getTime());
  const due = await k.calendar.track(
    tx,
    ctx.now,
    { type: PUBLICATION_SUBJECT, id, purpose: 'publication' },
    { unit: 'working_days', amount: PUBLICATION_LIMIT_DAYS, start: ctx.now },
  );
  const uscc = row.applicant_enterprise_id
    ? ((await enterpriseFacts(k, row.applicant_enterprise_id, tx))?.uscc ?? null)
    : null;
  const record: CasePublicationTable = {
    id,
    case_id: row.id,
    document_id: doc.id,
    document_number: doc.number,
    case_number: row.number,
    item_name: row.item_name,
    decision: v.decision!.outcome,
    applicant_display: maskedApplicant(row.applicant_kind, row.applicant_name),
    applicant_uscc: uscc,
    region: row.region,
    region_name: row.region_name,
    department_code: row.department_code,
    department_name: row.department_name,
    decided_at: ctx.now.toISOString(),
    due_date: due.dueDate,
    due_at: due.dueAt,
    published_at: null,
    late: false,
    created_at: ctx.now.toISOString(),
  };
  await tx.insertInto('cases_publications').values(record).execute();
  await schedulePublishing(k, tx, ctx.now, id);
}

function schedulePublishing(k: Kernel, tx: Executor, now: Date, key: string) {
  return enqueueJob(tx, k.adapter, {
    kind: PUBLISH_JOB,
    payload: {},
    dueAt: now,
    uniqueKey: `${PUBLISH_JOB}:${key}`,
    now,
  });
}

/** Publishes the records still waiting, as the system at `now`; returns how many it published. */
export async function publishDue(k: Kernel, now: Date): Promise<number> {
  return k.db.transaction().execute(async (tx) => {
    const waiting = await tx
      .selectFrom('cases_publications')
      .selectAll()
      .where('published_at', 'is', null)
      .orderBy('id')
      .limit(BATCH + 1)
      .execute();
    const ctx = systemCtx(now);
    for (const r of waiting.slice(0, BATCH)) {
      const late = r.due_at !== null && now.getTime() > new Date(r.due_at).getTime();
      const done = await tx
        .updateTable('cases_publications')
        .set({ published_at: now.toISOString(), late })
        .where('id', '=', r.id)
        .where('published_at', 'is', null)
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) continue;
      await k.audit.record(tx, ctx, {
        action: 'publish',
        subjectType: PUBLICATION_SUBJECT,
        subjectId: r.id,
        reason: late ? `逾期公示：应于 ${r.due_date} 前公示` : null,
        after: { caseId: r.case_id, publishedAt: now.toISOString(), late },
        event: casesEvents.make('cases.publication.published', {
          id: r.id,
          caseId: r.case_id,
          region: r.region,
          late,
        }),
      });
    }
    if (waiting.length > BATCH) await schedulePublishing(k, tx, now, `more:${now.toISOString()}`);
    return Math.min(waiting.length, BATCH);
  });
}

export function publicityJobs(k: Kernel): Record<string, JobHandler> {
  return { [PUBLISH_JOB]: async (_job, ctx) => void (await publishDue(k, ctx.now)) };
}

/** A published decision as the public sees it. */
export interface Publication {
  id: string;
  documentId: string | null;
  documentNumber: string | null;
  caseNumber: string;
  item: string;
  decision: 'granted' | 'denied';
  applicant: string;
  uscc: string | null;
  region: string;
  regionName: string;
  department: { code: string; name: string };
  decisionDate: string;
  dueDate: string | null;
  publishedAt: string;
  /** Published after the 7-working-day limit. */
  late: boolean;
}

const toPublication = (r: CasePublicationTable): Publication => ({
  id: r.id,
  documentId: r.document_id,
  documentNumber: r.document_number,
  caseNumber: r.case_number,
  item: r.item_name,
  decision: r.decision as 'granted' | 'denied',
  applicant: r.applicant_display,
  uscc: r.applicant_uscc,
  region: r.region,
  regionName: r.region_name,
  department: { code: r.department_code, name: r.department_name },
  decisionDate: shanghaiDate(new Date(r.decided_at)),
  dueDate: r.due_date,
  publishedAt: r.published_at!,
  late: Boolean(r.late),
});

/** Public (no login): published decisions, newest first, by region (its subtree) and department. */
export async function listPublications(
  k: Kernel,
  f: { region?: string; department?: string; before?: string | null; limit: number },
): Promise<Publication[]> {
  let q = k.db
    .selectFrom('cases_publications')
    .selectAll()
    .where('published_at', 'is not', null)
    .orderBy('id', 'desc')
    .limit(f.limit);
  if (f.region) q = q.where('region', 'like', `${subtreePrefix(f.region)}%`);
  if (f.department) q = q.where('department_code', '=', f.department);
  if (f.before) q = q.where('id', '<', f.before);
  return (await q.execute()).map(toPublication);
}

/** A record still waiting for publication, as staff see it: overdue once its due time has passed. */
export interface PendingPublication {
  id: string;
  caseId: string;
  caseNumber: string;
  item: string;
  decision: 'granted' | 'denied';
  department: { code: string; name: string };
  decidedAt: string;
  dueDate: string | null;
  overdue: boolean;
}

/**
 * Staff: the records in their jurisdiction not yet published, oldest first, each flagged when overdue — so a job
 * that stopped running shows before anything is late. Applicants have none to see.
 */
export async function listPendingPublications(k: Kernel, ctx: Ctx): Promise<PendingPublication[]> {
  requirePermission(ctx, P.read);
  if (isApplicant(ctx)) return [];
  const region = ctx.principal.kind === 'system' ? null : ctx.principal.region;
  let q = k.db.selectFrom('cases_publications').selectAll().where('published_at', 'is', null).orderBy('id').limit(200);
  if (region) q = q.where('region', 'like', `${subtreePrefix(region)}%`);
  return (await q.execute()).map((r) => ({
    id: r.id,
    caseId: r.case_id,
    caseNumber: r.case_number,
    item: r.item_name,
    decision: r.decision as 'granted' | 'denied',
    department: { code: r.department_code, name: r.department_name },
    decidedAt: r.decided_at,
    dueDate: r.due_date,
    overdue: r.due_at !== null && ctx.now.getTime() > new Date(r.due_at).getTime(),
  }));
}
