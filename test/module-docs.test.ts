/** The generated lifecycle pages are current: a changed declaration without `npm run module-docs` fails here. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { MODULES } from '../src/modules/index.ts';
import { lifecycleDocFile, renderLifecycles } from './support/lifecycle-docs.ts';

test('each module’s lifecycles.md matches its lifecycle declarations', () => {
  for (const m of MODULES) {
    if (!m.lifecycles?.length) continue;
    const file = lifecycleDocFile(m.name);
    assert.ok(fs.existsSync(file), `${file} exists (npm run module-docs)`);
    assert.equal(
      fs.readFileSync(file, 'utf8'),
      renderLifecycles(m.name, m.lifecycles),
      `${file} is stale: run npm run module-docs`,
    );
  }
});
