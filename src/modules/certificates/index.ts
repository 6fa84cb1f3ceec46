/**
 * The certificates module (scaffolded by npm run new-module): it declares itself here and is listed in src/modules/list.ts.
 * Other modules use the functions exported below, never its tables.
 */
import type { ModuleDef } from '../module.ts';
import { certificatesMigrations } from './tables.ts';
import { certificatesPermissions } from './permissions.ts';
import { certificatesEvents } from './events.ts';
import { recordLifecycle } from './lifecycle.ts';
import { registerCertificatesRoutes } from './routes.ts';
import { certificatesSubscribers } from './subscribers.ts';
import { seedCertificatesDemo } from './demo.ts';

export const certificatesModule: ModuleDef = {
  name: 'certificates',
  migrationBlock: 5,
  migrations: certificatesMigrations,
  permissions: certificatesPermissions,
  events: certificatesEvents,
  lifecycles: [recordLifecycle],
  subscribers: certificatesSubscribers,
  registerRoutes: registerCertificatesRoutes,
  seedDemo: seedCertificatesDemo,
};

export { createRecord, getRecord, listRecords, type RecordCertificates } from './service.ts';
