/** The hotline's ticket services: intake, reads, moves, callbacks. Each takes the request context first. */
import type { Kernel } from '../../kernel/kernel.ts';
import { inTx } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { can, requireJurisdiction, requirePermission, type Ctx } from '../../kernel/context.ts';
import { AppError, forbidden, invalid, orThrow } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { requiredText } from '../../kernel/validators/fields.ts';
import { checkMobile, maskMobile, normalizeMobile } from '../../kernel/validators/mobile.ts';
import { checkUscc } from '../../kernel/validators/uscc.ts';
import { ancestorsOf, checkDivisionCode, subtreePrefix } from '../../kernel/reference/divisions.ts';
import { findDepartment } from '../registry/index.ts';
import { hotlinePermissions as P } from './permissions.ts';
import { hotlineEvents } from './events.ts';
import { activeTopicName, centerFor, findTicketByNumber, findTicketRow, type TicketRow } from './repository.ts';
import { requireSide, sideOf, ticketAbsent } from './access.ts';
import { nextTicketNumber } from './numbers.ts';
import { maskName, presentTicket } from './present.ts';
import { ticketLifecycle, type TicketAction } from './lifecycle.ts';
import { HOTLINE_LIMITS } from './limits.ts';
import { recordPastReply } from './past-replies.ts';
import {
  CHANNELS,
  REQUEST_TYPES,
  SATISFACTIONS,
  URGENCIES,
  type Channel,
  type RequestType,
  type Satisfaction,
  type Ticket,
  type Urgency,
} from './model.ts';
import type { HotlineCenterTable, HotlineTicketTable } from './tables.ts';

export interface TicketInput {
  channel?: Channel;
  requestType: RequestType;
  topicCode: string;
  content: string;
  region: string;
  address?: string | null;
  lat?: number | null;
  lng?: number | null;
  urgency?: Urgency;
  callerName?: string | null;
  callerPhone: string;
  confidential?: boolean;
  relatedUscc?: string | null;
  relatedCase?: string | null;
  relatedItem?: string | null;
  accusedDepartment?: string | null;
  /** Operators only: answer an inquiry at once (closed as answered) … */
  answer?: string | null;
  /** … or dispatch at once (to this department, or by the rules when empty). */
  dispatch?: { department?: string | null } | null;
}

function oneOf<T extends string>(field: string, v: string | undefined, list: readonly T[], dflt: T): T {
  if (v === undefined) return dflt;
  if (!list.includes(v as T)) throw invalid(field, 'VALUE_NOT_ALLOWED', `${field} 取值无效`, `${field} is not allowed`);
  return v as T;
}

/** Checks a ticket's fields; returns the row's columns that come from them. */
async function checkInput(k: Kernel, tx: Executor, input: TicketInput) {
  const requestType = oneOf('requestType', input.requestType, REQUEST_TYPES, 'inquiry');
  const topicName = await activeTopicName(tx, input.topicCode);
  if (topicName === undefined) throw invalid('topicCode', 'TOPIC_UNKNOWN', '没有该诉求分类', 'No such topic');
  orThrow(checkDivisionCode(input.region), 'region');
  orThrow(checkMobile(input.callerPhone ?? ''), 'callerPhone');
  if (input.relatedUscc) orThrow(checkUscc(input.relatedUscc), 'relatedUscc');
  if ((input.lat == null) !== (input.lng == null))
    throw invalid('lat', 'COORDINATES_INCOMPLETE', '经纬度须同时填写', 'Give both latitude and longitude');
  if (input.lat != null && (Math.abs(input.lat) > 90 || Math.abs(input.lng!) > 180))
    throw invalid('lat', 'COORDINATES_INVALID', '经纬度超出范围', 'Coordinates out of range');
  if (input.accusedDepartment) {
    if (requestType !== 'report')
      throw invalid(
        'accusedDepartment',
        'ACCUSED_ONLY_IN_REPORT',
        '只有举报可指明被举报部门',
        'Only a report names an accused department',
      );
    if (!(await findDepartment(k, input.accusedDepartment, tx)))
      throw invalid('accusedDepartment', 'DEPARTMENT_UNKNOWN', '没有该部门', 'No such department');
  }
  const center = await centerFor(tx, [input.region, ...ancestorsOf(input.region).map((d) => d.code)]);
  if (!center)
    throw invalid('region', 'NO_HOTLINE_CENTER', '该地区没有12345热线中心', 'No hotline center serves this region');
  return { requestType, center, topicName };
}

/**
 * A new ticket's row at `center`: registered, version 1, nothing handled yet, no caller or location unless `fields`
 * gives them — every intake (the console, the web form, Open311, transfers from other modules) starts from it.
 */
export function newTicketRow(
  ctx: Ctx,
  center: HotlineCenterTable,
  number: string,
  fields: Pick<HotlineTicketTable, 'channel' | 'request_type' | 'topic_code' | 'content' | 'region'> &
    Partial<HotlineTicketTable>,
): HotlineTicketTable {
  const at = ctx.now.toISOString();
  return {
    id: newId(ctx.now.getTime()),
    number,
    center_id: center.id,
    center_region: center.region,
    center_department: center.host_department,
    address: null,
    lat: null,
    lng: null,
    urgency: 'normal',
    caller_name_enc: null,
    caller_name_masked: null,
    caller_phone_enc: null,
    caller_phone_index: null,
    caller_phone_masked: null,
    caller_account: null,
    confidential: 0,
    related_uscc: null,
    related_case: null,
    related_item: null,
    accused_department: null,
    department_code: null,
    routed_rule_id: null,
    status: 'registered',
    version: 1,
    return_count: 0,
    reopen_count: 0,
    extension_days: 0,
    extension_request_days: 0,
    outcome: null,
    reply: null,
    replied_at: null,
    answer: null,
    merged_into: null,
    closed_at: null,
    created_by: ctx.principal.id,
    created_at: at,
    updated_at: at,
    ...fields,
  };
}

/**
 * Registers a ticket: by an operator (any channel) or by a citizen signed in (web/mobile; their account rates it
 * later). Caller name and phone are stored encrypted with masked copies; the phone also by blind index. Records
 * `create` with `hotline.ticket.created`, then — operators only, same transaction — answers or dispatches it.
 */
export async function createTicket(k: Kernel, ctx: Ctx, input: TicketInput, tx?: Executor): Promise<Ticket> {
  const operator = can(ctx, P.intake);
  if (!operator) requirePermission(ctx, P.submit);
  if (operator && ctx.principal.kind !== 'system') requireJurisdiction(ctx, input.region);
  const content = requiredText('content', input.content, 4000);
  return inTx(k, tx, async (t) => {
    const { requestType, center, topicName } = await checkInput(k, t, input);
    const phone = normalizeMobile(input.callerPhone)!;
    const name = input.callerName?.trim() || null;
    const row = newTicketRow(ctx, center, await nextTicketNumber(k.db, t, center, ctx.now), {
      channel: operator
        ? oneOf('channel', input.channel, CHANNELS, 'phone')
        : input.channel === 'mobile'
          ? 'mobile'
          : 'web',
      request_type: requestType,
      topic_code: input.topicCode,
      content,
      region: input.region,
      address: input.address?.trim() || null,
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      urgency: oneOf('urgency', input.urgency, URGENCIES, 'normal'),
      caller_name_enc: name ? k.cipher.encrypt(name) : null,
      caller_name_masked: name ? maskName(name) : null,
      caller_phone_enc: k.cipher.encrypt(phone),
      caller_phone_index: k.cipher.blindIndex('mobile', phone),
      caller_phone_masked: maskMobile(phone),
      caller_account: operator ? null : ctx.principal.id,
      confidential: input.confidential ? 1 : 0,
      related_uscc: input.relatedUscc || null,
      related_case: input.relatedCase?.trim() || null,
      related_item: input.relatedItem?.trim() || null,
      accused_department: input.accusedDepartment || null,
    });
    await t.insertInto('hotline_tickets').values(row).execute();
    await k.audit.record(t, ctx, {
      permission: operator ? P.intake : P.submit,
      action: 'create',
      subjectType: 'hotline.ticket',
      subjectId: row.id,
      after: ticketLifecycle.def.store.view(k, row),
      event: hotlineEvents.make('hotline.ticket.created', {
        id: row.id,
        number: row.number,
        region: row.region,
        type: row.request_type,
      }),
    });
    // Presented as saved: the new row with its center's and topic's names (no supervision yet), or as the move left it.
    let saved: TicketRow = { ...row, center_name: center.name, topic_name: topicName, supervision_level: 0 };
    if (operator && input.answer)
      ({ subject: saved } = await ticketLifecycle.transitionSubject(
        k,
        ctx,
        row.id,
        'answer',
        { version: 1, data: { answer: input.answer } },
        t,
      ));
    else if (operator && input.dispatch)
      ({ subject: saved } = await ticketLifecycle.transitionSubject(
        k,
        ctx,
        row.id,
        'dispatch',
        { version: 1, data: { department: input.dispatch.department ?? null } },
        t,
      ));
    return presentTicket(k, ctx, t, saved);
  });
}

/** A ticket for a citizen who filed it online, or for a side that reaches it; any other answers 404. */
async function visibleRow(k: Kernel, ctx: Ctx, db: Executor, id: string): Promise<HotlineTicketTable> {
  const row = await findTicketRow(db, id);
  if (!row) throw ticketAbsent(id);
  if (ctx.principal.kind === 'person') {
    if (row.caller_account !== ctx.principal.id) throw ticketAbsent(id);
    return row;
  }
  requirePermission(ctx, P.read);
  requireSide(ctx, row);
  return row;
}

/** One ticket; a merged one shows the reply of the ticket it was merged into (every caller gets the reply). */
export async function getTicket(k: Kernel, ctx: Ctx, id: string, tx?: Executor): Promise<Ticket> {
  const db = tx ?? k.db;
  const row = await visibleRow(k, ctx, db, id);
  const ticket = await presentTicket(k, ctx, db, row);
  if (row.merged_into) {
    const primary = await findTicketRow(db, row.merged_into);
    if (primary)
      Object.assign(ticket, { reply: primary.reply, outcome: primary.outcome, repliedAt: primary.replied_at });
  }
  return ticket;
}

export interface TicketFilter {
  status?: string[];
  /** `mine`: the caller's department's tickets (a department's queue). */
  queue?: 'mine' | 'all';
  limit: number;
  before?: string | null;
}

/** Tickets the caller reaches, newest first: a department its own; a center side its region's; a citizen theirs. */
export async function listTickets(k: Kernel, ctx: Ctx, f: TicketFilter): Promise<Ticket[]> {
  let q = k.db.selectFrom('hotline_tickets').selectAll().orderBy('id', 'desc').limit(f.limit);
  if (f.before) q = q.where('id', '<', f.before);
  if (f.status?.length) q = q.where('status', 'in', f.status);
  const p = ctx.principal;
  if (p.kind === 'person') q = q.where('caller_account', '=', p.id);
  else {
    requirePermission(ctx, P.read);
    if (p.kind !== 'system') {
      const centerSide =
        p.roles.some((r) => ['hotline_operator', 'supervisor', 'discipline_inspector', 'admin'].includes(r)) ||
        (p.department !== null &&
          (await k.db
            .selectFrom('hotline_centers')
            .select('id')
            .where('host_department', '=', p.department)
            .executeTakeFirst()) !== undefined);
      if (f.queue === 'mine' || !centerSide) q = q.where('department_code', '=', p.department ?? '-');
      else if (p.region) {
        // A ticket transferred in from another center's region is scoped by the receiving center's region.
        const like = subtreePrefix(p.region) + '%';
        q = q.where((eb) => eb.or([eb('region', 'like', like), eb('center_region', 'like', like)]));
      }
    }
  }
  const rows = (await q.execute()).filter((r) => p.kind === 'person' || sideOf(ctx, r) !== null);
  return Promise.all(rows.map((r) => presentTicket(k, ctx, k.db, r)));
}

/** Moves a ticket by one lifecycle action and returns it as the caller sees it. */
export async function moveTicket(
  k: Kernel,
  ctx: Ctx,
  id: string,
  action: TicketAction,
  input: { version: number; reason?: string | null; data?: Record<string, unknown> },
): Promise<Ticket> {
  return k.db.transaction().execute(async (t) => {
    // The ticket as saved (the row read for the move, with its patch): a second read would find the same.
    const { subject } = await ticketLifecycle.transitionSubject(k, ctx, id, action, input, t);
    return presentTicket(k, ctx, t, subject);
  });
}

/** Merges a duplicate into another ticket of the same center that is still open. */
export async function mergeTicket(k: Kernel, ctx: Ctx, id: string, input: { into: string; version: number }) {
  return k.db.transaction().execute(async (t) => {
    const into = await findTicketRow(t, input.into);
    const self = await findTicketRow(t, id);
    if (!into || !self || sideOf(ctx, into) !== 'center') throw ticketAbsent(input.into);
    if (into.id === id || into.center_id !== self.center_id || into.merged_into || into.closed_at)
      throw invalid(
        'into',
        'MERGE_TARGET_INVALID',
        '只能并入本中心未办结的其他工单',
        'Merge into another open ticket of the same center',
      );
    await ticketLifecycle.transition(k, ctx, id, 'merge', { version: input.version, data: { into: into.id } }, t);
    return presentTicket(k, ctx, t, (await findTicketRow(t, id))!);
  });
}

export interface CallbackInput {
  version: number;
  reached: boolean;
  satisfaction?: Satisfaction | null;
  note?: string | null;
}

/**
 * Records a callback (回访) to the ticket's caller and closes or reopens the ticket accordingly: not reached → closed
 * unconfirmed; satisfied or basically satisfied → closed resolved (outcome resolved) or closed explained; unsatisfied
 * → reopened, or escalated once the region's reopen limit is reached. A merged ticket's caller is called back too
 * (the callback is recorded on it; its status stays merged).
 */
export async function callBack(k: Kernel, ctx: Ctx, id: string, input: CallbackInput): Promise<Ticket> {
  requirePermission(ctx, P.intake);
  if (input.reached && !SATISFACTIONS.includes(input.satisfaction as Satisfaction))
    throw invalid('satisfaction', 'SATISFACTION_REQUIRED', '请选择满意度', 'Choose the satisfaction');
  return k.db.transaction().execute(async (t) => {
    const row = await findTicketRow(t, id);
    if (!row || sideOf(ctx, row) !== 'center') throw ticketAbsent(id);
    const note = input.note?.trim() || null;
    const satisfaction = input.reached ? (input.satisfaction as Satisfaction) : null;
    const primary = row.merged_into ? await findTicketRow(t, row.merged_into) : null;
    if (primary ? !primary.replied_at : row.status !== 'replied')
      throw ticketLifecycle.notAllowed(primary ? primary.status : row.status, 'close_resolved');
    await t
      .insertInto('hotline_callbacks')
      .values({
        id: newId(ctx.now.getTime()),
        ticket_id: id,
        reached: input.reached ? 1 : 0,
        satisfaction,
        note,
        by_account: ctx.principal.id,
        at: ctx.now.toISOString(),
      })
      .execute();
    if (primary) {
      await k.audit.record(t, ctx, {
        permission: P.intake,
        action: 'callback',
        subjectType: 'hotline.ticket',
        subjectId: id,
        reason: note,
        after: { reached: input.reached, satisfaction, via: primary.number },
      });
      return getTicket(k, ctx, id, t);
    }
    if (Number(row.version) !== input.version) {
      throw new AppError({
        code: 'VERSION_CONFLICT',
        status: 409,
        field: 'version',
        zh: '工单已被他人修改，请刷新',
        en: 'The ticket changed meanwhile: reload it',
      });
    }
    const action = callbackAction(k, row, input.reached, satisfaction);
    const reason = note ?? (action === 'reopen' || action === 'escalate' ? '回访不满意' : null);
    await ticketLifecycle.transition(k, ctx, id, action, { version: input.version, reason }, t);
    const closed = (await findTicketRow(t, id))!;
    // A satisfied caller's resolved ticket gives the knowledge base a past good reply (personal data stripped).
    if (action === 'close_resolved') await recordPastReply(k, ctx, t, closed, satisfaction);
    return presentTicket(k, ctx, t, closed);
  });
}

function callbackAction(k: Kernel, row: HotlineTicketTable, reached: boolean, s: Satisfaction | null): TicketAction {
  if (!reached) return 'close_unconfirmed';
  if (s === 'unsatisfied') {
    const limit = k.calendar.limitFor(row.region, HOTLINE_LIMITS.reopen_limit).value;
    return Number(row.reopen_count) < limit ? 'reopen' : 'escalate';
  }
  return row.outcome === 'resolved' ? 'close_resolved' : 'close_explained';
}

/** Public tracking by ticket number and the caller's phone (POST only); a wrong pair answers exactly as absent. */
export async function trackTicket(k: Kernel, number: string, phone: string) {
  const row = await findTicketByNumber(k.db, number);
  const p = normalizeMobile(phone);
  if (!row || !p || row.caller_phone_index !== k.cipher.blindIndex('mobile', p)) throw ticketAbsent(number);
  const primary = row.merged_into ? await findTicketRow(k.db, row.merged_into) : null;
  const src = primary ?? row;
  const topic = row.topic_name;
  return {
    number: row.number,
    requestType: row.request_type as RequestType,
    topic: topic ?? row.topic_code,
    status: row.status as Ticket['status'],
    createdAt: row.created_at,
    closedAt: row.closed_at,
    outcome: src.outcome as Ticket['outcome'],
    reply: src.reply ?? row.answer,
    repliedAt: src.replied_at,
  };
}

/** 403 unless the caller acts for the center that owns the ticket. */
export function requireCenter(ctx: Ctx, row: HotlineTicketTable): void {
  // A ticket the caller may not see at all answers as an absent one (a 403 would confirm it exists); the department
  // side, which reads it, is told it may not supervise.
  if (requireSide(ctx, row) !== 'center') throw forbidden(P.decide);
}

/**
 * The caller's full name and phone for the center's operators (to call them back), read by POST with a reason and
 * logged as an action row `reveal_caller` on the ticket (who, when, why: on its timeline and the audit chain). The
 * handling department never gets them this way (403; a confidential ticket hides even the masked caller from it).
 */
export async function revealCaller(
  k: Kernel,
  ctx: Ctx,
  id: string,
  reason: string,
): Promise<{ name: string | null; phone: string | null }> {
  requirePermission(ctx, P.intake);
  const why = requiredText('reason', reason, 200);
  return k.db.transaction().execute(async (t) => {
    const row = await findTicketRow(t, id);
    if (!row) throw ticketAbsent(id);
    if (requireSide(ctx, row) !== 'center') throw forbidden(P.intake);
    await k.audit.record(t, ctx, {
      permission: P.intake,
      action: 'reveal_caller',
      subjectType: 'hotline.ticket',
      subjectId: id,
      reason: why,
      after: { fields: ['name', 'phone'].filter((f) => (f === 'name' ? row.caller_name_enc : row.caller_phone_enc)) },
    });
    return {
      name: row.caller_name_enc ? k.cipher.decrypt(row.caller_name_enc) : null,
      phone: row.caller_phone_enc ? k.cipher.decrypt(row.caller_phone_enc) : null,
    };
  });
}
