import { findDepartment } from './service.ts';
import type { ModuleDef } from '../module.ts';
import { registryColumns, registryIndexMigrations, registryMigrations } from './tables.ts';
import { relationMigrations } from './relations.ts';
import { agentMigrations, agentFor } from './agents.ts';
import { registerRegistryRoutes, registerRelationRoutes, registerSelfRoutes, registerAgentRoutes } from './routes.ts';
import { seedRegistryDemo, DEMO_ACCOUNTS } from './demo.ts';
import { registryPermissions } from './permissions.ts';
import { registryEvents } from './events.ts';

export const registryModule: ModuleDef = {
  name: 'registry',
  migrationBlock: 1,
  permissions: registryPermissions,
  events: registryEvents,
  demoAccounts: DEMO_ACCOUNTS,
  migrations: [...registryMigrations, ...relationMigrations, ...agentMigrations, ...registryIndexMigrations],
  columns: registryColumns,
  resolveOnBehalfOf: agentFor,
  departmentName: async (k, code) => (await findDepartment(k, code))?.name ?? null,
  registerRoutes(app, k) {
    registerRegistryRoutes(app, k);
    registerRelationRoutes(app, k);
    registerSelfRoutes(app, k);
    registerAgentRoutes(app, k);
  },
  seedDemo: seedRegistryDemo,
};

export * from './service.ts';
export { conflictsOf, enterpriseConflictsOf, declareRelation, type Relation } from './relations.ts';
