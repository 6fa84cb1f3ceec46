/**
 * Human-readable numbers (hotline tickets, cases, bundle applications) come from a counter row per scope and day,
 * bumped by one upsert `… returning n`. Where that upsert runs decides how long the counter's row lock is held.
 *
 * In the creating transaction the lock lasts until that transaction commits, so on PostgreSQL every other create of
 * the same scope and day waits for the whole transaction (issue 12: hotline creates at 2–3× the latency of the other
 * writes). On PostgreSQL the number is therefore taken on a connection of its own and committed at once: still
 * unique (each committed upsert returns a value no other returned), but a create that rolls back afterwards leaves a
 * gap, and numbers may become visible slightly out of order. SQLite has one writer whose transaction holds the
 * database's write lock anyway: there the number is taken in the creating transaction, without gaps.
 *
 * A creating route with an Idempotency-Key claims its key before the write (`idempotent(…, TAKES_NUMBER)`), so
 * a repeated key never reaches the counter and burns no number.
 */
import type { Kysely } from 'kysely';
import type { Database, Executor } from './types.ts';

/** Per main database (PostgreSQL only): the small pool that takes numbers outside the write transactions. */
const numberTakers = new WeakMap<Kysely<Database>, Kysely<Database>>();

/** Numbers for `db` are to be taken on `taker`, a pool of its own, committing each upsert at once (connect.ts). */
export function takeNumbersOn(db: Kysely<Database>, taker: Kysely<Database>): void {
  numberTakers.set(db, taker);
}

/** Whether numbers for `db` are taken outside the write transactions (PostgreSQL). */
export function takesNumbersOutsideTx(db: Kysely<Database>): boolean {
  return numberTakers.has(db);
}

/**
 * Runs `bump` (one counter upsert returning the next number) on PostgreSQL's number pool, outside `tx`; on SQLite
 * (or a database without one) in `tx`. `db` is the kernel's database (`k.db`), which names the pool.
 */
export function takeNumber<T>(db: Kysely<Database>, tx: Executor, bump: (on: Executor) => Promise<T>): Promise<T> {
  return bump(numberTakers.get(db) ?? tx);
}
