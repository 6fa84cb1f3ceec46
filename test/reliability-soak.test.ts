/**
 * The reduced form of `npm run bench:reliability -- --part soak` (issue 14): ~15 s of steady mixed traffic on each
 * database with no error; on PostgreSQL a second server process (ONEWINDOW_WORKERS=off) on the same schema: raced
 * moves answer 409 (no lost update), a stored file is served by both, no job or delivery runs twice, catalog
 * publishes through one and two processes, and the chains verify (bench/reliability/soak.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects, testPostgresUrl } from '../src/kernel/db/testing.ts';
import { runSoak } from '../bench/reliability/soak.ts';

for (const db of await testDialects()) {
  test(`[${db}] steady mixed traffic: no error, latency and RSS figures${db === 'postgres' ? ', two processes' : ''}`, async () => {
    const r = await runSoak({ db, full: false, seed: 20261206, pgUrl: testPostgresUrl });
    const f = r.figures;
    assert.equal(r.failures, 0, r.notes.join('\n'));
    assert.equal(f.errors, 0);
    assert.ok(Number(f.requests) > 100, `requests: ${f.requests}`);
    assert.ok(Number(f.writes) > 20, `writes: ${f.writes}`);
    assert.ok(Number(f.p50Ms) > 0 && Number(f.p50Ms) <= Number(f.p95Ms) && Number(f.p95Ms) <= Number(f.p99Ms));
    assert.ok(Number(f.rssSamples) >= 10 && Number(f.rssStartMb) > 20, `RSS sampled: ${f.rssSamples}`);
    assert.equal(f.auditVerifyExit, 0);
    if (db === 'postgres') {
      assert.equal(f['twoProcesses.errors'], 0);
      assert.equal(f['twoProcesses.lostUpdates'], 0);
      assert.equal(f['twoProcesses.conflictsAnswered409'], f['twoProcesses.racedMoves']);
      assert.equal(f['twoProcesses.fileSharedAcrossProcesses'], 'yes');
      assert.equal(f['twoProcesses.jobsRunTwice'], 0);
      assert.equal(f['twoProcesses.deliveriesRunTwice'], 0);
      assert.ok(Number(f['publishes.perSecOneProcess']) > 0 && Number(f['publishes.perSecTwoProcesses']) > 0);
    }
  });
}
