/** The cases module's pages; listed in web/src/modules/index.ts. */
import {
  AppstoreAddOutlined,
  AuditOutlined,
  BellOutlined,
  FileTextOutlined,
  MonitorOutlined,
  NotificationOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import type { WebModule } from '../../shell/module.ts';
import { messages } from './messages.ts';

export const casesModule: WebModule<typeof messages> = {
  id: 'cases',
  messages,
  routes: [
    {
      path: '/cases',
      title: 'nav.cases',
      access: { permission: 'cases:read' },
      portal: { order: 10, label: 'nav.casesMine' },
      menu: { key: 'cases', icon: FileTextOutlined, order: 300 },
      page: () => import('./pages/CasesPage.tsx').then((m) => m.CasesPage),
    },
    {
      path: '/cases/apply/$implementationId',
      title: 'nav.caseApply',
      access: { permission: 'cases:file' },
      highlight: 'cases',
      page: () => import('./pages/ApplyPage.tsx').then((m) => m.ApplyPage),
    },
    {
      path: '/cases/$id',
      title: 'nav.case',
      access: { permission: 'cases:read' },
      highlight: 'cases',
      page: () => import('./pages/CasePage.tsx').then((m) => m.CasePage),
    },
    {
      path: '/cases/inbox',
      title: 'nav.caseInbox',
      access: { permission: 'cases:read' },
      menu: { key: 'caseInbox', icon: BellOutlined, order: 310 },
      page: () => import('./pages/InboxPage.tsx').then((m) => m.InboxPage),
    },
    {
      path: '/cases/publicity',
      title: 'nav.casePublicity',
      access: 'public',
      portal: { order: 50 },
      menu: { key: 'casePublicity', icon: NotificationOutlined, order: 320 },
      page: () => import('./pages/PublicityPage.tsx').then((m) => m.PublicityPage),
    },
    {
      path: '/cases/verify/$id',
      title: 'nav.caseVerify',
      access: 'public',
      page: () => import('./pages/VerifyPage.tsx').then((m) => m.VerifyPage),
    },
    {
      path: '/cases/supervision',
      title: 'nav.supervision',
      access: { permission: 'cases:supervise' },
      menu: { key: 'supervision', icon: MonitorOutlined, order: 330 },
      page: () => import('./pages/SupervisionPage.tsx').then((m) => m.SupervisionPage),
    },
    {
      path: '/cases/review-queue',
      title: 'nav.reviewQueue',
      access: { permission: 'cases:handle_step' },
      menu: { key: 'casesReviewQueue', icon: AuditOutlined, order: 301 },
      page: () => import('./pages/ReviewQueuePage.tsx').then((m) => m.ReviewQueuePage),
    },
    {
      path: '/cases/bundles',
      title: 'nav.caseBundles',
      access: { permission: 'cases:read' },
      menu: { key: 'caseBundles', icon: AppstoreAddOutlined, order: 302 },
      page: () => import('./pages/BundlesPage.tsx').then((m) => m.BundlesPage),
    },
    {
      path: '/cases/bundles/apply/$bundleId',
      title: 'nav.caseBundleApply',
      access: { permission: 'cases:file' },
      highlight: 'caseBundles',
      page: () => import('./pages/BundleApplyPage.tsx').then((m) => m.BundleApplyPage),
    },
    {
      path: '/cases/bundle-applications/$id',
      title: 'nav.caseBundleApplication',
      access: { permission: 'cases:read' },
      highlight: 'caseBundles',
      page: () => import('./pages/BundleApplicationPage.tsx').then((m) => m.BundleApplicationPage),
    },
    {
      path: '/cases/anywhere',
      title: 'nav.caseAnywhere',
      access: { permission: 'cases:forward' },
      menu: { key: 'caseAnywhere', icon: SwapOutlined, order: 303 },
      page: () => import('./pages/AnywherePage.tsx').then((m) => m.AnywherePage),
    },
  ],
  home: [
    {
      key: 'cases',
      access: { permission: 'cases:read' },
      order: 100,
      card: () => import('./pages/HomeCard.tsx').then((m) => m.CasesHomeCard),
    },
  ],
};
