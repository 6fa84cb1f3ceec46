/**
 * The hotline and the cases it hears about. An applicant's complaint about their case (`cases.complaint.filed`)
 * becomes a complaint ticket dispatched to the case's department, and the case records the ticket's number; when a
 * ticket about a case — from such a complaint, a 办不成事 report or a 差评 — is replied, the case records the reply.
 * Both go through the cases module's service (`recordHotlineUpdate`), in the subscriber's transaction.
 */
import { systemCtx } from '../../kernel/context.ts';
import type { Subscriber } from '../../kernel/subscribers.ts';
import { complaintOf, getCase, recordHotlineUpdate } from '../cases/index.ts';
import { transferIn } from './features.ts';
import { findTicketRow } from './repository.ts';
import { OUTCOME_LABELS, type Outcome } from './model.ts';

const SOURCE = 'cases.complaint';

export const hotlineCaseComplaintIntake: Subscriber = {
  name: 'hotline.case_complaint_intake',
  events: ['cases.complaint.filed'],
  async handle(k, event, tx) {
    const e = event.payload as { caseId: string; number: string; region: string; department: string; n: number };
    const complaint = await complaintOf(tx, e.caseId, e.n);
    if (!complaint) return;
    const c = await getCase(k, systemCtx(k.clock.now()), e.caseId, tx).catch(() => null);
    const ticketId = await transferIn(k, tx, {
      sourceType: SOURCE,
      sourceId: `${e.caseId}#${e.n}`,
      requestType: 'complaint',
      topicCode: 'services.handling',
      content:
        `办件投诉：办件编号 ${e.number}${c ? `，事项“${c.item.name}”，${c.department.name}办理` : ''}。` +
        `申请人反映：${complaint.content}`,
      region: e.region,
      relatedCase: e.number,
      relatedItem: c?.item.name ?? null,
      department: e.department,
    });
    const ticket = ticketId ? await findTicketRow(tx, ticketId) : undefined;
    await recordHotlineUpdate(k, tx, e.number, {
      complaint: e.n,
      text: ticket
        ? `已转12345热线办理，工单编号 ${ticket.number}`
        : '本地区暂无12345热线中心，投诉未能转办，请拨打12345',
    });
  },
};

export const hotlineCaseReply: Subscriber = {
  name: 'hotline.case_reply',
  events: ['hotline.ticket.replied'],
  async handle(k, event, tx) {
    const row = await findTicketRow(tx, (event.payload as { id: string }).id);
    if (!row?.related_case || !row.reply) return;
    const from = await tx
      .selectFrom('hotline_transfer_ins')
      .select('source_id')
      .where('ticket_id', '=', row.id)
      .where('source_type', '=', SOURCE)
      .executeTakeFirst();
    const n = from ? Number(from.source_id.split('#').pop()) : null;
    const outcome = row.outcome ? OUTCOME_LABELS[row.outcome as Outcome].zh : '已答复';
    await recordHotlineUpdate(k, tx, row.related_case, {
      complaint: n,
      text: `工单 ${row.number} 答复（${outcome}）：${row.reply}`.slice(0, 1000),
    });
  },
};
