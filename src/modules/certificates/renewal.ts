/**
 * Renewal (延续) from the wallet: the holder of a certificate in force (or lately expired) starts a renewal case —
 * a case of the item whose case issued the certificate, filed through cases' `fileCase` with the form of that case
 * (the holder's own, prefilled; they may send a corrected form) — and the case is linked to the certificate
 * (`certificates_renewals`). Granting it issues the certificate's next version (same serial, version + 1: `renew`)
 * instead of a new certificate: the result-issuer below supersedes the old one in the decision's transaction.
 * Starting again while a renewal case is open answers that case (idempotent).
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { inTx } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { requirePermission, systemCtx, type Ctx } from '../../kernel/context.ts';
import { AppError, notFound } from '../../kernel/errors.ts';
import { fileCase, getCase, ownCaseForm, type ResultIssuer } from '../cases/index.ts';
import { certificatesPermissions as P } from './permissions.ts';
import { findCertificateRow } from './repository.ts';
import { certificateLifecycle } from './lifecycle.ts';
import { findType } from './types.ts';
import { issueForCase } from './issue.ts';
import type { CertificateTable } from './tables.ts';

/** Statuses a renewal may start from, and be granted on. */
const RENEWABLE = ['issued', 'expired'];
/** Case statuses that end a renewal without a grant: the holder may start another. */
const ENDED = ['refused', 'denied', 'withdrawn', 'revoked'];

export interface Renewal {
  case: { id: string; number: string; status: string };
  created: boolean;
}

/** Starts (or answers the open) renewal case of the caller's certificate. */
export async function startRenewal(
  k: Kernel,
  ctx: Ctx,
  id: string,
  input: { form?: Record<string, unknown> },
  tx?: Executor,
): Promise<Renewal> {
  requirePermission(ctx, P.own);
  return inTx(k, tx, async (t) => {
    const row = await findCertificateRow(t, id);
    if (!row || row.holder_account !== ctx.principal.id) throw notFound('电子证照 certificate', id, 'params.id');
    if (!RENEWABLE.includes(row.status))
      throw new AppError({
        code: 'CERTIFICATE_NOT_RENEWABLE',
        status: 409,
        field: 'params.id',
        zh: '该证照已注销、暂停或已被新版本取代，不能申请延续',
        en: 'This certificate is revoked, suspended or superseded: it cannot be renewed',
      });
    const links = await t
      .selectFrom('certificates_renewals')
      .select('case_id')
      .where('certificate_id', '=', id)
      .orderBy('created_at', 'desc')
      .execute();
    for (const l of links) {
      const c = await getCase(k, ctx, l.case_id, t);
      if (!ENDED.includes(c.status)) return { case: { id: c.id, number: c.number, status: c.status }, created: false };
    }
    if (!row.case_id)
      throw new AppError({
        code: 'RENEWAL_NO_CASE',
        status: 409,
        field: 'params.id',
        zh: '该证照不是经网上办件签发的，请到签发部门申请延续',
        en: 'This certificate was not issued on a case here: apply to its issuer for renewal',
      });
    const prior = await ownCaseForm(k, ctx, row.case_id, t);
    const c = await fileCase(k, ctx, { itemId: prior.itemId, region: prior.region, form: input.form ?? prior.form }, t);
    await t
      .insertInto('certificates_renewals')
      .values({
        case_id: c.id,
        certificate_id: id,
        holder_account: ctx.principal.id,
        created_at: ctx.now.toISOString(),
      })
      .execute();
    await k.audit.record(t, ctx, {
      permission: P.own,
      action: 'renewal_filed',
      subjectType: 'certificates.certificate',
      subjectId: id,
      reason: `申请延续：办件 ${c.number}`,
      after: { caseId: c.id, caseNumber: c.number },
    });
    return { case: { id: c.id, number: c.number, status: c.status }, created: true };
  });
}

/** The certificate a granted case renews, when it is a renewal case of a certificate still renewable here. */
async function renewed(tx: Executor, caseId: string, type: string, department: string) {
  const link = await tx
    .selectFrom('certificates_renewals')
    .select('certificate_id')
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  const old = link ? await findCertificateRow(tx, link.certificate_id) : undefined;
  // Another type or issuer (the item moved to another department) is a new certificate, not this one's next version.
  return old && RENEWABLE.includes(old.status) && old.type_code === type && old.department_code === department
    ? old
    : null;
}

/**
 * Cases' result-issuer: a granted case's certificate, or — for a renewal case — the renewed certificate's next
 * version, the old one superseded by the system in the same transaction (the approver decides the case, not the
 * certificate's lifecycle).
 */
export const renewingIssuer: ResultIssuer = {
  async issue(k, ctx, tx, r) {
    // A code no type defines yet issues nothing (the grant stands); the undefined-codes report lists it.
    if (!(await findType(tx, r.certificateType))) return;
    const old = await renewed(tx, r.caseId, r.certificateType, r.department);
    let supersedes: CertificateTable | undefined;
    if (old) {
      await certificateLifecycle.transition(
        k,
        systemCtx(ctx.now),
        old.id,
        'supersede',
        { version: Number(old.version), reason: `延续：办件 ${r.caseNumber} 准予许可` },
        tx,
      );
      supersedes = (await findCertificateRow(tx, old.id))!;
    }
    await issueForCase(k, ctx, tx, r, supersedes);
  },
};
