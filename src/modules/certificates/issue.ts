/**
 * Issuing a certificate (签发): inside the caller's transaction (a granted case's, through cases' result-issuer seam)
 * — number, status-list index, the signed vc+jwt (and SM2 signature), the stored row (credential encrypted), the
 * action and event, and the registry enterprise's licences.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { getDepartment, enterpriseFacts, recordEnterpriseLicence } from '../registry/index.ts';
import type { GrantedResult, ResultIssuer } from '../cases/index.ts';
import { certificatesPermissions as P } from './permissions.ts';
import { certificatesEvents } from './events.ts';
import { activeKeyRow, privateKeyOf, signingKey, sm2PrivateOf } from './keys.ts';
import { allocateIndex } from './status-list.ts';
import { certificateNumber } from './number.ts';
import { holderClaims, issuerIdOf, signCredential, statusEntries, VC_CONTEXT, type Holder } from './credential.ts';
import { findType, type Validity } from './types.ts';
import { nextSerial, toCertificate } from './repository.ts';
import type { CertificateTable } from './tables.ts';
import type { Certificate } from './model.ts';
import { enqueueExpiryRun } from './expiry-schedule.ts';
import { shanghaiDate } from '../../kernel/calendar/index.ts';

export interface IssueInput {
  typeCode: string;
  department: string;
  region: string;
  caseId: string | null;
  holder: Holder & { account: string | null; personId: string | null; enterpriseId: string | null };
  /** Facts by semantic key (masked) the face's `x-semantic-key` fields take their values from. */
  facts: Record<string, unknown>;
  validity: Validity | null;
  /** The certificate a change or renewal replaces (its number's version goes up by one). */
  supersedes?: CertificateTable;
}

const UNITS = { year: 'FullYear', month: 'Month', day: 'Date' } as const;

export function validUntilOf(from: Date, v: Validity | null): string | null {
  if (!v || v.kind !== 'period' || !v.value || !v.unit) return null;
  // Valid through the day before the anniversary, to the end of that day in China (the day printed on the face).
  const d = new Date(`${shanghaiDate(from)}T12:00:00Z`);
  const f = UNITS[v.unit];
  d[`setUTC${f}`](d[`getUTC${f}`]() + v.value);
  d.setUTCDate(d.getUTCDate() - 1);
  return new Date(`${d.toISOString().slice(0, 10)}T23:59:59+08:00`).toISOString();
}

function faceOf(schema: Record<string, unknown>, facts: Record<string, unknown>): Record<string, unknown> {
  const face: Record<string, unknown> = {};
  const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, p] of Object.entries(props)) {
    const key = typeof p['x-semantic-key'] === 'string' ? p['x-semantic-key'] : name;
    if (facts[key] !== undefined && facts[key] !== null) face[name] = facts[key];
  }
  return face;
}

/**
 * The facts behind a face (its fields by name) under the type's face schema — keyed as `faceOf` reads them (each
 * field's `x-semantic-key`, else its name): a change or renewal issues the next version from the old face.
 */
export async function factsOfFace(
  tx: Executor,
  typeCode: string,
  face: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const type = await findType(tx, typeCode);
  const props = ((type?.faceSchema.properties ?? {}) as Record<string, Record<string, unknown>>) ?? {};
  const facts: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(face)) {
    const p = props[name];
    facts[p && typeof p['x-semantic-key'] === 'string' ? p['x-semantic-key'] : name] = value;
  }
  return facts;
}

export function licenceOf(r: CertificateTable) {
  return {
    certificateId: r.id,
    number: r.number,
    typeCode: r.type_code,
    typeName: r.type_name,
    issuer: r.department_name,
    status: r.status,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
  };
}

export async function issueCertificate(k: Kernel, ctx: Ctx, tx: Executor, input: IssueInput): Promise<Certificate> {
  const type = await findType(tx, input.typeCode);
  if (!type)
    throw new AppError({
      code: 'CERTIFICATE_TYPE_UNDEFINED',
      status: 409,
      field: 'certificateType',
      zh: `证照类型 ${input.typeCode} 尚未定义，请先在证照类型中定义`,
      en: `Certificate type ${input.typeCode} is not defined yet`,
    });
  if (type.departments.length > 0 && !type.departments.includes(input.department))
    throw new AppError({
      code: 'NOT_AN_ISSUER_OF_TYPE',
      status: 409,
      field: 'department',
      zh: '该部门不是此类证照的签发部门',
      en: 'This department does not issue this certificate type',
    });
  const dept = await getDepartment(k, input.department, tx, 'department');
  const key = await signingKey(k, ctx, tx, dept.code);
  const sm2Row = await activeKeyRow(tx, dept.code, ['SM2']);
  const at = ctx.now.toISOString();
  const version = input.supersedes ? Number(input.supersedes.number.split('.').at(-2)) + 1 : 1;
  const serial = input.supersedes
    ? Number(input.supersedes.number.split('.').at(-3))
    : await nextSerial(tx, `${type.typeCode}:${dept.uscc}`);
  const number = certificateNumber(type.typeCode, dept.uscc, serial, version);
  const index = await allocateIndex(tx, dept.code, at);
  const id = `urn:uuid:${crypto.randomUUID()}`;
  const validUntil = validUntilOf(ctx.now, input.validity ?? type.validity);
  const face = faceOf(type.faceSchema, input.facts);
  const base = k.config.publicBaseUrl ?? '';
  const credential = {
    '@context': [VC_CONTEXT],
    id,
    type: ['VerifiableCredential', 'ElectronicCertificate'],
    issuer: { id: issuerIdOf(dept.uscc), name: dept.name },
    name: type.name.zh,
    validFrom: at,
    ...(validUntil ? { validUntil } : {}),
    credentialSubject: {
      holder: holderClaims(input.holder),
      certificate: {
        number,
        type: { code: type.code, typeCode: type.typeCode, name: type.name.zh },
        ...(type.illustrative ? { illustrative: '示例' } : {}),
      },
      face,
    },
    credentialStatus: statusEntries(base, dept.code, index),
  };
  const signed = await signCredential(
    credential,
    { kid: key.kid, alg: key.alg, privateKey: privateKeyOf(k, key) },
    sm2Row ? { kid: sm2Row.kid, privateHex: sm2PrivateOf(k, sm2Row) } : undefined,
  );
  const holderEnterprise = input.holder.enterpriseId;
  const row: CertificateTable = {
    id,
    number,
    type_code: type.code,
    type_name: type.name.zh,
    department_code: dept.code,
    department_name: dept.name,
    region: input.region,
    case_id: input.caseId,
    holder_kind: input.holder.kind,
    holder_name: input.holder.name,
    holder_person_id: input.holder.personId,
    holder_enterprise_id: holderEnterprise,
    holder_account: input.holder.account,
    face_masked: face,
    credential_enc: k.cipher.encrypt(signed.jws),
    kid: key.kid,
    sm2_signature: signed.sm2?.signature ?? null,
    sm2_kid: signed.sm2?.kid ?? null,
    status_list: dept.code,
    status_index: index,
    valid_from: at,
    valid_until: validUntil,
    supersedes: input.supersedes?.id ?? null,
    illustrative: type.illustrative,
    status: 'issued',
    version: 1,
    created_at: at,
    updated_at: at,
  };
  await tx.insertInto('certificates_certificates').values(row).execute();
  const after = toCertificate(row);
  await k.audit.record(tx, ctx, {
    permission: P.manage,
    action: 'issue',
    subjectType: 'certificates.certificate',
    subjectId: id,
    after,
    event: certificatesEvents.make('certificates.certificate.issued', {
      id,
      number,
      typeCode: type.code,
      department: dept.code,
      caseId: input.caseId,
    }),
  });
  if (holderEnterprise) await recordEnterpriseLicence(k, ctx, holderEnterprise, licenceOf(row), tx);
  // A certificate that expires needs the daily expiry job running (expiry.ts): queued once per day, whoever asks.
  if (validUntil) await enqueueExpiryRun(k, tx, shanghaiDate(ctx.now), ctx.now);
  return after;
}

/**
 * Issues a granted case's certificate in the decision's transaction — or, for a renewal case (renewal.ts), the next
 * version of the certificate it renews (`supersedes`, already moved to superseded by the caller).
 */
export async function issueForCase(
  k: Kernel,
  ctx: Ctx,
  tx: Executor,
  r: GrantedResult,
  supersedes?: CertificateTable,
): Promise<void> {
  const a = r.applicant;
  const holder: IssueInput['holder'] =
    a.kind === 'enterprise' && a.enterpriseId
      ? {
          kind: 'enterprise',
          name: a.name,
          uscc: (await enterpriseFacts(k, a.enterpriseId, tx))?.uscc ?? '',
          account: a.account,
          personId: null,
          enterpriseId: a.enterpriseId,
        }
      : {
          kind: 'person',
          name: a.name,
          residentId: a.residentId,
          account: a.account,
          personId: a.personId,
          enterpriseId: null,
        };
  const validity = r.resultValidity.kind === 'period' ? (r.resultValidity as Validity) : null;
  await issueCertificate(k, ctx, tx, {
    typeCode: r.certificateType,
    department: r.department,
    region: r.region,
    caseId: r.caseId,
    holder,
    facts: { ...r.facts, 'case.number': r.caseNumber, 'item.name': r.itemName, 'holder.name': a.name },
    validity,
    ...(supersedes ? { supersedes } : {}),
  });
}

/** Cases' result-issuer: a granted case with a certificate result gets its certificate in the decision's transaction. */
export const certificateIssuer: ResultIssuer = {
  async issue(k, ctx, tx, r: GrantedResult) {
    // A code no type defines yet issues nothing (the grant stands); the undefined-codes report lists it.
    if (!(await findType(tx, r.certificateType))) return;
    await issueForCase(k, ctx, tx, r);
  },
};
