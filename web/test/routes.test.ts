// The route table the shell builds from the modules: every URL people and printed guides use still resolves,
// and menus follow permissions (never role names).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WEB_MODULES } from '../src/shell/modules.ts';
import { allRoutes, highlightOf, mayOpen, menuFor } from '../src/shell/access.ts';
import type { WebRoute } from '../src/shell/module.ts';

const routes = allRoutes(WEB_MODULES);
const byPath = (p: string) => routes.find((r) => r.path === p);

/** A tiny matcher for `$param` paths, enough to check which declared route a URL lands on. */
function match(url: string): WebRoute | undefined {
  const parts = new URL(url, 'http://x').pathname.replace(/\/+$/, '').split('/');
  const fits = (r: WebRoute) => {
    const ps = r.path.replace(/\/+$/, '').split('/');
    return ps.length === parts.length && ps.every((p, i) => (p.startsWith('$') ? parts[i] !== '' : p === parts[i]));
  };
  const found = routes.filter(fits);
  // Static segments win over parameters (as in TanStack Router).
  return found.sort((a, b) => (a.path.match(/\$/g)?.length ?? 0) - (b.path.match(/\$/g)?.length ?? 0))[0];
}

test('every existing URL resolves to a declared route (tests, bookmarks and guide QR codes use them)', () => {
  const urls: Array<[string, string]> = [
    ['/', '/'],
    ['/login', '/login'],
    ['/registry', '/registry'],
    ['/reference', '/reference'],
    ['/system', '/system'],
    ['/services?q=%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7&region=410105', '/services'],
    ['/guide/0f8b5d2c-1b1e-4c55-9a59-000000000001?version=3', '/guide/$id'],
    ['/catalog', '/catalog'],
    ['/catalog/reports', '/catalog/reports'],
    ['/catalog/import', '/catalog/import'],
    ['/catalog/centers', '/catalog/centers'],
    ['/catalog/delegations', '/catalog/delegations'],
    ['/catalog/bundles', '/catalog/bundles'],
    ['/catalog/bundles/abc', '/catalog/bundles/$id'],
    ['/catalog/implementations/abc?tab=diff', '/catalog/implementations/$id'],
    ['/catalog/implementations/abc/edit', '/catalog/implementations/$id/edit'],
  ];
  for (const [url, path] of urls) assert.equal(match(url)?.path, path, url);
});

test('paths are unique, and exactly one route is the sign-in page', () => {
  const paths = routes.map((r) => r.path);
  assert.deepEqual(
    paths.filter((p, i) => paths.indexOf(p) !== i),
    [],
  );
  assert.deepEqual(
    routes.filter((r) => r.access === 'signIn').map((r) => r.path),
    ['/login'],
  );
});

test('only 办事服务, guides, the 双公示 list, document and certificate verification, public rating figures, ticket tracking and inspection publicity are public', () => {
  assert.deepEqual(
    routes
      .filter((r) => r.access === 'public')
      .map((r) => r.path)
      .sort(),
    [
      '/cases/publicity',
      '/cases/verify/$id',
      '/certificates/verify',
      '/guide/$id',
      '/hotline/report',
      '/hotline/track',
      '/public/inspections',
      '/ratings/public',
      '/services',
    ],
  );
});

test('permissions are `<module>:<verb>` strings, and menu keys are unique', () => {
  for (const r of routes)
    if (typeof r.access === 'object') assert.match(r.access.permission, /^[a-z_]+:[a-z_]+$/, r.path);
  const keys = routes.flatMap((r) => (r.menu ? [r.menu.key] : []));
  assert.deepEqual(
    keys.filter((k, i) => keys.indexOf(k) !== i),
    [],
  );
  for (const r of routes) if (r.highlight) assert.ok(keys.includes(r.highlight), `${r.path} highlights ${r.highlight}`);
});

// What GET /api/v1/session answers for three demo accounts (the permissions declared by the kernel and the modules).
const APPLICANT = ['registry:self', 'session:self'];
const CLERK = [
  'calendar:read',
  'catalog:read',
  'registry:declare_relation',
  'registry:read',
  'registry:read_personal',
  'registry:write',
  'session:self',
];
const ADMIN = [
  ...CLERK,
  'accounts:manage',
  'audit:read',
  'calendar:manage',
  'catalog:centers',
  'catalog:edit',
  'catalog:publish',
  'events:manage',
];

test('the menu follows permissions: without module permissions, home and the public pages; a clerk the registry and catalog; an admin everything', () => {
  assert.deepEqual(
    menuFor(WEB_MODULES, APPLICANT).map((m) => m.key),
    ['home', 'casePublicity', 'certificatesVerify', 'hotline-track', 'hotline-report', 'inspections-public'],
  );
  assert.deepEqual(
    menuFor(WEB_MODULES, CLERK).map((m) => m.key),
    [
      'home',
      'registry',
      'catalog',
      'catalogReports',
      'catalogImport',
      'catalogCenters',
      'catalogDelegations',
      'catalogBundles',
      'casePublicity',
      'certificatesVerify',
      'hotline-track',
      'hotline-report',
      'inspections-public',
    ],
  );
  const admin = menuFor(WEB_MODULES, ADMIN).map((m) => m.key);
  assert.ok(admin.includes('system') && admin.includes('reference') && admin.includes('registry'), admin.join());
});

test('certificate settings (types, issuer keys, trust list) are in the menu of whoever may configure certificates only', () => {
  const staff = menuFor(WEB_MODULES, [...CLERK, 'certificates:read', 'certificates:manage']).map((m) => m.key);
  assert.ok(staff.includes('certificates') && !staff.includes('certificatesAdmin'), staff.join());
  const admin = menuFor(WEB_MODULES, [...ADMIN, 'certificates:read', 'certificates:configure']).map((m) => m.key);
  assert.ok(admin.includes('certificates') && admin.includes('certificatesAdmin'), admin.join());
  assert.equal(mayOpen(byPath('/certificates/admin')!, [...CLERK, 'certificates:manage']), false);
  assert.equal(mayOpen(byPath('/certificates/admin')!, ['certificates:configure']), true);
  assert.equal(mayOpen(byPath('/certificates/verify')!, null), true, 'verification needs no account');
});

test('a permission, not a role, opens a page', () => {
  const edit = byPath('/catalog/implementations/$id/edit')!;
  assert.equal(mayOpen(edit, CLERK), false);
  assert.equal(mayOpen(edit, ['catalog:edit']), true);
  assert.equal(mayOpen(edit, ['reviewer', 'admin']), false, 'role names are not permissions');
  assert.equal(mayOpen(byPath('/')!, []), true, 'any signed-in caller has a home page');
  assert.equal(mayOpen(byPath('/')!, null), false);
  assert.equal(mayOpen(byPath('/services')!, null), true);
  assert.equal(mayOpen(byPath('/login')!, null), true);
  assert.equal(mayOpen(byPath('/login')!, ADMIN), false);
});

test('detail pages highlight their menu entry', () => {
  assert.equal(highlightOf(byPath('/catalog/implementations/$id')), 'catalog');
  assert.equal(highlightOf(byPath('/catalog/bundles/$id')), 'catalogBundles');
  assert.equal(highlightOf(byPath('/registry')), 'registry');
  assert.equal(highlightOf(byPath('/services')), null);
});
