/**
 * WAL checkpoints on a worker thread (checkpointer.ts): a SQLite-only mechanism, so this test has no PostgreSQL half.
 * The worker copies committed pages back into the database file while the server's connection keeps writing and
 * reading, and closing the database stops it and leaves no WAL behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { openDb } from './connect.ts';
import { BACKSTOP_AUTOCHECKPOINT_PAGES } from './checkpointer.ts';

test('a background checkpointer copies the WAL back while the connection writes; close stops it and removes the WAL', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-ckpt-'));
  const file = path.join(dir, 'db.sqlite');
  try {
    const db = await openDb({ sqliteFile: file, checkpointInBackground: true });
    assert.ok(db.checkpointer, 'a file database opened so has a checkpointer');
    const k = db.db as never as import('kysely').Kysely<Record<string, { n: number; body: string }>>;
    const auto = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(k);
    assert.equal(auto.rows[0].wal_autocheckpoint, BACKSTOP_AUTOCHECKPOINT_PAGES, 'the connection only backstops');
    await sql`create table t (n integer primary key, body text)`.execute(k);
    let written = 0;
    // Commits keep coming until the worker has copied some of them back (it runs every 250 ms).
    while ((await db.checkpointer!.framesCheckpointed()) === 0) {
      for (let i = 0; i < 50; i++, written++)
        await k
          .insertInto('t')
          .values({ n: written, body: 'x'.repeat(500) })
          .execute();
      await sleep(50);
    }
    const count = await sql<{ n: number }>`select count(*) as n from t`.execute(k);
    assert.equal(Number(count.rows[0].n), written, 'every committed row reads back');
    await db.close();
    assert.equal(fs.existsSync(`${file}-wal`), false, 'the last connection closed checkpoints and removes the WAL');
    const again = await openDb({ sqliteFile: file });
    const after = await sql<{ n: number }>`select count(*) as n from t`.execute(again.db);
    assert.equal(Number(after.rows[0].n), written);
    assert.equal(again.checkpointer, null, 'without the option: SQLite checkpoints in the commit, as before');
    await again.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an in-memory database has no checkpointer', async () => {
  const db = await openDb({ sqliteFile: ':memory:', checkpointInBackground: true });
  assert.equal(db.checkpointer, null);
  await db.close();
});
