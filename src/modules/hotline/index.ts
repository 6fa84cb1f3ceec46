/**
 * The hotline module (scaffolded by npm run new-module): it declares itself here and is listed in src/modules/list.ts.
 * Other modules use the functions exported below, never its tables.
 */
import type { ModuleDef } from '../module.ts';
import { hotlineMigrations } from './tables.ts';
import { hotlinePermissions } from './permissions.ts';
import { hotlineEvents } from './events.ts';
import { recordLifecycle } from './lifecycle.ts';
import { registerHotlineRoutes } from './routes.ts';
import { hotlineSubscribers } from './subscribers.ts';
import { seedHotlineDemo } from './demo.ts';
import { classifierMigrations, classifierPermissions, registerClassifierRoutes } from './classifier/index.ts';

export const hotlineModule: ModuleDef = {
  name: 'hotline',
  migrationBlock: 6,
  migrations: [...hotlineMigrations, ...classifierMigrations],
  permissions: { module: 'hotline', list: [...hotlinePermissions.list, ...classifierPermissions.list] },
  events: hotlineEvents,
  lifecycles: [recordLifecycle],
  subscribers: hotlineSubscribers,
  registerRoutes: (app, k) => {
    registerHotlineRoutes(app, k);
    registerClassifierRoutes(app, k);
  },
  seedDemo: seedHotlineDemo,
};

export { createRecord, getRecord, listRecords, type RecordHotline } from './service.ts';
export {
  suggestRouting,
  recordSuggestion,
  confirmRouting,
  retrainFromConfirmed,
  trainClassifier,
  importTrainingSet,
  parseMapping,
  productionAccuracy,
  type RoutingSuggestion,
  type ConfirmedTicket,
  type TrainOutcome,
  type ImportReport,
} from './classifier/index.ts';
