/**
 * Ticket numbers under concurrency, on every dialect: creates at once get distinct numbers, no stored number is
 * reused, and a repeated Idempotency-Key (even racing the first request) takes no number.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { api, hotlineApp, SAMPLE_TICKET, type Headers } from './test-fixtures.ts';

const dialects = await testDialects();

// Zhengzhou's center (410100) on 2026-12-01, Shanghai: the test clock's day.
const numbered = (n: number) => `410100261201${String(n).padStart(5, '0')}`;

for (const dialect of dialects) {
  test(`[${dialect}] ticket numbers: concurrent creates distinct and consecutive, a repeated key takes none, none reused`, async () => {
    const t = await hotlineApp(dialect);
    try {
      const a = api(t);
      const op = await t.login('hotline.zhengzhou');
      const create = (key: string, extra: Record<string, unknown> = {}) =>
        a.call('POST', '/api/v1/hotline/tickets', { ...op, 'idempotency-key': key } as Headers, {
          ...SAMPLE_TICKET,
          ...extra,
        });

      // Twelve creates at once: each answered 201 with its own number, 1 to 12 (nothing rolled back, so no gap).
      const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => create(`burst-${i}`)));
      for (const r of burst) assert.equal(r.statusCode, 201, r.body);
      const numbers = burst.map((r) => r.json().number as string).sort();
      assert.deepEqual(
        numbers,
        Array.from({ length: 12 }, (_, i) => numbered(i + 1)),
      );

      // One key sent three times at once, then again: one ticket, one number, and the next create gets the next one.
      const same = await Promise.all([create('twice'), create('twice'), create('twice')]);
      const later = await create('twice');
      for (const r of [...same, later]) {
        assert.equal(r.statusCode, 201, r.body);
        assert.equal(r.json().number, numbered(13));
      }
      assert.equal([...same, later].filter((r) => r.headers['idempotent-replayed'] === 'false').length, 1);
      const next = await create('after-twice');
      assert.equal(next.json().number, numbered(14));

      // A create that fails after taking its number (dispatch to an unknown department) stores nothing. On SQLite its
      // number is taken again; on PostgreSQL it was taken outside the transaction and stays a gap, never reused.
      const failed = await create('fails', { dispatch: { department: '410100-NOPE' } });
      assert.ok(failed.statusCode >= 400 && failed.statusCode < 500, failed.body);
      const after = await create('after-failed');
      assert.equal(after.statusCode, 201, after.body);
      assert.equal(after.json().number, numbered(dialect === 'sqlite' ? 15 : 16));

      // Stored: every number once (the unique index would have refused a second one with a 500 above).
      const rows = await t.k.db.selectFrom('hotline_tickets').select('number').execute();
      assert.equal(rows.length, 15);
      assert.equal(new Set(rows.map((r) => r.number)).size, rows.length);
    } finally {
      await t.close();
    }
  });
}
