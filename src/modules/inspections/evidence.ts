/**
 * Evidence files of a visit's results (现场照片, 检查记录 PDF): uploaded from the field as the request body, their
 * type sniffed from the content (src/kernel/sniff.ts: PDF, JPEG or PNG here), at most MAX_EVIDENCE_BYTES each and
 * MAX_EVIDENCE_FILES per visit and item, kept in the kernel's blob store by SHA-256 (checked again on every download).
 * Whoever may record the item's result (results.ts `requireRecorder`) may add one, before publication, with an action
 * row and its event in one transaction; whoever may read the visit may download them. The public sees results, not
 * evidence (photos of premises and people are not published).
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { requirePermission, type Ctx } from '../../kernel/context.ts';
import { AppError, notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { blobStoreOf } from '../../kernel/blobs.ts';
import { type MaterialType } from '../../kernel/sniff.ts';
import { checkUpload, readStoredFile } from '../../kernel/uploads.ts';
import { inspectionsPermissions as P } from './permissions.ts';
import { inspectionsEvents } from './events.ts';
import { requireRecorder, visibleVisit, withResults, VISIT_SUBJECT, type Visit } from './results.ts';
import { toEvidence, type EvidenceFile } from './evidence-view.ts';
import type { EvidenceTable } from './tables.ts';

/** A phone photo or a scanned record fits; 10 MiB, as a case's material. */
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
export const MAX_EVIDENCE_FILES = 20;
/** Photos and PDF documents. */
export const EVIDENCE_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const satisfies readonly MaterialType[];

export async function addEvidence(
  k: Kernel,
  ctx: Ctx,
  visitId: string,
  input: { itemId: string; name: string; bytes: Buffer },
): Promise<Visit> {
  requirePermission(ctx, P.record_results);
  const { name, type } = checkUpload(input, {
    prefix: 'EVIDENCE',
    maxBytes: MAX_EVIDENCE_BYTES,
    allowed: EVIDENCE_TYPES,
  });
  // The blob first (content-addressed, so a retry or a rolled-back transaction leaves nothing wrong behind).
  const blob = await blobStoreOf(k).put(input.bytes);
  return k.db.transaction().execute(async (tx) => {
    const v = await visibleVisit(k, ctx, visitId, tx);
    await requireRecorder(tx, ctx, v, input.itemId);
    const count = await tx
      .selectFrom('inspections_evidence')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('visit_id', '=', v.id)
      .where('item_id', '=', input.itemId)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_EVIDENCE_FILES)
      throw new AppError({
        code: 'EVIDENCE_TOO_MANY',
        status: 409,
        field: 'query.itemId',
        zh: `每个检查事项最多上传 ${MAX_EVIDENCE_FILES} 个证据文件`,
        en: `At most ${MAX_EVIDENCE_FILES} evidence files per item`,
      });
    const row: EvidenceTable = {
      id: newId(ctx.now.getTime()),
      visit_id: v.id,
      item_id: input.itemId,
      name,
      content_type: type,
      size: input.bytes.length,
      sha256: blob.sha256,
      storage_key: blob.key,
      uploaded_by: ctx.principal.id,
      uploaded_at: ctx.now.toISOString(),
    };
    await tx.insertInto('inspections_evidence').values(row).execute();
    const after = toEvidence(row);
    await k.audit.record(tx, ctx, {
      permission: P.record_results,
      action: 'add_evidence',
      subjectType: VISIT_SUBJECT,
      subjectId: v.id,
      after,
      event: inspectionsEvents.make('inspections.evidence.added', {
        id: row.id,
        visitId: v.id,
        itemId: row.item_id,
        contentType: type,
        size: row.size,
        sha256: row.sha256,
      }),
    });
    return (await withResults(tx, [v]))[0];
  });
}

/** One evidence file's bytes (SHA-256 checked against the one kept), for whoever may read the visit. */
export async function readEvidence(
  k: Kernel,
  ctx: Ctx,
  visitId: string,
  fileId: string,
): Promise<{ file: EvidenceFile; bytes: Buffer; fileName: string }> {
  requirePermission(ctx, P.read);
  await visibleVisit(k, ctx, visitId, k.db);
  const r = await k.db
    .selectFrom('inspections_evidence')
    .selectAll()
    .where('id', '=', fileId)
    .where('visit_id', '=', visitId)
    .executeTakeFirst();
  if (!r) throw notFound('证据文件 evidence', fileId, 'params.fileId');
  const file = toEvidence(r);
  const { bytes, fileName } = await readStoredFile(
    k,
    { key: r.storage_key, sha256: r.sha256, name: file.name, contentType: file.contentType as MaterialType },
    { code: 'EVIDENCE_UNAVAILABLE', zh: '证据文件缺失或已损坏，请联系管理员' },
  );
  return { file, bytes, fileName };
}
