/**
 * The ratings module (好差评): applicants rate a service once, identity-bound; a 差评 opens a rectification for the
 * handling department; statistics for staff and the public (docs/ratings.md). It imports no module whose subjects it
 * rates: a subject's module offers a rating through `offerRating` (cases: src/modules/cases/ratings-link.ts).
 */
import type { ModuleDef } from '../module.ts';
import { ratingsColumns, ratingsMigrations } from './tables.ts';
import { ratingsPermissions } from './permissions.ts';
import { ratingsEvents } from './events.ts';
import { rectificationLifecycle } from './lifecycle.ts';
import { registerRatingsRoutes } from './routes.ts';
import { seedRatingsDemo } from './demo.ts';
import { ratingsSubscribers } from './subscribers.ts';

export const ratingsModule: ModuleDef = {
  name: 'ratings',
  migrationBlock: 4,
  migrations: ratingsMigrations,
  columns: ratingsColumns,
  permissions: ratingsPermissions,
  events: ratingsEvents,
  lifecycles: [rectificationLifecycle],
  subscribers: ratingsSubscribers,
  registerRoutes: registerRatingsRoutes,
  seedDemo: seedRatingsDemo,
};

export { offerRating, rate, type OfferInput, type RateInput } from './service.ts';
export { isPoor } from './model.ts';
