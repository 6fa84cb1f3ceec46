/** Holds the running app to the route × role matrix files: every route has a row in its owner's file, and every cell is what the server does. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../src/server/testing.ts';
import { MODULES } from '../src/modules/index.ts';
import { COLUMNS, matrixFile, observeMatrix, readMatrix } from './support/route-matrix.ts';

test('every route has a row in its module’s route matrix, and every cell matches the server', async () => {
  const t = await testApp('sqlite');
  try {
    const observed = await observeMatrix(
      t,
      MODULES.flatMap((m) => m.demoAccounts ?? []),
    );
    assert.deepEqual(observed.errors, [], 'no route answers a 5xx to any role');
    const owners = new Set(['kernel', ...MODULES.map((m) => m.name)]);
    for (const owner of observed.rows.keys()) assert.ok(owners.has(owner), `routes owned by ${owner}`);
    const mismatches: string[] = [];
    for (const owner of owners) {
      const file = matrixFile(owner);
      const { columns, rows } = readMatrix(file);
      const live = observed.rows.get(owner) ?? [];
      if (live.length === 0 && rows.size === 0) continue;
      assert.deepEqual(columns, [...COLUMNS], `${file}: one column per role, plus anonymous`);
      for (const r of live) {
        const key = `${r.method} ${r.path}`;
        const row = rows.get(key);
        if (!row) {
          mismatches.push(`${file}: no row for ${key} (run npm run route-matrix and review the diff)`);
          continue;
        }
        if (row.permission !== r.permission)
          mismatches.push(`${file}: ${key} declares ${r.permission}, the row says ${row.permission}`);
        for (const c of COLUMNS)
          if (row.cells[c] !== r.cells[c])
            mismatches.push(
              `${file}: ${key} as ${c}: the row says ${row.cells[c]}, the server ${r.cells[c] === 'A' ? 'allows' : 'denies'}`,
            );
        rows.delete(key);
      }
      for (const key of rows.keys()) mismatches.push(`${file} lists ${key}, which the server does not have`);
    }
    assert.deepEqual(mismatches, []);
  } finally {
    await t.close();
  }
});
