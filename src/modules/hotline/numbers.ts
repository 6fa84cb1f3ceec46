/**
 * Ticket numbers (工单编号), human-readable and documented (docs/hotline.md): the center's 6-digit region, the
 * Shanghai date as YYMMDD and a 5-digit sequence per center and day — 410100 261201 00001 → `41010026120100001`.
 * 17 digits, sortable by center and day, unique (a counter row per center and day, one upsert). On PostgreSQL the
 * number is taken outside the creating transaction so that creates do not queue on the counter's row lock; a create
 * that rolls back leaves a gap there (kernel/db/numbers.ts).
 */
import type { Kysely } from 'kysely';
import type { Database, Executor } from '../../kernel/db/types.ts';
import { takeNumber } from '../../kernel/db/numbers.ts';
import { shanghaiDate } from '../../kernel/calendar/index.ts';
import { nextSequence } from './repository.ts';

export const TICKET_NUMBER = /^\d{17}$/;

/** `db` is the kernel's database (`k.db`), `tx` the creating transaction. */
export async function nextTicketNumber(
  db: Kysely<Database>,
  tx: Executor,
  center: { id: string; region: string },
  now: Date,
) {
  const day = shanghaiDate(now); // YYYY-MM-DD
  const n = await takeNumber(db, tx, (on) => nextSequence(on, center.id, day));
  return `${center.region}${day.slice(2, 4)}${day.slice(5, 7)}${day.slice(8, 10)}${String(n).padStart(5, '0')}`;
}
