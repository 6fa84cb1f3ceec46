/**
 * The reduced form of `npm run bench:reliability`'s tamper-evidence part (bench/reliability/receipts.ts), on every
 * dialect: each tampering experiment once — the two rewrites after the last checkpoint caught by their receipts, the
 * chain's edits, deletes, inserts and reorders, an altered certificate and draw record — each detected and located.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../src/kernel/db/testing.ts';
import { tamperExperiments } from '../bench/reliability/receipts.ts';

const dialects = await testDialects();

for (const dialect of dialects) {
  test(`[${dialect}] tamper evidence: every experiment detected and located`, async () => {
    const results = await tamperExperiments(dialect, 1);
    assert.equal(results.length, 10);
    for (const r of results) assert.ok(r.detected, `${r.name}: ${r.where}`);
    const where = Object.fromEntries(results.map((r) => [r.name, r.where]));
    assert.match(
      where['newest link dropped, head moved back'],
      /^receipt: deleted at chain \d+ position \d+ \(chain check alone: passes\)/,
    );
    assert.match(
      where['newest entry re-hashed consistently'],
      /^receipt: edited at chain \d+ position \d+ \(chain check alone: passes\)/,
    );
    assert.match(where['stored certificate edited (holder name)'], /holder name differ/);
    assert.match(where['stored credential altered (validity extended)'], /signature does not verify/);
    assert.match(
      where['published draw record edited'],
      /the seal action \(chain \d+ position \d+\) sealed [0-9a-f]{64}/,
    );
  });
}
