/** The hotline module's queries, each usable inside a caller's transaction. */
import type { Executor } from '../../kernel/db/types.ts';
import type { HotlineCenterTable, HotlineTicketTable } from './tables.ts';
import type { TicketStatus } from './model.ts';

export async function findTicketRow(db: Executor, id: string): Promise<HotlineTicketTable | undefined> {
  return db.selectFrom('hotline_tickets').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findTicketByNumber(db: Executor, number: string): Promise<HotlineTicketTable | undefined> {
  return db.selectFrom('hotline_tickets').selectAll().where('number', '=', number).executeTakeFirst();
}

export async function findCenterRow(db: Executor, id: string): Promise<HotlineCenterTable | undefined> {
  return db.selectFrom('hotline_centers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listCenterRows(db: Executor): Promise<HotlineCenterTable[]> {
  return db.selectFrom('hotline_centers').selectAll().orderBy('region').execute();
}

/** The center for a location: the city center whose region holds it, else the province's (the nearest up). */
export async function centerFor(db: Executor, regionChain: string[]): Promise<HotlineCenterTable | undefined> {
  const rows = await db.selectFrom('hotline_centers').selectAll().where('region', 'in', regionChain).execute();
  for (const r of regionChain) {
    const hit = rows.find((c) => c.region === r);
    if (hit) return hit;
  }
  return undefined;
}

/** The next ticket number of a center for a Shanghai day (1, 2, …), in the caller's transaction. */
export async function nextSequence(db: Executor, centerId: string, day: string): Promise<number> {
  await db
    .insertInto('hotline_counters')
    .values({ center_id: centerId, day, n: 0 })
    .onConflict((oc) => oc.columns(['center_id', 'day']).doNothing())
    .execute();
  await db
    .updateTable('hotline_counters')
    .set((eb) => ({ n: eb('n', '+', 1) }))
    .where('center_id', '=', centerId)
    .where('day', '=', day)
    .execute();
  const r = await db
    .selectFrom('hotline_counters')
    .select('n')
    .where('center_id', '=', centerId)
    .where('day', '=', day)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function supervisionLevelOf(db: Executor, ticketId: string): Promise<number> {
  const r = await db
    .selectFrom('hotline_supervision_orders')
    .select((eb) => eb.fn.max('level').as('level'))
    .where('ticket_id', '=', ticketId)
    .executeTakeFirst();
  return Number(r?.level ?? 0);
}

export async function ticketsMergedInto(db: Executor, id: string): Promise<HotlineTicketTable[]> {
  return db.selectFrom('hotline_tickets').selectAll().where('merged_into', '=', id).orderBy('id').execute();
}

export const isClosed = (s: string) =>
  (
    [
      'answered',
      'closed_resolved',
      'closed_explained',
      'closed_unconfirmed',
      'closed_unresolved',
      'merged',
    ] as TicketStatus[]
  ).includes(s as TicketStatus);
