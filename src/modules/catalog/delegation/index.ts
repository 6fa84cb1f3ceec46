/** Delegation (放权赋能): items' handling moved to counties by effective date; the competent body for a filing; the per-county report. */
export { delegationMigrations } from './tables.ts';
export { registerDelegationRoutes } from './routes.ts';
export {
  createDelegation,
  rollbackDelegation,
  getDelegation,
  listDelegations,
  DELEGATION_STATUSES,
  type Delegation,
  type DelegationInput,
  type DelegationStatus,
} from './service.ts';
export {
  competentBodyFor,
  type CompetentBody,
  type CompetentBodyQuery,
  type CompetentBodyResult,
} from './competent-body.ts';
export {
  delegationReport,
  useDelegationFigures,
  type DelegationReportRow,
  type DelegationFigures,
  type DelegationFiguresSource,
} from './report.ts';
