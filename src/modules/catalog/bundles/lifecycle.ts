/**
 * The bundle lifecycle — the catalog's own (model.ts MOVES, the same permissions per move as implementations), run by
 * the kernel's `defineLifecycle`:
 * draft → in_review → published, revise into a new draft, discard a revision, retire. Every move needs a reason and
 * the version read, and writes an action and an outbox event `catalog.bundle.<past tense>` in its transaction.
 *
 * Submitting and publishing refuse a bundle whose merged form has conflicts (422 BUNDLE_FORM_CONFLICT) or a member
 * that was retired or abolished since (422 BUNDLE_MEMBER_UNUSABLE). 清廉: whoever submitted may not publish (403
 * SEPARATION_OF_DUTIES). Publishing freezes the bundle into a version row that is never updated.
 */
import type { Executor } from '../../../kernel/db/types.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { requireJurisdiction, type Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import { digestOf } from '../../../kernel/audit.ts';
import { defineLifecycle, type Step } from '../../../kernel/lifecycle.ts';
import { IMPLEMENTATION_STATUSES, MOVES, STATUS_LABELS, type TransitionAction } from '../model.ts';
import type { FormConflict } from './merge-forms.ts';
import { requireUsableMembers } from './members.ts';
import type { Bundle, BundleMember } from './model.ts';
import { findBundleVersion, loadBundle, toBundle, updateBundleRow } from './service.ts';
import type { BundleTable, BundleVersionTable } from './tables.ts';

function requireNoConflicts(k: Kernel, row: BundleTable): void {
  const conflicts = row.conflicts as FormConflict[];
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
    throw new AppError({
      code: 'SEPARATION_OF_DUTIES',
      status: 403,
      zh: '提交审核的人不能审核发布自己的提交',
      en: 'Whoever submitted a bundle for review may not publish it',
    });
  }
}

/** The frozen version row written at publication (JSON re-serialized: node-pg would send a read-back array as a PostgreSQL array). */
function snapshot(k: Kernel, ctx: Ctx, r: BundleTable, version: number): BundleVersionTable {
  const content = {
    code: r.code,
    name: r.name,
    lifeEvent: r.life_event,
    region: r.region,
    description: r.description,
    members: r.members,
    form: r.form,
    materials: r.materials,
  };
  return {
    bundle_id: r.id,
    version,
    code: r.code,
    name: r.name,
    life_event: r.life_event,
    region: r.region,
    description: r.description,
    members: content.members,
    form: content.form,
    materials: content.materials,
    digest: digestOf(content)!,
    submitted_by: r.submitted_by,
    published_by: ctx.principal.id,
    published_at: ctx.now.toISOString(),
    illustrative: r.illustrative,
  };
}

type Patch = Partial<BundleTable>;
type BundleStep = Step<BundleTable>;

const members = (s: BundleStep) => requireUsableMembers(s.tx, s.subject.members as BundleMember[]);
const clearSubmission = (): Patch => ({ submitted_by: null, submitted_at: null });

export const bundleLifecycle = defineLifecycle({
  subjectType: 'catalog.bundle',
  states: IMPLEMENTATION_STATUSES,
  stateLabels: STATUS_LABELS,
  created: { create: 'draft' },
  actions: {
    submit: {
      ...MOVES.submit,
      event: 'catalog.bundle.submitted',
      guard: async (s: BundleStep) => {
        requireNoConflicts(s.k, s.subject);
        await members(s);
      },
      effect: (s: BundleStep): Patch => ({ submitted_by: s.ctx.principal.id, submitted_at: s.ctx.now.toISOString() }),
    },
    publish: {
      ...MOVES.publish,
      event: 'catalog.bundle.published',
      guard: async (s: BundleStep) => {
        separationOfDuties(s.ctx, s.subject);
        requireNoConflicts(s.k, s.subject);
        await members(s);
      },
      effect: async (s: BundleStep): Promise<Patch> => {
        const next = Number(s.subject.version) + 1;
        await s.tx
          .insertInto('catalog_bundle_versions')
          .values(snapshot(s.k, s.ctx, s.subject, next))
          .execute();
        return { published_version: next };
      },
    },
    return: { ...MOVES.return, event: 'catalog.bundle.returned', effect: clearSubmission },
    revise: { ...MOVES.revise, event: 'catalog.bundle.revised', effect: clearSubmission },
    discard: {
      ...MOVES.discard,
      event: 'catalog.bundle.discarded',
      guard: (s: BundleStep) => {
        if (s.subject.published_version === null) throw bundleLifecycle.notAllowed(s.subject.status, 'discard');
      },
      effect: async (s: BundleStep): Promise<Patch> => {
        const r = s.subject;
        const v = (await findBundleVersion(s.tx, r.id, Number(r.published_version)))!;
        return {
          name: v.name,
          life_event: v.life_event,
          description: v.description,
          members: v.members,
          form: v.form,
          materials: v.materials,
          conflicts: [],
          submitted_by: null,
          submitted_at: null,
        };
      },
    },
    retire: {
      ...MOVES.retire,
      event: 'catalog.bundle.retired',
      effect: (s: BundleStep): Patch => ({ retired_at: s.ctx.now.toISOString() }),
    },
  },
  store: {
    statusPage: (db, after, limit) =>
      db
        .selectFrom('catalog_bundles')
        .select(['id', 'status'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(limit)
        .execute(),
    load: (_k, tx, id) => loadBundle(tx, id),
    authorize: async (_k, ctx, _tx, r) => requireJurisdiction(ctx, r.region),
    status: (r) => r.status,
    version: (r) => Number(r.version),
    save: (_k, tx, r, version, patch: Patch, ctx) =>
      updateBundleRow(tx, r.id, version, { ...patch, updated_at: ctx.now.toISOString() }),
    patched: (r: BundleTable, patch: Patch, version: number, ctx): BundleTable => ({
      ...r,
      ...patch,
      version,
      updated_at: ctx.now.toISOString(),
    }),
    view: (k: Kernel, r: BundleTable): Bundle => toBundle(k, r),
    ruleVersion: (r, after) => `${r.code}@${after.version}`,
    eventPayload: (action, r, after) => {
      const payload: Record<string, unknown> = {
        id: r.id,
        code: r.code,
        region: r.region,
        version: after.version,
        status: after.status,
      };
      if (action === 'publish')
        Object.assign(payload, {
          supersedes: r.published_version === null ? null : Number(r.published_version),
          members: after.members.map((m) => ({ implementationId: m.implementationId, version: m.version })),
        });
      return payload;
    },
  },
});

/** Moves a bundle through its lifecycle, guarded by version; every move needs a reason. */
export function transitionBundle(
  k: Kernel,
  ctx: Ctx,
  id: string,
  action: TransitionAction,
  input: { version: number; reason: string },
  tx?: Executor,
): Promise<Bundle> {
  return bundleLifecycle.transition(k, ctx, id, action, input, tx);
}
