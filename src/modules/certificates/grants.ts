/**
 * Wallet grants (用证授权): a holder lets a department — or the department handling one of their cases — use one of
 * their certificates for a stated purpose until a date. Staff of that department then read and verify it; every use
 * is logged (who, when, which department and case, what purpose, what the verification said) and shown to the holder
 * only. The holder can revoke a grant at any time; a grant past its date is no longer usable (it is not moved by a
 * job: `inForce` is computed from the clock).
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { inTx } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { requirePermission, type Ctx } from '../../kernel/context.ts';
import { AppError, invalid, notFound } from '../../kernel/errors.ts';
import { versionedStatusRows } from '../../kernel/db/versioned.ts';
import { defineLifecycle } from '../../kernel/lifecycle.ts';
import { requiredText } from '../../kernel/validators/fields.ts';
import { newId } from '../../kernel/ids.ts';
import { getDepartment } from '../registry/index.ts';
import { getCase } from '../cases/index.ts';
import { certificatesPermissions as P } from './permissions.ts';
import { certificatesEvents } from './events.ts';
import { findCertificateRow, toCertificate } from './repository.ts';
import { verifyCredential } from './verify.ts';
import type { Verification } from './verify-core.ts';
import type { Certificate } from './model.ts';
import type { CertificateTable, GrantTable, GrantUseTable } from './tables.ts';

export const GRANT_STATUSES = ['active', 'revoked'] as const;
/** The longest grant a holder may give in one go. */
export const GRANT_MAX_DAYS = 366;

export interface Grant {
  id: string;
  certificate: { id: string; number: string; typeName: string };
  grantee: { kind: 'department' | 'case'; department: { code: string; name: string }; caseNumber: string | null };
  purpose: string;
  validFrom: string;
  validUntil: string;
  status: (typeof GRANT_STATUSES)[number];
  /** Active and not past its date: the grantee may use it now. */
  inForce: boolean;
  version: number;
  createdAt: string;
}

export interface GrantUse {
  id: string;
  grantId: string;
  certificate: { id: string; number: string; typeName: string };
  /** Who used it: the staff member's name and department (never their account id). */
  user: { name: string; department: { code: string; name: string } };
  caseNumber: string | null;
  purpose: string;
  /** What the verification at the time of use said. */
  valid: boolean;
  at: string;
}

const absent = (id: string) => notFound('用证授权 grant', id, 'params.id');

function toGrant(r: GrantTable, now: Date): Grant {
  return {
    id: r.id,
    certificate: { id: r.certificate_id, number: r.certificate_number, typeName: r.certificate_type_name },
    grantee: {
      kind: r.grantee_kind as Grant['grantee']['kind'],
      department: { code: r.department_code, name: r.department_name },
      caseNumber: r.case_number,
    },
    purpose: r.purpose,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    status: r.status as Grant['status'],
    inForce: r.status === 'active' && r.valid_until > now.toISOString(),
    version: Number(r.version),
    createdAt: r.created_at,
  };
}

const toUse = (r: GrantUseTable): GrantUse => ({
  id: r.id,
  grantId: r.grant_id,
  certificate: { id: r.certificate_id, number: r.certificate_number, typeName: r.certificate_type_name },
  user: { name: r.user_name, department: { code: r.department_code, name: r.department_name } },
  caseNumber: r.case_number,
  purpose: r.purpose,
  valid: r.valid,
  at: r.at,
});

async function findGrantRow(db: Executor, id: string): Promise<GrantTable | undefined> {
  return db.selectFrom('certificates_grants').selectAll().where('id', '=', id).executeTakeFirst();
}

export const grantLifecycle = defineLifecycle({
  subjectType: 'certificates.grant',
  states: GRANT_STATUSES,
  created: { grant: 'active' }, // grantUse below
  stateLabels: { active: { zh: '授权中', en: 'Active' }, revoked: { zh: '已撤销', en: 'Revoked' } },
  actions: {
    revoke: {
      from: ['active'],
      to: 'revoked',
      permission: P.own,
      label: { zh: '撤销授权', en: 'Revoke the grant' },
      event: 'certificates.grant.revoked',
    },
  },
  store: {
    load: async (_k: Kernel, tx, id) => {
      const row = await findGrantRow(tx, id);
      if (!row) throw absent(id);
      return row;
    },
    // Only the holder moves their grants; to anyone else a grant answers as absent.
    authorize: async (_k, ctx, _tx, row) => {
      if (row.holder_account !== ctx.principal.id) throw absent(row.id);
    },
    ...versionedStatusRows<'certificates_grants', GrantTable>('certificates_grants'),
    view: (k: Kernel, row: GrantTable): Grant => toGrant(row, k.clock.now()),
    eventPayload: (_action, row) => ({
      id: row.id,
      certificateId: row.certificate_id,
      department: row.department_code,
      caseId: row.case_id,
    }),
  },
});

/** The holder grants the use of their certificate `certificateId` to a department or to one of their cases. */
export async function grantUse(
  k: Kernel,
  ctx: Ctx,
  certificateId: string,
  input: { department?: string | null; caseId?: string | null; purpose: string; validUntil: string },
  tx?: Executor,
): Promise<Grant> {
  requirePermission(ctx, P.own);
  const purpose = requiredText('body.purpose', input.purpose, 200);
  if (Boolean(input.department) === Boolean(input.caseId))
    throw invalid(
      'body.department',
      'GRANTEE_REQUIRED',
      '请选择被授权的部门或办件（二选一）',
      'Name either the department or the case the use is granted to',
    );
  const now = ctx.now;
  const until = /^\d{4}-\d{2}-\d{2}$/.test(input.validUntil)
    ? new Date(`${input.validUntil}T23:59:59+08:00`) // through the end of that day in China
    : new Date(NaN);
  if (Number.isNaN(until.getTime()) || until <= now || until.getTime() - now.getTime() > GRANT_MAX_DAYS * 86_400_000)
    throw invalid(
      'body.validUntil',
      'GRANT_PERIOD_INVALID',
      `授权截止日期须为今天起 ${GRANT_MAX_DAYS} 天内的日期（YYYY-MM-DD）`,
      `The grant must end on a date (YYYY-MM-DD) within ${GRANT_MAX_DAYS} days from today`,
    );
  return inTx(k, tx, async (t) => {
    const cert = await findCertificateRow(t, certificateId);
    if (!cert || cert.holder_account !== ctx.principal.id)
      throw notFound('电子证照 certificate', certificateId, 'params.id');
    if (cert.status !== 'issued' || (cert.valid_until && cert.valid_until <= now.toISOString()))
      throw new AppError({
        code: 'CERTIFICATE_NOT_IN_FORCE',
        status: 409,
        field: 'params.id',
        zh: '该证照已注销、暂停、被替代或过期，不能授权使用',
        en: 'This certificate is revoked, suspended, superseded or expired and cannot be granted',
      });
    let grantee: Grantee;
    if (input.caseId) {
      // The holder's own case only (cases answers any other as absent).
      const c = await getCase(k, ctx, input.caseId, t);
      grantee = {
        kind: 'case',
        code: c.department.code,
        name: c.department.name,
        region: c.region,
        caseRef: { id: c.id, number: c.number },
      };
    } else {
      const d = await getDepartment(k, input.department!, t, 'body.department');
      grantee = { kind: 'department', code: d.code, name: d.name, region: d.region, caseRef: null };
    }
    return recordGrant(k, ctx, t, cert, grantee, purpose, until);
  });
}

export interface Grantee {
  kind: 'department' | 'case';
  code: string;
  name: string;
  region: string;
  caseRef: { id: string; number: string } | null;
}

/**
 * Writes a grant of `cert` (checked by the caller: the holder's, in force) to `grantee` until `until`, with its
 * action, chain link and `certificates.grant.created`, in the caller's transaction. The grant belongs to the
 * certificate's holder account (their grants and usage log show it).
 */
export async function recordGrant(
  k: Kernel,
  ctx: Ctx,
  t: Executor,
  cert: CertificateTable,
  grantee: Grantee,
  purpose: string,
  until: Date,
): Promise<Grant> {
  const at = ctx.now.toISOString();
  const row: GrantTable = {
    id: newId(),
    certificate_id: cert.id,
    certificate_number: cert.number,
    certificate_type_name: cert.type_name,
    holder_account: cert.holder_account ?? ctx.principal.id,
    grantee_kind: grantee.kind,
    department_code: grantee.code,
    department_name: grantee.name,
    region: grantee.region,
    case_id: grantee.caseRef?.id ?? null,
    case_number: grantee.caseRef?.number ?? null,
    purpose,
    valid_from: at,
    valid_until: until.toISOString(),
    status: 'active',
    version: 1,
    created_at: at,
    updated_at: at,
  };
  await t.insertInto('certificates_grants').values(row).execute();
  const after = toGrant(row, ctx.now);
  await k.audit.record(t, ctx, {
    permission: P.own,
    action: 'grant',
    subjectType: 'certificates.grant',
    subjectId: row.id,
    after,
    event: certificatesEvents.make('certificates.grant.created', {
      id: row.id,
      certificateId: cert.id,
      department: grantee.code,
      caseId: row.case_id,
    }),
  });
  return after;
}

/** The grant of `certificateId` to case `caseId` (any status), if the holder gave one. */
export async function findCaseGrant(db: Executor, certificateId: string, caseId: string) {
  return db
    .selectFrom('certificates_grants')
    .selectAll()
    .where('certificate_id', '=', certificateId)
    .where('case_id', '=', caseId)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

/**
 * Logs one use of a granted certificate by a staff member (for the holder's usage log), in `db`. With `withinMs`, a
 * use by the same person of the same grant with the same answer already logged in that window counts as this one
 * (a clerk reading a case's materials again and again is one use).
 */
export async function logGrantUse(
  db: Executor,
  ctx: Ctx,
  grant: GrantTable,
  cert: CertificateTable,
  department: { code: string; name: string },
  valid: boolean,
  withinMs = 0,
): Promise<void> {
  if (withinMs > 0) {
    const recent = await db
      .selectFrom('certificates_grant_uses')
      .select('valid')
      .where('grant_id', '=', grant.id)
      .where('user_id', '=', ctx.principal.id)
      .where('at', '>=', new Date(ctx.now.getTime() - withinMs).toISOString())
      .orderBy('at', 'desc')
      .limit(20)
      .execute();
    if (recent.some((u) => Boolean(u.valid) === valid)) return;
  }
  const use: GrantUseTable = {
    id: newId(),
    grant_id: grant.id,
    certificate_id: cert.id,
    certificate_number: cert.number,
    certificate_type_name: cert.type_name,
    holder_account: grant.holder_account,
    user_id: ctx.principal.id,
    user_name: ctx.principal.name,
    department_code: department.code,
    department_name: department.name,
    case_id: grant.case_id,
    case_number: grant.case_number,
    purpose: grant.purpose,
    valid,
    at: ctx.now.toISOString(),
  };
  await db.insertInto('certificates_grant_uses').values(use).execute();
}

/** The holder's grants, newest first (revoked and lapsed ones too). */
export async function myGrants(k: Kernel, ctx: Ctx): Promise<Grant[]> {
  requirePermission(ctx, P.own);
  const rows = await k.db
    .selectFrom('certificates_grants')
    .selectAll()
    .where('holder_account', '=', ctx.principal.id)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => toGrant(r, ctx.now));
}

/** The holder's usage log: every use of any of their certificates, newest first. */
export async function myGrantUses(k: Kernel, ctx: Ctx): Promise<GrantUse[]> {
  requirePermission(ctx, P.own);
  const rows = await k.db
    .selectFrom('certificates_grant_uses')
    .selectAll()
    .where('holder_account', '=', ctx.principal.id)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
  return rows.map(toUse);
}

/** A grant as the grantee department sees it: only grants to the caller's own department. */
function visibleToStaff(ctx: Ctx, row: GrantTable | undefined): row is GrantTable {
  return Boolean(row && ctx.principal.department && row.department_code === ctx.principal.department);
}

/** Grants in force to the caller's department, newest first. */
export async function grantsToMyDepartment(k: Kernel, ctx: Ctx): Promise<Grant[]> {
  requirePermission(ctx, P.use);
  if (!ctx.principal.department) return [];
  const rows = await k.db
    .selectFrom('certificates_grants')
    .selectAll()
    .where('department_code', '=', ctx.principal.department)
    .where('status', '=', 'active')
    .where('valid_until', '>', ctx.now.toISOString())
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => toGrant(r, ctx.now));
}

/**
 * The grantee department uses a granted certificate: the certificate (face masked) and a fresh verification of its
 * credential, and the use logged for the holder — in one transaction with the check that the grant is in force.
 */
export async function useGrantedCertificate(
  k: Kernel,
  ctx: Ctx,
  grantId: string,
): Promise<{ grant: Grant; certificate: Certificate; verification: Verification }> {
  requirePermission(ctx, P.use);
  const inForce = async (db: Executor) => {
    const row = await findGrantRow(db, grantId);
    if (!visibleToStaff(ctx, row)) throw absent(grantId);
    const grant = toGrant(row, ctx.now);
    if (!grant.inForce)
      throw new AppError({
        code: 'GRANT_NOT_IN_FORCE',
        status: 410,
        field: 'params.id',
        zh: row.status === 'revoked' ? '持证人已撤销此授权' : '此授权已过期',
        en: row.status === 'revoked' ? 'The holder has revoked this grant' : 'This grant has lapsed',
      });
    return { row, grant };
  };
  const { row } = await inForce(k.db);
  const cert = await findCertificateRow(k.db, row.certificate_id);
  if (!cert) throw absent(grantId);
  // Verified before the transaction (verification reads through the kernel's own handle and caches).
  const verification = await verifyCredential(k, {
    credential: k.cipher.decrypt(cert.credential_enc),
    sm2Signature: cert.sm2_signature && cert.sm2_kid ? { kid: cert.sm2_kid, signature: cert.sm2_signature } : null,
  });
  return inTx(k, undefined, async (t) => {
    // Checked again in the transaction that logs the use: a revocation committed meanwhile wins.
    const { grant } = await inForce(t);
    const use: GrantUseTable = {
      id: newId(),
      grant_id: row.id,
      certificate_id: cert.id,
      certificate_number: cert.number,
      certificate_type_name: cert.type_name,
      holder_account: row.holder_account,
      user_id: ctx.principal.id,
      user_name: ctx.principal.name,
      department_code: row.department_code,
      department_name: row.department_name,
      case_id: row.case_id,
      case_number: row.case_number,
      purpose: row.purpose,
      valid: verification.valid,
      at: ctx.now.toISOString(),
    };
    await t.insertInto('certificates_grant_uses').values(use).execute();
    return { grant, certificate: toCertificate(cert), verification };
  });
}
