/** The inspections module's pages (scaffolded by npm run new-module); listed in web/src/modules/index.ts. */
import { FileTextOutlined } from '@ant-design/icons';
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
      menu: { key: 'inspections', icon: FileTextOutlined, order: 700 },
      page: () => import('./pages/InspectionsPage.tsx').then((m) => m.InspectionsPage),
    },
  ],
};
