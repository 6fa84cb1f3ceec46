/** The hotline module's pages (scaffolded by npm run new-module); listed in web/src/modules/index.ts. */
import { FileTextOutlined } from '@ant-design/icons';
import type { WebModule } from '../../shell/module.ts';
import { messages } from './messages.ts';

export const hotlineModule: WebModule<typeof messages> = {
  id: 'hotline',
  messages,
  routes: [
    {
      path: '/hotline',
      title: 'nav.hotline',
      access: { permission: 'hotline:read' },
      menu: { key: 'hotline', icon: FileTextOutlined, order: 600 },
      page: () => import('./pages/HotlinePage.tsx').then((m) => m.HotlinePage),
    },
  ],
};
