/** Events over HTTP (admin only, `events:manage`): webhook subscriptions, dead letters and redrive, and the outbox feed. */
import {
  Type,
  Strict,
  StringEnum,
  Page,
  PageQuery,
  errorResponses,
  ctxOf,
  decodeCursor,
  encodeCursor,
  type App,
  Nullable,
} from '../kernel/http.ts';
import type { Kernel } from '../kernel/kernel.ts';
import * as svc from '../kernel/outbox.ts';

const tags = ['events'];
const permission = 'events:manage';
const Id = Type.String({ minLength: 1, maxLength: 64 });

const WebhookSchema = Strict(
  {
    id: Type.String(),
    url: Type.String(),
    description: Nullable(Type.String()),
    eventTypes: Type.Array(Type.String()),
    active: Type.Boolean(),
    createdAt: Type.String(),
  },
  { $id: 'Webhook' },
);

const CreatedWebhookSchema = Strict({
  id: Type.String(),
  url: Type.String(),
  description: Nullable(Type.String()),
  eventTypes: Type.Array(Type.String()),
  active: Type.Boolean(),
  createdAt: Type.String(),
  secret: Type.String({
    description: 'The signing secret (HMAC-SHA256 key). Shown only in this response; store it now.',
  }),
});

const DeliverySchema = Strict(
  {
    eventId: Type.String(),
    webhookId: Type.String(),
    eventType: Nullable(Type.String()),
    webhookUrl: Nullable(Type.String()),
    status: StringEnum(svc.DELIVERY_STATUSES),
    attempts: Type.Integer(),
    nextAttemptAt: Nullable(Type.String()),
    lastStatus: Nullable(Type.Integer({ description: 'HTTP status of the last attempt; null when no response came' })),
    lastError: Nullable(Type.String()),
    deliveredAt: Nullable(Type.String()),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'EventDelivery' },
);

const EventSchema = Strict(
  {
    id: Type.String({ description: 'UUIDv7; consumers dedupe on it' }),
    type: Type.String({ description: '<module>.<subject>.<past-tense verb>' }),
    subjectType: Type.String(),
    subjectId: Type.String(),
    actionId: Nullable(Type.String()),
    createdAt: Type.String(),
    payload: Type.Unknown(),
  },
  { $id: 'OutboxEvent' },
);

export function registerEventRoutes(app: App, k: Kernel): void {
  app.post(
    '/api/v1/events/webhooks',
    {
      config: { permission },
      schema: {
        tags,
        summary: 'Subscribe a webhook to event types; the response carries the signing secret, once',
        body: Strict({
          url: Type.String({ minLength: 1, maxLength: 2000, description: 'http(s) URL (https in production)' }),
          eventTypes: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
            minItems: 1,
            maxItems: 50,
            description: "Patterns: '*', an exact type, or a prefix ending in '.*' such as 'registry.*'",
          }),
          description: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
        }),
        response: { 201: CreatedWebhookSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.createWebhook(k, ctxOf(req), req.body)),
  );

  app.get(
    '/api/v1/events/webhooks',
    {
      config: { permission },
      schema: {
        tags,
        summary: 'Active webhook subscriptions (secrets are never listed)',
        response: { 200: Page(WebhookSchema), ...errorResponses },
      },
    },
    async (req) => ({ items: await svc.listWebhooks(k, ctxOf(req)), nextCursor: null }),
  );

  app.delete(
    '/api/v1/events/webhooks/:id',
    {
      config: { permission },
      schema: {
        tags,
        summary: 'Remove a subscription; its undelivered deliveries are discarded',
        params: Strict({ id: Id }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await svc.deleteWebhook(k, ctxOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/events/dead-letters',
    {
      config: { permission },
      schema: {
        tags,
        summary: 'Deliveries that failed every retry',
        querystring: Strict({ ...PageQuery }),
        response: { 200: Page(DeliverySchema), ...errorResponses },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 20;
      const c = decodeCursor(req.query.cursor);
      const after =
        c && typeof c[0] === 'string' && typeof c[1] === 'string' ? ([c[0], c[1]] as [string, string]) : null;
      const items = await svc.listDeadLetters(k, ctxOf(req), { after, limit });
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: items.length === limit && last ? encodeCursor([last.eventId, last.webhookId]) : null,
      };
    },
  );

  app.post(
    '/api/v1/events/dead-letters/:eventId/:webhookId/redrive',
    {
      config: { permission },
      schema: {
        tags,
        summary: 'Deliver a dead letter again, with a fresh retry schedule',
        params: Strict({ eventId: Id, webhookId: Id }),
        response: { 200: DeliverySchema, ...errorResponses },
      },
    },
    async (req) => svc.redriveDelivery(k, ctxOf(req), req.params.eventId, req.params.webhookId),
  );

  app.get(
    '/api/v1/events',
    {
      config: { permission },
      schema: {
        tags,
        summary: 'The outbox feed in event-id order; pass the last id you read as `after`',
        querystring: Strict({
          after: Type.Optional(Type.String({ maxLength: 64, description: 'An event id: list events after it' })),
          type: Type.Optional(Type.String({ maxLength: 200, description: 'Only this exact event type' })),
          limit: PageQuery.limit,
        }),
        response: { 200: Page(EventSchema), ...errorResponses },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 20;
      const items = await svc.listEvents(k, ctxOf(req), {
        after: req.query.after ?? null,
        type: req.query.type,
        limit,
      });
      return { items, nextCursor: items.length === limit ? items[items.length - 1].id : null };
    },
  );
}
