/** The ratings module's queries and row conversions, each usable inside a caller's transaction. */
import type { Executor } from '../../kernel/db/types.ts';
import type { RatingsInvitationTable, RatingsRatingTable, RatingsRectificationTable } from './tables.ts';
import type { Channel, OwnRating, RectificationStatus, Score, StaffRating } from './model.ts';

export function findInvitation(db: Executor, id: string): Promise<RatingsInvitationTable | undefined> {
  return db.selectFrom('ratings_invitations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findInvitationBySubject(
  db: Executor,
  subjectType: string,
  subjectId: string,
): Promise<RatingsInvitationTable | undefined> {
  return db
    .selectFrom('ratings_invitations')
    .selectAll()
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .executeTakeFirst();
}

export function findRatingOf(db: Executor, invitationId: string): Promise<RatingsRatingTable | undefined> {
  return db.selectFrom('ratings_ratings').selectAll().where('invitation_id', '=', invitationId).executeTakeFirst();
}

export function findRating(db: Executor, id: string): Promise<RatingsRatingTable | undefined> {
  return db.selectFrom('ratings_ratings').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findRectification(db: Executor, id: string): Promise<RatingsRectificationTable | undefined> {
  return db.selectFrom('ratings_rectifications').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findRectificationOf(
  db: Executor,
  invitationId: string,
): Promise<RatingsRectificationTable | undefined> {
  return db
    .selectFrom('ratings_rectifications')
    .selectAll()
    .where('invitation_id', '=', invitationId)
    .executeTakeFirst();
}

export function toOwnRating(r: RatingsRatingTable): OwnRating {
  return {
    score: Number(r.score) as Score,
    tags: r.tags,
    comment: r.comment,
    channel: r.channel as Channel,
    realName: Boolean(r.real_name),
    ratedAt: r.rated_at,
  };
}

/** A rating as staff see it: the service and the rating, never who gave it nor the subject that would lead to them. */
export function toStaffRating(r: RatingsRatingTable, rectificationId: string | null): StaffRating {
  return {
    id: r.id,
    item: { id: r.item_id, name: r.item_name },
    department: { code: r.department_code, name: r.department_name },
    region: r.region,
    score: Number(r.score) as Score,
    tags: r.tags,
    comment: r.comment,
    channel: r.channel as Channel,
    realName: Boolean(r.real_name),
    ratedAt: r.rated_at,
    rectificationId,
  };
}

/** What the lifecycle hashes into an action's before/after digests: the rectification's own fields. */
export interface RectificationCore {
  id: string;
  ratingId: string;
  status: RectificationStatus;
  version: number;
  callbackNote: string | null;
  findings: string | null;
  outcome: string | null;
  appealReason: string | null;
  appealDecision: string | null;
  finishedAt: string | null;
  onTime: boolean | null;
  updatedAt: string;
}

export function toCore(r: RatingsRectificationTable): RectificationCore {
  return {
    id: r.id,
    ratingId: r.rating_id,
    status: r.status as RectificationStatus,
    version: Number(r.version),
    callbackNote: r.callback_note,
    findings: r.findings,
    outcome: r.outcome,
    appealReason: r.appeal_reason,
    appealDecision: r.appeal_decision,
    finishedAt: r.finished_at,
    onTime: r.on_time === null ? null : Boolean(r.on_time),
    updatedAt: r.updated_at,
  };
}
