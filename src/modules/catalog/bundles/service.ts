/**
 * Bundles (一件事一次办): several implementations applied for together with one merged form and one material list.
 * Defining or editing a bundle's members merges the members' forms and materials at once; conflicting field
 * definitions are stored on the bundle and shown, and block submission and publication (lifecycle.ts).
 *
 * Editing needs catalog:edit and the bundle's region within the caller's jurisdiction. A bundle spans departments,
 * so — unlike an implementation — it is not tied to the caller's department kind.
 */
import { tryUpdateVersioned, updateVersioned } from '../../../kernel/db/versioned.ts';
import type { Executor } from '../../../kernel/db/types.ts';
import { inTx, type Kernel } from '../../../kernel/kernel.ts';
import { can, requireJurisdiction, requirePermission, type Ctx } from '../../../kernel/context.ts';
import { AppError, invalid, notFound, orThrow, staleVersion } from '../../../kernel/errors.ts';
import { newId } from '../../../kernel/ids.ts';
import { checkDivisionCode, fullName } from '../../../kernel/reference/divisions.ts';
import { EDIT, READ, isUniqueViolation, text } from '../access.ts';
import { subtreePrefix } from '../repository.ts';
import { allowedActions, type ImplementationStatus } from '../model.ts';
import { mergeForms, type FormConflict } from './merge-forms.ts';
import { mergeMaterials, type BundleMaterial } from './materials.ts';
import { resolveMembers } from './members.ts';
import {
  summaryOf,
  type Bundle,
  type BundleForm,
  type BundleMember,
  type BundleVersion,
  type MemberInput,
} from './model.ts';
import type { BundleTable, BundleVersionTable } from './tables.ts';
import './tables.ts';

export const BUNDLE_CODE = /^[A-Z0-9][A-Z0-9-]{2,39}$/;

export interface BundleInput {
  code: string;
  name: string;
  lifeEvent: string;
  region: string;
  description?: string | null;
  members: MemberInput[];
  illustrative?: boolean;
}

export interface BundlePatch {
  version: number;
  reason?: string;
  name?: string;
  lifeEvent?: string;
  description?: string | null;
  members?: MemberInput[];
}

export function toBundle(k: Kernel, r: BundleTable): Bundle {
  const members = r.members as BundleMember[];
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    lifeEvent: r.life_event,
    region: r.region,
    regionName: fullName(r.region) ?? r.region,
    description: r.description,
    status: r.status as ImplementationStatus,
    version: Number(r.version),
    publishedVersion: r.published_version === null ? null : Number(r.published_version),
    members,
    form: r.form as BundleForm,
    conflicts: r.conflicts as FormConflict[],
    materials: r.materials as BundleMaterial[],
    summary: summaryOf(members),
    submittedBy: r.submitted_by,
    submittedAt: r.submitted_at,
    retiredAt: r.retired_at,
    illustrative: r.illustrative,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toBundleVersion(
  k: Kernel,
  v: BundleVersionTable,
  head: Pick<BundleTable, 'status' | 'published_version'>,
): BundleVersion {
  const members = v.members as BundleMember[];
  const newest = Number(head.published_version) === Number(v.version);
  return {
    bundleId: v.bundle_id,
    version: Number(v.version),
    status: !newest ? 'superseded' : head.status === 'retired' ? 'retired' : 'published',
    code: v.code,
    name: v.name,
    lifeEvent: v.life_event,
    region: v.region,
    regionName: fullName(v.region) ?? v.region,
    description: v.description,
    members,
    form: v.form as BundleForm,
    materials: v.materials as BundleMaterial[],
    summary: summaryOf(members),
    digest: v.digest,
    submittedBy: v.submitted_by,
    publishedBy: v.published_by,
    publishedAt: v.published_at,
    illustrative: v.illustrative,
  };
}

/** Resolves members and merges their forms and materials: the composed columns of a bundle row. */
async function compose(
  k: Kernel,
  t: Executor,
  region: string,
  name: string,
  inputs: MemberInput[],
): Promise<Pick<BundleTable, 'members' | 'form' | 'conflicts' | 'materials'> & { illustrative: boolean }> {
  const { members, versions } = await resolveMembers(k, t, region, inputs);
  const merged = mergeForms(
    versions.map((v, i) => ({ key: members[i].key, form: v.elements.form })),
    `${name} · 一表申请`,
  );
  const materials = mergeMaterials(versions.map((v, i) => ({ key: members[i].key, materials: v.elements.materials })));
  return {
    members: members,
    form: { schema: merged.schema, fields: merged.fields },
    conflicts: merged.conflicts,
    materials: materials,
    illustrative: members.some((m) => m.illustrative),
  };
}

export async function findBundle(db: Executor, id: string): Promise<BundleTable | undefined> {
  return db.selectFrom('catalog_bundles').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function loadBundle(db: Executor, id: string): Promise<BundleTable> {
  const row = await findBundle(db, id);
  if (!row) throw notFound('一件事 bundle', id);
  return row;
}

/** Updates when the stored version is `expected` (and bumps it); false when it is not. */
export function updateBundleRow(
  db: Executor,
  id: string,
  expected: number,
  changes: Partial<BundleTable>,
): Promise<boolean> {
  return tryUpdateVersioned(db, 'catalog_bundles', id, expected, changes);
}

const codeTaken = (code: string) =>
  new AppError({
    code: 'BUNDLE_CODE_TAKEN',
    status: 409,
    field: 'code',
    zh: `编码 ${code} 已被使用`,
    en: `Bundle code ${code} is taken`,
  });

/** Defines a draft bundle; its merged form's conflicts, if any, are stored and shown (they block submission). */
export async function createBundle(k: Kernel, ctx: Ctx, input: BundleInput, tx?: Executor): Promise<Bundle> {
  requirePermission(ctx, EDIT);
  if (!BUNDLE_CODE.test(input.code))
    throw invalid(
      'code',
      'BUNDLE_CODE_INVALID',
      '编码为 3–40 位大写字母、数字或连字符',
      'A code is 3–40 capital letters, digits or hyphens',
    );
  orThrow(checkDivisionCode(input.region), 'region');
  requireJurisdiction(ctx, input.region);
  const name = text('name', input.name, 100);
  const lifeEvent = text('lifeEvent', input.lifeEvent, 100);
  return inTx(k, tx, async (t) => {
    if (await t.selectFrom('catalog_bundles').select('id').where('code', '=', input.code).executeTakeFirst())
      throw codeTaken(input.code);
    const composed = await compose(k, t, input.region, name, input.members);
    const now = ctx.now.toISOString();
    const row: BundleTable = {
      id: newId(ctx.now.getTime()),
      code: input.code,
      name,
      life_event: lifeEvent,
      region: input.region,
      description: input.description?.trim() ? text('description', input.description, 2000) : null,
      status: 'draft',
      version: 1,
      ...composed,
      published_version: null,
      submitted_by: null,
      submitted_at: null,
      retired_at: null,
      illustrative: composed.illustrative || (input.illustrative ?? false),
      created_by: ctx.principal.id,
      created_at: now,
      updated_at: now,
    };
    try {
      await t.insertInto('catalog_bundles').values(row).execute();
    } catch (e) {
      if (isUniqueViolation(e)) throw codeTaken(input.code);
      throw e;
    }
    const result = toBundle(k, row);
    await k.audit.record(t, ctx, {
      permission: EDIT,
      action: 'create',
      subjectType: 'catalog.bundle',
      subjectId: row.id,
      ruleVersion: `${row.code}@1`,
      after: result,
      event: {
        type: 'catalog.bundle.created',
        payload: {
          id: row.id,
          code: row.code,
          region: row.region,
          members: result.members.map((m) => ({ implementationId: m.implementationId, version: m.version })),
          conflicts: result.conflicts.length,
        },
      },
    });
    return result;
  });
}

/** Edits a draft: name, life event, description or members (re-merging the form and materials), guarded by version. */
export async function updateBundleDraft(
  k: Kernel,
  ctx: Ctx,
  id: string,
  p: BundlePatch,
  tx?: Executor,
): Promise<Bundle> {
  requirePermission(ctx, EDIT);
  return inTx(k, tx, async (t) => {
    const row = await loadBundle(t, id);
    requireJurisdiction(ctx, row.region);
    if (Number(row.version) !== p.version) throw staleVersion(p.version, Number(row.version));
    if (row.status !== 'draft') throw notEditable(row.status);
    const changes: Partial<BundleTable> = { updated_at: ctx.now.toISOString() };
    if (p.name !== undefined) changes.name = text('name', p.name, 100);
    if (p.lifeEvent !== undefined) changes.life_event = text('lifeEvent', p.lifeEvent, 100);
    if (p.description !== undefined)
      changes.description = p.description?.trim() ? text('description', p.description, 2000) : null;
    if (p.members !== undefined || p.name !== undefined) {
      const members =
        p.members ??
        toBundle(k, row).members.map((m) => ({
          key: m.key,
          implementationId: m.implementationId,
          version: m.version,
          dependsOn: m.dependsOn,
          parallelGroup: m.parallelGroup,
        }));
      const { illustrative, ...composed } = await compose(k, t, row.region, changes.name ?? row.name, members);
      Object.assign(changes, composed, {
        illustrative: illustrative || row.illustrative,
      });
    }
    await updateVersioned(t, 'catalog_bundles', id, p.version, changes);
    const before = toBundle(k, row);
    const after = toBundle(k, { ...row, ...changes, version: p.version + 1 });
    await k.audit.record(t, ctx, {
      permission: EDIT,
      action: 'edit',
      subjectType: 'catalog.bundle',
      subjectId: id,
      reason: p.reason?.trim() || null,
      ruleVersion: `${row.code}@${after.version}`,
      before,
      after,
      event: {
        type: 'catalog.bundle.edited',
        payload: { id, version: after.version, conflicts: after.conflicts.length },
      },
    });
    return after;
  });
}

/** 409: only a draft is edited; a published version never changes (revise to open a new draft). */
function notEditable(status: string): AppError {
  const allowed = allowedActions(status as ImplementationStatus);
  return new AppError({
    code: 'BUNDLE_NOT_EDITABLE',
    status: 409,
    field: 'status',
    zh: `当前状态为 ${status}，只能修改草稿（已发布版本不可修改，须先修订）；可执行的操作：${allowed.join('、') || '无'}`,
    en: `The bundle is ${status}; only drafts are edited (a published version never changes: revise first). Allowed now: ${allowed.join(', ') || 'none'}`,
    details: { status, allowed },
  });
}

/** The working copy, for staff. */
export async function getBundle(k: Kernel, ctx: Ctx, id: string): Promise<Bundle> {
  requirePermission(ctx, READ);
  return toBundle(k, await loadBundle(k.db, id));
}

/** Staff get the working copy; everyone else the version in force shaped as a bundle (404 when none). */
export async function getBundleForCaller(k: Kernel, ctx: Ctx, id: string): Promise<Bundle> {
  if (can(ctx, READ)) return getBundle(k, ctx, id);
  const row = await findBundle(k.db, id);
  if (!row || row.published_version === null || row.status === 'retired') throw notFound('一件事 bundle', id);
  const v = toBundleVersion(k, (await findBundleVersion(k.db, id, Number(row.published_version)))!, row);
  const { bundleId: _b, digest: _d, publishedBy: _p, publishedAt, status: _s, ...content } = v;
  return {
    ...content,
    id,
    status: 'published',
    version: v.version,
    publishedVersion: v.version,
    conflicts: [],
    submittedBy: null,
    submittedAt: null,
    retiredAt: null,
    createdBy: null,
    createdAt: row.created_at,
    updatedAt: publishedAt,
  };
}

export async function findBundleVersion(
  db: Executor,
  id: string,
  version: number,
): Promise<BundleVersionTable | undefined> {
  return db
    .selectFrom('catalog_bundle_versions')
    .selectAll()
    .where('bundle_id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** One published version. Public: published bundles are public record. `tx`: read inside the caller's transaction. */
export async function getBundleVersion(k: Kernel, id: string, version: number, tx?: Executor): Promise<BundleVersion> {
  const head = await findBundle(tx ?? k.db, id);
  const v = head ? await findBundleVersion(tx ?? k.db, id, version) : undefined;
  if (!head || !v) throw notFound('一件事版本 bundle version', `${id}@${version}`);
  return toBundleVersion(k, v, head);
}

/** Published versions of a bundle, newest first. */
export async function listBundleVersions(
  k: Kernel,
  id: string,
  f: { before?: number | null; limit: number },
): Promise<BundleVersion[]> {
  const head = await findBundle(k.db, id);
  // Never published: nothing of it is public record, so it answers exactly as an absent one (docs/security.md).
  if (!head || head.published_version === null) throw notFound('一件事 bundle', id);
  let q = k.db.selectFrom('catalog_bundle_versions').selectAll().where('bundle_id', '=', id);
  if (f.before) q = q.where('version', '<', f.before);
  return (await q.orderBy('version', 'desc').limit(f.limit).execute()).map((v) => toBundleVersion(k, v, head));
}

/** Working copies in a region's subtree (or all), by id. */
export async function listBundles(
  k: Kernel,
  ctx: Ctx,
  f: { region?: string; status?: ImplementationStatus; lifeEvent?: string; after?: string | null; limit: number },
): Promise<Bundle[]> {
  requirePermission(ctx, READ);
  if (f.region) orThrow(checkDivisionCode(f.region), 'query.region');
  let q = k.db.selectFrom('catalog_bundles').selectAll();
  if (f.region) q = q.where('region', 'like', subtreePrefix(f.region) + '%');
  if (f.status) q = q.where('status', '=', f.status);
  if (f.lifeEvent) q = q.where('life_event', '=', f.lifeEvent);
  if (f.after) q = q.where('id', '>', f.after);
  return (await q.orderBy('id').limit(f.limit).execute()).map((r) => toBundle(k, r));
}
