/**
 * The bundle lifecycle — the catalog's own (model.ts TRANSITIONS, the same permissions per move as implementations):
 * draft → in_review → published, revise into a new draft, discard a revision, retire. Every move needs a reason and
 * the version read, and writes an action and an outbox event `catalog.bundle.<past tense>` in its transaction.
 *
 * Submitting and publishing refuse a bundle whose merged form has conflicts (422 BUNDLE_FORM_CONFLICT) or a member
 * that was retired or abolished since (422 BUNDLE_MEMBER_UNUSABLE). 清廉: whoever submitted may not publish (403
 * SEPARATION_OF_DUTIES). Publishing freezes the bundle into a version row that is never updated.
 */
import type { Executor } from '../../../kernel/db/types.ts';
import { inTx, type Kernel } from '../../../kernel/kernel.ts';
import { requireJurisdiction, requirePermission, type Ctx } from '../../../kernel/context.ts';
import { AppError, staleVersion } from '../../../kernel/errors.ts';
import { digestOf, recordAction } from '../../../kernel/audit.ts';
import { actorOf, reasonOf } from '../access.ts';
import { TRANSITION_PERMISSION, notAllowed, type TransitionAction } from '../lifecycle.ts';
import { TRANSITIONS, type ImplementationStatus } from '../model.ts';
import type { FormConflict } from './merge-forms.ts';
import { requireUsableMembers } from './members.ts';
import type { Bundle, BundleMember } from './model.ts';
import { findBundle, findBundleVersion, loadBundle, toBundle, updateBundleRow } from './service.ts';
import type { BundleTable, BundleVersionTable } from './tables.ts';

const EVENTS: Record<TransitionAction, string> = {
  submit: 'catalog.bundle.submitted',
  return: 'catalog.bundle.returned',
  publish: 'catalog.bundle.published',
  revise: 'catalog.bundle.revised',
  discard: 'catalog.bundle.discarded',
  retire: 'catalog.bundle.retired',
};

function requireNoConflicts(k: Kernel, row: BundleTable): void {
  const conflicts = k.adapter.fromJson<FormConflict[]>(row.conflicts);
  if (!conflicts.length) return;
  throw new AppError({
    code: 'BUNDLE_FORM_CONFLICT',
    status: 422,
    field: 'members',
    zh: `合并表单存在冲突，不能提交或发布：${conflicts.map((c) => c.zh).join('；')}`,
    en: `The merged form has conflicts; the bundle cannot be submitted or published: ${conflicts.map((c) => c.en).join('; ')}`,
    details: conflicts,
  });
}

function separationOfDuties(ctx: Ctx, row: BundleTable): void {
  if (row.submitted_by && row.submitted_by === ctx.principal.id) {
    throw new AppError({ code: 'SEPARATION_OF_DUTIES', status: 403, zh: '提交审核的人不能审核发布自己的提交', en: 'Whoever submitted a bundle for review may not publish it' });
  }
}

/** The frozen version row written at publication (JSON re-serialized: node-pg would send a read-back array as a PostgreSQL array). */
function snapshot(k: Kernel, ctx: Ctx, r: BundleTable, version: number): BundleVersionTable {
  const content = { code: r.code, name: r.name, lifeEvent: r.life_event, region: r.region, description: r.description, members: k.adapter.fromJson(r.members), form: k.adapter.fromJson(r.form), materials: k.adapter.fromJson(r.materials) };
  return {
    bundle_id: r.id,
    version,
    code: r.code,
    name: r.name,
    life_event: r.life_event,
    region: r.region,
    description: r.description,
    members: k.adapter.toJson(content.members),
    form: k.adapter.toJson(content.form),
    materials: k.adapter.toJson(content.materials),
    digest: digestOf(content)!,
    submitted_by: r.submitted_by,
    published_by: ctx.principal.id,
    published_at: ctx.now.toISOString(),
    illustrative: r.illustrative,
  };
}

/** Checks the move's own rules and returns the row changes it makes (writing the frozen version on publish). */
async function apply(k: Kernel, ctx: Ctx, t: Executor, r: BundleTable, action: TransitionAction, to: ImplementationStatus): Promise<Partial<BundleTable>> {
  const at = ctx.now.toISOString();
  const base: Partial<BundleTable> = { status: to, updated_at: at };
  switch (action) {
    case 'submit':
      requireNoConflicts(k, r);
      await requireUsableMembers(t, k.adapter.fromJson<BundleMember[]>(r.members));
      return { ...base, submitted_by: ctx.principal.id, submitted_at: at };
    case 'return':
    case 'revise':
      return { ...base, submitted_by: null, submitted_at: null };
    case 'publish': {
      separationOfDuties(ctx, r);
      requireNoConflicts(k, r);
      await requireUsableMembers(t, k.adapter.fromJson<BundleMember[]>(r.members));
      const next = Number(r.version) + 1;
      await t.insertInto('catalog_bundle_versions').values(snapshot(k, ctx, r, next)).execute();
      return { ...base, published_version: next };
    }
    case 'discard': {
      if (r.published_version === null) throw notAllowed(r.status as ImplementationStatus, action);
      const v = (await findBundleVersion(t, r.id, Number(r.published_version)))!;
      const json = (x: unknown) => k.adapter.toJson(k.adapter.fromJson(x)); // a JSON array read back must be serialized again for PostgreSQL
      return { ...base, name: v.name, life_event: v.life_event, description: v.description, members: json(v.members), form: json(v.form), materials: json(v.materials), conflicts: json([]), submitted_by: null, submitted_at: null };
    }
    case 'retire':
      return { ...base, retired_at: at };
  }
}

/** Moves a bundle through its lifecycle, guarded by version; every move needs a reason. */
export async function transitionBundle(k: Kernel, ctx: Ctx, id: string, action: TransitionAction, input: { version: number; reason: string }, tx?: Executor): Promise<Bundle> {
  const permission = TRANSITION_PERMISSION[action];
  requirePermission(ctx, permission);
  return inTx(k, tx, async (t) => {
    const r = await loadBundle(t, id);
    requireJurisdiction(ctx, r.region);
    const reason = reasonOf(input.reason);
    if (Number(r.version) !== input.version) throw staleVersion(input.version, Number(r.version));
    const status = r.status as ImplementationStatus;
    const to = (TRANSITIONS[status] as Partial<Record<TransitionAction, ImplementationStatus>>)[action];
    if (!to) throw notAllowed(status, action);
    const changes = await apply(k, ctx, t, r, action, to);
    if (!(await updateBundleRow(t, id, input.version, changes))) throw staleVersion(input.version, Number((await findBundle(t, id))?.version ?? 0));
    const after = toBundle(k, { ...r, ...changes, version: input.version + 1 });
    const payload: Record<string, unknown> = { id, code: r.code, region: r.region, version: after.version, status: after.status };
    if (action === 'publish') Object.assign(payload, { supersedes: r.published_version === null ? null : Number(r.published_version), members: after.members.map((m) => ({ implementationId: m.implementationId, version: m.version })) });
    await recordAction(t, k.adapter, {
      actor: actorOf(ctx, permission),
      at: ctx.now,
      action,
      subjectType: 'catalog_bundle',
      subjectId: id,
      reason,
      ruleVersion: `${r.code}@${after.version}`,
      before: toBundle(k, r),
      after,
      requestId: ctx.requestId,
      event: { type: EVENTS[action], payload },
    });
    return after;
  });
}
