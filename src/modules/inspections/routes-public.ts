/** The inspections module's public routes (一公开): no login; nothing personal leaves. */
import { Type, Strict, Page, PageQuery, errorResponses, ctxOf, type App } from '../../kernel/http.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { listItems, listPlans } from './directories.ts';
import { frozenFile, listPublicTasks, publicResults, publicTask, resultsCsv, statistics } from './publicity.ts';
import {
  ItemSchema,
  PlanSchema,
  PublicResultSchema,
  StatisticsSchema,
  TaskDetailSchema,
  TaskSchema,
} from './schemas.ts';

const tags = ['inspections', 'public'];
const Region = { region: Type.Optional(Type.String({ pattern: '^\\d{6}$' })) };
const IdParams = Strict({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export function registerPublicRoutes(app: App, k: Kernel): void {
  const pub = { permission: 'public' as const };
  app.get(
    '/api/v1/inspections/public/items',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Published inspection items (抽查事项清单), by region subtree and department',
        querystring: Strict({ ...Region, department: Type.Optional(Type.String({ maxLength: 64 })) }),
        response: { 200: Strict({ items: Type.Array(ItemSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listItems(k, req.query) }),
  );
  app.get(
    '/api/v1/inspections/public/plans',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Published annual plans',
        querystring: Strict({ ...Region, year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }),
        response: { 200: Strict({ items: Type.Array(PlanSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listPlans(k, req.query) }),
  );
  app.get(
    '/api/v1/inspections/public/tasks',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Frozen and drawn tasks, newest first',
        querystring: Strict({ ...PageQuery, ...Region }),
        response: { 200: Page(TaskSchema), ...errorResponses },
      },
    },
    async (req) => {
      const limit = Math.min(req.query.limit ?? 20, 100);
      const items = await listPublicTasks(k, { limit, region: req.query.region, before: req.query.cursor ?? null });
      return { items, nextCursor: items.length === limit ? items[items.length - 1].id : null };
    },
  );
  app.get(
    '/api/v1/inspections/public/tasks/:id',
    {
      config: pub,
      schema: {
        tags,
        summary: 'A task’s draw record: counts, digests and commitments at once; seed and selections after the window',
        params: IdParams,
        response: { 200: TaskDetailSchema, ...errorResponses },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      return publicTask(k, ctx, req.params.id, ctx.now);
    },
  );
  for (const which of ['population', 'pools', 'recusals'] as const) {
    app.get(
      `/api/v1/inspections/public/tasks/:id/${which}.tsv`,
      {
        config: pub,
        schema: {
          tags,
          summary: `The frozen ${which} file (its SHA-256 is on the record)`,
          params: IdParams,
          response: {
            200: Type.Unknown({ description: 'Tab-separated text, streamed page by page for the population' }),
            ...errorResponses,
          },
        },
      },
      async (req, reply) => {
        // The file first: a 404 must not carry the download's headers. The name is built from the stored task's id
        // only after it is found, and kept to safe ASCII (a header with other characters cannot be sent at all).
        const file = await frozenFile(k, req.params.id, which);
        const name = `${req.params.id}-${which}.tsv`.replace(/[^A-Za-z0-9._-]/g, '_');
        return reply
          .type('text/tab-separated-values; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}"`)
          .send(file);
      },
    );
  }
  app.get(
    '/api/v1/inspections/public/results',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Published results (open data, JSON), newest first',
        querystring: Strict({ ...PageQuery, ...Region }),
        response: { 200: Page(PublicResultSchema), ...errorResponses },
      },
    },
    async (req) => {
      const limit = Math.min(req.query.limit ?? 20, 200);
      const items = await publicResults(k, { limit, region: req.query.region, before: req.query.cursor ?? null });
      return { items, nextCursor: items.length === limit ? items[items.length - 1].visitId : null };
    },
  );
  app.get(
    '/api/v1/inspections/public/results.csv',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Published results (open data, CSV; one line per target and item)',
        querystring: Strict({ ...Region }),
        response: { 200: Type.String(), ...errorResponses },
      },
    },
    async (req, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .send(resultsCsv(await publicResults(k, { limit: 10000, region: req.query.region }))),
  );
  app.get(
    '/api/v1/inspections/public/statistics',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Coverage by class and region, problem rates, on-time publication; random and targeted apart',
        querystring: Strict({ ...Region }),
        response: { 200: StatisticsSchema, ...errorResponses },
      },
    },
    async (req) => statistics(k, req.query),
  );
}
