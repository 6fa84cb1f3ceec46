/**
 * The ratings module's per-region limits, kept by the kernel beside each region's office hours
 * (`k.calendar.limitFor`; set by an administrator through PUT /api/v1/calendar/limits/:region, audited). A region's
 * own setting applies, else the nearest region's up the hierarchy, else the default here. A new limit applies to
 * rectifications opened from then on.
 */
import { defineRegionLimits } from '../../kernel/calendar/region-limits.ts';

export const RATING_LIMITS = defineRegionLimits('ratings', {
  /** 整改时限: a poor rating is rectified within this many working days (the national 好差评 practice: five). */
  rectification_days: {
    default: 5,
    min: 1,
    max: 60,
    zh: '差评整改时限（工作日）',
    en: 'Rectification limit for poor ratings (working days)',
  },
});
