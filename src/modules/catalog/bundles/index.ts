/** Bundles (一件事一次办): members with their order, one merged form, one material list, a guide, immutable versions. */
export { bundleMigrations } from './tables.ts';
export { registerBundleRoutes } from './routes.ts';
export type { Bundle, BundleVersion, BundleMember, BundleSummary, MemberInput } from './model.ts';
export {
  createBundle,
  updateBundleDraft,
  getBundle,
  getBundleVersion,
  listBundles,
  listBundleVersions,
  type BundleInput,
  type BundlePatch,
} from './service.ts';
export { transitionBundle } from './lifecycle.ts';
export {
  mergeForms,
  CONFLICT_KINDS,
  type FormConflict,
  type MergedField,
  type MergedForm,
  type ConflictKind,
} from './merge-forms.ts';
export { mergeMaterials, materialIdentity, type BundleMaterial } from './materials.ts';
export { bundleGuide, type BundleGuide } from './guide.ts';
export { bundleDrift, type BundleMemberDrift } from './drift.ts';
