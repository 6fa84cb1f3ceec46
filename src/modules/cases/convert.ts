/** Case rows as services return them (the part of a case that the audit digests cover). */
import type { Kernel } from '../../kernel/kernel.ts';
import type { CaseViewRow } from './repository.ts';
import type { ApplicantKind, Case, CaseStatus, Channel } from './model.ts';

/** A case without the caller-dependent parts (deadline lights and available actions). */
export type CaseCore = Omit<Case, 'deadlines' | 'actions' | 'commitment' | 'specialProcedure'>;

export function toCore(k: Kernel, r: CaseViewRow): CaseCore {
  const items = r.supplement_items;
  return {
    id: r.id,
    number: r.number,
    status: r.status as CaseStatus,
    version: Number(r.version),
    item: { id: r.item_id, name: r.item_name },
    implementation: { id: r.implementation_id, version: Number(r.implementation_version), code: r.implementation_code },
    region: r.region,
    regionName: r.region_name,
    department: { code: r.department_code, name: r.department_name },
    basis: r.basis as 'own' | 'delegated',
    applicant: { kind: r.applicant_kind as ApplicantKind, name: r.applicant_name },
    channel: r.channel as Channel,
    window: r.window,
    form: r.form_masked,
    formLabels: r.form_labels,
    promisedDays: Number(r.promised_days),
    submittedAt: r.submitted_at,
    acceptedAt: r.accepted_at,
    decidedAt: r.decided_at,
    concludedAt: r.concluded_at,
    refusal: r.refusal_reason ? { reason: r.refusal_reason, legalBasis: r.refusal_basis ?? '' } : null,
    supplement:
      items && r.supplement_requested_at
        ? { items, requestedAt: r.supplement_requested_at, count: Number(r.supplement_count) }
        : null,
    decision: r.decision
      ? { outcome: r.decision as 'granted' | 'denied', reason: r.decision_reason, legalBasis: r.decision_basis }
      : null,
    flags: r.flags,
    updatedAt: r.updated_at,
    reformMode: (r.reform_mode ?? null) as CaseCore['reformMode'],
    handlingKind: r.handling_kind === 'immediate' ? 'immediate' : 'promised',
  };
}
