/** The JSON and boolean column plugin (columns.ts) on every dialect, and its declarations against the real schema. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testDialects, migratedDb } from './testing.ts';
import { allMigrations, testApp } from '../../server/testing.ts';
import { insertRows } from './bulk.ts';
import { enqueueJob } from '../jobs.ts';
import './kernel-tables.ts';

const dialects = await testDialects();

for (const dialect of dialects) {
  test(`[${dialect}] JSON and booleans round-trip as values, in values, set, where and bulk inserts`, async () => {
    const db = await migratedDb(dialect, allMigrations());
    try {
      const row = {
        id: 'w1',
        url: 'https://example.test/hook',
        description: null,
        secret: 'x',
        event_types: ['a.*', 'b'],
        active: true,
        created_at: '2026-01-01T00:00:00.000Z',
        created_by: 'u',
        deleted_at: null,
      };
      await db.db.insertInto('kernel_webhooks').values(row).execute();
      await insertRows(db.db, db.adapter, 'kernel_webhooks', [{ ...row, id: 'w2', active: false, event_types: [] }]);
      const active = await db.db.selectFrom('kernel_webhooks').selectAll().where('active', '=', true).execute();
      assert.deepEqual(active, [row]);
      await db.db
        .updateTable('kernel_webhooks')
        .set({ active: false, event_types: 'a string' })
        .where('id', 'in', ['w1'])
        .execute();
      const all = await db.db
        .selectFrom('kernel_webhooks')
        .select(['id', 'active', 'event_types'])
        .orderBy('id')
        .execute();
      assert.deepEqual(all, [
        { id: 'w1', active: false, event_types: 'a string' },
        { id: 'w2', active: false, event_types: [] },
      ]);
      // Stored as each dialect's JSON: a JSON string, not the bare text.
      const raw = await sql<{
        t: string;
      }>`select cast(event_types as text) as t from kernel_webhooks where id = 'w1'`.execute(db.db);
      assert.equal(raw.rows[0].t, '"a string"');
      // A null payload is JSON null (the column is NOT NULL), read back as null.
      await enqueueJob(db.db, db.adapter, { kind: 'k', payload: null, dueAt: new Date('2026-01-01T00:00:00Z') });
      assert.equal((await db.db.selectFrom('kernel_jobs').select('payload').executeTakeFirstOrThrow()).payload, null);
    } finally {
      await db.drop();
    }
  });
}

if (dialects.includes('postgres')) {
  test('[postgres] the declared JSON and boolean columns are exactly the jsonb and boolean columns of every table', async () => {
    const t = await testApp('postgres');
    try {
      const cols = await sql<{ table_name: string; column_name: string; data_type: string }>`
        select table_name, column_name, data_type from information_schema.columns
        where table_schema = current_schema()`.execute(t.k.db);
      const wrong = cols.rows
        .map((c) => {
          const actual = c.data_type === 'jsonb' ? 'json' : c.data_type === 'boolean' ? 'bool' : undefined;
          const declared = t.k.adapter.columns.kindOf(c.table_name, c.column_name);
          return actual === declared ? null : `${c.table_name}.${c.column_name}: ${c.data_type}, declared ${declared}`;
        })
        .filter(Boolean);
      assert.deepEqual(wrong, []);
    } finally {
      await t.close();
    }
  });
}
