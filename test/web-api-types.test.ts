/** The web UI's generated API types (web/src/api/schema.d.ts) are what `npm run gen:api` writes today. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { SCHEMA_FILE, generateApiTypes } from '../scripts/gen-api.ts';

test('web/src/api/schema.d.ts is current with the OpenAPI document (else run `npm run gen:api` and commit it)', async () => {
  const expected = await generateApiTypes();
  const committed = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '';
  if (committed === expected) return;
  const a = committed.split('\n');
  const b = expected.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  assert.fail(
    `web/src/api/schema.d.ts is stale: first difference at line ${i + 1}\n  committed: ${a[i] ?? '(end)'}\n  generated: ${b[i] ?? '(end)'}\nRun \`npm run gen:api\` and commit the result.`,
  );
});
