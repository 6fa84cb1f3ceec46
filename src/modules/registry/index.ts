import type { ModuleDef } from '../module.ts';
import { registryMigrations } from './tables.ts';
import { registerRegistryRoutes } from './routes.ts';
import { seedRegistryDemo } from './demo.ts';

export const registryModule: ModuleDef = {
  name: 'registry',
  migrations: registryMigrations,
  registerRoutes: registerRegistryRoutes,
  seedDemo: seedRegistryDemo,
};

export * from './service.ts';
