/**
 * The module list, one line per module: the one line outside its own folder that adding a module edits.
 * Modules run in the order of their migration blocks, which is dependency order (src/modules/index.ts).
 */
export { registryModule } from './registry/index.ts';
export { catalogModule } from './catalog/index.ts';
export { casesModule } from './cases/index.ts';
export { ratingsModule } from './ratings/index.ts';
export { certificatesModule } from './certificates/index.ts';
export { hotlineModule } from './hotline/index.ts';
export { inspectionsModule } from './inspections/index.ts';
