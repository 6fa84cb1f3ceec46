/**
 * The monthly public report (月度公开报告) of the 12345 hotline: aggregates only — no ticket, caller, content or
 * number — for a Shanghai calendar month: volume by request type and by city, closures (each state its own figure),
 * replies on time, callback satisfaction, 办不成事 reports and the top topics. Anyone may read it (no login).
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { AppError } from '../../kernel/errors.ts';
import { findDivision } from '../../kernel/reference/divisions.ts';
import { shanghaiDate } from '../../kernel/calendar/index.ts';
import { SUBJECT_TYPE } from './deadlines.ts';
import { CLOSED_STATUSES, REQUEST_TYPES, type RequestType, type TicketStatus } from './model.ts';

export interface PublicReport {
  month: string;
  /** False while the month is still running (figures so far). */
  complete: boolean;
  total: number;
  byType: Record<RequestType, number>;
  byRegion: Array<{ region: string; name: string; count: number }>;
  /** Of the month's tickets, those closed, by closure state (never merged into one "closed"). */
  closures: Record<string, number>;
  /** Replies given in the month against their handling deadline; rate in percent (null when none). */
  replies: { onTime: number; late: number; onTimeRate: number | null };
  /** Callbacks in the month; rate = (satisfied + basically satisfied) / reached, in percent (null when none). */
  satisfaction: {
    satisfied: number;
    basicallySatisfied: number;
    unsatisfied: number;
    unreached: number;
    rate: number | null;
  };
  cannotGetDone: number;
  topTopics: Array<{ code: string; name: { zh: string; en: string }; count: number }>;
}

const pct = (n: number, d: number) => (d ? Math.round((1000 * n) / d) / 10 : null);

/** The Shanghai month `yyyy-mm` as an ISO instant range [from, to). */
function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  const year = (n: number) => String(n).padStart(4, '0');
  const next = m === 12 ? `${year(y + 1)}-01` : `${year(y)}-${String(m + 1).padStart(2, '0')}`;
  return {
    from: new Date(`${month}-01T00:00:00+08:00`).toISOString(),
    to: new Date(`${next}-01T00:00:00+08:00`).toISOString(),
  };
}

/** The city (地市) a 6-digit division belongs to: `410105` → `410100`; a province-level code stays itself. */
const cityOf = (region: string) => (region.endsWith('0000') ? region : region.slice(0, 4) + '00');

export async function publicReport(k: Kernel, month: string): Promise<PublicReport> {
  const now = k.clock.now();
  const thisMonth = shanghaiDate(now).slice(0, 7);
  if (month > thisMonth)
    throw new AppError({
      code: 'MONTH_NOT_STARTED',
      status: 400,
      field: 'params.month',
      zh: '该月份尚未开始',
      en: 'That month has not begun',
    });
  const { from, to } = monthRange(month);

  const tickets = await k.db
    .selectFrom('hotline_tickets')
    .select(['request_type', 'region', 'topic_code', 'status', 'cannot_get_done'])
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .execute();
  const byType = Object.fromEntries(REQUEST_TYPES.map((t) => [t, 0])) as Record<RequestType, number>;
  const regions = new Map<string, number>();
  const topics = new Map<string, number>();
  const closures: Record<string, number> = Object.fromEntries(CLOSED_STATUSES.map((s) => [s, 0]));
  let cannotGetDone = 0;
  for (const t of tickets) {
    if (t.request_type in byType) byType[t.request_type as RequestType]++;
    const city = cityOf(t.region);
    regions.set(city, (regions.get(city) ?? 0) + 1);
    topics.set(t.topic_code, (topics.get(t.topic_code) ?? 0) + 1);
    if (CLOSED_STATUSES.includes(t.status as TicketStatus)) closures[t.status]++;
    if (Number(t.cannot_get_done) === 1) cannotGetDone++;
  }

  const replied = await k.db
    .selectFrom('hotline_tickets')
    .select(['id', 'replied_at'])
    .where('replied_at', '>=', from)
    .where('replied_at', '<', to)
    .execute();
  const due = new Map<string, string | null>();
  for (let i = 0; i < replied.length; i += 500) {
    const part = await k.calendar.getTrackedMany(
      k.db,
      SUBJECT_TYPE,
      replied.slice(i, i + 500).map((r) => r.id),
    );
    for (const d of part) if (d.purpose === 'handling') due.set(d.subjectId, d.dueAt);
  }
  let onTime = 0;
  let late = 0;
  for (const r of replied) {
    const d = due.get(r.id);
    if (d && Date.parse(r.replied_at!) > Date.parse(d)) late++;
    else onTime++;
  }

  const callbacks = await k.db
    .selectFrom('hotline_callbacks')
    .select(['reached', 'satisfaction'])
    .where('at', '>=', from)
    .where('at', '<', to)
    .execute();
  const sat = { satisfied: 0, basicallySatisfied: 0, unsatisfied: 0, unreached: 0 };
  for (const c of callbacks) {
    if (Number(c.reached) !== 1) sat.unreached++;
    else if (c.satisfaction === 'satisfied') sat.satisfied++;
    else if (c.satisfaction === 'basically_satisfied') sat.basicallySatisfied++;
    else if (c.satisfaction === 'unsatisfied') sat.unsatisfied++;
  }
  const reached = sat.satisfied + sat.basicallySatisfied + sat.unsatisfied;

  const names = new Map(
    (await k.db.selectFrom('hotline_topics').select(['code', 'name_zh', 'name_en']).execute()).map((x) => [
      x.code,
      { zh: x.name_zh, en: x.name_en },
    ]),
  );
  return {
    month,
    complete: month < thisMonth,
    total: tickets.length,
    byType,
    byRegion: [...regions]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([region, count]) => ({ region, name: findDivision(region)?.name ?? region, count })),
    closures,
    replies: { onTime, late, onTimeRate: pct(onTime, onTime + late) },
    satisfaction: { ...sat, rate: pct(sat.satisfied + sat.basicallySatisfied, reached) },
    cannotGetDone,
    topTopics: [...topics]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 10)
      .map(([code, count]) => ({ code, name: names.get(code) ?? { zh: code, en: code }, count })),
  };
}
