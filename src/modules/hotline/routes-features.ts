/** Routes of the ticket timeline, 办不成事 reports and the monthly public report (features.ts, public-report.ts). */
import { Type, Strict, Nullable, errorResponses, ctxOf, type App } from '../../kernel/http.ts';
import { TAKES_NUMBER, replyIdempotent } from '../../kernel/idempotency.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { hotlinePermissions as P } from './permissions.ts';
import { cannotGetDoneTarget, reportCannotGetDone, ticketTimeline } from './features.ts';
import { publicReport } from './public-report.ts';
import { CLOSED_STATUSES, REQUEST_TYPES } from './model.ts';
import { IdParams, TicketSchema } from './schemas.ts';

const tags = ['hotline'];
const Count = Type.Integer({ minimum: 0 });
const Label = Strict({ zh: Type.String(), en: Type.String() });
const Rate = Nullable(Type.Number({ minimum: 0, maximum: 100 }));

const TimelineSchema = Type.Array(
  Strict({
    at: Type.String(),
    action: Type.String(),
    label: Label,
    actor: Type.String(),
    reason: Nullable(Type.String()),
    transfer: Nullable(Strict({ from: Type.String(), to: Type.String() })),
  }),
);

const CannotGetDoneBody = Strict({
  content: Type.String({ minLength: 1, maxLength: 4000 }),
  region: Type.String({ pattern: '^\\d{6}$' }),
  callerName: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
  callerPhone: Type.String({ minLength: 1, maxLength: 20 }),
  confidential: Type.Optional(Type.Boolean()),
  caseId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
  implementationId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
});

const ReportSchema = Strict({
  month: Type.String(),
  complete: Type.Boolean(),
  total: Count,
  byType: Type.Record(Type.String(), Count, { description: `keys: ${REQUEST_TYPES.join(', ')}` }),
  byRegion: Type.Array(Strict({ region: Type.String(), name: Type.String(), count: Count })),
  closures: Type.Record(Type.String(), Count, { description: `keys: ${CLOSED_STATUSES.join(', ')}` }),
  replies: Strict({ onTime: Count, late: Count, onTimeRate: Rate }),
  satisfaction: Strict({
    satisfied: Count,
    basicallySatisfied: Count,
    unsatisfied: Count,
    unreached: Count,
    rate: Rate,
  }),
  cannotGetDone: Count,
  topTopics: Type.Array(Strict({ code: Type.String(), name: Label, count: Count })),
});

export function registerFeatureRoutes(app: App, k: Kernel): void {
  app.get(
    '/api/v1/hotline/tickets/:id/timeline',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'Who did what on a ticket, oldest first (transfers name both centers)',
        params: IdParams,
        response: { 200: TimelineSchema, ...errorResponses },
      },
    },
    async (req) => ticketTimeline(k, ctxOf(req), req.params.id),
  );
  app.post(
    '/api/v1/hotline/cannot-get-done',
    {
      config: { permission: P.intake },
      schema: {
        tags,
        summary: 'Register a 办不成事 report about a case or a service item; dispatched to its department at once',
        body: CannotGetDoneBody,
        response: { 201: TicketSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const target = await cannotGetDoneTarget(k, ctx, req.body);
      return replyIdempotent(
        k,
        req,
        reply,
        201,
        (tx) => reportCannotGetDone(k, ctx, req.body, target, tx),
        TAKES_NUMBER,
      );
    },
  );
  app.get(
    '/api/v1/hotline/public/reports/:month',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'The monthly public report (aggregates only, no caller data) for a Shanghai month yyyy-mm',
        params: Strict({ month: Type.String({ pattern: '^20\\d{2}-(0[1-9]|1[0-2])$' }) }),
        response: { 200: ReportSchema, ...errorResponses },
      },
    },
    async (req) => publicReport(k, req.params.month),
  );
}
