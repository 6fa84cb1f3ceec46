/**
 * Evidence files over HTTP: the upload is the file itself as the request body (one file per request; its name and
 * item in the query string), as a case's materials are — registered in their own scope, so the raw body parser
 * applies to the upload only.
 */
import type { FastifyInstance } from 'fastify';
import { Type, Strict, errorResponses, ctxOf, type App } from '../../kernel/http.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { acceptRawUploads, uploadedFile } from '../../kernel/uploads.ts';
import { inspectionsPermissions as P } from './permissions.ts';
import { addEvidence, EVIDENCE_TYPES, MAX_EVIDENCE_BYTES, readEvidence } from './evidence.ts';
import { VisitSchema } from './schemas.ts';

const tags = ['inspections'];
const IdParams = Strict({ id: Type.String({ minLength: 1, maxLength: 64 }) });

function registerUpload(scope: App, k: Kernel): void {
  acceptRawUploads(scope, ['application/octet-stream', ...EVIDENCE_TYPES], MAX_EVIDENCE_BYTES);
  scope.post(
    '/api/v1/inspections/visits/:id/evidence',
    {
      config: { permission: P.record_results },
      bodyLimit: MAX_EVIDENCE_BYTES,
      schema: {
        tags,
        summary: 'Upload an evidence file (photo or PDF) for one item of a visit: the file itself as the body',
        description:
          'Body: the file (Content-Type application/octet-stream or its own type; ≤ 10 MiB). The type is sniffed from the content: JPEG, PNG or PDF; anything else is 415 EVIDENCE_TYPE_NOT_ALLOWED. For whoever may record the item’s result, before publication (403 NOT_ASSIGNED, 409 ALREADY_PUBLISHED / NOT_INSPECTING); at most 20 files per item (409 EVIDENCE_TOO_MANY). Answers the visit with its files.',
        params: IdParams,
        querystring: Strict({
          itemId: Type.String({ minLength: 1, maxLength: 64, description: 'The inspection item' }),
          name: Type.String({ minLength: 1, maxLength: 255, description: 'The file name, e.g. 现场照片1.jpg' }),
        }),
        body: Type.Unknown({ description: 'The file' }),
        response: { 201: VisitSchema, ...errorResponses, 413: errorResponses[400], 415: errorResponses[400] },
      },
    },
    async (req, reply) => {
      const visit = await addEvidence(k, ctxOf(req), req.params.id, {
        itemId: req.query.itemId,
        name: req.query.name,
        bytes: uploadedFile(req.body),
      });
      return reply.status(201).send(visit);
    },
  );
}

export function registerEvidenceRoutes(app: App, k: Kernel): void {
  app.register(async (scope: FastifyInstance) => registerUpload(scope as unknown as App, k));
  app.get(
    '/api/v1/inspections/visits/:id/evidence/:fileId',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'Download an evidence file (for whoever may read the visit)',
        params: Strict({
          id: Type.String({ minLength: 1, maxLength: 64 }),
          fileId: Type.String({ minLength: 1, maxLength: 64 }),
        }),
        response: { 200: Type.Unknown({ description: 'The file, as uploaded' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { file, bytes, fileName } = await readEvidence(k, ctxOf(req), req.params.id, req.params.fileId);
      const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
      return reply
        .header('content-type', file.contentType)
        .header(
          'content-disposition',
          `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        )
        .header('x-content-sha256', file.sha256)
        .send(bytes);
    },
  );
}
