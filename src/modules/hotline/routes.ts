/** The hotline module's HTTP routes: thin — validate, call one service function, return. */
import {
  Type,
  Strict,
  StringEnum,
  Nullable,
  Page,
  PageQuery,
  errorResponses,
  ctxOf,
  type App,
} from '../../kernel/http.ts';
import { idempotent } from '../../kernel/idempotency.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { hotlinePermissions as P } from './permissions.ts';
import { createRecord, getRecord, listRecords } from './service.ts';
import { recordLifecycle } from './lifecycle.ts';
import { RECORD_STATUSES } from './model.ts';

const tags = ['hotline'];
const RecordSchema = Strict({
  id: Type.String(),
  title: Type.String(),
  region: Type.String(),
  status: StringEnum(RECORD_STATUSES),
  version: Type.Integer(),
  createdAt: Type.String(),
  closedAt: Nullable(Type.String()),
});
const IdParams = Strict({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Move = Strict({ version: Type.Integer({ minimum: 1 }), reason: Type.String({ maxLength: 500 }) });

export function registerHotlineRoutes(app: App, k: Kernel): void {
  app.get(
    '/api/v1/hotline/records',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'Records in the caller’s jurisdiction, newest first',
        querystring: Strict({ ...PageQuery }),
        response: { 200: Page(RecordSchema), ...errorResponses },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 20;
      const items = await listRecords(k, ctxOf(req), { limit, before: req.query.cursor ?? null });
      return { items, nextCursor: items.length === limit ? items[items.length - 1].id : null };
    },
  );
  app.post(
    '/api/v1/hotline/records',
    {
      config: { permission: P.manage },
      schema: {
        tags,
        summary: 'Create a record',
        body: Strict({
          title: Type.String({ minLength: 1, maxLength: 200 }),
          region: Type.String({ pattern: '^\\d{6}$' }),
        }),
        response: { 201: RecordSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const r = await idempotent(k, req, 201, (tx) => createRecord(k, ctxOf(req), req.body, tx));
      return reply.status(r.status).header('idempotent-replayed', String(r.replayed)).send(r.body);
    },
  );
  app.get(
    '/api/v1/hotline/records/:id',
    {
      config: { permission: P.read },
      schema: { tags, summary: 'One record', params: IdParams, response: { 200: RecordSchema, ...errorResponses } },
    },
    async (req) => getRecord(k, ctxOf(req), req.params.id),
  );
  for (const action of ['close', 'reopen'] as const) {
    app.post(
      `/api/v1/hotline/records/:id/${action}`,
      {
        config: { permission: recordLifecycle.def.actions[action].permission },
        schema: {
          tags,
          summary: recordLifecycle.def.actions[action].label.en,
          params: IdParams,
          body: Move,
          response: { 200: RecordSchema, ...errorResponses },
        },
      },
      async (req) => recordLifecycle.transition(k, ctxOf(req), req.params.id, action, req.body),
    );
  }
}
