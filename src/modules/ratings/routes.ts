/** The ratings module's HTTP routes: thin — validate, call one service function, return. */
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
import { replyIdempotent } from '../../kernel/idempotency.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { ratingsPermissions as P } from './permissions.ts';
import {
  getMyInvitation,
  getRectification,
  listMyInvitations,
  listRatings,
  listRectifications,
  moveRectification,
  rate,
  rateOutcome,
} from './service.ts';
import { publicStats, staffStats, STATS_DIMENSIONS } from './stats.ts';
import { rectificationLifecycle, RECTIFICATION_ACTIONS } from './lifecycle.ts';
import {
  CHANNELS,
  CHANNEL_LABELS,
  LIGHTS,
  RECTIFICATION_STATUSES,
  SCORES,
  SCORE_LABELS,
  TAGS,
  type Band,
} from './model.ts';

const tags = ['ratings'];
const Label = Strict({ zh: Type.String(), en: Type.String() });
const ScoreSchema = Type.Integer({ minimum: 1, maximum: 5, description: '5 非常满意 … 1 非常不满意' });
const IdParams = Strict({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Named = Strict({ id: Type.String(), name: Type.String() });
const Dept = Strict({ code: Type.String(), name: Type.String() });
const OutcomeRating = Nullable(
  Strict({ score: ScoreSchema, comment: Nullable(Type.String()), ratedAt: Type.String() }),
);

const InvitationSchema = Strict(
  {
    id: Type.String(),
    subjectType: Type.String({ description: 'What was rated, as its module names it (cases.case)' }),
    subjectId: Type.String(),
    subjectLabel: Type.String(),
    item: Named,
    department: Dept,
    region: Type.String(),
    offeredAt: Type.String(),
    rating: Nullable(
      Strict({
        score: ScoreSchema,
        tags: Type.Array(Type.String()),
        comment: Nullable(Type.String()),
        channel: StringEnum(CHANNELS),
        realName: Type.Boolean(),
        ratedAt: Type.String(),
      }),
    ),
    rectification: Nullable(
      Strict({
        id: Type.String(),
        status: StringEnum(RECTIFICATION_STATUSES),
        outcome: Nullable(Type.String({ description: 'What the department did or explained, once finished' })),
        finishedAt: Nullable(Type.String()),
        outcomeRating: OutcomeRating,
      }),
    ),
  },
  { $id: 'RatingInvitation', description: 'A rating invitation as its rater sees it' },
);

const StaffRatingProps = {
  id: Type.String(),
  item: Named,
  department: Dept,
  region: Type.String(),
  score: ScoreSchema,
  tags: Type.Array(Type.String()),
  comment: Nullable(Type.String()),
  channel: StringEnum(CHANNELS),
  realName: Type.Boolean({ description: 'The rater agreed to a callback; who they are is never shown' }),
  ratedAt: Type.String(),
};
const StaffRatingSchema = Strict(
  { ...StaffRatingProps, rectificationId: Nullable(Type.String()) },
  { $id: 'StaffRating', description: 'A rating as staff see it: never who gave it, nor the subject (case) rated' },
);

const RectificationSchema = Strict(
  {
    id: Type.String(),
    status: StringEnum(RECTIFICATION_STATUSES),
    version: Type.Integer(),
    rating: Strict(StaffRatingProps),
    department: Dept,
    region: Type.String(),
    callbackRequired: Type.Boolean({ description: 'A real-name rating: the callback must be recorded first' }),
    callback: Nullable(Strict({ note: Type.String(), at: Type.String() })),
    findings: Nullable(Type.String()),
    outcome: Nullable(Type.String()),
    appeal: Nullable(Strict({ reason: Type.String(), decision: Nullable(Type.String()) })),
    openedAt: Type.String(),
    finishedAt: Nullable(Type.String()),
    onTime: Nullable(Type.Boolean()),
    deadline: Nullable(
      Strict({
        dueDate: Nullable(Type.String()),
        dueAt: Nullable(Type.String()),
        provisional: Type.Boolean(),
        workingDaysLeft: Nullable(Type.Integer()),
        light: Nullable(StringEnum(LIGHTS)),
      }),
    ),
    outcomeRating: OutcomeRating,
    actions: Type.Array(
      Type.String({ description: 'A move this caller may make now: POST /api/v1/ratings/rectifications/:id/<action>' }),
    ),
    updatedAt: Type.String(),
  },
  { $id: 'Rectification' },
);

const Figures = {
  ratings: Type.Integer(),
  average: Nullable(Type.Number()),
  poor: Type.Integer({ description: '差评: score 1 or 2' }),
  poorShare: Nullable(Type.Number()),
  rectifications: Type.Integer(),
  finished: Type.Integer(),
  onTime: Type.Integer(),
  overdue: Type.Integer({ description: 'Still open past the due time' }),
  onTimeRate: Nullable(Type.Number()),
};
const StatsSchema = Strict(
  {
    by: StringEnum(STATS_DIMENSIONS),
    region: Nullable(Type.String()),
    total: Strict(Figures),
    rows: Type.Array(Strict({ key: Type.String(), name: Type.String(), ...Figures })),
  },
  { $id: 'RatingStats', description: 'Aggregates only: no rating, comment or rater' },
);
const StatsQuery = Strict({
  by: Type.Optional(StringEnum(STATS_DIMENSIONS)),
  region: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
});

const VocabularySchema = Strict({
  scores: Type.Array(Strict({ score: ScoreSchema, label: Label })),
  tags: Type.Array(Strict({ band: StringEnum(['good', 'fair', 'poor'] as const), code: Type.String(), label: Label })),
  channels: Type.Array(Strict({ code: StringEnum(CHANNELS), label: Label })),
});

export function registerRatingsRoutes(app: App, k: Kernel): void {
  app.get(
    '/api/v1/ratings/vocabulary',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'The scores, the tags offered for each score band, and the channels',
        response: { 200: VocabularySchema, ...errorResponses },
      },
    },
    async () => ({
      scores: SCORES.map((score) => ({ score, label: SCORE_LABELS[score] })),
      tags: (Object.keys(TAGS) as Band[]).flatMap((band) =>
        Object.entries(TAGS[band]).map(([code, label]) => ({ band, code, label })),
      ),
      channels: CHANNELS.map((code) => ({ code, label: CHANNEL_LABELS[code] })),
    }),
  );
  app.get(
    '/api/v1/ratings/public/stats',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'Public rating statistics (好差评公示) by item, department or region: aggregates, no personal data',
        querystring: StatsQuery,
        response: { 200: StatsSchema, ...errorResponses },
      },
    },
    async (req) => publicStats(k, ctxOf(req).now, req.query.by ?? 'department', req.query.region),
  );
  app.get(
    '/api/v1/ratings/invitations',
    {
      config: { permission: P.rate },
      schema: {
        tags,
        summary: 'My rating invitations (我的评价), newest first; optionally those of one subject',
        querystring: Strict({
          ...PageQuery,
          subjectType: Type.Optional(Type.String({ maxLength: 64 })),
          subjectId: Type.Optional(Type.String({ maxLength: 64 })),
        }),
        response: { 200: Page(InvitationSchema), ...errorResponses },
      },
    },
    async (req) => {
      const limit = Math.min(req.query.limit ?? 20, 50);
      const items = await listMyInvitations(k, ctxOf(req), {
        limit,
        subjectType: req.query.subjectType,
        subjectId: req.query.subjectId,
        before: req.query.cursor ?? null,
      });
      return { items, nextCursor: items.length === limit ? items[items.length - 1].id : null };
    },
  );
  app.get(
    '/api/v1/ratings/invitations/:id',
    {
      config: { permission: P.rate },
      schema: {
        tags,
        summary: 'One of my rating invitations',
        params: IdParams,
        response: { 200: InvitationSchema, ...errorResponses },
      },
    },
    async (req) => getMyInvitation(k, ctxOf(req), req.params.id),
  );
  app.post(
    '/api/v1/ratings/invitations/:id/rate',
    {
      config: { permission: P.rate },
      schema: {
        tags,
        summary:
          'Rate (once): score, tags from the score’s band, comment, channel; a score of 1–2 opens a rectification',
        params: IdParams,
        body: Strict({
          score: ScoreSchema,
          tags: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 })),
          comment: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
          channel: Type.Optional(StringEnum(CHANNELS)),
          realName: Type.Optional(
            Type.Boolean({ description: 'Agree to a callback under one’s name (default true); false: anonymous' }),
          ),
        }),
        response: { 201: InvitationSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      return replyIdempotent(k, req, reply, 201, (tx) => rate(k, ctxOf(req), req.params.id, req.body, tx));
    },
  );
  app.post(
    '/api/v1/ratings/invitations/:id/rate_outcome',
    {
      config: { permission: P.rate },
      schema: {
        tags,
        summary: 'Rate (once) how a 差评 was handled, after its rectification finished',
        params: IdParams,
        body: Strict({ score: ScoreSchema, comment: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) }),
        response: { 200: InvitationSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      return replyIdempotent(k, req, reply, 200, (tx) => rateOutcome(k, ctxOf(req), req.params.id, req.body, tx));
    },
  );
  app.get(
    '/api/v1/ratings',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'Ratings in the caller’s jurisdiction, newest first (never who rated)',
        querystring: Strict({
          ...PageQuery,
          score: Type.Optional(ScoreSchema),
          poor: Type.Optional(Type.Boolean({ description: 'Only 差评 (score 1–2)' })),
        }),
        response: { 200: Page(StaffRatingSchema), ...errorResponses },
      },
    },
    async (req) => {
      const limit = Math.min(req.query.limit ?? 20, 100);
      const items = await listRatings(k, ctxOf(req), {
        limit,
        score: req.query.score,
        poorOnly: req.query.poor,
        before: req.query.cursor ?? null,
      });
      return { items, nextCursor: items.length === limit ? items[items.length - 1].id : null };
    },
  );
  app.get(
    '/api/v1/ratings/stats',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'Rating statistics by item, department or region in the caller’s jurisdiction',
        querystring: StatsQuery,
        response: { 200: StatsSchema, ...errorResponses },
      },
    },
    async (req) => staffStats(k, ctxOf(req), req.query.by ?? 'department', req.query.region),
  );
  app.get(
    '/api/v1/ratings/rectifications',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'Rectifications in the caller’s jurisdiction, oldest first (the queue)',
        querystring: Strict({
          ...PageQuery,
          status: Type.Optional(StringEnum(RECTIFICATION_STATUSES)),
          open: Type.Optional(Type.Boolean({ description: 'Only those not yet finished' })),
          mine: Type.Optional(Type.Boolean({ description: 'Only those of the caller’s department' })),
        }),
        response: { 200: Page(RectificationSchema), ...errorResponses },
      },
    },
    async (req) => {
      const limit = Math.min(req.query.limit ?? 20, 100);
      const items = await listRectifications(k, ctxOf(req), {
        limit,
        status: req.query.status,
        open: req.query.open,
        mine: req.query.mine,
        after: req.query.cursor ?? null,
      });
      return { items, nextCursor: items.length === limit ? items[items.length - 1].id : null };
    },
  );
  app.get(
    '/api/v1/ratings/rectifications/:id',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'One rectification',
        params: IdParams,
        response: { 200: RectificationSchema, ...errorResponses },
      },
    },
    async (req) => getRectification(k, ctxOf(req), req.params.id),
  );
  for (const action of RECTIFICATION_ACTIONS) {
    const spec = rectificationLifecycle.def.actions[action];
    app.post(
      `/api/v1/ratings/rectifications/:id/${action}`,
      {
        config: { permission: spec.permission },
        schema: {
          tags,
          summary: spec.label.en,
          params: IdParams,
          body: Strict({
            version: Type.Integer({ minimum: 1, description: 'The version you read; a stale one answers 409' }),
            reason: Type.String({ minLength: 1, maxLength: 1000, description: 'What was done or found (recorded)' }),
          }),
          response: { 200: RectificationSchema, ...errorResponses },
        },
      },
      async (req) => moveRectification(k, ctxOf(req), req.params.id, action, req.body),
    );
  }
}
