/** Search, browse and life-event routes: thin — schema in, one service call, schema out. Search and browse are public. */
import { ctxOf, decodeCursor, encodeCursor, errorResponses, type App } from '../../../kernel/http.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { invalid } from '../../../kernel/errors.ts';
import { EDIT, PUBLISH, READ } from '../access.ts';
import { IdParams } from '../schemas.ts';
import { browseDepartments, browseItemTypes, browseLifeEvents, searchImplementations } from './search.ts';
import { reindexAll } from './indexer.ts';
import { getItemLifeEvents, setItemLifeEvents } from './tags.ts';
import {
  DepartmentCounts,
  ItemLifeEventsSchema,
  ItemTypeCounts,
  LifeEventCounts,
  LifeEventsBody,
  RegionQuery,
  ReindexBody,
  ReindexResultSchema,
  SearchPageSchema,
  SearchQuerySchema,
} from './schemas.ts';

const tags = ['catalog'];

/** A search cursor is `[step, key]`; anything else is a 400 on `query.cursor`. */
function afterOf(cursor: string | undefined): { step: number; key: number } | null {
  const c = decodeCursor(cursor);
  if (c === null) return null;
  if (c.length !== 2 || !Number.isInteger(c[0]) || !Number.isSafeInteger(c[1]))
    throw invalid('query.cursor', 'CURSOR_INVALID', '分页游标无效', 'The page cursor is not valid');
  return { step: c[0] as number, key: c[1] as number };
}

function registerSearch(app: App, k: Kernel): void {
  app.get(
    '/api/v1/catalog/search',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary:
          'Search published implementations that apply in a region (the region and its parents), ranked; 示例 items are marked',
        querystring: SearchQuerySchema,
        response: { 200: SearchPageSchema, ...errorResponses },
      },
    },
    async (req) => {
      const { cursor, limit, ...query } = req.query;
      const page = await searchImplementations(k, ctxOf(req), { ...query, after: afterOf(cursor), limit: limit ?? 20 });
      return {
        items: page.items,
        nextCursor: page.next ? encodeCursor([page.next.step, page.next.key]) : null,
        words: page.words,
        interpretedAs: page.interpretedAs,
      };
    },
  );

  app.post(
    '/api/v1/catalog/search/reindex',
    {
      config: { permission: PUBLISH },
      schema: {
        tags,
        summary: "Rebuild the search index of a region's subtree (default: your region)",
        body: ReindexBody,
        response: { 200: ReindexResultSchema, ...errorResponses },
      },
    },
    async (req) => reindexAll(k, ctxOf(req), req.body ?? {}),
  );
}

function registerBrowse(app: App, k: Kernel): void {
  const schema = (summary: string, response: object) => ({
    tags,
    summary,
    querystring: RegionQuery,
    response: { 200: response, ...errorResponses },
  });
  app.get(
    '/api/v1/catalog/browse/departments',
    {
      config: { permission: 'public' },
      schema: schema('Departments with implementations that apply in a region, with counts', DepartmentCounts),
    },
    async (req) => ({ items: await browseDepartments(k, ctxOf(req), req.query.region), nextCursor: null }),
  );
  app.get(
    '/api/v1/catalog/browse/life-events',
    {
      config: { permission: 'public' },
      schema: schema('Life events (一件事) with counts of implementations that apply in a region', LifeEventCounts),
    },
    async (req) => ({ items: await browseLifeEvents(k, ctxOf(req), req.query.region), nextCursor: null }),
  );
  app.get(
    '/api/v1/catalog/browse/item-types',
    {
      config: { permission: 'public' },
      schema: schema('Item types with counts of implementations that apply in a region', ItemTypeCounts),
    },
    async (req) => ({ items: await browseItemTypes(k, ctxOf(req), req.query.region), nextCursor: null }),
  );
}

function registerLifeEventTags(app: App, k: Kernel): void {
  app.get(
    '/api/v1/catalog/items/:id/life-events',
    {
      config: { permission: READ },
      schema: {
        tags,
        summary: "An item's life-event tags and their version",
        params: IdParams,
        response: { 200: ItemLifeEventsSchema, ...errorResponses },
      },
    },
    async (req) => getItemLifeEvents(k, ctxOf(req), req.params.id),
  );
  app.put(
    '/api/v1/catalog/items/:id/life-events',
    {
      config: { permission: EDIT },
      schema: {
        tags,
        summary: "Replace an item's life-event tags (needs the version read); re-indexes its implementations",
        params: IdParams,
        body: LifeEventsBody,
        response: { 200: ItemLifeEventsSchema, ...errorResponses },
      },
    },
    async (req) => setItemLifeEvents(k, ctxOf(req), req.params.id, req.body),
  );
}

/** Registers the search, browse and life-event routes. */
export function registerSearchRoutes(app: App, k: Kernel): void {
  registerSearch(app, k);
  registerBrowse(app, k);
  registerLifeEventTags(app, k);
}
