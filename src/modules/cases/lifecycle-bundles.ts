/**
 * The case moves that bundles and handle-anywhere add to `caseLifecycle` (spread into its actions):
 *
 *   received → submitted (forward): the accepting window of a handle-anywhere case (代收代办) has checked it and hands
 *     it to the competent body, which then accepts or refuses as usual. The acceptance clock has run since receipt:
 *     forwarding is the administration's time, not the applicant's.
 *   waiting → submitted (start_member): the system starts a bundle member once every member it depends on is granted;
 *     its acceptance clock starts then.
 *   waiting → not_started (stop_member): the system stops it when one of those ended otherwise.
 */
import { forwardDone } from './anywhere-store.ts';
import { casesPermissions as P } from './permissions.ts';
import { scheduleDeemedAcceptance, trackAcceptance } from './deadlines.ts';
import type { Step } from '../../kernel/lifecycle.ts';
import type { CaseTable } from './tables.ts';

type CaseStep = Step<CaseTable>;

export const bundleAnywhereActions = {
  forward: {
    from: ['received'],
    to: 'submitted',
    permission: P.forward,
    label: { zh: '转交有权机关', en: 'Forward to the competent body' },
    event: 'cases.case.forwarded',
    after: (s: CaseStep) => forwardDone(s.tx, s.subject.id, s.ctx),
  },
  start_member: {
    from: ['waiting'],
    to: 'submitted',
    permission: P.start_member,
    needsReason: true,
    label: { zh: '前置事项已准予，开始办理', en: 'Start (prerequisites granted)' },
    event: 'cases.case.member_started',
    after: async (s: CaseStep) => {
      await trackAcceptance(s.k, s.tx, s.ctx.now, s.subject.id, s.subject.region);
      await scheduleDeemedAcceptance(s.k, s.tx, s.ctx.now, s.subject.id);
    },
  },
  stop_member: {
    from: ['waiting'],
    to: 'not_started',
    permission: P.start_member,
    needsReason: true,
    label: { zh: '前置事项未获准予，不再办理', en: 'Not started (a prerequisite was not granted)' },
    event: 'cases.case.member_not_started',
    effect: (s: CaseStep): Partial<CaseTable> => ({ concluded_at: s.ctx.now.toISOString() }),
  },
} as const;

/** Moves only the system makes. */
export const BUNDLE_SYSTEM_ACTIONS = ['start_member', 'stop_member'] as const;
