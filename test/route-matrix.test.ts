/** Holds the running app to docs/route-matrix.md: every route has a row, and every cell is what the server does. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { testApp } from '../src/server/testing.ts';
import { DEMO_ACCOUNTS } from '../src/modules/registry/demo.ts';
import { ROLES } from '../src/kernel/auth/roles.ts';

function readMatrix() {
  const lines = fs.readFileSync('docs/route-matrix.md', 'utf8').split('\n').filter((l) => l.startsWith('| '));
  const header = lines[0].split('|').map((c) => c.trim()).filter(Boolean);
  const roles = header.slice(2);
  const rows = new Map<string, Record<string, 'A' | 'D'>>();
  for (const line of lines.slice(1)) {
    const cells = line.split('|').map((c) => c.trim()).filter(Boolean);
    if (cells[0] === '---') continue;
    const key = `${cells[0]} ${cells[1]}`;
    assert.ok(!rows.has(key), `duplicate row ${key}`);
    rows.set(key, Object.fromEntries(roles.map((r, i) => [r, cells[i + 2] as 'A' | 'D'])));
  }
  return { roles, rows };
}

const concrete = (url: string) => url.replace(/:(\w+)/g, (_m, name) => (name === 'code' ? '410000' : name === 'uscc' ? '91440101MA5CJQ4N59' : 'x-not-an-id'));

/**
 * A denial is the permission check's answer: 401 UNAUTHENTICATED or 403 FORBIDDEN. Other 403s (a jurisdiction or
 * department rule) come from a caller the route admitted, and so count as allowed.
 */
function isDenial(r: { statusCode: number; body: string }): boolean {
  if (r.statusCode !== 401 && r.statusCode !== 403) return false;
  const code = (JSON.parse(r.body) as { error?: { code?: string } }).error?.code;
  return code === 'UNAUTHENTICATED' || code === 'FORBIDDEN';
}

test('the route × role matrix covers every route and matches the server', async () => {
  const t = await testApp('sqlite');
  try {
    const { roles, rows } = readMatrix();
    assert.deepEqual(roles, ['anonymous', ...ROLES], 'one column per role, plus anonymous');
    const routes = t.app.routeTable.filter((r) => !r.url.startsWith('/docs'));
    const keys = new Set(routes.map((r) => `${r.method} ${r.url}`));
    for (const key of keys) assert.ok(rows.has(key), `route ${key} has no row in docs/route-matrix.md`);
    for (const key of rows.keys()) assert.ok(keys.has(key), `docs/route-matrix.md lists ${key}, which the server does not have`);

    const headers: Record<string, Record<string, string>> = { anonymous: {} };
    for (const role of ROLES) {
      const account = DEMO_ACCOUNTS.find((a) => a.roles.length === 1 && a.roles[0] === role);
      assert.ok(account, `a demo account with the single role ${role}`);
      headers[role] = await t.login(account.username);
    }
    const mismatches: string[] = [];
    for (const key of keys) {
      const [method, url] = key.split(' ');
      if (method === 'DELETE' && url === '/api/v1/session') continue; // checked below, since it revokes the token
      for (const role of roles) {
        const r = await t.app.inject({ method: method as 'GET', url: concrete(url), headers: headers[role], payload: ['POST', 'PATCH', 'PUT'].includes(method) ? {} : undefined });
        const denied = isDenial(r);
        const expected = rows.get(key)![role];
        // A 5xx is neither allowed nor denied: it is a failure, whatever the matrix says.
        if (r.statusCode >= 500) mismatches.push(`${key} as ${role}: ${r.statusCode} ${r.body}`);
        else if ((expected === 'D') !== denied) mismatches.push(`${key} as ${role}: expected ${expected}, got ${r.statusCode} ${r.json().error?.code ?? ''}`);
      }
    }
    assert.deepEqual(mismatches, []);
    for (const role of roles) {
      const r = await t.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: headers[role] });
      assert.ok(r.statusCode < 500, `DELETE /api/v1/session as ${role}: ${r.statusCode}`);
      const denied = isDenial(r);
      assert.equal(denied, rows.get('DELETE /api/v1/session')![role] === 'D', `DELETE /api/v1/session as ${role}: ${r.statusCode}`);
    }
  } finally {
    await t.close();
  }
});
