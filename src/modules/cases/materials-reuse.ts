/**
 * Reusing an earlier upload (材料复用): with their consent (`consent: true`), an applicant attaches to a material of
 * a case awaiting acceptance a file they uploaded for an earlier case of their own — a person's own cases, or with
 * `OneWindow-On-Behalf-Of` the enterprise's. The new material row references the same blob (same SHA-256, same
 * storage key; nothing is copied) and names the earlier material (`reused_from`); with its action row, chain link
 * and `cases.material.reused`, in one transaction. Someone else's material answers exactly as an absent one.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { inTx } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { requirePermission, type Ctx } from '../../kernel/context.ts';
import { notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { casesPermissions as P } from './permissions.ts';
import { casesEvents } from './events.ts';
import { findCaseRow } from './repository.ts';
import { absentCase, requireCaseAction, requireVisibleCase } from './access.ts';
import { SUBJECT_TYPE } from './deadlines.ts';
import { requireOpenForMaterials, requireRoomForMaterial, toMaterial, type CaseMaterial } from './materials.ts';
import { applicantOf } from './materials-sourced.ts';
import { cleanName } from '../../kernel/uploads.ts';
import { consentRequired } from './materials-shared.ts';
import type { SourceApplicant } from './material-source.ts';
import type { CaseMaterialTable } from './tables.ts';

/** An upload of the applicant's on an earlier case, as offered for reuse. */
export interface EarlierUpload {
  id: string;
  name: string;
  materialKey: string | null;
  contentType: string;
  size: number;
  uploadedAt: string;
  case: { id: string; number: string; itemName: string };
}

/** The applicant's uploads (files, not sourced materials) on their cases other than `exceptCase`, newest first. */
function ownUploads(db: Executor, a: SourceApplicant, exceptCase: string) {
  let q = db
    .selectFrom('cases_materials as m')
    .innerJoin('cases_cases as c', 'c.id', 'm.case_id')
    .selectAll('m')
    .select(['c.number as caseNumber', 'c.item_name as itemName'])
    .where('m.source_kind', 'is', null)
    .where('m.storage_key', '!=', '')
    .where('m.case_id', '!=', exceptCase);
  q =
    a.kind === 'enterprise'
      ? q.where('c.applicant_enterprise_id', '=', a.enterpriseId)
      : q.where('c.applicant_kind', '=', 'person').where('c.applicant_account', '=', a.account);
  return q;
}

/** For the applicant of a case: the files they uploaded for their earlier cases (at most 100, newest first). */
export async function earlierUploads(k: Kernel, ctx: Ctx, caseId: string): Promise<EarlierUpload[]> {
  requirePermission(ctx, P.file);
  const row = requireVisibleCase(ctx, await findCaseRow(k.db, caseId), caseId);
  const a = applicantOf(ctx, row, 'params.id');
  const rows = await ownUploads(k.db, a, caseId).orderBy('m.id', 'desc').limit(100).execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    materialKey: r.material_key,
    contentType: r.content_type,
    size: Number(r.size),
    uploadedAt: r.uploaded_at,
    case: { id: r.case_id, number: r.caseNumber, itemName: r.itemName },
  }));
}

/**
 * Attaches the applicant's earlier upload `materialId` to their case `caseId` (as `materialKey` when given). The same
 * earlier material for the same key again answers the row already recorded.
 */
export async function reuseMaterial(
  k: Kernel,
  ctx: Ctx,
  caseId: string,
  input: { materialId: string; materialKey?: string | null; consent: boolean },
  tx?: Executor,
): Promise<{ material: CaseMaterial; created: boolean }> {
  requirePermission(ctx, P.file);
  if (input.consent !== true) throw consentRequired();
  const key = input.materialKey?.trim() || null;
  return inTx(k, tx, async (t) => {
    const row = await findCaseRow(t, caseId);
    if (!row) throw absentCase(caseId);
    await requireCaseAction(k, ctx, t, row, P.file);
    const a = applicantOf(ctx, row, 'body.consent');
    requireOpenForMaterials(row);
    const earlier = await ownUploads(t, a, caseId).where('m.id', '=', input.materialId).executeTakeFirst();
    // Someone else's material (or a sourced one, or one of this very case) answers exactly as an absent one.
    if (!earlier) throw notFound('材料 material', input.materialId, 'body.materialId');
    let existing = t
      .selectFrom('cases_materials')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('reused_from', '=', earlier.id);
    existing = key ? existing.where('material_key', '=', key) : existing.where('material_key', 'is', null);
    const again = await existing.executeTakeFirst();
    if (again) return { material: toMaterial(again), created: false };
    await requireRoomForMaterial(t, caseId);
    const m: CaseMaterialTable = {
      id: newId(ctx.now.getTime()),
      case_id: caseId,
      material_key: key,
      name: cleanName(earlier.name),
      content_type: earlier.content_type,
      size: Number(earlier.size),
      sha256: earlier.sha256,
      storage_key: earlier.storage_key,
      uploaded_by: ctx.principal.id,
      uploaded_at: ctx.now.toISOString(),
      reused_from: earlier.id,
    };
    await t.insertInto('cases_materials').values(m).execute();
    const material = toMaterial(m);
    await k.audit.record(t, ctx, {
      permission: P.file,
      action: 'reuse_material',
      subjectType: SUBJECT_TYPE,
      subjectId: caseId,
      ruleVersion: `${row.implementation_code}@${row.implementation_version}`,
      after: { ...material, fromCase: earlier.caseNumber, consent: true },
      event: casesEvents.make('cases.material.reused', {
        caseId,
        number: row.number,
        materialId: m.id,
        reusedFrom: earlier.id,
        fromCase: earlier.caseNumber,
        sha256: m.sha256,
      }),
    });
    return { material, created: true };
  });
}
