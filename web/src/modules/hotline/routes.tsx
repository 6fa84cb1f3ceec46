/** The hotline module's pages; listed in web/src/modules/index.ts. */
import {
  AuditOutlined,
  BarChartOutlined,
  CustomerServiceOutlined,
  FileTextOutlined,
  InboxOutlined,
  KeyOutlined,
  PhoneOutlined,
  SearchOutlined,
} from '@ant-design/icons';
import type { WebModule } from '../../shell/module.ts';
import { messages } from './messages.ts';

export const hotlineModule: WebModule<typeof messages> = {
  id: 'hotline',
  messages,
  routes: [
    {
      path: '/hotline',
      title: 'nav.hotline',
      access: { permission: 'hotline:intake' },
      menu: { key: 'hotline', icon: CustomerServiceOutlined, order: 600 },
      page: () => import('./pages/OperatorPage.tsx').then((m) => m.OperatorPage),
    },
    {
      path: '/hotline/queue',
      title: 'nav.hotlineQueue',
      access: { permission: 'hotline:handle' },
      menu: { key: 'hotline-queue', icon: InboxOutlined, order: 601 },
      page: () => import('./pages/QueuePage.tsx').then((m) => m.QueuePage),
    },
    {
      path: '/hotline/supervision',
      title: 'nav.hotlineSupervision',
      access: { permission: 'hotline:decide' },
      menu: { key: 'hotline-supervision', icon: AuditOutlined, order: 602 },
      page: () => import('./pages/SupervisionPage.tsx').then((m) => m.SupervisionPage),
    },
    {
      path: '/hotline/submit',
      title: 'nav.hotlineSubmit',
      access: { permission: 'hotline:submit' },
      portal: { order: 30 },
      menu: { key: 'hotline-submit', icon: PhoneOutlined, order: 603 },
      page: () => import('./pages/CitizenPage.tsx').then((m) => m.CitizenPage),
    },
    {
      path: '/hotline/track',
      title: 'nav.hotlineTrack',
      access: 'public',
      portal: { order: 40 },
      menu: { key: 'hotline-track', icon: SearchOutlined, order: 604 },
      page: () => import('./pages/TrackPage.tsx').then((m) => m.TrackPage),
    },
    {
      path: '/hotline/dashboard',
      title: 'nav.hotlineDashboard',
      access: { permission: 'hotline:statistics' },
      menu: { key: 'hotline-dashboard', icon: BarChartOutlined, order: 606 },
      page: () => import('./pages/DashboardPage.tsx').then((m) => m.DashboardPage),
    },
    {
      path: '/hotline/report',
      title: 'nav.hotlineReport',
      access: 'public',
      menu: { key: 'hotline-report', icon: FileTextOutlined, order: 607 },
      page: () => import('./pages/ReportPage.tsx').then((m) => m.ReportPage),
    },
    {
      path: '/hotline/api-keys',
      title: 'nav.hotlineApiKeys',
      access: { permission: 'hotline:keys' },
      menu: { key: 'hotline-api-keys', icon: KeyOutlined, order: 605 },
      page: () => import('./pages/ApiKeysPage.tsx').then((m) => m.ApiKeysPage),
    },
  ],
};
