/** Catalog search and browse: what the catalog module exports of it. */
export { searchMigrations, type SearchIndexTable } from './tables.ts';
export { registerSearchRoutes } from './routes.ts';
export { seedSearchDemo } from './demo.ts';
export {
  searchJobs,
  reindexImplementation,
  reindexItem,
  reindexAll,
  buildIndexRow,
  allocateSeqs,
  REINDEX_JOB,
  type IndexSource,
  type ReindexResult,
} from './indexer.ts';
export {
  searchImplementations,
  browseDepartments,
  browseItemTypes,
  browseLifeEvents,
  type SearchQuery,
  type SearchHit,
  type SearchPage,
} from './search.ts';
export { LIFE_EVENTS, LIFE_EVENT_KEYS, type LifeEvent } from './life-events.ts';
export { getItemLifeEvents, setItemLifeEvents, type ItemLifeEvents } from './tags.ts';
export { segment, queryWords } from './segment.ts';
