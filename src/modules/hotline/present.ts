/** A ticket as a caller sees it: confidential callers hidden from the handling department; never the plain phone. */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import type { Ctx } from '../../kernel/context.ts';
import { sideOf } from './access.ts';
import { deadlinesOf } from './deadlines.ts';
import { findCenterName, findTopicName, supervisionLevelOf, type TicketRow } from './repository.ts';
import type { Channel, Outcome, RequestType, Ticket, TicketStatus, Urgency } from './model.ts';

export async function presentTicket(k: Kernel, ctx: Ctx, db: Executor, r: TicketRow): Promise<Ticket> {
  // Read by id or number, the row carries the names and the supervision level (repository.ts); a list's rows do not.
  const center = r.center_name != null ? { name: r.center_name } : await findCenterName(db, r.center_id);
  const topicName = r.topic_name != null ? r.topic_name : await findTopicName(db, r.topic_code);
  const hidden = Number(r.confidential) === 1 && sideOf(ctx, r) !== 'center';
  return {
    id: r.id,
    number: r.number,
    center: { id: r.center_id, name: center?.name ?? r.center_id },
    channel: r.channel as Channel,
    requestType: r.request_type as RequestType,
    topic: { code: r.topic_code, name: topicName ?? r.topic_code },
    content: r.content,
    location: {
      region: r.region,
      address: r.address,
      lat: r.lat === null ? null : Number(r.lat),
      lng: r.lng === null ? null : Number(r.lng),
    },
    urgency: r.urgency as Urgency,
    caller: {
      nameMasked: hidden ? null : r.caller_name_masked,
      phoneMasked: hidden ? null : r.caller_phone_masked,
      hidden,
    },
    confidential: Number(r.confidential) === 1,
    related: { uscc: r.related_uscc, caseNumber: r.related_case, item: r.related_item },
    cannotGetDone: Number(r.cannot_get_done ?? 0) === 1,
    accusedDepartment: r.accused_department,
    department: r.department_code,
    routedRuleId: r.routed_rule_id,
    status: r.status as TicketStatus,
    version: Number(r.version),
    returnCount: Number(r.return_count),
    repeatedReturns: Number(r.return_count) >= 2,
    reopenCount: Number(r.reopen_count),
    extensionDays: Number(r.extension_days),
    extensionRequestDays: Number(r.extension_request_days),
    outcome: r.outcome as Outcome | null,
    reply: r.reply,
    repliedAt: r.replied_at,
    answer: r.answer,
    mergedInto: r.merged_into,
    supervisionLevel: 'supervision_level' in r ? Number(r.supervision_level ?? 0) : await supervisionLevelOf(db, r.id),
    deadlines: await deadlinesOf(k, db, ctx.now, r),
    createdAt: r.created_at,
    closedAt: r.closed_at,
  };
}

/** A masked name: the family name and one star per further character (张三丰 → 张**). */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
}
