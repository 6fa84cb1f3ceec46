/** The SQLite statement cache in connect.ts: one prepared statement per SQL text, bounded, and safe while iterating. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import SQLite from 'better-sqlite3';
import { withStatementCache } from './connect.ts';

test('the same SQL gives back the same prepared statement; the least recently used is dropped past the bound', () => {
  const raw = new SQLite(':memory:');
  const db = withStatementCache(raw, 2);
  const a = db.prepare('select 1 as n');
  assert.equal(db.prepare('select 1 as n'), a);
  const b = db.prepare('select 2 as n');
  assert.equal(db.prepare('select 1 as n'), a, 'a hit makes it the most recent');
  db.prepare('select 3 as n'); // evicts 'select 2', the least recently used
  assert.equal(db.prepare('select 1 as n'), a);
  assert.notEqual(db.prepare('select 2 as n'), b, 'an evicted statement is prepared again');
  assert.deepEqual(a.get(), { n: 1 });
  db.close();
});

test('a statement still being iterated is not handed out again: the caller gets a fresh one', () => {
  const raw = new SQLite(':memory:');
  raw.exec('create table t (n integer); insert into t values (1), (2), (3);');
  const db = withStatementCache(raw);
  const sql = 'select n from t order by n';
  const it = db.prepare(sql).iterate() as IterableIterator<{ n: number }>;
  assert.equal(it.next().value.n, 1);
  const other = db.prepare(sql);
  assert.deepEqual(other.all(), [{ n: 1 }, { n: 2 }, { n: 3 }]);
  assert.equal(it.next().value.n, 2);
  it.return?.();
  db.close();
});

test('rows come back as plain objects with every column, duplicate names keeping the last, by all, get and iterate', () => {
  const raw = new SQLite(':memory:');
  raw.exec(
    "create table t (id text, n integer, flag integer, note text); insert into t values ('a', 1, 1, null), ('b', 2, 0, 'x');",
  );
  const db = withStatementCache(raw);
  const rows = db.prepare('select * from t where flag = ? or n = ? order by id').all([true, 2]);
  assert.deepEqual(rows, [
    { id: 'a', n: 1, flag: 1, note: null },
    { id: 'b', n: 2, flag: 0, note: 'x' },
  ]);
  assert.equal(Object.getPrototypeOf(rows[0]), Object.prototype);
  assert.deepEqual(db.prepare('select t.id, u.id from t, t as u where t.id = ? and u.id = ?').get(['a', 'b']), {
    id: 'b',
  });
  assert.deepEqual(
    [...(db.prepare('select id from t order by id').iterate() as Iterable<unknown>)],
    [{ id: 'a' }, { id: 'b' }],
  );
  // Names a literal must quote (the constructor's path), and `__proto__` (better-sqlite3's own objects).
  for (const odd of [`select 2 as "a b", 3 as "x"" '", 4 as "\\", 5 as "}"`, 'select 1 as "__proto__", 2 as b'])
    assert.deepEqual(db.prepare(odd).get(), raw.prepare(odd).get(), odd);
  assert.equal(db.prepare("update t set note = 'y' where id = ?").run(['a']).changes, 1);
  db.close();
});
