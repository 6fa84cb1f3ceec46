/** E-supervision routes (supervision.ts): statistics, flagged cases and one case's flags, in the caller's jurisdiction. */
import { Type, Strict, StringEnum, Nullable, errorResponses, ctxOf, type App } from '../../kernel/http.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { casesPermissions as P } from './permissions.ts';
import { caseFlags, flaggedCases, supervisionView } from './supervision.ts';
import { paperlessView } from './materials-sourced.ts';
import { CASE_FLAGS } from './flags.ts';
import { CASE_STATUSES, LIGHTS } from './model.ts';

const tags = ['cases'];
const Label = Strict({ zh: Type.String(), en: Type.String() });
const Count = Type.Integer({ minimum: 0 });
const Flag = Strict({ code: StringEnum(CASE_FLAGS), label: Label });

const Filter = Strict({
  from: Type.Optional(
    Type.String({
      pattern: '^\\d{4}-\\d{2}-\\d{2}$',
      description: 'First day of filing (Asia/Shanghai); default: 30 days to `to`',
    }),
  ),
  to: Type.Optional(
    Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Last day of filing, inclusive; default: today' }),
  ),
  region: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: 'A region within your jurisdiction' })),
  department: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'A department code' })),
});

const StatsSchema = Strict({
  cases: Count,
  byStatus: Strict(Object.fromEntries(CASE_STATUSES.map((s) => [s, Count]))),
  decided: Count,
  onTime: Count,
  onTimeRate: Nullable(Type.Number({ minimum: 0, maximum: 1, description: 'Decided on time / decided' })),
  averageHandlingDays: Nullable(Type.Number({ description: 'Working days from submission to decision' })),
  supplements: Count,
  refusals: Count,
  returns: Count,
  withdrawals: Count,
  deemedAcceptances: Count,
  flagged: Count,
  lights: Strict(Object.fromEntries(LIGHTS.map((l) => [l, Count]))),
});

const Paperless = Strict({
  materials: Count,
  sourced: Type.Integer({ minimum: 0, description: 'Materials given by an e-certificate instead of an upload' }),
  rate: Nullable(Type.Number({ minimum: 0, maximum: 1, description: '免提交率: sourced / materials' })),
  cases: Type.Integer({ minimum: 0, description: 'Cases with at least one material' }),
  casesWithoutPaper: Type.Integer({ minimum: 0, description: 'Cases whose every material came from a source' }),
});
const Dept = Strict({ code: Type.String(), name: Type.String() });

export function registerSupervisionRoutes(app: App, k: Kernel): void {
  app.get(
    '/api/v1/cases/supervision/paperless',
    {
      config: { permission: P.supervise },
      schema: {
        tags,
        summary: '免提交率: the share of materials given without an upload, for cases filed in a date range',
        description:
          'Over the material rows of the cases submitted in the range (Asia/Shanghai dates) in your jurisdiction: totals, by item (and its department) and by department, highest rate first.',
        querystring: Filter,
        response: {
          200: Strict({
            from: Type.String(),
            to: Type.String(),
            region: Nullable(Type.String()),
            department: Nullable(Type.String()),
            totals: Paperless,
            byItem: Type.Array(
              Strict({ item: Strict({ id: Type.String(), name: Type.String() }), department: Dept, stats: Paperless }),
            ),
            byDepartment: Type.Array(Strict({ department: Dept, stats: Paperless })),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => paperlessView(k, ctxOf(req), req.query),
  );
  app.get(
    '/api/v1/cases/supervision/stats',
    {
      config: { permission: P.supervise },
      schema: {
        tags,
        summary: 'E-supervision statistics of cases filed in a date range: totals, by region, by department',
        querystring: Filter,
        response: {
          200: Strict({
            from: Type.String(),
            to: Type.String(),
            region: Nullable(Type.String()),
            department: Nullable(Type.String()),
            totals: StatsSchema,
            byRegion: Type.Array(Strict({ region: Type.String(), regionName: Type.String(), stats: StatsSchema })),
            byDepartment: Type.Array(
              Strict({ department: Strict({ code: Type.String(), name: Type.String() }), stats: StatsSchema }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => supervisionView(k, ctxOf(req), req.query),
  );
  app.get(
    '/api/v1/cases/supervision/flagged',
    {
      config: { permission: P.supervise },
      schema: {
        tags,
        summary: 'Cases filed in a date range with irregularity flags, newest first',
        querystring: Filter,
        response: {
          200: Strict({
            items: Type.Array(
              Strict({
                id: Type.String(),
                number: Type.String(),
                item: Type.String(),
                regionName: Type.String(),
                departmentName: Type.String(),
                status: StringEnum(CASE_STATUSES),
                submittedAt: Type.String(),
                flags: Type.Array(Flag),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await flaggedCases(k, ctxOf(req), req.query) }),
  );
  app.get(
    '/api/v1/cases/:id/flags',
    {
      config: { permission: P.supervise },
      schema: {
        tags,
        summary: 'One case’s irregularity flags, in words (computed now)',
        params: Strict({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: Strict({ items: Type.Array(Flag) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await caseFlags(k, ctxOf(req), req.params.id) }),
  );
}
