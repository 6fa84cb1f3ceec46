/** Bundle routes (一件事一次办): staff define and move bundles; published versions and their guides are public. */
import {
  Type,
  Strict,
  StringEnum,
  Page,
  PageQuery,
  errorResponses,
  ctxOf,
  decodeCursor,
  type App,
} from '../../../kernel/http.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { can, type Ctx } from '../../../kernel/context.ts';
import { replyIdempotent } from '../../../kernel/idempotency.ts';
import { EDIT, READ } from '../access.ts';
import { TRANSITION_PERMISSION, type TransitionAction } from '../lifecycle.ts';
import { IMPLEMENTATION_STATUSES } from '../model.ts';
import { afterOf, page } from '../route-helpers.ts';
import { Region, TransitionBody } from '../schemas.ts';
import {
  createBundle,
  getBundleForCaller,
  getBundleVersion,
  listBundleVersions,
  listBundles,
  updateBundleDraft,
} from './service.ts';
import { transitionBundle } from './lifecycle.ts';
import { bundleGuide } from './guide.ts';
import type { BundleVersion } from './model.ts';
import {
  BundleBody,
  BundleGuideSchema,
  BundleParams,
  BundlePatchBody,
  BundleSchema,
  BundleVersionParams,
  BundleVersionSchema,
} from './schemas.ts';

const tags = ['catalog: bundles'];
const idemHeader = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 200 })) });

const SUMMARY: Record<TransitionAction, string> = {
  submit: 'Submit a draft bundle for review (422 BUNDLE_FORM_CONFLICT while its merged form has conflicts)',
  return: 'Return a submitted bundle to draft',
  publish: 'Publish: freeze a new immutable version (the submitter may not publish; 422 on conflicts)',
  revise: 'Open a draft revision of a published bundle',
  discard: 'Drop a draft revision, back to the published version',
  retire: 'Retire the bundle',
};

/** Published versions shown to callers without catalog:read: no staff account ids. */
const forCaller = (ctx: Ctx, v: BundleVersion): BundleVersion =>
  can(ctx, READ) ? v : { ...v, submittedBy: null, publishedBy: null };

function registerBundleRecords(app: App, k: Kernel): void {
  app.get(
    '/api/v1/catalog/bundles',
    {
      config: { permission: READ },
      schema: {
        tags,
        summary: 'Bundles (一件事) of a region’s subtree — working copies',
        querystring: Strict({
          region: Type.Optional(Region),
          status: Type.Optional(StringEnum(IMPLEMENTATION_STATUSES)),
          lifeEvent: Type.Optional(Type.String({ maxLength: 100 })),
          ...PageQuery,
        }),
        response: { 200: Page(BundleSchema), ...errorResponses },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 20;
      return page(
        await listBundles(k, ctxOf(req), {
          region: req.query.region,
          status: req.query.status,
          lifeEvent: req.query.lifeEvent,
          after: afterOf(req.query.cursor),
          limit,
        }),
        limit,
        (b) => b.id,
      );
    },
  );
  app.post(
    '/api/v1/catalog/bundles',
    {
      config: { permission: EDIT },
      schema: {
        tags,
        summary:
          'Define a draft bundle from published implementation versions; form conflicts are reported in the response',
        headers: idemHeader,
        body: BundleBody,
        response: { 201: BundleSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      return replyIdempotent(k, req, reply, 201, (tx) => createBundle(k, ctxOf(req), req.body, tx));
    },
  );
  app.get(
    '/api/v1/catalog/bundles/:id',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'A bundle: the working copy for staff, the published version for everyone else',
        params: BundleParams,
        response: { 200: BundleSchema, ...errorResponses },
      },
    },
    async (req) => getBundleForCaller(k, ctxOf(req), req.params.id),
  );
  app.patch(
    '/api/v1/catalog/bundles/:id',
    {
      config: { permission: EDIT },
      schema: {
        tags,
        summary: 'Edit a draft bundle (members re-merge the form and materials); needs the current version',
        params: BundleParams,
        body: BundlePatchBody,
        response: { 200: BundleSchema, ...errorResponses },
      },
    },
    async (req) => updateBundleDraft(k, ctxOf(req), req.params.id, req.body),
  );
  for (const action of Object.keys(TRANSITION_PERMISSION) as TransitionAction[]) {
    app.post(
      `/api/v1/catalog/bundles/:id/${action}`,
      {
        config: { permission: TRANSITION_PERMISSION[action] },
        schema: {
          tags,
          summary: SUMMARY[action],
          params: BundleParams,
          body: TransitionBody,
          response: { 200: BundleSchema, ...errorResponses },
        },
      },
      async (req) => transitionBundle(k, ctxOf(req), req.params.id, action, req.body),
    );
  }
}

function registerBundleVersions(app: App, k: Kernel): void {
  app.get(
    '/api/v1/catalog/bundles/:id/versions',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'Published versions of a bundle, newest first (public record)',
        params: BundleParams,
        querystring: Strict({ ...PageQuery }),
        response: { 200: Page(BundleVersionSchema), ...errorResponses },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 20;
      const c = decodeCursor(req.query.cursor);
      const rows = await listBundleVersions(k, req.params.id, {
        before: c && typeof c[0] === 'number' ? c[0] : null,
        limit,
      });
      return page(
        rows.map((v) => forCaller(ctxOf(req), v)),
        limit,
        (v) => v.version,
      );
    },
  );
  app.get(
    '/api/v1/catalog/bundles/:id/versions/:version',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'One published version of a bundle; its content never changes',
        params: BundleVersionParams,
        response: { 200: BundleVersionSchema, ...errorResponses },
      },
    },
    async (req) => forCaller(ctxOf(req), await getBundleVersion(k, req.params.id, req.params.version)),
  );
  app.get(
    '/api/v1/catalog/bundles/:id/guide',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary:
          'The bundle guide (一件事办事指南) of a published version: stages, one form, one material list, each member’s guide',
        params: BundleParams,
        querystring: Strict({
          version: Type.Optional(
            Type.Integer({ minimum: 1, description: 'A published version; the newest when absent' }),
          ),
        }),
        response: { 200: BundleGuideSchema, ...errorResponses },
      },
    },
    async (req) => bundleGuide(k, req.params.id, req.query.version),
  );
}

export function registerBundleRoutes(app: App, k: Kernel): void {
  registerBundleRecords(app, k);
  registerBundleVersions(app, k);
}
