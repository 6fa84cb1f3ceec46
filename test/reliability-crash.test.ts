/**
 * The reduced form of `npm run bench:reliability -- --part crash` (issue 14): the real server killed with SIGKILL
 * twice under a mixed write load, on each database. Every acknowledged write survives, nothing is half-written,
 * keys replay the original answer and `onewindow audit verify` exits 0 (bench/reliability/crash.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects, testPostgresUrl } from '../src/kernel/db/testing.ts';
import { runCrash } from '../bench/reliability/crash.ts';

for (const db of await testDialects()) {
  test(`[${db}] kill -9 twice under load: no acknowledged write lost, nothing half-written, keys replay`, async () => {
    const r = await runCrash({ db, full: false, seed: 20261206, pgUrl: testPostgresUrl });
    const f = r.figures;
    assert.deepEqual(r.notes, [], 'no failure notes');
    assert.equal(r.failures, 0);
    assert.equal(f.kills, 2);
    assert.ok(Number(f.writesAcknowledged) > 10, `writes acknowledged: ${f.writesAcknowledged}`);
    assert.equal(f.writesLost, 0);
    assert.equal(f.halfWritten, 0);
    assert.equal(f.mismatches, 0);
    assert.ok(Number(f.idempotentRetries) >= 2, 'acknowledged creating requests were replayed after each restart');
    assert.ok(Number(f.certificatesIssued) > 0, 'grants issued certificates');
    assert.equal(f.auditVerifyRuns, 3, 'audit verify after each kill and at the end');
  });
}
