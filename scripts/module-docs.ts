// Writes the generated parts of each module's docs, for a person to review as a diff (`npm run module-docs`):
// the route × role matrix (docs/route-matrix.md, src/modules/<m>/route-matrix.md) observed from the running app, and
// the lifecycle diagrams (src/modules/<m>/lifecycles.md) drawn from the modules' declarations.
// test/route-matrix.test.ts and test/module-docs.test.ts hold the app to them.
import fs from 'node:fs';
import path from 'node:path';
import { testApp } from '../src/server/testing.ts';
import { MODULES } from '../src/modules/index.ts';
import { matrixFile, observeMatrix, renderMatrix } from '../test/support/route-matrix.ts';
import { lifecycleDocFile, renderLifecycles } from '../test/support/lifecycle-docs.ts';

function write(file: string, text: string, what: string): void {
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (before === text) return console.log(`${path.relative(process.cwd(), file)} is current (${what})`);
  fs.writeFileSync(file, text);
  console.log(`wrote ${path.relative(process.cwd(), file)} (${what})`);
}

const t = await testApp('sqlite');
try {
  const observed = await observeMatrix(
    t,
    MODULES.flatMap((m) => m.demoAccounts ?? []),
  );
  for (const [owner, rows] of observed.rows) {
    write(matrixFile(owner), renderMatrix(owner, rows, t.k.permissions), `${rows.length} routes`);
  }
  for (const m of MODULES) {
    if (!m.lifecycles?.length) continue;
    write(lifecycleDocFile(m.name), renderLifecycles(m.name, m.lifecycles), `${m.lifecycles.length} lifecycles`);
  }
  for (const e of observed.errors) console.error(`5xx: ${e}`);
  if (observed.errors.length) process.exitCode = 1;
} finally {
  await t.close();
}
