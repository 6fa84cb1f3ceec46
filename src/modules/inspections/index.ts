/**
 * The inspections module (scaffolded by npm run new-module): it declares itself here and is listed in src/modules/list.ts.
 * Other modules use the functions exported below, never its tables.
 */
import type { ModuleDef } from '../module.ts';
import { inspectionsMigrations } from './tables.ts';
import { inspectionsPermissions } from './permissions.ts';
import { inspectionsEvents } from './events.ts';
import { recordLifecycle } from './lifecycle.ts';
import { registerInspectionsRoutes } from './routes.ts';
import { inspectionsSubscribers } from './subscribers.ts';
import { seedInspectionsDemo } from './demo.ts';

export const inspectionsModule: ModuleDef = {
  name: 'inspections',
  migrationBlock: 7,
  migrations: inspectionsMigrations,
  permissions: inspectionsPermissions,
  events: inspectionsEvents,
  lifecycles: [recordLifecycle],
  subscribers: inspectionsSubscribers,
  registerRoutes: registerInspectionsRoutes,
  seedDemo: seedInspectionsDemo,
};

export { createRecord, getRecord, listRecords, type RecordInspections } from './service.ts';
