/** The hotline module's queries, each usable inside a caller's transaction. */
import type { Executor } from '../../kernel/db/types.ts';
import { preparedQuery } from '../../kernel/db/prepared.ts';
import type { HotlineCenterTable, HotlineTicketTable } from './tables.ts';
import type { TicketStatus } from './model.ts';

// The ticket path's queries, built and compiled once (kernel/db/prepared.ts): a lifecycle runs them ~20 times.
// A ticket with its center's and topic's names and its supervision level, which every presentation shows: one
// statement rather than four.
const withNames = (db: Executor) =>
  db
    .selectFrom('hotline_tickets as t')
    .leftJoin('hotline_centers as c', 'c.id', 't.center_id')
    .leftJoin('hotline_topics as p', 'p.code', 't.topic_code')
    .selectAll('t')
    .select(['c.name as center_name', 'p.name_zh as topic_name'])
    .select((eb) =>
      eb
        .selectFrom('hotline_supervision_orders as o')
        .select((o) => o.fn.max('o.level').as('level'))
        .whereRef('o.ticket_id', '=', 't.id')
        .as('supervision_level'),
    );
const ticketById = preparedQuery((db: Executor, id: string) => withNames(db).where('t.id', '=', id));
const ticketByNumber = preparedQuery((db: Executor, number: string) => withNames(db).where('t.number', '=', number));

/** A stored ticket as read by id or number: its row and, for its presentation, its names and supervision level. */
export type TicketRow = HotlineTicketTable & {
  center_name?: string | null;
  topic_name?: string | null;
  supervision_level?: number | string | null;
};
const allCenters = preparedQuery((db: Executor) => db.selectFrom('hotline_centers').selectAll());
const centerName = preparedQuery((db: Executor, id: string) =>
  db.selectFrom('hotline_centers').select(['id', 'name']).where('id', '=', id),
);
const topicName = preparedQuery((db: Executor, code: string) =>
  db.selectFrom('hotline_topics').select('name_zh').where('code', '=', code),
);
const activeTopic = preparedQuery((db: Executor, code: string, active: number) =>
  db.selectFrom('hotline_topics').select('name_zh').where('code', '=', code).where('active', '=', active),
);
const supervisionLevel = preparedQuery((db: Executor, ticketId: string) =>
  db
    .selectFrom('hotline_supervision_orders')
    .select((eb) => eb.fn.max('level').as('level'))
    .where('ticket_id', '=', ticketId),
);
const nextCounter = preparedQuery((db: Executor, centerId: string, day: string, one: number) =>
  db
    .insertInto('hotline_counters')
    .values({ center_id: centerId, day, n: one })
    .onConflict((oc) =>
      oc.columns(['center_id', 'day']).doUpdateSet((eb) => ({ n: eb('hotline_counters.n', '+', one) })),
    )
    .returning('n'),
);

export async function findTicketRow(db: Executor, id: string): Promise<TicketRow | undefined> {
  return (await ticketById(db, id)).rows[0];
}

export async function findTicketByNumber(db: Executor, number: string): Promise<TicketRow | undefined> {
  return (await ticketByNumber(db, number)).rows[0];
}

/** A center's id and name (a ticket's presentation). */
export async function findCenterName(db: Executor, id: string): Promise<{ id: string; name: string } | undefined> {
  return (await centerName(db, id)).rows[0];
}

/** A topic's Chinese name. */
export async function findTopicName(db: Executor, code: string): Promise<string | undefined> {
  return (await topicName(db, code)).rows[0]?.name_zh;
}

/** An active topic's Chinese name; undefined when there is no such active topic (intake). */
export async function activeTopicName(db: Executor, code: string): Promise<string | undefined> {
  return (await activeTopic(db, code, 1)).rows[0]?.name_zh;
}

export async function findCenterRow(db: Executor, id: string): Promise<HotlineCenterTable | undefined> {
  return db.selectFrom('hotline_centers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listCenterRows(db: Executor): Promise<HotlineCenterTable[]> {
  return db.selectFrom('hotline_centers').selectAll().orderBy('region').execute();
}

/** The center for a location: the city center whose region holds it, else the province's (the nearest up). */
export async function centerFor(db: Executor, regionChain: string[]): Promise<HotlineCenterTable | undefined> {
  // A handful of centers: all of them in one prepared query, picked here (a list in SQL would change its text).
  const rows = (await allCenters(db)).rows;
  for (const r of regionChain) {
    const hit = rows.find((c) => c.region === r);
    if (hit) return hit;
  }
  return undefined;
}

/** The next ticket number of a center for a Shanghai day (1, 2, …): one upsert (where: numbers.ts). */
export async function nextSequence(db: Executor, centerId: string, day: string): Promise<number> {
  const r = (await nextCounter(db, centerId, day, 1)).rows[0];
  return Number(r.n);
}

export async function supervisionLevelOf(db: Executor, ticketId: string): Promise<number> {
  const r = (await supervisionLevel(db, ticketId)).rows[0];
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
