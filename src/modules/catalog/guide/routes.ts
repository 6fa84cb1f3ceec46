/**
 * Guide routes (public): the guide as JSON and as a printable PDF. Which content each caller sees is decided in
 * service.ts (version in force; `?version=N` a published version; `?preview=true` the working copy, staff only).
 */
import { Type, Strict, ErrorSchema, errorResponses, ctxOf, type App } from '../../../kernel/http.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { IdParams } from '../schemas.ts';
import { GuideSchema } from './schemas.ts';
import { getGuide } from './service.ts';
import { guidePdfRenderer, type GuidePdfRenderer } from './pdf.ts';

const tags = ['catalog'];
const GuideQuery = Strict({
  version: Type.Optional(
    Type.Integer({ minimum: 1, description: 'A published version (public); the version in force when absent' }),
  ),
  preview: Type.Optional(Type.Boolean({ description: 'Staff (catalog:read): the unpublished working copy' })),
});
/** The PDF response, documented in OpenAPI as application/pdf (a Buffer is sent as is, never serialized). */
const Pdf = {
  description: 'The guide as a PDF',
  content: { 'application/pdf': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } },
};

/** Registers the guide routes; `renderer` is injectable so tests can point it at a missing font. */
export function registerGuideRoutes(
  app: App,
  k: Kernel,
  renderer: GuidePdfRenderer = guidePdfRenderer({ baseUrl: k.config.publicBaseUrl }),
): void {
  app.get(
    '/api/v1/catalog/implementations/:id/guide',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary:
          'The guide (办事指南) generated from the elements: the version in force, ?version=N, or ?preview=true for staff',
        params: IdParams,
        querystring: GuideQuery,
        response: { 200: GuideSchema, ...errorResponses },
      },
    },
    async (req) => getGuide(k, ctxOf(req), req.params.id, req.query),
  );

  app.get(
    '/api/v1/catalog/implementations/:id/guide.pdf',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary:
          'The guide as a printable A4 PDF (Chinese font, 示例 banner when illustrative, QR code to the public page)',
        params: IdParams,
        querystring: GuideQuery,
        response: { 200: Pdf, ...errorResponses, 503: ErrorSchema },
      },
    },
    async (req, reply) => {
      const guide = await getGuide(k, ctxOf(req), req.params.id, req.query);
      const pdf = await renderer.render(guide, new Date(guide.publishedAt ?? ctxOf(req).now));
      const file = `guide-${guide.code}-v${guide.version}.pdf`.replace(/[^A-Za-z0-9._-]/g, '_');
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${file}"`)
        .header('cache-control', guide.preview ? 'private, no-store' : 'public, max-age=300')
        .send(pdf);
    },
  );
}
