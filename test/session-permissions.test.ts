/** GET /api/v1/session and the login response carry the caller's effective permissions (the web UI's menus use them). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../src/server/testing.ts';
import { DEMO_PASSWORD } from '../src/modules/registry/demo.ts';
import { ROLE_PERMISSIONS, permissionsOfRoles } from '../src/kernel/auth/roles.ts';

test('permissionsOfRoles: the union of the roles’ permissions, sorted, without repeats', () => {
  assert.deepEqual(permissionsOfRoles([]), []);
  assert.deepEqual(permissionsOfRoles(['applicant']), [...ROLE_PERMISSIONS.applicant].sort());
  const both = permissionsOfRoles(['window_clerk', 'reviewer']);
  assert.deepEqual(both, [...new Set([...ROLE_PERMISSIONS.window_clerk, ...ROLE_PERMISSIONS.reviewer])].sort());
});

test('the session answers principal and permissions, on login and on GET', async () => {
  const t = await testApp('sqlite');
  try {
    for (const username of ['admin', 'citizen.demo']) {
      const login = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password: DEMO_PASSWORD } });
      assert.equal(login.statusCode, 201);
      const body = login.json() as { token: string; principal: { roles: string[] }; permissions: string[] };
      assert.deepEqual(body.permissions, permissionsOfRoles(body.principal.roles as never));
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { authorization: `Bearer ${body.token}` } });
      assert.equal(me.statusCode, 200);
      assert.deepEqual(me.json().permissions, body.permissions);
    }
    const admin = await t.login('admin');
    const perms = (await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: admin })).json().permissions as string[];
    assert.ok(perms.includes('catalog:publish') && perms.includes('accounts:manage'));
  } finally {
    await t.close();
  }
});
