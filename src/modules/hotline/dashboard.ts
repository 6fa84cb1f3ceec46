/**
 * The hotline's dashboard figures for a center side's region: tickets by status (each closure state its own
 * figure), the overdue ones, the on-time reply rate, callback satisfaction (unreached counted apart, never as
 * satisfied) and the hot topics of each week. Every figure is computed on the kernel's clock.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Ctx } from '../../kernel/context.ts';
import { addDays, shanghaiDate } from '../../kernel/calendar/index.ts';
import { findDivision } from '../../kernel/reference/divisions.ts';
import { segment } from '../catalog/index.ts';
import { closureCounts, regionPrefix } from './oversight.ts';
import { ACTIVE, SUBJECT_TYPE } from './deadlines.ts';
import { REQUEST_TYPES, type RequestType, type TicketStatus } from './model.ts';

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
  /**
   * Per week, the tickets registered by request type and by region one level below the caller's (the cities of a
   * province, the counties of a city; a county's own code for a county; provinces for the platform).
   */
  volume: Array<{
    week: string;
    byType: Record<RequestType, number>;
    byRegion: Array<{ code: string; name: string | null; count: number }>;
  }>;
  /**
   * Words (jieba, of the tickets' content) of the current week's tickets that rose most against the weekly mean of
   * up to four weeks before: at least 2 tickets this week and more than before; ten at most.
   */
  risingTerms: Array<{ term: string; thisWeek: number; weeklyBefore: number }>;
  /**
   * Complaints (投诉) registered in the period, and those of them from a caller (phone) who had complained about the
   * same topic within the 90 days before; the rate in percent with one decimal, null when there was none.
   */
  repeatComplaints: { complaints: number; repeats: number; rate: number | null };
}

const REPEAT_WINDOW_DAYS = 90;
const RISING_BASE_WEEKS = 4;

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
    .select(['t.topic_code', 't.created_at', 't.cannot_get_done', 't.request_type', 't.region', 't.content'])
    .where('t.created_at', '>=', since)
    .$if(like !== null, (q) => q.where('t.region', 'like', like!))
    .execute();
  const weekOf = created.map((r) => mondayOf(shanghaiDate(new Date(r.created_at))));
  const names = new Map(
    (await k.db.selectFrom('hotline_topics').select(['code', 'name_zh']).execute()).map((x) => [x.code, x.name_zh]),
  );
  const hotTopics: Dashboard['hotTopics'] = [];
  for (let i = 0; i < weeks; i++) {
    const week = addDays(firstWeek, 7 * i);
    const counts = new Map<string, number>();
    let total = 0;
    for (const [j, r] of created.entries()) {
      if (weekOf[j] !== week) continue;
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
    volume: volumeByWeek(created, weekOf, firstWeek, weeks, prefix),
    risingTerms: risingTerms(created, weekOf, addDays(firstWeek, 7 * (weeks - 1)), weeks),
    repeatComplaints: await repeatComplaints(k, since, like),
  };
}

/** The code a ticket's region counts under, one level below the caller's prefix. */
function groupOf(region: string, prefix: string | null): string {
  if (prefix === null) return region.slice(0, 2) + '0000';
  if (prefix.length === 2) return region.slice(0, 4) + '00';
  return region;
}

function volumeByWeek(
  created: Array<{ request_type: string; region: string }>,
  weekOf: string[],
  firstWeek: string,
  weeks: number,
  prefix: string | null,
): Dashboard['volume'] {
  return Array.from({ length: weeks }, (_, i) => {
    const week = addDays(firstWeek, 7 * i);
    const byType = Object.fromEntries(REQUEST_TYPES.map((x) => [x, 0])) as Record<RequestType, number>;
    const regions = new Map<string, number>();
    created.forEach((r, j) => {
      if (weekOf[j] !== week) return;
      if (r.request_type in byType) byType[r.request_type as RequestType]++;
      const g = groupOf(r.region, prefix);
      regions.set(g, (regions.get(g) ?? 0) + 1);
    });
    const byRegion = [...regions]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([code, count]) => ({ code, name: findDivision(code)?.name ?? null, count }));
    return { week, byType, byRegion };
  });
}

/** Words of at least two characters, not numbers: each counted once per ticket. */
function ticketWords(content: string): Set<string> {
  return new Set(segment(content).filter((w) => w.length >= 2 && !/^\d+$/.test(w)));
}

function risingTerms(
  created: Array<{ content: string }>,
  weekOf: string[],
  thisWeek: string,
  weeks: number,
): Dashboard['risingTerms'] {
  const baseWeeks = Math.min(RISING_BASE_WEEKS, weeks - 1);
  const baseFrom = addDays(thisWeek, -7 * baseWeeks);
  const now = new Map<string, number>();
  const before = new Map<string, number>();
  created.forEach((r, j) => {
    const w = weekOf[j];
    const into = w === thisWeek ? now : w >= baseFrom && w < thisWeek ? before : null;
    if (!into) return;
    for (const word of ticketWords(r.content)) into.set(word, (into.get(word) ?? 0) + 1);
  });
  return [...now]
    .map(([term, n]) => ({ term, thisWeek: n, weeklyBefore: baseWeeks ? (before.get(term) ?? 0) / baseWeeks : 0 }))
    .filter((x) => x.thisWeek >= 2 && x.thisWeek > x.weeklyBefore)
    .sort((a, b) => b.thisWeek - b.weeklyBefore - (a.thisWeek - a.weeklyBefore) || a.term.localeCompare(b.term))
    .slice(0, 10)
    .map((x) => ({ ...x, weeklyBefore: Math.round(x.weeklyBefore * 10) / 10 }));
}

async function repeatComplaints(k: Kernel, since: string, like: string | null): Promise<Dashboard['repeatComplaints']> {
  const from = new Date(Date.parse(since) - REPEAT_WINDOW_DAYS * 86_400_000).toISOString();
  const rows = await k.db
    .selectFrom('hotline_tickets as t')
    .select(['t.caller_phone_index', 't.topic_code', 't.created_at'])
    .where('t.request_type', '=', 'complaint')
    .where('t.created_at', '>=', from)
    .$if(like !== null, (q) => q.where('t.region', 'like', like!))
    .orderBy('t.created_at')
    .execute();
  const last = new Map<string, number>(); // caller + topic → time of their latest complaint so far
  let complaints = 0;
  let repeats = 0;
  for (const r of rows) {
    const at = Date.parse(r.created_at);
    const inPeriod = r.created_at >= since;
    if (inPeriod) complaints++;
    if (!r.caller_phone_index) continue;
    const key = `${r.caller_phone_index} ${r.topic_code}`;
    const prev = last.get(key);
    if (inPeriod && prev !== undefined && at - prev <= REPEAT_WINDOW_DAYS * 86_400_000) repeats++;
    last.set(key, at);
  }
  return { complaints, repeats, rate: complaints ? Math.round((1000 * repeats) / complaints) / 10 : null };
}
