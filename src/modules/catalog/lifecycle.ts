/**
 * The implementation lifecycle: draft → in_review → published, a published one revised through a new draft that
 * supersedes it on publication, and retirement. The moves are the MOVES table (model.ts); this file attaches their
 * rules and effects and hands both to the kernel's `defineLifecycle`, which runs every move through one pipeline
 * (permission and jurisdiction, reason, version, allowed-from, guard, effect, versioned save, action + chain link +
 * event in one transaction). Publishing freezes the record into an immutable published version.
 *
 * 清廉 separation of duties: whoever submitted a draft for review may not publish it.
 */
import type { Executor } from '../../kernel/db/types.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { digestOf } from '../../kernel/audit.ts';
import { defineLifecycle, type Step } from '../../kernel/lifecycle.ts';
import * as repo from './repository.ts';
import type { ImplementationTable, ImplementationVersionTable } from './tables.ts';
import { requireCatalogAccess } from './access.ts';
import { impossibilities, type Elements } from './elements.ts';
import { kindOfRow } from './service.ts';
import { load, summaryOf, toImplementation, type Loaded } from './convert.ts';
import {
  IMPLEMENTATION_STATUSES,
  MOVES,
  STATUS_LABELS,
  requireItemUsable,
  type Implementation,
  type TransitionAction,
} from './model.ts';
import { reindexImplementation } from './search/indexer.ts';
import { settleVersion } from './version-memo.ts';

export type { TransitionAction } from './model.ts';

/** The permission each move needs (route declarations read it). */
export const TRANSITION_PERMISSION = Object.fromEntries(
  Object.entries(MOVES).map(([a, m]) => [a, m.permission]),
) as Record<TransitionAction, string>;

/** Past tense of each move, for event names `catalog.<subject>.<past>`. */
export const PAST: Record<TransitionAction, string> = {
  submit: 'submitted',
  return: 'returned',
  publish: 'published',
  revise: 'revised',
  discard: 'discarded',
  retire: 'retired',
};

function requireUsable(l: Loaded, elements: Elements): void {
  requireItemUsable(l.item, null);
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
    derivedFrom: r.derived_from_id
      ? { implementationId: r.derived_from_id, version: Number(r.derived_from_version) }
      : null,
    elements: r.elements as Elements,
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
    item: item,
    elements: r.elements,
    effective_from: r.effective_from,
    derived_from_id: r.derived_from_id,
    derived_from_version: r.derived_from_version,
    digest: digestOf(content)!,
    submitted_by: r.submitted_by,
    published_by: ctx.principal.id,
    published_at: ctx.now.toISOString(),
    illustrative: r.illustrative || l.item.illustrative,
  };
}

type Patch = Partial<ImplementationTable>;
type ImplStep = Step<Loaded>;

const usable = (s: ImplStep) => requireUsable(s.subject, s.subject.row.elements as Elements);
const clearSubmission = (): Patch => ({ submitted_by: null, submitted_at: null });

export const implementationLifecycle = defineLifecycle({
  subjectType: 'catalog.implementation',
  states: IMPLEMENTATION_STATUSES,
  stateLabels: STATUS_LABELS,
  created: { create: 'draft', derive: 'draft' },
  actions: {
    submit: {
      ...MOVES.submit,
      event: 'catalog.implementation.submitted',
      guard: usable,
      effect: (s: ImplStep): Patch => ({ submitted_by: s.ctx.principal.id, submitted_at: s.ctx.now.toISOString() }),
    },
    publish: {
      ...MOVES.publish,
      event: 'catalog.implementation.published',
      guard: (s: ImplStep) => {
        separationOfDuties(s.ctx, s.subject.row);
        usable(s);
      },
      effect: async (s: ImplStep): Promise<Patch> => {
        const next = Number(s.subject.row.version) + 1;
        await repo.insertVersion(s.tx, snapshot(s.k, s.subject, s.ctx, next));
        return { published_version: next };
      },
      after: (s: ImplStep) => reindexImplementation(s.k, s.tx, s.subject.row.id, s.ctx.now), // search index, same transaction
    },
    return: { ...MOVES.return, event: 'catalog.implementation.returned', effect: clearSubmission },
    revise: { ...MOVES.revise, event: 'catalog.implementation.revised', effect: clearSubmission },
    discard: {
      ...MOVES.discard,
      event: 'catalog.implementation.discarded',
      guard: (s: ImplStep) => {
        if (s.subject.row.published_version === null)
          throw implementationLifecycle.notAllowed(s.subject.row.status, 'discard');
      },
      effect: async (s: ImplStep): Promise<Patch> => {
        const r = s.subject.row;
        const v = (await repo.findVersion(s.tx, r.id, Number(r.published_version)))!;
        return {
          elements: v.elements,
          effective_from: v.effective_from,
          derived_from_id: v.derived_from_id,
          derived_from_version: v.derived_from_version,
        };
      },
    },
    retire: {
      ...MOVES.retire,
      event: 'catalog.implementation.retired',
      effect: (s: ImplStep): Patch => ({ retired_at: s.ctx.now.toISOString() }),
      after: (s: ImplStep) => reindexImplementation(s.k, s.tx, s.subject.row.id, s.ctx.now),
    },
  },
  store: {
    statusPage: (db, after, limit) =>
      db
        .selectFrom('catalog_implementations')
        .select(['id', 'status'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(limit)
        .execute(),
    load: (k, tx, id) => load(k, tx, id),
    authorize: async (k, ctx, tx, l, permission) =>
      requireCatalogAccess(
        k,
        ctx,
        permission,
        { region: l.row.region, departmentKind: await kindOfRow(k, l.row, tx) },
        tx,
      ),
    status: (l) => l.row.status,
    version: (l) => Number(l.row.version),
    save: (_k, tx, l, version, patch: Patch, ctx) =>
      repo.updateImplementation(tx, l.row.id, version, { ...patch, updated_at: ctx.now.toISOString() }),
    patched: (l: Loaded, patch: Patch, version: number, ctx): Loaded => ({
      ...l,
      row: { ...l.row, ...patch, version, updated_at: ctx.now.toISOString() },
    }),
    view: (k: Kernel, l: Loaded): Implementation => toImplementation(k, l.row, summaryOf(l.item)),
    ruleVersion: (l, after) => `${l.row.code}@${after.version}`,
    eventPayload: (action, before, after) => eventPayload(action as TransitionAction, before.row, after),
  },
});

/** Moves an implementation through its lifecycle, guarded by version; every move needs a reason. */
export function transition(
  k: Kernel,
  ctx: Ctx,
  id: string,
  action: TransitionAction,
  input: { version: number; reason: string },
  tx?: Executor,
): Promise<Implementation> {
  if (action !== 'publish' || tx?.isTransaction)
    return implementationLifecycle.transition(k, ctx, id, action, input, tx);
  // Its own transaction, returned: committed, so the version it published may be kept in memory (version-memo.ts).
  return implementationLifecycle.transition(k, ctx, id, action, input, tx).then((done) => {
    if (done.publishedVersion !== null) settleVersion(id, done.publishedVersion);
    return done;
  });
}

function eventPayload(
  action: TransitionAction,
  before: ImplementationTable,
  after: Implementation,
): Record<string, unknown> {
  const p: Record<string, unknown> = {
    id: after.id,
    code: after.code,
    itemId: after.item.id,
    region: after.region,
    version: after.version,
    status: after.status,
  };
  if (action === 'publish') {
    p.supersedes = before.published_version === null ? null : Number(before.published_version);
    p.effectiveFrom = after.effectiveFrom;
    p.derivedFrom = after.derivedFrom;
  }
  return p;
}
