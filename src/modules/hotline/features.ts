/**
 * The hotline's timeline, transfers in from other modules (a 差评 of the ratings module, or any module through
 * `transferIn`) and 办不成事 reports (docs/hotline.md "Transfers" and "办不成事").
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { inTx } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { requirePermission, systemCtx, type Ctx } from '../../kernel/context.ts';
import { actionsOf } from '../../kernel/audit.ts';
import { accountNames } from '../../kernel/auth/accounts.ts';
import { AppError, invalid } from '../../kernel/errors.ts';
import { ancestorsOf } from '../../kernel/reference/divisions.ts';
import type { Subscriber } from '../../kernel/subscribers.ts';
import { findDepartment, listDepartments } from '../registry/index.ts';
import { getCase } from '../cases/index.ts';
import { getImplementation } from '../catalog/index.ts';
import { isPoor } from '../ratings/index.ts';
import { hotlinePermissions as P } from './permissions.ts';
import { hotlineEvents } from './events.ts';
import { centerFor, findTicketRow } from './repository.ts';
import { nextTicketNumber } from './numbers.ts';
import { presentTicket } from './present.ts';
import { ticketLifecycle } from './lifecycle.ts';
import { createTicket, getTicket, newTicketRow } from './service.ts';
import type { RequestType, Ticket } from './model.ts';

export const SUBJECT = 'hotline.ticket';

const OTHER_LABELS: Record<string, { zh: string; en: string }> = {
  create: { zh: '登记', en: 'Registered' },
  callback: { zh: '回访', en: 'Callback' },
  attach: { zh: '上传附件', en: 'File attached' },
  reveal_caller: { zh: '查看来电人完整信息', en: 'Caller’s full details read' },
  supervise: { zh: '督办', en: 'Supervision order' },
  deadline_yellow: { zh: '临期黄灯', en: 'Deadline near (yellow)' },
  deadline_red: { zh: '逾期红灯', en: 'Overdue (red)' },
};

export interface TimelineEntry {
  at: string;
  action: string;
  label: { zh: string; en: string };
  actor: string;
  reason: string | null;
  /** For a transfer: the sending and receiving centers' names. */
  transfer: { from: string; to: string } | null;
}

/** Who did what on a ticket, oldest first, from the action log; transfers name their two centers. */
export async function ticketTimeline(k: Kernel, ctx: Ctx, id: string): Promise<TimelineEntry[]> {
  requirePermission(ctx, P.read);
  await getTicket(k, ctx, id); // 404 for a ticket the caller does not reach
  const actions = await actionsOf(k.db, SUBJECT, id);
  const names = await accountNames(
    k.db,
    actions.map((a) => a.actorId),
  );
  const transfers = await k.db
    .selectFrom('hotline_transfers as t')
    .innerJoin('hotline_centers as f', 'f.id', 't.from_center')
    .innerJoin('hotline_centers as c', 'c.id', 't.to_center')
    .select(['f.name as fromName', 'c.name as toName'])
    .where('t.ticket_id', '=', id)
    .orderBy('t.id')
    .execute();
  const labels = ticketLifecycle.def.actions as Record<string, { label: { zh: string; en: string } }>;
  let nth = 0;
  return actions.map((a) => {
    const tr = a.action === 'transfer' ? transfers[nth++] : undefined;
    return {
      at: a.at,
      action: a.action,
      label: OTHER_LABELS[a.action] ?? labels[a.action]?.label ?? { zh: a.action, en: a.action },
      actor:
        names.get(a.actorId) ?? (a.actorId === 'system' ? '系统' : a.actorId.startsWith('api-key:') ? 'Open311' : '—'),
      reason: a.reason,
      transfer: tr ? { from: tr.fromName, to: tr.toName } : null,
    };
  });
}

export interface TransferInInput {
  /** The other module's subject type and id (`ratings.rating`, `cases.case`, …): one ticket per source. */
  sourceType: string;
  sourceId: string;
  requestType: RequestType;
  topicCode: string;
  content: string;
  /** The location (6-digit division): the ticket goes to the center serving it. */
  region: string;
  relatedCase?: string | null;
  relatedItem?: string | null;
  /** Dispatch at once to this department (the rated or handling one); else the ticket waits registered. */
  department?: string | null;
}

/**
 * Registers a ticket transferred in from another module (channel `transfer`), without a caller: the other module
 * keeps the person (a rater's identity never leaves the ratings module). Idempotent per source; answers the ticket
 * id, or null when no hotline center serves the region. Runs in the caller's transaction (a subscriber's).
 */
export async function transferIn(k: Kernel, tx: Executor, input: TransferInInput): Promise<string | null> {
  const had = await tx
    .selectFrom('hotline_transfer_ins')
    .select('ticket_id')
    .where('source_type', '=', input.sourceType)
    .where('source_id', '=', input.sourceId)
    .executeTakeFirst();
  if (had) return had.ticket_id;
  const center = await centerFor(tx, [input.region, ...ancestorsOf(input.region).map((d) => d.code)]);
  if (!center) return null;
  const ctx = systemCtx(k.clock.now());
  const at = ctx.now.toISOString();
  const row = newTicketRow(ctx, center, await nextTicketNumber(k.db, tx, center, ctx.now), {
    channel: 'transfer',
    request_type: input.requestType,
    topic_code: input.topicCode,
    content: input.content.slice(0, 4000),
    region: input.region,
    related_case: input.relatedCase ?? null,
    related_item: input.relatedItem ?? null,
  });
  await tx.insertInto('hotline_tickets').values(row).execute();
  await tx
    .insertInto('hotline_transfer_ins')
    .values({ source_type: input.sourceType, source_id: input.sourceId, ticket_id: row.id, at })
    .execute();
  await k.audit.record(tx, ctx, {
    permission: P.intake,
    action: 'create',
    subjectType: SUBJECT,
    subjectId: row.id,
    reason: `转办自 ${input.sourceType}`,
    after: ticketLifecycle.def.store.view(k, row),
    event: hotlineEvents.make('hotline.ticket.created', {
      id: row.id,
      number: row.number,
      region: row.region,
      type: row.request_type,
    }),
  });
  if (input.department && (await findDepartment(k, input.department, tx)))
    await ticketLifecycle.transition(
      k,
      ctx,
      row.id,
      'dispatch',
      { version: 1, data: { department: input.department } },
      tx,
    );
  return row.id;
}

/**
 * A 差评 (score ≤ 2, the ratings module's rule) of another module's service becomes a complaint ticket dispatched to
 * the rated department. A rating of a hotline ticket itself is left to the ratings module's rectification (a ticket
 * about a ticket would loop). The event names no rater, and neither does the ticket.
 */
export const hotlineBadRatingIntake: Subscriber = {
  name: 'hotline.bad_rating_intake',
  events: ['ratings.rating.submitted'],
  async handle(k, event, tx) {
    const r = event.payload as {
      id: string;
      subjectType: string;
      subjectId: string;
      region: string;
      department: string;
      itemId: string;
      score: number;
    };
    if (!isPoor(r.score) || r.subjectType === SUBJECT) return;
    const dept = await findDepartment(k, r.department, tx);
    let caseNumber: string | null = null;
    let itemName: string | null = null;
    if (r.subjectType === 'cases.case') {
      const c = await getCase(k, systemCtx(k.clock.now()), r.subjectId, tx).catch(() => null);
      caseNumber = c?.number ?? null;
      itemName = c?.item.name ?? null;
    }
    const what = itemName ? `“${itemName}”` : '政务服务';
    await transferIn(k, tx, {
      sourceType: 'ratings.rating',
      sourceId: r.id,
      requestType: 'complaint',
      topicCode: 'services.handling',
      content:
        `好差评转办：办事人对${dept?.name ?? r.department}办理的${what}评价为${r.score}星（差评）` +
        `${caseNumber ? `，办件编号 ${caseNumber}` : ''}。请核实办理情况并答复。`,
      region: r.region,
      relatedCase: caseNumber,
      relatedItem: itemName,
      department: dept ? r.department : null,
    });
  },
};

export interface CannotGetDoneInput {
  content: string;
  region: string;
  callerName?: string | null;
  callerPhone: string;
  confidential?: boolean;
  /** The case it is about (its id) … */
  caseId?: string | null;
  /** … or the catalog implementation (办事事项) it is about. */
  implementationId?: string | null;
}

export interface CannotGetDoneTarget {
  /** Where the report goes: the government service department (ZWFW) that runs the service center of the region. */
  department: string;
  /** The department the case or item is with, named in the ticket's related item. */
  concernedDepartment: string;
  relatedCase: string | null;
  relatedItem: string;
}

/**
 * The service center's department for a report about `concerned`: the government service department (kind ZWFW, which
 * runs the center and its 办不成事窗口) of the concerned department's region, else of the nearest region above it;
 * the concerned department itself when no region up to the province has one.
 */
async function serviceCenterDepartment(k: Kernel, concerned: string): Promise<string> {
  const d = await findDepartment(k, concerned);
  if (!d) return concerned;
  for (const region of [d.region, ...ancestorsOf(d.region).map((a) => a.code)]) {
    const [zwfw] = await listDepartments(k, { region, kind: 'ZWFW', limit: 1 });
    if (zwfw) return zwfw.code;
  }
  return concerned;
}

/**
 * What a 办不成事 report is about, through the cases and catalog services (read before the report's transaction):
 * the case number, the item's name and its department, and the service center's department it goes to.
 */
export async function cannotGetDoneTarget(
  k: Kernel,
  ctx: Ctx,
  input: CannotGetDoneInput,
): Promise<CannotGetDoneTarget> {
  requirePermission(ctx, P.intake);
  if (!input.caseId === !input.implementationId)
    throw invalid(
      'caseId',
      'CASE_OR_ITEM_REQUIRED',
      '请填写办件或选择办事事项（二选一）',
      'Give either the case or the service item',
    );
  const sys = systemCtx(ctx.now);
  const absent = (field: string, code: string, zh: string, en: string) => (e: unknown) => {
    if (e instanceof AppError && e.status === 404) throw invalid(field, code, zh, en);
    throw e;
  };
  const about = input.caseId
    ? await getCase(k, sys, input.caseId)
        .catch(absent('caseId', 'CASE_UNKNOWN', '没有该办件', 'No such case'))
        .then((c) => ({ department: c.department, relatedCase: c.number as string | null, item: c.item.name }))
    : await getImplementation(k, sys, input.implementationId!)
        .catch(absent('implementationId', 'ITEM_UNKNOWN', '没有该办事事项', 'No such service item'))
        .then((i) => ({ department: i.department, relatedCase: null, item: i.item.name }));
  return {
    department: await serviceCenterDepartment(k, about.department.code),
    concernedDepartment: about.department.code,
    relatedCase: about.relatedCase,
    relatedItem: `${about.item}（${about.department.name}）`,
  };
}

/**
 * A 办不成事 report (反映“办不成事”): a complaint about a case or a catalog item that could not be got done, flagged,
 * with the case number or the item (and its department) recorded, dispatched at once to the service center's
 * department of that department's region, under the shorter 办不成事 limit (limits.ts).
 */
export async function reportCannotGetDone(
  k: Kernel,
  ctx: Ctx,
  input: CannotGetDoneInput,
  target: CannotGetDoneTarget,
  tx?: Executor,
): Promise<Ticket> {
  return inTx(k, tx, async (t) => {
    const ticket = await createTicket(
      k,
      ctx,
      {
        channel: 'phone',
        requestType: 'complaint',
        topicCode: 'services.handling',
        content: input.content,
        region: input.region,
        callerName: input.callerName,
        callerPhone: input.callerPhone,
        confidential: input.confidential,
        relatedCase: target.relatedCase,
        relatedItem: target.relatedItem.slice(0, 200),
      },
      t,
    );
    await t.updateTable('hotline_tickets').set({ cannot_get_done: 1 }).where('id', '=', ticket.id).execute();
    await ticketLifecycle.transition(
      k,
      ctx,
      ticket.id,
      'dispatch',
      { version: 1, data: { department: target.department } },
      t,
    );
    return presentTicket(k, ctx, t, (await findTicketRow(t, ticket.id))!);
  });
}
