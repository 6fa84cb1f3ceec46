/**
 * The hotline's per-region time limits, kept by the kernel beside each region's office hours (`k.calendar.limitFor`;
 * set through PUT /api/v1/calendar/limits/:region, audited). Defaults as the 12345 rules of the plan: an emergency
 * answered within 2 natural hours; an inquiry or a request for help within 3 working days (the same day where it can
 * be answered at once — the operator then closes it as answered); complaints, reports and suggestions within 13
 * working days; a 办不成事 report within 5 (the service center's own, shorter promise); the callback the next working day after the reply; a department may return a ticket within 2
 * working days of its dispatch.
 */
import { defineRegionLimits } from '../../kernel/calendar/region-limits.ts';

export const HOTLINE_LIMITS = defineRegionLimits('hotline', {
  emergency_hours: {
    default: 2,
    min: 1,
    max: 24,
    zh: '紧急诉求响应时限（自然小时）',
    en: 'Emergency response (hours)',
  },
  inquiry_days: {
    default: 3,
    min: 0,
    max: 3,
    zh: '咨询、求助办理时限（工作日）',
    en: 'Inquiry and help (working days)',
  },
  complaint_days: {
    default: 13,
    min: 1,
    max: 30,
    zh: '投诉、举报、建议办理时限（工作日）',
    en: 'Complaint, report, suggestion (working days)',
  },
  cannot_get_done_days: {
    default: 5,
    min: 1,
    max: 13,
    zh: '办不成事反映办理时限（工作日）',
    en: '“Could not get it done” reports (working days)',
  },
  praise_days: { default: 5, min: 1, max: 30, zh: '表扬转达时限（工作日）', en: 'Praise forwarded (working days)' },
  callback_days: {
    default: 1,
    min: 0,
    max: 5,
    zh: '回访时限（答复后工作日）',
    en: 'Callback after reply (working days)',
  },
  return_days: { default: 2, min: 0, max: 5, zh: '退单时限（派单后工作日）', en: 'Return window (working days)' },
  yellow_at: {
    default: 1,
    min: 0,
    max: 5,
    zh: '黄灯预警阈值（剩余工作日）',
    en: 'Yellow light at (working days left)',
  },
  reopen_limit: { default: 2, min: 0, max: 5, zh: '不满意重办次数上限', en: 'Reopens before escalation' },
  supervision_step_days: {
    default: 2,
    min: 1,
    max: 10,
    zh: '督办升级间隔（工作日）',
    en: 'Supervision escalation step (working days)',
  },
});
