/**
 * A certificate's lifecycle: issued → revoked (注销) | suspended (暂停) ↔ reinstated (恢复), and superseded when a
 * change (变更) or renewal (延续) issues its next version. Every move needs a reason and sets the certificate's bits
 * in the department's status lists in the same transaction, so a verifier sees it at once. Past its `validUntil` the
 * system's daily job (expiry.ts) moves it to expired: no bit (verifiers answer `expired` from the dates), the holder
 * enterprise's licence marked expired.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { inJurisdiction } from '../../kernel/context.ts';
import { notFound } from '../../kernel/errors.ts';
import { versionedStatusRows } from '../../kernel/db/versioned.ts';
import { defineLifecycle, type Step } from '../../kernel/lifecycle.ts';
import { recordEnterpriseLicence } from '../registry/index.ts';
import { certificatesPermissions as P } from './permissions.ts';
import { findCertificateRow, toCertificate } from './repository.ts';
import { CERTIFICATE_STATUSES, STATUS_LABELS, type Certificate } from './model.ts';
import { setStatus, type StatusPurpose } from './status-list.ts';
import { licenceOf } from './issue.ts';
import type { CertificateTable } from './tables.ts';

type S = Step<CertificateTable>;

/** Sets the lists' bits to the certificate's new status and keeps the holder enterprise's licences current. */
const reflect =
  (bits: Partial<Record<StatusPurpose, boolean>>) =>
  async (s: S, v: Certificate): Promise<void> => {
    const r = s.subject;
    const at = s.ctx.now.toISOString();
    for (const [purpose, on] of Object.entries(bits))
      await setStatus(s.tx, r.status_list, purpose as StatusPurpose, Number(r.status_index), on, at);
    if (r.holder_enterprise_id)
      await recordEnterpriseLicence(s.k, s.ctx, r.holder_enterprise_id, { ...licenceOf(r), status: v.status }, s.tx);
  };

export const certificateLifecycle = defineLifecycle({
  subjectType: 'certificates.certificate',
  states: CERTIFICATE_STATUSES,
  created: { issue: 'issued' }, // issue.ts
  stateLabels: STATUS_LABELS,
  actions: {
    revoke: {
      from: ['issued', 'suspended'],
      to: 'revoked',
      permission: P.manage,
      needsReason: true,
      label: { zh: '注销', en: 'Revoke' },
      event: 'certificates.certificate.revoked',
      after: reflect({ revocation: true, suspension: false }),
    },
    suspend: {
      from: ['issued'],
      to: 'suspended',
      permission: P.manage,
      needsReason: true,
      label: { zh: '暂停', en: 'Suspend' },
      event: 'certificates.certificate.suspended',
      after: reflect({ suspension: true }),
    },
    reinstate: {
      from: ['suspended'],
      to: 'issued',
      permission: P.manage,
      needsReason: true,
      label: { zh: '恢复', en: 'Reinstate' },
      event: 'certificates.certificate.reinstated',
      after: reflect({ suspension: false }),
    },
    supersede: {
      from: ['issued', 'suspended', 'expired'],
      to: 'superseded',
      permission: P.manage,
      needsReason: true,
      label: { zh: '被新版本替代', en: 'Superseded' },
      event: 'certificates.certificate.superseded',
      after: reflect({ revocation: true, suspension: false }),
    },
    // The system's move (expiry.ts), never a route: the certificate's validity has passed.
    expire: {
      from: ['issued', 'suspended'],
      to: 'expired',
      permission: P.expire,
      needsReason: true,
      label: { zh: '有效期届满', en: 'Expired' },
      event: 'certificates.certificate.expired',
      after: reflect({}),
    },
  },
  store: {
    load: async (_k: Kernel, tx, id) => {
      const row = await findCertificateRow(tx, id);
      if (!row) throw notFound('电子证照 certificate', id, 'params.id');
      return row;
    },
    // Staff act on their department's region only; outside it answers exactly as absent.
    authorize: async (_k, ctx, _tx, row) => {
      if (!inJurisdiction(ctx, row.region)) throw notFound('电子证照 certificate', row.id, 'params.id');
    },
    ...versionedStatusRows<'certificates_certificates', CertificateTable>('certificates_certificates'),
    view: (_k: Kernel, row: CertificateTable): Certificate => toCertificate(row),
    eventPayload: (_action, row, after) => ({
      id: row.id,
      number: row.number,
      department: row.department_code,
      version: after.version,
      status: after.status,
    }),
  },
});
