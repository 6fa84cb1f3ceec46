/** The certificates module's reads and the change / renewal of a certificate (a new version superseding it). */
import type { Kernel } from '../../kernel/kernel.ts';
import { inTx } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { inJurisdiction, requirePermission, type Ctx } from '../../kernel/context.ts';
import { subtreePrefix } from '../../kernel/reference/divisions.ts';
import { notFound } from '../../kernel/errors.ts';
import { certificatesPermissions as P } from './permissions.ts';
import { findCertificateRow, toCertificate } from './repository.ts';
import { inWallet, walletOf } from './wallet.ts';
import { certificateLifecycle } from './lifecycle.ts';
import { factsOfFace, issueCertificate } from './issue.ts';
import { enterpriseFacts } from '../registry/index.ts';
import type { Certificate } from './model.ts';
import type { CertificateTable } from './tables.ts';
import { findType } from './types.ts';
import { qrPayload, renderCertificatePdf } from './pdf.ts';

export type { Certificate } from './model.ts';

const absent = (id: string) => notFound('电子证照 certificate', id, 'params.id');

/** A certificate issued in the caller's jurisdiction; elsewhere it answers exactly as absent. */
export async function getCertificate(k: Kernel, ctx: Ctx, id: string, tx?: Executor): Promise<Certificate> {
  requirePermission(ctx, P.read);
  const row = await findCertificateRow(tx ?? k.db, id);
  if (!row || !inJurisdiction(ctx, row.region)) throw absent(id);
  return toCertificate(row);
}

/** Certificates issued in the caller's jurisdiction, newest first. */
export async function listCertificates(
  k: Kernel,
  ctx: Ctx,
  opts: { limit: number; before?: string | null; status?: string | null },
): Promise<Certificate[]> {
  requirePermission(ctx, P.read);
  let q = k.db
    .selectFrom('certificates_certificates')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(opts.limit);
  if (opts.before) q = q.where('created_at', '<', opts.before);
  if (opts.status) q = q.where('status', '=', opts.status);
  if (ctx.principal.kind !== 'system' && ctx.principal.region)
    q = q.where('region', 'like', subtreePrefix(ctx.principal.region) + '%');
  return (await q.execute()).map(toCertificate);
}

/** The caller's own certificates (证照库): those issued to their account. */
export async function myCertificates(k: Kernel, ctx: Ctx): Promise<Certificate[]> {
  requirePermission(ctx, P.own);
  const w = walletOf(ctx);
  let q = k.db.selectFrom('certificates_certificates').selectAll().where('holder_kind', '=', w.kind);
  q =
    w.kind === 'enterprise'
      ? q.where('holder_enterprise_id', '=', w.enterpriseId)
      : q.where('holder_account', '=', w.account);
  const rows = await q.orderBy('created_at', 'desc').limit(200).execute();
  return rows.map(toCertificate);
}

/** The holder's own credential (vc+jwt) and its SM2 signature, to download or show as a QR code. */
export async function myCredential(
  k: Kernel,
  ctx: Ctx,
  id: string,
): Promise<{ credential: string; sm2: { kid: string; signature: string } | null }> {
  requirePermission(ctx, P.own);
  const row = await findCertificateRow(k.db, id);
  if (!row || !inWallet(ctx, row)) throw absent(id);
  return {
    credential: k.cipher.decrypt(row.credential_enc),
    sm2: row.sm2_signature && row.sm2_kid ? { kid: row.sm2_kid, signature: row.sm2_signature } : null,
  };
}

/**
 * A change (变更) or renewal (延续): the next version of the certificate (same serial, version + 1, a fresh validity
 * from today), and the old one superseded — one transaction.
 */
export async function reissueCertificate(
  k: Kernel,
  ctx: Ctx,
  id: string,
  input: { version: number; reason: string; kind: 'change' | 'renew'; face?: Record<string, unknown> },
  tx?: Executor,
): Promise<Certificate> {
  requirePermission(ctx, P.manage);
  return inTx(k, tx, async (t) => {
    const old = await findCertificateRow(t, id);
    if (!old || !inJurisdiction(ctx, old.region)) throw absent(id);
    await certificateLifecycle.transition(k, ctx, id, 'supersede', { version: input.version, reason: input.reason }, t);
    const uscc = old.holder_enterprise_id ? ((await enterpriseFacts(k, old.holder_enterprise_id, t))?.uscc ?? '') : '';
    // The face is keyed by field name; issuing reads facts by each field's semantic key.
    const facts = await factsOfFace(t, old.type_code, { ...old.face_masked, ...(input.face ?? {}) });
    return issueCertificate(k, ctx, t, {
      typeCode: old.type_code,
      department: old.department_code,
      region: old.region,
      caseId: old.case_id,
      holder:
        old.holder_kind === 'enterprise'
          ? {
              kind: 'enterprise',
              name: old.holder_name,
              uscc,
              account: old.holder_account,
              personId: null,
              enterpriseId: old.holder_enterprise_id,
            }
          : {
              kind: 'person',
              name: old.holder_name,
              residentId: null,
              account: old.holder_account,
              personId: old.holder_person_id,
              enterpriseId: null,
            },
      facts,
      validity: null,
      supersedes: old,
    });
  });
}

/**
 * The certificate's face as a PDF: for its holder (`mine`) or for staff of the issuing jurisdiction; the QR code
 * carries the verification page with the compact credential (its id when too long).
 */
export async function certificatePdf(
  k: Kernel,
  ctx: Ctx,
  id: string,
  as: 'holder' | 'department',
): Promise<{ pdf: Buffer; number: string }> {
  requirePermission(ctx, as === 'holder' ? P.own : P.read);
  const row = await findCertificateRow(k.db, id);
  const visible = row && (as === 'holder' ? inWallet(ctx, row) : inJurisdiction(ctx, row.region));
  if (!row || !visible) throw absent(id);
  return { pdf: await pdfOf(k, row), number: row.number };
}

async function pdfOf(k: Kernel, row: CertificateTable): Promise<Buffer> {
  const type = await findType(k.db, row.type_code);
  const props = (type?.faceSchema.properties ?? {}) as Record<string, { title?: unknown }>;
  const labels = Object.fromEntries(
    Object.entries(props)
      .filter(([, p]) => typeof p.title === 'string')
      .map(([name, p]) => [name, p.title as string]),
  );
  const jws = k.cipher.decrypt(row.credential_enc);
  return renderCertificatePdf({
    certificate: toCertificate(row),
    labels,
    kid: row.kid,
    qr: qrPayload(k.config.publicBaseUrl ?? '', jws, row.id),
  });
}
