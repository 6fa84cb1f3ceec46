/** The certificates module's pages (scaffolded by npm run new-module); listed in web/src/modules/index.ts. */
import { FileTextOutlined } from '@ant-design/icons';
import type { WebModule } from '../../shell/module.ts';
import { messages } from './messages.ts';

export const certificatesModule: WebModule<typeof messages> = {
  id: 'certificates',
  messages,
  routes: [
    {
      path: '/certificates',
      title: 'nav.certificates',
      access: { permission: 'certificates:read' },
      menu: { key: 'certificates', icon: FileTextOutlined, order: 500 },
      page: () => import('./pages/CertificatesPage.tsx').then((m) => m.CertificatesPage),
    },
  ],
};
