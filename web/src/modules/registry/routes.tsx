/** The enterprise & person registry's pages. */
import { DatabaseOutlined } from '@ant-design/icons';
import type { WebModule } from '../../shell/module.ts';
import { messages } from './messages.ts';

export const registryModule: WebModule<typeof messages> = {
  id: 'registry',
  messages,
  routes: [
    {
      path: '/registry',
      title: 'nav.registry',
      access: { permission: 'registry:read' },
      menu: { key: 'registry', icon: DatabaseOutlined, order: 100 },
      page: () => import('./pages/RegistryPage.tsx').then((m) => m.RegistryPage),
    },
  ],
};
