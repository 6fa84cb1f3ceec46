/** One material set for a bundle over HTTP: the file itself as the body, as for a case (routes-materials.ts). */
import type { FastifyInstance } from 'fastify';
import { Type, Strict, errorResponses, ctxOf, type App } from '../../kernel/http.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { casesPermissions as P } from './permissions.ts';
import { MAX_MATERIAL_BYTES } from './materials.ts';
import { MaterialSchema, UPLOAD_TYPES } from './routes-materials.ts';
import { acceptRawUploads, uploadedFile } from '../../kernel/uploads.ts';
import { addBundleMaterial } from './bundle-materials.ts';

function registerBundleUpload(scope: App, k: Kernel): void {
  acceptRawUploads(scope, UPLOAD_TYPES, MAX_MATERIAL_BYTES);
  scope.post(
    '/api/v1/cases/bundle-applications/:id/materials',
    {
      config: { permission: P.file },
      bodyLimit: MAX_MATERIAL_BYTES,
      schema: {
        tags: ['cases'],
        summary: 'Upload a material once for a bundle: added to every member case that needs it',
        description:
          'Body: the file, as for a case’s materials. `key`: the bundle’s material key (m1, m2, …); without it the file goes to every member.',
        params: Strict({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        querystring: Strict({
          name: Type.String({ minLength: 1, maxLength: 255 }),
          key: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'The bundle’s material key' })),
        }),
        body: Type.Unknown({ description: 'The file' }),
        response: {
          201: Strict({
            items: Type.Array(Strict({ caseId: Type.String(), member: Type.String(), material: MaterialSchema })),
          }),
          ...errorResponses,
          413: errorResponses[400],
          415: errorResponses[400],
        },
      },
    },
    async (req, reply) => {
      const added = await addBundleMaterial(k, ctxOf(req), req.params.id, {
        name: req.query.name,
        materialKey: req.query.key ?? null,
        bytes: uploadedFile(req.body),
      });
      return reply
        .status(201)
        .send({ items: added.map(({ caseId, member, ...material }) => ({ caseId, member, material })) });
    },
  );
}

export function registerBundleMaterialRoutes(app: App, k: Kernel): void {
  app.register(async (scope: FastifyInstance) => registerBundleUpload(scope as unknown as App, k));
}
