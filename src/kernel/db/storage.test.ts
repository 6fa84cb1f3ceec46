/** The storage layer on every dialect: migrations up and down, byte order, atomic transactions across modules, the audit chain. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testDialects, freshDb, migratedDb } from './testing.ts';
import { migrateDown, migrateToLatest, pendingMigrations } from './migrate.ts';
import { allMigrations } from '../../server/testing.ts';
import { recordAction, actionsOf, linkHash } from '../audit.ts';
import '../db/kernel-tables.ts';

const dialects = await testDialects();

for (const dialect of dialects) {
  test(`[${dialect}] every migration goes up and all the way down again`, async () => {
    const db = await freshDb(dialect);
    try {
      const defs = allMigrations();
      const up = await migrateToLatest(db.db, db.adapter, defs);
      assert.equal(up.length, defs.length);
      assert.deepEqual(await pendingMigrations(db.db, db.adapter, defs), []);
      assert.deepEqual(await migrateToLatest(db.db, db.adapter, defs), [], 'a second run applies nothing');
      const down = await migrateDown(db.db, db.adapter, defs, defs.length);
      assert.equal(down.length, defs.length);
      assert.equal((await pendingMigrations(db.db, db.adapter, defs)).length, defs.length);
      await migrateToLatest(db.db, db.adapter, defs); // and up again after a full down
    } finally {
      await db.drop();
    }
  });

  test(`[${dialect}] hash columns sort by bytes, not by locale`, async () => {
    const db = await migratedDb(dialect, allMigrations());
    try {
      // 'B' (0x42) < 'a' (0x61) in byte order; most locale collations put 'a' first.
      await db.db.updateTable('kernel_chain_heads').set({ hash: 'a' }).where('chain', '=', 0).execute();
      await db.db.updateTable('kernel_chain_heads').set({ hash: 'B' }).where('chain', '=', 1).execute();
      const rows = await db.db
        .selectFrom('kernel_chain_heads')
        .select('hash')
        .where('chain', 'in', [0, 1])
        .orderBy('hash')
        .execute();
      assert.deepEqual(
        rows.map((r) => r.hash),
        ['B', 'a'],
      );
    } finally {
      await db.drop();
    }
  });

  test(`[${dialect}] a failed transaction leaves neither the change nor its audit action`, async () => {
    const db = await migratedDb(dialect, allMigrations());
    try {
      const at = new Date('2026-12-01T00:00:00Z');
      await assert.rejects(
        db.db.transaction().execute(async (tx) => {
          await recordAction(
            tx,
            db.adapter,
            {
              actor: { id: 'u1', role: 'admin' },
              at,
              action: 'test',
              subjectType: 'thing',
              subjectId: 'x1',
              event: { type: 'test.thing.tested', payload: {} },
            },
            { hashAlg: 'sha256' },
          );
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal((await actionsOf(db.db, 'thing', 'x1')).length, 0);
      const outbox = await db.db.selectFrom('kernel_outbox').selectAll().execute();
      assert.equal(outbox.length, 0);
      const heads = await db.db
        .selectFrom('kernel_chain_heads')
        .select(sql<number>`max(position)`.as('p'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(heads.p), 0);
    } finally {
      await db.drop();
    }
  });

  test(`[${dialect}] actions on one subject form a hash chain`, async () => {
    const db = await migratedDb(dialect, allMigrations());
    try {
      for (let i = 0; i < 3; i++) {
        await db.db.transaction().execute((tx) =>
          recordAction(
            tx,
            db.adapter,
            {
              actor: { id: 'u1', role: 'admin' },
              at: new Date(Date.UTC(2026, 11, 1, 0, i)),
              action: `step${i}`,
              subjectType: 'thing',
              subjectId: 'x1',
              after: { i },
            },
            { hashAlg: 'sha256' },
          ),
        );
      }
      const acts = await actionsOf(db.db, 'thing', 'x1');
      assert.deepEqual(
        acts.map((a) => a.position),
        [1, 2, 3],
      );
      const links = await db.db
        .selectFrom('kernel_audit_links')
        .selectAll()
        .where('chain', '=', acts[0].chain)
        .orderBy('position')
        .execute();
      let prev = '0'.repeat(64);
      for (const [i, l] of links.entries()) {
        assert.equal(l.prev_hash, prev);
        assert.equal(l.hash, linkHash(prev, acts[i]));
        prev = l.hash;
      }
    } finally {
      await db.drop();
    }
  });
}
