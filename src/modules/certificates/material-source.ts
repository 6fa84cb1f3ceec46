/**
 * The certificate source of cases' material-source interface (免证可办): an applicant's own certificate in force
 * gives a material of its type instead of an upload. Choosing it verifies the credential (signature and status
 * list) in the case's transaction and grants the case's department its use (用证授权, shown to the holder); every
 * later look by staff verifies it again (a revocation shows at once) and is logged in the holder's usage log.
 */
import { createHash } from 'node:crypto';
import type { Kernel } from '../../kernel/kernel.ts';
import { AppError, notFound } from '../../kernel/errors.ts';
import { addDays, shanghaiDate } from '../../kernel/calendar/index.ts';
import { findDepartment, getDepartment } from '../registry/index.ts';
import type { MaterialSource, SourceRecord } from '../cases/index.ts';
import { findCertificateRow } from './repository.ts';
import { verifyCredential } from './verify.ts';
import { findCaseGrant, GRANT_MAX_DAYS, logGrantUse, recordGrant } from './grants.ts';
import type { CertificateTable } from './tables.ts';
import type { Verification } from './verify-core.ts';

/** Reads of a case's certificate by one staff member within this window are one use in the holder's log. */
export const USE_LOG_WINDOW_MS = 10 * 60_000;

const toRecord = (r: CertificateTable): SourceRecord => ({
  id: r.id,
  number: r.number,
  type: { code: r.type_code, name: r.type_name },
  issuer: r.department_name,
  holderName: r.holder_name,
  face: r.face_masked,
  validFrom: r.valid_from,
  validUntil: r.valid_until,
  illustrative: r.illustrative,
});

const checkOf = (v: Verification) => ({ valid: v.valid, reason: v.reason, message: v.message });

/** Whether the applicant holds `r`: the enterprise they act for, or (as a person) their own account. */
function holds(
  r: CertificateTable,
  a: { kind: 'person' | 'enterprise'; account: string; enterpriseId: string | null },
) {
  return a.kind === 'enterprise'
    ? r.holder_kind === 'enterprise' && !!a.enterpriseId && r.holder_enterprise_id === a.enterpriseId
    : r.holder_kind === 'person' && r.holder_account === a.account;
}

const verify = (k: Kernel, r: CertificateTable, db = k.db) =>
  verifyCredential(
    k,
    {
      credential: k.cipher.decrypt(r.credential_enc),
      sm2Signature: r.sm2_signature && r.sm2_kid ? { kid: r.sm2_kid, signature: r.sm2_signature } : null,
    },
    db,
  );

export const certificateMaterialSource: MaterialSource = {
  kind: 'certificate',

  async candidates(k, ctx, a, type) {
    let q = k.db
      .selectFrom('certificates_certificates')
      .selectAll()
      .where('type_code', '=', type)
      .where('status', '=', 'issued')
      .where('holder_kind', '=', a.kind)
      .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', ctx.now.toISOString())]))
      .orderBy('created_at', 'desc')
      .limit(50);
    q =
      a.kind === 'enterprise'
        ? q.where('holder_enterprise_id', '=', a.enterpriseId)
        : q.where('holder_account', '=', a.account);
    return (await q.execute()).map(toRecord);
  },

  async use(k, ctx, tx, a, u) {
    const r = await findCertificateRow(tx, u.recordId);
    // Someone else's certificate answers exactly as an absent one.
    if (!r || !holds(r, a)) throw notFound('电子证照 certificate', u.recordId, 'body.certificateId');
    if (r.type_code !== u.certificateType)
      throw new AppError({
        code: 'CERTIFICATE_TYPE_MISMATCH',
        status: 409,
        field: 'body.certificateId',
        zh: `所选证照是“${r.type_name}”，该材料需要其他类型的证照`,
        en: `The chosen certificate is a "${r.type_name}"; this material needs another type`,
        details: { expected: u.certificateType, actual: r.type_code },
      });
    const v = await verify(k, r, tx);
    if (!v.valid)
      throw new AppError({
        code: 'CERTIFICATE_NOT_VALID',
        status: 409,
        field: 'body.certificateId',
        zh: `所选证照不能使用：${v.message.zh}`,
        en: `The chosen certificate cannot be used: ${v.message.en}`,
        details: { reason: v.reason },
      });
    // The case's department may use it for as long as a grant may last (the holder can revoke it in their wallet).
    if (!(await findCaseGrant(tx, r.id, u.caseId))) {
      const d = await getDepartment(k, u.department, tx, 'department');
      const until = new Date(`${addDays(shanghaiDate(ctx.now), GRANT_MAX_DAYS - 1)}T23:59:59+08:00`);
      await recordGrant(
        k,
        ctx,
        tx,
        r,
        { kind: 'case', code: d.code, name: d.name, region: d.region, caseRef: { id: u.caseId, number: u.caseNumber } },
        `办件 ${u.caseNumber} 的申请材料“${u.materialName}”（免提交）`,
        until,
      );
    }
    const jws = Buffer.from(k.cipher.decrypt(r.credential_enc));
    return {
      record: toRecord(r),
      check: checkOf(v),
      sha256: createHash('sha256').update(jws).digest('hex'),
      size: jws.length,
    };
  },

  async look(k, ctx, recordId, c) {
    const r = await findCertificateRow(k.db, recordId);
    if (!r) return null;
    const v = await verify(k, r);
    // A staff member's look is a use of the holder's certificate: logged for the holder (who, when, which case).
    if (ctx.principal.kind === 'staff') {
      const grant = await findCaseGrant(k.db, r.id, c.caseId);
      if (grant) {
        const code = ctx.principal.department ?? grant.department_code;
        const d = code === grant.department_code ? null : await findDepartment(k, code);
        await logGrantUse(
          k.db,
          ctx,
          grant,
          r,
          d ? { code: d.code, name: d.name } : { code: grant.department_code, name: grant.department_name },
          v.valid,
          USE_LOG_WINDOW_MS,
        );
      }
    }
    return { record: toRecord(r), check: checkOf(v) };
  },
};
