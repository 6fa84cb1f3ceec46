/**
 * The cases module's per-region limits, kept by the kernel beside each region's office hours
 * (`k.calendar.limitFor`; set by an administrator through PUT /api/v1/calendar/limits/:region, audited). The defaults
 * apply where neither the province nor a city or county set its own.
 */
import { defineRegionLimits } from '../../kernel/calendar/region-limits.ts';

export const CASE_LIMITS = defineRegionLimits('cases', {
  /** 行政许可法 第三十二条: a decision on acceptance within five (working) days of receipt. */
  acceptance_days: {
    default: 5,
    min: 1,
    max: 5,
    zh: '受理期限（工作日）',
    en: 'Acceptance limit (working days)',
  },
  /** The yellow light: this many working days or fewer remain. */
  yellow_at: {
    default: 1,
    min: 0,
    max: 10,
    zh: '黄灯预警阈值（剩余工作日）',
    en: 'Yellow light at (working days left)',
  },
  /** A case nobody acted on for longer than this is flagged idle for e-supervision. */
  idle_days: {
    default: 5,
    min: 1,
    max: 60,
    zh: '办件闲置预警（工作日）',
    en: 'Idle case flag after (working days)',
  },
  /** Handle-anywhere collect (代收代办): the accepting window forwards the case to the competent body within this. */
  forward_days: {
    default: 2,
    min: 1,
    max: 30,
    zh: '异地代收转交期限（工作日）',
    en: 'Handle-anywhere forwarding limit (working days)',
  },
  /** 多地联办: a body doing a part of another region's case does it within this, from the lead body's acceptance. */
  part_days: {
    default: 5,
    min: 1,
    max: 30,
    zh: '多地联办环节期限（工作日）',
    en: 'Joint handling: limit of each body’s part (working days)',
  },
});
