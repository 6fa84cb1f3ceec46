/**
 * The draw ceremony (docs/draw-spec.md step 3). At least two distinct persons commit — at least one from outside the
 * task's departments (a supervisor or discipline inspector, holding `inspections:witness`) — each the SHA-256 of a
 * secret drawn on their own device; once the first reveal is made no one may commit; each reveal is checked against
 * its commitment. A wrong reveal voids the round at once, a missing one when a participant or the department voids it
 * with a reason; a voided round stays on the record and the next needs fresh commitments from everyone. The last
 * correct reveal computes the seed, draws (./draw/engine.ts), moves the task to `drawn`, creates the visits and seals
 * the record's digest in the audit chain (action `seal`, `after`: the record) — all in one transaction (the draw
 * itself computed just before it, from the same state: `drawAhead`).
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { can, requirePermission, type Ctx } from '../../kernel/context.ts';
import { AppError, invalid } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { reasonOf } from '../../kernel/validators/fields.ts';
import {
  commitmentOf,
  drawAsync,
  drawRecord,
  DrawError,
  freeze,
  recordDigest,
  seedOf,
  type Frozen,
  type VoidedRound,
} from './draw/engine.ts';
import type { FrozenSummary } from './frozen.ts';
import { inspectionsPermissions as P } from './permissions.ts';
import { inspectionsEvents } from './events.ts';
import { taskLifecycle } from './lifecycle.ts';
import { frozenRecusals, TASK_SUBJECT, visibleTaskRow } from './tasks.ts';
import { frozenScope, membersOf, populationPages } from './population.ts';
import { poolsAt } from './directories.ts';
import type { CommitmentTable, InspectionTaskTable, RoundTable } from './tables.ts';
import type { CreditClass } from './model.ts';

const HEX64 = /^[0-9a-f]{64}$/;
const OUTSIDE_ROLES = ['supervisor', 'discipline_inspector'];

const conflict = (code: string, zh: string, en: string, field: string | null = null) =>
  new AppError({ code, status: 409, field, zh, en });

/** The frozen population, pools or recusals read for the draw are not those published at the freeze. */
const frozenChanged = (details: unknown) =>
  new AppError({
    code: 'FROZEN_CHANGED',
    status: 409,
    field: null,
    zh: '冻结的检查对象或人员名单与冻结时公布的摘要不一致，不能摇号',
    en: 'The frozen population or pools differ from the digests published at the freeze; the draw cannot run',
    details,
  });

/** Whether the caller may take part, and from where: a task department's staff, or an outside supervisor. */
function participation(ctx: Ctx, task: InspectionTaskTable): { outside: boolean } {
  const p = ctx.principal;
  if ((task.departments as string[]).includes(p.department ?? '')) return { outside: false };
  const role = p.grants?.get(P.witness);
  if (role && OUTSIDE_ROLES.includes(role)) return { outside: true };
  throw new AppError({
    code: 'NOT_A_PARTICIPANT',
    status: 403,
    field: null,
    zh: '您不是本任务部门的人员，也不是监督人员',
    en: 'You are neither staff of the task’s departments nor a supervisor',
  });
}

function requireAwaitingDraw(task: InspectionTaskTable) {
  if (task.status !== 'frozen')
    throw conflict('NOT_AWAITING_DRAW', '该任务当前不在摇号阶段', 'This task is not awaiting its draw');
}

async function roundRows(db: Executor, taskId: string, round: number) {
  return db
    .selectFrom('inspections_commitments')
    .selectAll()
    .where('task_id', '=', taskId)
    .where('round', '=', round)
    .orderBy('position')
    .execute();
}

/** Records the caller's commitment in the current round. */
export async function commit(
  k: Kernel,
  ctx: Ctx,
  taskId: string,
  input: { commitment: string },
): Promise<CeremonyView> {
  requirePermission(ctx, P.witness);
  if (!HEX64.test(input.commitment))
    throw invalid(
      'commitment',
      'COMMITMENT_INVALID',
      '承诺值须为 64 位小写十六进制',
      'A commitment is 64 lowercase hex characters',
    );
  return k.db.transaction().execute(async (tx) => {
    const task = await visibleTaskRow(k, ctx, taskId, tx);
    requireAwaitingDraw(task);
    const { outside } = participation(ctx, task);
    const round = Number(task.round);
    const rows = await roundRows(tx, task.id, round);
    if (rows.some((r) => r.reveal !== null))
      throw conflict(
        'COMMITMENTS_CLOSED',
        '已有人揭示，本轮不再接受承诺',
        'Someone has revealed: this round takes no more commitments',
      );
    if (rows.some((r) => r.account_id === ctx.principal.id))
      throw conflict('ALREADY_COMMITTED', '您已在本轮提交承诺', 'You have committed in this round');
    const row: CommitmentTable = {
      task_id: task.id,
      round,
      position: rows.length,
      account_id: ctx.principal.id,
      account_name: ctx.principal.name,
      outside,
      commitment: input.commitment,
      reveal: null,
      committed_at: ctx.now.toISOString(),
      revealed_at: null,
    };
    await tx.insertInto('inspections_commitments').values(row).execute();
    await k.audit.record(tx, ctx, {
      permission: P.witness,
      action: 'commit',
      subjectType: TASK_SUBJECT,
      subjectId: task.id,
      after: { round, position: row.position, commitment: row.commitment, outside },
    });
    return ceremonyOf(k, ctx, task.id, tx);
  });
}

/** At least two persons committed, one of them from outside the task's departments. */
function quorate(rows: CommitmentTable[]): boolean {
  return new Set(rows.map((r) => r.account_id)).size >= 2 && rows.some((r) => r.outside);
}

/** Checks the caller's reveal; a wrong one voids the round; the last correct one makes the draw. */
export async function reveal(k: Kernel, ctx: Ctx, taskId: string, input: { secret: string }): Promise<CeremonyView> {
  requirePermission(ctx, P.witness);
  const ahead = await drawAhead(k, ctx, taskId, input.secret);
  return k.db.transaction().execute(async (tx) => {
    const task = await visibleTaskRow(k, ctx, taskId, tx);
    requireAwaitingDraw(task);
    const round = Number(task.round);
    const rows = await roundRows(tx, task.id, round);
    const mine = rows.find((r) => r.account_id === ctx.principal.id);
    if (!mine) throw conflict('NOT_COMMITTED', '您未在本轮提交承诺', 'You have not committed in this round');
    if (mine.reveal !== null) throw conflict('ALREADY_REVEALED', '您已揭示', 'You have revealed already');
    if (!quorate(rows))
      throw conflict(
        'CEREMONY_INCOMPLETE',
        '至少两人提交承诺且至少一人来自部门外（监督人员）后方可揭示',
        'Reveals wait for commitments from at least two persons, one from outside the department',
      );
    const secret = input.secret;
    if (!HEX64.test(secret) || commitmentOf(secret) !== mine.commitment) {
      await voidCurrent(
        k,
        ctx,
        tx,
        task,
        round,
        `${ctx.principal.name} 的揭示与其承诺不符 / reveal does not match its commitment`,
      );
      return ceremonyOf(k, ctx, task.id, tx);
    }
    await tx
      .updateTable('inspections_commitments')
      .set({ reveal: secret, revealed_at: ctx.now.toISOString() })
      .where('task_id', '=', task.id)
      .where('round', '=', round)
      .where('position', '=', mine.position)
      .execute();
    await k.audit.record(tx, ctx, {
      permission: P.witness,
      action: 'reveal',
      subjectType: TASK_SUBJECT,
      subjectId: task.id,
      after: { round, position: mine.position, reveal: secret },
    });
    const all = await roundRows(tx, task.id, round);
    if (all.every((r) => r.reveal !== null)) {
      // Drawn ahead from exactly this state (same task version, round and reveals), or drawn now.
      const drawn =
        ahead?.state === drawState(task, all) ? ahead.drawn : await computeDraw(k, ctx, tx, task, round, all);
      await storeDraw(k, ctx, tx, task, round, drawn);
    }
    return ceremonyOf(k, ctx, task.id, tx);
  });
}

/** Voids the current round (a reveal is missing), with a reason; the next round needs fresh commitments. */
export async function voidRound(k: Kernel, ctx: Ctx, taskId: string, input: { reason: string }): Promise<CeremonyView> {
  requirePermission(ctx, P.witness);
  const reason = reasonOf(input.reason);
  return k.db.transaction().execute(async (tx) => {
    const task = await visibleTaskRow(k, ctx, taskId, tx);
    requireAwaitingDraw(task);
    participation(ctx, task);
    const round = Number(task.round);
    if (!(await roundRows(tx, task.id, round)).length)
      throw conflict('ROUND_EMPTY', '本轮尚无承诺，无需作废', 'This round has no commitments to void');
    await voidCurrent(k, ctx, tx, task, round, reason);
    return ceremonyOf(k, ctx, task.id, tx);
  });
}

async function voidCurrent(
  k: Kernel,
  ctx: Ctx,
  tx: Executor,
  task: InspectionTaskTable,
  round: number,
  reason: string,
) {
  await tx
    .updateTable('inspections_rounds')
    .set({ status: 'voided', reason, closed_at: ctx.now.toISOString() })
    .where('task_id', '=', task.id)
    .where('round', '=', round)
    .execute();
  await tx
    .insertInto('inspections_rounds')
    .values({ task_id: task.id, round: round + 1, status: 'open', reason: null, closed_at: null })
    .execute();
  await tx
    .updateTable('inspections_tasks')
    .set({ round: round + 1 })
    .where('id', '=', task.id)
    .execute();
  await k.audit.record(tx, ctx, {
    permission: P.witness,
    action: 'void_round',
    subjectType: TASK_SUBJECT,
    subjectId: task.id,
    reason,
    after: { round, voided: true },
    event: inspectionsEvents.make('inspections.round.voided', { taskId: task.id, round, reason }),
  });
}

/**
 * The last reveal's draw, computed before its write transaction: the draw only reads what the freeze fixed (a
 * temporal population, checked against its published digest) and the round's commitments, so the write lock is held
 * for storing the result, not for reading a million lines (at 1M targets on SQLite the reveal held the only
 * connection for 7–11 s, every other request waiting). The transaction checks that the task and the round are still
 * as they were (`drawState`) and draws again inside if not. Undefined when this reveal would not be the last correct
 * one; the transaction then decides, with its errors, as before.
 */
async function drawAhead(
  k: Kernel,
  ctx: Ctx,
  taskId: string,
  secret: string,
): Promise<{ state: string; drawn: Drawn } | undefined> {
  const task = await visibleTaskRow(k, ctx, taskId, k.db);
  if (task.status !== 'frozen' || !HEX64.test(secret)) return undefined;
  const round = Number(task.round);
  const rows = await roundRows(k.db, task.id, round);
  const mine = rows.find((r) => r.account_id === ctx.principal.id);
  if (!mine || mine.reveal !== null || commitmentOf(secret) !== mine.commitment) return undefined;
  const all = rows.map((r) => (r === mine ? { ...r, reveal: secret, revealed_at: ctx.now.toISOString() } : r));
  if (all.some((r) => r.reveal === null) || !quorate(all)) return undefined;
  try {
    return { state: drawState(task, all), drawn: await computeDraw(k, ctx, k.db, task, round, all) };
  } catch {
    return undefined; // the transaction draws again and answers with the error
  }
}

/** What a draw depends on besides the frozen lists: the task's version and round, and the round's commitments. */
function drawState(task: InspectionTaskTable, rows: CommitmentTable[]): string {
  return JSON.stringify([
    String(task.version),
    String(task.round),
    rows.map((r) => [r.position, r.account_id, Boolean(r.outside), r.commitment, r.reveal, r.committed_at]),
  ]);
}

type Drawn = Awaited<ReturnType<typeof computeDraw>>;

/** The draw itself (spec steps 3–7): seed, selections, inspectors, the record and its digest, the visits' targets. */
async function computeDraw(
  k: Kernel,
  ctx: Ctx,
  db: Executor,
  task: InspectionTaskTable,
  round: number,
  rows: CommitmentTable[],
) {
  const seed = seedOf(rows.map((r) => r.reveal!));
  const departments = task.departments as string[];
  const m = Number(task.inspectors_per_target);
  // What was published at the freeze: counts and digests. The pools and recusals are re-read (small) and must
  // match them; the population is read once, by the draw's second pass, which checks its digest (spec step 5).
  const published = task.frozen as FrozenSummary;
  const lists = freeze({
    population: [],
    pools: await poolsAt(db, departments, task.frozen_at!),
    recusals: await frozenRecusals(db, task.id),
    departments,
    m,
  });
  if (lists.pools.digest !== published.pools.digest || lists.recusals.digest !== published.recusals.digest)
    throw frozenChanged({ pools: lists.pools.digest, recusals: lists.recusals.digest });
  const frozen: Frozen = { ...lists, population: published.population, strata: published.strata };
  const scope = frozenScope(task);
  const ratios = task.ratios as Record<CreditClass, number>;
  let result;
  try {
    result = await drawAsync({
      taskId: task.id,
      frozen,
      ratios,
      seed,
      departments,
      m,
      population: populationPages(k, db, scope),
    });
  } catch (e) {
    if (e instanceof DrawError && e.code === 'DIGEST_MISMATCH') throw frozenChanged(e.detail);
    throw e;
  }
  const record = drawRecord({
    taskId: task.id,
    filters: task.filter as Record<string, string | boolean | null>,
    frozen,
    voidedRounds: await voidedRounds(db, task.id),
    commitments: rows.map((r) => ({
      participantId: r.account_id,
      outside: Boolean(r.outside),
      commitment: r.commitment,
    })),
    reveals: rows.map((r) => r.reveal!),
    seed,
    result,
    timestamps: {
      frozenAt: task.frozen_at!,
      committedAt: rows[rows.length - 1].committed_at,
      revealedAt: ctx.now.toISOString(),
      drawnAt: ctx.now.toISOString(),
    },
  });
  const digest = recordDigest(record);
  // The selected targets' names and regions as of the freeze (the draw read only stratum and USCC).
  const selected = await membersOf(
    k,
    db,
    scope,
    'uscc',
    result.selections.map((s) => s.targetId),
  );
  return { record, digest, result, byUscc: new Map(selected.map((r) => [r.uscc, r])) };
}

/** Stores a draw in the last reveal's transaction: the visits, the sealed round, the task drawn, the record sealed. */
async function storeDraw(
  k: Kernel,
  ctx: Ctx,
  tx: Executor,
  task: InspectionTaskTable,
  round: number,
  { record, digest, result, byUscc }: Drawn,
) {
  const departments = task.departments as string[];
  const visits = result.selections.map((sel) => {
    const t = byUscc.get(sel.targetId)!;
    return {
      id: newId(ctx.now.getTime()),
      kind: 'random',
      task_id: task.id,
      trigger_kind: null,
      trigger_ref: null,
      region: task.region,
      uscc: t.uscc,
      target_name: t.name,
      target_region: t.region,
      stratum: sel.stratum,
      departments,
      item_ids: task.item_ids,
      inspectors: sel.inspectors,
      inspected_on: null,
      due_date: null,
      due_at: null,
      published_at: null,
      late: false,
      red_at: null,
      created_by: ctx.principal.id,
      created_at: ctx.now.toISOString(),
    };
  });
  // Multi-row inserts, 400 visits (22 columns each) per statement.
  for (let i = 0; i < visits.length; i += 400)
    await tx
      .insertInto('inspections_visits')
      .values(visits.slice(i, i + 400))
      .execute();
  await tx
    .updateTable('inspections_rounds')
    .set({ status: 'sealed', closed_at: ctx.now.toISOString() })
    .where('task_id', '=', task.id)
    .where('round', '=', round)
    .execute();
  await taskLifecycle.transition(
    k,
    ctx,
    task.id,
    'draw',
    {
      version: Number(task.version),
      data: { patch: { record, record_digest: digest, drawn_at: ctx.now.toISOString() } },
    },
    tx,
  );
  await k.audit.record(tx, ctx, {
    permission: P.witness,
    action: 'seal',
    subjectType: TASK_SUBJECT,
    subjectId: task.id,
    ruleVersion: `draw-spec-${record.specVersion}`,
    after: record,
  });
}

async function voidedRounds(db: Executor, taskId: string) {
  const rounds = await db
    .selectFrom('inspections_rounds')
    .selectAll()
    .where('task_id', '=', taskId)
    .where('status', '=', 'voided')
    .orderBy('round')
    .execute();
  const out: VoidedRound[] = [];
  for (const r of rounds) {
    const rows = await roundRows(db, taskId, Number(r.round));
    out.push({
      reason: r.reason ?? '',
      commitments: rows.map((c) => ({
        participantId: c.account_id,
        outside: Boolean(c.outside),
        commitment: c.commitment,
      })),
      reveals: rows.map((c) => c.reveal),
    });
  }
  return out;
}

export interface CeremonyView {
  taskId: string;
  status: string;
  round: number;
  rounds: Array<{
    round: number;
    status: string;
    reason: string | null;
    commitments: Array<{ name: string; outside: boolean; commitment: string; revealed: boolean; mine: boolean }>;
  }>;
  /** What the caller may do now. */
  canCommit: boolean;
  canReveal: boolean;
  quorum: boolean;
}

/** The ceremony as the caller sees it: rounds, commitments (who, inside or outside), what they may do next. */
export async function ceremonyOf(k: Kernel, ctx: Ctx, taskId: string, tx?: Executor): Promise<CeremonyView> {
  const db = tx ?? k.db;
  const task = await visibleTaskRow(k, ctx, taskId, db);
  const rounds: RoundTable[] = await db
    .selectFrom('inspections_rounds')
    .selectAll()
    .where('task_id', '=', task.id)
    .orderBy('round')
    .execute();
  const out: CeremonyView['rounds'] = [];
  for (const r of rounds) {
    const rows = await roundRows(db, task.id, Number(r.round));
    out.push({
      round: Number(r.round),
      status: r.status,
      reason: r.reason,
      commitments: rows.map((c) => ({
        name: c.account_name,
        outside: Boolean(c.outside),
        commitment: c.commitment,
        revealed: c.reveal !== null,
        mine: c.account_id === ctx.principal.id,
      })),
    });
  }
  const current = out.find((r) => r.round === Number(task.round));
  const mine = current?.commitments.find((c) => c.mine);
  const anyRevealed = current?.commitments.some((c) => c.revealed) ?? false;
  const currentRows = await roundRows(db, task.id, Number(task.round));
  const quorum = new Set(currentRows.map((c) => c.account_id)).size >= 2 && currentRows.some((c) => c.outside);
  const awaiting = task.status === 'frozen' && can(ctx, P.witness);
  return {
    taskId: task.id,
    status: task.status,
    round: Number(task.round),
    rounds: out,
    canCommit: awaiting && !mine && !anyRevealed,
    canReveal: awaiting && !!mine && !mine.revealed && quorum,
    quorum,
  };
}
