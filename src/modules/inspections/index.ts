/**
 * The inspections module (双随机、一公开): inspection items and plans, the target and inspector directories, tasks
 * frozen and drawn by a commit/reveal ceremony anyone can re-run (./draw, docs/draw-spec.md), results and their
 * publication. Other modules use the functions exported below, never its tables.
 */
import type { ModuleDef } from '../module.ts';
import { inspectionsColumns, inspectionsMigrations } from './tables.ts';
import { inspectionsPermissions } from './permissions.ts';
import { inspectionsEvents } from './events.ts';
import { taskLifecycle } from './lifecycle.ts';
import { registerInspectionsRoutes } from './routes.ts';
import { inspectionsSubscribers } from './subscribers.ts';
import { seedInspectionsDemo } from './demo.ts';
import { resultJobs } from './results.ts';
import { verifyDrawRecords } from './verify-stored.ts';
import './limits.ts';

export const inspectionsModule: ModuleDef = {
  name: 'inspections',
  migrationBlock: 7,
  migrations: inspectionsMigrations,
  columns: inspectionsColumns,
  permissions: inspectionsPermissions,
  events: inspectionsEvents,
  lifecycles: [taskLifecycle],
  subscribers: inspectionsSubscribers,
  registerRoutes: registerInspectionsRoutes,
  seedDemo: seedInspectionsDemo,
  verifyStored: verifyDrawRecords,
  jobs: (k) => resultJobs(k),
};

export { statistics, publicResults } from './publicity.ts';
export { RESULT_CATEGORIES, PROBLEM_CATEGORIES, type ResultCategory } from './model.ts';
