/**
 * Case numbers under concurrency, on every dialect: filings at once get distinct, consecutive numbers, and a
 * repeated Idempotency-Key (even racing the first request) takes no number.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp } from '../../server/testing.ts';
import { FILLED, publishedItem } from './test-fixtures.ts';

const dialects = await testDialects();
const numbered = (n: number) => `410105-20261201-${String(n).padStart(5, '0')}`;

for (const dialect of dialects) {
  test(`[${dialect}] case numbers: concurrent filings distinct and consecutive, a repeated key takes none`, async () => {
    const t = await testApp(dialect); // 2026-12-01, Shanghai
    try {
      const { itemId } = await publishedItem(t);
      const citizen = await t.login('citizen.demo');
      const file = (key: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/cases',
          headers: { ...citizen, 'idempotency-key': key },
          payload: { itemId, region: '410105', form: FILLED },
        });

      const burst = await Promise.all(Array.from({ length: 8 }, (_, i) => file(`burst-${i}`)));
      for (const r of burst) assert.equal(r.statusCode, 201, r.body);
      assert.deepEqual(
        burst.map((r) => r.json().number as string).sort(),
        Array.from({ length: 8 }, (_, i) => numbered(i + 1)),
      );

      const same = await Promise.all([file('twice'), file('twice'), file('twice')]);
      for (const r of same) {
        assert.equal(r.statusCode, 201, r.body);
        assert.equal(r.json().number, numbered(9));
      }
      assert.equal((await file('after-twice')).json().number, numbered(10));

      const rows = await t.k.db.selectFrom('cases_cases').select('number').execute();
      assert.equal(new Set(rows.map((r) => r.number)).size, rows.length);
    } finally {
      await t.close();
    }
  });
}
