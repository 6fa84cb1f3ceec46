/**
 * Group commit on the SQLite connection (group-commit.ts): a SQLite-only mechanism, so this test has no PostgreSQL
 * half. A second connection on the same file is the outside observer: it sees only what has committed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { openDb, type Db } from './connect.ts';

type Tables = { t: { n: number; parent: number | null } };

async function withDatabase(fn: (k: Kysely<Tables>, outside: SQLite.Database, db: Db) => Promise<void>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-group-'));
  const file = path.join(dir, 'db.sqlite');
  const db = await openDb({ sqliteFile: file });
  const k = db.db as never as Kysely<Tables>;
  // A deferred foreign key is checked by COMMIT itself: the way to make a group's COMMIT fail in a test.
  await sql`create table t (n integer primary key, parent integer references t(n) deferrable initially deferred)`.execute(
    k,
  );
  const outside = new SQLite(file);
  try {
    await fn(k, outside, db);
  } finally {
    outside.close();
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const committedRows = (outside: SQLite.Database) =>
  (outside.prepare('select n from t order by n').all() as { n: number }[]).map((r) => r.n);

test('transactions finishing in one turn commit together; each is told only once the group has committed', async () => {
  await withDatabase(async (k, outside) => {
    const seenOutside: number[][] = [];
    const seenInside: number[][] = [];
    const done: number[] = [];
    const write = (n: number) =>
      k
        .transaction()
        .execute(async (tx) => {
          seenOutside.push(committedRows(outside));
          seenInside.push((await tx.selectFrom('t').select('n').orderBy('n').execute()).map((r) => r.n));
          await tx.insertInto('t').values({ n, parent: null }).execute();
        })
        .then(() => {
          done.push(n);
          assert.deepEqual(committedRows(outside), [1, 2, 3], `transaction ${n} resolves after the group's COMMIT`);
        });
    await Promise.all([write(1), write(2), write(3)]);
    assert.deepEqual(seenInside, [[], [1], [1, 2]], 'each ran after the one before, on the same connection');
    assert.deepEqual(seenOutside, [[], [], []], 'no other connection saw a row before the group committed');
    assert.deepEqual(done.sort(), [1, 2, 3]);
  });
});

test('a transaction that rolls back takes only its own writes with it', async () => {
  await withDatabase(async (k, outside) => {
    const write = (n: number, fail: boolean) =>
      k.transaction().execute(async (tx) => {
        await tx.insertInto('t').values({ n, parent: null }).execute();
        if (fail) throw new Error(`transaction ${n} fails`);
      });
    const results = await Promise.allSettled([write(1, false), write(2, true), write(3, false), write(4, true)]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled', 'rejected'],
    );
    assert.deepEqual(committedRows(outside), [1, 3]);
    // Alone in the group, a rollback ends the transaction: nothing stays open.
    await assert.rejects(write(5, true), /transaction 5 fails/);
    assert.equal(committedRows(outside).includes(5), false);
    assert.deepEqual(
      (await k.selectFrom('t').select('n').orderBy('n').execute()).map((r) => r.n),
      [1, 3],
    );
  });
});

test('a query outside any transaction commits the open group first, so it never reads uncommitted work', async () => {
  await withDatabase(async (k, outside) => {
    let released!: () => void;
    const writeReleased = new Promise<void>((resolve) => (released = resolve));
    const write = k.transaction().execute(async (tx) => {
      await tx.insertInto('t').values({ n: 1, parent: null }).execute();
      // The commit runs right after this callback returns; the read below is queued behind it.
      queueMicrotask(released);
    });
    await writeReleased;
    const read = await k.selectFrom('t').select('n').execute();
    assert.deepEqual(
      read.map((r) => r.n),
      [1],
    );
    assert.deepEqual(committedRows(outside), [1], 'the read committed the group before it ran');
    await write;
  });
});

test('a group whose COMMIT fails tells every member so, and keeps none of their writes', async () => {
  await withDatabase(async (k, outside) => {
    const write = (n: number, parent: number | null) =>
      k.transaction().execute(async (tx) => {
        await tx.insertInto('t').values({ n, parent }).execute();
      });
    // Row 2 names a parent that never exists: the deferred key fails the COMMIT of the group 1, 2 and 3 are in.
    const results = await Promise.allSettled([write(1, null), write(2, 99), write(3, null)]);
    for (const r of results) {
      assert.equal(r.status, 'rejected');
      assert.match(String((r as PromiseRejectedResult).reason), /FOREIGN KEY/);
    }
    assert.deepEqual(committedRows(outside), []);
    // The connection goes on: the next transaction starts a new group.
    await write(4, null);
    assert.deepEqual(committedRows(outside), [4]);
  });
});

test('closing the database commits a group still open', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-group-'));
  const file = path.join(dir, 'db.sqlite');
  try {
    const db = await openDb({ sqliteFile: file });
    const k = db.db as never as Kysely<Tables>;
    await sql`create table t (n integer primary key, parent integer)`.execute(k);
    const write = k.transaction().execute((tx) => tx.insertInto('t').values({ n: 7, parent: null }).execute());
    await db.close();
    await write;
    const again = new SQLite(file);
    assert.deepEqual(committedRows(again), [7]);
    again.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
