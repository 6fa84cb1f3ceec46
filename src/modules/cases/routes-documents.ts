/**
 * Decision documents, 双公示 and the inbox over HTTP. Downloads are for whoever may read the case; verification and
 * the publicity list are public (no login); the inbox is the caller's own.
 */
import type { FastifyInstance } from 'fastify';
import {
  Type,
  Strict,
  StringEnum,
  Nullable,
  Page,
  PageQuery,
  ErrorSchema,
  errorResponses,
  ctxOf,
  type App,
} from '../../kernel/http.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { AppError } from '../../kernel/errors.ts';
import { casesPermissions as P } from './permissions.ts';
import { DOCUMENT_KINDS, listDocuments, readDocument, verifyDocument, verifyDocumentBytes } from './documents.ts';
import { listPendingPublications, listPublications } from './publicity.ts';
import { listNotifications, markAllNotificationsRead, markNotificationRead } from './notifications.ts';
import { MAX_MATERIAL_BYTES } from './materials.ts';

const tags = ['cases'];
const Label = Strict({ zh: Type.String(), en: Type.String() });
const IdParams = Strict({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Pdf = {
  description: 'The document as a PDF',
  content: { 'application/pdf': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } },
};

const DocumentSchema = Strict(
  {
    id: Type.String(),
    kind: StringEnum(DOCUMENT_KINDS),
    title: Label,
    number: Type.String({ description: 'Document number: <kind code>-<region>-<yyyy>-<5-digit sequence>' }),
    sha256: Type.String({ description: 'Hex SHA-256 of the PDF as issued' }),
    size: Type.Integer(),
    issuedAt: Type.String(),
  },
  { $id: 'CaseDocument' },
);

const VerificationSchema = Strict(
  {
    valid: Type.Boolean({ description: 'The bytes are the issued ones and the signature verifies' }),
    sha256: Type.String({ description: 'SHA-256 of the bytes checked' }),
    checks: Strict({ digestMatches: Type.Boolean(), signatureValid: Type.Boolean() }),
    document: Nullable(
      Strict({
        id: Type.String(),
        kind: StringEnum(DOCUMENT_KINDS),
        title: Label,
        number: Type.String(),
        caseNumber: Type.String(),
        department: Type.String(),
        item: Type.String(),
        applicant: Type.String({ description: 'A person masked (张*), an enterprise by name' }),
        issuedAt: Type.String(),
        sha256: Type.String(),
        alg: Type.String(),
        keyId: Type.String({
          description: 'The signing key (kid), published in /.well-known/onewindow-platform-keys.json',
        }),
      }),
    ),
  },
  { $id: 'DocumentVerification' },
);

const PublicationSchema = Strict(
  {
    id: Type.String(),
    documentId: Nullable(Type.String()),
    documentNumber: Nullable(Type.String()),
    caseNumber: Type.String(),
    item: Type.String(),
    decision: StringEnum(['granted', 'denied'] as const),
    applicant: Type.String({ description: 'A person masked (张*), an enterprise by name' }),
    uscc: Nullable(Type.String({ description: 'The enterprise’s unified social credit code' })),
    region: Type.String(),
    regionName: Type.String(),
    department: Strict({ code: Type.String(), name: Type.String() }),
    decisionDate: Type.String(),
    dueDate: Nullable(Type.String({ description: 'Publication due (7 working days from the decision)' })),
    publishedAt: Type.String(),
    late: Type.Boolean({ description: 'Published after the due date' }),
  },
  { $id: 'Publication' },
);

const NotificationSchema = Strict(
  {
    id: Type.String(),
    caseId: Type.String(),
    kind: Type.String({ description: 'The case event it is about' }),
    title: Label,
    body: Label,
    link: Type.String({ description: 'The web path of the case' }),
    read: Type.Boolean(),
    readAt: Nullable(Type.String()),
    createdAt: Type.String(),
  },
  { $id: 'CaseNotification' },
);

/** The upload checked by the public verification: a PDF, as the body. */
function registerVerifyUpload(scope: App, k: Kernel): void {
  scope.addContentTypeParser(
    ['application/pdf', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: MAX_MATERIAL_BYTES },
    (_req, body, done) => done(null, body),
  );
  scope.post(
    '/api/v1/cases/documents/verify',
    {
      config: { permission: 'public' },
      bodyLimit: MAX_MATERIAL_BYTES,
      schema: {
        tags,
        summary: 'Verify a decision document from its PDF (public): is it exactly an issued one, and is it signed?',
        description:
          'Body: the PDF (application/pdf or application/octet-stream). With ?id= the bytes are checked against that document; without, the document is found by its SHA-256.',
        querystring: Strict({ id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }),
        body: Type.Unknown({ description: 'The PDF' }),
        response: { 200: VerificationSchema, ...errorResponses, 413: ErrorSchema, 415: ErrorSchema },
      },
    },
    async (req) => {
      if (!Buffer.isBuffer(req.body) || req.body.length === 0)
        throw new AppError({
          code: 'UNSUPPORTED_MEDIA_TYPE',
          status: 415,
          field: 'body',
          zh: '请以 PDF 文件本身作为请求体上传',
          en: 'Send the PDF itself as the body',
        });
      return req.query.id ? verifyDocument(k, req.query.id, req.body) : verifyDocumentBytes(k, req.body);
    },
  );
}

export function registerDocumentRoutes(app: App, k: Kernel): void {
  app.register(async (scope: FastifyInstance) => registerVerifyUpload(scope as unknown as App, k));
  app.get(
    '/api/v1/cases/documents/:id/verification',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'Verify an issued decision document by its id (public): stored digest and signature, public facts',
        params: IdParams,
        response: { 200: VerificationSchema, ...errorResponses },
      },
    },
    async (req) => verifyDocument(k, req.params.id),
  );
  app.get(
    '/api/v1/cases/:id/documents',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: "A case's decision documents (决定书, 通知书, 告知书)",
        params: IdParams,
        response: { 200: Strict({ items: Type.Array(DocumentSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listDocuments(k, ctxOf(req), req.params.id) }),
  );
  app.get(
    '/api/v1/cases/:id/documents/:documentId',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'Download a decision document (for whoever may read the case)',
        params: Strict({
          id: Type.String({ minLength: 1, maxLength: 64 }),
          documentId: Type.String({ minLength: 1, maxLength: 64 }),
        }),
        response: { 200: Pdf, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { document, bytes } = await readDocument(k, ctxOf(req), req.params.id, req.params.documentId);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${document.number}.pdf"`)
        .header('cache-control', 'private, no-store')
        .header('x-content-sha256', document.sha256)
        .send(bytes);
    },
  );
  app.get(
    '/api/v1/cases/publicity',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: '双公示: published licensing decisions (public), newest first; by region (its subtree) and department',
        querystring: Strict({
          ...PageQuery,
          region: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
          department: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
        }),
        response: { 200: Page(PublicationSchema), ...errorResponses },
      },
    },
    async (req) => {
      const limit = Math.min(req.query.limit ?? 20, 100);
      const items = await listPublications(k, {
        limit,
        region: req.query.region,
        department: req.query.department,
        before: req.query.cursor ?? null,
      });
      return { items, nextCursor: items.length === limit ? items[items.length - 1].id : null };
    },
  );
  app.get(
    '/api/v1/cases/publicity/pending',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: '双公示 records in my jurisdiction not yet published (staff), each flagged when overdue',
        response: {
          200: Strict({
            items: Type.Array(
              Strict({
                id: Type.String(),
                caseId: Type.String(),
                caseNumber: Type.String(),
                item: Type.String(),
                decision: StringEnum(['granted', 'denied'] as const),
                department: Strict({ code: Type.String(), name: Type.String() }),
                decidedAt: Type.String(),
                dueDate: Nullable(Type.String()),
                overdue: Type.Boolean({ description: 'Its 7 working days have passed' }),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await listPendingPublications(k, ctxOf(req)) }),
  );
  app.get(
    '/api/v1/cases/notifications',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'My messages about cases (站内消息), newest first, with the unread count',
        querystring: Strict({ ...PageQuery, unread: Type.Optional(Type.Boolean()) }),
        response: {
          200: Strict({
            items: Type.Array(NotificationSchema),
            nextCursor: Nullable(Type.String()),
            unread: Type.Integer(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const limit = Math.min(req.query.limit ?? 20, 100);
      const r = await listNotifications(k, ctxOf(req), {
        limit,
        unread: req.query.unread,
        before: req.query.cursor ?? null,
      });
      return { ...r, nextCursor: r.items.length === limit ? r.items[r.items.length - 1].id : null };
    },
  );
  app.post(
    '/api/v1/cases/notifications/:id/read',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'Mark one of my messages read (idempotent)',
        params: IdParams,
        response: { 200: NotificationSchema, ...errorResponses },
      },
    },
    async (req) => markNotificationRead(k, ctxOf(req), req.params.id),
  );
  app.post(
    '/api/v1/cases/notifications/read-all',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'Mark all my messages read',
        response: { 200: Strict({ marked: Type.Integer() }), ...errorResponses },
      },
    },
    async (req) => ({ marked: await markAllNotificationsRead(k, ctxOf(req)) }),
  );
}
