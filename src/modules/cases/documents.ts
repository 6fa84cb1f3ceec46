/**
 * Decision documents (决定文书): 准予行政许可决定书, 不予行政许可决定书, 不予受理通知书 and 补正材料通知书, issued by the move
 * that decides them (grant, deny, refuse, request_supplement / request_further_supplement) inside its transaction.
 *
 * Issuing: number the document, render the PDF (document-pdf.ts) with a QR code to its public verification page, put
 * the bytes in the blob store, sign the canonical statement {id, kind, number, caseNumber, sha256, issuedAt} (RFC 8785)
 * with the department's signer (signer.ts: the platform key for now), and record the document with an action, its chain
 * link and `cases.document.issued`. Anyone may verify a document (no login): its stored bytes still hash to the
 * recorded SHA-256 and the signature verifies — or, given a PDF's bytes, that they are exactly the issued ones. Only
 * whoever may read the case downloads the PDF.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { requirePermission, type Ctx } from '../../kernel/context.ts';
import { AppError, notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { blobStoreOf, sha256Hex } from '../../kernel/blobs.ts';
import { canonicalJson } from '../../kernel/audit.ts';
import { shanghaiDate } from '../../kernel/calendar/index.ts';
import type { Step } from '../../kernel/lifecycle.ts';
import { getImplementationVersion } from '../catalog/index.ts';
import { casesPermissions as P } from './permissions.ts';
import { casesEvents } from './events.ts';
import { findCaseRow, nextSequence } from './repository.ts';
import { requireVisibleCase } from './access.ts';
import type { CaseCore } from './convert.ts';
import { renderDocumentPdf, type DocumentContent } from './document-pdf.ts';
import { documentSignerOf } from './signer.ts';
import type { CaseDocumentTable, CaseTable } from './tables.ts';

export const DOCUMENT_KINDS = ['grant_decision', 'denial_decision', 'refusal_notice', 'supplement_notice'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const DOCUMENT_SUBJECT = 'cases.document';

/** Each kind's title and the code in its number (准予 ZY, 不予 BY, 不予受理 BSL, 补正 BZ). */
export const DOCUMENT_TITLES: Record<DocumentKind, { zh: string; en: string; code: string }> = {
  grant_decision: { zh: '准予行政许可决定书', en: 'Decision to grant', code: 'ZY' },
  denial_decision: { zh: '不予行政许可决定书', en: 'Decision to deny', code: 'BY' },
  refusal_notice: { zh: '不予受理通知书', en: 'Notice of refusal to accept', code: 'BSL' },
  supplement_notice: { zh: '补正材料通知书', en: 'Notice to supplement materials', code: 'BZ' },
};

const APPEAL =
  '如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，或者自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。';

/** A person's name as the public sees it: the surname, the rest masked (张三 → 张*). Enterprises are shown in full. */
export function maskedApplicant(kind: string, name: string): string {
  if (kind !== 'person') return name;
  const chars = [...name];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
}

/** 2026年12月1日, in Asia/Shanghai. */
const dateText = (d: Date) => {
  const [y, m, day] = shanghaiDate(d).split('-').map(Number);
  return `${y}年${m}月${day}日`;
};

/** What is signed: the document's identity and digest, canonical JSON (RFC 8785). */
export function statementOf(
  d: Pick<CaseDocumentTable, 'id' | 'kind' | 'number' | 'case_number' | 'sha256' | 'created_at'>,
) {
  return Buffer.from(
    canonicalJson({
      type: 'onewindow.cases.document',
      id: d.id,
      kind: d.kind,
      number: d.number,
      caseNumber: d.case_number,
      sha256: d.sha256,
      issuedAt: d.created_at,
    }),
  );
}

/** The public verification page of a document (the QR code's target). */
export const verifyPath = (id: string) => `/cases/verify/${id}`;

async function bodyOf(k: Kernel, tx: Executor, kind: DocumentKind, row: CaseTable, v: CaseCore) {
  const filed = `你（单位）于${dateText(new Date(row.submitted_at))}提出的“${row.item_name}”申请（办件编号 ${row.number}）`;
  const reason = (r: string | null | undefined) => (r ? [`理由：${r}。`] : []);
  switch (kind) {
    case 'grant_decision': {
      const ver = await getImplementationVersion(k, row.implementation_id, Number(row.implementation_version), tx);
      const basis = ver.item.legalBasis.map((c) => `${c.title}${c.article ?? ''}`).join('、') || '有关法律、法规';
      return {
        paragraphs: [
          `${filed}，经审查，符合法定条件、标准。依据${basis}，本机关决定准予行政许可。`,
          ...reason(v.decision?.reason),
        ],
        items: [],
      };
    }
    case 'denial_decision':
      return {
        paragraphs: [
          `${filed}，经审查，不符合法定条件、标准。`,
          ...reason(v.decision?.reason),
          `依据${v.decision?.legalBasis ?? ''}，本机关决定不予行政许可。`,
          APPEAL,
        ],
        items: [],
      };
    case 'refusal_notice':
      return {
        paragraphs: [
          `${filed}，本机关决定不予受理。`,
          ...reason(v.refusal?.reason),
          `依据：${v.refusal?.legalBasis ?? ''}。`,
          APPEAL,
        ],
        items: [],
      };
    case 'supplement_notice':
      return {
        paragraphs: [
          `${filed}，申请材料不齐全或者不符合法定形式。依据《中华人民共和国行政许可法》第三十二条，现一次性告知你（单位）需要补正的全部内容：`,
        ],
        items: (v.supplement?.items ?? []).map((i) => i.description),
      };
  }
}

/**
 * Issues a document for the move in progress (a lifecycle `after` hook: `s.subject` is the case before the move, `v`
 * after it), in the move's transaction. Returns the recorded row.
 */
export async function issueDocument(
  s: Step<CaseTable>,
  v: CaseCore,
  kind: DocumentKind,
  permission: string,
): Promise<CaseDocumentTable> {
  const { k, ctx, tx } = s;
  const row = s.subject;
  const title = DOCUMENT_TITLES[kind];
  const year = shanghaiDate(ctx.now).slice(0, 4);
  const seqKey = `${title.code}-${row.region}-${year}`;
  const number = `${seqKey}-${String(await nextSequence(tx, seqKey)).padStart(5, '0')}`;
  const id = newId(ctx.now.getTime());
  const content: DocumentContent = {
    title: title.zh,
    number,
    department: row.department_name,
    addressee: `${row.applicant_name}：`,
    ...(await bodyOf(k, tx, kind, row, v)),
    dateText: dateText(ctx.now),
    verifyUrl: `${k.config.publicBaseUrl ?? ''}${verifyPath(id)}`,
    issuedAt: ctx.now,
  };
  const pdf = await renderDocumentPdf(content);
  const blob = await blobStoreOf(k).put(pdf); // content-addressed: a rolled-back move leaves a harmless orphan
  const doc: Omit<CaseDocumentTable, 'alg' | 'key_id' | 'signature'> = {
    id,
    case_id: row.id,
    kind,
    number,
    case_number: row.number,
    department_name: row.department_name,
    item_name: row.item_name,
    applicant_display: maskedApplicant(row.applicant_kind, row.applicant_name),
    sha256: blob.sha256,
    size: pdf.length,
    storage_key: blob.key,
    created_at: ctx.now.toISOString(),
  };
  const sig = await documentSignerOf(k).sign(tx, row.department_code, statementOf(doc));
  const stored: CaseDocumentTable = { ...doc, alg: sig.alg, key_id: sig.keyId, signature: sig.signature };
  await tx.insertInto('cases_documents').values(stored).execute();
  await k.audit.record(tx, ctx, {
    permission,
    action: 'issue',
    subjectType: DOCUMENT_SUBJECT,
    subjectId: id,
    ruleVersion: `${row.implementation_code}@${row.implementation_version}`,
    after: {
      caseId: row.id,
      kind,
      number,
      sha256: blob.sha256,
      alg: sig.alg,
      keyId: sig.keyId,
      signature: sig.signature,
    },
    event: casesEvents.make('cases.document.issued', { id, caseId: row.id, number, kind, sha256: blob.sha256 }),
  });
  return stored;
}

export interface CaseDocument {
  id: string;
  kind: DocumentKind;
  title: { zh: string; en: string };
  number: string;
  sha256: string;
  size: number;
  issuedAt: string;
}

const toDocument = (r: CaseDocumentTable): CaseDocument => ({
  id: r.id,
  kind: r.kind as DocumentKind,
  title: { zh: DOCUMENT_TITLES[r.kind as DocumentKind].zh, en: DOCUMENT_TITLES[r.kind as DocumentKind].en },
  number: r.number,
  sha256: r.sha256,
  size: Number(r.size),
  issuedAt: r.created_at,
});

/** A case's documents, oldest first, for whoever may read the case. */
export async function listDocuments(k: Kernel, ctx: Ctx, caseId: string): Promise<CaseDocument[]> {
  requirePermission(ctx, P.read);
  requireVisibleCase(ctx, await findCaseRow(k.db, caseId), caseId);
  const rows = await k.db
    .selectFrom('cases_documents')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
  return rows.map(toDocument);
}

const absentDocument = (id: string) => notFound('文书 document', id, 'params.documentId');

/** A document's PDF (its SHA-256 checked against the one recorded), for whoever may read the case. */
export async function readDocument(
  k: Kernel,
  ctx: Ctx,
  caseId: string,
  documentId: string,
): Promise<{ document: CaseDocument; bytes: Buffer }> {
  requirePermission(ctx, P.read);
  requireVisibleCase(ctx, await findCaseRow(k.db, caseId), caseId);
  const r = await k.db
    .selectFrom('cases_documents')
    .selectAll()
    .where('id', '=', documentId)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  if (!r) throw absentDocument(documentId);
  const bytes = await blobStoreOf(k).get(r.storage_key);
  if (!bytes || sha256Hex(bytes) !== r.sha256)
    throw new AppError({
      code: 'DOCUMENT_UNAVAILABLE',
      status: 500,
      zh: '文书文件缺失或已损坏，请联系管理员',
      en: 'The stored document is missing or damaged; contact the administrator',
    });
  return { document: toDocument(r), bytes };
}

/** What the public verification answers: the document's public facts and each check. */
export interface DocumentVerification {
  /** Every check passed. */
  valid: boolean;
  /** The SHA-256 of the bytes checked (the uploaded ones, or the stored ones). */
  sha256: string;
  checks: {
    /** The bytes hash to the SHA-256 recorded when the document was issued. */
    digestMatches: boolean;
    /** The signature over the document's statement verifies with the key it names. */
    signatureValid: boolean;
  };
  /** Null when no issued document has these bytes. */
  document: {
    id: string;
    kind: DocumentKind;
    title: { zh: string; en: string };
    number: string;
    caseNumber: string;
    department: string;
    item: string;
    applicant: string;
    issuedAt: string;
    sha256: string;
    alg: string;
    keyId: string;
  } | null;
}

async function verification(k: Kernel, r: CaseDocumentTable, sha256: string): Promise<DocumentVerification> {
  const digestMatches = sha256 === r.sha256;
  const signatureValid = await documentSignerOf(k).verify(k.db, r.key_id, r.alg, statementOf(r), r.signature);
  const t = DOCUMENT_TITLES[r.kind as DocumentKind];
  return {
    valid: digestMatches && signatureValid,
    sha256,
    checks: { digestMatches, signatureValid },
    document: {
      id: r.id,
      kind: r.kind as DocumentKind,
      title: { zh: t.zh, en: t.en },
      number: r.number,
      caseNumber: r.case_number,
      department: r.department_name,
      item: r.item_name,
      applicant: r.applicant_display,
      issuedAt: r.created_at,
      sha256: r.sha256,
      alg: r.alg,
      keyId: r.key_id,
    },
  };
}

/**
 * Public (no login): verifies document `id` — its stored bytes against the recorded digest, or `bytes` (an uploaded
 * PDF) when given — and its signature. An unknown id is 404.
 */
export async function verifyDocument(k: Kernel, id: string, bytes?: Buffer): Promise<DocumentVerification> {
  const r = await k.db.selectFrom('cases_documents').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw absentDocument(id);
  const checked = bytes ?? (await blobStoreOf(k).get(r.storage_key));
  return verification(k, r, checked ? sha256Hex(checked) : '');
}

/** Public (no login): which issued document, if any, these bytes are; `document` null and `valid` false when none. */
export async function verifyDocumentBytes(k: Kernel, bytes: Buffer): Promise<DocumentVerification> {
  const sha256 = sha256Hex(bytes);
  const r = await k.db.selectFrom('cases_documents').selectAll().where('sha256', '=', sha256).executeTakeFirst();
  if (!r) return { valid: false, sha256, checks: { digestMatches: false, signatureValid: false }, document: null };
  return verification(k, r, sha256);
}
