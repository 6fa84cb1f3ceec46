/**
 * Catalog items (基本目录): what each item is, by which law, at which levels, owned by which department kind, and —
 * for licensing items — its 证照分离 reform mode and the licensing lists it is on. Every change is an audited action
 * with its outbox event, in one transaction.
 */
import { updateVersioned } from '../../kernel/db/versioned.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { inTx, type Kernel } from '../../kernel/kernel.ts';
import { requirePermission, type Ctx } from '../../kernel/context.ts';
import { AppError, invalid, notFound, orThrow, staleVersion } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { checkDivisionCode } from '../../kernel/reference/divisions.ts';
import { listDepartments } from '../registry/index.ts';
import * as repo from './repository.ts';
import type { CatalogItemTable } from './tables.ts';
import { EDIT, PUBLISH, READ, checkDate, isUniqueViolation, reasonOf, requireCatalogAccess, text } from './access.ts';
import {
  LICENSING,
  type CatalogItem,
  type ItemType,
  type LegalCitation,
  type Level,
  type LicensingListEntry,
  type ReformMode,
} from './model.ts';
import { PROVINCE, toItem } from './convert.ts';
import { reindexItem } from './search/indexer.ts';

const BASIC_CODE = /^[0-9A-Z]+(-[0-9A-Z]+)*$/;

export interface ItemInput {
  basicCode: string;
  businessItem?: string;
  name: string;
  itemType: ItemType;
  legalBasis: LegalCitation[];
  levels: Level[];
  departmentKind: string;
  parentId?: string | null;
  reformMode?: ReformMode | null;
  licensingLists?: LicensingListEntry[];
  /** The region whose catalog defines it; the province by default. */
  region?: string;
  illustrative?: boolean;
}

export type ItemPatch = Partial<Omit<ItemInput, 'basicCode' | 'businessItem' | 'parentId' | 'region'>> & {
  version: number;
  reason?: string;
};

function checkCitations(list: LegalCitation[]): LegalCitation[] {
  return list.map((c, i) => ({
    title: text(`legalBasis.${i}.title`, c.title, 200),
    article: c.article?.trim() || null,
    excerpt: c.excerpt?.trim() || null,
  }));
}

/** Checks the licensing-only fields and the lists' dates. */
function checkLicensing(itemType: ItemType, reformMode: ReformMode | null, lists: LicensingListEntry[]): void {
  if (itemType !== LICENSING && reformMode)
    throw invalid(
      'reformMode',
      'REFORM_MODE_NOT_LICENSING',
      '只有行政许可事项有证照分离改革方式',
      'Only licensing items have a reform mode',
    );
  if (itemType !== LICENSING && lists.length)
    throw invalid(
      'licensingLists',
      'LICENSING_LIST_NOT_LICENSING',
      '只有行政许可事项列入许可事项清单',
      'Only licensing items are on licensing lists',
    );
  const levels = new Set<string>();
  lists.forEach((l, i) => {
    checkDate(`licensingLists.${i}.effectiveFrom`, l.effectiveFrom);
    if (l.effectiveTo) checkDate(`licensingLists.${i}.effectiveTo`, l.effectiveTo);
    if (l.effectiveTo && l.effectiveTo < l.effectiveFrom)
      throw invalid(
        `licensingLists.${i}.effectiveTo`,
        'DATE_RANGE_INVALID',
        '失效日期早于生效日期',
        'effectiveTo is before effectiveFrom',
      );
    if (levels.has(l.level))
      throw invalid(
        `licensingLists.${i}.level`,
        'DUPLICATE_LEVEL',
        `${l.level} 级清单重复`,
        `The ${l.level} list appears twice`,
      );
    levels.add(l.level);
  });
}

async function checkDepartmentKind(k: Kernel, kind: string, tx: Executor): Promise<void> {
  const found = await listDepartments(k, { kind, limit: 1 }, tx);
  if (!found.length)
    throw invalid(
      'departmentKind',
      'DEPARTMENT_KIND_UNKNOWN',
      `未知的部门类别 ${kind}`,
      `Unknown department kind ${kind}`,
    );
}

function checkLevels(levels: Level[]): void {
  if (!levels.length || new Set(levels).size !== levels.length)
    throw invalid('levels', 'LEVELS_INVALID', '行使层级须至少一个且不重复', 'Levels must be non-empty and distinct');
}

const codeTaken = (code: string) =>
  new AppError({
    code: 'ITEM_CODE_TAKEN',
    status: 409,
    field: 'basicCode',
    zh: `事项编码 ${code} 已存在`,
    en: `Item code ${code} already exists`,
  });

/** Adds an item to the basic catalog. */
export async function createItem(k: Kernel, ctx: Ctx, input: ItemInput, tx?: Executor): Promise<CatalogItem> {
  const region = input.region ?? PROVINCE;
  orThrow(checkDivisionCode(region), 'region');
  await requireCatalogAccess(k, ctx, EDIT, { region, departmentKind: input.departmentKind }, tx);
  const basicCode = input.basicCode.trim().toUpperCase();
  if (basicCode.length < 6 || basicCode.length > 30 || !BASIC_CODE.test(basicCode))
    throw invalid(
      'basicCode',
      'BASIC_CODE_FORMAT',
      '基本编码为 6–30 位数字、大写字母和连字符',
      'A basic code is 6–30 digits, capitals and hyphens',
    );
  const businessItem = input.businessItem ?? '00';
  if (!/^\d{2}$/.test(businessItem))
    throw invalid(
      'businessItem',
      'BUSINESS_ITEM_FORMAT',
      '业务办理项编号为 2 位数字',
      'A business item number is 2 digits',
    );
  checkLevels(input.levels);
  checkLicensing(input.itemType, input.reformMode ?? null, input.licensingLists ?? []);
  const now = ctx.now.toISOString();
  return inTx(k, tx, async (t) => {
    await checkDepartmentKind(k, input.departmentKind, t);
    if (input.parentId) {
      const parent = await repo.findItem(t, input.parentId);
      if (!parent) throw notFound('目录事项 catalog item', input.parentId, 'parentId');
      if (parent.parent_id)
        throw invalid(
          'parentId',
          'PARENT_MISMATCH',
          '业务办理项只能挂在主项下',
          'A business item hangs under a main item only',
        );
      if (Number(parent.item_type) !== input.itemType)
        throw invalid(
          'parentId',
          'PARENT_MISMATCH',
          '业务办理项与主项的事项类型须一致',
          'A business item has its main item’s type',
        );
    }
    if (await repo.findItemByCode(t, basicCode, businessItem)) throw codeTaken(basicCode);
    const row: CatalogItemTable = {
      id: newId(ctx.now.getTime()),
      basic_code: basicCode,
      business_item: businessItem,
      name: text('name', input.name, 200),
      item_type: input.itemType,
      legal_basis: checkCitations(input.legalBasis),
      levels: input.levels,
      department_kind: input.departmentKind,
      parent_id: input.parentId ?? null,
      reform_mode: input.reformMode ?? null,
      licensing_lists: input.licensingLists ?? [],
      region,
      status: 'active',
      illustrative: input.illustrative ?? false,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    try {
      await repo.insertItem(t, row);
    } catch (e) {
      if (isUniqueViolation(e)) throw codeTaken(basicCode);
      throw e;
    }
    const item = toItem(k, row);
    await k.audit.record(t, ctx, {
      permission: EDIT,
      action: 'create',
      subjectType: 'catalog.item',
      subjectId: row.id,
      ruleVersion: `${basicCode}@1`,
      after: item,
      event: { type: 'catalog.item.created', payload: { id: row.id, basicCode, itemType: input.itemType } },
    });
    return item;
  });
}

function itemChanges(k: Kernel, current: CatalogItem, patch: ItemPatch): Partial<CatalogItemTable> {
  const c: Partial<CatalogItemTable> = {};
  if (patch.name !== undefined) c.name = text('name', patch.name, 200);
  if (patch.itemType !== undefined) c.item_type = patch.itemType;
  if (patch.legalBasis !== undefined) c.legal_basis = checkCitations(patch.legalBasis);
  if (patch.levels !== undefined) {
    checkLevels(patch.levels);
    c.levels = patch.levels;
  }
  if (patch.departmentKind !== undefined) c.department_kind = patch.departmentKind;
  if (patch.reformMode !== undefined) c.reform_mode = patch.reformMode;
  if (patch.licensingLists !== undefined) c.licensing_lists = patch.licensingLists;
  if (patch.illustrative !== undefined) c.illustrative = patch.illustrative;
  checkLicensing(
    patch.itemType ?? current.itemType,
    patch.reformMode !== undefined ? patch.reformMode : current.reformMode,
    patch.licensingLists ?? current.licensingLists,
  );
  return c;
}

/** Changes an item, guarded by its version. Abolishing (reform mode 直接取消审批) needs a reason. */
export async function updateItem(
  k: Kernel,
  ctx: Ctx,
  id: string,
  patch: ItemPatch,
  tx?: Executor,
): Promise<CatalogItem> {
  return inTx(k, tx, async (t) => {
    const row = await repo.findItem(t, id);
    if (!row) throw notFound('目录事项 catalog item', id);
    const current = toItem(k, row);
    await requireCatalogAccess(k, ctx, EDIT, current, t);
    if (patch.departmentKind !== undefined && patch.departmentKind !== current.departmentKind) {
      await requireCatalogAccess(k, ctx, EDIT, { region: current.region, departmentKind: patch.departmentKind }, t);
      await checkDepartmentKind(k, patch.departmentKind, t);
    }
    if (current.version !== patch.version) throw staleVersion(patch.version, current.version);
    if (current.status === 'retired')
      throw new AppError({
        code: 'ITEM_RETIRED',
        status: 409,
        zh: '事项已取消，不能修改',
        en: 'The item is retired and cannot be changed',
      });
    const changes = { ...itemChanges(k, current, patch), updated_at: ctx.now.toISOString() };
    const abolishing = patch.reformMode === 'abolished' && current.reformMode !== 'abolished';
    const reason = abolishing ? reasonOf(patch.reason) : patch.reason?.trim() || null;
    await updateVersioned(t, 'catalog_items', id, patch.version, changes);
    const after = toItem(k, { ...row, ...changes, version: patch.version + 1 });
    await k.audit.record(t, ctx, {
      permission: EDIT,
      action: abolishing ? 'abolish' : 'update',
      subjectType: 'catalog.item',
      subjectId: id,
      reason,
      ruleVersion: `${after.basicCode}@${after.version}`,
      before: current,
      after,
      event: {
        type: abolishing ? 'catalog.item.abolished' : 'catalog.item.updated',
        payload: { id, version: after.version },
      },
    });
    await reindexItem(k, t, id); // search index: lists, reform mode and status decide what is applicable
    return after;
  });
}

/** Takes an item out of the catalog (事项取消); its implementations can no longer be applied for. */
export async function retireItem(
  k: Kernel,
  ctx: Ctx,
  id: string,
  input: { version: number; reason: string },
  tx?: Executor,
): Promise<CatalogItem> {
  return inTx(k, tx, async (t) => {
    const row = await repo.findItem(t, id);
    if (!row) throw notFound('目录事项 catalog item', id);
    const current = toItem(k, row);
    await requireCatalogAccess(k, ctx, PUBLISH, current, t);
    const reason = reasonOf(input.reason);
    if (current.version !== input.version) throw staleVersion(input.version, current.version);
    if (current.status === 'retired')
      throw new AppError({ code: 'ITEM_RETIRED', status: 409, zh: '事项已取消', en: 'The item is already retired' });
    const changes = { status: 'retired', updated_at: ctx.now.toISOString() };
    await updateVersioned(t, 'catalog_items', id, input.version, changes);
    const after = toItem(k, { ...row, ...changes, version: input.version + 1 });
    await k.audit.record(t, ctx, {
      permission: PUBLISH,
      action: 'retire',
      subjectType: 'catalog.item',
      subjectId: id,
      reason,
      ruleVersion: `${after.basicCode}@${after.version}`,
      before: current,
      after,
      event: { type: 'catalog.item.retired', payload: { id, version: after.version } },
    });
    await reindexItem(k, t, id); // search index: a retired item's implementations leave it
    return after;
  });
}

export async function getItem(k: Kernel, ctx: Ctx, id: string, tx?: Executor): Promise<CatalogItem> {
  requirePermission(ctx, READ);
  const r = await repo.findItem(tx ?? k.db, id);
  if (!r) throw notFound('目录事项 catalog item', id);
  return toItem(k, r);
}

export async function listItems(k: Kernel, ctx: Ctx, filter: repo.ItemFilter): Promise<CatalogItem[]> {
  requirePermission(ctx, READ);
  return (await repo.listItems(k.db, k.adapter, filter)).map((r) => toItem(k, r));
}
