/**
 * The hotline's dashboard figures for a center side's region: tickets by status (each closure state its own
 * figure), the overdue ones, the on-time reply rate, callback satisfaction (unreached counted apart, never as
 * satisfied) and the hot topics of each week. Every figure is computed on the kernel's clock.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Ctx } from '../../kernel/context.ts';
import { addDays, shanghaiDate } from '../../kernel/calendar/index.ts';
import { closureCounts, regionPrefix } from './oversight.ts';
import { ACTIVE, SUBJECT_TYPE } from './deadlines.ts';
import type { TicketStatus } from './model.ts';

export interface Dashboard {
  /** The region the figures cover (the caller's), null for the whole platform. */
  region: string | null;
  byStatus: Record<TicketStatus, number>;
  /** Tickets still waiting for a reply whose response or handling deadline has passed. */
  overdue: number;
  /** Tickets being handled (dispatched, returned, accepted, extension requested). */
  inHandling: number;
  /** Replies in the period: on time (at or before the handling deadline) and late. */
  replies: { onTime: number; late: number };
  /** Callbacks in the period by result; unreached callers are their own figure. */
  satisfaction: { satisfied: number; basically_satisfied: number; unsatisfied: number; unreached: number };
  /** Per week (Monday, Shanghai), the most frequent topics of the tickets registered that week. */
  hotTopics: Array<{ week: string; total: number; topics: Array<{ code: string; name: string; count: number }> }>;
  /** 办不成事 reports registered in the period. */
  cannotGetDone: number;
}

const HANDLING = ACTIVE.handling;

/** Monday (Shanghai) of the week holding `day` (YYYY-MM-DD). */
function mondayOf(day: string): string {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((dow + 6) % 7));
}

export async function dashboard(k: Kernel, ctx: Ctx, weeks: number): Promise<Dashboard> {
  const prefix = regionPrefix(ctx); // checks the statistics permission
  const now = ctx.now;
  const firstWeek = addDays(mondayOf(shanghaiDate(now)), -7 * (weeks - 1));
  const since = new Date(`${firstWeek}T00:00:00+08:00`).toISOString();
  const like = prefix ? prefix + '%' : null;

  // Overdue: running tickets whose (response or) handling deadline has passed.
  const running = await k.db
    .selectFrom('hotline_tickets as t')
    .select(['t.id', 't.status'])
    .where('t.status', 'in', [...HANDLING])
    .$if(like !== null, (q) => q.where('t.region', 'like', like!))
    .execute();
  const tracked = await k.calendar.getTrackedMany(
    k.db,
    SUBJECT_TYPE,
    running.map((r) => r.id),
  );
  const statusOf = new Map(running.map((r) => [r.id, r.status as TicketStatus]));
  const overdueIds = new Set(
    tracked
      .filter(
        (d) =>
          d.dueAt &&
          Date.parse(d.dueAt) < now.getTime() &&
          (d.purpose === 'handling' || (d.purpose === 'response' && statusOf.get(d.subjectId) === 'dispatched')),
      )
      .map((d) => d.subjectId),
  );

  // Replies in the period against the handling deadline they had.
  const replied = await k.db
    .selectFrom('hotline_tickets as t')
    .select(['t.id', 't.replied_at'])
    .where('t.replied_at', 'is not', null)
    .where('t.replied_at', '>=', since)
    .$if(like !== null, (q) => q.where('t.region', 'like', like!))
    .execute();
  const due = new Map(
    (
      await k.calendar.getTrackedMany(
        k.db,
        SUBJECT_TYPE,
        replied.map((r) => r.id),
      )
    )
      .filter((d) => d.purpose === 'handling')
      .map((d) => [d.subjectId, d.dueAt]),
  );
  const replies = { onTime: 0, late: 0 };
  for (const r of replied) {
    const d = due.get(r.id);
    if (d && Date.parse(r.replied_at!) > Date.parse(d)) replies.late++;
    else replies.onTime++;
  }

  const callbacks = await k.db
    .selectFrom('hotline_callbacks as c')
    .innerJoin('hotline_tickets as t', 't.id', 'c.ticket_id')
    .select(['c.reached', 'c.satisfaction'])
    .where('c.at', '>=', since)
    .$if(like !== null, (q) => q.where('t.region', 'like', like!))
    .execute();
  const satisfaction = { satisfied: 0, basically_satisfied: 0, unsatisfied: 0, unreached: 0 };
  for (const c of callbacks) {
    if (Number(c.reached) !== 1) satisfaction.unreached++;
    else if (c.satisfaction && c.satisfaction in satisfaction) satisfaction[c.satisfaction as 'satisfied']++;
  }

  const created = await k.db
    .selectFrom('hotline_tickets as t')
    .select(['t.topic_code', 't.created_at', 't.cannot_get_done'])
    .where('t.created_at', '>=', since)
    .$if(like !== null, (q) => q.where('t.region', 'like', like!))
    .execute();
  const names = new Map(
    (await k.db.selectFrom('hotline_topics').select(['code', 'name_zh']).execute()).map((x) => [x.code, x.name_zh]),
  );
  const hotTopics: Dashboard['hotTopics'] = [];
  for (let i = 0; i < weeks; i++) {
    const week = addDays(firstWeek, 7 * i);
    const next = addDays(week, 7);
    const counts = new Map<string, number>();
    let total = 0;
    for (const r of created) {
      const day = shanghaiDate(new Date(r.created_at));
      if (day < week || day >= next) continue;
      total++;
      counts.set(r.topic_code, (counts.get(r.topic_code) ?? 0) + 1);
    }
    const topics = [...counts]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 5)
      .map(([code, count]) => ({ code, name: names.get(code) ?? code, count }));
    hotTopics.push({ week, total, topics });
  }

  return {
    region: ctx.principal.kind === 'system' ? null : ctx.principal.region,
    byStatus: await closureCounts(k, ctx),
    overdue: overdueIds.size,
    inHandling: running.length,
    replies,
    satisfaction,
    hotTopics,
    cannotGetDone: created.filter((r) => Number(r.cannot_get_done) === 1).length,
  };
}
