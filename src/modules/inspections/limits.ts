/** The inspections module's limits, set per region by an administrator (kernel region limits). */
import { defineRegionLimits } from '../../kernel/calendar/region-limits.ts';

export const L = defineRegionLimits('inspections', {
  publication_days: {
    default: 20,
    min: 1,
    max: 60,
    zh: '抽查结果公示时限（工作日）',
    en: 'Result publication limit (working days)',
  },
  recusal_months: {
    default: 12,
    min: 0,
    max: 60,
    zh: '近期检查回避月数',
    en: 'Months an inspector recuses after inspecting a target',
  },
});
