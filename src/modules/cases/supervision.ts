/**
 * E-supervision views (电子监察): for the cases filed in a date range within the caller's jurisdiction (optionally one
 * region of it and one department), counts by status, the on-time rate and average handling time of decisions,
 * counts of supplements, refusals, returns, withdrawals, deemed acceptances and flagged cases, the lights of the open
 * ones — in total, by region and by department — and the list of flagged cases. Everything is computed on read from
 * the case rows, their action rows (the kernel's audit reader) and their tracked deadlines (the kernel calendar),
 * in batches; a range holding more than MAX_CASES cases is refused, so a view never scans without bound.
 *
 * Definitions: a case is counted in the range when it was submitted in it (Asia/Shanghai dates, inclusive). On time:
 * decided (granted or denied) no later than its decision deadline; the rate is over decided cases. Handling time:
 * working days from submission to decision. Supplements, returns and withdrawals count actions (a case may have
 * several supplements); refusals and deemed acceptances count cases.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { requireJurisdiction, requirePermission, type Ctx } from '../../kernel/context.ts';
import { AppError, invalid } from '../../kernel/errors.ts';
import { actionsOfMany, type ActionRecord } from '../../kernel/audit.ts';
import { addDays, shanghaiDate, workingDaysBetween } from '../../kernel/calendar/index.ts';
import type { TrackedDeadline } from '../../kernel/calendar-service.ts';
import { subtreePrefix } from '../../kernel/reference/divisions.ts';
import { casesPermissions as P } from './permissions.ts';
import { findCaseRow } from './repository.ts';
import { requireVisibleCase } from './access.ts';
import { ACTIVE, SUBJECT_TYPE, lightOf } from './deadlines.ts';
import { FLAG_LABELS, flagsOf, requiresTwoPeople, type CaseFlag } from './flags.ts';
import { getImplementationVersion } from '../catalog/index.ts';
import { CASE_STATUSES, type CaseStatus, type Light } from './model.ts';
import type { CaseTable } from './tables.ts';

/** The most cases one view reads; a wider range must be narrowed. */
export const MAX_CASES = 20_000;
const MAX_RANGE_DAYS = 366;

export interface SupervisionFilter {
  from?: string;
  to?: string;
  region?: string;
  department?: string;
}

export interface Stats {
  cases: number;
  byStatus: Record<CaseStatus, number>;
  decided: number;
  onTime: number;
  /** onTime / decided, 0–1; null when nothing was decided. */
  onTimeRate: number | null;
  /** Working days from submission to decision, on average (one decimal); null when nothing was decided. */
  averageHandlingDays: number | null;
  supplements: number;
  refusals: number;
  returns: number;
  withdrawals: number;
  deemedAcceptances: number;
  flagged: number;
  /** The lights of the running deadlines of open cases now. */
  lights: Record<Light, number>;
}

export interface SupervisionView {
  from: string;
  to: string;
  region: string | null;
  department: string | null;
  totals: Stats;
  byRegion: Array<{ region: string; regionName: string; stats: Stats }>;
  byDepartment: Array<{ department: { code: string; name: string }; stats: Stats }>;
}

export interface FlaggedCase {
  id: string;
  number: string;
  item: string;
  regionName: string;
  departmentName: string;
  status: CaseStatus;
  submittedAt: string;
  flags: Array<{ code: CaseFlag; label: { zh: string; en: string } }>;
}

/** One case with what the views need of it. */
interface Looked {
  row: CaseTable;
  actions: ActionRecord[];
  deadlines: TrackedDeadline[];
  flags: CaseFlag[];
}

const count = (actions: ActionRecord[], test: (name: string) => boolean) =>
  actions.filter((a) => test(a.action)).length;

function emptyStats(): Stats {
  return {
    cases: 0,
    byStatus: Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<CaseStatus, number>,
    decided: 0,
    onTime: 0,
    onTimeRate: null,
    averageHandlingDays: null,
    supplements: 0,
    refusals: 0,
    returns: 0,
    withdrawals: 0,
    deemedAcceptances: 0,
    flagged: 0,
    lights: { green: 0, yellow: 0, red: 0 },
  };
}

function statsOf(k: Kernel, now: Date, cases: Looked[]): Stats {
  const s = emptyStats();
  let handling = 0;
  for (const c of cases) {
    const { row, actions } = c;
    s.cases++;
    if (row.status in s.byStatus) s.byStatus[row.status as CaseStatus]++;
    if (row.decided_at) {
      s.decided++;
      const due = c.deadlines.find((d) => d.purpose === 'decision')?.dueAt;
      if (due && row.decided_at <= due) s.onTime++;
      handling += workingDaysBetween(k.calendar.schedule, new Date(row.submitted_at), new Date(row.decided_at));
    }
    s.supplements += count(actions, (a) => a === 'request_supplement' || a === 'request_further_supplement');
    s.returns += count(actions, (a) => a === 'return' || a.startsWith('return_'));
    s.withdrawals += count(actions, (a) => a === 'withdraw');
    if (row.status === 'refused') s.refusals++;
    if (c.flags.includes('deemed_accepted')) s.deemedAcceptances++;
    if (c.flags.length > 0) s.flagged++;
    for (const d of c.deadlines) {
      const purpose = d.purpose as keyof typeof ACTIVE;
      if (!ACTIVE[purpose]?.includes(row.status as CaseStatus)) continue;
      const { light } = lightOf(k, now, d.dueAt, row.region);
      if (light) s.lights[light]++;
    }
  }
  if (s.decided > 0) {
    s.onTimeRate = Math.round((s.onTime / s.decided) * 1000) / 1000;
    s.averageHandlingDays = Math.round((handling / s.decided) * 10) / 10;
  }
  return s;
}

/** The range and scope a view reads: dates checked, the region in the caller's jurisdiction. */
export function scopeOf(ctx: Ctx, f: SupervisionFilter) {
  const to = f.to ?? shanghaiDate(ctx.now);
  const from = f.from ?? addDays(to, -29);
  if (from > to) throw invalid('query.to', 'DATE_RANGE_INVALID', '结束日期早于开始日期', 'to is before from');
  if (addDays(from, MAX_RANGE_DAYS) <= to)
    throw invalid(
      'query.from',
      'DATE_RANGE_TOO_LONG',
      `统计期间不能超过 ${MAX_RANGE_DAYS} 天`,
      `The range may span at most ${MAX_RANGE_DAYS} days`,
    );
  if (f.region) requireJurisdiction(ctx, f.region, 'query.region');
  const own = ctx.principal.kind === 'system' ? null : ctx.principal.region;
  const region = f.region ?? own;
  return { from, to, region: f.region ?? null, prefix: region ? subtreePrefix(region) : null };
}

/**
 * Whether each case's pinned process needs two people to accept and decide, read once per implementation version
 * (a view covers few of them).
 */
/** What the flags need of a case's pinned version, read once per version (versions never change). */
function pinnedReader(k: Kernel) {
  const known = new Map<string, Promise<{ twoPeople: boolean; declaredVisits: number }>>();
  return (row: CaseTable): Promise<{ twoPeople: boolean; declaredVisits: number }> => {
    const key = `${row.implementation_id}@${row.implementation_version}`;
    let v = known.get(key);
    if (!v) {
      v = getImplementationVersion(k, row.implementation_id, Number(row.implementation_version)).then((iv) => ({
        twoPeople: requiresTwoPeople(iv.elements.process),
        declaredVisits: iv.elements.onlineDepth.inPersonVisits,
      }));
      known.set(key, v);
    }
    return v;
  };
}

async function lookUp(k: Kernel, ctx: Ctx, f: SupervisionFilter) {
  requirePermission(ctx, P.supervise);
  const scope = scopeOf(ctx, f);
  let q = k.db
    .selectFrom('cases_cases')
    .selectAll()
    .where('submitted_at', '>=', new Date(`${scope.from}T00:00:00+08:00`).toISOString())
    .where('submitted_at', '<', new Date(`${addDays(scope.to, 1)}T00:00:00+08:00`).toISOString())
    .orderBy('id')
    .limit(MAX_CASES + 1);
  if (scope.prefix) q = q.where('region', 'like', `${scope.prefix}%`);
  if (f.department) q = q.where('department_code', '=', f.department);
  const rows = await q.execute();
  if (rows.length > MAX_CASES)
    throw new AppError({
      code: 'RANGE_TOO_LARGE',
      status: 400,
      field: 'query.from',
      zh: `该期间办件超过 ${MAX_CASES} 件，请缩小统计期间或范围`,
      en: `More than ${MAX_CASES} cases in the range; narrow the dates, region or department`,
    });
  const ids = rows.map((r) => r.id);
  const actions = await actionsOfMany(k.db, SUBJECT_TYPE, ids);
  const deadlines = await k.calendar.getTrackedMany(k.db, SUBJECT_TYPE, ids);
  const byCase = new Map<string, TrackedDeadline[]>();
  for (const d of deadlines) byCase.set(d.subjectId, [...(byCase.get(d.subjectId) ?? []), d]);
  const pinned = pinnedReader(k);
  const cases: Looked[] = [];
  for (const row of rows) {
    const a = actions.get(row.id) ?? [];
    const p = await pinned(row);
    const flags = flagsOf(k, row, a, ctx.now, p.twoPeople, p.declaredVisits);
    cases.push({ row, actions: a, deadlines: byCase.get(row.id) ?? [], flags });
  }
  return { scope, cases };
}

function groupBy<K>(cases: Looked[], key: (c: Looked) => K & string): Map<string, Looked[]> {
  const m = new Map<string, Looked[]>();
  for (const c of cases) m.set(key(c), [...(m.get(key(c)) ?? []), c]);
  return m;
}

/** The statistics of the caller's jurisdiction (or one region of it, one department) over a date range. */
export async function supervisionView(k: Kernel, ctx: Ctx, f: SupervisionFilter): Promise<SupervisionView> {
  const { scope, cases } = await lookUp(k, ctx, f);
  const byRegion = [...groupBy(cases, (c) => c.row.region)].sort(([a], [b]) => a.localeCompare(b));
  const byDept = [...groupBy(cases, (c) => c.row.department_code)].sort(([a], [b]) => a.localeCompare(b));
  return {
    from: scope.from,
    to: scope.to,
    region: scope.region,
    department: f.department ?? null,
    totals: statsOf(k, ctx.now, cases),
    byRegion: byRegion.map(([region, cs]) => ({
      region,
      regionName: cs[0].row.region_name,
      stats: statsOf(k, ctx.now, cs),
    })),
    byDepartment: byDept.map(([code, cs]) => ({
      department: { code, name: cs[0].row.department_name },
      stats: statsOf(k, ctx.now, cs),
    })),
  };
}

const labelled = (flags: CaseFlag[]) => flags.map((code) => ({ code, label: FLAG_LABELS[code] }));

/** The flagged cases of the range, newest first. */
export async function flaggedCases(k: Kernel, ctx: Ctx, f: SupervisionFilter): Promise<FlaggedCase[]> {
  const { cases } = await lookUp(k, ctx, f);
  return cases
    .filter((c) => c.flags.length > 0)
    .reverse()
    .map(({ row, flags }) => ({
      id: row.id,
      number: row.number,
      item: row.item_name,
      regionName: row.region_name,
      departmentName: row.department_name,
      status: row.status as CaseStatus,
      submittedAt: row.submitted_at,
      flags: labelled(flags),
    }));
}

/** One case's flags, in words; a case outside the caller's jurisdiction answers as absent. */
export async function caseFlags(
  k: Kernel,
  ctx: Ctx,
  id: string,
): Promise<Array<{ code: CaseFlag; label: { zh: string; en: string } }>> {
  requirePermission(ctx, P.supervise);
  const row = requireVisibleCase(ctx, await findCaseRow(k.db, id), id);
  const actions = (await actionsOfMany(k.db, SUBJECT_TYPE, [id])).get(id) ?? [];
  const p = await pinnedReader(k)(row);
  return labelled(flagsOf(k, row, actions, ctx.now, p.twoPeople, p.declaredVisits));
}
