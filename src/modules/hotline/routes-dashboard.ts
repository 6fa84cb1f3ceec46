/** The hotline dashboard's figures (dashboard.ts) for a center side's region. */
import { Type, Strict, Nullable, errorResponses, ctxOf, type App } from '../../kernel/http.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { hotlinePermissions as P } from './permissions.ts';
import { dashboard } from './dashboard.ts';
import { REQUEST_TYPES, TICKET_STATUSES } from './model.ts';

const Count = Type.Integer({ minimum: 0 });

const DashboardSchema = Strict({
  region: Nullable(Type.String()),
  byStatus: Type.Record(Type.String(), Count, { description: `keys: ${TICKET_STATUSES.join(', ')}` }),
  overdue: Count,
  inHandling: Count,
  replies: Strict({ onTime: Count, late: Count }),
  satisfaction: Strict({ satisfied: Count, basically_satisfied: Count, unsatisfied: Count, unreached: Count }),
  hotTopics: Type.Array(
    Strict({
      week: Type.String({ description: 'Monday of the week (Shanghai), YYYY-MM-DD' }),
      total: Count,
      topics: Type.Array(Strict({ code: Type.String(), name: Type.String(), count: Count })),
    }),
  ),
  cannotGetDone: Count,
  volume: Type.Array(
    Strict({
      week: Type.String({ description: 'Monday of the week (Shanghai), YYYY-MM-DD' }),
      byType: Type.Record(Type.String(), Count, { description: `keys: ${REQUEST_TYPES.join(', ')}` }),
      byRegion: Type.Array(
        Strict({
          code: Type.String({ description: 'division code one level below the caller’s region' }),
          name: Nullable(Type.String()),
          count: Count,
        }),
      ),
    }),
  ),
  risingTerms: Type.Array(Strict({ term: Type.String(), thisWeek: Count, weeklyBefore: Type.Number({ minimum: 0 }) })),
  repeatComplaints: Strict({
    complaints: Count,
    repeats: Count,
    rate: Nullable(Type.Number({ minimum: 0, maximum: 100, description: 'percent, one decimal' })),
  }),
});

export function registerDashboardRoutes(app: App, k: Kernel): void {
  app.get(
    '/api/v1/hotline/stats/dashboard',
    {
      config: { permission: P.statistics },
      schema: {
        tags: ['hotline'],
        summary:
          'Dashboard figures of the caller’s region: by status, overdue, on-time replies, satisfaction, hot topics, volume by type and region per week, rising terms, repeat complaints',
        querystring: Strict({ weeks: Type.Optional(Type.Integer({ minimum: 1, maximum: 26, default: 8 })) }),
        response: { 200: DashboardSchema, ...errorResponses },
      },
    },
    async (req) => dashboard(k, ctxOf(req), req.query.weeks ?? 8),
  );
}
