/**
 * The catalog module (放: service-item standardization): catalog items, implementation lists with their lifecycle
 * and published versions, applicability, derivation and drift, the checker and the completeness rubric.
 * Other modules use the functions exported here, never the catalog's tables.
 */
import type { ModuleDef } from '../module.ts';
import { catalogMigrations } from './tables.ts';
import { registerCatalogRoutes } from './routes.ts';
import { seedCatalogDemo } from './demo.ts';

export const catalogModule: ModuleDef = {
  name: 'catalog',
  migrations: catalogMigrations,
  registerRoutes: registerCatalogRoutes,
  seedDemo: seedCatalogDemo,
};

export * from './model.ts';
export { type Elements, type Material, type ProcessStep, elementText, impossibilities, processDays } from './elements.ts';
export { checkFormSchema, semanticKeys, SEMANTIC_KEY } from './form-schema.ts';
export { createItem, updateItem, retireItem, getItem, listItems } from './items.ts';
export { createImplementation, updateDraft, getImplementation, getImplementationVersion, listImplementations, listImplementationVersions, listPublishedForIndex } from './service.ts';
export { transition } from './lifecycle.ts';
export { checkApplicability, getApplicableImplementation, APPLICABILITY_CODES, type Applicability, type ApplicabilityCode, type ApplicabilityQuery } from './applicability.ts';
export { diff, diffElements, driftReport } from './diff.ts';
export { gaps, impossibleImplementations } from './checker.ts';
export { rubric, score } from './rubric.ts';
