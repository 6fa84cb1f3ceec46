/** The kernel's own permissions: sessions, the calendar, the audit chain and the event outbox. */
import { definePermissions } from './permissions.ts';
import { ROLES, STAFF_ROLES } from './roles.ts';

export const kernelPermissions = {
  session: definePermissions('session', {
    self: { zh: '查看和注销本人会话', en: 'See and end one’s own session', roles: ROLES },
  }),
  calendar: definePermissions('calendar', {
    read: { zh: '查看工作日历状态', en: 'See the working-day calendar status', roles: STAFF_ROLES },
    manage: { zh: '维护节假日与工作时间', en: 'Maintain holidays and office hours', roles: ['admin'] },
  }),
  audit: definePermissions('audit', {
    read: {
      zh: '查阅审计链与操作记录',
      en: 'Read the audit chain and the action log',
      roles: ['discipline_inspector', 'admin'],
    },
  }),
  accounts: definePermissions('accounts', {
    manage: { zh: '管理账号与系统设置', en: 'Manage accounts and system settings', roles: ['admin'] },
  }),
  events: definePermissions('events', {
    manage: { zh: '管理事件订阅（Webhook）与死信', en: 'Manage webhooks and dead letters', roles: ['admin'] },
  }),
};

export const KERNEL_PERMISSION_GROUPS = Object.values(kernelPermissions);
