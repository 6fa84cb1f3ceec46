/**
 * The ratings module's service functions: the only place that decides.
 *
 * A subject's module offers a rating with `offerRating` (in its own transaction: one invitation per subject, bound to
 * the account that may rate). The rater rates it once (`rate`); a 差评 (score ≤ 2) opens a rectification for the
 * handling department in the same transaction, due in the region's limit of working days. Staff read ratings without
 * their raters; the rater alone sees their own, the rectification's outcome, and rates that outcome once.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { inTx } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { requirePermission, systemCtx, type Ctx } from '../../kernel/context.ts';
import { AppError, invalid } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { subtreePrefix } from '../../kernel/reference/divisions.ts';
import { ratingsPermissions as P } from './permissions.ts';
import { ratingsEvents } from './events.ts';
import {
  findInvitation,
  findInvitationBySubject,
  findRating,
  findRatingOf,
  findRectification,
  findRectificationOf,
  toCore,
  toOwnRating,
  toStaffRating,
  type RectificationCore,
} from './repository.ts';
import { absentRectification, departmentKindOf, requireOwnInvitation, staffSees } from './access.ts';
import { RECTIFICATION_SUBJECT, deadlineOf, trackRectification } from './deadlines.ts';
import { rectificationLifecycle, type RectificationAction } from './lifecycle.ts';
import {
  CHANNELS,
  SCORES,
  TAGS,
  bandOf,
  isFinished,
  isPoor,
  type Channel,
  type Invitation,
  type Rectification,
  type RectificationStatus,
  type Score,
  type StaffRating,
} from './model.ts';
import type { RatingsInvitationTable, RatingsRatingTable, RatingsRectificationTable } from './tables.ts';

export const INVITATION_SUBJECT = 'ratings.invitation';
const MAX_COMMENT = 500;

/** What a subject's module tells the ratings module when it offers a rating. */
export interface OfferInput {
  /** The subject's type as its module names it (`cases.case`) and its id: one invitation per subject. */
  subjectType: string;
  subjectId: string;
  /** What the rater is shown (e.g. the case number and the item's name). */
  subjectLabel: string;
  /** The account that may rate (the applicant's own). */
  raterAccount: string;
  department: { code: string; name: string; kind?: string };
  region: string;
  item: { id: string; name: string };
  /** Where the service was given, when the subject's module knows. */
  channel?: Channel | null;
}

/**
 * Offers a rating of a subject to its rater, inside the caller's transaction (the subject's module calls it from its
 * own subscriber or service). Idempotent per subject: a second offer returns the first invitation unchanged.
 */
export async function offerRating(
  k: Kernel,
  tx: Executor | undefined,
  input: OfferInput,
): Promise<{ id: string; created: boolean }> {
  return inTx(k, tx, async (t) => {
    const had = await findInvitationBySubject(t, input.subjectType, input.subjectId);
    if (had) return { id: had.id, created: false };
    const ctx = systemCtx(k.clock.now());
    const row: RatingsInvitationTable = {
      id: newId(ctx.now.getTime()),
      subject_type: input.subjectType,
      subject_id: input.subjectId,
      subject_label: input.subjectLabel.slice(0, 300),
      rater_account: input.raterAccount,
      department_code: input.department.code,
      department_name: input.department.name,
      department_kind: input.department.kind ?? input.department.code.split('-').pop()!,
      region: input.region,
      item_id: input.item.id,
      item_name: input.item.name,
      channel: input.channel ?? null,
      offered_at: ctx.now.toISOString(),
    };
    await t.insertInto('ratings_invitations').values(row).execute();
    await k.audit.record(t, ctx, {
      permission: P.offer,
      action: 'offer',
      subjectType: INVITATION_SUBJECT,
      subjectId: row.id,
      after: { subjectType: row.subject_type, subjectId: row.subject_id, region: row.region },
      event: ratingsEvents.make('ratings.invitation.offered', {
        id: row.id,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        region: row.region,
        department: row.department_code,
      }),
    });
    return { id: row.id, created: true };
  });
}

/** The invitation as its rater sees it. */
async function presentInvitation(db: Executor, inv: RatingsInvitationTable): Promise<Invitation> {
  const rating = await findRatingOf(db, inv.id);
  const rect = rating ? await findRectificationOf(db, inv.id) : undefined;
  return {
    id: inv.id,
    subjectType: inv.subject_type,
    subjectId: inv.subject_id,
    subjectLabel: inv.subject_label,
    item: { id: inv.item_id, name: inv.item_name },
    department: { code: inv.department_code, name: inv.department_name },
    region: inv.region,
    offeredAt: inv.offered_at,
    rating: rating ? toOwnRating(rating) : null,
    rectification: rect
      ? {
          id: rect.id,
          status: rect.status as RectificationStatus,
          outcome: isFinished(rect.status) ? rect.outcome : null,
          finishedAt: rect.finished_at,
          outcomeRating:
            rect.outcome_score === null
              ? null
              : {
                  score: Number(rect.outcome_score) as Score,
                  comment: rect.outcome_comment,
                  ratedAt: rect.outcome_rated_at!,
                },
        }
      : null,
  };
}

/** The caller's own invitations (optionally of one subject), newest first. */
export async function listMyInvitations(
  k: Kernel,
  ctx: Ctx,
  f: { subjectType?: string; subjectId?: string; limit: number; before?: string | null },
): Promise<Invitation[]> {
  requirePermission(ctx, P.rate);
  let q = k.db
    .selectFrom('ratings_invitations')
    .selectAll()
    .where('rater_account', '=', ctx.principal.id)
    .orderBy('id', 'desc')
    .limit(f.limit);
  if (f.subjectType) q = q.where('subject_type', '=', f.subjectType);
  if (f.subjectId) q = q.where('subject_id', '=', f.subjectId);
  if (f.before) q = q.where('id', '<', f.before);
  const rows = await q.execute();
  return Promise.all(rows.map((r) => presentInvitation(k.db, r)));
}

export async function getMyInvitation(k: Kernel, ctx: Ctx, id: string): Promise<Invitation> {
  requirePermission(ctx, P.rate);
  return presentInvitation(k.db, requireOwnInvitation(ctx, await findInvitation(k.db, id), id));
}

const alreadyRated = (what: { zh: string; en: string }) =>
  new AppError({
    code: 'ALREADY_RATED',
    status: 409,
    field: 'score',
    zh: `${what.zh}已评价过，每项只能评价一次`,
    en: `${what.en} was rated already; it can be rated only once`,
  });

function scoreOf(v: unknown): Score {
  if (!(SCORES as readonly unknown[]).includes(v))
    throw invalid('score', 'SCORE_INVALID', '评分须为 1 至 5 的整数', 'The score must be a whole number from 1 to 5');
  return v as Score;
}

function commentOf(v: string | null | undefined): string | null {
  const c = v?.trim() ?? '';
  if (c.length > MAX_COMMENT)
    throw invalid(
      'comment',
      'FIELD_TOO_LONG',
      `评价内容不能超过 ${MAX_COMMENT} 个字符`,
      `The comment must be at most ${MAX_COMMENT} characters`,
    );
  return c || null;
}

function tagsOf(score: Score, tags: readonly string[] | undefined): string[] {
  const band = TAGS[bandOf(score)];
  const out = [...new Set(tags ?? [])];
  out.forEach((t, i) => {
    if (!(t in band))
      throw invalid(
        `tags.${i}`,
        'TAG_NOT_IN_BAND',
        '所选标签与评分不符，请按评分选择标签',
        'This tag does not go with the score; pick from the tags offered for it',
      );
  });
  return out;
}

export interface RateInput {
  score: number;
  tags?: string[];
  comment?: string | null;
  channel?: Channel;
  /** The rater agrees to be called back under their name (default); false rates anonymously to the department. */
  realName?: boolean;
}

/** The rater rates their invitation, once; a 差评 opens a rectification in the same transaction. */
export async function rate(
  k: Kernel,
  ctx: Ctx,
  invitationId: string,
  input: RateInput,
  tx?: Executor,
): Promise<Invitation> {
  requirePermission(ctx, P.rate);
  const score = scoreOf(input.score);
  const tags = tagsOf(score, input.tags);
  const comment = commentOf(input.comment);
  const channel = input.channel ?? 'online';
  if (!(CHANNELS as readonly string[]).includes(channel))
    throw invalid('channel', 'CHANNEL_INVALID', '评价渠道不正确', 'Unknown rating channel');
  return inTx(k, tx, async (tx) => {
    const inv = requireOwnInvitation(ctx, await findInvitation(tx, invitationId), invitationId);
    if (await findRatingOf(tx, inv.id)) throw alreadyRated({ zh: '该事项', en: 'This service' });
    const at = ctx.now.toISOString();
    const row: RatingsRatingTable = {
      id: newId(ctx.now.getTime()),
      invitation_id: inv.id,
      score,
      tags,
      comment,
      channel,
      real_name: input.realName ?? true,
      rated_at: at,
      department_code: inv.department_code,
      department_name: inv.department_name,
      region: inv.region,
      item_id: inv.item_id,
      item_name: inv.item_name,
    };
    // The unique invitation_id settles two rating at once: the loser's insert fails and its transaction rolls back.
    const inserted = await tx
      .insertInto('ratings_ratings')
      .values(row)
      .onConflict((oc) => oc.column('invitation_id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 1) === 0) throw alreadyRated({ zh: '该事项', en: 'This service' });
    await k.audit.record(tx, ctx, {
      permission: P.rate,
      action: 'rate',
      subjectType: INVITATION_SUBJECT,
      subjectId: inv.id,
      after: { score, tags, comment, channel, realName: row.real_name },
      event: ratingsEvents.make('ratings.rating.submitted', {
        id: row.id,
        invitationId: inv.id,
        subjectType: inv.subject_type,
        subjectId: inv.subject_id,
        region: inv.region,
        department: inv.department_code,
        itemId: inv.item_id,
        score,
      }),
    });
    if (isPoor(score)) await openRectification(k, tx, ctx.now, inv, row);
    return presentInvitation(tx, inv);
  });
}

/** A 差评 opens a rectification for the handling department, by the system, due in the region's limit. */
async function openRectification(
  k: Kernel,
  tx: Executor,
  now: Date,
  inv: RatingsInvitationTable,
  rating: RatingsRatingTable,
): Promise<void> {
  const at = now.toISOString();
  const id = newId(now.getTime());
  const due = await trackRectification(k, tx, now, id, inv.region);
  const row: RatingsRectificationTable = {
    id,
    rating_id: rating.id,
    invitation_id: inv.id,
    status: 'opened' satisfies RectificationStatus,
    version: 1,
    department_code: inv.department_code,
    department_name: inv.department_name,
    department_kind: inv.department_kind,
    region: inv.region,
    item_id: inv.item_id,
    item_name: inv.item_name,
    real_name: rating.real_name,
    callback_note: null,
    called_back_at: null,
    findings: null,
    outcome: null,
    appeal_reason: null,
    appeal_decision: null,
    opened_at: at,
    due_at: due.dueAt,
    finished_at: null,
    on_time: null,
    outcome_score: null,
    outcome_comment: null,
    outcome_rated_at: null,
    created_at: at,
    updated_at: at,
  };
  await tx.insertInto('ratings_rectifications').values(row).execute();
  await k.audit.record(tx, systemCtx(now), {
    permission: P.offer,
    action: 'open',
    subjectType: RECTIFICATION_SUBJECT,
    subjectId: id,
    reason: `差评（${Number(rating.score)} 分）自动启动整改`,
    after: toCore(row),
    event: ratingsEvents.make('ratings.rectification.opened', {
      id,
      ratingId: rating.id,
      region: row.region,
      department: row.department_code,
      version: 1,
      status: row.status,
    }),
  });
}

/** The rater rates how their 差评 was handled, once, after the rectification finished. */
export async function rateOutcome(
  k: Kernel,
  ctx: Ctx,
  invitationId: string,
  input: { score: number; comment?: string | null },
  tx?: Executor,
): Promise<Invitation> {
  requirePermission(ctx, P.rate);
  const score = scoreOf(input.score);
  const comment = commentOf(input.comment);
  return inTx(k, tx, async (tx) => {
    const inv = requireOwnInvitation(ctx, await findInvitation(tx, invitationId), invitationId);
    const rect = await findRectificationOf(tx, inv.id);
    if (!rect || !isFinished(rect.status))
      throw new AppError({
        code: 'RECTIFICATION_NOT_FINISHED',
        status: 409,
        field: 'status',
        zh: '整改尚未办结，办结后方可评价整改结果',
        en: 'The rectification has not finished; its outcome can be rated once it has',
      });
    const at = ctx.now.toISOString();
    const r = await tx
      .updateTable('ratings_rectifications')
      .set({ outcome_score: score, outcome_comment: comment, outcome_rated_at: at })
      .where('id', '=', rect.id)
      .where('outcome_score', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw alreadyRated({ zh: '整改结果', en: 'The rectification' });
    await k.audit.record(tx, ctx, {
      permission: P.rate,
      action: 'rate_outcome',
      subjectType: RECTIFICATION_SUBJECT,
      subjectId: rect.id,
      after: { score, comment },
      event: ratingsEvents.make('ratings.rectification.outcome_rated', {
        id: rect.id,
        region: rect.region,
        department: rect.department_code,
        score,
      }),
    });
    return presentInvitation(tx, inv);
  });
}

/** The region prefix a staff member's lists keep to (null: everywhere). */
function regionPrefix(ctx: Ctx): string | null {
  const region = ctx.principal.kind === 'system' ? null : ctx.principal.region;
  return region ? subtreePrefix(region) : null;
}

/** Ratings in the caller's jurisdiction, newest first: the service and the rating, never the rater nor the subject. */
export async function listRatings(
  k: Kernel,
  ctx: Ctx,
  f: { score?: number; poorOnly?: boolean; limit: number; before?: string | null },
): Promise<StaffRating[]> {
  requirePermission(ctx, P.read);
  let q = k.db
    .selectFrom('ratings_ratings as r')
    .leftJoin('ratings_rectifications as x', 'x.rating_id', 'r.id')
    .selectAll('r')
    .select('x.id as rectification_id')
    .orderBy('r.id', 'desc')
    .limit(f.limit);
  const prefix = regionPrefix(ctx);
  if (prefix) q = q.where('r.region', 'like', `${prefix}%`);
  if (f.score) q = q.where('r.score', '=', f.score);
  if (f.poorOnly) q = q.where('r.score', '<=', 2);
  if (f.before) q = q.where('r.id', '<', f.before);
  const rows = await q.execute();
  return rows.map((r) => toStaffRating(r as RatingsRatingTable, r.rectification_id ?? null));
}

/** A rectification with its rating (never the rater), deadline and light, and the moves this caller may make. */
async function presentRectification(
  k: Kernel,
  ctx: Ctx,
  db: Executor,
  row: RatingsRectificationTable,
): Promise<Rectification> {
  const core = toCore(row);
  const rating = (await findRating(db, row.rating_id))!;
  const { rectificationId: _, ...staffRating } = toStaffRating(rating, row.id);
  return {
    id: row.id,
    status: core.status,
    version: core.version,
    rating: staffRating,
    department: { code: row.department_code, name: row.department_name },
    region: row.region,
    callbackRequired: Boolean(row.real_name),
    callback: row.callback_note ? { note: row.callback_note, at: row.called_back_at! } : null,
    findings: row.findings,
    outcome: row.outcome,
    appeal: row.appeal_reason ? { reason: row.appeal_reason, decision: row.appeal_decision } : null,
    openedAt: row.opened_at,
    finishedAt: row.finished_at,
    onTime: core.onTime,
    deadline: await deadlineOf(k, db, ctx.now, row.id, isFinished(row.status)),
    outcomeRating:
      row.outcome_score === null
        ? null
        : { score: Number(row.outcome_score) as Score, comment: row.outcome_comment, ratedAt: row.outcome_rated_at! },
    actions: rectificationLifecycle.availableActions(ctx, row.status),
    updatedAt: row.updated_at,
  };
}

/**
 * Rectifications in the caller's jurisdiction, oldest first (the queue's order); `department: 'mine'` keeps to the
 * caller's department kind (the department's own queue), `open` to those not yet finished.
 */
export async function listRectifications(
  k: Kernel,
  ctx: Ctx,
  f: { status?: RectificationStatus; open?: boolean; mine?: boolean; limit: number; after?: string | null },
): Promise<Rectification[]> {
  requirePermission(ctx, P.read);
  let q = k.db.selectFrom('ratings_rectifications').selectAll().orderBy('id', 'asc').limit(f.limit);
  const prefix = regionPrefix(ctx);
  if (prefix) q = q.where('region', 'like', `${prefix}%`);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.open) q = q.where('finished_at', 'is', null);
  if (f.mine) {
    const kind = await departmentKindOf(k, ctx);
    if (kind) q = q.where('department_kind', '=', kind);
  }
  if (f.after) q = q.where('id', '>', f.after);
  const rows = await q.execute();
  return Promise.all(rows.map((r) => presentRectification(k, ctx, k.db, r)));
}

export async function getRectification(k: Kernel, ctx: Ctx, id: string): Promise<Rectification> {
  requirePermission(ctx, P.read);
  const row = await findRectification(k.db, id);
  if (!row || !staffSees(ctx, row.region)) throw absentRectification(id);
  return presentRectification(k, ctx, k.db, row);
}

/** Moves a rectification by `action`, guarded by the version the caller read. */
export async function moveRectification(
  k: Kernel,
  ctx: Ctx,
  id: string,
  action: RectificationAction,
  input: { version: number; reason?: string | null },
): Promise<Rectification> {
  return inTx(k, undefined, async (tx) => {
    const after: RectificationCore = await rectificationLifecycle.transition(k, ctx, id, action, input, tx);
    return presentRectification(k, ctx, tx, (await findRectification(tx, after.id))!);
  });
}
