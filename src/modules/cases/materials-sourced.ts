/**
 * Certificate-free materials (免证可办 / 免提交): a material whose pinned implementation names
 * `source.certificateType` may be satisfied by one of the applicant's own certificates of that type, chosen by the
 * applicant (their consent) through the material-source interface (material-source.ts) — verified, recorded as the
 * case's material with its action row, chain link and `cases.material.sourced`, in one transaction. Also the
 * 免提交率 statistic: the share of materials satisfied without an upload, per item and department.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { inTx } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { requirePermission, type Ctx } from '../../kernel/context.ts';
import { AppError, invalid } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { addDays } from '../../kernel/calendar/index.ts';
import { getImplementationVersion } from '../catalog/index.ts';
import { casesPermissions as P } from './permissions.ts';
import { casesEvents } from './events.ts';
import { findCaseRow } from './repository.ts';
import { absentCase, actingFor, isApplicant, requireCaseAction, requireVisibleCase } from './access.ts';
import { SUBJECT_TYPE } from './deadlines.ts';
import {
  SOURCED_TYPE,
  requireOpenForMaterials,
  requireRoomForMaterial,
  toMaterial,
  type CaseMaterial,
} from './materials.ts';
import { materialSourceOf, type SourceApplicant, type SourceRecord } from './material-source.ts';
import { MAX_CASES, scopeOf, type SupervisionFilter } from './supervision.ts';
import type { CaseMaterialTable, CaseTable } from './tables.ts';

/** A listed material of the case's implementation that a certificate may satisfy, with the applicant's candidates. */
export interface CertificateOption {
  materialKey: string;
  materialName: string;
  certificateType: string;
  certificates: SourceRecord[];
}

const sourceUnavailable = () =>
  new AppError({
    code: 'MATERIAL_SOURCE_UNAVAILABLE',
    status: 409,
    zh: '电子证照服务暂不可用，请上传材料',
    en: 'Certificates cannot be used at the moment; upload the material instead',
  });

/** Only the applicant chooses their own certificates: staff cannot give consent for them. */
export function applicantOf(ctx: Ctx, row: CaseTable, field = 'body.certificateId'): SourceApplicant {
  if (!isApplicant(ctx))
    throw new AppError({
      code: 'HOLDER_CONSENT_REQUIRED',
      status: 403,
      field,
      zh: '只有申请人本人（或其代表的企业）可以同意使用自己的电子证照、共享数据或以前的材料',
      en: 'Only the applicant (or the enterprise they act for) may consent to using their own certificates, shared data or earlier materials',
    });
  const enterprise = actingFor(ctx);
  return {
    kind: enterprise ? 'enterprise' : 'person',
    account: ctx.principal.id,
    enterpriseId: enterprise ?? (row.applicant_kind === 'enterprise' ? row.applicant_enterprise_id : null),
  };
}

/** The implementation's materials a certificate may satisfy: key, name and certificate type. */
async function certificateMaterials(k: Kernel, row: CaseTable, tx?: Executor) {
  const v = await getImplementationVersion(k, row.implementation_id, Number(row.implementation_version), tx);
  return v.elements.materials
    .filter((m) => m.source?.kind === 'certificate' && m.source.certificateType)
    .map((m) => ({ key: m.key, name: m.name, certificateType: m.source!.certificateType! }));
}

/** For the applicant of a case: each material a certificate may satisfy, with their certificates of its type. */
export async function certificateOptions(k: Kernel, ctx: Ctx, caseId: string): Promise<CertificateOption[]> {
  requirePermission(ctx, P.file);
  const row = requireVisibleCase(ctx, await findCaseRow(k.db, caseId), caseId);
  const applicant = applicantOf(ctx, row);
  const source = materialSourceOf(k);
  const out: CertificateOption[] = [];
  for (const m of await certificateMaterials(k, row))
    out.push({
      materialKey: m.key,
      materialName: m.name,
      certificateType: m.certificateType,
      certificates: source ? await source.candidates(k, ctx, applicant, m.certificateType) : [],
    });
  return out;
}

/**
 * The applicant satisfies the material `materialKey` of their case with their certificate `certificateId`: the
 * source verifies it (signature and status) and grants the case's department its use, the material row records the
 * source, number and verification, with the action, chain link and event — one transaction. The same certificate
 * for the same material again answers the row already recorded.
 */
export async function addMaterialFromCertificate(
  k: Kernel,
  ctx: Ctx,
  caseId: string,
  input: { materialKey: string; certificateId: string },
  tx?: Executor,
): Promise<{ material: CaseMaterial; created: boolean }> {
  requirePermission(ctx, P.file);
  const source = materialSourceOf(k);
  return inTx(k, tx, async (t) => {
    const row = await findCaseRow(t, caseId);
    if (!row) throw absentCase(caseId);
    await requireCaseAction(k, ctx, t, row, P.file);
    const applicant = applicantOf(ctx, row);
    requireOpenForMaterials(row);
    const listed = (await certificateMaterials(k, row, t)).find((m) => m.key === input.materialKey);
    if (!listed)
      throw invalid(
        'body.materialKey',
        'MATERIAL_NOT_CERTIFICATE_FREE',
        '该材料不能以电子证照代替，请上传材料',
        'This material cannot be given by a certificate; upload it',
      );
    if (!source) throw sourceUnavailable();
    const existing = await t
      .selectFrom('cases_materials')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('material_key', '=', listed.key)
      .where('source_ref', '=', input.certificateId)
      .executeTakeFirst();
    if (existing) return { material: toMaterial(existing), created: false };
    await requireRoomForMaterial(t, caseId);
    const used = await source.use(k, ctx, t, applicant, {
      caseId,
      caseNumber: row.number,
      department: row.department_code,
      materialKey: listed.key,
      materialName: listed.name,
      certificateType: listed.certificateType,
      recordId: input.certificateId,
    });
    const at = ctx.now.toISOString();
    const m: CaseMaterialTable = {
      id: newId(ctx.now.getTime()),
      case_id: caseId,
      material_key: listed.key,
      name: listed.name,
      content_type: SOURCED_TYPE,
      size: used.size,
      sha256: used.sha256,
      storage_key: '',
      uploaded_by: ctx.principal.id,
      uploaded_at: at,
      source_kind: source.kind,
      source_ref: used.record.id,
      source_number: used.record.number,
      source_check: { valid: used.check.valid, reason: used.check.reason, at },
    };
    await t.insertInto('cases_materials').values(m).execute();
    const material = toMaterial(m);
    material.source = { ...material.source!, record: used.record, now: { ...used.check, at } };
    await k.audit.record(t, ctx, {
      permission: P.file,
      action: 'add_sourced_material',
      subjectType: SUBJECT_TYPE,
      subjectId: caseId,
      ruleVersion: `${row.implementation_code}@${row.implementation_version}`,
      after: { id: m.id, materialKey: m.material_key, source: source.kind, number: used.record.number, valid: true },
      event: casesEvents.make('cases.material.sourced', {
        caseId,
        number: row.number,
        materialId: m.id,
        materialKey: listed.key,
        sourceKind: source.kind,
        recordNumber: used.record.number,
        valid: used.check.valid,
      }),
    });
    return { material, created: true };
  });
}

/** 免提交率 of one group: materials stored for the cases filed in the range, and how many a source satisfied. */
export interface PaperlessStats {
  materials: number;
  sourced: number;
  /** sourced / materials, 0–1; null without materials. */
  rate: number | null;
  /** Cases with at least one material, and those whose every material came from a source (no paper at all). */
  cases: number;
  casesWithoutPaper: number;
}

export interface PaperlessView {
  from: string;
  to: string;
  region: string | null;
  department: string | null;
  totals: PaperlessStats;
  byItem: Array<{
    item: { id: string; name: string };
    department: { code: string; name: string };
    stats: PaperlessStats;
  }>;
  byDepartment: Array<{ department: { code: string; name: string }; stats: PaperlessStats }>;
}

const empty = (): PaperlessStats => ({ materials: 0, sourced: 0, rate: null, cases: 0, casesWithoutPaper: 0 });

function add(s: PaperlessStats, materials: number, sourced: number): void {
  s.materials += materials;
  s.sourced += sourced;
  s.cases += 1;
  if (materials > 0 && sourced === materials) s.casesWithoutPaper += 1;
  s.rate = s.materials > 0 ? Math.round((s.sourced / s.materials) * 1000) / 1000 : null;
}

/**
 * 免提交率 for the cases filed in a date range in the caller's jurisdiction (optionally one region and department):
 * per case, its stored materials and those satisfied by a source (one grouped query), summed per item and department.
 */
export async function paperlessView(k: Kernel, ctx: Ctx, f: SupervisionFilter): Promise<PaperlessView> {
  requirePermission(ctx, P.supervise);
  const scope = scopeOf(ctx, f);
  let q = k.db
    .selectFrom('cases_materials as m')
    .innerJoin('cases_cases as c', 'c.id', 'm.case_id')
    .select((eb) => [
      'c.id as caseId',
      'c.item_id as itemId',
      'c.item_name as itemName',
      'c.department_code as departmentCode',
      'c.department_name as departmentName',
      eb.fn.countAll<number>().as('materials'),
      // Without an upload: given by a source (certificate, shared data) or an earlier upload reused.
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(eb.or([eb('m.source_kind', 'is not', null), eb('m.reused_from', 'is not', null)]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('sourced'),
    ])
    .where('c.submitted_at', '>=', new Date(`${scope.from}T00:00:00+08:00`).toISOString())
    .where('c.submitted_at', '<', new Date(`${addDays(scope.to, 1)}T00:00:00+08:00`).toISOString())
    .groupBy(['c.id', 'c.item_id', 'c.item_name', 'c.department_code', 'c.department_name'])
    .limit(MAX_CASES + 1);
  if (scope.prefix) q = q.where('c.region', 'like', `${scope.prefix}%`);
  if (f.department) q = q.where('c.department_code', '=', f.department);
  const rows = await q.execute();
  if (rows.length > MAX_CASES)
    throw new AppError({
      code: 'RANGE_TOO_LARGE',
      status: 400,
      field: 'query.from',
      zh: `该期间有材料的办件超过 ${MAX_CASES} 件，请缩小统计期间或范围`,
      en: `More than ${MAX_CASES} cases with materials in the range; narrow the dates, region or department`,
    });
  const totals = empty();
  const items = new Map<string, PaperlessView['byItem'][number]>();
  const departments = new Map<string, PaperlessView['byDepartment'][number]>();
  for (const r of rows) {
    const materials = Number(r.materials);
    const sourced = Number(r.sourced);
    const department = { code: r.departmentCode, name: r.departmentName };
    add(totals, materials, sourced);
    const ik = `${r.itemId}|${r.departmentCode}`;
    let i = items.get(ik);
    if (!i) items.set(ik, (i = { item: { id: r.itemId, name: r.itemName }, department, stats: empty() }));
    add(i.stats, materials, sourced);
    let d = departments.get(r.departmentCode);
    if (!d) departments.set(r.departmentCode, (d = { department, stats: empty() }));
    add(d.stats, materials, sourced);
  }
  const byRate = (a: { stats: PaperlessStats }, b: { stats: PaperlessStats }) =>
    (b.stats.rate ?? -1) - (a.stats.rate ?? -1) || b.stats.materials - a.stats.materials;
  return {
    from: scope.from,
    to: scope.to,
    region: scope.region,
    department: f.department ?? null,
    totals,
    byItem: [...items.values()].sort(byRate),
    byDepartment: [...departments.values()].sort(byRate),
  };
}
