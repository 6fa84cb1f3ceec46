/**
 * The directories a draw works on: inspection items (抽查事项清单) and annual plans, the target directory (检查对象名录库)
 * and the inspector directory (执法检查人员名录库). Targets and inspectors are temporal: a change closes the current row
 * (`valid_to`) and adds a new one, so "the population as of a freeze time" is a query, not a copy.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { inJurisdiction, requireJurisdiction, requirePermission, systemCtx, type Ctx } from '../../kernel/context.ts';
import { AppError, invalid, notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { requiredText } from '../../kernel/validators/fields.ts';
import { subtreePrefix } from '../../kernel/reference/divisions.ts';
import { findAccountById, staffInRegions } from '../../kernel/auth/accounts.ts';
import { getItem } from '../catalog/index.ts';
import { getDepartment, listEnterprises } from '../registry/index.ts';
import { inspectionsPermissions as P } from './permissions.ts';
import type { InspectionTargetTable, InspectorTable } from './tables.ts';
import {
  METHODS,
  STRATA,
  type CreditClass,
  type InspectionItem,
  type Inspector,
  type Method,
  type Plan,
  type Target,
} from './model.ts';

/** 行政检查: the catalog item type an inspection item must have. */
const INSPECTION_ITEM_TYPE = 6;

/** Rows of a temporal table valid at `at`. */
export function validAt<Q extends { where: (...a: any[]) => Q }>(q: Q, at: string): Q {
  return q
    .where('valid_from', '<=', at)
    .where((eb: any) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', at)]));
}

/** The caller's department and its region; admins may name another department. */
async function departmentOf(k: Kernel, ctx: Ctx, named: string | undefined, tx?: Executor) {
  const code = named ?? ctx.principal.department;
  if (!code) throw invalid('department', 'DEPARTMENT_REQUIRED', '请指定部门', 'Name a department');
  if (
    ctx.principal.kind !== 'system' &&
    named &&
    named !== ctx.principal.department &&
    !ctx.principal.roles.includes('admin')
  )
    throw invalid('department', 'NOT_YOUR_DEPARTMENT', '只能为本部门登记', 'Only for your own department');
  const d = await getDepartment(k, code, tx, 'department');
  requireJurisdiction(ctx, d.region, 'department');
  return d;
}

// ---- items and plans ----

function toItem(r: import('./tables.ts').InspectionItemTable): InspectionItem {
  return {
    id: r.id,
    region: r.region,
    department: r.department,
    catalogItemId: r.catalog_item_id,
    name: r.name,
    legalBasis: r.legal_basis,
    subjectType: r.subject_type,
    method: r.method as Method,
    createdAt: r.created_at,
  };
}

/** Adds an inspection item to a department's list, from a catalog item of type 6 (行政检查). */
export async function addItem(
  k: Kernel,
  ctx: Ctx,
  input: { department?: string; catalogItemId: string; subjectType: string; method: Method },
): Promise<InspectionItem> {
  requirePermission(ctx, P.manage);
  if (!METHODS.includes(input.method)) throw invalid('method', 'METHOD_UNKNOWN', '检查方式无效', 'Unknown method');
  const subjectType = requiredText('subjectType', input.subjectType, 64);
  return k.db.transaction().execute(async (tx) => {
    const d = await departmentOf(k, ctx, input.department, tx);
    const item = await getItem(k, systemCtx(ctx.now), input.catalogItemId, tx);
    if (item.itemType !== INSPECTION_ITEM_TYPE)
      throw invalid(
        'catalogItemId',
        'NOT_AN_INSPECTION_ITEM',
        '只能选用“行政检查”类目录事项',
        'Only catalog items of type 行政检查 (inspection) can be listed',
      );
    const legalBasis = item.legalBasis.map((c) => `${c.title}${c.article ?? ''}`).join('；');
    const row = {
      id: newId(ctx.now.getTime()),
      region: d.region,
      department: d.code,
      catalog_item_id: item.id,
      name: item.name,
      legal_basis: legalBasis,
      subject_type: subjectType,
      method: input.method,
      created_by: ctx.principal.id,
      created_at: ctx.now.toISOString(),
    };
    const dup = await tx
      .selectFrom('inspections_items')
      .select('id')
      .where('department', '=', d.code)
      .where('catalog_item_id', '=', item.id)
      .where('subject_type', '=', subjectType)
      .executeTakeFirst();
    if (dup)
      throw new AppError({
        code: 'ITEM_ALREADY_LISTED',
        status: 409,
        field: 'catalogItemId',
        zh: '该事项已在清单中',
        en: 'This item is already listed',
      });
    await tx.insertInto('inspections_items').values(row).execute();
    const after = toItem(row);
    await k.audit.record(tx, ctx, {
      permission: P.manage,
      action: 'list_item',
      subjectType: 'inspections.item',
      subjectId: row.id,
      after,
    });
    return after;
  });
}

/** Published inspection items (public), by region subtree and department. */
export async function listItems(
  k: Kernel,
  filter: { region?: string; department?: string },
  tx?: Executor,
): Promise<InspectionItem[]> {
  let q = (tx ?? k.db).selectFrom('inspections_items').selectAll().orderBy('id');
  if (filter.region) q = q.where('region', 'like', subtreePrefix(filter.region) + '%');
  if (filter.department) q = q.where('department', '=', filter.department);
  return (await q.limit(500).execute()).map(toItem);
}

/** Items by id (for tasks and results); unknown ids are left out. */
export async function itemsByIds(db: Executor, ids: string[]): Promise<InspectionItem[]> {
  if (!ids.length) return [];
  return (await db.selectFrom('inspections_items').selectAll().where('id', 'in', ids).execute()).map(toItem);
}

/** Publishes a department's annual plan (public at once): the items it will inspect that year. */
export async function createPlan(
  k: Kernel,
  ctx: Ctx,
  input: { department?: string; year: number; title: string; itemIds: string[] },
): Promise<Plan> {
  requirePermission(ctx, P.manage);
  const title = requiredText('title', input.title, 200);
  return k.db.transaction().execute(async (tx) => {
    const d = await departmentOf(k, ctx, input.department, tx);
    const items = await itemsByIds(tx, input.itemIds);
    if (
      !input.itemIds.length ||
      items.length !== new Set(input.itemIds).size ||
      items.some((i) => i.department !== d.code)
    )
      throw invalid('itemIds', 'ITEMS_INVALID', '请选择本部门清单中的事项', "Choose items from the department's list");
    const row = {
      id: newId(ctx.now.getTime()),
      region: d.region,
      department: d.code,
      year: input.year,
      title,
      item_ids: [...new Set(input.itemIds)],
      created_by: ctx.principal.id,
      created_at: ctx.now.toISOString(),
    };
    await tx.insertInto('inspections_plans').values(row).execute();
    const after = toPlan(row);
    await k.audit.record(tx, ctx, {
      permission: P.manage,
      action: 'publish_plan',
      subjectType: 'inspections.plan',
      subjectId: row.id,
      after,
    });
    return after;
  });
}

function toPlan(r: import('./tables.ts').InspectionPlanTable): Plan {
  return {
    id: r.id,
    region: r.region,
    department: r.department,
    year: Number(r.year),
    title: r.title,
    itemIds: r.item_ids as string[],
    createdAt: r.created_at,
  };
}

export async function listPlans(k: Kernel, filter: { region?: string; year?: number }): Promise<Plan[]> {
  let q = k.db.selectFrom('inspections_plans').selectAll().orderBy('id', 'desc');
  if (filter.region) q = q.where('region', 'like', subtreePrefix(filter.region) + '%');
  if (filter.year) q = q.where('year', '=', filter.year);
  return (await q.limit(200).execute()).map(toPlan);
}

// ---- target directory ----

export function toTarget(r: InspectionTargetTable): Target {
  const creditClass = (r.credit_class as CreditClass | null) ?? null;
  return {
    uscc: r.uscc,
    name: r.name,
    region: r.region,
    industry: r.industry,
    address: r.address,
    subjectType: r.subject_type,
    creditClass,
    stratum: creditClass ?? 'B',
    keySupervision: Boolean(r.key_supervision),
    licences: (r.licences as string[]) ?? [],
    validFrom: r.valid_from,
  };
}

/** Names of the licences an enterprise holds, from whatever shape the registry stores them in. */
function licenceNames(licences: unknown[]): string[] {
  return licences
    .map((l) =>
      typeof l === 'string' ? l : ((l as { type?: string; name?: string })?.type ?? (l as { name?: string })?.name),
    )
    .filter((s): s is string => typeof s === 'string' && s.length > 0);
}

async function currentTarget(db: Executor, uscc: string) {
  return db
    .selectFrom('inspections_targets')
    .selectAll()
    .where('uscc', '=', uscc)
    .where('valid_to', 'is', null)
    .executeTakeFirst();
}

/** Closes `current` (if any) and adds `next` as the row valid from `at`. */
async function replaceTarget(
  tx: Executor,
  current: InspectionTargetTable | undefined,
  next: Omit<InspectionTargetTable, 'row_id' | 'stratum' | 'valid_from' | 'valid_to'>,
  at: string,
) {
  if (current)
    await tx.updateTable('inspections_targets').set({ valid_to: at }).where('row_id', '=', current.row_id).execute();
  await tx
    .insertInto('inspections_targets')
    .values({
      ...next,
      stratum: next.credit_class ?? 'B',
      row_id: newId(new Date(at).getTime()),
      valid_from: at,
      valid_to: null,
    })
    .execute();
}

const SAME_FIELDS = ['name', 'region', 'industry', 'address', 'subject_type'] as const;

/**
 * Brings a region's target directory up to date with the registry (through its exported `listEnterprises`): new
 * enterprises join, changed ones get a new row, revoked or deregistered ones leave. Credit class and key-supervision
 * flag are the directory's own and carry over. One action for the whole sync.
 */
export async function syncTargets(
  k: Kernel,
  ctx: Ctx,
  input: { region: string },
): Promise<{ added: number; changed: number; removed: number }> {
  requirePermission(ctx, P.manage);
  requireJurisdiction(ctx, input.region);
  const at = ctx.now.toISOString();
  const counts = { added: 0, changed: 0, removed: 0 };
  // Page by page: the registry's reader runs outside the transaction that writes the page's changes.
  let after: string | null = null;
  for (;;) {
    const page = await listEnterprises(k, systemCtx(ctx.now), { region: input.region, after, limit: 500 });
    await k.db.transaction().execute(async (tx) => {
      for (const e of page) {
        const current = await currentTarget(tx, e.uscc);
        if (e.status !== 'active') {
          if (current) {
            await tx
              .updateTable('inspections_targets')
              .set({ valid_to: at })
              .where('row_id', '=', current.row_id)
              .execute();
            counts.removed++;
          }
          continue;
        }
        const next = {
          uscc: e.uscc,
          enterprise_id: e.id,
          name: e.name,
          region: e.region,
          industry: e.industry,
          address: e.address,
          subject_type: e.orgType,
          credit_class: current?.credit_class ?? null,
          key_supervision: current ? Boolean(current.key_supervision) : false,
          licences: licenceNames(e.licences),
        };
        if (current) {
          const same =
            SAME_FIELDS.every((f) => current[f] === next[f]) &&
            JSON.stringify(current.licences) === JSON.stringify(next.licences);
          if (same) continue;
          counts.changed++;
        } else counts.added++;
        await replaceTarget(tx, current, next, at);
      }
    });
    if (page.length < 500) break;
    after = page[page.length - 1].id;
  }
  await k.db.transaction().execute((tx) =>
    k.audit.record(tx, ctx, {
      permission: P.manage,
      action: 'sync_targets',
      subjectType: 'inspections.directory',
      subjectId: input.region,
      after: counts,
    }),
  );
  return counts;
}

/** Sets a target's credit class (until the credit module grades it) or key-supervision flag: a new directory row. */
export async function updateTarget(
  k: Kernel,
  ctx: Ctx,
  uscc: string,
  patch: { creditClass?: CreditClass | null; keySupervision?: boolean; reason: string },
): Promise<Target> {
  requirePermission(ctx, P.manage);
  const reason = requiredText('reason', patch.reason, 500);
  if (patch.creditClass != null && !STRATA.includes(patch.creditClass))
    throw invalid('creditClass', 'CREDIT_CLASS_UNKNOWN', '信用等级须为 A–D', 'Credit class must be A–D');
  return k.db.transaction().execute(async (tx) => {
    const current = await currentTarget(tx, uscc);
    if (!current || !inJurisdiction(ctx, current.region)) throw notFound('检查对象 target', uscc, 'params.uscc');
    const at = ctx.now.toISOString();
    const { row_id: _r, stratum: _s, valid_from: _f, valid_to: _t, ...rest } = current;
    const next = {
      ...rest,
      key_supervision: patch.keySupervision ?? Boolean(current.key_supervision),
      credit_class: patch.creditClass === undefined ? current.credit_class : patch.creditClass,
    };
    await replaceTarget(tx, current, next, at);
    const after = toTarget({ ...next, stratum: next.credit_class ?? 'B', row_id: '', valid_from: at, valid_to: null });
    await k.audit.record(tx, ctx, {
      permission: P.manage,
      action: 'update_target',
      subjectType: 'inspections.target',
      subjectId: uscc,
      reason,
      before: toTarget(current),
      after,
    });
    return after;
  });
}

/** The target directory in the caller's jurisdiction (as it is now, or as of `asOf`), by USCC. */
export async function listTargets(
  k: Kernel,
  ctx: Ctx,
  filter: { region?: string; asOf?: string; after?: string | null; limit: number },
): Promise<Target[]> {
  requirePermission(ctx, P.read);
  const region = filter.region ?? ctx.principal.region;
  if (region) requireJurisdiction(ctx, region);
  let q = validAt(k.db.selectFrom('inspections_targets').selectAll(), filter.asOf ?? ctx.now.toISOString());
  if (region) q = q.where('region', 'like', subtreePrefix(region) + '%');
  if (filter.after) q = q.where('uscc', '>', filter.after);
  return (await q.orderBy('uscc').limit(filter.limit).execute()).map(toTarget);
}

// ---- inspector directory ----

function toInspector(r: InspectorTable): Inspector {
  return {
    accountId: r.account_id,
    name: r.name,
    department: r.department,
    region: r.region,
    certificateNo: r.certificate_no,
    fields: r.fields as string[],
    status: r.status as Inspector['status'],
    validFrom: r.valid_from,
  };
}

/** Adds a staff account to the inspector directory, or changes its entry (a new row); department and region are the account's. */
export async function saveInspector(
  k: Kernel,
  ctx: Ctx,
  input: { accountId: string; certificateNo: string; fields: string[]; status: Inspector['status'] },
): Promise<Inspector> {
  requirePermission(ctx, P.manage);
  const certificateNo = requiredText('certificateNo', input.certificateNo, 64);
  return k.db.transaction().execute(async (tx) => {
    const acc = await findAccountById(tx, input.accountId);
    if (!acc || acc.kind !== 'staff' || !acc.department || !acc.region || !inJurisdiction(ctx, acc.region))
      throw notFound('工作人员 staff account', input.accountId, 'accountId');
    if (
      ctx.principal.kind !== 'system' &&
      !ctx.principal.roles.includes('admin') &&
      acc.department !== ctx.principal.department
    )
      throw invalid('accountId', 'NOT_YOUR_DEPARTMENT', '只能登记本部门人员', 'Only staff of your own department');
    const at = ctx.now.toISOString();
    const current = await tx
      .selectFrom('inspections_inspectors')
      .selectAll()
      .where('account_id', '=', acc.id)
      .where('valid_to', 'is', null)
      .executeTakeFirst();
    if (current)
      await tx
        .updateTable('inspections_inspectors')
        .set({ valid_to: at })
        .where('row_id', '=', current.row_id)
        .execute();
    const row: InspectorTable = {
      row_id: newId(ctx.now.getTime()),
      account_id: acc.id,
      name: acc.name,
      department: acc.department,
      region: acc.region,
      certificate_no: certificateNo,
      fields: input.fields.map((f) => requiredText('fields', f, 64)),
      status: input.status,
      valid_from: at,
      valid_to: null,
    };
    await tx.insertInto('inspections_inspectors').values(row).execute();
    const after = toInspector(row);
    await k.audit.record(tx, ctx, {
      permission: P.manage,
      action: current ? 'update_inspector' : 'add_inspector',
      subjectType: 'inspections.inspector',
      subjectId: acc.id,
      before: current ? toInspector(current) : undefined,
      after,
    });
    return after;
  });
}

/** A staff account that may be added to the inspector directory, with its current entry when it has one. */
export interface InspectorCandidate {
  accountId: string;
  name: string;
  department: string;
  region: string;
  entry: Pick<Inspector, 'certificateNo' | 'fields' | 'status'> | null;
}

/**
 * The staff accounts of `department` (the caller's own unless an administrator names another) in the caller's
 * jurisdiction, for the directory's staff picker, each with its current directory entry. A department outside the
 * jurisdiction answers as an absent one. Reads only.
 */
export async function inspectorCandidates(k: Kernel, ctx: Ctx, department?: string): Promise<InspectorCandidate[]> {
  requirePermission(ctx, P.manage);
  const anyDepartment = ctx.principal.kind === 'system' || ctx.principal.roles.includes('admin');
  const code = department ?? ctx.principal.department;
  if (!code) throw invalid('department', 'DEPARTMENT_REQUIRED', '请指定部门', 'Name a department');
  if (!anyDepartment && code !== ctx.principal.department)
    throw invalid('department', 'NOT_YOUR_DEPARTMENT', '只能登记本部门人员', 'Only staff of your own department');
  const d = await getDepartment(k, code, k.db, 'department');
  if (!inJurisdiction(ctx, d.region)) throw notFound('部门 department', code, 'department');
  const staff = (await staffInRegions(k.db, [d.region])).filter(
    (a) => a.department === code && a.region !== null && inJurisdiction(ctx, a.region),
  );
  const current = new Map<string, InspectorTable>();
  for (let i = 0; i < staff.length; i += 500)
    for (const r of await k.db
      .selectFrom('inspections_inspectors')
      .selectAll()
      .where('valid_to', 'is', null)
      .where(
        'account_id',
        'in',
        staff.slice(i, i + 500).map((a) => a.id),
      )
      .execute())
      current.set(r.account_id, r);
  return staff
    .map((a) => {
      const e = current.get(a.id);
      return {
        accountId: a.id,
        name: a.name,
        department: code,
        region: a.region!,
        entry: e
          ? { certificateNo: e.certificate_no, fields: e.fields as string[], status: toInspector(e).status }
          : null,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || (a.accountId < b.accountId ? -1 : 1));
}

/** The inspector directory in the caller's jurisdiction (as of now or `asOf`). */
export async function listInspectors(
  k: Kernel,
  ctx: Ctx,
  filter: { department?: string; asOf?: string },
): Promise<Inspector[]> {
  requirePermission(ctx, P.read);
  let q = validAt(k.db.selectFrom('inspections_inspectors').selectAll(), filter.asOf ?? ctx.now.toISOString());
  if (filter.department) q = q.where('department', '=', filter.department);
  if (ctx.principal.kind !== 'system' && ctx.principal.region)
    q = q.where('region', 'like', subtreePrefix(ctx.principal.region) + '%');
  return (await q.orderBy('department').orderBy('account_id').limit(1000).execute()).map(toInspector);
}

/** The active inspectors of `departments` valid at `at`: the pools a task freezes. */
export async function poolsAt(
  db: Executor,
  departments: string[],
  at: string,
): Promise<Array<{ department: string; inspectorId: string }>> {
  const rows = await validAt(db.selectFrom('inspections_inspectors').select(['department', 'account_id']), at)
    .where('department', 'in', departments)
    .where('status', '=', 'active')
    .execute();
  return rows.map((r) => ({ department: r.department, inspectorId: r.account_id }));
}
