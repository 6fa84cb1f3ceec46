/** The inspections module's service functions: the only place that decides. Each takes the request context first. */
import type { Kernel } from '../../kernel/kernel.ts';
import { inTx } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { inJurisdiction, requireJurisdiction, requirePermission, type Ctx } from '../../kernel/context.ts';
import { subtreePrefix } from '../../kernel/reference/divisions.ts';
import { notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { requiredText } from '../../kernel/validators/fields.ts';
import { inspectionsPermissions } from './permissions.ts';
import { inspectionsEvents } from './events.ts';
import { findRecordRow, insertRecord, toRecord } from './repository.ts';
import type { RecordInspections } from './model.ts';

export type { RecordInspections } from './model.ts';

/** Creates an open record in the caller's jurisdiction; writes its action and `inspections.record.created`. */
export async function createRecord(
  k: Kernel,
  ctx: Ctx,
  input: { title: string; region: string },
  tx?: Executor,
): Promise<RecordInspections> {
  requirePermission(ctx, inspectionsPermissions.manage);
  const title = requiredText('title', input.title, 200);
  requireJurisdiction(ctx, input.region);
  return inTx(k, tx, async (t) => {
    const at = ctx.now.toISOString();
    const row = {
      id: newId(ctx.now.getTime()),
      title,
      region: input.region,
      status: 'open',
      version: 1,
      created_by: ctx.principal.id,
      created_at: at,
      updated_at: at,
      closed_at: null,
    };
    await insertRecord(t, row);
    const after = toRecord(row);
    await k.audit.record(t, ctx, {
      permission: inspectionsPermissions.manage,
      action: 'create',
      subjectType: 'inspections.record',
      subjectId: row.id,
      after,
      event: inspectionsEvents.make('inspections.record.created', { id: row.id, region: row.region }),
    });
    return after;
  });
}

/** A record; one outside the caller's jurisdiction answers exactly as an absent one (404). */
export async function getRecord(k: Kernel, ctx: Ctx, id: string, tx?: Executor): Promise<RecordInspections> {
  requirePermission(ctx, inspectionsPermissions.read);
  const row = await findRecordRow(tx ?? k.db, id);
  if (!row || !inJurisdiction(ctx, row.region)) throw notFound('记录 record', id, 'params.id');
  return toRecord(row);
}

/** The records in the caller's jurisdiction, newest first. */
export async function listRecords(
  k: Kernel,
  ctx: Ctx,
  opts: { limit: number; before?: string | null },
): Promise<RecordInspections[]> {
  requirePermission(ctx, inspectionsPermissions.read);
  let q = k.db.selectFrom('inspections_records').selectAll().orderBy('id', 'desc').limit(opts.limit);
  if (opts.before) q = q.where('id', '<', opts.before);
  // The query itself keeps to the caller's jurisdiction, so a forgotten check cannot leak other regions' rows.
  if (ctx.principal.kind !== 'system' && ctx.principal.region)
    q = q.where('region', 'like', subtreePrefix(ctx.principal.region) + '%');
  return (await q.execute()).map(toRecord);
}
