/**
 * Lights and supervision orders (督办). Tracking a deadline schedules `hotline.deadline_lights` for the moment its
 * light next changes; the job records each yellow or red light once (`hotline_lights`) with the system's action
 * `deadline_yellow` / `deadline_red` and its event. A red handling or response deadline also issues a supervision
 * order of level 1 (催办); while the ticket stays unreplied, every `hotline.supervision_step_days` working days the
 * order escalates (2 督办, 3 挂牌督办), each a row in `hotline_supervision_orders` and an action `supervise` on the
 * ticket. The center's lead may also issue one by hand (`issueSupervisionOrder`).
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { systemCtx, type Ctx } from '../../kernel/context.ts';
import { enqueueJob, type JobHandler } from '../../kernel/jobs.ts';
import { newId } from '../../kernel/ids.ts';
import { hotlineEvents } from './events.ts';
import { hotlinePermissions } from './permissions.ts';
import { HOTLINE_LIMITS } from './limits.ts';
import { findTicketRow, supervisionLevelOf } from './repository.ts';
import { ACTIVE, LIGHTS_JOB, SUBJECT_TYPE, lightOf, scheduleLightCheck, type Purpose } from './deadlines.ts';
import type { TicketStatus } from './model.ts';
import type { HotlineTicketTable } from './tables.ts';

export const ESCALATION_JOB = 'hotline.supervision_escalation';
export const MAX_LEVEL = 3;
const LEVEL_ZH = ['', '催办', '督办', '挂牌督办'];
const PURPOSES: Purpose[] = ['response', 'handling', 'callback'];

/** Raises the ticket's due lights (each once), issues the first supervision order on a red one; returns the lights. */
export async function raiseLights(k: Kernel, ticketId: string, now: Date, tx?: Executor) {
  const run = async (t: Executor) => {
    const row = await findTicketRow(t, ticketId);
    const raised: Array<{ purpose: string; light: 'yellow' | 'red' }> = [];
    if (!row) return raised;
    for (const purpose of PURPOSES) {
      if (!ACTIVE[purpose].includes(row.status as TicketStatus)) continue;
      const d = await k.calendar.getTracked(t, { type: SUBJECT_TYPE, id: ticketId, purpose });
      if (!d?.dueAt) continue;
      const light = lightOf(k, now, d.dueAt, row.region);
      if (light === 'yellow' || light === 'red') {
        const r = await t
          .insertInto('hotline_lights')
          .values({ ticket_id: ticketId, purpose, due_at: d.dueAt, light })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        if (Number(r.numInsertedOrUpdatedRows ?? 0) > 0) {
          await k.audit.record(t, systemCtx(now), {
            action: `deadline_${light}`,
            subjectType: SUBJECT_TYPE,
            subjectId: ticketId,
            reason: `${purpose} ${light === 'red' ? '已逾期' : '临近期限'}：${d.dueAt}`,
            after: { purpose, light, dueAt: d.dueAt },
            event: hotlineEvents.make(`hotline.ticket.deadline_${light}`, { id: ticketId, purpose, due: d.dueAt }),
          });
          raised.push({ purpose, light });
          if (light === 'red' && purpose !== 'callback' && (await supervisionLevelOf(t, ticketId)) === 0)
            await issueOrder(k, t, systemCtx(now), row, 1, `逾期自动督办（${purpose}）`);
        }
      }
      await scheduleLightCheck(k, t, now, ticketId, row.region, d.dueAt);
    }
    return raised;
  };
  return tx ? run(tx) : k.db.transaction().execute(run);
}

/** Writes a supervision order of `level` (once per level) and schedules its escalation check. */
export async function issueOrder(
  k: Kernel,
  tx: Executor,
  ctx: Ctx,
  row: HotlineTicketTable,
  level: number,
  reason: string,
): Promise<boolean> {
  const step = k.calendar.limitFor(row.region, HOTLINE_LIMITS.supervision_step_days).value;
  const due = k.calendar.compute({ unit: 'working_days', amount: step, start: ctx.now });
  const r = await tx
    .insertInto('hotline_supervision_orders')
    .values({
      id: newId(ctx.now.getTime()),
      ticket_id: row.id,
      level,
      reason,
      issued_by: ctx.principal.id,
      issued_at: ctx.now.toISOString(),
      due_at: due.dueAt?.toISOString() ?? null,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  await k.audit.record(tx, ctx, {
    permission: hotlinePermissions.decide,
    action: 'supervise',
    subjectType: SUBJECT_TYPE,
    subjectId: row.id,
    reason: `${LEVEL_ZH[level] ?? level}：${reason}`,
    after: { level, dueAt: due.dueAt?.toISOString() ?? null },
    event: hotlineEvents.make('hotline.ticket.supervised', {
      id: row.id,
      number: row.number,
      level,
      region: row.region,
    }),
  });
  if (level < MAX_LEVEL && due.dueAt)
    await enqueueJob(tx, k.adapter, {
      kind: ESCALATION_JOB,
      payload: { ticketId: row.id, level },
      dueAt: new Date(due.dueAt.getTime() + 1),
      uniqueKey: `${ESCALATION_JOB}:${row.id}:${level}`,
      now: ctx.now,
    });
  return true;
}

/** The escalation check: a ticket still unreplied when its order of `level` falls due gets the next level. */
export async function escalate(k: Kernel, ticketId: string, level: number, now: Date): Promise<boolean> {
  return k.db.transaction().execute(async (t) => {
    const row = await findTicketRow(t, ticketId);
    if (!row || !ACTIVE.handling.includes(row.status as TicketStatus)) return false;
    if ((await supervisionLevelOf(t, ticketId)) !== level) return false;
    return issueOrder(k, t, systemCtx(now), row, level + 1, '督办期满仍未答复，升级督办');
  });
}

export function supervisionJobs(k: Kernel): Record<string, JobHandler> {
  return {
    [LIGHTS_JOB]: async (job, ctx) => {
      await raiseLights(k, (job.payload as { ticketId: string }).ticketId, ctx.now);
    },
    [ESCALATION_JOB]: async (job, ctx) => {
      const p = job.payload as { ticketId: string; level: number };
      await escalate(k, p.ticketId, p.level, ctx.now);
    },
  };
}
