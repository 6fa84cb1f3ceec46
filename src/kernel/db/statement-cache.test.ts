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
