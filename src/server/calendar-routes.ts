/** The working-day calendar over HTTP: day information, deadline computation, status, and loading an official year. */
import { Type, Strict, StringEnum, errorResponses, ctxOf, type App, Nullable } from '../kernel/http.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { addDays, shanghaiDate } from '../kernel/calendar/index.ts';
import { invalid } from '../kernel/errors.ts';
import { declaredRegionLimits } from '../kernel/calendar/region-limits.ts';

const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const tags = ['calendar'];

export function registerCalendarRoutes(app: App, k: Kernel): void {
  app.get(
    '/api/v1/calendar/days',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'Working days and holidays between two dates (at most 366 days)',
        querystring: Strict({ from: DateStr, to: DateStr }),
        response: {
          200: Strict({
            items: Type.Array(
              Strict({
                date: Type.String(),
                working: Type.Boolean(),
                name: Nullable(Type.String()),
                provisional: Type.Boolean(),
              }),
            ),
            nextCursor: Type.Null(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const { from, to } = req.query;
      if (to < from) throw invalid('query.to', 'DATE_RANGE_INVALID', '结束日期早于开始日期', 'to is before from');
      const items = [];
      for (let d = from, i = 0; d <= to; d = addDays(d, 1), i++) {
        if (i >= 366)
          throw invalid(
            'query.to',
            'DATE_RANGE_TOO_LONG',
            '日期范围不能超过 366 天',
            'The range must be at most 366 days',
          );
        items.push(k.calendar.schedule.dayInfo(d));
      }
      return { items, nextCursor: null };
    },
  );

  app.post(
    '/api/v1/calendar/deadline',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary:
          'Compute a deadline: working days (holidays and adjusted workdays), natural days or natural hours; the start day is not counted',
        body: Strict({
          start: Type.String({ format: 'date-time' }),
          unit: StringEnum(['working_days', 'natural_days', 'natural_hours', 'office_hours'] as const),
          amount: Type.Integer({ minimum: 0, maximum: 3650 }),
          region: Type.Optional(
            Type.String({ pattern: '^\\d{6}$', description: 'For office_hours: whose opening hours apply' }),
          ),
          pauses: Type.Optional(
            Type.Array(
              Strict({
                from: Type.String({ format: 'date-time' }),
                to: Nullable(Type.String({ format: 'date-time' })),
              }),
              { maxItems: 50 },
            ),
          ),
        }),
        response: {
          200: Strict({
            dueDate: Nullable(Type.String()),
            dueAt: Nullable(Type.String()),
            provisional: Type.Boolean(),
            paused: Type.Boolean(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const b = req.body;
      const d = k.calendar.compute({
        unit: b.unit,
        amount: b.amount,
        start: new Date(b.start),
        pauses: (b.pauses ?? []).map((p) => ({ from: new Date(p.from), to: p.to ? new Date(p.to) : null })),
        region: b.region,
      });
      return {
        dueDate: d.dueDate,
        dueAt: d.dueAt?.toISOString() ?? null,
        provisional: d.provisional,
        paused: d.paused,
      };
    },
  );

  app.get(
    '/api/v1/calendar/status',
    {
      config: { permission: 'calendar:read' },
      schema: {
        tags,
        summary: 'Which years have official data, loaded years, provisional deadlines and the administrators’ warning',
        response: {
          200: Strict({
            today: Type.String(),
            officialYears: Type.Array(Type.Integer()),
            loadedYears: Type.Array(Type.Integer()),
            provisionalDeadlines: Type.Integer(),
            warning: Nullable(Strict({ zh: Type.String(), en: Type.String() })),
          }),
          ...errorResponses,
        },
      },
    },
    async () => {
      const now = k.clock.now();
      return { today: shanghaiDate(now), ...(await k.calendar.status(now)) };
    },
  );

  app.post(
    '/api/v1/calendar/years',
    {
      config: { permission: 'calendar:manage' },
      schema: {
        tags,
        summary:
          'Load an official holiday schedule in holiday-cn JSON ({ year, papers, days: [{ name, date, isOffDay }] }); recomputes provisional deadlines',
        body: Type.Object({ year: Type.Integer(), days: Type.Array(Type.Unknown()) }, { additionalProperties: true }),
        response: {
          200: Strict({ year: Type.Integer(), recomputed: Type.Integer(), changed: Type.Integer() }),
          ...errorResponses,
        },
      },
    },
    async (req) => k.calendar.loadYear(ctxOf(req), req.body, 'api'),
  );

  const Periods = Strict({
    periods: Type.Array(
      Strict({ from: Type.String({ pattern: '^\\d{2}:\\d{2}$' }), to: Type.String({ pattern: '^\\d{2}:\\d{2}$' }) }),
      { minItems: 1, maxItems: 6 },
    ),
  });
  const RegionParams = Strict({ region: Type.String({ pattern: '^\\d{6}$' }) });

  app.get(
    '/api/v1/calendar/office-hours/:region',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'Opening hours that apply in a region (its own, the nearest ancestor’s, or the default)',
        params: RegionParams,
        response: {
          200: Strict({ region: Type.String(), configuredAt: Nullable(Type.String()), hours: Periods }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const found = k.calendar.officeHoursFor(req.params.region);
      return { region: req.params.region, configuredAt: found.region, hours: found.hours };
    },
  );

  app.put(
    '/api/v1/calendar/office-hours/:region',
    {
      config: { permission: 'calendar:manage' },
      schema: {
        tags,
        summary: 'Set a region’s opening hours (used for office-hours deadlines)',
        params: RegionParams,
        body: Periods,
        response: {
          200: Strict({ region: Type.String(), configuredAt: Nullable(Type.String()), hours: Periods }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      await k.calendar.setOfficeHours(ctxOf(req), req.params.region, req.body);
      return { region: req.params.region, configuredAt: req.params.region, hours: req.body };
    },
  );
  const LimitsAnswer = Strict({
    region: Type.String(),
    limits: Type.Array(
      Strict({
        name: Type.String({ description: '<module>.<limit>, e.g. cases.acceptance_days' }),
        label: Strict({ zh: Type.String(), en: Type.String() }),
        value: Type.Integer(),
        configuredAt: Nullable(Type.String({ description: 'The region whose setting applies; null: the default' })),
        default: Type.Integer(),
        min: Type.Integer(),
        max: Type.Integer(),
      }),
    ),
  });
  const limitsOf = (region: string) => ({
    region,
    limits: declaredRegionLimits().map(([name, spec]) => {
      const found = k.calendar.limitFor(region, name);
      return {
        name,
        label: { zh: spec.zh, en: spec.en },
        value: found.value,
        configuredAt: found.region,
        default: spec.default,
        min: spec.min,
        max: spec.max,
      };
    }),
  });

  app.get(
    '/api/v1/calendar/limits/:region',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'Limits that apply in a region (acceptance limit, yellow-light threshold…): own, inherited or default',
        params: RegionParams,
        response: { 200: LimitsAnswer, ...errorResponses },
      },
    },
    async (req) => limitsOf(req.params.region),
  );

  app.put(
    '/api/v1/calendar/limits/:region',
    {
      config: { permission: 'calendar:manage' },
      schema: {
        tags,
        summary: 'Override limits for a region (null removes the override); the others are left as they are',
        params: RegionParams,
        body: Strict({
          limits: Type.Record(Type.String({ pattern: '^[a-z_]+\\.[a-z_]+$' }), Nullable(Type.Integer()), {
            description: 'Limit name → whole number, or null to inherit again',
          }),
        }),
        response: { 200: LimitsAnswer, ...errorResponses },
      },
    },
    async (req) => {
      await k.calendar.setLimits(ctxOf(req), req.params.region, req.body.limits);
      return limitsOf(req.params.region);
    },
  );
}
