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
import { MAX_MATERIAL_BYTES, SOURCED_TYPE, addMaterial, listMaterials, readMaterial } from './materials.ts';
import { addMaterialFromCertificate, certificateOptions } from './materials-sourced.ts';
import { SOURCE_KINDS } from './material-source.ts';
import { MATERIAL_TYPES } from './sniff.ts';
import { idempotent } from '../../kernel/idempotency.ts';

const tags = ['cases'];
/** Declared Content-Types the upload takes; the stored type is sniffed from the content whatever is declared. */
export const UPLOAD_TYPES = ['application/octet-stream', ...MATERIAL_TYPES];

const Label = Strict({ zh: Type.String(), en: Type.String() });
const SourceRecordSchema = Strict({
  id: Type.String({ description: "The source's id of the record (a certificate id)" }),
  number: Type.String({ description: 'The certificate number (GB/T 36904)' }),
  type: Strict({ code: Type.String(), name: Type.String() }),
  issuer: Type.String({ description: 'The issuing department' }),
  holderName: Type.String(),
  face: Type.Record(Type.String(), Type.Unknown(), { description: 'The face fields, personal data masked' }),
  validFrom: Type.String(),
  validUntil: Nullable(Type.String()),
  illustrative: Type.Boolean({ description: '示例: an illustrative certificate type' }),
});
const Check = {
  valid: Type.Boolean(),
  reason: Nullable(Type.String({ description: 'Why not valid: revoked, suspended, expired, signature, …' })),
};

export const MaterialSchema = Strict(
  {
    id: Type.String(),
    materialKey: Nullable(Type.String({ description: 'Which listed material of the implementation it is' })),
    name: Type.String(),
    contentType: StringEnum([...MATERIAL_TYPES, SOURCED_TYPE], {
      description: `${SOURCED_TYPE} for a material given by an e-certificate (no file is stored)`,
    }),
    size: Type.Integer({ description: 'Bytes' }),
    sha256: Type.String({
      description: 'Hex SHA-256 of the file, checked again on every download (of the verified credential when sourced)',
    }),
    uploadedAt: Type.String(),
    /** Null for an upload; the e-certificate that gave the material, verified again on this read. */
    source: Nullable(
      Strict({
        kind: StringEnum(SOURCE_KINDS),
        number: Type.String({ description: 'The certificate number' }),
        record: Nullable(SourceRecordSchema),
        atFiling: Strict({ ...Check, at: Type.String() }),
        now: Nullable(Strict({ ...Check, message: Label, at: Type.String() })),
      }),
    ),
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
    '/api/v1/cases/:id/materials/certificate-options',
    {
      config: { permission: P.file },
      schema: {
        tags,
        summary: "For the applicant: the case's materials a certificate may give (免提交), with their certificates",
        description:
          "Each material whose implementation names `source.certificateType`, with the caller's own certificates of that type in force (with `OneWindow-On-Behalf-Of`, the enterprise's). Applicants only (403 HOLDER_CONSENT_REQUIRED for staff).",
        params: IdParams,
        response: {
          200: Strict({
            items: Type.Array(
              Strict({
                materialKey: Type.String(),
                materialName: Type.String(),
                certificateType: Type.String(),
                certificates: Type.Array(SourceRecordSchema),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await certificateOptions(k, ctxOf(req), req.params.id) }),
  );
  app.post(
    '/api/v1/cases/:id/materials/from-certificate',
    {
      config: { permission: P.file },
      schema: {
        tags,
        summary: 'Give a material by one of the applicant’s own e-certificates instead of an upload (免证可办)',
        description:
          'The certificate must be the applicant’s (or, with `OneWindow-On-Behalf-Of`, the enterprise’s), of the type the material names, and valid now (signature and status list, verified in the same transaction): else 409 CERTIFICATE_TYPE_MISMATCH / CERTIFICATE_NOT_VALID, 404 for a certificate that is not theirs. The case’s department is granted its use (shown in the holder’s grants and usage log). The same certificate for the same material again answers 200 with the row already recorded; an Idempotency-Key is honoured.',
        params: IdParams,
        body: Strict({
          materialKey: Type.String({ minLength: 1, maxLength: 100, description: "The implementation's material key" }),
          certificateId: Type.String({
            minLength: 1,
            maxLength: 100,
            description: 'One of the applicant’s certificates',
          }),
        }),
        response: { 200: MaterialSchema, 201: MaterialSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const r = await idempotent(k, req, 201, async (tx) => {
        const out = await addMaterialFromCertificate(k, ctxOf(req), req.params.id, req.body, tx);
        return { ...out.material, created: out.created };
      });
      const { created, ...material } = r.body;
      return reply
        .status(r.replayed || created ? r.status : 200)
        .header('idempotent-replayed', String(r.replayed))
        .send(material);
    },
  );
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
