/** Catalog report routes: applicability, diff, drift, the checker's gaps and impossibilities, the rubric. */
import { Type, Strict, Page, PageQuery, errorResponses, ctxOf, encodeCursor, type App } from '../../kernel/http.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { invalid } from '../../kernel/errors.ts';
import { READ } from './access.ts';
import { getApplicableImplementation } from './applicability.ts';
import { diff, driftReport } from './diff.ts';
import { gaps, impossibleImplementations } from './checker.ts';
import { rubric, rubricCheck } from './rubric.ts';
import {
  DiffSchema,
  DriftRowSchema,
  GapRowSchema,
  IdParams,
  ImpossibleRowSchema,
  ImplementationVersionSchema,
  Region,
  RubricSchema,
  RubricCheckSchema,
} from './schemas.ts';
import { afterOf, forCaller } from './route-helpers.ts';

const tags = ['catalog'];
const Ref = Type.String({
  pattern: '^[A-Za-z0-9-]{1,64}(@[1-9][0-9]{0,8})?$',
  description: 'implementation id, or id@version for a published version',
});

function parseRef(field: string, s: string): { implementationId: string; version: number | null } {
  const [implementationId, v] = s.split('@');
  if (!implementationId)
    throw invalid(field, 'REF_INVALID', '引用格式为 id 或 id@version', 'A reference is id or id@version');
  return { implementationId, version: v ? Number(v) : null };
}

function reportPage<T>(r: { items: T[]; last: string | null }) {
  return { items: r.items, nextCursor: r.last ? encodeCursor([r.last]) : null };
}

function registerChecks(app: App, k: Kernel): void {
  app.get(
    '/api/v1/catalog/applicable',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary:
          'The published version an application would be filed under, or why none (ITEM_NOT_PUBLISHED, ITEM_RETIRED, ITEM_ABOLISHED, ITEM_NOT_IN_FORCE, ITEM_NOT_IN_REGION)',
        querystring: Strict({
          implementationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          itemCode: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
          businessItem: Type.Optional(Type.String({ pattern: '^\\d{2}$' })),
          region: Type.Optional(Region),
          at: Type.Optional(Type.String({ format: 'date-time' })),
        }),
        response: { 200: ImplementationVersionSchema, ...errorResponses },
      },
    },
    async (req) => {
      const { implementationId, itemCode, businessItem, region } = req.query;
      const at = req.query.at ? new Date(req.query.at) : undefined;
      const ctx = ctxOf(req);
      if (implementationId)
        return forCaller(ctx, await getApplicableImplementation(k, ctx, { implementationId, region, at }));
      if (!itemCode || !region)
        throw invalid(
          'query.implementationId',
          'QUERY_INVALID',
          '请给出 implementationId，或 itemCode 与 region',
          'Give implementationId, or itemCode and region',
        );
      return forCaller(ctx, await getApplicableImplementation(k, ctx, { itemCode, businessItem, region, at }));
    },
  );

  app.get(
    '/api/v1/catalog/diff',
    {
      config: { permission: READ },
      schema: {
        tags,
        summary: 'Which elements differ between two implementations or versions',
        querystring: Strict({ a: Ref, b: Ref }),
        response: { 200: DiffSchema, ...errorResponses },
      },
    },
    async (req) => diff(k, ctxOf(req), parseRef('query.a', req.query.a), parseRef('query.b', req.query.b)),
  );
}

function registerListReports(app: App, k: Kernel): void {
  app.get(
    '/api/v1/catalog/reports/drift',
    {
      config: { permission: READ },
      schema: {
        tags,
        summary: 'Local copies whose source published a newer version after the copy was published',
        querystring: Strict({ region: Type.Optional(Region), ...PageQuery }),
        response: { 200: Page(DriftRowSchema), ...errorResponses },
      },
    },
    async (req) =>
      reportPage(
        await driftReport(k, ctxOf(req), {
          region: req.query.region,
          after: afterOf(req.query.cursor),
          limit: req.query.limit ?? 20,
        }),
      ),
  );

  app.get(
    '/api/v1/catalog/reports/gaps',
    {
      config: { permission: READ },
      schema: {
        tags,
        summary: 'Checker: items exercised at the region’s level with no published implementation in the region',
        querystring: Strict({ region: Region, ...PageQuery }),
        response: { 200: Page(GapRowSchema), ...errorResponses },
      },
    },
    async (req) =>
      reportPage(
        await gaps(k, ctxOf(req), {
          region: req.query.region,
          after: afterOf(req.query.cursor),
          limit: req.query.limit ?? 20,
        }),
      ),
  );

  app.get(
    '/api/v1/catalog/reports/impossible',
    {
      config: { permission: READ },
      schema: {
        tags,
        summary:
          'Checker: published implementations that cannot be applied for (no channel, no process, promised > statutory, required material without source, abolished item)',
        querystring: Strict({ region: Type.Optional(Region), ...PageQuery }),
        response: { 200: Page(ImpossibleRowSchema), ...errorResponses },
      },
    },
    async (req) =>
      reportPage(
        await impossibleImplementations(k, ctxOf(req), {
          region: req.query.region,
          after: afterOf(req.query.cursor),
          limit: req.query.limit ?? 20,
        }),
      ),
  );

  app.get(
    '/api/v1/catalog/implementations/:id/rubric',
    {
      config: { permission: READ },
      schema: {
        tags,
        summary: 'Completeness score 0–100 and what is missing or vague (docs/catalog.md § Rubric)',
        params: IdParams,
        querystring: Strict({
          version: Type.Optional(
            Type.Integer({ minimum: 1, description: 'A published version; the working copy when absent' }),
          ),
        }),
        response: { 200: RubricSchema, ...errorResponses },
      },
    },
    async (req) => rubric(k, ctxOf(req), req.params.id, req.query.version),
  );

  app.get(
    '/api/v1/catalog/implementations/:id/rubric/check',
    {
      config: { permission: READ },
      schema: {
        tags,
        summary:
          'What submitting or publishing the working copy changes in completeness, asked before 提交审核/审核发布',
        params: IdParams,
        response: { 200: RubricCheckSchema, ...errorResponses },
      },
    },
    async (req) => rubricCheck(k, ctxOf(req), req.params.id),
  );
}

export function registerReportRoutes(app: App, k: Kernel): void {
  registerChecks(app, k);
  registerListReports(app, k);
}
