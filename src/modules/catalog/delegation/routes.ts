/** Delegation routes (放权赋能): deciding and rolling back needs catalog:publish; the competent body is public. */
import {
  Type,
  Strict,
  StringEnum,
  Page,
  PageQuery,
  errorResponses,
  ctxOf,
  encodeCursor,
  type App,
} from '../../../kernel/http.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { AppError } from '../../../kernel/errors.ts';
import { replyIdempotent } from '../../../kernel/idempotency.ts';
import { PUBLISH, READ } from '../access.ts';
import { afterOf, page } from '../route-helpers.ts';
import { Region } from '../schemas.ts';
import {
  DELEGATION_STATUSES,
  createDelegation,
  getDelegation,
  listDelegations,
  rollbackDelegation,
} from './service.ts';
import { competentBodyFor } from './competent-body.ts';
import { delegationReport } from './report.ts';
import {
  CompetentBodySchema,
  DelegationBody,
  DelegationParams,
  DelegationSchema,
  ReportRowSchema,
  RollbackBody,
} from './schemas.ts';

const tags = ['catalog: delegation'];
const idemHeader = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 200 })) });

export function registerDelegationRoutes(app: App, k: Kernel): void {
  app.get(
    '/api/v1/catalog/delegations',
    {
      config: { permission: READ },
      schema: {
        tags,
        summary: 'Delegation history, newest first: active and rolled back, by item or by region',
        querystring: Strict({
          itemId: Type.Optional(Type.String({ maxLength: 64 })),
          region: Type.Optional(Region),
          status: Type.Optional(StringEnum(DELEGATION_STATUSES)),
          ...PageQuery,
        }),
        response: { 200: Page(DelegationSchema), ...errorResponses },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 20;
      const rows = await listDelegations(k, ctxOf(req), {
        itemId: req.query.itemId,
        region: req.query.region,
        status: req.query.status,
        before: afterOf(req.query.cursor),
        limit,
      });
      return page(rows, limit, (r) => r.id);
    },
  );
  app.post(
    '/api/v1/catalog/delegations',
    {
      config: { permission: PUBLISH },
      schema: {
        tags,
        summary: 'Delegate an item’s handling to listed counties from an effective date (not in the past)',
        headers: idemHeader,
        body: DelegationBody,
        response: { 201: DelegationSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      return replyIdempotent(k, req, reply, 201, (tx) => createDelegation(k, ctxOf(req), req.body, tx));
    },
  );
  app.get(
    '/api/v1/catalog/delegations/:id',
    {
      config: { permission: READ },
      schema: {
        tags,
        summary: 'One delegation',
        params: DelegationParams,
        response: { 200: DelegationSchema, ...errorResponses },
      },
    },
    async (req) => getDelegation(k, ctxOf(req), req.params.id),
  );
  app.post(
    '/api/v1/catalog/delegations/:id/rollback',
    {
      config: { permission: PUBLISH },
      schema: {
        tags,
        summary: 'Roll a delegation back from now on (cases already filed stay where they were filed)',
        params: DelegationParams,
        body: RollbackBody,
        response: { 200: DelegationSchema, ...errorResponses },
      },
    },
    async (req) => rollbackDelegation(k, ctxOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/v1/catalog/competent-body',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary:
          'The body competent for an application filed at `at` (default now), honouring delegations by effective date; 409 with the applicability code when none',
        querystring: Strict({
          itemId: Type.String({ minLength: 1, maxLength: 64 }),
          region: Region,
          at: Type.Optional(Type.String({ format: 'date-time' })),
        }),
        response: { 200: CompetentBodySchema, ...errorResponses },
      },
    },
    async (req) => {
      const r = await competentBodyFor(k, {
        itemId: req.query.itemId,
        region: req.query.region,
        at: req.query.at ? new Date(req.query.at) : ctxOf(req).now,
      });
      if (r.ok) return r.body;
      throw new AppError({ code: r.code, status: 409, zh: r.zh, en: r.en, details: { delegationId: r.delegationId } });
    },
  );
  app.get(
    '/api/v1/catalog/reports/delegations',
    {
      config: { permission: READ },
      schema: {
        tags,
        summary:
          'Per-county report of delegated items, with the cases filed under each delegation and their on-time rate as the cases module counts them (metricsStatus from_cases; without a cases module null, no_cases_module)',
        querystring: Strict({ region: Type.Optional(Region), ...PageQuery }),
        response: { 200: Page(ReportRowSchema), ...errorResponses },
      },
    },
    async (req) => {
      const r = await delegationReport(k, ctxOf(req), {
        region: req.query.region,
        after: afterOf(req.query.cursor),
        limit: req.query.limit ?? 20,
      });
      return { items: r.items, nextCursor: r.last ? encodeCursor([r.last]) : null };
    },
  );
}
