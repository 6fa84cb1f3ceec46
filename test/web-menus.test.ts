// Not in the root tsconfig: it imports the web UI's .tsx route tables (JSX, DOM types); tsx runs it, and both halves it joins are type-checked by their own projects.
/**
 * The web menus follow the server's permission declarations: every permission a web route asks for is declared by
 * the kernel or a module, and each menu entry appears exactly for the roles that hold its permission.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES } from '../src/kernel/auth/roles.ts';
import { gatherModules } from '../src/server/modules.ts';
import { MODULES } from '../src/modules/index.ts';
import { WEB_MODULES } from '../web/src/shell/modules.ts';
import { allRoutes, menuFor } from '../web/src/shell/access.ts';

const { permissions } = gatherModules(MODULES);

test('every permission a web route asks for is declared on the server', () => {
  const unknown = allRoutes(WEB_MODULES).flatMap((r) =>
    typeof r.access === 'object' && !permissions.has(r.access.permission) ? [`${r.path}: ${r.access.permission}`] : [],
  );
  assert.deepEqual(unknown, []);
});

test('each menu entry appears for exactly the roles that hold its permission', () => {
  const gated = allRoutes(WEB_MODULES).filter((r) => r.menu && typeof r.access === 'object');
  assert.ok(gated.length > 0);
  for (const role of ROLES) {
    const held = [...permissions.grantsOf([role]).keys()];
    const shown = new Set(menuFor(WEB_MODULES, held).map((m) => m.key));
    for (const r of gated) {
      const permission = (r.access as { permission: string }).permission;
      assert.equal(
        shown.has(r.menu!.key),
        permissions.rolesHolding(permission).includes(role),
        `${r.menu!.key} (${permission}) for ${role}`,
      );
    }
  }
});
