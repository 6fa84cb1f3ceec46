/**
 * The classifier's HTTP routes: suggestions for hotline operators (stored so confirmations can be held against
 * them), their confirmation, and the model's metrics. Registered by the hotline module's `registerRoutes`.
 */
import { Type, Strict, Nullable, errorResponses, ctxOf, type App } from '../../../kernel/http.ts';
import { replyIdempotent } from '../../../kernel/idempotency.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { classifierPermissions as P } from './permissions.ts';
import { classifierStatus, confirmRouting, recordSuggestion } from './service.ts';

const tags = ['hotline'];
const Suggestion = Strict({
  code: Type.String(),
  label: Type.String(),
  score: Type.Number({ minimum: 0, maximum: 1, description: 'Probability under the model' }),
});
const SuggestionSchema = Strict({
  id: Nullable(Type.String({ description: 'Null when no model is trained yet (nothing stored)' })),
  modelVersion: Nullable(Type.Integer()),
  topics: Type.Array(Suggestion, { maxItems: 3 }),
  departments: Type.Array(Suggestion, { maxItems: 3 }),
  confirmed: Nullable(
    Strict({
      topic: Type.String(),
      department: Type.String(),
      ticketId: Nullable(Type.String()),
      topicRank: Type.Integer({ description: '1–3: where the choice stood among the suggestions; 0: not among them' }),
      departmentRank: Type.Integer(),
    }),
  ),
});
const ClassMetrics = Strict({
  code: Type.String(),
  label: Type.String(),
  precision: Type.Number(),
  recall: Type.Number(),
  f1: Type.Number(),
  support: Type.Integer(),
});
const TaskMetrics = Strict({
  accuracy: Type.Number(),
  macroF1: Type.Number(),
  top3Accuracy: Type.Number(),
  perClass: Type.Array(ClassMetrics),
  baseline: Strict({ code: Type.String(), label: Type.String(), accuracy: Type.Number(), macroF1: Type.Number() }),
});
const Figures = {
  confirmed: Type.Integer(),
  topicTop1: Type.Number(),
  topicTop3: Type.Number(),
  departmentTop1: Type.Number(),
  departmentTop3: Type.Number(),
};
const StatusSchema = Strict({
  model: Nullable(
    Strict({
      id: Type.String(),
      version: Type.Integer(),
      trainedAt: Type.String(),
      trainingSize: Type.Integer(),
      metrics: Strict({
        seed: Type.Integer(),
        testShare: Type.Number(),
        trainSize: Type.Integer(),
        testSize: Type.Integer(),
        topic: TaskMetrics,
        department: TaskMetrics,
      }),
    }),
  ),
  production: Strict({ ...Figures, byModel: Type.Array(Strict({ modelVersion: Type.Integer(), ...Figures })) }),
});
const Code = Type.String({ minLength: 1, maxLength: 100 });

export function registerClassifierRoutes(app: App, k: Kernel): void {
  app.post(
    '/api/v1/hotline/suggestions',
    {
      config: { permission: P.classify },
      schema: {
        tags,
        summary: 'Top-3 topic and department suggestions for a ticket’s text (stored, without the text)',
        body: Strict({
          text: Type.String({ minLength: 1, maxLength: 4000 }),
          division: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
        }),
        response: { 201: SuggestionSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      return replyIdempotent(k, req, reply, 201, (tx) => recordSuggestion(k, ctxOf(req), req.body, tx));
    },
  );
  app.post(
    '/api/v1/hotline/suggestions/:id/confirmation',
    {
      config: { permission: P.classify },
      schema: {
        tags,
        summary: 'Record the routing the operator confirmed for a suggestion (once; the same choice again is a no-op)',
        params: Strict({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        body: Strict({
          topic: Code,
          department: Code,
          ticketId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
        }),
        response: { 200: SuggestionSchema, ...errorResponses },
      },
    },
    async (req) => confirmRouting(k, ctxOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/v1/hotline/classifier',
    {
      config: { permission: P.classify },
      schema: {
        tags,
        summary: 'The classifier in use: version, training size, held-out metrics, and accuracy in production',
        response: { 200: StatusSchema, ...errorResponses },
      },
    },
    async (req) => classifierStatus(k, ctxOf(req)),
  );
}
