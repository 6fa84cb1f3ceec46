/**
 * Implementations (实施清单): creating one (from scratch or derived from a published version elsewhere), editing
 * its draft, and reading it — the working copy for staff, the published version for everyone else. The lifecycle
 * (submit, publish, revise, retire …) is in lifecycle.ts.
 *
 * `version` counts every change of an implementation record (each edit and each transition adds one); a published
 * version is the record as it stood at publication, frozen under that number. So versions 1, 3, 7 may be the
 * published ones, and a case pins "version 7 of implementation X".
 */
import { updateVersioned } from '../../kernel/db/versioned.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { inTx, type Kernel } from '../../kernel/kernel.ts';
import { can, requirePermission, type Ctx } from '../../kernel/context.ts';
import { AppError, invalid, notFound, staleVersion } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { isWithin } from '../../kernel/reference/divisions.ts';
import { getDepartment } from '../registry/index.ts';
import * as repo from './repository.ts';
import type { ImplementationTable } from './tables.ts';
import './import/tables.ts';
import { EDIT, READ, checkDate, isUniqueViolation, requireCatalogAccess } from './access.ts';
import { ELEMENT_KEYS, checkElements, elementText, impossibilities, type Elements } from './elements.ts';
import { levelOf, load, summaryOf, toImplementation, toItem, toVersion, type Loaded } from './convert.ts';
import {
  ITEM_TYPES,
  allowedActions,
  requireItemUsable,
  type Implementation,
  type ImplementationSource,
  type ImplementationStatus,
  type ImplementationVersion,
  type ItemSummary,
  type ItemType,
  type VersionRef,
} from './model.ts';

export interface ImplementationInput {
  itemId: string;
  departmentCode: string;
  effectiveFrom: string;
  /** Required unless derived; when derived, overrides the copied elements (top-level keys replace). */
  elements?: Partial<Elements>;
  derivedFrom?: VersionRef | null;
  illustrative?: boolean;
  /** Set by imports: the implementation's code in its source list, and that list's row. */
  sourceCode?: string | null;
  source?: ImplementationSource | null;
}

export interface DraftPatch {
  version: number;
  elements?: Partial<Elements>;
  effectiveFrom?: string;
  /** Re-point the derivation at another published version of the same source (after reviewing its diff). */
  derivedFromVersion?: number;
  reason?: string;
}

/** The implementation code: basic code, region (12 digits), sequence, implementing body's USCC, 1, business item. */
async function nextCode(
  db: Executor,
  basicCode: string,
  businessItem: string,
  region: string,
  uscc: string,
): Promise<string> {
  const region12 = region + '000000';
  const n = await repo.countCodes(db, `${basicCode}-${region12}-___-${uscc}-1-${businessItem}`);
  return `${basicCode}-${region12}-${String(n).padStart(3, '0')}-${uscc}-1-${businessItem}`;
}

/** The source elements a derived implementation starts from; checks the source is a published version of the same item above it. */
async function derivationSource(
  k: Kernel,
  t: Executor,
  ref: VersionRef,
  itemId: string,
  region: string,
): Promise<Elements> {
  const v = await repo.findVersion(t, ref.implementationId, ref.version);
  if (!v)
    throw invalid(
      'derivedFrom',
      'DERIVATION_SOURCE_NOT_PUBLISHED',
      `来源 ${ref.implementationId} 第 ${ref.version} 版不是已发布版本`,
      `Version ${ref.version} of ${ref.implementationId} is not a published version`,
    );
  if (v.item_id !== itemId)
    throw invalid(
      'derivedFrom',
      'DERIVATION_ITEM_MISMATCH',
      '来源实施清单属于另一事项',
      'The source implements another item',
    );
  if (v.region === region || !isWithin(region, v.region))
    throw invalid(
      'derivedFrom',
      'DERIVATION_REGION_MISMATCH',
      '只能从上级区划的实施清单派生',
      'Derive only from an implementation of an enclosing region',
    );
  return v.elements as Elements;
}

function itemUsable(item: Loaded['item']): void {
  requireItemUsable(item, 'itemId', {
    zh: '该事项已直接取消审批，不再实施',
    en: 'Approval for this item is abolished; no implementation may be created for it',
  });
}

/** The row of a new draft implementation. */
function newRow(
  k: Kernel,
  ctx: Ctx,
  a: {
    item: Loaded['item'];
    dept: { code: string; name: string; uscc: string; region: string };
    input: ImplementationInput;
    elements: Elements;
    code: string;
  },
): ImplementationTable {
  const now = ctx.now.toISOString();
  return {
    id: newId(ctx.now.getTime()),
    item_id: a.item.id,
    code: a.code,
    region: a.dept.region,
    department_code: a.dept.code,
    department_name: a.dept.name,
    department_uscc: a.dept.uscc,
    status: 'draft',
    version: 1,
    elements: a.elements,
    effective_from: a.input.effectiveFrom,
    derived_from_id: a.input.derivedFrom?.implementationId ?? null,
    derived_from_version: a.input.derivedFrom?.version ?? null,
    published_version: null,
    submitted_by: null,
    submitted_at: null,
    retired_at: null,
    illustrative: a.input.illustrative ?? false,
    source_code: a.input.sourceCode ?? null,
    source: a.input.source || undefined, // left out when not imported: SQL NULL, not JSON null
    created_by: ctx.principal.id,
    created_at: now,
    updated_at: now,
  };
}

/** Creates a draft implementation of an item by one department, from scratch or derived from a published version. */
export async function createImplementation(
  k: Kernel,
  ctx: Ctx,
  input: ImplementationInput,
  tx?: Executor,
): Promise<Implementation> {
  requirePermission(ctx, EDIT);
  checkDate('effectiveFrom', input.effectiveFrom);
  return inTx(k, tx, async (t) => {
    const itemRow = await repo.findItem(t, input.itemId);
    if (!itemRow) throw notFound('目录事项 catalog item', input.itemId, 'itemId');
    const item = toItem(k, itemRow);
    itemUsable(item);
    const dept = await getDepartment(k, input.departmentCode, t, 'departmentCode');
    await requireCatalogAccess(k, ctx, EDIT, { region: dept.region, departmentKind: dept.kind }, t);
    if (!item.levels.includes(levelOf(dept.region))) {
      throw invalid(
        'departmentCode',
        'LEVEL_NOT_EXERCISED',
        `该事项不在${levelOf(dept.region)}级行使`,
        `The item is not exercised at ${levelOf(dept.region)} level`,
      );
    }
    const base = input.derivedFrom ? await derivationSource(k, t, input.derivedFrom, item.id, dept.region) : null;
    const missing = base ? undefined : ELEMENT_KEYS.find((key) => input.elements?.[key] === undefined);
    if (missing)
      throw invalid(
        input.elements ? `elements.${missing}` : 'elements',
        'FIELD_REQUIRED',
        `未派生的实施清单须给出全部要素（缺少 ${missing}）`,
        `An implementation that is not derived needs every element (missing ${missing})`,
      );
    const elements = { ...base, ...input.elements } as Elements;
    checkElements(elements);
    const row = newRow(k, ctx, {
      item,
      dept,
      input,
      elements,
      code: await nextCode(t, item.basicCode, item.businessItem, dept.region, dept.uscc),
    });
    try {
      await repo.insertImplementation(t, row);
    } catch (e) {
      if (isUniqueViolation(e))
        throw new AppError({
          code: 'IMPLEMENTATION_CODE_TAKEN',
          status: 409,
          zh: '实施编码冲突，请重试',
          en: 'The implementation code was taken meanwhile; retry',
        });
      throw e;
    }
    const result = toImplementation(k, row, summaryOf(item));
    await k.audit.record(t, ctx, {
      permission: EDIT,
      action: base ? 'derive' : 'create',
      subjectType: 'catalog.implementation',
      subjectId: row.id,
      ruleVersion: `${row.code}@1`,
      after: result,
      event: {
        type: 'catalog.implementation.created',
        payload: { id: row.id, code: row.code, itemId: item.id, region: row.region, derivedFrom: result.derivedFrom },
      },
    });
    return result;
  });
}

export function notDraft(status: string, allowed: string[]): AppError {
  return new AppError({
    code: 'IMPLEMENTATION_NOT_EDITABLE',
    status: 409,
    field: 'status',
    zh: `当前状态为 ${status}，只能修改草稿；可执行的操作：${allowed.join('、') || '无'}`,
    en: `The implementation is ${status}; only drafts are edited. Allowed now: ${allowed.join(', ') || 'none'}`,
    details: { status, allowed },
  });
}

/** Edits a draft's elements (top-level keys replace), effective date or derivation pointer, guarded by version. */
export async function updateDraft(
  k: Kernel,
  ctx: Ctx,
  id: string,
  patch: DraftPatch,
  tx?: Executor,
): Promise<Implementation> {
  return inTx(k, tx, async (t) => {
    const { row, item } = await load(k, t, id);
    await requireCatalogAccess(k, ctx, EDIT, { region: row.region, departmentKind: await kindOfRow(k, row, t) }, t);
    if (Number(row.version) !== patch.version) throw staleVersion(patch.version, Number(row.version));
    if (row.status !== 'draft') throw notDraft(row.status, allowedActions(row.status as ImplementationStatus));
    if (patch.effectiveFrom !== undefined) checkDate('effectiveFrom', patch.effectiveFrom);
    const elements = { ...(row.elements as Elements), ...patch.elements } as Elements;
    checkElements(elements);
    const changes: Partial<ImplementationTable> = {
      elements: elements,
      updated_at: ctx.now.toISOString(),
    };
    if (patch.effectiveFrom !== undefined) changes.effective_from = patch.effectiveFrom;
    if (patch.derivedFromVersion !== undefined) {
      if (!row.derived_from_id)
        throw invalid(
          'derivedFromVersion',
          'NOT_DERIVED',
          '此实施清单不是派生的',
          'This implementation is not derived',
        );
      await derivationSource(
        k,
        t,
        { implementationId: row.derived_from_id, version: patch.derivedFromVersion },
        row.item_id,
        row.region,
      );
      changes.derived_from_version = patch.derivedFromVersion;
    }
    await updateVersioned(t, 'catalog_implementations', id, patch.version, changes);
    const before = toImplementation(k, row, summaryOf(item));
    const after = toImplementation(k, { ...row, ...changes, version: patch.version + 1 }, summaryOf(item));
    await k.audit.record(t, ctx, {
      permission: EDIT,
      action: 'edit',
      subjectType: 'catalog.implementation',
      subjectId: id,
      reason: patch.reason?.trim() || null,
      ruleVersion: `${row.code}@${after.version}`,
      before,
      after,
      event: { type: 'catalog.implementation.edited', payload: { id, version: after.version } },
    });
    return after;
  });
}

/** The department kind owning an implementation (its department's kind, read through the registry). */
export async function kindOfRow(k: Kernel, row: ImplementationTable, tx: Executor): Promise<string> {
  return (await getDepartment(k, row.department_code, tx)).kind;
}

/** The working copy, for staff. */
export async function getImplementation(k: Kernel, ctx: Ctx, id: string): Promise<Implementation> {
  requirePermission(ctx, READ);
  const { row, item } = await load(k, k.db, id);
  return toImplementation(k, row, summaryOf(item));
}

/**
 * What anyone may see of an implementation: staff (catalog:read) get the working copy; everyone else gets the
 * version in force shaped as an implementation, or 404 when nothing is published.
 */
export async function getImplementationForCaller(k: Kernel, ctx: Ctx, id: string): Promise<Implementation> {
  if (can(ctx, READ)) return getImplementation(k, ctx, id);
  const row = await repo.findImplementation(k.db, id);
  if (!row || row.published_version === null || row.status === 'retired') throw notFound('实施清单 implementation', id);
  const v = toVersion(k, (await repo.findVersion(k.db, id, Number(row.published_version)))!, row);
  return {
    ...toImplementation(k, { ...row, status: 'published', version: v.version, elements: row.elements }, v.item),
    elements: v.elements,
    incomplete: impossibilities(v.elements).length > 0,
    effectiveFrom: v.effectiveFrom,
    derivedFrom: v.derivedFrom,
    department: v.department,
    submittedBy: null,
    submittedAt: null,
    createdBy: null,
    updatedAt: v.publishedAt,
    illustrative: v.illustrative,
  };
}

/** One published version (what a case pinned). Public: published versions are public record. */
export async function getImplementationVersion(
  k: Kernel,
  id: string,
  version: number,
  tx?: Executor,
): Promise<ImplementationVersion> {
  const db = tx ?? k.db;
  const head = await repo.findImplementationHead(db, id); // not the working copy: a version is read on every filing
  const v = head ? await repo.findVersion(db, id, version) : undefined;
  if (!head || !v) throw notFound('实施清单版本 implementation version', `${id}@${version}`);
  return toVersion(k, v, head);
}

/** Published versions of an implementation, newest first. */
export async function listImplementationVersions(
  k: Kernel,
  id: string,
  f: { before?: number | null; limit: number },
): Promise<ImplementationVersion[]> {
  const head = await repo.findImplementation(k.db, id);
  // Never published: nothing of it is public record, so it answers exactly as an absent one (docs/security.md).
  if (!head || head.published_version === null) throw notFound('实施清单 implementation', id);
  return (await repo.listVersions(k.db, id, f)).map((v) => toVersion(k, v, head));
}

/** Working copies matching a filter, with their items. */
export async function listImplementations(
  k: Kernel,
  ctx: Ctx,
  f: repo.ImplementationFilter,
): Promise<Implementation[]> {
  requirePermission(ctx, READ);
  const rows = await repo.listImplementations(k.db, f);
  const items = new Map<string, ItemSummary>();
  for (const id of new Set(rows.map((r) => r.item_id)))
    items.set(id, summaryOf(toItem(k, (await repo.findItem(k.db, id))!)));
  return rows.map((r) => toImplementation(k, r, items.get(r.item_id)!));
}

/** For search indexing (a seam for the search module): versions in force, with their element text. */
export async function listPublishedForIndex(
  k: Kernel,
  f: { region?: string; after?: string | null; limit: number },
): Promise<Array<{ version: ImplementationVersion; text: string }>> {
  const heads = await repo.listImplementations(k.db, {
    region: f.region,
    published: true,
    after: f.after,
    limit: f.limit,
  });
  const out: Array<{ version: ImplementationVersion; text: string }> = [];
  for (const h of heads) {
    const v = toVersion(k, (await repo.findVersion(k.db, h.id, Number(h.published_version)))!, h);
    out.push({
      version: v,
      text: [
        v.item.name,
        ITEM_TYPES[v.item.itemType as ItemType]?.zh ?? '',
        v.department.name,
        elementText(v.elements),
      ].join('\n'),
    });
  }
  return out;
}
