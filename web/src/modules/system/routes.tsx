/** The kernel's own pages: sign-in, home, reference data (区划与日历) and system status. */
import { AppstoreOutlined, HomeOutlined, SettingOutlined } from '@ant-design/icons';
import type { WebModule } from '../../shell/module.ts';
import { messages } from './messages.ts';

export const systemModule: WebModule<typeof messages> = {
  id: 'system',
  messages,
  routes: [
    {
      path: '/login',
      title: 'login.heading',
      access: 'signIn',
      page: () => import('./pages/LoginPage.tsx').then((m) => m.LoginPage),
    },
    {
      path: '/',
      title: 'nav.home',
      access: 'signedIn',
      menu: { key: 'home', icon: HomeOutlined, order: 0 },
      page: () => import('./pages/HomePage.tsx').then((m) => m.HomePage),
    },
    {
      path: '/reference',
      title: 'nav.reference',
      access: { permission: 'calendar:manage' },
      menu: { key: 'reference', icon: AppstoreOutlined, order: 900 },
      page: () => import('./pages/ReferencePage.tsx').then((m) => m.ReferencePage),
    },
    {
      path: '/system',
      title: 'nav.system',
      access: { permission: 'accounts:manage' },
      menu: { key: 'system', icon: SettingOutlined, order: 910 },
      page: () => import('./pages/SystemPage.tsx').then((m) => m.SystemPage),
    },
  ],
};
