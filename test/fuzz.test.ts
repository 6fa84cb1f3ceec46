/**
 * The reduced bad-input fuzzer (issue 14; bench/reliability/fuzz/engine.ts): every operation of /openapi.json, as
 * anonymous and as each single-role demo account, with a fixed seed and 12 generated cases per operation × role (3
 * for a caller the permission check turns away before parsing). No 5xx, every 4xx in the error shape, rejected batches
 * change nothing, /healthz answers after each operation. The full run: `npm run bench:reliability -- --part fuzz`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../src/kernel/db/testing.ts';
import { fuzzApp } from '../bench/reliability/fuzz.ts';
import { describeFailures } from '../bench/reliability/fuzz/engine.ts';

const dialects = await testDialects();

for (const dialect of dialects) {
  test(`[${dialect}] fuzzing every operation as every role: no 5xx, the error shape, nothing changed by a rejection`, async () => {
    const r = await fuzzApp(dialect, { seed: 20261206, casesPerRole: 12, deniedCases: 3 });
    assert.ok(r.operations >= 250, `every operation of /openapi.json is covered (${r.operations})`);
    assert.ok((r.byStatus['2xx'] ?? 0) > 0 && (r.byStatus['4xx'] ?? 0) > 0, JSON.stringify(r.byStatus));
    assert.deepEqual(describeFailures(r.failures, 10), [], `${r.failures.length} failure(s) in ${r.requests} requests`);
  });
}
