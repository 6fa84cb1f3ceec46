/**
 * Service centers (政务服务中心): a center per region with its address and hours, its halls and its windows
 * (综合 / 一件事 / 办不成事 / 专业). A center is one aggregate: every change — to the center, a hall, a window or the
 * negative list — needs the center's current `version`, bumps it, and writes one action on the center (subject
 * `catalog_center`) with its outbox event in the same transaction.
 *
 * Managing a center needs `catalog:centers`, the center's region in the caller's jurisdiction and — for everyone
 * but admins — a 政务服务 (ZWFW) department: centers are run by the region's 行政审批和政务信息管理局.
 */
import { updateVersioned } from '../../../kernel/db/versioned.ts';
import type { Executor } from '../../../kernel/db/types.ts';
import { inTx, type Kernel } from '../../../kernel/kernel.ts';
import { requirePermission, type Ctx } from '../../../kernel/context.ts';
import { AppError, invalid, notFound, orThrow, staleVersion } from '../../../kernel/errors.ts';
import { newId } from '../../../kernel/ids.ts';
import { checkDivisionCode, fullName, isWithin } from '../../../kernel/reference/divisions.ts';
import { findDepartment } from '../../registry/index.ts';
import { isUniqueViolation, reasonOf, requireCatalogAccess, text } from '../access.ts';
import * as repo from './repository.ts';
import type { CenterHallTable, CenterTable, CenterWindowTable } from './tables.ts';
import {
  CENTERS,
  CENTER_DEPARTMENT_KIND,
  WINDOW_TYPE_NAMES,
  type Center,
  type CenterStatus,
  type WindowDepartment,
  type WindowStatus,
  type WindowType,
} from './model.ts';

export interface CenterInput {
  region: string;
  name: string;
  address: string;
  hours: string;
  phone?: string | null;
}

export interface CenterPatch {
  version: number;
  reason?: string;
  name?: string;
  address?: string;
  hours?: string;
  phone?: string | null;
  status?: CenterStatus;
}

export interface HallInput {
  version: number;
  name: string;
  floor?: string | null;
}

export type HallPatch = { version: number; name?: string; floor?: string | null };

export interface WindowInput {
  version: number;
  hallId: string;
  number: string;
  name: string;
  type: WindowType;
  departments: string[];
}

export type WindowPatch = {
  version: number;
  reason?: string;
  hallId?: string;
  name?: string;
  type?: WindowType;
  departments?: string[];
  status?: WindowStatus;
};

/** Builds the response shape of centers, with their halls and windows, in two queries. */
export async function toCenters(k: Kernel, db: Executor, rows: CenterTable[]): Promise<Center[]> {
  const ids = rows.map((r) => r.id);
  const halls = await repo.hallsOf(db, ids);
  const windows = await repo.windowsOf(db, ids);
  return rows.map((r) => ({
    id: r.id,
    region: r.region,
    regionName: fullName(r.region) ?? r.region,
    name: r.name,
    address: r.address,
    hours: r.hours,
    phone: r.phone,
    status: r.status as CenterStatus,
    version: Number(r.version),
    halls: halls
      .filter((h) => h.center_id === r.id)
      .map((h) => ({
        id: h.id,
        name: h.name,
        floor: h.floor,
        windows: windows
          .filter((w) => w.hall_id === h.id)
          .map((w) => ({
            id: w.id,
            hallId: w.hall_id,
            number: w.number,
            name: w.name,
            type: w.type as WindowType,
            typeName: WINDOW_TYPE_NAMES[w.type as WindowType].zh,
            departments: w.departments as WindowDepartment[],
            status: w.status as WindowStatus,
          })),
      })),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

async function requireCenterAccess(k: Kernel, ctx: Ctx, region: string, tx: Executor): Promise<void> {
  await requireCatalogAccess(k, ctx, CENTERS, { region, departmentKind: CENTER_DEPARTMENT_KIND }, tx);
}

const optional = (field: string, v: string | null | undefined, max: number) =>
  v === undefined ? undefined : v === null || !v.trim() ? null : text(field, v, max);
const nameTaken = (name: string) =>
  new AppError({
    code: 'CENTER_NAME_TAKEN',
    status: 409,
    field: 'name',
    zh: `本区划已有名为「${name}」的中心`,
    en: `The region already has a center named "${name}"`,
  });

/** Creates a service center in a region (no halls or windows yet). */
export async function createCenter(k: Kernel, ctx: Ctx, input: CenterInput, tx?: Executor): Promise<Center> {
  requirePermission(ctx, CENTERS);
  orThrow(checkDivisionCode(input.region), 'region');
  const now = ctx.now.toISOString();
  const row: CenterTable = {
    id: newId(ctx.now.getTime()),
    region: input.region,
    name: text('name', input.name, 100),
    address: text('address', input.address, 300),
    hours: text('hours', input.hours, 200),
    phone: optional('phone', input.phone, 50) ?? null,
    status: 'open',
    version: 1,
    created_at: now,
    updated_at: now,
  };
  return inTx(k, tx, async (t) => {
    await requireCenterAccess(k, ctx, row.region, t);
    if (await repo.findCenterByName(t, row.region, row.name)) throw nameTaken(row.name);
    try {
      await repo.insertCenter(t, row);
    } catch (e) {
      if (isUniqueViolation(e)) throw nameTaken(row.name);
      throw e;
    }
    const [center] = await toCenters(k, t, [row]);
    await k.audit.record(t, ctx, {
      permission: CENTERS,
      action: 'create',
      subjectType: 'catalog.center',
      subjectId: row.id,
      ruleVersion: `center@1`,
      after: center,
      event: { type: 'catalog.center.created', payload: { id: row.id, region: row.region, name: row.name } },
    });
    return center;
  });
}

export interface CenterChange {
  action: string;
  event: string;
  reason?: string | null;
  /** Makes the change's own writes; returns changes to the center row and the event's extra payload. */
  apply(
    t: Executor,
    center: CenterTable,
  ): Promise<{ changes?: Partial<CenterTable>; payload?: Record<string, unknown> }>;
}

/**
 * The one path every change of a center takes: access, version, the change, the version bump, the action with its
 * before/after digests and the outbox event — in one transaction.
 */
export async function changeCenter(
  k: Kernel,
  ctx: Ctx,
  id: string,
  version: number,
  change: CenterChange,
  tx?: Executor,
): Promise<Center> {
  return inTx(k, tx, async (t) => {
    const row = await repo.findCenter(t, id);
    if (!row) throw notFound('服务中心 center', id);
    await requireCenterAccess(k, ctx, row.region, t);
    if (Number(row.version) !== version) throw staleVersion(version, Number(row.version));
    const [before] = await toCenters(k, t, [row]);
    const r = await change.apply(t, row);
    await updateVersioned(t, 'catalog_centers', id, version, { ...r.changes, updated_at: ctx.now.toISOString() });
    const [after] = await toCenters(k, t, [(await repo.findCenter(t, id))!]);
    await k.audit.record(t, ctx, {
      permission: CENTERS,
      action: change.action,
      subjectType: 'catalog.center',
      subjectId: id,
      reason: change.reason ?? null,
      ruleVersion: `center@${after.version}`,
      before,
      after,
      event: { type: change.event, payload: { id, region: row.region, version: after.version, ...r.payload } },
    });
    return after;
  });
}

/** Changes a center's name, address, hours, phone or status; closing needs a reason. */
export async function updateCenter(k: Kernel, ctx: Ctx, id: string, p: CenterPatch, tx?: Executor): Promise<Center> {
  requirePermission(ctx, CENTERS);
  const changes: Partial<CenterTable> = {};
  if (p.name !== undefined) changes.name = text('name', p.name, 100);
  if (p.address !== undefined) changes.address = text('address', p.address, 300);
  if (p.hours !== undefined) changes.hours = text('hours', p.hours, 200);
  if (p.phone !== undefined) changes.phone = optional('phone', p.phone, 50) ?? null;
  if (p.status !== undefined) changes.status = p.status;
  const reason = p.status === 'closed' ? reasonOf(p.reason) : p.reason?.trim() || null;
  return changeCenter(
    k,
    ctx,
    id,
    p.version,
    {
      action: 'update',
      event: 'catalog.center.updated',
      reason,
      async apply(t, row) {
        if (changes.name && changes.name !== row.name && (await repo.findCenterByName(t, row.region, changes.name)))
          throw nameTaken(changes.name);
        return { changes, payload: { fields: Object.keys(changes) } };
      },
    },
    tx,
  );
}

/** Adds a hall (大厅) to a center. */
export async function addHall(k: Kernel, ctx: Ctx, centerId: string, input: HallInput, tx?: Executor): Promise<Center> {
  requirePermission(ctx, CENTERS);
  const name = text('name', input.name, 100);
  const floor = optional('floor', input.floor, 50) ?? null;
  return changeCenter(
    k,
    ctx,
    centerId,
    input.version,
    {
      action: 'add_hall',
      event: 'catalog.center_hall.added',
      async apply(t, row) {
        const id = newId(ctx.now.getTime());
        await repo.insertHall(t, { id, center_id: row.id, name, floor, created_at: ctx.now.toISOString() });
        return { payload: { hallId: id } };
      },
    },
    tx,
  );
}

async function hallOf(t: Executor, centerId: string, hallId: string, field = 'hallId'): Promise<CenterHallTable> {
  const hall = (await repo.hallsOf(t, [centerId])).find((h) => h.id === hallId);
  if (!hall) throw notFound('大厅 hall', hallId, field);
  return hall;
}

/** Renames a hall or changes its floor. */
export async function updateHall(
  k: Kernel,
  ctx: Ctx,
  centerId: string,
  hallId: string,
  p: HallPatch,
  tx?: Executor,
): Promise<Center> {
  requirePermission(ctx, CENTERS);
  const changes: Partial<CenterHallTable> = {};
  if (p.name !== undefined) changes.name = text('name', p.name, 100);
  if (p.floor !== undefined) changes.floor = optional('floor', p.floor, 50) ?? null;
  return changeCenter(
    k,
    ctx,
    centerId,
    p.version,
    {
      action: 'update_hall',
      event: 'catalog.center_hall.updated',
      async apply(t) {
        await hallOf(t, centerId, hallId, 'hallId');
        if (Object.keys(changes).length) await repo.updateHall(t, hallId, changes);
        return { payload: { hallId } };
      },
    },
    tx,
  );
}

/** The departments a window serves: known, distinct, of the center's region or above; a specialized window names at least one. */
async function windowDepartments(
  k: Kernel,
  t: Executor,
  center: CenterTable,
  type: WindowType,
  codes: string[],
): Promise<WindowDepartment[]> {
  if (new Set(codes).size !== codes.length)
    throw invalid('departments', 'DUPLICATE_DEPARTMENT', '窗口服务部门重复', 'A department is listed twice');
  if (type === 'specialized' && !codes.length)
    throw invalid(
      'departments',
      'WINDOW_DEPARTMENTS_REQUIRED',
      '专业窗口须写明服务的部门',
      'A specialized window names the departments it serves',
    );
  const out: WindowDepartment[] = [];
  for (const [i, code] of codes.entries()) {
    const d = await findDepartment(k, code, t);
    if (!d) throw invalid(`departments.${i}`, 'DEPARTMENT_UNKNOWN', `未知的部门 ${code}`, `Unknown department ${code}`);
    if (!isWithin(center.region, d.region))
      throw invalid(
        `departments.${i}`,
        'WINDOW_DEPARTMENT_REGION',
        `部门 ${d.name} 不属于本中心所在区划或其上级`,
        `Department ${d.name} is not of the center's region or above`,
      );
    out.push({ code: d.code, name: d.name });
  }
  return out;
}

const numberTaken = (n: string) =>
  new AppError({
    code: 'WINDOW_NUMBER_TAKEN',
    status: 409,
    field: 'number',
    zh: `窗口号 ${n} 已被使用`,
    en: `Window number ${n} is taken`,
  });

/** Adds a window to one of the center's halls. */
export async function addWindow(
  k: Kernel,
  ctx: Ctx,
  centerId: string,
  input: WindowInput,
  tx?: Executor,
): Promise<Center> {
  requirePermission(ctx, CENTERS);
  const number = text('number', input.number, 20);
  const name = text('name', input.name, 100);
  return changeCenter(
    k,
    ctx,
    centerId,
    input.version,
    {
      action: 'add_window',
      event: 'catalog.center_window.added',
      async apply(t, center) {
        await hallOf(t, centerId, input.hallId);
        const departments = await windowDepartments(k, t, center, input.type, input.departments);
        if (await repo.findWindowByNumber(t, centerId, number)) throw numberTaken(number);
        const id = newId(ctx.now.getTime());
        const row: CenterWindowTable = {
          id,
          center_id: centerId,
          hall_id: input.hallId,
          number,
          name,
          type: input.type,
          departments: departments,
          status: 'open',
          created_at: ctx.now.toISOString(),
        };
        await repo.insertWindow(t, row);
        return { payload: { windowId: id, number, type: input.type } };
      },
    },
    tx,
  );
}

/** Changes a window: hall, name, type, departments, or open/closed. */
export async function updateWindow(
  k: Kernel,
  ctx: Ctx,
  centerId: string,
  windowId: string,
  p: WindowPatch,
  tx?: Executor,
): Promise<Center> {
  requirePermission(ctx, CENTERS);
  const name = p.name === undefined ? undefined : text('name', p.name, 100);
  return changeCenter(
    k,
    ctx,
    centerId,
    p.version,
    {
      action: 'update_window',
      event: 'catalog.center_window.updated',
      reason: p.reason?.trim() || null,
      async apply(t, center) {
        const w = (await repo.windowsOf(t, [centerId])).find((x) => x.id === windowId);
        if (!w) throw notFound('窗口 window', windowId);
        const changes: Partial<CenterWindowTable> = {};
        if (p.hallId !== undefined) changes.hall_id = (await hallOf(t, centerId, p.hallId)).id;
        if (name !== undefined) changes.name = name;
        if (p.status !== undefined) changes.status = p.status;
        const type = p.type ?? (w.type as WindowType);
        if (p.type !== undefined || p.departments !== undefined) {
          const codes = p.departments ?? (w.departments as WindowDepartment[]).map((d) => d.code);
          changes.type = type;
          changes.departments = await windowDepartments(k, t, center, type, codes);
        }
        if (Object.keys(changes).length) await repo.updateWindow(t, windowId, changes);
        return { payload: { windowId, fields: Object.keys(changes) } };
      },
    },
    tx,
  );
}

/** One center with its halls and windows. Public: addresses and hours are public information. */
export async function getCenter(k: Kernel, id: string): Promise<Center> {
  const row = await repo.findCenter(k.db, id);
  if (!row) throw notFound('服务中心 center', id);
  return (await toCenters(k, k.db, [row]))[0];
}

/** Centers in a region's subtree, by id. Public. */
export async function listCenters(
  k: Kernel,
  f: { region?: string; status?: CenterStatus; after?: string | null; limit: number },
): Promise<Center[]> {
  if (f.region) orThrow(checkDivisionCode(f.region), 'query.region');
  return toCenters(k, k.db, await repo.listCenters(k.db, f));
}
