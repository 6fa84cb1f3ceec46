/**
 * Statistics of ratings by item, department or region: how many, the average score, how many and what share were
 * 差评 (score ≤ 2), and how rectifications kept their deadlines. Aggregates only — no rating, comment or rater — so
 * the same figures serve staff (their jurisdiction) and the public page (everywhere, or a region asked for).
 *
 * On-time rate = rectifications finished by their due time ÷ (those finished + those still open past it): an open
 * one not yet due is not counted either way.
 */
import { sql } from 'kysely';
import type { Kernel } from '../../kernel/kernel.ts';
import { requireJurisdiction, requirePermission, type Ctx } from '../../kernel/context.ts';
import { orThrow } from '../../kernel/errors.ts';
import { checkDivisionCode, findDivision, subtreePrefix } from '../../kernel/reference/divisions.ts';
import { ratingsPermissions as P } from './permissions.ts';
import { POOR_AT_MOST, type StatsRow } from './model.ts';

export const STATS_DIMENSIONS = ['item', 'department', 'region'] as const;
export type StatsDimension = (typeof STATS_DIMENSIONS)[number];

const KEY: Record<StatsDimension, { key: 'item_id' | 'department_code' | 'region'; name: string | null }> = {
  item: { key: 'item_id', name: 'item_name' },
  department: { key: 'department_code', name: 'department_name' },
  region: { key: 'region', name: null },
};

export interface Stats {
  by: StatsDimension;
  region: string | null;
  total: Omit<StatsRow, 'key' | 'name'>;
  rows: StatsRow[];
}

const ratio = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10000) / 10000);

async function compute(k: Kernel, now: Date, by: StatsDimension, prefix: string | null): Promise<StatsRow[]> {
  const { key, name } = KEY[by];
  const nameExpr = sql<string>`max(${sql.ref(name ?? key)})`;
  let rq = k.db
    .selectFrom('ratings_ratings')
    .select([
      sql<string>`${sql.ref(key)}`.as('k'),
      nameExpr.as('n'),
      sql<number>`count(*)`.as('ratings'),
      sql<number>`avg(score)`.as('average'),
      sql<number>`sum(case when score <= ${POOR_AT_MOST} then 1 else 0 end)`.as('poor'),
    ])
    .groupBy(key);
  if (prefix) rq = rq.where('region', 'like', `${prefix}%`);
  let xq = k.db
    .selectFrom('ratings_rectifications')
    .select([
      sql<string>`${sql.ref(key)}`.as('k'),
      sql<number>`count(*)`.as('total'),
      sql<number>`sum(case when finished_at is not null then 1 else 0 end)`.as('finished'),
      sql<number>`sum(case when on_time then 1 else 0 end)`.as('timely'), // not 'on_time': the columns plugin would read that name as a boolean
      sql<number>`sum(case when finished_at is null and due_at < ${now.toISOString()} then 1 else 0 end)`.as('overdue'),
    ])
    .groupBy(key);
  if (prefix) xq = xq.where('region', 'like', `${prefix}%`);
  const [ratings, rects] = await Promise.all([rq.execute(), xq.execute()]);
  const byKey = new Map(rects.map((r) => [r.k, r]));
  return ratings
    .map((r): StatsRow => {
      const x = byKey.get(r.k);
      const count = Number(r.ratings);
      const poor = Number(r.poor);
      const finished = Number(x?.finished ?? 0);
      const onTime = Number(x?.timely ?? 0);
      const overdue = Number(x?.overdue ?? 0);
      return {
        key: r.k,
        name: by === 'region' ? (findDivision(r.k)?.name ?? r.k) : r.n,
        ratings: count,
        average: r.average === null ? null : Math.round(Number(r.average) * 100) / 100,
        poor,
        poorShare: ratio(poor, count),
        rectifications: Number(x?.total ?? 0),
        finished,
        onTime,
        overdue,
        onTimeRate: ratio(onTime, finished + overdue),
      };
    })
    .sort((a, b) => b.ratings - a.ratings || a.key.localeCompare(b.key));
}

function totalOf(rows: StatsRow[]): Stats['total'] {
  const sum = (f: (r: StatsRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  const ratings = sum((r) => r.ratings);
  const poor = sum((r) => r.poor);
  const finished = sum((r) => r.finished);
  const onTime = sum((r) => r.onTime);
  const overdue = sum((r) => r.overdue);
  const average = ratings === 0 ? null : Math.round((sum((r) => (r.average ?? 0) * r.ratings) / ratings) * 100) / 100;
  return {
    ratings,
    average,
    poor,
    poorShare: ratio(poor, ratings),
    rectifications: sum((r) => r.rectifications),
    finished,
    onTime,
    overdue,
    onTimeRate: ratio(onTime, finished + overdue),
  };
}

/** Staff statistics: their jurisdiction, or a region within it. */
export async function staffStats(k: Kernel, ctx: Ctx, by: StatsDimension, region?: string): Promise<Stats> {
  requirePermission(ctx, P.read);
  if (region) {
    orThrow(checkDivisionCode(region), 'region');
    requireJurisdiction(ctx, region);
  }
  const scope = region ?? (ctx.principal.kind === 'system' ? null : ctx.principal.region);
  const rows = await compute(k, ctx.now, by, scope ? subtreePrefix(scope) : null);
  return { by, region: scope ?? null, total: totalOf(rows), rows };
}

/** The public figures (no login): everywhere, or a region's subtree. */
export async function publicStats(k: Kernel, now: Date, by: StatsDimension, region?: string): Promise<Stats> {
  if (region) orThrow(checkDivisionCode(region), 'region');
  const rows = await compute(k, now, by, region ? subtreePrefix(region) : null);
  return { by, region: region ?? null, total: totalOf(rows), rows };
}
