/** The cases module's HTTP routes: thin — validate, call one service function, return. */
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
import type { TProperties } from '@fastify/type-provider-typebox';
import { casesPermissions as P } from './permissions.ts';
import { caseTimeline, fileCase, getCase, listCases, moveCase } from './service.ts';
import { caseLifecycle, ROUTED_ACTIONS, type RoutedAction } from './lifecycle.ts';
import { APPLICANT_KINDS, CASE_STATUSES, CHANNELS, LIGHTS, SPECIAL_PROCEDURE_KINDS } from './model.ts';
import { MAX_SPECIAL_PROCEDURE_DAYS } from './reform-actions.ts';
import { registerMaterialRoutes } from './routes-materials.ts';
import { registerDocumentRoutes } from './routes-documents.ts';
import { registerSupervisionRoutes } from './routes-supervision.ts';
import { registerVisitRoutes } from './routes-visits.ts';
import { registerReviewRoutes } from './routes-review.ts';

const tags = ['cases'];
const Label = Strict({ zh: Type.String(), en: Type.String() });
const SupplementItemSchema = Strict({
  ref: Nullable(Type.String({ maxLength: 100, description: 'A material key or form field, when it names one' })),
  description: Type.String({ minLength: 1, maxLength: 500 }),
});

export const CaseSchema = Strict(
  {
    id: Type.String(),
    number: Type.String({ description: 'Case number: <region>-<yyyymmdd>-<5-digit sequence>' }),
    status: StringEnum(CASE_STATUSES),
    version: Type.Integer(),
    item: Strict({ id: Type.String(), name: Type.String() }),
    implementation: Strict({ id: Type.String(), version: Type.Integer(), code: Type.String() }),
    region: Type.String(),
    regionName: Type.String(),
    department: Strict({ code: Type.String(), name: Type.String() }),
    basis: StringEnum(['own', 'delegated'] as const),
    applicant: Strict({ kind: StringEnum(APPLICANT_KINDS), name: Type.String() }),
    channel: StringEnum(CHANNELS),
    window: Nullable(Type.String()),
    form: Type.Record(Type.String(), Type.Unknown(), { description: 'The form as filed; ID and phone values masked' }),
    formLabels: Type.Record(Type.String(), Type.String(), { description: 'Field titles from the pinned schema' }),
    promisedDays: Type.Integer(),
    submittedAt: Type.String(),
    acceptedAt: Nullable(Type.String()),
    decidedAt: Nullable(Type.String()),
    concludedAt: Nullable(Type.String()),
    refusal: Nullable(Strict({ reason: Type.String(), legalBasis: Type.String() })),
    supplement: Nullable(
      Strict({ items: Type.Array(SupplementItemSchema), requestedAt: Type.String(), count: Type.Integer() }),
    ),
    decision: Nullable(
      Strict({
        outcome: StringEnum(['granted', 'denied'] as const),
        reason: Nullable(Type.String()),
        legalBasis: Nullable(Type.String()),
      }),
    ),
    flags: Type.Array(Type.String()),
    deadlines: Type.Array(
      Strict({
        purpose: StringEnum(['acceptance', 'decision', 'commitment_check'] as const),
        dueDate: Nullable(Type.String()),
        dueAt: Nullable(Type.String()),
        provisional: Type.Boolean(),
        workingDaysLeft: Nullable(Type.Integer()),
        light: Nullable(StringEnum(LIGHTS)),
      }),
    ),
    actions: Type.Array(
      Type.String({ description: 'A move this caller may make now: POST /api/v1/cases/:id/<action>' }),
    ),
    updatedAt: Type.String(),
    reformMode: Nullable(StringEnum(['abolished', 'filing', 'commitment', 'optimized'] as const)),
    handlingKind: StringEnum(['immediate', 'promised'] as const),
    commitment: Nullable(
      Strict({
        text: Type.String({ description: 'The commitment (告知承诺书) as the applicant accepted it' }),
        signedBy: Type.String(),
        signedAt: Type.String(),
        check: StringEnum(['pending', 'verified', 'false'] as const, { description: 'The post-grant check (核查)' }),
        checkedAt: Nullable(Type.String()),
      }),
    ),
    specialProcedure: Nullable(
      Strict({
        kind: StringEnum(SPECIAL_PROCEDURE_KINDS),
        label: Label,
        reason: Type.String(),
        maxDays: Type.Integer(),
        startedAt: Type.String(),
        pausedDays: Type.Integer({ description: 'Working days paused so far' }),
        overrun: Type.Boolean({ description: 'Paused longer than its maximum' }),
      }),
    ),
  },
  { $id: 'Case' },
);

const TimelineSchema = Strict({
  items: Type.Array(
    Strict({
      at: Type.String(),
      action: Type.String(),
      label: Label,
      actor: Strict({ name: Type.String(), role: Type.String() }),
      onBehalfOf: Nullable(Type.String({ description: 'The enterprise acted for, by name' })),
      reason: Nullable(Type.String()),
    }),
  ),
});

const IdParams = Strict({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Version = Type.Integer({ minimum: 1, description: 'The version you read; a stale one answers 409' });
const Reason = Type.String({ maxLength: 500 });
const LegalBasis = Type.String({ minLength: 1, maxLength: 1000, description: 'The legal basis (法律依据)' });
const FormBody = Type.Record(Type.String(), Type.Unknown(), {
  description: "The application form, as the implementation's JSON Schema describes it",
});

/** The body of each move: version and reason, plus what the move needs. */
const MOVE_BODIES: Record<RoutedAction, TProperties> = {
  accept: { version: Version, reason: Type.Optional(Reason) },
  refuse: { version: Version, reason: Reason, legalBasis: LegalBasis },
  request_supplement: {
    version: Version,
    reason: Type.Optional(Reason),
    items: Type.Array(SupplementItemSchema, { minItems: 1, maxItems: 100 }),
  },
  request_further_supplement: {
    version: Version,
    reason: Reason,
    items: Type.Array(SupplementItemSchema, { minItems: 1, maxItems: 100 }),
  },
  resubmit: { version: Version, reason: Type.Optional(Reason), form: Type.Optional(FormBody) },
  start_review: { version: Version, reason: Type.Optional(Reason) },
  grant: { version: Version, reason: Type.Optional(Reason) },
  deny: { version: Version, reason: Reason, legalBasis: LegalBasis },
  conclude: { version: Version, reason: Type.Optional(Reason) },
  withdraw: { version: Version, reason: Reason },
  verify_commitment: { version: Version, reason: Reason },
  find_false_commitment: { version: Version, reason: Reason, legalBasis: LegalBasis },
  handle_immediately: { version: Version, reason: Type.Optional(Reason) },
  start_special_procedure: {
    version: Version,
    reason: Reason,
    kind: StringEnum(SPECIAL_PROCEDURE_KINDS, { description: 'hearing, expert review, inspection, …' }),
    maxDays: Type.Integer({
      minimum: 1,
      maximum: MAX_SPECIAL_PROCEDURE_DAYS,
      description: 'The longest the procedure may pause the case, in working days',
    }),
  },
  end_special_procedure: { version: Version, reason: Type.Optional(Reason) },
  forward: { version: Version, reason: Type.Optional(Reason) },
};

export function registerCasesRoutes(app: App, k: Kernel): void {
  app.get(
    '/api/v1/cases',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'Cases: an applicant’s own, or those in a staff member’s jurisdiction; newest first',
        querystring: Strict({ ...PageQuery, status: Type.Optional(StringEnum(CASE_STATUSES)) }),
        response: { 200: Page(CaseSchema), ...errorResponses },
      },
    },
    async (req) => {
      const limit = Math.min(req.query.limit ?? 20, 50);
      const items = await listCases(k, ctxOf(req), {
        limit,
        status: req.query.status,
        before: req.query.cursor ?? null,
      });
      return { items, nextCursor: items.length === limit ? items[items.length - 1].id : null };
    },
  );
  app.post(
    '/api/v1/cases',
    {
      config: { permission: P.file },
      schema: {
        tags,
        summary: 'File an application (an applicant online, or a window clerk for a registered applicant)',
        description:
          'Pins the published implementation version competent for the item and region; Idempotency-Key supported.',
        body: Strict({
          itemId: Type.String({ minLength: 1, maxLength: 64 }),
          region: Type.String({ pattern: '^\\d{6}$', description: 'Where the application is made' }),
          form: FormBody,
          applicant: Type.Optional(
            Nullable(
              Type.Union([
                Strict({ personId: Type.String({ minLength: 1, maxLength: 64 }) }),
                Strict({ enterpriseId: Type.String({ minLength: 1, maxLength: 64 }) }),
              ]),
            ),
          ),
          window: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
          channel: Type.Optional(StringEnum(['online', 'mobile'] as const)),
          commitment: Type.Optional(
            Nullable(
              Strict({
                accepted: Type.Boolean({ description: 'The applicant accepts the commitment' }),
                text: Type.String({ minLength: 1, maxLength: 4000, description: 'The commitment as shown' }),
              }),
            ),
          ),
        }),
        response: { 201: CaseSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      // The case number is taken outside the transaction on PostgreSQL: a repeated key must not reach it.
      return replyIdempotent(k, req, reply, 201, (tx) => fileCase(k, ctxOf(req), req.body, tx), TAKES_NUMBER);
    },
  );
  app.get(
    '/api/v1/cases/:id',
    {
      config: { permission: P.read },
      schema: { tags, summary: 'One case', params: IdParams, response: { 200: CaseSchema, ...errorResponses } },
    },
    async (req) => getCase(k, ctxOf(req), req.params.id),
  );
  app.get(
    '/api/v1/cases/:id/timeline',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'Who did what on a case, when and why',
        params: IdParams,
        response: { 200: TimelineSchema, ...errorResponses },
      },
    },
    async (req) => ({ items: await caseTimeline(k, ctxOf(req), req.params.id) }),
  );
  registerMaterialRoutes(app, k);
  registerDocumentRoutes(app, k);
  for (const action of ROUTED_ACTIONS) {
    const spec = caseLifecycle.def.actions[action];
    app.post(
      `/api/v1/cases/:id/${action}`,
      {
        config: { permission: spec.permission },
        schema: {
          tags,
          summary: spec.label.en,
          params: IdParams,
          body: Strict(MOVE_BODIES[action]),
          response: { 200: CaseSchema, ...errorResponses },
        },
      },
      async (req) => {
        const { version, reason, ...data } = req.body as { version: number; reason?: string } & Record<string, unknown>;
        return moveCase(k, ctxOf(req), req.params.id, action, { version, reason, data });
      },
    );
  }
  registerSupervisionRoutes(app, k);
  registerVisitRoutes(app, k);
  registerReviewRoutes(app, k);
}
