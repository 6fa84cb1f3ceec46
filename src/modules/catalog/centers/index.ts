/** Service centers, halls, windows and negative lists (进驻事项负面清单); availability of implementations at centers. */
export { centerMigrations } from './tables.ts';
export { registerCenterRoutes } from './routes.ts';
export * from './model.ts';
export {
  createCenter,
  updateCenter,
  addHall,
  updateHall,
  addWindow,
  updateWindow,
  getCenter,
  listCenters,
} from './service.ts';
export { addNegativeListEntry, removeNegativeListEntry, listNegativeList } from './negative-list.ts';
export { availability, unavailableReport, type AvailabilityRow, type UnavailableRow } from './availability.ts';
