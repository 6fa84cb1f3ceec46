/**
 * The hotline's routing classifier (issue 12, "Routing and classification"): what the hotline module wires in and
 * what its tickets side calls. See docs/hotline-classifier.md.
 */
export { classifierMigrations } from './tables.ts';
export { classifierPermissions } from './permissions.ts';
export { registerClassifierRoutes } from './routes.ts';
export {
  suggestRouting,
  recordSuggestion,
  confirmRouting,
  retrainFromConfirmed,
  trainClassifier,
  productionAccuracy,
  classifierStatus,
  currentModel,
  MIN_TRAINING_ROWS,
  type RoutingSuggestion,
  type StoredSuggestion,
  type ConfirmedTicket,
  type TrainOutcome,
  type ModelInfo,
  type ProductionAccuracy,
} from './service.ts';
export { importTrainingSet, parseMapping, MAPPING_KEYS, type ImportReport, type Mapping } from './training-set.ts';
export type { ClassifierMetrics, Suggestion, TrainingRow } from './model.ts';
export type { TaskMetrics, ClassMetrics } from './evaluate.ts';
