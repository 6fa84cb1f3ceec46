/**
 * The rectification lifecycle (差评整改), declared as data with the kernel's `defineLifecycle`:
 *
 *   opened → called_back (回访: what the rater said, recorded) → verified (核实: the findings) →
 *   rectified (整改: what was changed) | explained (解释说明) | appealed (申诉: the rating is unfounded) →
 *   unfounded (the supervisor upholds the appeal) or back to verified (the supervisor rejects it).
 *
 * A real-name rating (实名评价) must be called back before it is verified; an anonymous one may be verified at once.
 * Every reason is required and recorded; each move writes the rectification, an action and its chain link, and
 * `ratings.rectification.<verb>`, in one transaction. src/modules/ratings/lifecycles.md draws it.
 */
import { versionedStatusRows } from '../../kernel/db/versioned.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { AppError } from '../../kernel/errors.ts';
import { defineLifecycle, type Step } from '../../kernel/lifecycle.ts';
import { ratingsPermissions as P } from './permissions.ts';
import { findRectification, toCore, type RectificationCore } from './repository.ts';
import { absentRectification, requireRectificationAction } from './access.ts';
import { RECTIFICATION_SUBJECT, rectificationDue } from './deadlines.ts';
import { RECTIFICATION_LABELS, RECTIFICATION_STATUSES } from './model.ts';
import type { RatingsRectificationTable } from './tables.ts';

type Patch = Partial<RatingsRectificationTable>;
type RStep = Step<RatingsRectificationTable>;

/** The rectification ends: on time when finished by the tracked due time. */
async function finished(s: RStep, patch: Patch): Promise<Patch> {
  const due = await rectificationDue(s.k, s.tx, s.subject.id);
  const onTime = !due?.dueAt || s.ctx.now.getTime() <= new Date(due.dueAt).getTime();
  return { ...patch, finished_at: s.ctx.now.toISOString(), on_time: onTime };
}

export const rectificationLifecycle = defineLifecycle({
  subjectType: RECTIFICATION_SUBJECT,
  states: RECTIFICATION_STATUSES,
  created: { open: 'opened' }, // by the poor rating itself (service.ts)
  stateLabels: RECTIFICATION_LABELS,
  actions: {
    callback: {
      from: ['opened'],
      to: 'called_back',
      permission: P.rectify,
      needsReason: true,
      label: { zh: '记录回访', en: 'Record the callback' },
      event: 'ratings.rectification.called_back',
      effect: (s: RStep): Patch => ({ callback_note: s.reason, called_back_at: s.ctx.now.toISOString() }),
    },
    verify: {
      from: ['opened', 'called_back'],
      to: 'verified',
      permission: P.rectify,
      needsReason: true,
      label: { zh: '核实', en: 'Verify' },
      event: 'ratings.rectification.verified',
      guard: (s: RStep) => {
        if (s.subject.real_name && s.subject.status === 'opened')
          throw new AppError({
            code: 'CALLBACK_REQUIRED',
            status: 409,
            field: 'status',
            zh: '实名差评须先回访评价人并记录回访情况，再行核实',
            en: 'A real-name rating must be called back, and the callback recorded, before it is verified',
          });
      },
      effect: (s: RStep): Patch => ({ findings: s.reason }),
    },
    rectify: {
      from: ['verified'],
      to: 'rectified',
      permission: P.rectify,
      needsReason: true,
      label: { zh: '整改', en: 'Rectify' },
      event: 'ratings.rectification.rectified',
      effect: (s: RStep) => finished(s, { outcome: s.reason }),
    },
    explain: {
      from: ['verified'],
      to: 'explained',
      permission: P.rectify,
      needsReason: true,
      label: { zh: '解释说明', en: 'Explain' },
      event: 'ratings.rectification.explained',
      effect: (s: RStep) => finished(s, { outcome: s.reason }),
    },
    appeal: {
      from: ['verified'],
      to: 'appealed',
      permission: P.rectify,
      needsReason: true,
      label: { zh: '申诉不实差评', en: 'Appeal as unfounded' },
      event: 'ratings.rectification.appealed',
      // One appeal per rating: once the supervisor rejected it, the department rectifies or explains.
      guard: (s: RStep) => {
        if (s.subject.appeal_decision !== null)
          throw new AppError({
            code: 'APPEAL_ALREADY_DECIDED',
            status: 409,
            field: 'status',
            zh: '该差评的申诉已被裁定不成立，不能再次申诉，请整改或解释说明',
            en: 'The appeal against this rating was rejected already; rectify or explain instead',
          });
      },
      effect: (s: RStep): Patch => ({ appeal_reason: s.reason, appeal_decision: null }),
    },
    uphold_appeal: {
      from: ['appealed'],
      to: 'unfounded',
      permission: P.decide_appeal,
      needsReason: true,
      label: { zh: '申诉成立', en: 'Uphold the appeal' },
      event: 'ratings.rectification.appeal_upheld',
      effect: (s: RStep) => finished(s, { appeal_decision: s.reason, outcome: s.reason }),
    },
    reject_appeal: {
      from: ['appealed'],
      to: 'verified',
      permission: P.decide_appeal,
      needsReason: true,
      label: { zh: '申诉不成立', en: 'Reject the appeal' },
      event: 'ratings.rectification.appeal_rejected',
      effect: (s: RStep): Patch => ({ appeal_decision: s.reason }),
    },
  },
  store: {
    ...versionedStatusRows<'ratings_rectifications', RatingsRectificationTable>('ratings_rectifications'),
    load: async (_k: Kernel, tx, id) => {
      const row = await findRectification(tx, id);
      if (!row) throw absentRectification(id);
      return row;
    },
    // Outside the caller's sight answers exactly as absent; another department's rectification is 403.
    authorize: (k, ctx, tx, row, permission) => requireRectificationAction(k, ctx, tx, row, permission),
    view: (_k: Kernel, row: RatingsRectificationTable): RectificationCore => toCore(row),
    eventPayload: (_action, row, after) => ({
      id: row.id,
      ratingId: row.rating_id,
      region: row.region,
      department: row.department_code,
      version: after.version,
      status: after.status,
    }),
  },
});

export type RectificationAction = keyof typeof rectificationLifecycle.def.actions;
export const RECTIFICATION_ACTIONS = Object.keys(rectificationLifecycle.def.actions) as RectificationAction[];
