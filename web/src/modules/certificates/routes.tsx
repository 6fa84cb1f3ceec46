/** The certificates module's pages; listed in web/src/modules/index.ts. */
import {
  SafetyCertificateOutlined,
  WalletOutlined,
  CheckCircleOutlined,
  AuditOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import type { WebModule } from '../../shell/module.ts';
import { messages } from './messages.ts';

export const certificatesModule: WebModule<typeof messages> = {
  id: 'certificates',
  messages,
  routes: [
    {
      path: '/certificates',
      title: 'nav.certificatesIssued',
      access: { permission: 'certificates:read' },
      menu: { key: 'certificates', icon: SafetyCertificateOutlined, order: 500 },
      page: () => import('./pages/IssuedPage.tsx').then((m) => m.IssuedPage),
    },
    {
      path: '/certificates/granted',
      title: 'nav.certificatesGranted',
      access: { permission: 'certificates:use' },
      menu: { key: 'certificatesGranted', icon: AuditOutlined, order: 505 },
      page: () => import('./pages/GrantedPage.tsx').then((m) => m.GrantedPage),
    },
    {
      path: '/certificates/mine',
      title: 'nav.certificatesMine',
      access: { permission: 'certificates:own' },
      portal: { order: 20 },
      menu: { key: 'certificatesMine', icon: WalletOutlined, order: 510 },
      page: () => import('./pages/WalletPage.tsx').then((m) => m.WalletPage),
    },
    {
      path: '/certificates/admin',
      title: 'nav.certificatesAdmin',
      access: { permission: 'certificates:configure' },
      menu: { key: 'certificatesAdmin', icon: SettingOutlined, order: 530 },
      page: () => import('./pages/AdminPage.tsx').then((m) => m.AdminPage),
    },
    {
      path: '/certificates/verify',
      title: 'nav.certificatesVerify',
      access: 'public',
      portal: { order: 60 },
      menu: { key: 'certificatesVerify', icon: CheckCircleOutlined, order: 520 },
      page: () => import('./pages/VerifyPage.tsx').then((m) => m.VerifyPage),
    },
  ],
};
