/**
 * A review step's lifecycle (审查环节), declared with the kit like the case's: every claim, assignment, completion and
 * recusal runs the one pipeline (permission, the case's visibility and department, version, allowed-from, guard,
 * effect, versioned save, action + chain link + `cases.step.<verb>` event, in one transaction). Opening a stage is
 * not a route: acceptance and the completion of the stage before open it (steps.ts).
 *
 *   pending → (its stage opens) → active → claim | assign | recuse (stays active) → complete → done
 */
import { versionedStatusRows } from '../../kernel/db/versioned.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { AppError, invalid, notFound } from '../../kernel/errors.ts';
import { defineLifecycle, type Step } from '../../kernel/lifecycle.ts';
import { ROLE_LABELS, type Role } from '../../kernel/auth/roles.ts';
import { casesPermissions as P } from './permissions.ts';
import { findCaseRow } from './repository.ts';
import { absentCase, requireStepAction } from './access.ts';
import {
  findStepRow,
  openNextStageIfDone,
  requireNotRecused,
  stepCore,
  stepEventPayload,
  OPINIONS,
  STEP_STATUSES,
  STEP_SUBJECT,
  type Opinion,
  type StepCore,
} from './steps.ts';
import type { CaseStepTable } from './steps-tables.ts';
import type { CaseTable } from './tables.ts';

type Patch = Partial<CaseStepTable>;

export const absentStep = (id: string) => notFound('审查环节 review step', id, 'params.stepId');
type StepMove = Step<CaseStepTable>;

/** What a move needs besides the step: its case (loaded by the service that checked it is visible). */
async function caseOf(s: StepMove): Promise<CaseTable> {
  const c = await findCaseRow(s.tx, s.subject.case_id);
  if (!c) throw absentCase(s.subject.case_id);
  return c;
}

/** Holds the case row until commit (PostgreSQL; SQLite runs one writing transaction at a time anyway). */
async function lockCase(s: StepMove): Promise<void> {
  let q = s.tx.selectFrom('cases_cases').select('id').where('id', '=', s.subject.case_id);
  if (s.k.adapter.supportsRowLocks) q = q.forUpdate();
  await q.executeTakeFirst();
}

/** Steps are worked on while the case is accepted or under review; completed only under review. */
function requireCaseOpen(c: CaseTable, statuses: readonly string[]): void {
  if (statuses.includes(c.status)) return;
  throw new AppError({
    code: 'CASE_NOT_UNDER_REVIEW',
    status: 409,
    field: 'status',
    zh: statuses.length === 1 ? '办件尚未开始审查（或已作出决定），不能办理审查环节' : '办件不在审查阶段',
    en:
      statuses.length === 1
        ? 'The case is not under review (not started, or already decided)'
        : 'The case is not in its review phase',
  });
}

/** The staff member must hold the step's role. */
export function requireStepRole(step: CaseStepTable, roles: readonly string[], field: string | null = null): void {
  if (roles.includes(step.role)) return;
  const l = ROLE_LABELS[step.role as Role] ?? { zh: step.role, en: step.role };
  throw new AppError({
    code: 'STEP_ROLE_MISMATCH',
    status: 403,
    field,
    zh: `“${step.name}”环节须由${l.zh}办理`,
    en: `The step “${step.name}” is handled by a ${l.en.toLowerCase()}`,
  });
}

function requireNotRecusedHere(step: CaseStepTable, staffId: string): void {
  if (!step.recused.includes(staffId)) return;
  throw new AppError({
    code: 'RECUSED',
    status: 403,
    zh: '您已就此办件回避，不能办理此环节',
    en: 'You are recused from this case and may not handle this step',
  });
}

const heldByOther = (step: CaseStepTable) =>
  new AppError({
    code: 'STEP_ASSIGNED_TO_OTHER',
    status: 409,
    field: 'assignee',
    zh: `“${step.name}”环节已由他人承办`,
    en: `The step “${step.name}” is held by someone else`,
  });

const alreadyYours = (step: CaseStepTable) =>
  new AppError({
    code: 'STEP_ALREADY_CLAIMED',
    status: 409,
    field: 'assignee',
    zh: `您已认领“${step.name}”环节`,
    en: `You already hold the step “${step.name}”`,
  });

function opinionOf(s: StepMove): { opinion: Opinion; comment: string } {
  const o = s.data.opinion;
  if (typeof o !== 'string' || !(OPINIONS as readonly string[]).includes(o))
    throw invalid('opinion', 'OPINION_REQUIRED', '须选择同意或不同意', 'Choose agree or disagree');
  const comment = typeof s.data.comment === 'string' ? s.data.comment.trim() : '';
  if (!comment) throw invalid('comment', 'FIELD_REQUIRED', '须填写审查意见', 'The opinion text is required');
  if (comment.length > 2000)
    throw invalid('comment', 'FIELD_TOO_LONG', '审查意见不能超过 2000 个字符', 'At most 2000 characters');
  return { opinion: o as Opinion, comment };
}

export const stepLifecycle = defineLifecycle({
  subjectType: STEP_SUBJECT,
  states: STEP_STATUSES,
  stateLabels: {
    pending: { zh: '待开始', en: 'Pending' },
    active: { zh: '办理中', en: 'Open' },
    done: { zh: '已完成', en: 'Done' },
  },
  // Steps are created pending when the case is accepted (`create`); a stage's steps open together (`open`, steps.ts).
  created: { create: 'pending' },
  actions: {
    open: {
      from: ['pending'],
      to: 'active',
      permission: P.handle_step,
      label: { zh: '环节开始', en: 'Step opened' },
      event: 'cases.step.opened',
    },
    claim: {
      from: ['active'],
      to: 'active',
      permission: P.handle_step,
      label: { zh: '认领环节', en: 'Claim the step' },
      event: 'cases.step.claimed',
      guard: async (s: StepMove) => {
        const c = await caseOf(s);
        requireCaseOpen(c, ['accepted', 'under_review']);
        requireStepRole(s.subject, s.ctx.principal.roles);
        requireNotRecusedHere(s.subject, s.ctx.principal.id);
        await requireNotRecused(s.tx, s.ctx, c);
        if (s.subject.assignee)
          throw s.subject.assignee === s.ctx.principal.id ? alreadyYours(s.subject) : heldByOther(s.subject);
      },
      effect: (s: StepMove): Patch => ({ assignee: s.ctx.principal.id, assigned_at: s.ctx.now.toISOString() }),
    },
    // The department lead names the assignee (checked by the service: role, region, department, recusal).
    assign: {
      from: ['active'],
      to: 'active',
      permission: P.assign_step,
      label: { zh: '指派承办人', en: 'Assign' },
      event: 'cases.step.assigned',
      guard: async (s: StepMove) => requireCaseOpen(await caseOf(s), ['accepted', 'under_review']),
      effect: (s: StepMove): Patch => ({ assignee: String(s.data.assignee), assigned_at: s.ctx.now.toISOString() }),
    },
    complete: {
      from: ['active'],
      to: 'done',
      permission: P.handle_step,
      label: { zh: '提出审查意见', en: 'Complete with an opinion' },
      event: 'cases.step.completed',
      guard: async (s: StepMove) => {
        // One completion per case at a time: the last of a parallel group must see the others done to open the next.
        await lockCase(s);
        const c = await caseOf(s);
        // A 多地联办 part is done once the lead body has accepted: it need not wait for the lead to start its review.
        requireCaseOpen(c, s.subject.region ? ['accepted', 'under_review'] : ['under_review']);
        requireStepRole(s.subject, s.ctx.principal.roles);
        requireNotRecusedHere(s.subject, s.ctx.principal.id);
        await requireNotRecused(s.tx, s.ctx, c);
        if (s.subject.assignee && s.subject.assignee !== s.ctx.principal.id) throw heldByOther(s.subject);
      },
      effect: (s: StepMove): Patch => {
        const me = s.ctx.principal.id;
        const at = s.ctx.now.toISOString();
        return {
          ...opinionOf(s),
          assignee: me,
          assigned_at: s.subject.assigned_at ?? at,
          done_at: at,
          done_by: me,
        };
      },
      after: async (s: StepMove) => openNextStageIfDone(s.k, s.ctx, s.tx, s.subject, P.handle_step),
    },
    // The system's move (review.ts), never a route: a staff member with a declared conflict is recused from the step.
    recuse: {
      from: ['active'],
      to: 'active',
      permission: P.recuse,
      needsReason: true,
      label: { zh: '回避', en: 'Recuse' },
      event: 'cases.step.recused',
      effect: (s: StepMove): Patch => {
        const who = String(s.data.staffId);
        return {
          recused: s.subject.recused.includes(who) ? s.subject.recused : [...s.subject.recused, who],
          assignee: s.subject.assignee === who ? null : s.subject.assignee,
          assigned_at: s.subject.assignee === who ? null : s.subject.assigned_at,
        };
      },
    },
  },
  store: {
    ...versionedStatusRows<'cases_steps', CaseStepTable>('cases_steps'),
    load: async (_k: Kernel, tx, id) => {
      const row = await findStepRow(tx, id);
      if (!row) throw absentStep(id);
      return row;
    },
    // The step's case decides: outside the caller's sight it answers as absent; another department's is 403; a
    // 多地联办 part is its own body's (access.ts).
    authorize: async (k, ctx, tx, row, permission) => {
      const c = await findCaseRow(tx, row.case_id);
      if (!c) throw absentCase(row.case_id);
      await requireStepAction(k, ctx, tx, c, row, permission);
    },
    view: (_k: Kernel, row: CaseStepTable): StepCore => stepCore(row),
    eventPayload: (_action, row, after) => stepEventPayload({ ...row, status: after.status, assignee: after.assignee }),
  },
});

export type StepAction = keyof typeof stepLifecycle.def.actions;
