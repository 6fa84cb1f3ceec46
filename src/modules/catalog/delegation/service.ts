/**
 * Delegations (放权赋能): moving an item's handling from a province or city down to listed counties from an
 * effective date, and rolling it back. Deciding a delegation needs `catalog:publish` for the delegating region and
 * the item's department kind (as publishing an implementation does): it changes where applications go.
 *
 * The effective date may not lie in the past: a delegation never moves cases already filed, and cases filed before
 * the date keep going to the delegating body. A rollback takes effect at once; before it, the delegation stays in
 * the record, so questions about earlier moments still get the answer that held then.
 */
import type { Executor } from '../../../kernel/db/types.ts';
import { preparedQuery } from '../../../kernel/db/prepared.ts';
import { inTx, type Kernel } from '../../../kernel/kernel.ts';
import { requirePermission, type Ctx } from '../../../kernel/context.ts';
import { updateVersioned } from '../../../kernel/db/versioned.ts';
import { AppError, invalid, notFound, orThrow, staleVersion } from '../../../kernel/errors.ts';
import { newId } from '../../../kernel/ids.ts';
import { shanghaiDate } from '../../../kernel/calendar/index.ts';
import { checkDivisionCode, findDivision, fullName, isWithin } from '../../../kernel/reference/divisions.ts';
import { findDepartment } from '../../registry/index.ts';
import * as catalogRepo from '../repository.ts';
import { PUBLISH, READ, checkDate, reasonOf, requireCatalogAccess, text } from '../access.ts';
import { levelOf, toItem } from '../convert.ts';
import { requireItemUsable, type CatalogItem } from '../model.ts';
import type { DelegationTable } from './tables.ts';
import './tables.ts';

export const DELEGATION_STATUSES = ['active', 'rolled_back'] as const;
export type DelegationStatus = (typeof DELEGATION_STATUSES)[number];

export interface Delegation {
  id: string;
  itemId: string;
  itemName: string;
  fromRegion: string;
  fromRegionName: string;
  fromLevel: 'province' | 'city';
  toRegions: Array<{ region: string; name: string; department: { code: string; name: string } }>;
  receivingKind: string;
  effectiveFrom: string;
  reason: string;
  document: string | null;
  status: DelegationStatus;
  /** Whether cases filed now go to the counties: active and the effective date has come. */
  inForce: boolean;
  rollbackReason: string | null;
  rolledBackAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface DelegationInput {
  itemId: string;
  fromRegion: string;
  toRegions: string[];
  receivingKind?: string;
  effectiveFrom: string;
  reason: string;
  document?: string | null;
}

/** Whether a delegation decides where a case filed at `at` goes. */
export function inForceAt(r: Pick<DelegationTable, 'effective_from' | 'rolled_back_at'>, at: Date): boolean {
  return r.effective_from <= shanghaiDate(at) && !(r.rolled_back_at && r.rolled_back_at <= at.toISOString());
}

export async function toDelegation(k: Kernel, db: Executor, r: DelegationTable, now: Date): Promise<Delegation> {
  const item = await catalogRepo.findItem(db, r.item_id);
  const toRegions = [];
  for (const region of r.to_regions as string[]) {
    const d = await findDepartment(k, `${region}-${r.receiving_kind}`, db);
    toRegions.push({
      region,
      name: fullName(region) ?? region,
      department: { code: `${region}-${r.receiving_kind}`, name: d?.name ?? '' },
    });
  }
  return {
    id: r.id,
    itemId: r.item_id,
    itemName: item?.name ?? r.item_id,
    fromRegion: r.from_region,
    fromRegionName: fullName(r.from_region) ?? r.from_region,
    fromLevel: r.from_level as Delegation['fromLevel'],
    toRegions,
    receivingKind: r.receiving_kind,
    effectiveFrom: r.effective_from,
    reason: r.reason,
    document: r.document,
    status: r.status as DelegationStatus,
    inForce: inForceAt(r, now),
    rollbackReason: r.rollback_reason,
    rolledBackAt: r.rolled_back_at,
    version: Number(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

// Every filing reads them (competent-body.ts): built and compiled once (kernel/db/prepared.ts).
const ofItem = preparedQuery((db: Executor, itemId: string) =>
  db
    .selectFrom('catalog_delegations')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc'),
);

export async function delegationsOfItem(db: Executor, itemId: string): Promise<DelegationTable[]> {
  return (await ofItem(db, itemId)).rows;
}

async function usableItem(k: Kernel, t: Executor, itemId: string): Promise<CatalogItem> {
  const row = await catalogRepo.findItem(t, itemId);
  if (!row) throw notFound('目录事项 catalog item', itemId, 'itemId');
  const item = toItem(k, row);
  requireItemUsable(item, 'itemId');
  return item;
}

/** Checks the counties: known, county level, inside the delegating region, each with a receiving department. */
async function checkTargets(k: Kernel, t: Executor, input: DelegationInput, kind: string): Promise<void> {
  if (!input.toRegions.length)
    throw invalid(
      'toRegions',
      'DELEGATION_TARGETS_REQUIRED',
      '须列出承接的县（市、区）',
      'List the counties the handling moves to',
    );
  if (new Set(input.toRegions).size !== input.toRegions.length)
    throw invalid('toRegions', 'DUPLICATE_REGION', '承接区划重复', 'A county is listed twice');
  for (const [i, region] of input.toRegions.entries()) {
    const field = `toRegions.${i}`;
    orThrow(checkDivisionCode(region), field);
    if (findDivision(region)?.level !== 'county')
      throw invalid(
        field,
        'DELEGATION_TARGET_LEVEL',
        `${region} 不是县级区划`,
        `${region} is not a county-level division`,
      );
    if (!isWithin(region, input.fromRegion))
      throw invalid(
        field,
        'DELEGATION_TARGET_OUTSIDE',
        `${region} 不在下放区划 ${input.fromRegion} 内`,
        `${region} is not within the delegating region ${input.fromRegion}`,
      );
    if (!(await findDepartment(k, `${region}-${kind}`, t)))
      throw invalid(
        field,
        'DELEGATION_NO_DEPARTMENT',
        `${region} 没有承接部门（${kind}）`,
        `${region} has no receiving department of kind ${kind}`,
      );
  }
}

/** Refuses a second active delegation of the same item to a county already delegated to. */
async function checkOverlap(k: Kernel, t: Executor, itemId: string, toRegions: string[]): Promise<void> {
  for (const d of await delegationsOfItem(t, itemId)) {
    if (d.status !== 'active') continue;
    const shared = (d.to_regions as string[]).filter((r) => toRegions.includes(r));
    if (shared.length) {
      throw new AppError({
        code: 'DELEGATION_OVERLAP',
        status: 409,
        field: 'toRegions',
        zh: `该事项已下放至 ${shared.join('、')}（须先回收）`,
        en: `The item is already delegated to ${shared.join(', ')} (roll that back first)`,
        details: { delegationId: d.id, regions: shared },
      });
    }
  }
}

/** Delegates an item's handling from a province or city to listed counties from an effective date. */
export async function createDelegation(
  k: Kernel,
  ctx: Ctx,
  input: DelegationInput,
  tx?: Executor,
): Promise<Delegation> {
  requirePermission(ctx, PUBLISH);
  orThrow(checkDivisionCode(input.fromRegion), 'fromRegion');
  const fromLevel = levelOf(input.fromRegion);
  if (fromLevel === 'county')
    throw invalid(
      'fromRegion',
      'DELEGATION_FROM_LEVEL',
      '只有省、市可以下放事项',
      'Only a province or a city delegates',
    );
  checkDate('effectiveFrom', input.effectiveFrom);
  if (input.effectiveFrom < shanghaiDate(ctx.now))
    throw invalid(
      'effectiveFrom',
      'DELEGATION_RETROACTIVE',
      '生效日期不得早于今天：已受理的办件不随下放转移',
      'The effective date may not be in the past: cases already filed do not move',
    );
  const reason = reasonOf(input.reason);
  const document = input.document?.trim() ? text('document', input.document, 200) : null;
  return inTx(k, tx, async (t) => {
    const item = await usableItem(k, t, input.itemId);
    await requireCatalogAccess(k, ctx, PUBLISH, { region: input.fromRegion, departmentKind: item.departmentKind }, t);
    if (!item.levels.includes(fromLevel))
      throw invalid(
        'fromRegion',
        'LEVEL_NOT_EXERCISED',
        `该事项不在${fromLevel}级行使，无从下放`,
        `The item is not exercised at ${fromLevel} level`,
      );
    const kind = input.receivingKind ?? item.departmentKind;
    await checkTargets(k, t, input, kind);
    await checkOverlap(k, t, item.id, input.toRegions);
    const now = ctx.now.toISOString();
    const row: DelegationTable = {
      id: newId(ctx.now.getTime()),
      item_id: item.id,
      from_region: input.fromRegion,
      from_level: fromLevel,
      to_regions: input.toRegions,
      receiving_kind: kind,
      effective_from: input.effectiveFrom,
      reason,
      document,
      status: 'active',
      rollback_reason: null,
      rolled_back_at: null,
      version: 1,
      created_by: ctx.principal.id,
      created_at: now,
      updated_at: now,
    };
    await t.insertInto('catalog_delegations').values(row).execute();
    const result = await toDelegation(k, t, row, ctx.now);
    await k.audit.record(t, ctx, {
      permission: PUBLISH,
      action: 'delegate',
      subjectType: 'catalog.delegation',
      subjectId: row.id,
      reason,
      ruleVersion: `delegation@1`,
      after: result,
      event: {
        type: 'catalog.delegation.created',
        payload: {
          id: row.id,
          itemId: item.id,
          fromRegion: row.from_region,
          toRegions: input.toRegions,
          effectiveFrom: row.effective_from,
        },
      },
    });
    return result;
  });
}

/** Rolls a delegation back (收回) from now on; cases filed while it was in force stay where they were filed. */
export async function rollbackDelegation(
  k: Kernel,
  ctx: Ctx,
  id: string,
  input: { version: number; reason: string },
  tx?: Executor,
): Promise<Delegation> {
  requirePermission(ctx, PUBLISH);
  const reason = reasonOf(input.reason);
  return inTx(k, tx, async (t) => {
    const row = await t.selectFrom('catalog_delegations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('下放记录 delegation', id);
    const item = toItem(k, (await catalogRepo.findItem(t, row.item_id))!);
    await requireCatalogAccess(k, ctx, PUBLISH, { region: row.from_region, departmentKind: item.departmentKind }, t);
    if (Number(row.version) !== input.version) throw staleVersion(input.version, Number(row.version));
    if (row.status !== 'active')
      throw new AppError({
        code: 'TRANSITION_NOT_ALLOWED',
        status: 409,
        field: 'status',
        zh: '该下放已回收',
        en: 'The delegation was already rolled back',
        details: { status: row.status, allowed: [] },
      });
    const at = ctx.now.toISOString();
    const changes = {
      status: 'rolled_back',
      rollback_reason: reason,
      rolled_back_at: at,
      updated_at: at,
    };
    await updateVersioned(t, 'catalog_delegations', id, input.version, changes);
    const before = await toDelegation(k, t, row, ctx.now);
    const after = await toDelegation(k, t, { ...row, ...changes, version: input.version + 1 }, ctx.now);
    await k.audit.record(t, ctx, {
      permission: PUBLISH,
      action: 'rollback',
      subjectType: 'catalog.delegation',
      subjectId: id,
      reason,
      ruleVersion: `delegation@${after.version}`,
      before,
      after,
      event: {
        type: 'catalog.delegation.rolled_back',
        payload: {
          id,
          itemId: row.item_id,
          fromRegion: row.from_region,
          toRegions: after.toRegions.map((x) => x.region),
          rolledBackAt: at,
        },
      },
    });
    return after;
  });
}

export async function getDelegation(k: Kernel, ctx: Ctx, id: string): Promise<Delegation> {
  requirePermission(ctx, READ);
  const row = await k.db.selectFrom('catalog_delegations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('下放记录 delegation', id);
  return toDelegation(k, k.db, row, ctx.now);
}

/**
 * The delegation history, newest first: every delegation (active and rolled back) of an item, or touching a region
 * (delegated from it or a region inside it, or to a county inside it). Paged by `before` (the last id seen).
 */
export async function listDelegations(
  k: Kernel,
  ctx: Ctx,
  f: { itemId?: string; region?: string; status?: DelegationStatus; before?: string | null; limit: number },
): Promise<Delegation[]> {
  requirePermission(ctx, READ);
  if (f.region) orThrow(checkDivisionCode(f.region), 'query.region');
  let q = k.db.selectFrom('catalog_delegations').selectAll();
  if (f.itemId) q = q.where('item_id', '=', f.itemId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.before) q = q.where('id', '<', f.before);
  const out: Delegation[] = [];
  for (const row of await q.orderBy('id', 'desc').execute()) {
    const regions = [row.from_region, ...(row.to_regions as string[])];
    if (f.region && !regions.some((r) => isWithin(r, f.region!))) continue;
    out.push(await toDelegation(k, k.db, row, ctx.now));
    if (out.length === f.limit) break;
  }
  return out;
}
