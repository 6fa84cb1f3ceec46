/**
 * The implementation lifecycle: draft → in_review → published, a published one revised through a new draft that
 * supersedes it on publication, and retirement. The allowed moves are the TRANSITIONS table (model.ts); every move
 * needs a reason and writes an action (with the implementation code and resulting version as its rule version)
 * and an outbox event in the same transaction. Publishing freezes the record into an immutable published version.
 *
 * 清廉 separation of duties: whoever submitted a draft for review may not publish it.
 */
import type { Executor } from '../../kernel/db/types.ts';
import { inTx, type Kernel } from '../../kernel/kernel.ts';
import type { Ctx } from '../../kernel/context.ts';
import { AppError, staleVersion } from '../../kernel/errors.ts';
import { digestOf, recordAction } from '../../kernel/audit.ts';
import * as repo from './repository.ts';
import type { ImplementationTable, ImplementationVersionTable } from './tables.ts';
import { EDIT, PUBLISH, actorOf, reasonOf, requireCatalogAccess } from './access.ts';
import { impossibilities, type Elements } from './elements.ts';
import { summaryOf } from './items.ts';
import { kindOfRow, load, toImplementation, type Loaded } from './service.ts';
import { TRANSITIONS, allowedActions, type Implementation, type ImplementationAction, type ImplementationStatus } from './model.ts';
import { reindexImplementation } from './search/indexer.ts';

export type TransitionAction = Exclude<ImplementationAction, 'edit'>;

/** The permission each move needs: editors move drafts, publishers review, publish and retire. */
export const TRANSITION_PERMISSION: Record<TransitionAction, string> = {
  submit: EDIT,
  discard: EDIT,
  revise: EDIT,
  return: PUBLISH,
  publish: PUBLISH,
  retire: PUBLISH,
};

const EVENTS: Record<TransitionAction, string> = {
  submit: 'catalog.implementation.submitted',
  return: 'catalog.implementation.returned',
  publish: 'catalog.implementation.published',
  revise: 'catalog.implementation.revised',
  discard: 'catalog.implementation.discarded',
  retire: 'catalog.implementation.retired',
};

export function notAllowed(status: ImplementationStatus, action: string): AppError {
  const allowed = allowedActions(status);
  return new AppError({
    code: 'TRANSITION_NOT_ALLOWED',
    status: 409,
    field: 'status',
    zh: `当前状态 ${status} 不能执行 ${action}；可执行：${allowed.join('、') || '无'}`,
    en: `${action} is not allowed while ${status}; allowed: ${allowed.join(', ') || 'none'}`,
    details: { status, action, allowed },
  });
}

function requireUsable(l: Loaded, elements: Elements): void {
  if (l.item.status === 'retired') throw new AppError({ code: 'ITEM_RETIRED', status: 409, zh: '事项已取消', en: 'The item is retired' });
  if (l.item.reformMode === 'abolished') throw new AppError({ code: 'ITEM_ABOLISHED', status: 409, zh: '该事项已直接取消审批', en: 'Approval for this item is abolished' });
  const found = impossibilities(elements);
  if (found.length) {
    throw new AppError({
      code: 'IMPLEMENTATION_IMPOSSIBLE',
      status: 422,
      field: `elements.${found[0].element}`,
      zh: `实施清单无法办理：${found.map((f) => f.zh).join('；')}`,
      en: `The implementation cannot be applied for: ${found.map((f) => f.en).join('; ')}`,
      details: found,
    });
  }
}

function separationOfDuties(ctx: Ctx, row: ImplementationTable): void {
  if (row.submitted_by && row.submitted_by === ctx.principal.id) {
    throw new AppError({
      code: 'SEPARATION_OF_DUTIES',
      status: 403,
      zh: '提交审核的人不能审核发布自己的提交',
      en: 'Whoever submitted a draft for review may not publish it',
    });
  }
}

/** The frozen version row written at publication. */
function snapshot(k: Kernel, l: Loaded, ctx: Ctx, version: number): ImplementationVersionTable {
  const r = l.row;
  const item = summaryOf(l.item);
  const content = {
    code: r.code,
    item,
    region: r.region,
    department: { code: r.department_code, name: r.department_name, uscc: r.department_uscc },
    effectiveFrom: r.effective_from,
    derivedFrom: r.derived_from_id ? { implementationId: r.derived_from_id, version: Number(r.derived_from_version) } : null,
    elements: k.adapter.fromJson<Elements>(r.elements),
  };
  return {
    implementation_id: r.id,
    version,
    item_id: r.item_id,
    code: r.code,
    region: r.region,
    department_code: r.department_code,
    department_name: r.department_name,
    department_uscc: r.department_uscc,
    item: k.adapter.toJson(item),
    elements: r.elements,
    effective_from: r.effective_from,
    derived_from_id: r.derived_from_id,
    derived_from_version: r.derived_from_version,
    digest: digestOf(content)!,
    submitted_by: r.submitted_by,
    published_by: ctx.principal.id,
    published_at: ctx.now.toISOString(),
    illustrative: k.adapter.toBool(k.adapter.fromBool(r.illustrative) || l.item.illustrative),
  };
}

/** Checks the move's own rules and returns the row changes it makes (writing the frozen version on publish). */
async function apply(k: Kernel, ctx: Ctx, t: Executor, l: Loaded, action: TransitionAction, to: ImplementationStatus): Promise<Partial<ImplementationTable>> {
  const r = l.row;
  const next = Number(r.version) + 1;
  const at = ctx.now.toISOString();
  const base: Partial<ImplementationTable> = { status: to, updated_at: at };
  switch (action) {
    case 'submit':
      requireUsable(l, k.adapter.fromJson<Elements>(r.elements));
      return { ...base, submitted_by: ctx.principal.id, submitted_at: at };
    case 'return':
    case 'revise':
      return { ...base, submitted_by: null, submitted_at: null };
    case 'publish':
      separationOfDuties(ctx, r);
      requireUsable(l, k.adapter.fromJson<Elements>(r.elements));
      await repo.insertVersion(t, snapshot(k, l, ctx, next));
      return { ...base, published_version: next };
    case 'discard': {
      if (r.published_version === null) throw notAllowed(r.status as ImplementationStatus, action);
      const v = (await repo.findVersion(t, r.id, Number(r.published_version)))!;
      return { ...base, elements: v.elements, effective_from: v.effective_from, derived_from_id: v.derived_from_id, derived_from_version: v.derived_from_version };
    }
    case 'retire':
      return { ...base, retired_at: at };
  }
}

/** Moves an implementation through its lifecycle, guarded by version; every move needs a reason. */
export async function transition(
  k: Kernel,
  ctx: Ctx,
  id: string,
  action: TransitionAction,
  input: { version: number; reason: string },
  tx?: Executor,
): Promise<Implementation> {
  return inTx(k, tx, async (t) => {
    const l = await load(k, t, id);
    const r = l.row;
    const permission = TRANSITION_PERMISSION[action];
    await requireCatalogAccess(k, ctx, permission, { region: r.region, departmentKind: await kindOfRow(k, r, t) }, t);
    const reason = reasonOf(input.reason);
    if (Number(r.version) !== input.version) throw staleVersion(input.version, Number(r.version));
    const status = r.status as ImplementationStatus;
    const to = (TRANSITIONS[status] as Partial<Record<TransitionAction, ImplementationStatus>>)[action];
    if (!to) throw notAllowed(status, action);
    const changes = await apply(k, ctx, t, l, action, to);
    if (!(await repo.updateImplementation(t, id, input.version, changes))) throw staleVersion(input.version, Number((await repo.findImplementation(t, id))?.version ?? 0));
    const item = summaryOf(l.item);
    const after = toImplementation(k, { ...r, ...changes, version: input.version + 1 }, item);
    await recordAction(t, k.adapter, {
      actor: actorOf(ctx, permission),
      at: ctx.now,
      action,
      subjectType: 'catalog_implementation',
      subjectId: id,
      reason,
      ruleVersion: `${r.code}@${after.version}`,
      before: toImplementation(k, r, item),
      after,
      requestId: ctx.requestId,
      event: { type: EVENTS[action], payload: eventPayload(action, r, after) },
    });
    if (action === 'publish' || action === 'retire') await reindexImplementation(k, t, id, ctx.now); // search index, same transaction
    return after;
  });
}

function eventPayload(action: TransitionAction, before: ImplementationTable, after: Implementation): Record<string, unknown> {
  const p: Record<string, unknown> = { id: after.id, code: after.code, itemId: after.item.id, region: after.region, version: after.version, status: after.status };
  if (action === 'publish') {
    p.supersedes = before.published_version === null ? null : Number(before.published_version);
    p.effectiveFrom = after.effectiveFrom;
    p.derivedFrom = after.derivedFrom;
  }
  return p;
}
