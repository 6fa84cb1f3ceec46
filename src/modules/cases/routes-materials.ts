/**
 * A case's materials over HTTP. The upload is the file itself as the request body (one file per request; its name
 * in `?name=`), not multipart: see docs/cases.md § Materials. Registered in their own scope, so the raw body parsers
 * apply to these routes only.
 */
import type { FastifyInstance } from 'fastify';
import { Type, Strict, StringEnum, Nullable, errorResponses, ctxOf, type App } from '../../kernel/http.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { AppError } from '../../kernel/errors.ts';
import { casesPermissions as P } from './permissions.ts';
import { MAX_MATERIAL_BYTES, addMaterial, listMaterials, readMaterial } from './materials.ts';
import { MATERIAL_TYPES } from './sniff.ts';

const tags = ['cases'];
/** Declared Content-Types the upload takes; the stored type is sniffed from the content whatever is declared. */
export const UPLOAD_TYPES = ['application/octet-stream', ...MATERIAL_TYPES];

export const MaterialSchema = Strict(
  {
    id: Type.String(),
    materialKey: Nullable(Type.String({ description: 'Which listed material of the implementation it is' })),
    name: Type.String(),
    contentType: StringEnum(MATERIAL_TYPES),
    size: Type.Integer({ description: 'Bytes' }),
    sha256: Type.String({ description: 'Hex SHA-256 of the file, checked again on every download' }),
    uploadedAt: Type.String(),
  },
  { $id: 'CaseMaterial' },
);

/** The uploaded file: the raw request body (the upload routes parse their content types as buffers). */
export function uploadedFile(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  throw new AppError({
    code: 'UNSUPPORTED_MEDIA_TYPE',
    status: 415,
    field: 'body',
    zh: '请以文件本身作为请求体上传（Content-Type: application/octet-stream）',
    en: 'Send the file itself as the body (Content-Type: application/octet-stream)',
  });
}

const IdParams = Strict({ id: Type.String({ minLength: 1, maxLength: 64 }) });

function registerUpload(scope: App, k: Kernel): void {
  scope.addContentTypeParser(UPLOAD_TYPES, { parseAs: 'buffer', bodyLimit: MAX_MATERIAL_BYTES }, (_req, body, done) =>
    done(null, body),
  );
  scope.post(
    '/api/v1/cases/:id/materials',
    {
      config: { permission: P.file },
      bodyLimit: MAX_MATERIAL_BYTES,
      schema: {
        tags,
        summary: 'Upload a material (申请材料) to a case awaiting acceptance: the file itself as the body',
        description:
          'Body: the file (Content-Type application/octet-stream or its own type; ≤ 10 MiB). The type is sniffed from the content: PDF, JPEG, PNG or OFD (a zip with OFD.xml); anything else is 415 MATERIAL_TYPE_NOT_ALLOWED.',
        params: IdParams,
        querystring: Strict({
          name: Type.String({ minLength: 1, maxLength: 255, description: 'The file name, e.g. 营业执照.pdf' }),
          key: Type.Optional(
            Type.String({ minLength: 1, maxLength: 100, description: "The implementation's material key" }),
          ),
        }),
        body: Type.Unknown({ description: 'The file' }),
        response: { 201: MaterialSchema, ...errorResponses, 413: errorResponses[400], 415: errorResponses[400] },
      },
    },
    async (req, reply) => {
      const m = await addMaterial(k, ctxOf(req), req.params.id, {
        name: req.query.name,
        materialKey: req.query.key ?? null,
        bytes: uploadedFile(req.body),
      });
      return reply.status(201).send(m);
    },
  );
}

export function registerMaterialRoutes(app: App, k: Kernel): void {
  app.register(async (scope: FastifyInstance) => registerUpload(scope as unknown as App, k));
  app.get(
    '/api/v1/cases/:id/materials',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: "A case's materials: name, type, size and SHA-256",
        params: IdParams,
        response: { 200: Strict({ items: Type.Array(MaterialSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listMaterials(k, ctxOf(req), req.params.id) }),
  );
  app.get(
    '/api/v1/cases/:id/materials/:materialId',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'Download a material (for whoever may read the case)',
        params: Strict({
          id: Type.String({ minLength: 1, maxLength: 64 }),
          materialId: Type.String({ minLength: 1, maxLength: 64 }),
        }),
        response: { 200: Type.Unknown({ description: 'The file, as uploaded' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { material, bytes, fileName } = await readMaterial(k, ctxOf(req), req.params.id, req.params.materialId);
      const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
      return reply
        .header('content-type', material.contentType)
        .header(
          'content-disposition',
          `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        )
        .header('x-content-sha256', material.sha256)
        .send(bytes);
    },
  );
}
