/**
 * The case lifecycle (办件流程), declared as data with the kernel's `defineLifecycle`:
 *
 *   submitted → accepted (受理) | refused (不予受理: reason and legal basis) | supplement_requested (补正: one notice
 *   listing every missing item; the resubmission returns it to submitted; a second notice on the same case is the
 *   department lead's `request_further_supplement`, and flags the case)
 *   accepted → under_review → granted | denied (reason and legal basis) → concluded
 *   withdrawn by the applicant at any point before a decision.
 *   Reform modes, immediate items and special procedures: reform-actions.ts.
 *
 * Every move runs the kit's one pipeline (permission, visibility and department, reason, version, allowed-from,
 * guard, effect, versioned save, action + chain link + `cases.case.<verb>` event, in one transaction).
 * src/modules/cases/lifecycles.md draws it (npm run module-docs).
 */
import { versionedStatusRows } from '../../kernel/db/versioned.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { AppError, invalid } from '../../kernel/errors.ts';
import { defineLifecycle, type Step } from '../../kernel/lifecycle.ts';
import { getImplementationVersion } from '../catalog/index.ts';
import { casesPermissions as P } from './permissions.ts';
import { findCaseRow } from './repository.ts';
import { absentCase, requireCaseAction } from './access.ts';
import { toCore, type CaseCore } from './convert.ts';
import { checkForm, protectForm } from './form.ts';
import { acceptanceDue, scheduleDeemedAcceptance, trackAcceptance, trackDecision, SUBJECT_TYPE } from './deadlines.ts';
import { CASE_STATUSES, STATUS_LABELS, type SupplementItem } from './model.ts';
import type { CaseTable } from './tables.ts';
import { endOpenProcedure, reformActions, REFORM_SYSTEM_ACTIONS } from './reform-actions.ts';
import { issueDocument } from './documents.ts';
import { afterDecision } from './publicity.ts';
import { issueResult } from './result-issuer.ts';
import { instantiateSteps, requireReviewDone } from './steps.ts';
import { BUNDLE_SYSTEM_ACTIONS, bundleAnywhereActions } from './lifecycle-bundles.ts';

type Patch = Partial<CaseTable>;
type CaseStep = Step<CaseTable>;

/** A required text from the move's data (legal basis and the like): 400 naming the field when missing. */
function textOf(s: CaseStep, field: string, zh: string, en: string, max = 1000): string {
  const v = s.data[field];
  const t = typeof v === 'string' ? v.trim() : '';
  if (!t) throw invalid(field, 'FIELD_REQUIRED', `须填写${zh}`, `${en} is required`);
  if (t.length > max)
    throw invalid(field, 'FIELD_TOO_LONG', `${zh}不能超过 ${max} 个字符`, `${en} must be at most ${max} characters`);
  return t;
}

/** The supplement notice's items: at least one, each with a description. */
function itemsOf(s: CaseStep): SupplementItem[] {
  const raw = s.data.items;
  if (!Array.isArray(raw) || raw.length === 0)
    throw invalid(
      'items',
      'SUPPLEMENT_ITEMS_REQUIRED',
      '补正告知须一次性列明全部需要补正的内容',
      'A supplement notice must list every missing or defective item at once',
    );
  return raw.map((x: unknown, i) => {
    const o = (typeof x === 'object' && x !== null ? x : {}) as Record<string, unknown>;
    const description = typeof o.description === 'string' ? o.description.trim() : '';
    if (!description)
      throw invalid(`items.${i}.description`, 'FIELD_REQUIRED', '须说明补正内容', 'Describe what to supplement');
    return { ref: typeof o.ref === 'string' && o.ref.trim() ? o.ref.trim() : null, description };
  });
}

function supplement(s: CaseStep, flag: boolean): Patch {
  const flags = s.subject.flags;
  return {
    supplement_items: itemsOf(s),
    supplement_requested_at: s.ctx.now.toISOString(),
    supplement_requested_by: s.ctx.principal.id,
    supplement_count: Number(s.subject.supplement_count) + 1,
    flags: flag && !flags.includes('repeated_supplement') ? [...flags, 'repeated_supplement'] : flags,
  };
}

const decided = (s: CaseStep, outcome: 'granted' | 'denied', basis: string | null): Patch => ({
  decision: outcome,
  decision_reason: s.reason,
  decision_basis: basis,
  decided_at: s.ctx.now.toISOString(),
});

export const caseLifecycle = defineLifecycle({
  subjectType: SUBJECT_TYPE,
  states: CASE_STATUSES,
  stateLabels: STATUS_LABELS,
  created: { file: 'submitted', file_waiting: 'waiting', receive: 'received' }, // service.ts CREATING_ACTIONS
  actions: {
    accept: {
      from: ['submitted'],
      to: 'accepted',
      permission: P.accept,
      label: { zh: '受理', en: 'Accept' },
      event: 'cases.case.accepted',
      effect: (s: CaseStep): Patch => ({ accepted_at: s.ctx.now.toISOString(), accepted_by: s.ctx.principal.id }),
      // After the versioned save, so a clerk who lost the race never touches the deadline nor the review steps.
      after: async (s: CaseStep) => {
        await trackDecision(s.k, s.tx, s.ctx.now, s.subject.id, s.subject.region, Number(s.subject.promised_days));
        await instantiateSteps(s.k, s.ctx, s.tx, s.subject, P.accept);
      },
    },
    refuse: {
      from: ['submitted'],
      to: 'refused',
      permission: P.accept,
      needsReason: true,
      label: { zh: '不予受理', en: 'Refuse' },
      event: 'cases.case.refused',
      effect: (s: CaseStep): Patch => ({
        refusal_reason: s.reason,
        refusal_basis: textOf(s, 'legalBasis', '法律依据', 'The legal basis'),
      }),
      after: (s: CaseStep, v: CaseCore) => issueDocument(s, v, 'refusal_notice', P.accept),
    },
    request_supplement: {
      from: ['submitted'],
      to: 'supplement_requested',
      permission: P.accept,
      label: { zh: '一次性告知补正', en: 'Request supplement' },
      event: 'cases.case.supplement_requested',
      guard: (s: CaseStep) => {
        if (Number(s.subject.supplement_count) > 0)
          throw new AppError({
            code: 'SUPPLEMENT_ALREADY_REQUESTED',
            status: 409,
            field: 'action',
            zh: '该办件已一次性告知过补正；再次告知须由部门负责人批准',
            en: 'A supplement notice was already given for this case; another needs the department lead',
          });
      },
      effect: (s: CaseStep): Patch => supplement(s, false),
      after: (s: CaseStep, v: CaseCore) => issueDocument(s, v, 'supplement_notice', P.accept),
    },
    request_further_supplement: {
      from: ['submitted'],
      to: 'supplement_requested',
      permission: P.approve_exception,
      needsReason: true,
      label: { zh: '再次告知补正（负责人批准）', en: 'Request a further supplement (lead)' },
      event: 'cases.case.supplement_requested',
      guard: (s: CaseStep) => {
        if (Number(s.subject.supplement_count) === 0) throw caseLifecycle.notAllowed(s.subject.status, s.action);
      },
      effect: (s: CaseStep): Patch => supplement(s, true),
      after: (s: CaseStep, v: CaseCore) => issueDocument(s, v, 'supplement_notice', P.approve_exception),
    },
    resubmit: {
      from: ['supplement_requested'],
      to: 'submitted',
      permission: P.file,
      label: { zh: '补正后重新提交', en: 'Resubmit' },
      event: 'cases.case.resubmitted',
      after: async (s: CaseStep) => {
        await trackAcceptance(s.k, s.tx, s.ctx.now, s.subject.id, s.subject.region); // counted again from resubmission
        await scheduleDeemedAcceptance(s.k, s.tx, s.ctx.now, s.subject.id);
      },
      effect: async (s: CaseStep): Promise<Patch> => {
        if (s.data.form === undefined) return {};
        const v = await getImplementationVersion(
          s.k,
          s.subject.implementation_id,
          Number(s.subject.implementation_version),
          s.tx,
        );
        const key = `${v.implementationId}@${v.version}`;
        const form = checkForm(key, v.elements.form, s.data.form, s.ctx.now);
        const { stored, masked } = protectForm(s.k, v.elements.form, form);
        return { form_data: stored, form_masked: masked };
      },
    },
    start_review: {
      from: ['accepted'],
      to: 'under_review',
      permission: P.review,
      label: { zh: '开始审查', en: 'Start review' },
      event: 'cases.case.review_started',
    },
    grant: {
      from: ['under_review'],
      to: 'granted',
      permission: P.decide,
      label: { zh: '准予许可', en: 'Grant' },
      event: 'cases.case.granted',
      guard: (s: CaseStep) => requireReviewDone(s.tx, s.ctx, s.subject),
      effect: (s: CaseStep): Patch => decided(s, 'granted', null),
      // The certificate first (result-issuer.ts), so the decision document is sealed with a key the department has.
      after: async (s: CaseStep, v: CaseCore) => {
        await issueResult(s);
        await afterDecision(s, v, P.decide);
      },
    },
    deny: {
      from: ['under_review'],
      to: 'denied',
      permission: P.decide,
      needsReason: true,
      label: { zh: '不予许可', en: 'Deny' },
      event: 'cases.case.denied',
      guard: (s: CaseStep) => requireReviewDone(s.tx, s.ctx, s.subject),
      effect: (s: CaseStep): Patch => decided(s, 'denied', textOf(s, 'legalBasis', '法律依据', 'The legal basis')),
      after: (s: CaseStep, v: CaseCore) => afterDecision(s, v, P.decide),
    },
    conclude: {
      from: ['granted', 'denied'],
      to: 'concluded',
      permission: P.conclude,
      label: { zh: '送达办结', en: 'Conclude' },
      event: 'cases.case.concluded',
      effect: (s: CaseStep): Patch => ({ concluded_at: s.ctx.now.toISOString() }),
    },
    // The system's move (deemed.ts), never a route: no decision on acceptance within the limit means acceptance from
    // the day the application was received; flagged for e-supervision, the decision clock runs from that day.
    deem_accepted: {
      from: ['submitted'],
      to: 'accepted',
      permission: P.deem_accept,
      needsReason: true,
      label: { zh: '逾期视为受理', en: 'Deemed accepted' },
      event: 'cases.case.deemed_accepted',
      guard: async (s: CaseStep) => {
        const due = await acceptanceDue(s.k, s.tx, s.subject.id);
        if (!due || s.ctx.now.getTime() <= new Date(due.dueAt).getTime())
          throw new AppError({
            code: 'ACCEPTANCE_NOT_OVERDUE',
            status: 409,
            field: 'status',
            zh: '受理期限尚未届满',
            en: 'The acceptance limit has not passed yet',
          });
      },
      effect: async (s: CaseStep): Promise<Patch> => {
        const due = (await acceptanceDue(s.k, s.tx, s.subject.id))!;
        const flags = s.subject.flags;
        return {
          accepted_at: due.startAt,
          accepted_by: s.ctx.principal.id,
          flags: flags.includes('deemed_accepted') ? flags : [...flags, 'deemed_accepted'],
        };
      },
      after: async (s: CaseStep) => {
        const due = (await acceptanceDue(s.k, s.tx, s.subject.id))!;
        const days = Number(s.subject.promised_days);
        await trackDecision(s.k, s.tx, s.ctx.now, s.subject.id, s.subject.region, days, new Date(due.startAt));
        await instantiateSteps(s.k, s.ctx, s.tx, s.subject, P.deem_accept);
      },
    },
    withdraw: {
      from: ['submitted', 'supplement_requested', 'accepted', 'under_review', 'suspended', 'waiting', 'received'],
      to: 'withdrawn',
      permission: P.withdraw,
      needsReason: true,
      label: { zh: '撤回申请', en: 'Withdraw' },
      event: 'cases.case.withdrawn',
      effect: async (s: CaseStep): Promise<Patch> => {
        if (s.subject.status === 'suspended') await endOpenProcedure(s); // the pause ends with the case
        return { concluded_at: s.ctx.now.toISOString() };
      },
    },
    // Reform modes, immediate items and special procedures (reform-actions.ts).
    ...reformActions,
    ...bundleAnywhereActions,
  },
  store: {
    ...versionedStatusRows<'cases_cases', CaseTable>('cases_cases'),
    load: async (_k: Kernel, tx, id) => {
      const row = await findCaseRow(tx, id);
      if (!row) throw absentCase(id);
      return row;
    },
    // Outside the caller's sight answers exactly as absent; a visible case of another department is 403.
    authorize: (k, ctx, tx, row, permission) => requireCaseAction(k, ctx, tx, row, permission),
    view: (k: Kernel, row: CaseTable): CaseCore => toCore(k, row),
    ruleVersion: (row) => `${row.implementation_code}@${row.implementation_version}`,
    eventPayload: (action, row, after) => ({
      id: row.id,
      number: row.number,
      region: row.region,
      department: row.department_code,
      itemId: row.item_id,
      version: after.version,
      status: after.status,
      // For credit regulation: who made the false commitment.
      ...(action === 'find_false_commitment'
        ? {
            applicantKind: row.applicant_kind,
            applicantPersonId: row.applicant_person_id,
            applicantEnterpriseId: row.applicant_enterprise_id,
            itemName: row.item_name,
          }
        : {}),
    }),
  },
});

export type CaseAction = keyof typeof caseLifecycle.def.actions;
export const CASE_ACTIONS = Object.keys(caseLifecycle.def.actions) as CaseAction[];
/** Moves only the system makes (jobs), with no route. */
export const SYSTEM_ACTIONS = [
  'deem_accepted',
  ...REFORM_SYSTEM_ACTIONS,
  ...BUNDLE_SYSTEM_ACTIONS,
] as const satisfies readonly CaseAction[];
export type RoutedAction = Exclude<CaseAction, (typeof SYSTEM_ACTIONS)[number]>;
export const ROUTED_ACTIONS = CASE_ACTIONS.filter(
  (a): a is RoutedAction => !(SYSTEM_ACTIONS as readonly string[]).includes(a),
);
