/** Permissions are declared by the kernel and the modules and gathered at start-up; the session reports the caller's. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../src/server/testing.ts';
import { DEMO_PASSWORD } from '../src/kernel/auth/accounts.ts';
import { definePermissions, PermissionTable } from '../src/kernel/auth/permissions.ts';
import { gatherModules } from '../src/server/modules.ts';
import { MODULES } from '../src/modules/index.ts';

test('a permission table gathers declarations; grants name the role that carries each permission', () => {
  const a = definePermissions('alpha', {
    read: { zh: '读', en: 'Read', roles: ['reviewer', 'admin'] },
    write: { zh: '写', en: 'Write', roles: ['admin'] },
  });
  assert.equal(a.read, 'alpha:read');
  const table = new PermissionTable([a]);
  assert.deepEqual([...table.grantsOf(['window_clerk'])], []);
  assert.deepEqual(
    [...table.grantsOf(['reviewer', 'admin'])],
    [
      ['alpha:read', 'reviewer'],
      ['alpha:write', 'admin'],
    ],
  );
  assert.deepEqual(table.rolesHolding('alpha:read'), ['reviewer', 'admin']);
  assert.throws(() => new PermissionTable([a, a]), /declared twice/);
  assert.throws(
    () => new PermissionTable([definePermissions('beta', { x: { zh: 'x', en: 'x', roles: ['nobody' as never] } })]),
    /unknown role/,
  );
  assert.throws(() => table.require('alpha:delete', 'route DELETE /x'), /no module declares/);
});

test('start-up refuses a module whose declarations are wrong', () => {
  const base = { migrations: [], registerRoutes: () => {} };
  assert.throws(
    () => gatherModules([...MODULES, { ...base, name: 'catalog', migrationBlock: 50 }]),
    /invalid or taken/,
  );
  assert.throws(() => gatherModules([...MODULES, { ...base, name: 'late', migrationBlock: 2 }]), /block 2 is catalog/);
  assert.throws(
    () =>
      gatherModules([
        ...MODULES,
        {
          ...base,
          name: 'late',
          migrationBlock: 50,
          migrations: [{ name: '0300_late_base', up: async () => {}, down: async () => {} }],
        },
      ]),
    /must be named 50NN_late_/,
  );
  assert.throws(
    () =>
      gatherModules([
        ...MODULES,
        { ...base, name: 'late', migrationBlock: 50, permissions: definePermissions('other', {}) },
      ]),
    /declares permissions of other/,
  );
  assert.doesNotThrow(() => gatherModules(MODULES));
});

test('the session answers principal and permissions, on login and on GET', async () => {
  const t = await testApp('sqlite');
  try {
    for (const username of ['admin', 'citizen.demo', 'clerk.jinshui']) {
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username, password: DEMO_PASSWORD },
      });
      assert.equal(login.statusCode, 201);
      const body = login.json() as { token: string; principal: { roles: string[] }; permissions: string[] };
      const expected = t.k.permissions.all
        .filter((p) => p.roles.some((r) => body.principal.roles.includes(r)))
        .map((p) => p.name)
        .sort();
      assert.deepEqual(body.permissions, expected);
      const me = await t.app.inject({
        method: 'GET',
        url: '/api/v1/session',
        headers: { authorization: `Bearer ${body.token}` },
      });
      assert.equal(me.statusCode, 200);
      assert.deepEqual(me.json().permissions, body.permissions);
    }
    const perms = (
      await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: await t.login('admin') })
    ).json().permissions as string[];
    assert.ok(perms.includes('catalog:publish') && perms.includes('accounts:manage'));
    const citizen = (
      await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: await t.login('citizen.demo') })
    ).json().permissions as string[];
    assert.deepEqual(citizen, [
      'cases:complain',
      'cases:file',
      'cases:read',
      'cases:withdraw',
      'certificates:own',
      'hotline:submit',
      'ratings:rate',
      'registry:self',
      'session:self',
    ]);
  } finally {
    await t.close();
  }
});
