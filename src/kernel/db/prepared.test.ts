/** preparedQuery: compiled once per database kind, run with new arguments, in and out of transactions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { freshDb, testDialects } from './testing.ts';
import { preparedQuery } from './prepared.ts';
import { rollbacksBegun } from './connect.ts';

// The scratch table is not part of any module's schema.
type Scratch = Kysely<{ scratch: { id: number; label: string; note: string | null } }>;
const scratch = (db: unknown) => db as Scratch;

const insert = preparedQuery((db, id: number, label: string, note: string | null) =>
  scratch(db).insertInto('scratch').values({ id, label, note }),
);
const byLabel = preparedQuery((db, label: string) =>
  scratch(db).selectFrom('scratch').select(['id', 'note']).where('label', '=', label).where('id', '>', 0).orderBy('id'),
);

for (const dialect of await testDialects()) {
  test(`[${dialect}] a prepared query runs with each call's arguments, on the database and in a transaction`, async () => {
    const d = await freshDb(dialect);
    try {
      await sql`create table scratch (id integer primary key, label text not null, note text)`.execute(d.db);
      await insert(d.db, 1, 'a', null);
      await insert(d.db, 2, 'b', 'second');
      await d.db.transaction().execute(async (tx) => {
        await insert(tx, 3, 'a', 'third');
        assert.deepEqual((await byLabel(tx, 'a')).rows, [
          { id: 1, note: null },
          { id: 3, note: 'third' },
        ]);
      });
      await assert.rejects(
        d.db.transaction().execute(async (tx) => {
          await insert(tx, 4, 'a', null);
          throw new Error('roll back');
        }),
        /roll back/,
      );
      assert.deepEqual(
        (await byLabel(d.db, 'a')).rows.map((r) => r.id),
        [1, 3],
        'the rolled-back row is gone',
      );
      assert.deepEqual((await byLabel(d.db, 'b')).rows, [{ id: 2, note: 'second' }]);
      assert.deepEqual((await byLabel(d.db, 'none')).rows, []);
      if (dialect === 'postgres') {
        // The connection sent it as a named statement: PostgreSQL keeps it prepared for the connection's life.
        await d.db.transaction().execute(async (tx) => {
          await byLabel(tx, 'a');
          const named = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(tx);
          assert.ok(
            named.rows.some((r) => r.statement.includes('from "scratch" where "label" = $1')),
            JSON.stringify(named.rows),
          );
        });
      }
    } finally {
      await d.drop();
    }
  });
}

type Flagged = Kysely<{ flagged: { id: number; meta: unknown; flag: boolean } }>;
const insertFlagged = preparedQuery((db, id: number, meta: unknown, flag: boolean) =>
  (db as unknown as Flagged).insertInto('flagged').values({ id, meta: meta as never, flag }),
);
const flaggedById = preparedQuery((db, id: number) =>
  (db as unknown as Flagged).selectFrom('flagged').selectAll().where('id', '=', id),
);

for (const dialect of await testDialects()) {
  test(`[${dialect}] a prepared query converts JSON and boolean columns, reports the rows it changed, and never reads another transaction's uncommitted rows`, async () => {
    const d = await freshDb(dialect);
    try {
      d.adapter.columns.declare({ flagged: { json: ['meta'], bool: ['flag'] } });
      await sql`create table flagged (id integer primary key, meta ${sql.raw(d.adapter.jsonType)} not null, flag ${sql.raw(d.adapter.booleanType)} not null)`.execute(
        d.db,
      );
      const inserted = await insertFlagged(d.db, 1, { a: [1, 'x'] }, true);
      assert.equal(inserted.numAffectedRows, 1n);
      assert.deepEqual((await flaggedById(d.db, 1)).rows, [{ id: 1, meta: { a: [1, 'x'] }, flag: true }]);
      await assert.rejects(insertFlagged(d.db, 1, {}, false), 'a constraint error rejects the promise');

      // A transaction holding an uncommitted row and waiting: a read on the database outside it must not see the row
      // (on SQLite, one connection: the read waits for the transaction to end), and then sees it committed.
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let inside!: () => void;
      const entered = new Promise<void>((r) => (inside = r));
      const tx = d.db.transaction().execute(async (t) => {
        await insertFlagged(t, 2, null, false);
        assert.deepEqual((await flaggedById(t, 2)).rows, [{ id: 2, meta: null, flag: false }], 'its own row, inside');
        inside();
        await held;
      });
      await entered;
      const outside = flaggedById(d.db, 2);
      const seenEarly = await Promise.race([
        outside.then((r) => r.rows.length),
        new Promise((r) => setTimeout(r, 50, 'waiting')),
      ]);
      assert.ok(seenEarly === 'waiting' || seenEarly === 0, `an uncommitted row was read outside its transaction`);
      release();
      await tx;
      const after = (await outside).rows.length;
      assert.ok(dialect === 'postgres' ? after === 0 : after === 1, `read after the commit: ${after}`);
      assert.equal((await flaggedById(d.db, 2)).rows.length, 1);
    } finally {
      await d.drop();
    }
  });

  test(`[${dialect}] every rollback is counted, a commit is not`, async () => {
    const d = await freshDb(dialect);
    try {
      const before = rollbacksBegun();
      await d.db.transaction().execute(async (tx) => {
        await sql`select 1`.execute(tx);
      });
      assert.equal(rollbacksBegun(), before, 'a commit counts nothing');
      await assert.rejects(
        d.db.transaction().execute(async () => {
          throw new Error('roll back');
        }),
        /roll back/,
      );
      assert.equal(rollbacksBegun(), before + 1);
    } finally {
      await d.drop();
    }
  });
}

test('an argument that would change the SQL text is refused when the query is built', async () => {
  const d = await freshDb('sqlite');
  try {
    await sql`create table scratch (id integer primary key, label text not null, note text)`.execute(d.db);
    const byColumn = preparedQuery((db, column: string) =>
      scratch(db)
        .selectFrom('scratch')
        .select('id')
        .where(sql<boolean>`${sql.ref(column)} = 1`),
    );
    assert.throws(() => byColumn(d.db, 'id'), /argument 0 is not a bound parameter/);
  } finally {
    await d.drop();
  }
});
