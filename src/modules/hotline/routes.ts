/** The hotline's ticket routes: thin — validate, call one service function, return. */
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
import { TAKES_NUMBER, replyIdempotent } from '../../kernel/idempotency.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { hotlinePermissions as P } from './permissions.ts';
import { callBack, createTicket, getTicket, listTickets, mergeTicket, moveTicket, revealCaller } from './service.ts';
import { ticketLifecycle, type TicketAction } from './lifecycle.ts';
import { TICKET_STATUSES } from './model.ts';
import { CallbackBody, CitizenTicketBody, IdParams, MoveBody, TicketBody, TicketSchema } from './schemas.ts';
import { registerHotlineConfigRoutes } from './routes-config.ts';
import { registerOpen311Routes } from './routes-open311.ts';
import { registerDashboardRoutes } from './routes-dashboard.ts';
import { registerFeatureRoutes } from './routes-features.ts';
import { registerAttachmentRoutes } from './routes-attachments.ts';

const tags = ['hotline'];
const MOVES: TicketAction[] = [
  'dispatch',
  'arbitrate',
  'return',
  'accept',
  'request_extension',
  'approve_extension',
  'refuse_extension',
  'reply',
  'answer',
  'close_unresolved',
  'transfer',
];

const ListQuery = Strict({
  ...PageQuery,
  status: Type.Optional(StringEnum(TICKET_STATUSES)),
  queue: Type.Optional(StringEnum(['mine', 'all'] as const)),
});

export function registerHotlineRoutes(app: App, k: Kernel): void {
  registerHotlineConfigRoutes(app, k);
  registerOpen311Routes(app, k);
  registerDashboardRoutes(app, k);
  registerFeatureRoutes(app, k);
  registerAttachmentRoutes(app, k);
  app.post(
    '/api/v1/hotline/tickets',
    {
      config: { permission: P.intake },
      schema: {
        tags,
        summary: 'Register a ticket (operator); optionally answer it on the spot or dispatch it at once',
        body: TicketBody,
        response: { 201: TicketSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      // The ticket number is taken outside the transaction on PostgreSQL: a repeated key must not reach it.
      return replyIdempotent(k, req, reply, 201, (tx) => createTicket(k, ctxOf(req), req.body, tx), TAKES_NUMBER);
    },
  );
  app.get(
    '/api/v1/hotline/tickets',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'Tickets the caller reaches, newest first (queue=mine: the caller’s department’s)',
        querystring: ListQuery,
        response: { 200: Page(TicketSchema), ...errorResponses },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 20;
      const items = await listTickets(k, ctxOf(req), {
        limit,
        before: req.query.cursor ?? null,
        status: req.query.status ? [req.query.status] : undefined,
        queue: req.query.queue,
      });
      return { items, nextCursor: items.length === limit ? items[items.length - 1].id : null };
    },
  );
  app.get(
    '/api/v1/hotline/tickets/:id',
    {
      config: { permission: P.read },
      schema: { tags, summary: 'One ticket', params: IdParams, response: { 200: TicketSchema, ...errorResponses } },
    },
    async (req) => getTicket(k, ctxOf(req), req.params.id),
  );
  for (const action of MOVES) {
    const spec = ticketLifecycle.def.actions[action];
    app.post(
      `/api/v1/hotline/tickets/:id/${action.replace(/_/g, '-')}`,
      {
        config: { permission: spec.permission },
        schema: {
          tags,
          summary: spec.label.en,
          params: IdParams,
          body: MoveBody,
          response: { 200: TicketSchema, ...errorResponses },
        },
      },
      async (req) => {
        const { version, reason, ...data } = req.body;
        return moveTicket(k, ctxOf(req), req.params.id, action, { version, reason, data });
      },
    );
  }
  app.post(
    '/api/v1/hotline/tickets/:id/callback',
    {
      config: { permission: P.intake },
      schema: {
        tags,
        summary: 'Record a callback: closes (resolved / explained / unconfirmed), reopens or escalates the ticket',
        params: IdParams,
        body: CallbackBody,
        response: { 200: TicketSchema, ...errorResponses },
      },
    },
    async (req) => callBack(k, ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/hotline/tickets/:id/caller',
    {
      config: { permission: P.intake },
      schema: {
        tags,
        summary: 'The caller’s full name and phone for the center’s operators, logged with the reason on the ticket',
        description:
          'An action row reveal_caller (who, when, why) on the ticket’s timeline and audit chain. The handling department gets 403; a ticket outside the caller’s side 404.',
        params: IdParams,
        body: Strict({ reason: Type.String({ minLength: 1, maxLength: 200, description: 'Why, e.g. 回访' }) }),
        response: {
          200: Strict({ name: Nullable(Type.String()), phone: Nullable(Type.String()) }),
          ...errorResponses,
        },
      },
    },
    async (req) => revealCaller(k, ctxOf(req), req.params.id, req.body.reason),
  );
  app.post(
    '/api/v1/hotline/tickets/:id/merge',
    {
      config: { permission: P.intake },
      schema: {
        tags,
        summary: 'Merge a duplicate into another open ticket of the same center',
        params: IdParams,
        body: Strict({ version: Type.Integer({ minimum: 1 }), into: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: TicketSchema, ...errorResponses },
      },
    },
    async (req) => mergeTicket(k, ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/hotline/my/tickets',
    {
      config: { permission: P.submit },
      schema: {
        tags,
        summary: 'Submit a request online (citizen signed in); rated by the same account once closed',
        body: CitizenTicketBody,
        response: { 201: TicketSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      return replyIdempotent(
        k,
        req,
        reply,
        201,
        (tx) => createTicket(k, ctxOf(req), { ...req.body, channel: 'web' }, tx),
        TAKES_NUMBER,
      );
    },
  );
  app.get(
    '/api/v1/hotline/my/tickets',
    {
      config: { permission: P.submit },
      schema: {
        tags,
        summary: 'The signed-in citizen’s own tickets',
        querystring: Strict({ ...PageQuery }),
        response: { 200: Page(TicketSchema), ...errorResponses },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 20;
      const items = await listTickets(k, ctxOf(req), { limit, before: req.query.cursor ?? null });
      return { items, nextCursor: items.length === limit ? items[items.length - 1].id : null };
    },
  );
  app.get(
    '/api/v1/hotline/my/tickets/:id',
    {
      config: { permission: P.submit },
      schema: {
        tags,
        summary: 'One of the signed-in citizen’s tickets',
        params: IdParams,
        response: { 200: TicketSchema, ...errorResponses },
      },
    },
    async (req) => getTicket(k, ctxOf(req), req.params.id),
  );
}
