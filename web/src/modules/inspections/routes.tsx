/** The inspections module's pages; listed in web/src/modules/index.ts. */
import { AuditOutlined, DatabaseOutlined, FileSearchOutlined } from '@ant-design/icons';
import type { WebModule } from '../../shell/module.ts';
import { messages } from './messages.ts';

export const inspectionsModule: WebModule<typeof messages> = {
  id: 'inspections',
  messages,
  routes: [
    {
      path: '/inspections',
      title: 'nav.inspections',
      access: { permission: 'inspections:read' },
      menu: { key: 'inspections', icon: FileSearchOutlined, order: 700 },
      page: () => import('./pages/TasksPage.tsx').then((m) => m.TasksPage),
    },
    {
      path: '/inspections/tasks/$id',
      title: 'nav.inspections.task',
      access: { permission: 'inspections:read' },
      highlight: 'inspections',
      page: () => import('./pages/TaskPage.tsx').then((m) => m.TaskPage),
    },
    {
      path: '/inspections/directories',
      title: 'nav.inspections.directories',
      access: { permission: 'inspections:read' },
      menu: { key: 'inspections-directories', icon: DatabaseOutlined, order: 702 },
      page: () => import('./pages/DirectoriesPage.tsx').then((m) => m.DirectoriesPage),
    },
    {
      path: '/public/inspections',
      title: 'nav.inspections.public',
      access: 'public',
      portal: { order: 70 },
      menu: { key: 'inspections-public', icon: AuditOutlined, order: 701 },
      page: () => import('./pages/PublicPage.tsx').then((m) => m.PublicPage),
    },
  ],
};
