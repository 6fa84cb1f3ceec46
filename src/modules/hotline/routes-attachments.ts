/**
 * A ticket's attachments over HTTP, as the cases' materials are uploaded: the file itself is the request body (one
 * file per request, its name in `?name=`), not multipart. Registered in a scope of their own, so the raw body parser
 * applies to these routes only. Staff use `/tickets/:id/attachments`, the citizen who filed the ticket
 * `/my/tickets/:id/attachments`.
 */
import type { FastifyInstance } from 'fastify';
import { Type, Strict, StringEnum, errorResponses, ctxOf, type App } from '../../kernel/http.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { acceptRawUploads, uploadedFile } from '../../kernel/uploads.ts';
import { MATERIAL_TYPES } from '../../kernel/sniff.ts';
import { hotlinePermissions as P } from './permissions.ts';
import {
  ATTACHMENT_KINDS,
  MAX_ATTACHMENT_BYTES,
  addAttachment,
  listAttachments,
  readAttachment,
} from './attachments.ts';

const tags = ['hotline'];
/** Declared Content-Types the upload takes; the stored type is sniffed from the content whatever is declared. */
const UPLOAD_TYPES = ['application/octet-stream', ...MATERIAL_TYPES];

export const AttachmentSchema = Strict(
  {
    id: Type.String(),
    kind: StringEnum(ATTACHMENT_KINDS, {
      description: "caller: from or about the caller; center: the center's own; reply: the department's, to its reply",
    }),
    name: Type.String(),
    contentType: StringEnum(MATERIAL_TYPES),
    size: Type.Integer({ description: 'Bytes' }),
    sha256: Type.String({ description: 'Hex SHA-256 of the file, checked again on every download' }),
    uploadedAt: Type.String(),
  },
  { $id: 'HotlineAttachment' },
);

const IdParams = Strict({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const FileParams = Strict({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  attachmentId: Type.String({ minLength: 1, maxLength: 64 }),
});
const Name = Type.String({ minLength: 1, maxLength: 255, description: 'The file name, e.g. 现场照片.jpg' });
const UPLOAD_DESCRIPTION = `Body: the file (Content-Type application/octet-stream or its own type; ≤ ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MiB). The type is sniffed from the content: PDF, JPEG, PNG or OFD; anything else is 415 ATTACHMENT_TYPE_NOT_ALLOWED. 413 ATTACHMENT_TOO_LARGE, 409 ATTACHMENTS_CLOSED / ATTACHMENTS_TOO_MANY.`;

function registerUploads(scope: App, k: Kernel): void {
  acceptRawUploads(scope, UPLOAD_TYPES, MAX_ATTACHMENT_BYTES);
  const responses = { 201: AttachmentSchema, ...errorResponses, 413: errorResponses[400], 415: errorResponses[400] };
  scope.post(
    '/api/v1/hotline/tickets/:id/attachments',
    {
      config: { permission: P.read },
      bodyLimit: MAX_ATTACHMENT_BYTES,
      schema: {
        tags,
        summary:
          'Attach a file to a ticket: operators the caller’s (or, kind=center, the center’s own) until it closes; the handling department a file to its reply while handling it',
        description: `${UPLOAD_DESCRIPTION} Operators need hotline:intake, the department hotline:handle (and the ticket accepted, not yet replied).`,
        params: IdParams,
        querystring: Strict({ name: Name, kind: Type.Optional(StringEnum(['caller', 'center'] as const)) }),
        body: Type.Unknown({ description: 'The file' }),
        response: responses,
      },
    },
    async (req, reply) => {
      const a = await addAttachment(k, ctxOf(req), req.params.id, {
        name: req.query.name,
        kind: req.query.kind,
        bytes: uploadedFile(req.body),
      });
      return reply.status(201).send(a);
    },
  );
  scope.post(
    '/api/v1/hotline/my/tickets/:id/attachments',
    {
      config: { permission: P.submit },
      bodyLimit: MAX_ATTACHMENT_BYTES,
      schema: {
        tags,
        summary: 'Attach a photo or document to one’s own request until it is closed (citizen signed in)',
        description: UPLOAD_DESCRIPTION,
        params: IdParams,
        querystring: Strict({ name: Name }),
        body: Type.Unknown({ description: 'The file' }),
        response: responses,
      },
    },
    async (req, reply) => {
      const a = await addAttachment(k, ctxOf(req), req.params.id, {
        name: req.query.name,
        bytes: uploadedFile(req.body),
      });
      return reply.status(201).send(a);
    },
  );
}

export function registerAttachmentRoutes(app: App, k: Kernel): void {
  app.register(async (scope: FastifyInstance) => registerUploads(scope as unknown as App, k));
  for (const [prefix, permission, who] of [
    ['/api/v1/hotline/tickets', P.read, 'whoever reaches the ticket'],
    ['/api/v1/hotline/my/tickets', P.submit, 'the citizen who filed it'],
  ] as const) {
    app.get(
      `${prefix}/:id/attachments`,
      {
        config: { permission },
        schema: {
          tags,
          summary: `A ticket's files, oldest first, for ${who}`,
          description:
            "The handling department does not see a confidential ticket's caller files; the citizen sees their own and the reply's.",
          params: IdParams,
          response: { 200: Strict({ items: Type.Array(AttachmentSchema) }), ...errorResponses },
        },
      },
      async (req) => ({ items: await listAttachments(k, ctxOf(req), req.params.id) }),
    );
    app.get(
      `${prefix}/:id/attachments/:attachmentId`,
      {
        config: { permission },
        schema: {
          tags,
          summary: `Download a ticket's file, for ${who} (a file hidden from the caller is 404)`,
          params: FileParams,
          response: { 200: Type.Unknown({ description: 'The file, as uploaded' }), ...errorResponses },
        },
      },
      async (req, reply) => {
        const { attachment, bytes, fileName } = await readAttachment(
          k,
          ctxOf(req),
          req.params.id,
          req.params.attachmentId,
        );
        const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
        return reply
          .header('content-type', attachment.contentType)
          .header(
            'content-disposition',
            `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
          )
          .header('x-content-sha256', attachment.sha256)
          .send(bytes);
      },
    );
  }
}
