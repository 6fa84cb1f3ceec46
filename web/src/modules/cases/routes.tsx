/** The cases module's pages; listed in web/src/modules/index.ts. */
import { AuditOutlined, FileTextOutlined } from '@ant-design/icons';
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
      path: '/cases/review-queue',
      title: 'nav.reviewQueue',
      access: { permission: 'cases:handle_step' },
      menu: { key: 'casesReviewQueue', icon: AuditOutlined, order: 301 },
      page: () => import('./pages/ReviewQueuePage.tsx').then((m) => m.ReviewQueuePage),
    },
  ],
};
