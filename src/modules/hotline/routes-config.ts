/** The hotline's other routes: centers, topics, routing rules, knowledge, suggestions, supervision, public tracking. */
import { Type, Strict, Nullable, StringEnum, errorResponses, ctxOf, type App } from '../../kernel/http.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { requirePermission } from '../../kernel/context.ts';
import { hotlinePermissions as P } from './permissions.ts';
import { listCenters, listTopics, saveTopic } from './centers.ts';
import { createRule, listRules, updateRule } from './routing.ts';
import { addKnowledge, searchKnowledge } from './knowledge.ts';
import { intakeSuggestions } from './suggestions.ts';
import { closureCounts, supervisionBoard } from './oversight.ts';
import { issueSupervisionOrder } from './supervise.ts';
import { trackTicket } from './service.ts';
import { OUTCOMES, REQUEST_TYPES, TICKET_STATUSES } from './model.ts';
import {
  AnswerSchema,
  DuplicateSchema,
  GuideHintSchema,
  IdParams,
  RuleBody,
  RuleSchema,
  TicketSchema,
} from './schemas.ts';

const tags = ['hotline'];
const CenterSchema = Strict({
  id: Type.String(),
  name: Type.String(),
  level: StringEnum(['province', 'city'] as const),
  region: Type.String(),
  hostDepartment: Type.String(),
});
const TopicSchema = Strict({
  code: Type.String(),
  parentCode: Nullable(Type.String()),
  name: Strict({ zh: Type.String(), en: Type.String() }),
  active: Type.Boolean(),
});
const Region = Type.String({ pattern: '^\\d{6}$' });

export function registerHotlineConfigRoutes(app: App, k: Kernel): void {
  app.get(
    '/api/v1/hotline/centers',
    {
      config: { permission: 'public' },
      schema: { tags, summary: 'The hotline centers', response: { 200: Type.Array(CenterSchema), ...errorResponses } },
    },
    async () => listCenters(k),
  );
  app.get(
    '/api/v1/hotline/topics',
    {
      config: { permission: 'public' },
      schema: { tags, summary: 'The topic taxonomy', response: { 200: Type.Array(TopicSchema), ...errorResponses } },
    },
    async () => listTopics(k),
  );
  app.post(
    '/api/v1/hotline/topics',
    {
      config: { permission: P.configure },
      schema: {
        tags,
        summary: 'Add, rename or retire a topic',
        body: Strict({
          code: Type.String({ minLength: 1, maxLength: 80 }),
          name: Strict({ zh: Type.String({ maxLength: 60 }), en: Type.String({ maxLength: 100 }) }),
          active: Type.Optional(Type.Boolean()),
        }),
        response: { 200: TopicSchema, ...errorResponses },
      },
    },
    async (req) => saveTopic(k, ctxOf(req), req.body),
  );
  app.get(
    '/api/v1/hotline/centers/:id/rules',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'A center’s routing rules',
        params: IdParams,
        response: { 200: Type.Array(RuleSchema), ...errorResponses },
      },
    },
    async (req) => listRules(k, ctxOf(req), req.params.id),
  );
  app.post(
    '/api/v1/hotline/centers/:id/rules',
    {
      config: { permission: P.configure },
      schema: {
        tags,
        summary: 'Add a routing rule (topic + region → department)',
        params: IdParams,
        body: RuleBody,
        response: { 201: RuleSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createRule(k, ctxOf(req), req.params.id, req.body)),
  );
  app.put(
    '/api/v1/hotline/rules/:id',
    {
      config: { permission: P.configure },
      schema: {
        tags,
        summary: 'Change a routing rule (version-guarded)',
        params: IdParams,
        body: Strict({ ...RuleBody.properties, version: Type.Integer({ minimum: 1 }) }),
        response: { 200: RuleSchema, ...errorResponses },
      },
    },
    async (req) => updateRule(k, ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/hotline/knowledge/search',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'Knowledge-base answers: curated answers and the catalog’s guides',
        body: Strict({ q: Type.String({ maxLength: 200 }), region: Region }),
        response: {
          200: Strict({ answers: Type.Array(AnswerSchema), guides: Type.Array(GuideHintSchema) }),
          ...errorResponses,
        },
      },
    },
    async (req) => searchKnowledge(k, ctxOf(req), req.body),
  );
  app.post(
    '/api/v1/hotline/knowledge',
    {
      config: { permission: P.configure },
      schema: {
        tags,
        summary: 'Add a curated answer',
        body: Strict({
          region: Region,
          topicCode: Type.Optional(Nullable(Type.String({ maxLength: 80 }))),
          question: Type.String({ minLength: 1, maxLength: 500 }),
          answer: Type.String({ minLength: 1, maxLength: 4000 }),
        }),
        response: { 201: AnswerSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await addKnowledge(k, ctxOf(req), req.body)),
  );
  app.post(
    '/api/v1/hotline/intake/suggestions',
    {
      config: { permission: P.intake },
      schema: {
        tags,
        summary: 'While taking a call: possible duplicates, knowledge answers and classifier suggestions',
        body: Strict({
          content: Type.String({ maxLength: 4000 }),
          region: Region,
        }),
        response: {
          200: Strict({
            classifier: Type.Array(
              Strict({ topicCode: Type.String(), departmentCode: Nullable(Type.String()), score: Type.Number() }),
            ),
            duplicates: Type.Array(DuplicateSchema),
            answers: Type.Array(AnswerSchema),
            guides: Type.Array(GuideHintSchema),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => intakeSuggestions(k, ctxOf(req), req.body),
  );
  app.get(
    '/api/v1/hotline/supervision',
    {
      config: { permission: P.statistics },
      schema: {
        tags,
        summary: 'The center’s supervision board: overdue, returned, reopened, awaiting its decision',
        response: {
          200: Strict({
            overdue: Type.Array(TicketSchema),
            returned: Type.Array(TicketSchema),
            reopened: Type.Array(TicketSchema),
            awaitingDecision: Type.Array(TicketSchema),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => supervisionBoard(k, ctxOf(req)),
  );
  app.get(
    '/api/v1/hotline/stats/statuses',
    {
      config: { permission: P.statistics },
      schema: {
        tags,
        summary: 'Ticket counts by status in the caller’s region — each closure state its own figure',
        response: {
          200: Type.Record(Type.String(), Type.Integer(), { description: `keys: ${TICKET_STATUSES.join(', ')}` }),
          ...errorResponses,
        },
      },
    },
    async (req) => closureCounts(k, ctxOf(req)),
  );
  app.post(
    '/api/v1/hotline/tickets/:id/supervise',
    {
      config: { permission: P.decide },
      schema: {
        tags,
        summary: 'Issue the next supervision order (督办) on a ticket',
        params: IdParams,
        body: Strict({ reason: Type.String({ minLength: 1, maxLength: 500 }) }),
        response: { 200: TicketSchema, ...errorResponses },
      },
    },
    async (req) => {
      requirePermission(ctxOf(req), P.decide);
      return issueSupervisionOrder(k, ctxOf(req), req.params.id, req.body.reason);
    },
  );
  app.post(
    '/api/v1/hotline/public/track',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'Track a ticket by its number and the caller’s phone (POST: the phone stays out of URLs and logs)',
        body: Strict({ number: Type.String({ pattern: '^\\d{17}$' }), phone: Type.String({ maxLength: 20 }) }),
        response: {
          200: Strict({
            number: Type.String(),
            requestType: StringEnum(REQUEST_TYPES),
            topic: Type.String(),
            status: StringEnum(TICKET_STATUSES),
            createdAt: Type.String(),
            closedAt: Nullable(Type.String()),
            outcome: Nullable(StringEnum(OUTCOMES)),
            reply: Nullable(Type.String()),
            repliedAt: Nullable(Type.String()),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => trackTicket(k, req.body.number, req.body.phone),
  );
}
