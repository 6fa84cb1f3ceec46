/**
 * The catalog module (放: service-item standardization): catalog items, implementation lists with their lifecycle
 * and published versions, applicability, derivation and drift, the checker and the completeness rubric.
 * Other modules use the functions exported here, never the catalog's tables.
 */
import type { ModuleDef } from '../module.ts';
import { catalogPermissions } from './permissions.ts';
import { catalogEvents } from './events.ts';
import { implementationLifecycle } from './lifecycle.ts';
import { bundleLifecycle } from './bundles/lifecycle.ts';
import { catalogColumns, catalogMigrations } from './tables.ts';
import { registerCatalogRoutes } from './routes.ts';
import { registerGuideRoutes } from './guide/routes.ts';
import { guideFirstPaintPage } from './guide/first-paint.ts';
import { seedCatalogDemo, seedGuangAnDemo, seedHenanDemo } from './demo.ts';
import { importMigrations } from './import/tables.ts';
import { registerImportRoutes } from './import/routes.ts';
import { centerMigrations, registerCenterRoutes } from './centers/index.ts';
import { seedCenterDemo } from './centers/demo.ts';
import { delegationMigrations, registerDelegationRoutes } from './delegation/index.ts';
import { seedDelegationDemo } from './delegation/demo.ts';
import { bundleMigrations, registerBundleRoutes } from './bundles/index.ts';
import { seedBundleDemo } from './bundles/demo.ts';
import { registerSearchRoutes, searchJobs, searchMigrations, seedSearchDemo } from './search/index.ts';

export const catalogModule: ModuleDef = {
  name: 'catalog',
  migrationBlock: 2,
  permissions: catalogPermissions,
  events: catalogEvents,
  lifecycles: [implementationLifecycle, bundleLifecycle],
  migrations: [
    ...catalogMigrations,
    ...importMigrations,
    ...centerMigrations,
    ...delegationMigrations,
    ...bundleMigrations,
    ...searchMigrations,
  ],
  columns: catalogColumns,
  registerRoutes: (app, k) => {
    registerCatalogRoutes(app, k);
    registerGuideRoutes(app, k);
    registerImportRoutes(app, k);
    registerCenterRoutes(app, k);
    registerDelegationRoutes(app, k);
    registerBundleRoutes(app, k);
    registerSearchRoutes(app, k);
  },
  pageFirstPaints: [guideFirstPaintPage],
  seedDemo: async (k, size) => {
    await seedCatalogDemo(k, size);
    await seedHenanDemo(k);
    await seedGuangAnDemo(k);
    await seedCenterDemo(k);
    await seedDelegationDemo(k);
    await seedBundleDemo(k);
    await seedSearchDemo(k);
  },
  jobs: (k) => ({ ...searchJobs(k) }),
};

export * from './model.ts';
export {
  type Elements,
  type Material,
  type ProcessStep,
  elementText,
  impossibilities,
  processDays,
} from './elements.ts';
export { checkFormSchema, semanticKeys, SEMANTIC_KEY } from './form-schema.ts';
export { createItem, updateItem, retireItem, getItem, listItems } from './items.ts';
export {
  createImplementation,
  updateDraft,
  getImplementation,
  getImplementationVersion,
  listImplementations,
  listImplementationVersions,
  listPublishedForIndex,
} from './service.ts';
export { transition } from './lifecycle.ts';
export { pinnedVersion, type PinnedVersion } from './version-memo.ts';
export {
  checkApplicability,
  getApplicableImplementation,
  APPLICABILITY_CODES,
  type Applicability,
  type ApplicabilityCode,
  type ApplicabilityQuery,
} from './applicability.ts';
export { diff, diffElements, driftReport } from './diff.ts';
export { gaps, impossibleImplementations } from './checker.ts';
export { rubric, score } from './rubric.ts';
export { buildGuide, certificateFree, guidePath, yuan, type GuideSource } from './guide/build.ts';
export { getGuide, type GuideQuery } from './guide/service.ts';
export {
  guidePdfRenderer,
  cjkFontLoader,
  cjkDocument,
  pdfSink,
  CJK_FONT_PATH,
  type GuidePdfRenderer,
  type PdfSubject,
} from './guide/pdf.ts';
export type { Guide, GuideSection, GuideBlock } from './guide/schemas.ts';
/** Test support (other modules' PDF tests): the extractable text of each page of a pdfkit PDF. */
export { pdfPages } from './guide/pdf-text.ts';
export * from './centers/index.ts';
export * from './search/index.ts';
export * from './delegation/index.ts';
export * from './bundles/index.ts';
