/** preparedQuery: compiled once per database kind, run with new arguments, in and out of transactions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { freshDb, testDialects } from './testing.ts';
import { preparedQuery } from './prepared.ts';

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
