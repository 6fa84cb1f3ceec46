/**
 * A case's materials over HTTP. The upload is the file itself as the request body (one file per request; its name
 * in `?name=`), not multipart: see docs/cases.md § Materials. Registered in their own scope, so the raw body parsers
 * apply to these routes only.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, Strict, StringEnum, Nullable, errorResponses, ctxOf, type App } from '../../kernel/http.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { casesPermissions as P } from './permissions.ts';
import {
  MAX_MATERIAL_BYTES,
  SHARED_DATA_TYPE,
  SOURCED_TYPE,
  addMaterial,
  listMaterials,
  readMaterial,
} from './materials.ts';
import { addMaterialFromCertificate, certificateOptions } from './materials-sourced.ts';
import { addMaterialFromSharedData, applyOptions, myDataReads, sharedDataOptions } from './materials-shared.ts';
import { earlierUploads, reuseMaterial } from './materials-reuse.ts';
import { SOURCE_KINDS } from './material-source.ts';
import { MATERIAL_TYPES } from '../../kernel/sniff.ts';
import { acceptRawUploads, uploadedFile } from '../../kernel/uploads.ts';
import { idempotent } from '../../kernel/idempotency.ts';
import type { Executor } from '../../kernel/db/types.ts';

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
const SharedDataSchema = Strict({
  source: Strict({ id: Type.String(), name: Label }),
  dataSource: Type.String({ description: "The catalog's data-source name, e.g. 人口基础信息库" }),
  subject: Strict({
    kind: StringEnum(['person', 'enterprise']),
    name: Type.String(),
    identifier: Type.String({ description: 'Masked resident ID, USCC or certificate number' }),
  }),
  fields: Type.Array(Strict({ label: Label, value: Type.String({ description: 'Masked where personal' }) })),
});
const SharedDataOptionSchema = Strict({
  materialKey: Type.String(),
  materialName: Type.String(),
  dataSource: Type.String(),
  /** The connected source; null when the name is not connected (the material stays an upload). */
  source: Nullable(Strict({ id: Type.String(), name: Label })),
});
const CertificateOptionSchema = Strict({
  materialKey: Type.String(),
  materialName: Type.String(),
  certificateType: Type.String(),
  certificates: Type.Array(SourceRecordSchema),
});
const Consent = Type.Boolean({ description: "The applicant's explicit consent: must be true" });
const Check = {
  valid: Type.Boolean(),
  reason: Nullable(Type.String({ description: 'Why not valid: revoked, suspended, expired, signature, …' })),
};

export const MaterialSchema = Strict(
  {
    id: Type.String(),
    materialKey: Nullable(Type.String({ description: 'Which listed material of the implementation it is' })),
    name: Type.String(),
    contentType: StringEnum([...MATERIAL_TYPES, SOURCED_TYPE, SHARED_DATA_TYPE], {
      description: `${SOURCED_TYPE} for a material given by an e-certificate, ${SHARED_DATA_TYPE} for one given by shared data (no file is stored)`,
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
        /** Shared data: what was read, from which source (masked); null for a certificate. */
        data: Nullable(SharedDataSchema),
      }),
    ),
    reusedFrom: Nullable(Type.String({ description: 'A reused upload: the earlier material it was taken from' })),
  },
  { $id: 'CaseMaterial' },
);

const IdParams = Strict({ id: Type.String({ minLength: 1, maxLength: 64 }) });

function registerUpload(scope: App, k: Kernel): void {
  acceptRawUploads(scope, UPLOAD_TYPES, MAX_MATERIAL_BYTES);
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
        response: { 200: Strict({ items: Type.Array(CertificateOptionSchema) }), ...errorResponses },
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
    async (req, reply) =>
      sendMaterial(k, req, reply, (tx) => addMaterialFromCertificate(k, ctxOf(req), req.params.id, req.body, tx)),
  );
  app.get(
    '/api/v1/cases/:id/materials/shared-data-options',
    {
      config: { permission: P.file },
      schema: {
        tags,
        summary: "For the applicant: the case's materials shared data may give (共享数据免提交), and their sources",
        description:
          'Each material whose implementation names `source.kind: shared_data`, with its data-source name and the connected source that answers it (null: not connected, upload it). Nothing is read here. Applicants only (403 HOLDER_CONSENT_REQUIRED for staff).',
        params: IdParams,
        response: { 200: Strict({ items: Type.Array(SharedDataOptionSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await sharedDataOptions(k, ctxOf(req), req.params.id) }),
  );
  app.post(
    '/api/v1/cases/:id/materials/from-shared-data',
    {
      config: { permission: P.file },
      schema: {
        tags,
        summary: 'Fill a material from its shared-data source with the applicant’s consent, instead of an upload',
        description:
          'Requires `consent: true` (else 400 CONSENT_REQUIRED). The source reads what it holds on the applicant (a person’s own record, or with `OneWindow-On-Behalf-Of` the enterprise’s), masked; the material row records what was read, from which source and when; the read is logged for the data subject (GET /api/v1/cases/data-reads/mine). 400 MATERIAL_NOT_SHARED_DATA, 409 DATA_SOURCE_NOT_CONNECTED / SHARED_DATA_NOT_FOUND / MATERIALS_CLOSED. The same material again answers 200 with the row already recorded; an Idempotency-Key is honoured.',
        params: IdParams,
        body: Strict({
          materialKey: Type.String({ minLength: 1, maxLength: 100, description: "The implementation's material key" }),
          consent: Consent,
        }),
        response: { 200: MaterialSchema, 201: MaterialSchema, ...errorResponses },
      },
    },
    async (req, reply) =>
      sendMaterial(k, req, reply, (tx) => addMaterialFromSharedData(k, ctxOf(req), req.params.id, req.body, tx)),
  );
  app.get(
    '/api/v1/cases/:id/materials/earlier-uploads',
    {
      config: { permission: P.file },
      schema: {
        tags,
        summary: 'For the applicant: files they uploaded for their earlier cases, to reuse (使用以前上传的材料)',
        description:
          "The caller's uploads on their other cases (a person's own, or with `OneWindow-On-Behalf-Of` the enterprise's), newest first, at most 100. Applicants only.",
        params: IdParams,
        response: {
          200: Strict({
            items: Type.Array(
              Strict({
                id: Type.String(),
                name: Type.String(),
                materialKey: Nullable(Type.String()),
                contentType: Type.String(),
                size: Type.Integer(),
                uploadedAt: Type.String(),
                case: Strict({ id: Type.String(), number: Type.String(), itemName: Type.String() }),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await earlierUploads(k, ctxOf(req), req.params.id) }),
  );
  app.post(
    '/api/v1/cases/:id/materials/reuse',
    {
      config: { permission: P.file },
      schema: {
        tags,
        summary: 'Attach a file the applicant uploaded for an earlier case of their own (same file, new material row)',
        description:
          'Requires `consent: true` (else 400 CONSENT_REQUIRED). The earlier material must be an upload on another case of the same applicant (someone else’s answers 404 exactly as an absent one). The same earlier material for the same key again answers 200 with the row already recorded; an Idempotency-Key is honoured.',
        params: IdParams,
        body: Strict({
          materialId: Type.String({ minLength: 1, maxLength: 64, description: 'The earlier material' }),
          materialKey: Type.Optional(
            Nullable(Type.String({ minLength: 1, maxLength: 100, description: "The implementation's material key" })),
          ),
          consent: Consent,
        }),
        response: { 200: MaterialSchema, 201: MaterialSchema, ...errorResponses },
      },
    },
    async (req, reply) =>
      sendMaterial(k, req, reply, (tx) => reuseMaterial(k, ctxOf(req), req.params.id, req.body, tx)),
  );
  app.get(
    '/api/v1/cases/material-options',
    {
      config: { permission: P.file },
      schema: {
        tags,
        summary: 'For the apply page, before filing: materials the applicant could give without an upload',
        description:
          "For the implementation `competentBodyFor` answers (item, region): each certificate-sourced material with the caller's certificates of its type in force (only those with at least one), and each shared-data material whose source is connected. Staff get empty lists.",
        querystring: Strict({
          itemId: Type.String({ minLength: 1, maxLength: 64 }),
          region: Type.String({ minLength: 6, maxLength: 6 }),
        }),
        response: {
          200: Strict({
            certificates: Type.Array(CertificateOptionSchema),
            sharedData: Type.Array(SharedDataOptionSchema),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => applyOptions(k, ctxOf(req), req.query),
  );
  app.get(
    '/api/v1/cases/data-reads/mine',
    {
      config: { permission: P.file },
      schema: {
        tags,
        summary: 'For the data subject: every shared-data read about them (who, what, when, for which case, why)',
        // Staff looks at a case's shared-data material are logged too (once per reader, case and source a day).
        description:
          "A person's own log, or with `OneWindow-On-Behalf-Of` the enterprise's; newest first, at most 200. Applicants only (403 APPLICANTS_ONLY).",
        response: {
          200: Strict({
            items: Type.Array(
              Strict({
                at: Type.String(),
                reader: Strict({
                  kind: StringEnum(['applicant', 'staff'], {
                    description: 'applicant: the read at filing, with consent; staff: a look at the case’s material',
                  }),
                  name: Type.String(),
                }),
                source: Type.String(),
                dataSource: Type.String(),
                fields: Type.String({ description: 'The fields read, e.g. 姓名、公民身份号码' }),
                purpose: Type.String(),
                caseId: Type.String(),
                caseNumber: Type.String(),
                department: Type.String(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await myDataReads(k, ctxOf(req)) }),
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

/**
 * A material given without an upload (a certificate, shared data, an earlier file): 201 when recorded now, 200 with
 * the row already recorded for the same material, and a repeated Idempotency-Key replays the first answer.
 */
async function sendMaterial<M extends object>(
  k: Kernel,
  req: FastifyRequest,
  reply: FastifyReply,
  add: (tx: Executor) => Promise<{ material: M; created: boolean }>,
) {
  const r = await idempotent(k, req, 201, async (tx) => {
    const out = await add(tx);
    return { ...out.material, created: out.created };
  });
  const { created, ...material } = r.body;
  return reply
    .status(r.replayed || created ? r.status : 200)
    .header('idempotent-replayed', String(r.replayed))
    .send(material);
}
