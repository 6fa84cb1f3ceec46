/**
 * The cases module (办件): applications filed against a pinned published implementation version, their workflow
 * (src/modules/cases/lifecycles.md), deadlines and timeline. Other modules use the functions exported below, never
 * its tables.
 */
import type { ModuleDef } from '../module.ts';
import { casesColumns, casesMigrations } from './tables.ts';
import { casesPermissions } from './permissions.ts';
import { casesEvents } from './events.ts';
import { caseLifecycle } from './lifecycle.ts';
import { stepLifecycle } from './step-lifecycle.ts';
import { registerCasesRoutes } from './routes.ts';
import { seedCasesDemo, CASES_DEMO_ACCOUNTS } from './demo.ts';
import { casesJobs } from './deemed.ts';
import { reformJobs } from './reform.ts';
import { publicityJobs } from './publicity.ts';
import { notifySubscriber } from './notifications.ts';
import { lightJobs } from './lights.ts';
import { casesRatingsLink } from './ratings-link.ts';
import { registerBundleAnywhereRoutes } from './routes-bundles.ts';
import { registerBundleMaterialRoutes } from './routes-bundle-materials.ts';
import { bundleProgress } from './bundle-progress.ts';
import { useSharedDataSource } from './material-source.ts';
import { registrySharedData } from './shared-registry.ts';
import { useDelegationFigures } from '../catalog/index.ts';
import { delegationFiguresFromCases } from './delegation-figures.ts';

export const casesModule: ModuleDef = {
  name: 'cases',
  migrationBlock: 3,
  migrations: casesMigrations,
  columns: casesColumns,
  permissions: casesPermissions,
  events: casesEvents,
  lifecycles: [caseLifecycle, stepLifecycle],
  registerRoutes: (app, k) => {
    // The registry of persons and enterprises is a built-in shared-data source (人口基础信息库 …).
    useSharedDataSource(k, registrySharedData);
    // The catalog's per-county delegation report counts cases through this source (delegation-figures.ts).
    useDelegationFigures(k, delegationFiguresFromCases);
    registerCasesRoutes(app, k);
    registerBundleAnywhereRoutes(app, k);
    registerBundleMaterialRoutes(app, k);
  },
  seedDemo: seedCasesDemo,
  jobs: (k) => ({ ...casesJobs(k), ...reformJobs(k), ...publicityJobs(k), ...lightJobs(k) }),
  subscribers: [notifySubscriber, casesRatingsLink, bundleProgress],
  demoAccounts: CASES_DEMO_ACCOUNTS,
};

export {
  fileCase,
  getCase,
  listCases,
  moveCase,
  caseTimeline,
  ownCaseForm,
  type Case,
  type TimelineEntry,
} from './service.ts';
export { CASE_STATUSES, type CaseStatus } from './model.ts';
export { complaintOf, recordHotlineUpdate, type CaseComplaint } from './complaints.ts';
export { useDocumentSigner, documentSignerOf, type DocumentSigner } from './signer.ts';
export { useResultIssuer, type ResultIssuer, type GrantedResult } from './result-issuer.ts';
export {
  useMaterialSource,
  type MaterialSource,
  type SourceRecord,
  type SourceCheck,
  type SourceApplicant,
  useSharedDataSource,
  type SharedDataSource,
  type SharedDataRecord,
} from './material-source.ts';
export { useNotificationChannels, addCaseMessage, type NotificationChannel } from './notifications.ts';
export { applyForBundle, getBundleApplication, listBundleApplications, type BundleApplication } from './bundles.ts';
export { receiveAnywhere, getAnywhere, anywhereReport, type AnywhereView } from './anywhere.ts';
