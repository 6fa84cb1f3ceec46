/**
 * Materials (申请材料) uploaded to a case. The type is sniffed from the content (src/kernel/sniff.ts: PDF, JPEG,
 * PNG, OFD); the size is limited (MAX_MATERIAL_BYTES); the SHA-256 is kept and checked again on every download; the
 * bytes go to the platform's blob store (src/kernel/blobs.ts: the data folder now, an object store later). Adding one
 * is a change like any other: the applicant on their own case, or a window clerk on a case in their jurisdiction,
 * while the case awaits acceptance (submitted, or a supplement notice is open) — with an action row, its chain link
 * and `cases.material.added`, in one transaction. Whoever may read the case may list and download its materials.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { inTx } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { requirePermission, type Ctx } from '../../kernel/context.ts';
import { AppError, notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { blobStoreOf } from '../../kernel/blobs.ts';
import { checkUpload, readStoredFile } from '../../kernel/uploads.ts';
import { casesPermissions as P } from './permissions.ts';
import { casesEvents } from './events.ts';
import { findCaseRow } from './repository.ts';
import { absentCase, requireCaseAction, requireVisibleCase } from './access.ts';
import { SUBJECT_TYPE } from './deadlines.ts';
import { MATERIAL_TYPES, type MaterialType } from '../../kernel/sniff.ts';
import type { CaseMaterialTable, CaseTable, SharedDataStored } from './tables.ts';
import { logSharedDataLook } from './shared-data-log.ts';
import { materialSourceOf, type SourceCheck, type SourceKind, type SourceRecord } from './material-source.ts';

/** The largest material accepted: 10 MiB (a scanned multi-page PDF fits; a photo of a page is far smaller). */
export const MAX_MATERIAL_BYTES = 10 * 1024 * 1024;
/** Materials per case. */
export const MAX_MATERIALS = 50;
/** While a case awaits acceptance its materials can be added to. */
// A bundle member waiting for its prerequisites and a handle-anywhere case not yet forwarded take materials too.
export const OPEN_STATES = ['submitted', 'supplement_requested', 'waiting', 'received'];

/** The type recorded for a material satisfied by a certificate: the verified credential (no file is stored). */
export const SOURCED_TYPE = 'application/vc+jwt';
/** The type recorded for a material given by shared data: the data read, as JSON (no file is stored). */
export const SHARED_DATA_TYPE = 'application/json';

/** A material satisfied by a source: the record, what the verification at filing said, and a fresh one. */
export interface MaterialSourceView {
  kind: SourceKind;
  /** The record as the source shows it now; null when the source no longer knows it (or none is registered). */
  record: SourceRecord | null;
  atFiling: { valid: boolean; reason: string | null; at: string };
  /** Verified again on this read (the status list is authoritative); null when the source could not be asked. */
  now: (SourceCheck & { at: string }) | null;
  number: string;
  /** Shared data: what was read, from which source, about whom (masked); null for a certificate. */
  data: SharedDataStored | null;
}

export interface CaseMaterial {
  id: string;
  materialKey: string | null;
  name: string;
  contentType: MaterialType | typeof SOURCED_TYPE | typeof SHARED_DATA_TYPE;
  size: number;
  sha256: string;
  uploadedAt: string;
  /** Null for an upload; the source (an e-certificate, shared data) that satisfied the material otherwise. */
  source: MaterialSourceView | null;
  /** A reused upload: the earlier material (same file) it was taken from; null otherwise. */
  reusedFrom: string | null;
}

export const toMaterial = (r: CaseMaterialTable): CaseMaterial => ({
  id: r.id,
  materialKey: r.material_key,
  name: r.name,
  contentType: r.content_type as CaseMaterial['contentType'],
  size: Number(r.size),
  sha256: r.sha256,
  uploadedAt: r.uploaded_at,
  source:
    r.source_kind && r.source_check
      ? {
          kind: r.source_kind as SourceKind,
          record: null,
          atFiling: r.source_check,
          now: null,
          number: r.source_number ?? '',
          data: r.source_data ?? null,
        }
      : null,
  reusedFrom: r.reused_from ?? null,
});

/** Materials can be added only while the case awaits acceptance (OPEN_STATES): else 409 `MATERIALS_CLOSED`. */
export function requireOpenForMaterials(row: Pick<CaseTable, 'status'>): void {
  if (!OPEN_STATES.includes(row.status))
    throw new AppError({
      code: 'MATERIALS_CLOSED',
      status: 409,
      field: 'status',
      zh: '办件已受理或已办结，不能再提交材料',
      en: 'Materials can be added only while the case awaits acceptance',
      details: { status: row.status },
    });
}

/** A case takes at most MAX_MATERIALS materials (counted in the caller's transaction): else 409 `MATERIALS_TOO_MANY`. */
export async function requireRoomForMaterial(t: Executor, caseId: string): Promise<void> {
  const count = await t
    .selectFrom('cases_materials')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('case_id', '=', caseId)
    .executeTakeFirstOrThrow();
  if (Number(count.n) >= MAX_MATERIALS)
    throw new AppError({
      code: 'MATERIALS_TOO_MANY',
      status: 409,
      zh: `每个办件最多提交 ${MAX_MATERIALS} 份材料`,
      en: `A case takes at most ${MAX_MATERIALS} materials`,
    });
}

export async function addMaterial(
  k: Kernel,
  ctx: Ctx,
  caseId: string,
  input: { name: string; materialKey?: string | null; bytes: Buffer },
  tx?: Executor,
): Promise<CaseMaterial> {
  requirePermission(ctx, P.file);
  const { name, type } = checkUpload(input, {
    prefix: 'MATERIAL',
    maxBytes: MAX_MATERIAL_BYTES,
    allowed: MATERIAL_TYPES,
  });
  // The blob first (content-addressed, so a retry or a rolled-back transaction leaves nothing wrong behind).
  const blob = await blobStoreOf(k).put(input.bytes);
  return inTx(k, tx, async (t) => {
    const row = await findCaseRow(t, caseId);
    if (!row) throw absentCase(caseId);
    await requireCaseAction(k, ctx, t, row, P.file);
    requireOpenForMaterials(row);
    await requireRoomForMaterial(t, caseId);
    const m: CaseMaterialTable = {
      id: newId(ctx.now.getTime()),
      case_id: caseId,
      material_key: input.materialKey?.trim() || null,
      name,
      content_type: type,
      size: input.bytes.length,
      sha256: blob.sha256,
      storage_key: blob.key,
      uploaded_by: ctx.principal.id,
      uploaded_at: ctx.now.toISOString(),
    };
    await t.insertInto('cases_materials').values(m).execute();
    const after = toMaterial(m);
    await k.audit.record(t, ctx, {
      permission: P.file,
      action: 'add_material',
      subjectType: SUBJECT_TYPE,
      subjectId: caseId,
      ruleVersion: `${row.implementation_code}@${row.implementation_version}`,
      after,
      event: casesEvents.make('cases.material.added', {
        caseId,
        number: row.number,
        materialId: m.id,
        contentType: type,
        size: m.size,
        sha256: m.sha256,
      }),
    });
    return after;
  });
}

/**
 * A case's materials, oldest first, for whoever may read the case. A material satisfied by a certificate is looked up
 * and verified again on every read (a staff reader's look is logged for the holder by the source); a staff reader's
 * look at shared data is logged for the data subject (shared-data-log.ts).
 */
export async function listMaterials(k: Kernel, ctx: Ctx, caseId: string): Promise<CaseMaterial[]> {
  requirePermission(ctx, P.read);
  const c = requireVisibleCase(ctx, await findCaseRow(k.db, caseId), caseId);
  const rows = await k.db
    .selectFrom('cases_materials')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
  const source = materialSourceOf(k);
  const out: CaseMaterial[] = [];
  for (const r of rows) {
    const m = toMaterial(r);
    // A staff member's look at shared data about the applicant is logged for them (once a day per case and source).
    if (m.source?.kind === 'shared_data') await logSharedDataLook(k, ctx, c, r);
    else if (m.source && r.source_ref && source?.kind === m.source.kind) {
      const seen = await source.look(k, ctx, r.source_ref, { caseId, caseNumber: c.number });
      if (seen) m.source = { ...m.source, record: seen.record, now: { ...seen.check, at: ctx.now.toISOString() } };
    }
    out.push(m);
  }
  return out;
}

/** One material's bytes (their SHA-256 checked against the one kept), for whoever may read the case. */
export async function readMaterial(
  k: Kernel,
  ctx: Ctx,
  caseId: string,
  materialId: string,
): Promise<{ material: CaseMaterial; bytes: Buffer; fileName: string }> {
  requirePermission(ctx, P.read);
  requireVisibleCase(ctx, await findCaseRow(k.db, caseId), caseId);
  const r = await k.db
    .selectFrom('cases_materials')
    .selectAll()
    .where('id', '=', materialId)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  if (!r) throw notFound('材料 material', materialId, 'params.materialId');
  if (r.source_kind)
    throw new AppError({
      code: 'MATERIAL_NOT_A_FILE',
      status: 409,
      field: 'params.materialId',
      zh: '该材料由电子证照或共享数据提供（免提交），没有上传的文件；请查看其来源信息与核验结果',
      en: 'This material is given by an e-certificate or shared data, not a file; see its source and verification',
    });
  const material = toMaterial(r);
  const { bytes, fileName } = await readStoredFile(
    k,
    { key: r.storage_key, sha256: r.sha256, name: material.name, contentType: material.contentType as MaterialType },
    { code: 'MATERIAL_UNAVAILABLE', zh: '材料文件缺失或已损坏，请联系管理员' },
  );
  return { material, bytes, fileName };
}
