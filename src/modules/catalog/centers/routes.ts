/** Service-center routes: centers, halls, windows and negative lists are public to read; managing them needs catalog:centers. */
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
import { replyIdempotent } from '../../../kernel/idempotency.ts';
import { READ } from '../access.ts';
import { afterOf, page } from '../route-helpers.ts';
import { Region } from '../schemas.ts';
import * as svc from './service.ts';
import { addNegativeListEntry, listNegativeList, removeNegativeListEntry } from './negative-list.ts';
import { availability, unavailableReport } from './availability.ts';
import { CENTERS, CENTER_STATUSES, ENTRY_STATUSES } from './model.ts';
import {
  AvailabilityRowSchema,
  CenterBody,
  CenterParams,
  CenterPatchBody,
  CenterSchema,
  EntryBody,
  EntryParams,
  EntryResultSchema,
  EntrySchema,
  HallBody,
  HallParams,
  HallPatchBody,
  UnavailableRowSchema,
  WindowBody,
  WindowParams,
  WindowPatchBody,
} from './schemas.ts';

const tags = ['catalog: service centers'];
const idemHeader = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 200 })) });

function registerCenters(app: App, k: Kernel): void {
  app.get(
    '/api/v1/catalog/centers',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'Service centers (政务服务中心) of a region’s subtree, with halls and windows (public)',
        querystring: Strict({
          region: Type.Optional(Region),
          status: Type.Optional(StringEnum(CENTER_STATUSES)),
          ...PageQuery,
        }),
        response: { 200: Page(CenterSchema), ...errorResponses },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 20;
      return page(
        await svc.listCenters(k, {
          region: req.query.region,
          status: req.query.status,
          after: afterOf(req.query.cursor),
          limit,
        }),
        limit,
        (c) => c.id,
      );
    },
  );
  app.post(
    '/api/v1/catalog/centers',
    {
      config: { permission: CENTERS },
      schema: {
        tags,
        summary: 'Create a service center in a region',
        headers: idemHeader,
        body: CenterBody,
        response: { 201: CenterSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      return replyIdempotent(k, req, reply, 201, (tx) => svc.createCenter(k, ctxOf(req), req.body, tx));
    },
  );
  app.get(
    '/api/v1/catalog/centers/:id',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'One service center with its halls and windows (public)',
        params: CenterParams,
        response: { 200: CenterSchema, ...errorResponses },
      },
    },
    async (req) => svc.getCenter(k, req.params.id),
  );
  app.patch(
    '/api/v1/catalog/centers/:id',
    {
      config: { permission: CENTERS },
      schema: {
        tags,
        summary: 'Change a center (name, address, hours, phone, open/closed); needs the current version',
        params: CenterParams,
        body: CenterPatchBody,
        response: { 200: CenterSchema, ...errorResponses },
      },
    },
    async (req) => svc.updateCenter(k, ctxOf(req), req.params.id, req.body),
  );
}

function registerHallsAndWindows(app: App, k: Kernel): void {
  app.post(
    '/api/v1/catalog/centers/:id/halls',
    {
      config: { permission: CENTERS },
      schema: {
        tags,
        summary: 'Add a hall to a center',
        params: CenterParams,
        headers: idemHeader,
        body: HallBody,
        response: { 201: CenterSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      return replyIdempotent(k, req, reply, 201, (tx) => svc.addHall(k, ctxOf(req), req.params.id, req.body, tx));
    },
  );
  app.patch(
    '/api/v1/catalog/centers/:id/halls/:hallId',
    {
      config: { permission: CENTERS },
      schema: {
        tags,
        summary: 'Change a hall',
        params: HallParams,
        body: HallPatchBody,
        response: { 200: CenterSchema, ...errorResponses },
      },
    },
    async (req) => svc.updateHall(k, ctxOf(req), req.params.id, req.params.hallId, req.body),
  );
  app.post(
    '/api/v1/catalog/centers/:id/windows',
    {
      config: { permission: CENTERS },
      schema: {
        tags,
        summary: 'Add a window (综合 / 一件事 / 办不成事 / 专业) to a hall',
        params: CenterParams,
        headers: idemHeader,
        body: WindowBody,
        response: { 201: CenterSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      return replyIdempotent(k, req, reply, 201, (tx) => svc.addWindow(k, ctxOf(req), req.params.id, req.body, tx));
    },
  );
  app.patch(
    '/api/v1/catalog/centers/:id/windows/:windowId',
    {
      config: { permission: CENTERS },
      schema: {
        tags,
        summary: 'Change a window: hall, name, type, departments served, open/closed',
        params: WindowParams,
        body: WindowPatchBody,
        response: { 200: CenterSchema, ...errorResponses },
      },
    },
    async (req) => svc.updateWindow(k, ctxOf(req), req.params.id, req.params.windowId, req.body),
  );
}

function registerNegativeList(app: App, k: Kernel): void {
  app.get(
    '/api/v1/catalog/centers/:id/negative-list',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'A center’s negative list (进驻事项负面清单), public; all entries, or those of one status',
        params: CenterParams,
        querystring: Strict({ status: Type.Optional(StringEnum(ENTRY_STATUSES)) }),
        response: { 200: Strict({ items: Type.Array(EntrySchema), nextCursor: Type.Null() }), ...errorResponses },
      },
    },
    async (req) => ({
      items: await listNegativeList(k, req.params.id, { status: req.query.status }),
      nextCursor: null,
    }),
  );
  app.post(
    '/api/v1/catalog/centers/:id/negative-list',
    {
      config: { permission: CENTERS },
      schema: {
        tags,
        summary:
          'Put an implementation (of the center’s region) or a whole item on the negative list, with reason and approval',
        params: CenterParams,
        headers: idemHeader,
        body: EntryBody,
        response: { 201: EntryResultSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      return replyIdempotent(k, req, reply, 201, (tx) =>
        addNegativeListEntry(k, ctxOf(req), req.params.id, req.body, tx),
      );
    },
  );
  app.post(
    '/api/v1/catalog/centers/:id/negative-list/:entryId/remove',
    {
      config: { permission: CENTERS },
      schema: {
        tags,
        summary: 'Take an entry off the negative list (kept with its removal reason)',
        params: EntryParams,
        body: Strict({ version: Type.Integer({ minimum: 1 }), reason: Type.String({ minLength: 1, maxLength: 500 }) }),
        response: { 200: EntryResultSchema, ...errorResponses },
      },
    },
    async (req) => removeNegativeListEntry(k, ctxOf(req), req.params.id, req.params.entryId, req.body),
  );
}

function registerAvailability(app: App, k: Kernel): void {
  app.get(
    '/api/v1/catalog/availability',
    {
      config: { permission: READ },
      schema: {
        tags,
        summary:
          'For each published implementation of a region’s subtree: the centers hosting it and whether it is fully online',
        querystring: Strict({ region: Region, ...PageQuery }),
        response: { 200: Page(AvailabilityRowSchema), ...errorResponses },
      },
    },
    async (req) => {
      const r = await availability(k, req.query.region, {
        after: afterOf(req.query.cursor),
        limit: req.query.limit ?? 20,
      });
      return { items: r.items, nextCursor: r.last ? encodeCursor([r.last]) : null };
    },
  );
  app.get(
    '/api/v1/catalog/reports/unavailable',
    {
      config: { permission: READ },
      schema: {
        tags,
        summary: 'Published implementations available at no center and not fully online',
        querystring: Strict({ region: Region, ...PageQuery }),
        response: { 200: Page(UnavailableRowSchema), ...errorResponses },
      },
    },
    async (req) => {
      const r = await unavailableReport(k, ctxOf(req), {
        region: req.query.region,
        after: afterOf(req.query.cursor),
        limit: req.query.limit ?? 20,
      });
      return { items: r.items, nextCursor: r.last ? encodeCursor([r.last]) : null };
    },
  );
}

export function registerCenterRoutes(app: App, k: Kernel): void {
  registerCenters(app, k);
  registerHallsAndWindows(app, k);
  registerNegativeList(app, k);
  registerAvailability(app, k);
}
