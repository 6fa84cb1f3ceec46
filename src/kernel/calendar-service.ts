/**
 * The calendar as the platform uses it: the official schedule (built-in data plus years loaded into the database),
 * deadlines that modules ask the kernel to track, and the yearly reload. Years without official data are counted
 * Monday–Friday and every deadline touching them is marked provisional; loading the year recomputes them.
 */
import { sql } from 'kysely';
import type { AuditLog } from './audit-log.ts';
import type { Kysely, Selectable } from 'kysely';
import type { DbAdapter } from './db/adapter.ts';
import type { Database, Executor } from './db/types.ts';
import {
  HolidaySchedule,
  addOfficeHours,
  type OfficeHours,
  addNaturalDays,
  addNaturalHours,
  addWorkingDays,
  parseHolidayCnYear,
  shanghaiDate,
  type Deadline,
  type LoadedYear,
  type PauseInterval,
} from './calendar/index.ts';
import { checkRegionLimits, regionLimitSpec, type RegionLimits } from './calendar/region-limits.ts';
import { requireJurisdiction, requirePermission, type Ctx } from './context.ts';
import { orThrow } from './errors.ts';
import { ancestorsOf, checkDivisionCode } from './reference/divisions.ts';
import { newId } from './ids.ts';
import { preparedQuery } from './db/prepared.ts';
import type { DeadlineTable } from './db/kernel-tables.ts';
import './db/kernel-tables.ts';

export type DeadlineUnit = 'working_days' | 'natural_days' | 'natural_hours' | 'office_hours';

export interface DeadlineSpec {
  unit: DeadlineUnit;
  amount: number;
  start: Date;
  pauses?: PauseInterval[];
  /** For office hours: whose opening hours (the nearest configured region up the hierarchy applies). */
  region?: string;
}

/** Opening hours used where no region up the hierarchy configured its own. */
export const DEFAULT_OFFICE_HOURS: OfficeHours = {
  periods: [
    { from: '09:00', to: '12:00' },
    { from: '13:00', to: '17:00' },
  ],
};

/**
 * What a `kernel_office_hours` row keeps for its region (the column is named `periods` for history): its opening
 * hours, its limit overrides, or both.
 */
interface RegionSettings {
  periods?: OfficeHours['periods'];
  limits?: RegionLimits;
}

export interface TrackedDeadline {
  id: string;
  subjectType: string;
  subjectId: string;
  purpose: string;
  /** When the clock started (before any pause). */
  startAt: string;
  dueDate: string | null;
  dueAt: string | null;
  provisional: boolean;
}

export interface CalendarStatus {
  officialYears: number[];
  loadedYears: number[];
  /** Administrators are warned from November on when next year's schedule is not loaded. */
  warning: { zh: string; en: string } | null;
  provisionalDeadlines: number;
}

export class CalendarService {
  readonly schedule = new HolidaySchedule();
  /** Opening hours by region code, loaded from kernel_office_hours. */
  private officeHours = new Map<string, OfficeHours>();
  /** Per-region limit overrides (region-limits.ts), kept in the same rows as the region's office hours. */
  private limits = new Map<string, RegionLimits>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly adapter: DbAdapter,
    private readonly audit: AuditLog,
  ) {}

  /** Applies the years stored in the database over the built-in data. Call once at start-up. */
  async init(): Promise<void> {
    const rows = await this.db.selectFrom('kernel_calendar_years').selectAll().orderBy('year').execute();
    for (const r of rows) this.schedule.loadYear(r.days as LoadedYear);
    for (const r of await this.db.selectFrom('kernel_office_hours').selectAll().execute()) {
      const settings = r.periods as RegionSettings;
      if (settings.periods) this.officeHours.set(r.region, { periods: settings.periods });
      if (settings.limits) this.limits.set(r.region, settings.limits);
    }
  }

  /** The opening hours that apply in `region`: its own, else the nearest ancestor's, else the default. */
  officeHoursFor(region: string | undefined): { region: string | null; hours: OfficeHours } {
    for (const code of region ? [region, ...ancestorsOf(region).map((d) => d.code)] : []) {
      const h = this.officeHours.get(code);
      if (h) return { region: code, hours: h };
    }
    return { region: null, hours: DEFAULT_OFFICE_HOURS };
  }

  /** Sets a region's opening hours (validated by computing with them once). An audited action. */
  async setOfficeHours(ctx: Ctx, region: string, hours: OfficeHours): Promise<void> {
    requirePermission(ctx, 'calendar:manage');
    orThrow(checkDivisionCode(region), 'region');
    requireJurisdiction(ctx, region);
    addOfficeHours(this.schedule, ctx.now, 1, hours); // throws CALENDAR_OFFICE_HOURS_INVALID on bad periods
    await this.db.transaction().execute(async (tx) => {
      const before = await tx
        .selectFrom('kernel_office_hours')
        .select('periods')
        .where('region', '=', region)
        .executeTakeFirst();
      // The row may hold the region's limits too: keep them.
      const prev = before?.periods as RegionSettings | undefined;
      const settings: RegionSettings = { ...prev, periods: hours.periods };
      const row = { region, periods: settings, updated_at: ctx.now.toISOString() };
      if (before) await tx.updateTable('kernel_office_hours').set(row).where('region', '=', region).execute();
      else await tx.insertInto('kernel_office_hours').values(row).execute();
      await this.audit.record(tx, ctx, {
        permission: 'calendar:manage',
        action: 'set_office_hours',
        subjectType: 'kernel.office_hours',
        subjectId: region,
        before: prev?.periods ? { periods: prev.periods } : null,
        after: hours,
        event: { type: 'kernel.office_hours.changed', payload: { region } },
      });
    });
    this.officeHours.set(region, hours);
  }

  /**
   * A declared limit (region-limits.ts) as it applies in `region`: its own override, else the nearest ancestor's
   * (the province's), else the declared default.
   */
  limitFor(region: string | undefined, name: string): { value: number; region: string | null } {
    for (const code of region ? [region, ...ancestorsOf(region).map((d) => d.code)] : []) {
      const v = this.limits.get(code)?.[name];
      if (v !== undefined) return { value: v, region: code };
    }
    const spec = regionLimitSpec(name);
    if (!spec) throw new Error(`region limit ${name} is not declared`);
    return { value: spec.default, region: null };
  }

  /** The overrides a region itself sets (not inherited ones). */
  ownLimits(region: string): RegionLimits {
    return { ...this.limits.get(region) };
  }

  /**
   * Sets or (with null) removes a region's overrides of declared limits, leaving the others as they are. An audited
   * action, in the row that keeps the region's office hours.
   */
  async setLimits(ctx: Ctx, region: string, changes: Record<string, number | null>): Promise<RegionLimits> {
    requirePermission(ctx, 'calendar:manage');
    orThrow(checkDivisionCode(region), 'region');
    requireJurisdiction(ctx, region);
    checkRegionLimits(changes);
    const next = await this.db.transaction().execute(async (tx) => {
      const before = await tx
        .selectFrom('kernel_office_hours')
        .select('periods')
        .where('region', '=', region)
        .executeTakeFirst();
      const settings = { ...(before?.periods as RegionSettings | undefined) };
      const limits: RegionLimits = { ...settings.limits };
      for (const [name, v] of Object.entries(changes)) {
        if (v === null) delete limits[name];
        else limits[name] = v;
      }
      const row = { region, periods: { ...settings, limits }, updated_at: ctx.now.toISOString() };
      if (before) await tx.updateTable('kernel_office_hours').set(row).where('region', '=', region).execute();
      else await tx.insertInto('kernel_office_hours').values(row).execute();
      await this.audit.record(tx, ctx, {
        permission: 'calendar:manage',
        action: 'set_region_limits',
        subjectType: 'kernel.region_limits',
        subjectId: region,
        before: settings.limits ?? null,
        after: limits,
        event: { type: 'kernel.region_limits.changed', payload: { region } },
      });
      return limits;
    });
    this.limits.set(region, next);
    return { ...next };
  }

  compute(spec: DeadlineSpec): Deadline {
    const pauses = spec.pauses ?? [];
    switch (spec.unit) {
      case 'working_days':
        return addWorkingDays(this.schedule, spec.start, spec.amount, pauses);
      case 'natural_days':
        return addNaturalDays(spec.start, spec.amount, pauses);
      case 'natural_hours':
        return addNaturalHours(spec.start, spec.amount, pauses);
      case 'office_hours':
        return addOfficeHours(this.schedule, spec.start, spec.amount, this.officeHoursFor(spec.region).hours, pauses);
    }
  }

  /**
   * Computes a deadline and keeps it (one per subject and purpose, replaced when called again), so that loading a
   * calendar year can recompute it. Call inside the transaction that creates or changes the subject.
   */
  async track(
    tx: Executor,
    now: Date,
    subject: { type: string; id: string; purpose: string },
    spec: DeadlineSpec,
  ): Promise<TrackedDeadline> {
    const d = this.compute(spec);
    const row = {
      subject_type: subject.type,
      subject_id: subject.id,
      purpose: subject.purpose,
      unit: spec.unit,
      amount: spec.amount,
      start_at: spec.start.toISOString(),
      pauses: (spec.pauses ?? []).map((p) => ({ from: p.from.toISOString(), to: p.to?.toISOString() ?? null })),
      due_date: d.dueDate,
      due_at: d.dueAt?.toISOString() ?? null,
      provisional: d.provisional,
      updated_at: now.toISOString(),
    };
    // One statement (upsertTracked): a subject has one deadline per purpose, kept under its first id.
    const { id } = (
      await upsertTracked(
        tx,
        newId(now.getTime()),
        row.subject_type,
        row.subject_id,
        row.purpose,
        row.unit,
        row.amount,
        row.start_at,
        row.pauses,
        row.due_date,
        row.due_at,
        row.provisional,
        row.updated_at,
      )
    ).rows[0]!;
    return {
      id,
      subjectType: subject.type,
      subjectId: subject.id,
      purpose: subject.purpose,
      startAt: row.start_at,
      dueDate: d.dueDate,
      dueAt: row.due_at,
      provisional: d.provisional,
    };
  }

  async getTracked(
    db: Executor,
    subject: { type: string; id: string; purpose: string },
  ): Promise<TrackedDeadline | null> {
    const r = (await trackedOne(db, subject.type, subject.id, subject.purpose)).rows[0];
    return r ? toTracked(r) : null;
  }

  /** Every tracked deadline (each purpose) of one subject, in one read: what a screen showing the subject needs. */
  async getTrackedAll(db: Executor, type: string, id: string): Promise<TrackedDeadline[]> {
    return (await trackedAll(db, type, id)).rows.map(toTracked);
  }

  /** The tracked deadlines (every purpose) of many subjects of one type, read in batches (supervision views). */
  async getTrackedMany(db: Executor, type: string, ids: readonly string[]): Promise<TrackedDeadline[]> {
    const out: TrackedDeadline[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db
        .selectFrom('kernel_deadlines')
        .selectAll()
        .where('subject_type', '=', type)
        .where('subject_id', 'in', ids.slice(i, i + 500))
        .execute();
      out.push(...rows.map(toTracked));
    }
    return out;
  }

  /**
   * Loads an official year (holiday-cn JSON), stores it, and recomputes every provisional deadline. Returns how many
   * deadlines changed. An audited action; the event `kernel.calendar.loaded` tells modules to re-read their deadlines.
   */
  async loadYear(
    ctx: Ctx,
    json: unknown,
    source: string,
  ): Promise<{ year: number; recomputed: number; changed: number }> {
    requirePermission(ctx, 'calendar:manage');
    const year = parseHolidayCnYear(json);
    const result = await this.db.transaction().execute(async (tx) => {
      const stored = {
        year: year.year,
        source,
        days: year,
        loaded_at: ctx.now.toISOString(),
        loaded_by: ctx.principal.id,
      };
      const before = await tx
        .selectFrom('kernel_calendar_years')
        .select('days')
        .where('year', '=', year.year)
        .executeTakeFirst();
      if (before) await tx.updateTable('kernel_calendar_years').set(stored).where('year', '=', year.year).execute();
      else await tx.insertInto('kernel_calendar_years').values(stored).execute();
      // Recompute against a schedule that includes the new year, then swap it in only after commit.
      const next = new HolidaySchedule();
      const rows = await tx.selectFrom('kernel_calendar_years').selectAll().orderBy('year').execute();
      for (const r of rows) next.loadYear(r.days as LoadedYear);
      const counts = await this.recompute(tx, next, ctx.now, before !== undefined);
      await this.audit.record(tx, ctx, {
        permission: 'calendar:manage',
        action: 'load_year',
        subjectType: 'kernel.calendar_year',
        subjectId: String(year.year),
        reason: source,
        after: year,
        event: { type: 'kernel.calendar.loaded', payload: { year: year.year, ...counts } },
      });
      return { counts };
    });
    this.schedule.loadYear(year);
    return { year: year.year, ...result.counts };
  }

  /** Recomputes provisional deadlines (or, when a year was replaced, every open deadline) against `schedule`. */
  private async recompute(
    tx: Executor,
    schedule: HolidaySchedule,
    now: Date,
    all: boolean,
  ): Promise<{ recomputed: number; changed: number }> {
    let q = tx.selectFrom('kernel_deadlines').selectAll().where('unit', '=', 'working_days');
    if (!all) q = q.where('provisional', '=', true);
    else q = q.where(sql<boolean>`(due_date is null or due_date >= ${shanghaiDate(now)})`);
    const rows = await q.execute();
    let changed = 0;
    for (const r of rows) {
      const pauses = (r.pauses as Array<{ from: string; to: string | null }>).map((p) => ({
        from: new Date(p.from),
        to: p.to ? new Date(p.to) : null,
      }));
      const d = addWorkingDays(schedule, new Date(r.start_at), Number(r.amount), pauses);
      const provisional = d.provisional;
      const dueAt = d.dueAt?.toISOString() ?? null;
      if (d.dueDate !== r.due_date || provisional !== r.provisional) changed++;
      await tx
        .updateTable('kernel_deadlines')
        .set({
          due_date: d.dueDate,
          due_at: dueAt,
          provisional: provisional,
          updated_at: now.toISOString(),
        })
        .where('id', '=', r.id)
        .execute();
    }
    return { recomputed: rows.length, changed };
  }

  async status(now: Date): Promise<CalendarStatus> {
    const loaded = await this.db.selectFrom('kernel_calendar_years').select('year').orderBy('year').execute();
    const provisional = await this.db
      .selectFrom('kernel_deadlines')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('provisional', '=', true)
      .executeTakeFirstOrThrow();
    const today = shanghaiDate(now);
    const year = Number(today.slice(0, 4));
    const month = Number(today.slice(5, 7));
    const nextMissing = !this.schedule.hasOfficialData(year + 1);
    const thisMissing = !this.schedule.hasOfficialData(year);
    let warning: CalendarStatus['warning'] = null;
    if (thisMissing) {
      warning = {
        zh: `${year} 年的法定节假日安排尚未导入，期限暂按周一至周五计算（临时）`,
        en: `The official ${year} holiday schedule is not loaded; deadlines count Monday–Friday provisionally`,
      };
    } else if (month >= 11 && nextMissing) {
      warning = {
        zh: `${year + 1} 年的法定节假日安排尚未导入；跨年期限暂按周一至周五计算并标记为临时，国务院通知发布后请导入`,
        en: `The official ${year + 1} holiday schedule is not loaded; deadlines reaching into it are provisional (Mon–Fri) until it is loaded`,
      };
    }
    return {
      officialYears: this.schedule.officialYears(),
      loadedYears: loaded.map((r) => Number(r.year)),
      warning,
      provisionalDeadlines: Number(provisional.n),
    };
  }
}

// Run by every dispatch and filing (track): one upsert, compiled once (db/prepared.ts). A subject has one deadline per
// purpose (kernel_deadlines_subject_uq), kept under its first id; the update takes the row offered (`excluded`), so each
// value is bound once — `pauses` as JSON text, serialized by the columns plugin's rule (db/columns.ts) on both dialects.
const upsertTracked = preparedQuery(
  (
    db: Executor,
    id: string,
    subjectType: string,
    subjectId: string,
    purpose: string,
    unit: string,
    amount: number,
    startAt: string,
    pauses: Array<{ from: string; to: string | null }>,
    dueDate: string | null,
    dueAt: string | null,
    provisional: boolean,
    updatedAt: string,
  ) =>
    db
      .insertInto('kernel_deadlines')
      .values({
        id,
        subject_type: subjectType,
        subject_id: subjectId,
        purpose,
        unit,
        amount,
        start_at: startAt,
        pauses,
        due_date: dueDate,
        due_at: dueAt,
        provisional,
        updated_at: updatedAt,
      })
      .onConflict((oc) =>
        oc.columns(['subject_type', 'subject_id', 'purpose']).doUpdateSet((eb) => ({
          unit: eb.ref('excluded.unit'),
          amount: eb.ref('excluded.amount'),
          start_at: eb.ref('excluded.start_at'),
          pauses: eb.ref('excluded.pauses'),
          due_date: eb.ref('excluded.due_date'),
          due_at: eb.ref('excluded.due_at'),
          provisional: eb.ref('excluded.provisional'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .returning('id'),
);

// Read on every screen that shows a subject with deadlines: compiled once (db/prepared.ts).
const trackedOne = preparedQuery((db: Executor, type: string, id: string, purpose: string) =>
  db
    .selectFrom('kernel_deadlines')
    .selectAll()
    .where('subject_type', '=', type)
    .where('subject_id', '=', id)
    .where('purpose', '=', purpose),
);
const trackedAll = preparedQuery((db: Executor, type: string, id: string) =>
  db.selectFrom('kernel_deadlines').selectAll().where('subject_type', '=', type).where('subject_id', '=', id),
);

function toTracked(r: Selectable<DeadlineTable>): TrackedDeadline {
  return {
    id: r.id,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    purpose: r.purpose,
    startAt: r.start_at,
    dueDate: r.due_date,
    dueAt: r.due_at,
    provisional: r.provisional,
  };
}
