/**
 * Attachments (附件) of a ticket: photos and documents from the caller (the citizen's web/mobile form, or an operator
 * taking them in for the caller), the center's own files, and the handling department's files to its reply. The bytes
 * go to the platform's blob store (src/kernel/blobs.ts) under their SHA-256, which is kept and checked again on every
 * download; the type is sniffed from the content (src/kernel/sniff.ts: PDF, JPEG, PNG, OFD), never taken from the name
 * or the declared type. Each upload is a change like any other: permission and side, the row, its action row
 * (`attach`) with its audit-chain link and `hotline.ticket.attached`, in one transaction.
 *
 * Who sees which file (a file hidden from the caller answers 404, exactly as an absent one):
 * - the center side (operators, supervisors, the host lead, …): every file;
 * - the handling department: the center's and the replies' files, and the caller's unless the ticket is confidential
 *   (a caller's photo or document can identify them, as their name does);
 * - the citizen who filed it online: their own files and the reply's (not the center's internal ones).
 * Open311's `media_url` is a link the partner keeps, not a file here (docs/hotline.md).
 */
import { checkUpload, readStoredFile } from '../../kernel/uploads.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { inTx } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { requirePermission, type Ctx } from '../../kernel/context.ts';
import { AppError, notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { blobStoreOf } from '../../kernel/blobs.ts';
import { MATERIAL_TYPES, type MaterialType } from '../../kernel/sniff.ts';
import { hotlinePermissions as P } from './permissions.ts';
import { hotlineEvents } from './events.ts';
import { findTicketRow } from './repository.ts';
import { requireSide, ticketAbsent, type Side } from './access.ts';
import { CLOSED_STATUSES, type TicketStatus } from './model.ts';
import type { HotlineTicketTable } from './tables.ts';
import type { HotlineAttachmentTable } from './tables-attachments.ts';

/** The largest file accepted: 10 MiB (a phone photo is a few MB; a scanned multi-page PDF fits). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Files per ticket, all kinds together. */
export const MAX_ATTACHMENTS = 20;

/** `caller`: from or about the caller; `center`: the center's own; `reply`: the department's, to its reply. */
export const ATTACHMENT_KINDS = ['caller', 'center', 'reply'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export interface Attachment {
  id: string;
  kind: AttachmentKind;
  name: string;
  contentType: MaterialType;
  size: number;
  sha256: string;
  uploadedAt: string;
}

const toAttachment = (r: HotlineAttachmentTable): Attachment => ({
  id: r.id,
  kind: r.kind as AttachmentKind,
  name: r.name,
  contentType: r.content_type as MaterialType,
  size: Number(r.size),
  sha256: r.sha256,
  uploadedAt: r.uploaded_at,
});

/** Who looks at the ticket: its citizen (filed online), or a staff side. */
type Viewer = 'citizen' | Side;

/** The ticket and the viewer's side; 404 (as absent) for anyone else. */
async function viewerOf(ctx: Ctx, db: Executor, id: string): Promise<{ row: HotlineTicketTable; viewer: Viewer }> {
  const row = await findTicketRow(db, id);
  if (!row) throw ticketAbsent(id);
  if (ctx.principal.kind === 'person') {
    if (row.caller_account !== ctx.principal.id) throw ticketAbsent(id);
    return { row, viewer: 'citizen' };
  }
  requirePermission(ctx, P.read);
  return { row, viewer: requireSide(ctx, row) };
}

/** Whether `viewer` may see a file of `kind` on `row`. */
export function seesKind(viewer: Viewer, row: Pick<HotlineTicketTable, 'confidential'>, kind: string): boolean {
  if (viewer === 'center') return true;
  if (viewer === 'citizen') return kind === 'caller' || kind === 'reply';
  return kind !== 'caller' || Number(row.confidential) !== 1;
}

const closedForFiles = (status: string, zh: string, en: string) =>
  new AppError({ code: 'ATTACHMENTS_CLOSED', status: 409, field: 'status', zh, en, details: { status } });

/**
 * Adds a file to a ticket. The citizen who filed it and the center's operators (`hotline:intake`) add the caller's
 * files (operators also the center's own, `kind: 'center'`) until the ticket is closed; the handling department
 * (`hotline:handle`) adds files to its reply while it handles the ticket (accepted, not yet replied).
 */
export async function addAttachment(
  k: Kernel,
  ctx: Ctx,
  ticketId: string,
  input: { name: string; bytes: Buffer; kind?: 'caller' | 'center' },
  tx?: Executor,
): Promise<Attachment> {
  const { name, type } = checkUpload(input, {
    prefix: 'ATTACHMENT',
    maxBytes: MAX_ATTACHMENT_BYTES,
    allowed: MATERIAL_TYPES,
  });
  // The blob first: content-addressed, so a retry or a rolled-back transaction leaves nothing wrong behind.
  const blob = await blobStoreOf(k).put(input.bytes);
  return inTx(k, tx, async (t) => {
    const { row, viewer } = await viewerOf(ctx, t, ticketId);
    const status = row.status as TicketStatus;
    let kind: AttachmentKind;
    let permission: string;
    if (viewer === 'department') {
      requirePermission(ctx, P.handle);
      if (status !== 'accepted')
        throw closedForFiles(
          status,
          '签收后、答复前方可上传答复附件',
          'Files to the reply are added after accepting the ticket and before replying',
        );
      kind = 'reply';
      permission = P.handle;
    } else {
      if (viewer === 'center') requirePermission(ctx, P.intake);
      else requirePermission(ctx, P.submit);
      if (CLOSED_STATUSES.includes(status))
        throw closedForFiles(status, '工单已办结，不能再上传附件', 'The ticket is closed: no more files');
      kind = viewer === 'center' && input.kind === 'center' ? 'center' : 'caller';
      permission = viewer === 'center' ? P.intake : P.submit;
    }
    const count = await t
      .selectFrom('hotline_attachments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ticket_id', '=', ticketId)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_ATTACHMENTS)
      throw new AppError({
        code: 'ATTACHMENTS_TOO_MANY',
        status: 409,
        zh: `每件工单最多 ${MAX_ATTACHMENTS} 个附件`,
        en: `A ticket takes at most ${MAX_ATTACHMENTS} files`,
      });
    const a: HotlineAttachmentTable = {
      id: newId(ctx.now.getTime()),
      ticket_id: ticketId,
      kind,
      name,
      content_type: type,
      size: input.bytes.length,
      sha256: blob.sha256,
      storage_key: blob.key,
      uploaded_by: ctx.principal.id,
      uploaded_at: ctx.now.toISOString(),
    };
    await t.insertInto('hotline_attachments').values(a).execute();
    // The action row names no file: a caller's file name can identify them (the row is read on the timeline).
    await k.audit.record(t, ctx, {
      permission,
      action: 'attach',
      subjectType: 'hotline.ticket',
      subjectId: ticketId,
      after: { attachment: a.id, kind, contentType: type, size: a.size, sha256: a.sha256 },
      event: hotlineEvents.make('hotline.ticket.attached', {
        id: ticketId,
        number: row.number,
        attachment: a.id,
        kind,
        contentType: type,
        size: a.size,
        sha256: a.sha256,
      }),
    });
    return toAttachment(a);
  });
}

/** The ticket's files the caller may see, oldest first. */
export async function listAttachments(k: Kernel, ctx: Ctx, ticketId: string): Promise<Attachment[]> {
  const { row, viewer } = await viewerOf(ctx, k.db, ticketId);
  const rows = await k.db
    .selectFrom('hotline_attachments')
    .selectAll()
    .where('ticket_id', '=', ticketId)
    .orderBy('id')
    .execute();
  return rows.filter((r) => seesKind(viewer, row, r.kind)).map(toAttachment);
}

/** One file's bytes (their SHA-256 checked against the one kept), for a caller who may see it; else 404. */
export async function readAttachment(
  k: Kernel,
  ctx: Ctx,
  ticketId: string,
  attachmentId: string,
): Promise<{ attachment: Attachment; bytes: Buffer; fileName: string }> {
  const { row, viewer } = await viewerOf(ctx, k.db, ticketId);
  const r = await k.db
    .selectFrom('hotline_attachments')
    .selectAll()
    .where('id', '=', attachmentId)
    .where('ticket_id', '=', ticketId)
    .executeTakeFirst();
  if (!r || !seesKind(viewer, row, r.kind)) throw notFound('附件 attachment', attachmentId, 'params.attachmentId');
  const attachment = toAttachment(r);
  const { bytes, fileName } = await readStoredFile(
    k,
    {
      key: r.storage_key,
      sha256: r.sha256,
      name: attachment.name,
      contentType: attachment.contentType as MaterialType,
    },
    { code: 'ATTACHMENT_UNAVAILABLE', zh: '附件文件缺失或已损坏，请联系管理员' },
  );
  return { attachment, bytes, fileName };
}
