/**
 * The review steps' services: a case's steps, the reviewer's queue (待我审查), and claiming, assigning and completing a
 * step — each a move of `stepLifecycle` in one transaction.
 *
 * Recusal (回避): a staff member who declared a relation to the applicant (registry's `conflictsOf`: to the person, to
 * the enterprise, or to the enterprise's legal representative) cannot claim or complete a step, nor decide (403
 * RECUSED); the queue leaves such cases out. When a claim, completion or assignment detects the conflict, the recusal
 * is recorded first, in a transaction of its own — the system's `recuse` move on the step, with the reason — and the
 * request is then refused.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { requirePermission, systemCtx, type Ctx } from '../../kernel/context.ts';
import { AppError, invalid } from '../../kernel/errors.ts';
import { findAccountById, findAccountByUsername, staffInRegions } from '../../kernel/auth/accounts.ts';
import { ancestorsOf, isWithin, subtreePrefix } from '../../kernel/reference/divisions.ts';
import { findDepartment } from '../registry/index.ts';
import { casesPermissions as P } from './permissions.ts';
import { findCaseRow } from './repository.ts';
import { requireStepAction, requireVisibleCase } from './access.ts';
import {
  conflictsWith,
  findStepRow,
  presentSteps,
  recusalReason,
  recusedError,
  stepRowsOf,
  type ReviewStep,
} from './steps.ts';
import { absentStep, requireStepRole, stepLifecycle } from './step-lifecycle.ts';
import type { CaseStepTable } from './steps-tables.ts';
import type { CaseTable } from './tables.ts';
import type { Relation } from '../registry/index.ts';

/** Case statuses in which steps are worked on (and their lights on). */
const IN_REVIEW = ['accepted', 'under_review'];

/** A case's steps, and — for a staff member recused from it — why they cannot act. */
export interface CaseSteps {
  items: ReviewStep[];
  recusal: { zh: string; en: string } | null;
}

export interface QueueEntry {
  step: ReviewStep;
  case: {
    id: string;
    number: string;
    status: string;
    version: number;
    itemName: string;
    applicantName: string;
    regionName: string;
    departmentName: string;
  };
}

async function visibleStep(
  db: Executor,
  ctx: Ctx,
  caseId: string,
  stepId: string,
): Promise<{ c: CaseTable; step: CaseStepTable }> {
  const c = requireVisibleCase(ctx, await findCaseRow(db, caseId), caseId);
  const step = await findStepRow(db, stepId);
  if (!step || step.case_id !== caseId) throw absentStep(stepId);
  return { c, step };
}

/** Records `staff`'s recusal from the step once (the system's move), when they declared a conflict; returns it. */
async function recuseIfConflicted(
  k: Kernel,
  ctx: Ctx,
  c: CaseTable,
  step: CaseStepTable,
  staff: { id: string; name: string },
): Promise<Relation[]> {
  const relations = await conflictsWith(k.db, staff.id, c);
  if (!relations.length || step.recused.includes(staff.id) || step.status !== 'active') return relations;
  try {
    await stepLifecycle.transition(k, systemCtx(ctx.now, ctx.requestId), step.id, 'recuse', {
      version: Number(step.version),
      reason: `${staff.name}${recusalReason(relations).zh}`,
      data: { staffId: staff.id },
    });
  } catch (e) {
    // Someone moved the step meanwhile: the recusal is recorded at the next attempt; the refusal stands.
    if (!(e instanceof AppError && e.code === 'VERSION_CONFLICT')) throw e;
  }
  return relations;
}

/** The case's review steps in process order (empty when its process has none). */
export async function caseSteps(k: Kernel, ctx: Ctx, caseId: string): Promise<CaseSteps> {
  requirePermission(ctx, P.read);
  const c = requireVisibleCase(ctx, await findCaseRow(k.db, caseId), caseId);
  const rows = await stepRowsOf(k.db, caseId);
  const relations = ctx.principal.kind === 'staff' ? await conflictsWith(k.db, ctx.principal.id, c) : [];
  return {
    items: await presentSteps(k, k.db, ctx.now, rows, c.region, IN_REVIEW.includes(c.status)),
    recusal: relations.length ? recusalReason(relations) : null,
  };
}

/** Claims an open step of the caller's role. */
export async function claimStep(
  k: Kernel,
  ctx: Ctx,
  caseId: string,
  stepId: string,
  input: { version: number },
): Promise<ReviewStep> {
  requirePermission(ctx, P.handle_step);
  const { c, step } = await visibleStep(k.db, ctx, caseId, stepId);
  await refuseIfConflicted(k, ctx, c, step);
  return moved(k, ctx, await stepLifecycle.transition(k, ctx, stepId, 'claim', { version: input.version }));
}

/** Completes a step with the opinion (agree / disagree) and its text; an unclaimed step is claimed by completing it. */
export async function completeStep(
  k: Kernel,
  ctx: Ctx,
  caseId: string,
  stepId: string,
  input: { version: number; opinion: string; comment: string },
): Promise<ReviewStep> {
  requirePermission(ctx, P.handle_step);
  const { c, step } = await visibleStep(k.db, ctx, caseId, stepId);
  await refuseIfConflicted(k, ctx, c, step);
  const after = await stepLifecycle.transition(k, ctx, stepId, 'complete', {
    version: input.version,
    data: { opinion: input.opinion, comment: input.comment },
  });
  return moved(k, ctx, after);
}

/** Only a staff member who could act (department, role) is recused on record; then 403 RECUSED. */
async function refuseIfConflicted(k: Kernel, ctx: Ctx, c: CaseTable, step: CaseStepTable): Promise<void> {
  await requireStepAction(k, ctx, k.db, c, step, P.handle_step);
  requireStepRole(step, ctx.principal.roles);
  const relations = await recuseIfConflicted(k, ctx, c, step, ctx.principal);
  if (relations.length) throw recusedError(relations);
}

/** The department lead assigns a step to a staff member (by username) holding its role in the case's department. */
export async function assignStep(
  k: Kernel,
  ctx: Ctx,
  caseId: string,
  stepId: string,
  input: { version: number; assignee: string },
): Promise<ReviewStep> {
  requirePermission(ctx, P.assign_step);
  const { c, step } = await visibleStep(k.db, ctx, caseId, stepId);
  await requireStepAction(k, ctx, k.db, c, step, P.assign_step);
  const body = bodyOf(c, step);
  const ref = await findAccountByUsername(k.db, input.assignee.trim());
  const who = ref && ref.kind === 'staff' ? await findAccountById(k.db, ref.id) : undefined;
  const noSuch = () =>
    invalid(
      'assignee',
      'ASSIGNEE_NOT_ELIGIBLE',
      `${who?.name ?? '该人员'}不是本办件所属部门和区域内可承办“${step.name}”的工作人员`,
      `${who?.name ?? 'This person'} is not staff of the case's department and region who may handle “${step.name}”`,
    );
  if (!who || (who.region !== null && !isWithin(body.region, who.region))) throw noSuch();
  const dept = who.department ? await findDepartment(k, who.department, k.db) : null;
  const kind = dept?.kind ?? who.department?.split('-').pop();
  if (kind !== body.kind || !who.roles.includes(step.role as never)) throw noSuch();
  const relations = await recuseIfConflicted(k, ctx, c, step, who);
  if (relations.length)
    throw new AppError({
      code: 'ASSIGNEE_RECUSED',
      status: 409,
      field: 'assignee',
      zh: `${who.name}${recusalReason(relations).zh}，不能指派`,
      en: `${who.name}: ${recusalReason(relations).en}; choose someone else`,
    });
  return moved(
    k,
    ctx,
    await stepLifecycle.transition(k, ctx, stepId, 'assign', { version: input.version, data: { assignee: who.id } }),
  );
}

/** Someone the lead may assign a step to; a recused one is listed with the reason, and refused if chosen. */
export interface Candidate {
  username: string;
  name: string;
  recusal: { zh: string; en: string } | null;
}

/** Staff holding the step's role whose jurisdiction covers the case's region, in the case's department kind. */
export async function assignCandidates(k: Kernel, ctx: Ctx, caseId: string, stepId: string): Promise<Candidate[]> {
  requirePermission(ctx, P.assign_step);
  const { c, step } = await visibleStep(k.db, ctx, caseId, stepId);
  await requireStepAction(k, ctx, k.db, c, step, P.assign_step);
  const body = bodyOf(c, step);
  const regions = [body.region, ...ancestorsOf(body.region).map((d) => d.code)];
  const kinds = new Map<string, string | undefined>();
  const out: Candidate[] = [];
  for (const who of await staffInRegions(k.db, regions)) {
    if (!who.roles.includes(step.role as never) || !who.department) continue;
    if (!kinds.has(who.department))
      kinds.set(
        who.department,
        (await findDepartment(k, who.department, k.db))?.kind ?? who.department.split('-').pop(),
      );
    if (kinds.get(who.department) !== body.kind) continue;
    const relations = await conflictsWith(k.db, who.id, c);
    out.push({
      username: who.username,
      name: who.name,
      recusal: relations.length ? recusalReason(relations) : null,
    });
  }
  return out;
}

/** The body that handles a step: a 多地联办 part's own, else the case's. */
function bodyOf(c: CaseTable, step: CaseStepTable): { region: string; kind: string } {
  return step.region
    ? { region: step.region, kind: step.department_kind ?? c.department_kind }
    : { region: c.region, kind: c.department_kind };
}

async function moved(k: Kernel, ctx: Ctx, after: { id: string }): Promise<ReviewStep> {
  const row = (await findStepRow(k.db, after.id))!;
  const c = (await findCaseRow(k.db, row.case_id))!;
  return (await presentSteps(k, k.db, ctx.now, [row], c.region))[0];
}

/**
 * Open steps waiting for the caller's roles, on cases of their department kind in their jurisdiction, unclaimed or
 * claimed by them, soonest deadline first; cases the caller is recused from are left out.
 */
export async function reviewQueue(k: Kernel, ctx: Ctx, f: { limit: number }): Promise<QueueEntry[]> {
  requirePermission(ctx, P.handle_step);
  const p = ctx.principal;
  if (p.kind !== 'staff') return [];
  const dept = p.department ? await findDepartment(k, p.department, k.db) : null;
  const kind = dept?.kind ?? p.department?.split('-').pop() ?? null;
  let q = k.db
    .selectFrom('cases_steps as s')
    .innerJoin('cases_cases as c', 'c.id', 's.case_id')
    .selectAll('s')
    .select([
      'c.number as c_number',
      'c.status as c_status',
      'c.version as c_version',
      'c.item_name as c_item_name',
      'c.applicant_name as c_applicant_name',
      'c.region_name as c_region_name',
      'c.department_name as c_department_name',
    ])
    .where('s.status', '=', 'active')
    .where('s.role', 'in', p.roles.length ? p.roles : ['-'])
    .where('c.status', 'in', IN_REVIEW)
    .where((eb) => eb.or([eb('s.assignee', 'is', null), eb('s.assignee', '=', p.id)]))
    .orderBy('s.due_at')
    .orderBy('s.id')
    .limit(Math.min(500, f.limit * 4));
  // A 多地联办 part is its own body's: its region and department kind, not the case's.
  if (p.region) {
    const prefix = `${subtreePrefix(p.region)}%`;
    q = q.where((eb) =>
      eb.or([eb.and([eb('s.region', 'is', null), eb('c.region', 'like', prefix)]), eb('s.region', 'like', prefix)]),
    );
  }
  if (kind)
    q = q.where((eb) =>
      eb.or([
        eb.and([eb('s.department_kind', 'is', null), eb('c.department_kind', '=', kind)]),
        eb('s.department_kind', '=', kind),
      ]),
    );
  const rows = await q.execute();
  const out: QueueEntry[] = [];
  for (const r of rows) {
    if (out.length >= f.limit) break;
    if (r.recused.includes(p.id)) continue;
    const c = (await findCaseRow(k.db, r.case_id))!;
    if ((await conflictsWith(k.db, p.id, c)).length) continue;
    const [step] = await presentSteps(k, k.db, ctx.now, [r], c.region);
    out.push({
      step,
      case: {
        id: r.case_id,
        number: r.c_number,
        status: r.c_status,
        version: Number(r.c_version),
        itemName: r.c_item_name,
        applicantName: r.c_applicant_name,
        regionName: r.c_region_name,
        departmentName: r.c_department_name,
      },
    });
  }
  return out;
}
