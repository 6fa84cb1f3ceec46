/**
 * The web UI's modules, one line each. Adding a module's pages = its folder web/src/modules/<m>/ (routes.tsx
 * exporting a `defineWebModule(…)`, messages.ts, api.ts, pages/) plus one line here; the shell gathers routes,
 * menus and messages from these exports (shell/modules.ts).
 */
export { systemModule } from './system/routes.tsx';
export { registryModule } from './registry/routes.tsx';
export { catalogModule } from './catalog/routes.tsx';
export { casesModule } from './cases/routes.tsx';
export { ratingsModule } from './ratings/routes.tsx';
export { certificatesModule } from './certificates/routes.tsx';
export { hotlineModule } from './hotline/routes.tsx';
export { inspectionsModule } from './inspections/routes.tsx';
