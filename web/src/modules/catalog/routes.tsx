/** The catalog's pages: 办事服务 and guides (public), the 事项目录 and its reports, import, centers, delegations, bundles. */
import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  GroupOutlined,
  ImportOutlined,
  ProfileOutlined,
} from '@ant-design/icons';
import type { WebModule } from '../../shell/module.ts';
import { messages } from './messages.ts';

const read = { permission: 'catalog:read' };

export const catalogModule: WebModule<typeof messages> = {
  id: 'catalog',
  messages,
  routes: [
    {
      path: '/services',
      title: 'nav.services',
      access: 'public',
      page: () => import('./pages/ServicesPage.tsx').then((m) => m.ServicesPage),
    },
    {
      path: '/guide/$id',
      title: 'nav.guide',
      access: 'public',
      page: () => import('./pages/GuidePage.tsx').then((m) => m.GuidePage),
    },
    {
      path: '/catalog',
      title: 'nav.catalog',
      access: read,
      menu: { key: 'catalog', icon: ProfileOutlined, order: 200 },
      page: () => import('./pages/CatalogListPage.tsx').then((m) => m.CatalogListPage),
    },
    {
      path: '/catalog/reports',
      title: 'nav.catalogReports',
      access: read,
      menu: { key: 'catalogReports', icon: AuditOutlined, order: 210 },
      page: () => import('./pages/CatalogReportsPage.tsx').then((m) => m.CatalogReportsPage),
    },
    {
      path: '/catalog/import',
      title: 'nav.catalogImport',
      access: read,
      menu: { key: 'catalogImport', icon: ImportOutlined, order: 220 },
      page: () => import('./pages/CatalogImportPage.tsx').then((m) => m.CatalogImportPage),
    },
    {
      path: '/catalog/centers',
      title: 'nav.catalogCenters',
      access: read,
      menu: { key: 'catalogCenters', icon: BankOutlined, order: 230 },
      page: () => import('./pages/CentersPage.tsx').then((m) => m.CentersPage),
    },
    {
      path: '/catalog/delegations',
      title: 'nav.catalogDelegations',
      access: read,
      menu: { key: 'catalogDelegations', icon: ApartmentOutlined, order: 240 },
      page: () => import('./pages/DelegationsPage.tsx').then((m) => m.DelegationsPage),
    },
    {
      path: '/catalog/bundles',
      title: 'nav.catalogBundles',
      access: read,
      menu: { key: 'catalogBundles', icon: GroupOutlined, order: 250 },
      page: () => import('./pages/BundlesPage.tsx').then((m) => m.BundlesPage),
    },
    {
      path: '/catalog/implementations/$id',
      title: 'nav.catalogDetail',
      access: read,
      highlight: 'catalog',
      page: () => import('./pages/ImplementationPage.tsx').then((m) => m.ImplementationPage),
    },
    {
      path: '/catalog/implementations/$id/edit',
      title: 'nav.catalogEdit',
      access: { permission: 'catalog:edit' },
      highlight: 'catalog',
      page: () => import('./pages/ImplementationEditPage.tsx').then((m) => m.ImplementationEditPage),
    },
    {
      path: '/catalog/bundles/$id',
      title: 'nav.catalogBundle',
      access: read,
      highlight: 'catalogBundles',
      page: () => import('./pages/BundlesPage.tsx').then((m) => m.BundlePage),
    },
  ],
};
