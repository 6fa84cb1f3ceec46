/** The inspections module's staff routes: thin — validate, call one service function, return. */
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
import { inspectionsPermissions as P } from './permissions.ts';
import {
  addItem,
  createPlan,
  listInspectors,
  inspectorCandidates,
  listTargets,
  saveInspector,
  syncTargets,
  updateTarget,
} from './directories.ts';
import { createTask, listTasks, previewSample, visibleTaskRow } from './tasks.ts';
import { taskLifecycle } from './lifecycle.ts';
import { ceremonyOf, commit, reveal, voidRound } from './ceremony.ts';
import { createTargeted, getVisit, listVisits, publishVisit, recordResult } from './results.ts';
import { taskView } from './publicity.ts';
import { METHODS, RESULT_CATEGORY_CODES, STRATA, TRIGGERS } from './model.ts';
import {
  CeremonySchema,
  FilterSchema,
  InspectorSchema,
  InspectorCandidateSchema,
  ItemSchema,
  PlanSchema,
  RatiosInput,
  SampleSchema,
  TargetSchema,
  TaskDetailSchema,
  TaskSchema,
  VisitSchema,
} from './schemas.ts';
import { registerPublicRoutes } from './routes-public.ts';
import { registerEvidenceRoutes } from './routes-evidence.ts';

const tags = ['inspections'];
const IdParams = Strict({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Move = Strict({ version: Type.Integer({ minimum: 1 }), reason: Type.Optional(Type.String({ maxLength: 500 })) });
const Items = (item: Parameters<typeof Type.Array>[0]) => Strict({ items: Type.Array(item) });

export function registerInspectionsRoutes(app: App, k: Kernel): void {
  registerDirectoryRoutes(app, k);
  registerTaskRoutes(app, k);
  registerVisitRoutes(app, k);
  registerPublicRoutes(app, k);
  registerEvidenceRoutes(app, k);
}

function registerDirectoryRoutes(app: App, k: Kernel): void {
  app.post(
    '/api/v1/inspections/items',
    {
      config: { permission: P.manage },
      schema: {
        tags,
        summary: 'List an inspection item (抽查事项) for my department, from a catalog item of type 6 (行政检查)',
        body: Strict({
          department: Type.Optional(Type.String({ maxLength: 64 })),
          catalogItemId: Type.String({ minLength: 1, maxLength: 64 }),
          subjectType: Type.String({ minLength: 1, maxLength: 64 }),
          method: StringEnum(METHODS),
        }),
        response: { 201: ItemSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await addItem(k, ctxOf(req), req.body)),
  );
  app.post(
    '/api/v1/inspections/plans',
    {
      config: { permission: P.manage },
      schema: {
        tags,
        summary: 'Publish an annual inspection plan (public at once)',
        body: Strict({
          department: Type.Optional(Type.String({ maxLength: 64 })),
          year: Type.Integer({ minimum: 2000, maximum: 2100 }),
          title: Type.String({ minLength: 1, maxLength: 200 }),
          itemIds: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 100 }),
        }),
        response: { 201: PlanSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createPlan(k, ctxOf(req), req.body)),
  );
  app.get(
    '/api/v1/inspections/targets',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'The target directory (检查对象名录库) in my jurisdiction, now or as of an instant',
        querystring: Strict({
          ...PageQuery,
          region: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
          asOf: Type.Optional(Type.String({ format: 'date-time' })),
        }),
        response: { 200: Page(TargetSchema), ...errorResponses },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 20;
      const items = await listTargets(k, ctxOf(req), {
        region: req.query.region,
        asOf: req.query.asOf,
        after: req.query.cursor ?? null,
        limit,
      });
      return { items, nextCursor: items.length === limit ? items[items.length - 1].uscc : null };
    },
  );
  app.post(
    '/api/v1/inspections/targets/sync',
    {
      config: { permission: P.manage },
      schema: {
        tags,
        summary: 'Bring a region’s target directory up to date with the registry',
        body: Strict({ region: Type.String({ pattern: '^\\d{6}$' }) }),
        response: {
          200: Strict({ added: Type.Integer(), changed: Type.Integer(), removed: Type.Integer() }),
          ...errorResponses,
        },
      },
    },
    async (req) => syncTargets(k, ctxOf(req), req.body),
  );
  app.post(
    '/api/v1/inspections/targets/:uscc',
    {
      config: { permission: P.manage },
      schema: {
        tags,
        summary: 'Set a target’s credit class or key-supervision flag (a new directory row)',
        params: Strict({ uscc: Type.String({ minLength: 18, maxLength: 18 }) }),
        body: Strict({
          creditClass: Type.Optional(Nullable(StringEnum(STRATA))),
          keySupervision: Type.Optional(Type.Boolean()),
          reason: Type.String({ maxLength: 500 }),
        }),
        response: { 200: TargetSchema, ...errorResponses },
      },
    },
    async (req) => updateTarget(k, ctxOf(req), req.params.uscc, req.body),
  );
  app.get(
    '/api/v1/inspections/inspectors',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'The inspector directory (执法检查人员名录库) in my jurisdiction',
        querystring: Strict({ department: Type.Optional(Type.String({ maxLength: 64 })) }),
        response: { 200: Items(InspectorSchema), ...errorResponses },
      },
    },
    async (req) => ({ items: await listInspectors(k, ctxOf(req), { department: req.query.department }) }),
  );
  app.get(
    '/api/v1/inspections/inspectors/candidates',
    {
      config: { permission: P.manage },
      schema: {
        tags,
        summary:
          "Staff accounts of a department (mine unless I am an administrator) for the inspector directory's picker",
        querystring: Strict({ department: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }),
        response: { 200: Items(InspectorCandidateSchema), ...errorResponses },
      },
    },
    async (req) => ({ items: await inspectorCandidates(k, ctxOf(req), req.query.department) }),
  );
  app.post(
    '/api/v1/inspections/inspectors',
    {
      config: { permission: P.manage },
      schema: {
        tags,
        summary: 'Add a staff account to the inspector directory, or change its entry',
        body: Strict({
          accountId: Type.String({ minLength: 1, maxLength: 64 }),
          certificateNo: Type.String({ minLength: 1, maxLength: 64 }),
          fields: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 20 }),
          status: StringEnum(['active', 'suspended', 'left'] as const),
        }),
        response: { 200: InspectorSchema, ...errorResponses },
      },
    },
    async (req) => saveInspector(k, ctxOf(req), req.body),
  );
}

function registerTaskRoutes(app: App, k: Kernel): void {
  app.get(
    '/api/v1/inspections/tasks',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'Inspection tasks in my jurisdiction, newest first',
        querystring: Strict({ ...PageQuery }),
        response: { 200: Page(TaskSchema), ...errorResponses },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 20;
      const items = await listTasks(k, ctxOf(req), { limit, before: req.query.cursor ?? null });
      return { items, nextCursor: items.length === limit ? items[items.length - 1].id : null };
    },
  );
  app.post(
    '/api/v1/inspections/tasks/preview',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'Expected sample size per credit class for a filter and ratios, over the directory as it is now',
        body: Strict({ filter: FilterSchema, ratios: Type.Optional(RatiosInput) }),
        response: { 200: Strict({ items: SampleSchema }), ...errorResponses },
      },
    },
    async (req) => ({ items: await previewSample(k, ctxOf(req), req.body) }),
  );
  app.post(
    '/api/v1/inspections/tasks',
    {
      config: { permission: P.manage },
      schema: {
        tags,
        summary: 'Create a draft task (a joint task names several departments)',
        body: Strict({
          title: Type.String({ minLength: 1, maxLength: 200 }),
          departments: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 10 })),
          itemIds: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 50 }),
          filter: FilterSchema,
          ratios: Type.Optional(RatiosInput),
          inspectorsPerTarget: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
          yearlyCap: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
          windowStart: Type.String({ format: 'date' }),
          windowEnd: Type.String({ format: 'date' }),
        }),
        response: { 201: TaskSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      return replyIdempotent(k, req, reply, 201, (tx) => createTask(k, ctxOf(req), req.body, tx));
    },
  );
  app.get(
    '/api/v1/inspections/tasks/:id',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary:
          'One task with its freeze, ceremony rounds and record (full for its departments, participants and supervisors)',
        params: IdParams,
        response: { 200: TaskDetailSchema, ...errorResponses },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      const row = await visibleTaskRow(k, ctx, req.params.id);
      return { ...(await taskView(k, ctx, row, ctx.now)), actions: taskLifecycle.availableActions(ctx, row.status) };
    },
  );
  app.get(
    '/api/v1/inspections/tasks/:id/exclusions',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'Targets left out of the frozen population (无事不扰: the yearly cap), with the reason',
        params: IdParams,
        response: { 200: Items(Strict({ uscc: Type.String(), reason: Type.String() })), ...errorResponses },
      },
    },
    async (req) => {
      const row = await visibleTaskRow(k, ctxOf(req), req.params.id);
      const items = await k.db
        .selectFrom('inspections_task_exclusions')
        .select(['uscc', 'reason'])
        .where('task_id', '=', row.id)
        .orderBy('uscc')
        .execute();
      return { items };
    },
  );
  for (const action of ['freeze', 'start', 'publish'] as const) {
    app.post(
      `/api/v1/inspections/tasks/:id/${action}`,
      {
        config: { permission: taskLifecycle.def.actions[action].permission },
        schema: {
          tags,
          summary: taskLifecycle.def.actions[action].label.en,
          params: IdParams,
          body: Move,
          response: { 200: TaskSchema, ...errorResponses },
        },
      },
      async (req) => taskLifecycle.transition(k, ctxOf(req), req.params.id, action, req.body),
    );
  }
  app.get(
    '/api/v1/inspections/tasks/:id/ceremony',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'The draw ceremony as I see it',
        params: IdParams,
        response: { 200: CeremonySchema, ...errorResponses },
      },
    },
    async (req) => ceremonyOf(k, ctxOf(req), req.params.id),
  );
  app.post(
    '/api/v1/inspections/tasks/:id/commitments',
    {
      config: { permission: P.witness },
      schema: {
        tags,
        summary: 'Commit: the SHA-256 of a secret drawn on my own device (the secret stays there until I reveal)',
        params: IdParams,
        body: Strict({ commitment: Type.String({ minLength: 64, maxLength: 64 }) }),
        response: { 200: CeremonySchema, ...errorResponses },
      },
    },
    async (req) => commit(k, ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/inspections/tasks/:id/reveals',
    {
      config: { permission: P.witness },
      schema: {
        tags,
        summary: 'Reveal my secret; a wrong one voids the round, the last correct one makes the draw',
        params: IdParams,
        body: Strict({ secret: Type.String({ minLength: 1, maxLength: 128 }) }),
        response: { 200: CeremonySchema, ...errorResponses },
      },
    },
    async (req) => reveal(k, ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/inspections/tasks/:id/void-round',
    {
      config: { permission: P.witness },
      schema: {
        tags,
        summary: 'Void the current round (a reveal is missing), with a reason',
        params: IdParams,
        body: Strict({ reason: Type.String({ maxLength: 500 }) }),
        response: { 200: CeremonySchema, ...errorResponses },
      },
    },
    async (req) => voidRound(k, ctxOf(req), req.params.id, req.body),
  );
}

function registerVisitRoutes(app: App, k: Kernel): void {
  app.get(
    '/api/v1/inspections/visits',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'Visits in my jurisdiction: of a task, of one kind, or assigned to me',
        querystring: Strict({
          taskId: Type.Optional(Type.String({ maxLength: 64 })),
          kind: Type.Optional(StringEnum(['random', 'targeted'] as const)),
          mine: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Items(VisitSchema), ...errorResponses },
      },
    },
    async (req) => ({ items: await listVisits(k, ctxOf(req), req.query) }),
  );
  app.get(
    '/api/v1/inspections/visits/:id',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'One visit with its results',
        params: IdParams,
        response: { 200: VisitSchema, ...errorResponses },
      },
    },
    async (req) => getVisit(k, ctxOf(req), req.params.id),
  );
  app.post(
    '/api/v1/inspections/visits/:id/results',
    {
      config: { permission: P.record_results },
      schema: {
        tags,
        summary: 'Record (or correct, before publication) one item’s result, with evidence file names',
        params: IdParams,
        body: Strict({
          itemId: Type.String({ minLength: 1, maxLength: 64 }),
          category: StringEnum(RESULT_CATEGORY_CODES),
          evidence: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 20 }),
          note: Type.Optional(Type.String({ maxLength: 1000 })),
          inspectedOn: Type.String({ format: 'date' }),
        }),
        response: { 200: VisitSchema, ...errorResponses },
      },
    },
    async (req) => recordResult(k, ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/inspections/visits/:id/publish',
    {
      config: { permission: P.manage },
      schema: {
        tags,
        summary: 'Publish a visit’s results (late when past its deadline); repeating it changes nothing',
        params: IdParams,
        response: { 200: VisitSchema, ...errorResponses },
      },
    },
    async (req) => publishVisit(k, ctxOf(req), req.params.id),
  );
  app.post(
    '/api/v1/inspections/targeted',
    {
      config: { permission: P.manage },
      schema: {
        tags,
        summary: 'Record a targeted (non-random) inspection with its trigger; kept apart from random ones',
        body: Strict({
          uscc: Type.String({ minLength: 18, maxLength: 18 }),
          trigger: StringEnum(TRIGGERS),
          triggerRef: Type.String({ minLength: 1, maxLength: 200 }),
          itemIds: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 20 }),
          inspectors: Type.Array(Type.String({ maxLength: 64 }), { minItems: 2, maxItems: 10 }),
        }),
        response: { 201: VisitSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createTargeted(k, ctxOf(req), req.body)),
  );
}
