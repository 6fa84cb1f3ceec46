/**
 * Review steps (审查环节): the pinned implementation version's `elements.process` between acceptance and the decision,
 * instantiated when the case is accepted. The acceptance step(s) are the leading window-clerk steps (done by `accept`)
 * and the decision step the last one an approver or the department lead holds (done by `grant`/`deny`); whatever lies
 * between is a review step. A process without a decision step (an immediate item's 受理 → 审核 → 办结) has none. Steps run in stages: a parallel group is one stage (joint approval: every step of it must finish), any other
 * step its own; a stage opens when the one before it is done, and each step's limit (its `days`, working days) is
 * tracked by the kernel calendar from when it opens. A process with no review steps keeps the simple path
 * (start_review → grant | deny).
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { accountNames } from '../../kernel/auth/accounts.ts';
import { ROLE_LABELS, type Role } from '../../kernel/auth/roles.ts';
import { getImplementationVersion, type ProcessStep } from '../catalog/index.ts';
import { conflictsOf, type Relation } from '../registry/index.ts';
import { casesEvents } from './events.ts';
import { lightOf } from './deadlines.ts';
import type { Light } from './model.ts';
import type { CaseTable } from './tables.ts';
import type { CaseStepTable } from './steps-tables.ts';
import { findAnywhere } from './anywhere-store.ts';
import type { JointPart } from './tables-bundles.ts';
import { CASE_LIMITS } from './limits.ts';

export const STEP_SUBJECT = 'cases.step';
export const STEP_STATUSES = ['pending', 'active', 'done'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];
export const OPINIONS = ['agree', 'disagree'] as const;
export type Opinion = (typeof OPINIONS)[number];
/** The roles whose step is the decision itself (made by grant/deny, not a review step). */
const DECIDING_ROLES: ReadonlySet<string> = new Set(['approver', 'department_lead']);

/** The review steps of a process (see the module comment). */
export function reviewStepsOf(process: readonly ProcessStep[]): ProcessStep[] {
  let from = 0;
  while (from < process.length && process[from].role === 'window_clerk') from++;
  const decision = process.findLastIndex((s) => DECIDING_ROLES.has(s.role));
  return decision > from ? process.slice(from, decision) : [];
}

/** Each step's stage: a parallel group shares one, any other step has its own. */
export function stagesOf(steps: readonly ProcessStep[]): number[] {
  let stage = -1;
  return steps.map((s, i) => {
    if (i === 0 || !s.parallelGroup || s.parallelGroup !== steps[i - 1].parallelGroup) stage++;
    return stage;
  });
}

export function findStepRow(db: Executor, id: string): Promise<CaseStepTable | undefined> {
  return db.selectFrom('cases_steps').selectAll().where('id', '=', id).executeTakeFirst();
}

export function stepRowsOf(db: Executor, caseId: string): Promise<CaseStepTable[]> {
  return db.selectFrom('cases_steps').selectAll().where('case_id', '=', caseId).orderBy('position').execute();
}

/** What the action digests cover of a step. */
export function stepCore(r: CaseStepTable) {
  return {
    id: r.id,
    caseId: r.case_id,
    key: r.step_key,
    status: r.status as StepStatus,
    version: Number(r.version),
    assignee: r.assignee,
    opinion: r.opinion as Opinion | null,
    comment: r.comment,
    recused: r.recused,
  };
}
export type StepCore = ReturnType<typeof stepCore>;

export function stepEventPayload(r: CaseStepTable) {
  return { id: r.id, caseId: r.case_id, stepKey: r.step_key, status: r.status, assignee: r.assignee };
}

/** The stage every 多地联办 part opens in: at acceptance, all in parallel, before the lead body's own review steps. */
const PART_GROUP = 'joint';

/**
 * Instantiates the case's review steps from its pinned version and opens the first stage (in the accepting move). A
 * 多地联办 case (cases_anywhere.parts) first gets one step per other body — its declared part, handled by that body's
 * reviewers, its limit the region's `cases.part_days` — all in stage 0, in parallel; the version's own review steps
 * follow from stage 1. The decision waits for all of them (`requireReviewDone`).
 */
export async function instantiateSteps(
  k: Kernel,
  ctx: Ctx,
  tx: Executor,
  c: CaseTable,
  permission: string,
): Promise<void> {
  const v = await getImplementationVersion(k, c.implementation_id, Number(c.implementation_version), tx);
  const parts: JointPart[] = (c.part_regions && (await findAnywhere(tx, c.id))?.parts) || [];
  const own = reviewStepsOf(v.elements.process);
  if (!own.length && !parts.length) return;
  const shift = parts.length ? 1 : 0;
  const ownStages = stagesOf(own);
  const at = ctx.now.toISOString();
  const base = {
    case_id: c.id,
    status: 'pending' satisfies StepStatus,
    version: 1,
    assignee: null,
    assigned_at: null,
    opened_at: null,
    due_at: null,
    done_at: null,
    done_by: null,
    opinion: null,
    comment: null,
    recused: [],
    created_at: at,
    updated_at: at,
  };
  const partRows = parts.map((p, i): CaseStepTable => ({
    ...base,
    id: newId(ctx.now.getTime()),
    step_key: `part-${p.region}`,
    name: `${p.regionName}${p.department.name}：${p.task}`,
    role: 'reviewer',
    position: i,
    stage: 0,
    parallel_group: PART_GROUP,
    days: k.calendar.limitFor(p.region, CASE_LIMITS.part_days).value,
    region: p.region,
    region_name: p.regionName,
    department_code: p.department.code,
    department_name: p.department.name,
    department_kind: p.department.kind,
  }));
  const rows = [
    ...partRows,
    ...own.map((s, i): CaseStepTable => ({
      ...base,
      id: newId(ctx.now.getTime()),
      step_key: s.key,
      name: s.name,
      role: s.role,
      position: parts.length + i,
      stage: ownStages[i] + shift,
      parallel_group: s.parallelGroup,
      days: s.days,
    })),
  ];
  await tx.insertInto('cases_steps').values(rows).execute();
  // Each step's record begins with its creation, so its status can be replayed from its actions.
  for (const r of rows)
    await k.audit.record(tx, ctx, {
      permission,
      action: 'create',
      subjectType: STEP_SUBJECT,
      subjectId: r.id,
      after: stepCore(r),
    });
  await openStage(k, ctx, tx, c.id, 0, permission);
}

/** Opens every pending step of `stage`: its deadline starts now; each opening is an action with its event. */
export async function openStage(
  k: Kernel,
  ctx: Ctx,
  tx: Executor,
  caseId: string,
  stage: number,
  permission: string,
): Promise<void> {
  const rows = await tx
    .selectFrom('cases_steps')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('stage', '=', stage)
    .where('status', '=', 'pending')
    .orderBy('position')
    .execute();
  for (const r of rows) {
    const d = await k.calendar.track(
      tx,
      ctx.now,
      { type: STEP_SUBJECT, id: r.id, purpose: 'step' },
      { unit: 'working_days', amount: Number(r.days), start: ctx.now },
    );
    const changes = {
      status: 'active' satisfies StepStatus,
      version: Number(r.version) + 1,
      opened_at: ctx.now.toISOString(),
      due_at: d.dueAt,
      updated_at: ctx.now.toISOString(),
    };
    await tx.updateTable('cases_steps').set(changes).where('id', '=', r.id).execute();
    const after = { ...r, ...changes };
    await k.audit.record(tx, ctx, {
      permission,
      action: 'open',
      subjectType: STEP_SUBJECT,
      subjectId: r.id,
      before: stepCore(r),
      after: stepCore(after),
      event: casesEvents.make('cases.step.opened', stepEventPayload(after)),
    });
  }
}

/** After a step is done: when its whole stage is, the next stage opens. */
export async function openNextStageIfDone(
  k: Kernel,
  ctx: Ctx,
  tx: Executor,
  step: CaseStepTable,
  permission: string,
): Promise<void> {
  const open = await tx
    .selectFrom('cases_steps')
    .select('id')
    .where('case_id', '=', step.case_id)
    .where('stage', '=', Number(step.stage))
    .where('status', '!=', 'done')
    .executeTakeFirst();
  if (!open) await openStage(k, ctx, tx, step.case_id, Number(step.stage) + 1, permission);
}

// ---------------------------------------------------------------------------------------------
// Recusal (回避)

const RELATION_LABELS: Record<Relation['relation'], { zh: string; en: string }> = {
  kinship: { zh: '亲属关系', en: 'kinship' },
  shareholder: { zh: '持股关系', en: 'a shareholding' },
  employment: { zh: '雇佣关系', en: 'employment' },
  former_employment: { zh: '曾任职关系', en: 'former employment' },
  business_partner: { zh: '业务往来关系', en: 'a business relation' },
  other: { zh: '其他利害关系', en: 'another interest' },
};

/** The applicant as the registry's relations name it, or null (a person filed without a registry record). */
function applicantSubject(c: CaseTable): { type: 'person' | 'enterprise'; id: string } | null {
  if (c.applicant_enterprise_id) return { type: 'enterprise', id: c.applicant_enterprise_id };
  if (c.applicant_person_id) return { type: 'person', id: c.applicant_person_id };
  return null;
}

/** The relations `staffId` declared that conflict with the case's applicant (registry's `conflictsOf`). */
export async function conflictsWith(db: Executor, staffId: string, c: CaseTable): Promise<Relation[]> {
  const subject = applicantSubject(c);
  return subject ? conflictsOf(db, [staffId], subject) : [];
}

/** Why the staff member is recused, in words (the first declared relation). */
export function recusalReason(relations: Relation[]): { zh: string; en: string } {
  const l = RELATION_LABELS[relations[0].relation] ?? RELATION_LABELS.other;
  return {
    zh: `已申报与申请人存在${l.zh}，依法回避`,
    en: `Declared ${l.en} with the applicant: recused`,
  };
}

export function recusedError(relations: Relation[], field: string | null = null): AppError {
  const r = recusalReason(relations);
  return new AppError({
    code: 'RECUSED',
    status: 403,
    field,
    zh: `您${r.zh}，不能办理此办件`,
    en: `You ${r.en.charAt(0).toLowerCase()}${r.en.slice(1)}; you may not act on this case`,
  });
}

/** 403 RECUSED when the caller declared a conflict with the case's applicant (checked for every step and decision). */
export async function requireNotRecused(db: Executor, ctx: Ctx, c: CaseTable): Promise<void> {
  if (ctx.principal.kind !== 'staff') return;
  const relations = await conflictsWith(db, ctx.principal.id, c);
  if (relations.length) throw recusedError(relations);
}

/** The decision waits for every review step (409 REVIEW_STEPS_OPEN naming the open ones); a recused approver is 403. */
export async function requireReviewDone(db: Executor, ctx: Ctx, c: CaseTable): Promise<void> {
  await requireNotRecused(db, ctx, c);
  const open = (await stepRowsOf(db, c.id)).filter((s) => s.status !== 'done');
  if (!open.length) return;
  throw new AppError({
    code: 'REVIEW_STEPS_OPEN',
    status: 409,
    field: 'status',
    zh: `审查环节尚未全部完成：${open.map((s) => s.name).join('、')}`,
    en: `Review steps still open: ${open.map((s) => s.name).join(', ')}`,
    details: { steps: open.map((s) => s.step_key) },
  });
}

// ---------------------------------------------------------------------------------------------
// Views

export interface ReviewStep {
  id: string;
  key: string;
  name: string;
  role: string;
  roleLabel: { zh: string; en: string };
  position: number;
  stage: number;
  parallelGroup: string | null;
  days: number;
  status: StepStatus;
  version: number;
  assignee: { id: string; name: string } | null;
  assignedAt: string | null;
  openedAt: string | null;
  doneAt: string | null;
  doneBy: { id: string; name: string } | null;
  opinion: Opinion | null;
  comment: string | null;
  /** 多地联办: the other body whose part this step is (its staff handle it); null for the case's own steps. */
  body: { region: string; regionName: string; department: { code: string; name: string } } | null;
  deadline: {
    dueDate: string | null;
    dueAt: string | null;
    provisional: boolean;
    workingDaysLeft: number | null;
    light: Light | null;
  } | null;
}

/**
 * Steps as responses show them: names, the tracked deadline and its light while the step is open (and its case still in
 * review: `inReview` false — withdrawn, decided — puts every light out).
 */
export async function presentSteps(
  k: Kernel,
  db: Executor,
  now: Date,
  rows: CaseStepTable[],
  region: string,
  inReview = true,
): Promise<ReviewStep[]> {
  const names = await accountNames(
    db,
    rows.flatMap((r) => [r.assignee, r.done_by].filter((x): x is string => !!x)),
  );
  const person = (id: string | null) => (id ? { id, name: names.get(id) ?? '—' } : null);
  return Promise.all(
    rows.map(async (r) => {
      const d = await k.calendar.getTracked(db, { type: STEP_SUBJECT, id: r.id, purpose: 'step' });
      const l =
        inReview && r.status === 'active' && d
          ? lightOf(k, now, d.dueAt, r.region ?? region)
          : { left: null, light: null };
      return {
        id: r.id,
        key: r.step_key,
        name: r.name,
        role: r.role,
        roleLabel: ROLE_LABELS[r.role as Role] ?? { zh: r.role, en: r.role },
        position: Number(r.position),
        stage: Number(r.stage),
        parallelGroup: r.parallel_group,
        days: Number(r.days),
        status: r.status as StepStatus,
        version: Number(r.version),
        assignee: person(r.assignee),
        assignedAt: r.assigned_at,
        openedAt: r.opened_at,
        doneAt: r.done_at,
        doneBy: person(r.done_by),
        opinion: r.opinion as Opinion | null,
        comment: r.comment,
        body: r.region
          ? {
              region: r.region,
              regionName: r.region_name ?? r.region,
              department: { code: r.department_code ?? '', name: r.department_name ?? '' },
            }
          : null,
        deadline: d
          ? {
              dueDate: d.dueDate,
              dueAt: d.dueAt,
              provisional: d.provisional,
              workingDaysLeft: l.left,
              light: l.light,
            }
          : null,
      };
    }),
  );
}
