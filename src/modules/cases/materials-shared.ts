/**
 * Shared-data materials (共享数据免提交): a material whose pinned implementation names `source.kind: 'shared_data'`
 * with a data-source name that DATA_SOURCE_NAMES maps to a registered source may, with the applicant's explicit
 * consent (`consent: true` in the request), be filled from that source instead of an upload. The material row keeps
 * what was read (masked), from which source and when; the read is logged for the data subject (the person or the
 * enterprise: who read what, when, for which case and purpose) — with the action row, chain link and
 * `cases.material.sourced`, in one transaction.
 */
import { createHash } from 'node:crypto';
import type { Kernel } from '../../kernel/kernel.ts';
import { inTx } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { requirePermission, type Ctx } from '../../kernel/context.ts';
import { AppError, invalid, orThrow } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { competentBodyFor, getImplementationVersion } from '../catalog/index.ts';
import { checkDivisionCode } from '../../kernel/reference/divisions.ts';
import { casesPermissions as P } from './permissions.ts';
import { casesEvents } from './events.ts';
import { findCaseRow } from './repository.ts';
import { absentCase, actingFor, isApplicant, requireCaseAction, requireVisibleCase } from './access.ts';
import { SUBJECT_TYPE } from './deadlines.ts';
import {
  SHARED_DATA_TYPE,
  requireOpenForMaterials,
  requireRoomForMaterial,
  toMaterial,
  type CaseMaterial,
} from './materials.ts';
import { applicantOf, type CertificateOption } from './materials-sourced.ts';
import { materialSourceOf, matchDataSource, sharedDataSourceOf, type SourceApplicant } from './material-source.ts';
import type { CaseMaterialTable, CaseTable, SharedDataStored } from './tables.ts';

/** A listed material of the case's implementation given by shared data, and the source that answers its name. */
export interface SharedDataOption {
  materialKey: string;
  materialName: string;
  dataSource: string;
  /** The connected source, or null: the name is not connected, so the material stays an upload. */
  source: { id: string; name: { zh: string; en: string } } | null;
}

/** The shared-data materials of an implementation version, with the source each name maps to (when connected). */
export function sharedDataMaterials(
  k: Kernel,
  materials: Array<{ key: string; name: string; source?: { kind: string; dataSource?: string | null } | null }>,
): Array<SharedDataOption & { dataset: string | null }> {
  return materials
    .filter((m) => m.source?.kind === 'shared_data' && m.source.dataSource)
    .map((m) => {
      const hit = matchDataSource(m.source!.dataSource);
      const source = hit ? sharedDataSourceOf(k, hit.source) : null;
      return {
        materialKey: m.key,
        materialName: m.name,
        dataSource: m.source!.dataSource!.trim(),
        source: source ? { id: source.id, name: source.name } : null,
        dataset: source ? hit!.dataset : null,
      };
    });
}

async function listedOf(k: Kernel, row: CaseTable, tx?: Executor) {
  const v = await getImplementationVersion(k, row.implementation_id, Number(row.implementation_version), tx);
  return sharedDataMaterials(k, v.elements.materials);
}

/** For the applicant of a case: each material shared data may give, and whether its source is connected. */
export async function sharedDataOptions(k: Kernel, ctx: Ctx, caseId: string): Promise<SharedDataOption[]> {
  requirePermission(ctx, P.file);
  const row = requireVisibleCase(ctx, await findCaseRow(k.db, caseId), caseId);
  applicantOf(ctx, row, 'params.id');
  return (await listedOf(k, row)).map(({ dataset: _, ...o }) => o);
}

export const consentRequired = (field = 'body.consent') =>
  invalid(
    field,
    'CONSENT_REQUIRED',
    '须经申请人明确同意（consent: true）方可使用',
    'The applicant must consent explicitly (consent: true)',
  );

/**
 * The applicant fills the material `materialKey` of their case from its shared-data source, with their consent.
 * The same material again answers the row already recorded (no second read).
 */
export async function addMaterialFromSharedData(
  k: Kernel,
  ctx: Ctx,
  caseId: string,
  input: { materialKey: string; consent: boolean },
  tx?: Executor,
): Promise<{ material: CaseMaterial; created: boolean }> {
  requirePermission(ctx, P.file);
  if (input.consent !== true) throw consentRequired();
  return inTx(k, tx, async (t) => {
    const row = await findCaseRow(t, caseId);
    if (!row) throw absentCase(caseId);
    await requireCaseAction(k, ctx, t, row, P.file);
    const applicant = applicantOf(ctx, row, 'body.consent');
    requireOpenForMaterials(row);
    const listed = (await listedOf(k, row, t)).find((m) => m.materialKey === input.materialKey);
    if (!listed)
      throw invalid(
        'body.materialKey',
        'MATERIAL_NOT_SHARED_DATA',
        '该材料不能以共享数据代替，请上传材料',
        'This material cannot be given by shared data; upload it',
      );
    const source = listed.source ? sharedDataSourceOf(k, listed.source.id) : null;
    if (!source || !listed.dataset)
      throw new AppError({
        code: 'DATA_SOURCE_NOT_CONNECTED',
        status: 409,
        field: 'body.materialKey',
        zh: `数据源“${listed.dataSource}”尚未接入，请上传材料`,
        en: `The data source "${listed.dataSource}" is not connected; upload the material`,
      });
    const existing = await t
      .selectFrom('cases_materials')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('material_key', '=', listed.materialKey)
      .where('source_kind', '=', 'shared_data')
      .executeTakeFirst();
    if (existing) return { material: toMaterial(existing), created: false };
    await requireRoomForMaterial(t, caseId);
    const record = await source.read(k, ctx, t, applicant, listed.dataset);
    if (!record)
      throw new AppError({
        code: 'SHARED_DATA_NOT_FOUND',
        status: 409,
        field: 'body.materialKey',
        zh: `“${listed.dataSource}”中没有您的相关信息，请上传材料`,
        en: `"${listed.dataSource}" holds nothing on you for this material; upload it`,
      });
    const at = ctx.now.toISOString();
    const data: SharedDataStored = {
      source: { id: source.id, name: source.name },
      dataSource: listed.dataSource,
      subject: record.subject,
      fields: record.fields,
    };
    const bytes = Buffer.from(JSON.stringify(data));
    const m: CaseMaterialTable = {
      id: newId(ctx.now.getTime()),
      case_id: caseId,
      material_key: listed.materialKey,
      name: listed.materialName,
      content_type: SHARED_DATA_TYPE,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      storage_key: '',
      uploaded_by: ctx.principal.id,
      uploaded_at: at,
      source_kind: 'shared_data',
      source_ref: `${source.id}:${listed.dataset}`,
      source_number: record.subject.identifier,
      source_check: { valid: true, reason: null, at },
      source_data: data,
    };
    await t.insertInto('cases_materials').values(m).execute();
    // The read, for the data subject: who read what from which source, when, for which case and why.
    await t
      .insertInto('cases_data_reads')
      .values({
        id: newId(ctx.now.getTime()),
        at,
        subject_kind: record.subject.kind,
        subject_ref:
          record.subject.kind === 'enterprise' ? (applicant.enterpriseId ?? applicant.account) : applicant.account,
        source_id: source.id,
        data_source: listed.dataSource,
        fields: record.fields.map((f) => f.label.zh).join('、'),
        purpose: `办件 ${row.number} 的申请材料“${listed.materialName}”（免提交，经申请人同意）`,
        case_id: caseId,
        case_number: row.number,
        department_name: row.department_name,
        reader_id: ctx.principal.id,
        reader_kind: 'applicant',
        reader_name: ctx.principal.name,
      })
      .execute();
    const material = toMaterial(m);
    await k.audit.record(t, ctx, {
      permission: P.file,
      action: 'add_shared_data_material',
      subjectType: SUBJECT_TYPE,
      subjectId: caseId,
      ruleVersion: `${row.implementation_code}@${row.implementation_version}`,
      after: { id: m.id, materialKey: m.material_key, source: source.id, dataSource: listed.dataSource, consent: true },
      event: casesEvents.make('cases.material.sourced', {
        caseId,
        number: row.number,
        materialId: m.id,
        materialKey: listed.materialKey,
        sourceKind: 'shared_data',
        recordNumber: m.source_ref!,
        valid: true,
      }),
    });
    return { material, created: true };
  });
}

export interface DataRead {
  at: string;
  /** Who read: the applicant at filing (with their consent), or a staff member looking at the case's material. */
  reader: { kind: 'applicant' | 'staff'; name: string };
  source: string;
  dataSource: string;
  fields: string;
  purpose: string;
  caseId: string;
  caseNumber: string;
  department: string;
}

/**
 * The data subject's own log of shared-data reads about them, newest first (at most 200): a person's, or with
 * `OneWindow-On-Behalf-Of` the enterprise's. Applicants only.
 */
export async function myDataReads(k: Kernel, ctx: Ctx): Promise<DataRead[]> {
  requirePermission(ctx, P.file);
  if (!isApplicant(ctx))
    throw new AppError({
      code: 'APPLICANTS_ONLY',
      status: 403,
      zh: '仅数据主体本人（或其代表的企业）可以查看',
      en: 'Only the data subject (or the enterprise they act for) may see this',
    });
  const enterprise = actingFor(ctx);
  const rows = await k.db
    .selectFrom('cases_data_reads')
    .selectAll()
    .where('subject_kind', '=', enterprise ? 'enterprise' : 'person')
    .where('subject_ref', '=', enterprise ?? ctx.principal.id)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({
    at: r.at,
    reader: { kind: r.reader_kind === 'staff' ? ('staff' as const) : ('applicant' as const), name: r.reader_name },
    source: sharedDataSourceOf(k, r.source_id)?.name.zh ?? r.source_id,
    dataSource: r.data_source,
    fields: r.fields,
    purpose: r.purpose,
    caseId: r.case_id,
    caseNumber: r.case_number,
    department: r.department_name,
  }));
}

/**
 * For the apply page, before the case exists: the materials of the implementation that `competentBodyFor` answers
 * for the item and region which the applicant could give without an upload — each certificate-sourced material with
 * their certificates of its type in force, each shared-data material whose source is connected. The page applies
 * the applicant's choices right after filing (from-certificate, from-shared-data). Nothing is read from a shared-data
 * source here (that needs the consent given with the choice).
 */
export async function applyOptions(
  k: Kernel,
  ctx: Ctx,
  q: { itemId: string; region: string },
): Promise<{ certificates: CertificateOption[]; sharedData: SharedDataOption[] }> {
  requirePermission(ctx, P.file);
  if (!isApplicant(ctx)) return { certificates: [], sharedData: [] };
  orThrow(checkDivisionCode(q.region), 'query.region');
  const body = await competentBodyFor(k, { itemId: q.itemId, region: q.region, at: ctx.now });
  if (!body.ok) throw new AppError({ code: body.code, status: 409, field: 'query.itemId', zh: body.zh, en: body.en });
  const v = await getImplementationVersion(
    k,
    body.body.implementation.implementationId,
    body.body.implementation.version,
  );
  const enterprise = actingFor(ctx);
  const a: SourceApplicant = {
    kind: enterprise ? 'enterprise' : 'person',
    account: ctx.principal.id,
    enterpriseId: enterprise,
  };
  const source = materialSourceOf(k);
  const certificates: CertificateOption[] = [];
  for (const m of v.elements.materials)
    if (m.source?.kind === 'certificate' && m.source.certificateType && source) {
      const found = await source.candidates(k, ctx, a, m.source.certificateType);
      if (found.length)
        certificates.push({
          materialKey: m.key,
          materialName: m.name,
          certificateType: m.source.certificateType,
          certificates: found,
        });
    }
  const sharedData = sharedDataMaterials(k, v.elements.materials)
    .filter((m) => m.source)
    .map(({ dataset: _, ...o }) => o);
  return { certificates, sharedData };
}
