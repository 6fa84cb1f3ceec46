/** Catalog routes: thin — validate by schema, call one service function, return. Reports are in routes-reports.ts. */
import {
  Type,
  Strict,
  StringEnum,
  Page,
  PageQuery,
  errorResponses,
  ctxOf,
  decodeCursor,
  type App,
} from '../../kernel/http.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { actionsOf } from '../../kernel/audit.ts';
import { replyIdempotent } from '../../kernel/idempotency.ts';
import { EDIT, PUBLISH, READ } from './access.ts';
import * as items from './items.ts';
import * as svc from './service.ts';
import { TRANSITION_PERMISSION, transition, type TransitionAction } from './lifecycle.ts';
import { IMPLEMENTATION_STATUSES, ITEM_STATUSES } from './model.ts';
import { afterOf, forCaller, page } from './route-helpers.ts';
import {
  ActionSchema,
  DraftPatchBody,
  IdParams,
  ImplementationBody,
  ImplementationSchema,
  ImplementationVersionSchema,
  ItemBody,
  ItemPatchBody,
  ItemSchema,
  ItemTypeSchema,
  Region,
  TransitionBody,
} from './schemas.ts';
import { registerReportRoutes } from './routes-reports.ts';

const tags = ['catalog'];
const idemHeader = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 200 })) });

function registerItemRoutes(app: App, k: Kernel): void {
  app.get(
    '/api/v1/catalog/items',
    {
      config: { permission: READ },
      schema: {
        tags,
        summary: 'List catalog items (基本目录)',
        querystring: Strict({
          q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          itemType: Type.Optional(ItemTypeSchema),
          departmentKind: Type.Optional(Type.String({ maxLength: 8 })),
          status: Type.Optional(StringEnum(ITEM_STATUSES)),
          parentId: Type.Optional(Type.String({ maxLength: 64 })),
          ...PageQuery,
        }),
        response: { 200: Page(ItemSchema), ...errorResponses },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 20;
      const rows = await items.listItems(k, ctxOf(req), { ...req.query, after: afterOf(req.query.cursor), limit });
      return page(rows, limit, (r) => r.id);
    },
  );

  app.post(
    '/api/v1/catalog/items',
    {
      config: { permission: EDIT },
      schema: {
        tags,
        summary: 'Add an item to the basic catalog',
        headers: idemHeader,
        body: ItemBody,
        response: { 201: ItemSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      return replyIdempotent(k, req, reply, 201, (tx) => items.createItem(k, ctxOf(req), req.body, tx));
    },
  );

  app.get(
    '/api/v1/catalog/items/:id',
    {
      config: { permission: READ },
      schema: { tags, params: IdParams, response: { 200: ItemSchema, ...errorResponses } },
    },
    async (req) => items.getItem(k, ctxOf(req), req.params.id),
  );

  app.patch(
    '/api/v1/catalog/items/:id',
    {
      config: { permission: EDIT },
      schema: {
        tags,
        summary: 'Change an item; abolishing (reformMode abolished) needs a reason',
        params: IdParams,
        body: ItemPatchBody,
        response: { 200: ItemSchema, ...errorResponses },
      },
    },
    async (req) => items.updateItem(k, ctxOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/v1/catalog/items/:id/retire',
    {
      config: { permission: PUBLISH },
      schema: {
        tags,
        summary: 'Retire an item (事项取消)',
        params: IdParams,
        body: TransitionBody,
        response: { 200: ItemSchema, ...errorResponses },
      },
    },
    async (req) => items.retireItem(k, ctxOf(req), req.params.id, req.body),
  );
}

const TRANSITION_SUMMARY: Record<TransitionAction, string> = {
  submit: 'Submit a draft for review',
  return: 'Return a submission to draft (review not passed)',
  publish: 'Publish: freeze a new version (the submitter may not publish their own submission)',
  revise: 'Open a draft revision of a published implementation',
  discard: 'Drop a draft revision, back to the version in force',
  retire: 'Retire the implementation',
};

function registerImplementationRoutes(app: App, k: Kernel): void {
  app.get(
    '/api/v1/catalog/implementations',
    {
      config: { permission: READ },
      schema: {
        tags,
        summary: 'List implementations (实施清单) — working copies',
        querystring: Strict({
          itemId: Type.Optional(Type.String({ maxLength: 64 })),
          region: Type.Optional(Region),
          departmentCode: Type.Optional(Type.String({ maxLength: 40 })),
          status: Type.Optional(StringEnum(IMPLEMENTATION_STATUSES)),
          q: Type.Optional(
            Type.String({
              minLength: 1,
              maxLength: 100,
              description: 'A keyword in the item name, the implementation code or the department name',
            }),
          ),
          ...PageQuery,
        }),
        response: { 200: Page(ImplementationSchema), ...errorResponses },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 20;
      const { itemId, region, departmentCode, status, q } = req.query;
      const rows = await svc.listImplementations(k, ctxOf(req), {
        itemId,
        region,
        departmentCode,
        status,
        keyword: q?.trim() || undefined,
        after: afterOf(req.query.cursor),
        limit,
      });
      return page(rows, limit, (r) => r.id);
    },
  );

  app.post(
    '/api/v1/catalog/implementations',
    {
      config: { permission: EDIT },
      schema: {
        tags,
        summary: 'Create a draft implementation, from scratch or derived from a published version',
        headers: idemHeader,
        body: ImplementationBody,
        response: { 201: ImplementationSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      return replyIdempotent(k, req, reply, 201, (tx) => svc.createImplementation(k, ctxOf(req), req.body, tx));
    },
  );

  app.get(
    '/api/v1/catalog/implementations/:id',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'An implementation: the working copy for staff, the published version for everyone else',
        params: IdParams,
        response: { 200: ImplementationSchema, ...errorResponses },
      },
    },
    async (req) => svc.getImplementationForCaller(k, ctxOf(req), req.params.id),
  );

  app.patch(
    '/api/v1/catalog/implementations/:id',
    {
      config: { permission: EDIT },
      schema: {
        tags,
        summary: 'Edit a draft (top-level elements replace); needs the current version',
        params: IdParams,
        body: DraftPatchBody,
        response: { 200: ImplementationSchema, ...errorResponses },
      },
    },
    async (req) => svc.updateDraft(k, ctxOf(req), req.params.id, req.body),
  );

  for (const action of Object.keys(TRANSITION_PERMISSION) as TransitionAction[]) {
    app.post(
      `/api/v1/catalog/implementations/:id/${action}`,
      {
        config: { permission: TRANSITION_PERMISSION[action] },
        schema: {
          tags,
          summary: TRANSITION_SUMMARY[action],
          params: IdParams,
          body: TransitionBody,
          response: { 200: ImplementationSchema, ...errorResponses },
        },
      },
      async (req) => transition(k, ctxOf(req), req.params.id, action, req.body),
    );
  }
}

function registerVersionRoutes(app: App, k: Kernel): void {
  app.get(
    '/api/v1/catalog/implementations/:id/versions',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'Published versions, newest first (public record)',
        params: IdParams,
        querystring: Strict({ ...PageQuery }),
        response: { 200: Page(ImplementationVersionSchema), ...errorResponses },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 20;
      const c = decodeCursor(req.query.cursor);
      const rows = await svc.listImplementationVersions(k, req.params.id, {
        before: c && typeof c[0] === 'number' ? c[0] : null,
        limit,
      });
      return page(
        rows.map((v) => forCaller(ctxOf(req), v)),
        limit,
        (v) => v.version,
      );
    },
  );

  app.get(
    '/api/v1/catalog/implementations/:id/versions/:version',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'One published version — what a case pins; its content never changes',
        params: Strict({ id: Type.String({ minLength: 1, maxLength: 64 }), version: Type.Integer({ minimum: 1 }) }),
        response: { 200: ImplementationVersionSchema, ...errorResponses },
      },
    },
    async (req) => forCaller(ctxOf(req), await svc.getImplementationVersion(k, req.params.id, req.params.version)),
  );

  app.get(
    '/api/v1/catalog/implementations/:id/actions',
    {
      config: { permission: READ },
      schema: {
        tags,
        summary: 'The action log of an implementation: who did what, when and why',
        params: IdParams,
        response: { 200: Strict({ items: Type.Array(ActionSchema), nextCursor: Type.Null() }), ...errorResponses },
      },
    },
    async (req) => {
      await svc.getImplementation(k, ctxOf(req), req.params.id);
      const acts = await actionsOf(k.db, 'catalog.implementation', req.params.id);
      return {
        items: acts.map((a) => ({
          id: a.id,
          at: a.at,
          actorId: a.actorId,
          actorRole: a.actorRole,
          action: a.action,
          reason: a.reason,
          ruleVersion: a.ruleVersion,
        })),
        nextCursor: null,
      };
    },
  );
}

export function registerCatalogRoutes(app: App, k: Kernel): void {
  registerItemRoutes(app, k);
  registerImplementationRoutes(app, k);
  registerVersionRoutes(app, k);
  registerReportRoutes(app, k);
}
