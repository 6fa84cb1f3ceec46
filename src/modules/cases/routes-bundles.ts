/** Routes for bundles applied for (一件事一次办) and handle-anywhere (全省通办 / 跨省通办): thin, as routes.ts. */
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
import { casesPermissions as P } from './permissions.ts';
import { CaseSchema } from './routes.ts';
import {
  BUNDLE_STATUSES,
  bundleOffers,
  MEMBER_RESULTS,
  applyForBundle,
  getBundleApplication,
  listBundleApplications,
  withdrawBundleApplication,
} from './bundles.ts';
import { ANYWHERE_MODES, DELIVERY_PLACES, anywhereReport, getAnywhere, receiveAnywhere } from './anywhere.ts';
import { LIGHTS } from './model.ts';

const tags = ['cases'];
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Region = Type.String({ pattern: '^\\d{6}$' });
const Named = Strict({ code: Type.String(), name: Type.String() });
const FormBody = Type.Record(Type.String(), Type.Unknown(), {
  description: 'The form, as its JSON Schema describes it',
});
const ApplicantRef = Type.Union([Strict({ personId: Id }), Strict({ enterpriseId: Id })]);

const BundleApplicationSchema = Strict(
  {
    id: Type.String(),
    number: Type.String({ description: 'Bundle application number: <region>-<yyyymmdd>-Y<4-digit sequence>' }),
    version: Type.Integer(),
    bundle: Strict({ id: Type.String(), version: Type.Integer(), code: Type.String(), name: Type.String() }),
    region: Type.String(),
    regionName: Type.String(),
    applicant: Strict({ kind: StringEnum(['person', 'enterprise'] as const), name: Type.String() }),
    channel: Type.String(),
    window: Nullable(Type.String()),
    status: StringEnum(BUNDLE_STATUSES, { description: 'Rolled up from the members’ results' }),
    members: Type.Array(
      Strict({
        key: Type.String(),
        itemName: Type.String(),
        stage: Type.Integer(),
        dependsOn: Type.Array(Type.String()),
        case: Strict({
          id: Type.String(),
          number: Type.String(),
          status: Type.String(),
          version: Type.Integer(),
          region: Type.String(),
          regionName: Type.String(),
          department: Named,
        }),
        result: StringEnum(MEMBER_RESULTS),
        reason: Nullable(Type.String()),
        legalBasis: Nullable(Type.String()),
      }),
    ),
    notice: Nullable(
      Strict({
        issuedAt: Type.String(),
        outcome: StringEnum(BUNDLE_STATUSES),
        text: Strict({ zh: Type.String(), en: Type.String() }),
        items: Type.Array(
          Strict({
            key: Type.String(),
            itemName: Type.String(),
            department: Type.String(),
            result: StringEnum(MEMBER_RESULTS),
            reason: Nullable(Type.String()),
          }),
        ),
      }),
    ),
    submittedAt: Type.String(),
    concludedAt: Nullable(Type.String()),
  },
  { $id: 'BundleApplication' },
);

const AnywhereSchema = Strict({
  caseId: Type.String(),
  mode: StringEnum(ANYWHERE_MODES),
  groupId: Nullable(Type.String()),
  acceptingRegion: Named,
  acceptingWindow: Type.String(),
  competentRegion: Named,
  delivery: StringEnum(DELIVERY_PLACES),
  parts: Type.Array(
    Strict({
      region: Named,
      department: Named,
      task: Type.String(),
      step: Nullable(
        Strict({
          id: Type.String(),
          status: Type.String(),
          opinion: Nullable(Type.String()),
          doneAt: Nullable(Type.String()),
        }),
      ),
    }),
    { description: '多地联办: each other body’s part and its step (null until the lead body accepts)' },
  ),
  forward: Strict({
    limitDays: Type.Integer(),
    dueDate: Nullable(Type.String()),
    dueAt: Nullable(Type.String()),
    forwardedAt: Nullable(Type.String()),
    onTime: Nullable(Type.Boolean()),
    workingDaysLeft: Nullable(Type.Integer()),
    light: Nullable(StringEnum(LIGHTS)),
  }),
});

export function registerBundleAnywhereRoutes(app: App, k: Kernel): void {
  app.get(
    '/api/v1/cases/bundle-offers',
    {
      config: { permission: P.file },
      schema: {
        tags,
        summary: 'The published bundles (一件事) one may apply for now, each at its version in force',
        response: {
          200: Strict({
            items: Type.Array(
              Strict({
                bundleId: Type.String(),
                version: Type.Integer(),
                code: Type.String(),
                name: Type.String(),
                lifeEvent: Type.String(),
                region: Type.String(),
                regionName: Type.String(),
                memberCount: Type.Integer(),
                promisedDays: Type.Integer(),
                members: Type.Array(Type.String()),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await bundleOffers(k, ctxOf(req)) }),
  );
  app.post(
    '/api/v1/cases/bundle-applications',
    {
      config: { permission: P.file },
      schema: {
        tags,
        summary: 'Apply for a published bundle (一件事): one form, one case per member',
        description:
          'Refused with 409 BUNDLE_DRIFTED when a member was republished since the bundle version; Idempotency-Key supported.',
        body: Strict({
          bundleId: Id,
          version: Type.Integer({ minimum: 1 }),
          region: Region,
          form: FormBody,
          applicant: Type.Optional(Nullable(ApplicantRef)),
          window: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
          channel: Type.Optional(StringEnum(['online', 'mobile'] as const)),
        }),
        response: { 201: BundleApplicationSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      return replyIdempotent(k, req, reply, 201, (tx) => applyForBundle(k, ctxOf(req), req.body, tx), TAKES_NUMBER);
    },
  );
  app.get(
    '/api/v1/cases/bundle-applications',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'Bundle applications: an applicant’s own, or those made in a staff member’s jurisdiction',
        querystring: Strict({ ...PageQuery }),
        response: { 200: Page(BundleApplicationSchema), ...errorResponses },
      },
    },
    async (req) => {
      const limit = Math.min(req.query.limit ?? 20, 50);
      const items = await listBundleApplications(k, ctxOf(req), { limit, before: req.query.cursor ?? null });
      return { items, nextCursor: items.length === limit ? items[items.length - 1].id : null };
    },
  );
  app.get(
    '/api/v1/cases/bundle-applications/:id',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'One bundle application with each member’s case, result and the combined notice',
        params: Strict({ id: Id }),
        response: { 200: BundleApplicationSchema, ...errorResponses },
      },
    },
    async (req) => getBundleApplication(k, ctxOf(req), req.params.id),
  );
  app.post(
    '/api/v1/cases/bundle-applications/:id/withdraw',
    {
      config: { permission: P.withdraw },
      schema: {
        tags,
        summary: 'Withdraw a bundle application: every member not yet decided is withdrawn',
        params: Strict({ id: Id }),
        body: Strict({ reason: Type.String({ minLength: 1, maxLength: 500 }) }),
        response: { 200: BundleApplicationSchema, ...errorResponses },
      },
    },
    async (req) => withdrawBundleApplication(k, ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/cases/anywhere',
    {
      config: { permission: P.forward },
      schema: {
        tags,
        summary: 'Take an application at this window for another region’s competent body (代收代办 / 多地联办)',
        description: 'Idempotency-Key supported.',
        body: Strict({
          itemId: Id,
          mode: StringEnum(ANYWHERE_MODES),
          competentRegions: Type.Array(Region, {
            minItems: 1,
            maxItems: 10,
            description: 'The competent body’s region (one; for joint, the lead body that accepts and decides)',
          }),
          parts: Type.Optional(
            Type.Array(Strict({ region: Region, task: Type.String({ minLength: 1, maxLength: 100 }) }), {
              maxItems: 5,
              description: '多地联办 only: each other body’s region and the part it does',
            }),
          ),
          form: FormBody,
          applicant: ApplicantRef,
          window: Type.String({ minLength: 1, maxLength: 100 }),
          delivery: StringEnum(DELIVERY_PLACES),
        }),
        response: {
          201: Strict({
            mode: StringEnum(ANYWHERE_MODES),
            groupId: Nullable(Type.String()),
            cases: Type.Array(CaseSchema),
          }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      return replyIdempotent(k, req, reply, 201, (tx) => receiveAnywhere(k, ctxOf(req), req.body, tx), TAKES_NUMBER);
    },
  );
  app.get(
    '/api/v1/cases/anywhere/report',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'Handle-anywhere cases by accepting and competent region and mode',
        response: {
          200: Strict({
            items: Type.Array(
              Strict({
                acceptingRegion: Named,
                competentRegion: Named,
                mode: StringEnum(ANYWHERE_MODES),
                side: StringEnum(['lead', 'part'] as const),
                cases: Type.Integer(),
                forwarded: Type.Integer(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await anywhereReport(k, ctxOf(req)) }),
  );
  app.get(
    '/api/v1/cases/:id/anywhere',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'A handle-anywhere case’s accepting and competent sides, forwarding and delivery',
        params: Strict({ id: Id }),
        response: { 200: AnywhereSchema, ...errorResponses },
      },
    },
    async (req) => getAnywhere(k, ctxOf(req), req.params.id),
  );
}
