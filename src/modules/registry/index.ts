import type { ModuleDef } from '../module.ts';
import { registryMigrations } from './tables.ts';
import { relationMigrations } from './relations.ts';
import { registerRegistryRoutes, registerRelationRoutes, registerSelfRoutes } from './routes.ts';
import { seedRegistryDemo } from './demo.ts';

export const registryModule: ModuleDef = {
  name: 'registry',
  migrations: [...registryMigrations, ...relationMigrations],
  registerRoutes(app, k) {
    registerRegistryRoutes(app, k);
    registerRelationRoutes(app, k);
    registerSelfRoutes(app, k);
  },
  seedDemo: seedRegistryDemo,
};

export * from './service.ts';
export { conflictsOf, type Relation } from './relations.ts';
