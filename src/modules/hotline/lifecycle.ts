/**
 * A ticket's lifecycle as data (src/modules/hotline/lifecycles.md draws it): registered → dispatched → (returned →
 * re-dispatched or arbitrated) → accepted → (extension requested → approved / refused) → replied → callback: closed
 * resolved / closed explained / closed unconfirmed, or reopened (dispatched again) after an unsatisfied callback, up
 * to the region's limit, then escalated to the center, which arbitrates again or closes it as unresolved. An inquiry
 * may be answered on the spot (answered); a duplicate is merged into another ticket. The status is the projection of
 * these action rows (`onewindow audit verify` replays them).
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { AppError, invalid, forbidden } from '../../kernel/errors.ts';
import { versionedStatusRows } from '../../kernel/db/versioned.ts';
import { defineLifecycle, type Step } from '../../kernel/lifecycle.ts';
import { hotlinePermissions as P } from './permissions.ts';
import { findTicketRow } from './repository.ts';
import { requireSide, ticketAbsent } from './access.ts';
import { OUTCOMES, TICKET_STATUSES, STATUS_LABELS, type Outcome } from './model.ts';
import { checkChosenDepartment, routeTicket } from './routing.ts';
import { extendHandling, returnWindowEnd, trackCallback, trackDispatch } from './deadlines.ts';
import { newId } from '../../kernel/ids.ts';
import type { HotlineTicketTable } from './tables.ts';
import { transferTo } from './transfers.ts';

type Patch = Partial<HotlineTicketTable>;
type S = Step<HotlineTicketTable>;

export interface TicketCore {
  id: string;
  number: string;
  status: string;
  version: number;
  department: string | null;
  outcome: string | null;
  routedRuleId: string | null;
}

const text = (s: S, field: string, max: number): string => {
  const v = s.data[field];
  if (typeof v !== 'string' || !v.trim())
    throw invalid(field, 'FIELD_REQUIRED', `请填写${field === 'reply' ? '答复内容' : '内容'}`, `${field} is required`);
  return v.trim().slice(0, max);
};

/** Sends the ticket to a department: the one given (checked), else the one the center's rules pick. */
async function dispatchTo(s: S, chosen: unknown): Promise<Patch> {
  const t = s.subject;
  let route;
  if (typeof chosen === 'string' && chosen) {
    await checkChosenDepartment(s.k, s.tx, t, chosen);
    route = { departmentCode: chosen, ruleId: null, explanation: `人工指定 ${chosen}` };
  } else {
    route = await routeTicket(s.k, s.tx, t);
    if (!route)
      throw invalid(
        'department',
        'NO_ROUTING_RULE',
        '没有匹配的派单规则，请指定承办部门',
        'No routing rule matches: choose a department',
      );
  }
  await s.tx
    .insertInto('hotline_dispatches')
    .values({
      id: newId(s.ctx.now.getTime()),
      ticket_id: t.id,
      department_code: route.departmentCode,
      rule_id: route.ruleId,
      explanation: route.explanation,
      dispatched_by: s.ctx.principal.id,
      at: s.ctx.now.toISOString(),
    })
    .execute();
  const patch = { department_code: route.departmentCode, routed_rule_id: route.ruleId };
  await trackDispatch(s.k, s.tx, s.ctx.now, { ...t, ...patch });
  return patch;
}

const closed = (s: S): Patch => ({ closed_at: s.ctx.now.toISOString() });

function requireOutcome(s: S, resolved: boolean) {
  if ((s.subject.outcome === 'resolved') !== resolved)
    throw new AppError({
      code: 'OUTCOME_MISMATCH',
      status: 409,
      field: 'outcome',
      zh: '办结方式与答复结果不符',
      en: 'The closure does not match the reply outcome',
    });
}

export const ticketLifecycle = defineLifecycle({
  subjectType: 'hotline.ticket',
  states: TICKET_STATUSES,
  created: { create: 'registered' },
  stateLabels: STATUS_LABELS,
  actions: {
    dispatch: {
      from: ['registered', 'returned'],
      to: 'dispatched',
      permission: P.intake,
      label: { zh: '派单', en: 'Dispatch' },
      event: 'hotline.ticket.dispatched',
      effect: (s: S) => dispatchTo(s, s.data.department),
    },
    arbitrate: {
      from: ['returned', 'escalated'],
      to: 'dispatched',
      permission: P.decide,
      needsReason: true,
      label: { zh: '仲裁派单', en: 'Arbitrate' },
      event: 'hotline.ticket.dispatched',
      effect: (s: S) => dispatchTo(s, s.data.department ?? s.subject.department_code),
    },
    return: {
      from: ['dispatched'],
      to: 'returned',
      permission: P.handle,
      needsReason: true,
      label: { zh: '退单', en: 'Return' },
      event: 'hotline.ticket.returned',
      async guard(s: S) {
        const end = await returnWindowEnd(s.k, s.tx, s.subject.id);
        if (end && s.ctx.now.getTime() > new Date(end).getTime())
          throw new AppError({
            code: 'RETURN_WINDOW_PASSED',
            status: 409,
            field: 'status',
            zh: '已超过退单时限，请办理或申请仲裁',
            en: 'The return window has passed',
            details: { until: end },
          });
      },
      effect: (s: S): Patch => ({ return_count: Number(s.subject.return_count) + 1, department_code: null }),
    },
    accept: {
      from: ['dispatched'],
      to: 'accepted',
      permission: P.handle,
      label: { zh: '签收', en: 'Accept' },
      event: 'hotline.ticket.accepted',
    },
    request_extension: {
      from: ['accepted'],
      to: 'extension_requested',
      permission: P.handle,
      needsReason: true,
      label: { zh: '申请延期', en: 'Request extension' },
      event: 'hotline.ticket.extension_requested',
      effect(s: S): Patch {
        const days = s.data.days;
        if (!Number.isInteger(days) || (days as number) < 1 || (days as number) > 30)
          throw invalid('days', 'EXTENSION_DAYS_INVALID', '延期天数须为 1–30 个工作日', 'Extension: 1–30 working days');
        return { extension_request_days: days as number };
      },
    },
    approve_extension: {
      from: ['extension_requested'],
      to: 'accepted',
      permission: P.decide,
      label: { zh: '同意延期', en: 'Approve extension' },
      event: 'hotline.ticket.extension_decided',
      async effect(s: S): Promise<Patch> {
        const extra = Number(s.subject.extension_request_days);
        await extendHandling(s.k, s.tx, s.ctx.now, s.subject, extra);
        return { extension_days: Number(s.subject.extension_days) + extra, extension_request_days: 0 };
      },
    },
    refuse_extension: {
      from: ['extension_requested'],
      to: 'accepted',
      permission: P.decide,
      needsReason: true,
      label: { zh: '不同意延期', en: 'Refuse extension' },
      event: 'hotline.ticket.extension_decided',
      effect: (): Patch => ({ extension_request_days: 0 }),
    },
    reply: {
      from: ['accepted'],
      to: 'replied',
      permission: P.handle,
      label: { zh: '答复', en: 'Reply' },
      event: 'hotline.ticket.replied',
      async effect(s: S): Promise<Patch> {
        const outcome = s.data.outcome;
        if (!OUTCOMES.includes(outcome as Outcome))
          throw invalid('outcome', 'OUTCOME_INVALID', '请选择答复结果', 'Choose an outcome');
        const patch = {
          outcome: outcome as string,
          reply: text(s, 'reply', 4000),
          replied_at: s.ctx.now.toISOString(),
        };
        await trackCallback(s.k, s.tx, s.ctx.now, s.subject);
        return patch;
      },
    },
    answer: {
      from: ['registered'],
      to: 'answered',
      permission: P.intake,
      label: { zh: '当场解答', en: 'Answer on the spot' },
      event: 'hotline.ticket.closed',
      guard(s: S) {
        if (s.subject.request_type !== 'inquiry')
          throw invalid(
            'requestType',
            'ONLY_INQUIRY_ANSWERED',
            '只有咨询可当场解答办结',
            'Only inquiries are answered on the spot',
          );
      },
      effect: (s: S): Patch => ({ answer: text(s, 'answer', 4000), ...closed(s) }),
    },
    close_resolved: {
      from: ['replied'],
      to: 'closed_resolved',
      permission: P.intake,
      label: { zh: '回访满意办结（已解决）', en: 'Close as resolved' },
      event: 'hotline.ticket.closed',
      guard: (s: S) => requireOutcome(s, true),
      effect: closed,
    },
    close_explained: {
      from: ['replied'],
      to: 'closed_explained',
      permission: P.intake,
      label: { zh: '回访认可办结（解释说明）', en: 'Close as explained' },
      event: 'hotline.ticket.closed',
      guard: (s: S) => requireOutcome(s, false),
      effect: closed,
    },
    close_unconfirmed: {
      from: ['replied'],
      to: 'closed_unconfirmed',
      permission: P.intake,
      label: { zh: '回访未联系上办结', en: 'Close unconfirmed' },
      event: 'hotline.ticket.closed',
      effect: closed,
    },
    reopen: {
      from: ['replied'],
      to: 'dispatched',
      permission: P.intake,
      needsReason: true,
      label: { zh: '不满意重办', en: 'Reopen' },
      event: 'hotline.ticket.reopened',
      async effect(s: S): Promise<Patch> {
        const patch = {
          reopen_count: Number(s.subject.reopen_count) + 1,
          outcome: null,
          reply: null,
          replied_at: null,
        };
        await trackDispatch(s.k, s.tx, s.ctx.now, { ...s.subject, ...patch });
        return patch;
      },
    },
    escalate: {
      from: ['replied'],
      to: 'escalated',
      permission: P.intake,
      needsReason: true,
      label: { zh: '多次不满意升级', en: 'Escalate' },
      event: 'hotline.ticket.escalated',
    },
    close_unresolved: {
      from: ['escalated'],
      to: 'closed_unresolved',
      permission: P.decide,
      needsReason: true,
      label: { zh: '未解决办结', en: 'Close unresolved' },
      event: 'hotline.ticket.closed',
      effect: closed,
    },
    transfer: {
      from: ['registered', 'returned', 'escalated'],
      to: 'registered',
      permission: P.intake,
      needsReason: true,
      label: { zh: '转办其他热线中心', en: 'Transfer to another center' },
      event: 'hotline.ticket.transferred',
      effect: (s: S) => transferTo(s, s.data.center),
    },
    merge: {
      from: ['registered', 'dispatched', 'returned'],
      to: 'merged',
      permission: P.intake,
      label: { zh: '并单', en: 'Merge' },
      event: 'hotline.ticket.merged',
      effect: (s: S): Patch => ({ merged_into: String(s.data.into), ...closed(s) }),
    },
  },
  store: {
    load: async (_k: Kernel, tx, id) => {
      const row = await findTicketRow(tx, id);
      if (!row) throw ticketAbsent(id);
      return row;
    },
    // Outside every side answers as absent; the wrong side (a department arbitrating) is refused.
    authorize: async (_k, ctx, _tx, row, permission) => {
      const side = requireSide(ctx, row);
      if (ctx.principal.kind === 'system') return;
      const supervisorOnReport =
        ctx.principal.roles.includes('supervisor') && (row.department_code ?? '').endsWith('-ZFDC');
      const ok = permission === P.handle ? side === 'department' || supervisorOnReport : side === 'center';
      if (!ok) throw forbidden(permission);
    },
    ...versionedStatusRows<'hotline_tickets', HotlineTicketTable>('hotline_tickets'),
    view: (_k: Kernel, r: HotlineTicketTable): TicketCore => ({
      id: r.id,
      number: r.number,
      status: r.status,
      version: Number(r.version),
      department: r.department_code,
      outcome: r.outcome,
      routedRuleId: r.routed_rule_id,
    }),
    // A dispatch names the routing rule that chose the department.
    ruleVersion: (_before, after) => (after.status === 'dispatched' ? after.routedRuleId : null),
    eventPayload: (_action, row, after) => ({
      id: row.id,
      number: row.number,
      region: row.region,
      department: after.department,
      version: after.version,
      status: after.status,
    }),
  },
});

export type TicketAction = keyof typeof ticketLifecycle.def.actions;
