/** Review steps over HTTP: a case's steps, the reviewer's queue, and claim / assign / complete (thin: see review.ts). */
import { Type, Strict, StringEnum, Nullable, errorResponses, ctxOf, type App } from '../../kernel/http.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { casesPermissions as P } from './permissions.ts';
import { assignCandidates, assignStep, caseSteps, claimStep, completeStep, reviewQueue } from './review.ts';
import { OPINIONS, STEP_STATUSES } from './steps.ts';
import { LIGHTS } from './model.ts';

const tags = ['cases'];
const Label = Strict({ zh: Type.String(), en: Type.String() });
const Person = Strict({ id: Type.String(), name: Type.String() });

const ReviewStepSchema = Strict(
  {
    id: Type.String(),
    key: Type.String({ description: "The process step's key in the pinned implementation version" }),
    name: Type.String(),
    role: Type.String({ description: 'The staff role that handles the step' }),
    roleLabel: Label,
    position: Type.Integer(),
    stage: Type.Integer({ description: 'Steps of one stage (a parallel group) run in parallel; stages in order' }),
    parallelGroup: Nullable(Type.String()),
    days: Type.Integer({ description: 'The step limit in working days, from when it opens' }),
    status: StringEnum(STEP_STATUSES),
    version: Type.Integer(),
    assignee: Nullable(Person),
    assignedAt: Nullable(Type.String()),
    openedAt: Nullable(Type.String()),
    doneAt: Nullable(Type.String()),
    doneBy: Nullable(Person),
    opinion: Nullable(StringEnum(OPINIONS)),
    comment: Nullable(Type.String()),
    body: Nullable(
      Strict(
        {
          region: Type.String(),
          regionName: Type.String(),
          department: Strict({ code: Type.String(), name: Type.String() }),
        },
        { description: '多地联办: the other body whose part this step is (its staff handle it)' },
      ),
    ),
    deadline: Nullable(
      Strict({
        dueDate: Nullable(Type.String()),
        dueAt: Nullable(Type.String()),
        provisional: Type.Boolean(),
        workingDaysLeft: Nullable(Type.Integer()),
        light: Nullable(StringEnum(LIGHTS)),
      }),
    ),
  },
  { $id: 'CaseReviewStep' },
);

const StepParams = Strict({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  stepId: Type.String({ minLength: 1, maxLength: 64 }),
});
const Version = Type.Integer({ minimum: 1, description: 'The step version you read; a stale one answers 409' });

export function registerReviewRoutes(app: App, k: Kernel): void {
  app.get(
    '/api/v1/cases/review-queue',
    {
      config: { permission: P.handle_step },
      schema: {
        tags,
        summary: 'Review steps waiting for the caller’s roles (待我审查), soonest deadline first',
        querystring: Strict({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }),
        response: {
          200: Strict({
            items: Type.Array(
              Strict({
                step: ReviewStepSchema,
                case: Strict({
                  id: Type.String(),
                  number: Type.String(),
                  status: Type.String(),
                  version: Type.Integer(),
                  itemName: Type.String(),
                  applicantName: Type.String(),
                  regionName: Type.String(),
                  departmentName: Type.String(),
                }),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await reviewQueue(k, ctxOf(req), { limit: req.query.limit ?? 50 }) }),
  );
  app.get(
    '/api/v1/cases/:id/steps',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'A case’s review steps (审查环节): who, when, opinion, deadline light',
        params: Strict({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: {
          200: Strict({
            items: Type.Array(ReviewStepSchema),
            recusal: Nullable(Label), // why the caller is recused (回避) from this case, when they are
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => caseSteps(k, ctxOf(req), req.params.id),
  );
  app.post(
    '/api/v1/cases/:id/steps/:stepId/claim',
    {
      config: { permission: P.handle_step },
      schema: {
        tags,
        summary: 'Claim an open review step of one’s role',
        params: StepParams,
        body: Strict({ version: Version }),
        response: { 200: ReviewStepSchema, ...errorResponses },
      },
    },
    async (req) => claimStep(k, ctxOf(req), req.params.id, req.params.stepId, req.body),
  );
  app.post(
    '/api/v1/cases/:id/steps/:stepId/assign',
    {
      config: { permission: P.assign_step },
      schema: {
        tags,
        summary: 'Assign an open review step to a staff member of its role (department lead)',
        params: StepParams,
        body: Strict({
          version: Version,
          assignee: Type.String({ minLength: 1, maxLength: 40, description: 'The staff member’s username' }),
        }),
        response: { 200: ReviewStepSchema, ...errorResponses },
      },
    },
    async (req) => assignStep(k, ctxOf(req), req.params.id, req.params.stepId, req.body),
  );
  app.post(
    '/api/v1/cases/:id/steps/:stepId/complete',
    {
      config: { permission: P.handle_step },
      schema: {
        tags,
        summary: 'Complete a review step with an opinion (意见: agree or disagree, and its text)',
        params: StepParams,
        body: Strict({
          version: Version,
          opinion: StringEnum(OPINIONS),
          comment: Type.String({ minLength: 1, maxLength: 2000 }),
        }),
        response: { 200: ReviewStepSchema, ...errorResponses },
      },
    },
    async (req) => completeStep(k, ctxOf(req), req.params.id, req.params.stepId, req.body),
  );
  app.get(
    '/api/v1/cases/:id/steps/:stepId/candidates',
    {
      config: { permission: P.assign_step },
      schema: {
        tags,
        summary: 'Whom a review step may be assigned to: staff of its role covering the case’s region and department',
        params: StepParams,
        response: {
          200: Strict({
            items: Type.Array(
              Strict({
                username: Type.String(),
                name: Type.String(),
                recusal: Nullable(Label), // set when they must be recused (回避): choosing them is refused
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await assignCandidates(k, ctxOf(req), req.params.id, req.params.stepId) }),
  );
}
