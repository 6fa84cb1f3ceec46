/** Working-day calendar of the kernel: clock, China's official holiday schedule, and deadline arithmetic (Asia/Shanghai). */
export { type Clock, systemClock, ManualClock } from './clock.ts';
export { HolidaySchedule, parseHolidayCnYear, type LoadedYear, type HolidayCnDay, type DayInfo } from './holidays.ts';
export {
  addWorkingDays,
  addNaturalDays,
  addNaturalHours,
  addOfficeHours,
  workingDaysBetween,
  shanghaiDate,
  startOfShanghaiDay,
  endOfShanghaiDay,
  addDays,
  type Deadline,
  type PauseInterval,
  type OfficeHours,
} from './deadlines.ts';
