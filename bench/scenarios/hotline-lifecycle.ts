/**
 * Issue 12's benchmark: one 12345 ticket lifecycle through the HTTP API — create (operator) → dispatch by the
 * routing rules (operator) → accept (department) → reply (department) → fetch by ticket number (the public
 * tracking read, number + phone) — with N closed tickets already stored, each with its five action rows and chain
 * links, dispatch record, callback and deadlines (cloned in bulk from a real lifecycle run through the services).
 * DIGIT's published test counts create → assign → resolve → search (4 calls); ours has one call more (accept: a
 * department signs for the ticket before it may reply), so a lifecycle here is 5 requests.
 *
 * Baselines of the same run: a bare Fastify JSON route (its req/s ÷ 5 = lifecycles/s if each request cost what a bare
 * route costs), and the same rows written raw — the four write transactions and the read of a lifecycle as prepared
 * statements on a connection of its own, into `bench_raw_*` copies of the real tables (the floor).
 */
import { randomInt } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { sql, type Kysely } from 'kysely';
import type { BenchContext, Measurement, Scenario, ThroughputResult } from '../harness.ts';
import {
  bareFastifyBaseline,
  bulkInsert,
  listenLocal,
  mainThreadCpuSeconds,
  measureThroughput,
  settleWal,
  shadowTables,
} from '../harness.ts';
import { seedDemo } from '../../src/cli/seed.ts';
import { newId } from '../../src/kernel/ids.ts';
import { chainFor, digestOf, linkHash, toRecord } from '../../src/kernel/audit.ts';
import { withPlainIndexesDeferred } from '../../src/kernel/db/bulk.ts';
import { applySqlitePragmas } from '../../src/kernel/db/connect.ts';
import { AUDIT_CHAIN_COUNT } from '../../src/kernel/db/kernel-migrations.ts';
import { shanghaiDate } from '../../src/kernel/calendar/index.ts';
import { accountCtx } from '../../src/kernel/auth/accounts.ts';
import type { Ctx } from '../../src/kernel/context.ts';
import type { Role } from '../../src/kernel/auth/roles.ts';
import type { ActionTable } from '../../src/kernel/db/kernel-tables.ts';
import { callBack, createTicket, moveTicket } from '../../src/modules/hotline/service.ts';

const OPERATOR = 'hotline.zhengzhou';
const DEPARTMENT_STAFF = 'staff.zhengzhou.zj';
const PHONE = '13800000011';
const PER_TX = 10_000;
/** Seeded tickets per (Shanghai) day, walking back one day per PER_DAY, 40 s apart: never today's numbers. */
const PER_DAY = 2000;
const DAY_MS = 86_400_000;
/** A ceiling on lifecycles per second, to size the list of creates so no Idempotency-Key is sent twice. */
const MAX_LIFECYCLES_PER_SEC = 2000;
const TICKET = {
  requestType: 'complaint',
  topicCode: 'urban.roads',
  content: '文化路人行道地砖大面积破损，雨天积水严重，请尽快修复。',
  region: '410105',
  address: '文化路与农业路交叉口',
  callerName: '张示例',
  callerPhone: PHONE,
};

/** Every ISO timestamp (string or Date) of a row moved by `delta` ms; everything else as is. */
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
function shifted<T extends Record<string, unknown>>(row: T, delta: number): T {
  const out: Record<string, unknown> = {};
  for (const [c, v] of Object.entries(row)) {
    if (v instanceof Date) out[c] = new Date(v.getTime() + delta).toISOString();
    else if (typeof v === 'string' && ISO.test(v)) out[c] = new Date(Date.parse(v) + delta).toISOString();
    else if (typeof v === 'string' && c === 'due_date' && /^\d{4}-\d\d-\d\d$/.test(v))
      out[c] = shanghaiDate(new Date(Date.parse(`${v}T12:00:00+08:00`) + delta));
    else out[c] = v;
  }
  return out as T;
}

/** The lifecycle's views (ticketLifecycle's `view`) after each of its five actions, for the action digests. */
function views(id: string, number: string, department: string, ruleId: string | null) {
  const v = (status: string, version: number, dep: string | null, outcome: string | null, rule: string | null) => ({
    id,
    number,
    status,
    version,
    department: dep,
    outcome,
    routedRuleId: rule,
  });
  return [
    v('registered', 1, null, null, null),
    v('dispatched', 2, department, null, ruleId),
    v('accepted', 3, department, null, ruleId),
    v('replied', 4, department, 'resolved', ruleId),
    v('closed_resolved', 5, department, 'resolved', ruleId),
  ];
}

interface Template {
  ticket: Record<string, unknown> & { id: string; number: string; created_at: string };
  actions: ActionTable[];
  dispatch: Record<string, unknown>;
  callback: Record<string, unknown>;
  deadlines: Record<string, unknown>[];
}

async function ctxFor(k: BenchContext['k'], username: string, roles: Role[]): Promise<Ctx> {
  const ctx = await accountCtx(k, username, roles);
  if (!ctx) throw new Error(`no demo account ${username}`);
  return ctx;
}
async function runTemplate(ctx: BenchContext): Promise<Template> {
  const k = ctx.k;
  const op = await ctxFor(k, OPERATOR, ['hotline_operator']);
  const zj = await ctxFor(k, DEPARTMENT_STAFF, ['reviewer']);
  const tk = await createTicket(k, op, { ...TICKET, requestType: 'complaint', dispatch: {} });
  await moveTicket(k, zj, tk.id, 'accept', { version: 2 });
  await moveTicket(k, zj, tk.id, 'reply', {
    version: 3,
    data: { outcome: 'resolved', reply: '已修复破损地砖并清理积水。' },
  });
  await callBack(k, op, tk.id, { version: 4, reached: true, satisfaction: 'satisfied' });
  const db = k.db as Kysely<any>;
  const ticket = await db.selectFrom('hotline_tickets').selectAll().where('id', '=', tk.id).executeTakeFirstOrThrow();
  const actions = (await db
    .selectFrom('kernel_actions')
    .selectAll()
    .where('subject_type', '=', 'hotline.ticket')
    .where('subject_id', '=', tk.id)
    .orderBy('position')
    .execute()) as ActionTable[];
  const dispatch = await db
    .selectFrom('hotline_dispatches')
    .selectAll()
    .where('ticket_id', '=', tk.id)
    .executeTakeFirstOrThrow();
  const callback = await db
    .selectFrom('hotline_callbacks')
    .selectAll()
    .where('ticket_id', '=', tk.id)
    .executeTakeFirstOrThrow();
  const deadlines = await db
    .selectFrom('kernel_deadlines')
    .selectAll()
    .where('subject_type', '=', 'hotline.ticket')
    .where('subject_id', '=', tk.id)
    .execute();
  // The clones' digests are computed from `views`: they must be what the app recorded for the template.
  const vs = views(tk.id, tk.number, String(ticket.department_code), ticket.routed_rule_id as string | null);
  const names = ['create', 'dispatch', 'accept', 'reply', 'close_resolved'];
  if (actions.map((a) => a.action).join() !== names.join())
    throw new Error(`template lifecycle recorded ${actions.map((a) => a.action).join()}`);
  actions.forEach((a, i) => {
    if (a.after_digest !== digestOf(vs[i]) || a.before_digest !== (i === 0 ? null : digestOf(vs[i - 1])))
      throw new Error(`template action ${a.action}: digests differ from the bench's views (ticket view changed?)`);
  });
  return { ticket: ticket as Template['ticket'], actions, dispatch, callback, deadlines };
}

async function seedTickets(ctx: BenchContext, scale: number): Promise<void> {
  const k = ctx.k;
  await seedDemo(k, { enterprises: 0, persons: 0 });
  if (k.adapter.dialect === 'sqlite') await sql`pragma cache_size = -262144`.execute(k.db);
  const db = k.db as Kysely<any>;
  const tpl = await runTemplate(ctx);
  const created = Date.parse(String(tpl.ticket.created_at));
  const dayStart = Date.parse(`${shanghaiDate(new Date(created))}T00:00:00+08:00`);
  const region = String(tpl.ticket.center_region);
  const heads = new Map(
    (await db.selectFrom('kernel_chain_heads').select(['chain', 'position', 'hash']).execute()).map((h) => [
      Number(h.chain),
      { position: Number(h.position), hash: String(h.hash) },
    ]),
  );
  const hashAlg = k.config.auditHash;
  const counters = new Map<string, number>();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const deferred = (table: string, f: () => Promise<void>) => () => withPlainIndexesDeferred(db, k.adapter, table, f);
  const load = async () => {
    for (let start = 0; start < scale; start += PER_TX) {
      const end = Math.min(scale, start + PER_TX);
      const rows: Record<string, Record<string, unknown>[]> = {
        hotline_tickets: [],
        kernel_actions: [],
        kernel_audit_links: [],
        hotline_dispatches: [],
        hotline_callbacks: [],
        kernel_deadlines: [],
      };
      for (let n = start; n < end; n++) {
        const day = Math.floor(n / PER_DAY) + 1;
        const at = dayStart - day * DAY_MS + (n % PER_DAY) * 40_000;
        const delta = at - created;
        const date = shanghaiDate(new Date(at));
        counters.set(date, (counters.get(date) ?? 0) + 1);
        const number = `${region}${date.slice(2, 4)}${date.slice(5, 7)}${date.slice(8, 10)}${String((n % PER_DAY) + 1).padStart(5, '0')}`;
        const id = newId(at);
        rows.hotline_tickets.push({ ...shifted(tpl.ticket, delta), id, number });
        rows.hotline_dispatches.push({ ...shifted(tpl.dispatch, delta), id: newId(at), ticket_id: id });
        rows.hotline_callbacks.push({ ...shifted(tpl.callback, delta), id: newId(at), ticket_id: id });
        for (const d of tpl.deadlines)
          rows.kernel_deadlines.push({ ...shifted(d, delta), id: newId(at), subject_id: id });
        const vs = views(id, number, String(tpl.ticket.department_code), tpl.ticket.routed_rule_id as string | null);
        const chain = chainFor('hotline.ticket', id);
        tpl.actions.forEach((a, i) => {
          const head = heads.get(chain)!;
          const action: ActionTable = {
            ...shifted(a as unknown as Record<string, unknown>, delta),
            id: newId(at + i),
            subject_id: id,
            before_digest: i === 0 ? null : digestOf(vs[i - 1]),
            after_digest: digestOf(vs[i]),
            request_id: null,
            chain,
            position: head.position + 1,
          } as ActionTable;
          const hash = linkHash(head.hash, toRecord(action), hashAlg);
          rows.kernel_audit_links.push({
            chain,
            position: action.position,
            action_id: action.id,
            prev_hash: head.hash,
            hash,
            hash_alg: hashAlg,
          });
          heads.set(chain, { position: action.position, hash });
          rows.kernel_actions.push(action as unknown as Record<string, unknown>);
        });
      }
      await db.transaction().execute(async (tx) => {
        for (const [table, list] of Object.entries(rows)) await bulkInsert(tx, k.adapter, table, list);
        for (const [chain, h] of heads)
          await tx
            .updateTable('kernel_chain_heads')
            .set({ position: h.position, hash: h.hash })
            .where('chain', '=', chain)
            .execute();
      });
      if ((end / PER_TX) % 10 === 0 || end === scale)
        ctx.log(`  tickets: ${end}/${scale} (${Math.round(end / ((performance.now() - t0) / 1000))} tickets/s)`);
    }
  };
  await deferred('hotline_tickets', deferred('kernel_actions', deferred('kernel_deadlines', load)))();
  // The centre's daily counters, as the app would have left them (numbering goes on from there).
  const centerId = String(tpl.ticket.center_id);
  await bulkInsert(
    db,
    k.adapter,
    'hotline_counters',
    [...counters].map(([day, n]) => ({ center_id: centerId, day, n })),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  ctx.seedInfo.tickets = {
    rows: scale,
    seconds,
    ticketsPerSec: scale / seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
  if (k.adapter.dialect === 'postgres')
    for (const t of [
      'hotline_tickets',
      'kernel_actions',
      'kernel_audit_links',
      'kernel_deadlines',
      'hotline_dispatches',
    ])
      await sql.raw(`analyze ${t}`).execute(db);
}

// ─── The load: five requests per lifecycle, in a worker thread ────────────────────────────────────────────────────

interface LifecycleResult {
  lifecyclesPerSec: number;
  lifecycles: number;
  reqPerSec: number;
  requests: number;
  durationSec: number;
  lifecycle: { p50Ms: number; p95Ms: number; p99Ms: number };
  request: { p50Ms: number; p95Ms: number; p99Ms: number };
  steps: { p50Ms: number; p95Ms: number; meanMs: number }[];
  sent: number;
  cpuMsPerLifecycle: number | null;
}

async function measureLifecycles(job: Record<string, unknown>): Promise<LifecycleResult> {
  const worker = new Worker(new URL('../lifecycle-worker.mjs', import.meta.url));
  try {
    const cpu0 = mainThreadCpuSeconds();
    const reply = await new Promise<{ ok: boolean; result: LifecycleResult; error?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage({ ...job, id: 1 });
    });
    const cpu1 = mainThreadCpuSeconds();
    if (!reply.ok) throw new Error(reply.error);
    const r = reply.result;
    // Warm-up lifecycles count too (the CPU was spent on them): every create sent is one lifecycle started.
    return {
      ...r,
      cpuMsPerLifecycle: cpu0 === null || cpu1 === null || r.sent === 0 ? null : ((cpu1 - cpu0) * 1000) / r.sent,
    };
  } finally {
    await worker.terminate();
    // Requests the generator abandoned when it stopped are still running in the app: let them finish before the
    // harness (or the next figure) goes on.
    await new Promise((r) => setTimeout(r, 2000));
  }
}

// ─── The floor: the same rows, raw ────────────────────────────────────────────────────────────────────────────────

const WRITTEN = [
  'hotline_tickets',
  'hotline_counters',
  'hotline_dispatches',
  'kernel_deadlines',
  'kernel_jobs',
  'kernel_actions',
  'kernel_audit_links',
  'kernel_chain_heads',
  'kernel_outbox',
  'kernel_idempotency',
];

type RawLifecycle = (
  n: number,
  q: (i: number, params: unknown[]) => Promise<Record<string, unknown> | undefined>,
  tx: (f: () => Promise<void>) => Promise<void>,
) => Promise<void>;

/** A lifecycle's database work as one function of the lifecycle's sequence number, over a `run(sql, params)`. */
async function rawLifecycle(
  db: Kysely<any>,
  dialect: 'sqlite' | 'postgres',
): Promise<{ texts: string[]; lifecycle: RawLifecycle }> {
  // Rows of the real tables as templates (values the size of real ones), converted back to what is stored.
  const one = async (table: string, where?: [string, string]) => {
    let q = db.selectFrom(table).selectAll();
    if (where) q = q.where(where[0], '=', where[1]);
    const r = (await q.limit(1).executeTakeFirstOrThrow()) as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(r).map(([c, v]) => [
        c,
        v instanceof Date
          ? v.toISOString()
          : v !== null && typeof v === 'object'
            ? JSON.stringify(v)
            : typeof v === 'boolean' && dialect === 'sqlite'
              ? Number(v)
              : v,
      ]),
    );
  };
  const ticket = await one('hotline_tickets');
  const dispatch = await one('hotline_dispatches');
  const deadline = await one('kernel_deadlines', ['subject_type', 'hotline.ticket']);
  const job = await one('kernel_jobs', ['kind', 'hotline.deadline_lights']);
  const outbox = await one('kernel_outbox', ['subject_type', 'hotline.ticket']);
  // No idempotency row exists before the first HTTP create: one of the size the app stores (the ticket as answered).
  const idem: Record<string, unknown> = {
    caller: ticket.created_by,
    key: '',
    route: 'POST /api/v1/hotline/tickets',
    request_hash: 'a'.repeat(64),
    response_status: 201,
    response_body: JSON.stringify(ticket),
    created_at: ticket.created_at,
  };
  const action = await one('kernel_actions', ['subject_type', 'hotline.ticket']);
  const insert = (table: string, cols: string[]) =>
    `insert into bench_raw_${table} (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`;
  const tcols = Object.keys(ticket);
  const dcols = Object.keys(dispatch);
  const dlcols = Object.keys(deadline);
  const jcols = Object.keys(job);
  const ocols = Object.keys(outbox);
  const icols = Object.keys(idem);
  const acols = Object.keys(action);
  const forUpdate = dialect === 'postgres' ? ' for update' : '';
  const stamp = `${Date.now().toString(36)}${randomInt(1e9).toString(36)}`;
  const numberBase = randomInt(1e9) * 10_000;
  const hash = 'a'.repeat(64);
  // Statement texts by index (prepared once per connection by the caller).
  const S = [
    /* 0 */ `insert into bench_raw_hotline_counters (center_id, day, n) values (?, ?, 1) on conflict (center_id, day) do update set n = bench_raw_hotline_counters.n + 1 returning n`,
    /* 1 */ insert('hotline_tickets', tcols),
    /* 2 */ `select position, hash from bench_raw_kernel_chain_heads where chain = ?${forUpdate}`,
    /* 3 */ insert('kernel_actions', acols),
    /* 4 */ 'insert into bench_raw_kernel_audit_links (chain, position, action_id, prev_hash, hash, hash_alg) values (?, ?, ?, ?, ?, ?)',
    /* 5 */ 'update bench_raw_kernel_chain_heads set position = ?, hash = ? where chain = ?',
    /* 6 */ insert('kernel_outbox', ocols),
    /* 7 */ insert('kernel_idempotency', icols),
    /* 8 */ 'select * from bench_raw_hotline_tickets where id = ?',
    /* 9 */ insert('hotline_dispatches', dcols),
    /* 10 */ insert('kernel_deadlines', dlcols),
    /* 11 */ insert('kernel_jobs', jcols),
    /* 12 */ 'update bench_raw_hotline_tickets set status = ?, version = ?, department_code = ?, outcome = ?, reply = ?, updated_at = ? where id = ? and version = ?',
    /* 13 */ 'select * from bench_raw_hotline_tickets where number = ?',
  ];
  const lifecycle: RawLifecycle = async (n, q, tx) => {
    const at = new Date().toISOString();
    const id = `${stamp}-t-${n}`;
    const chain = n % AUDIT_CHAIN_COUNT;
    const number = String(numberBase + n).padStart(17, '9');
    const audit = async (step: number, name: string) => {
      const head = (await q(2, [chain]))!;
      const position = Number(head.position) + 1;
      const aid = `${stamp}-a-${n}-${step}`;
      await q(
        3,
        acols.map((c) =>
          c === 'id'
            ? aid
            : c === 'subject_id'
              ? id
              : c === 'action'
                ? name
                : c === 'chain'
                  ? chain
                  : c === 'position'
                    ? position
                    : c === 'at'
                      ? at
                      : action[c],
        ),
      );
      await q(4, [chain, position, aid, head.hash, hash, 'sha256']);
      await q(5, [position, hash, chain]);
      await q(
        6,
        ocols.map((c) =>
          c === 'id' ? `${stamp}-o-${n}-${step}` : c === 'action_id' ? aid : c === 'subject_id' ? id : outbox[c],
        ),
      );
    };
    const deadlineRow = (purpose: string) =>
      dlcols.map((c) =>
        c === 'id' ? `${stamp}-d-${n}-${purpose}` : c === 'subject_id' ? id : c === 'purpose' ? purpose : deadline[c],
      );
    const jobRow = (purpose: string) =>
      jcols.map((c) =>
        c === 'id' ? `${stamp}-j-${n}-${purpose}` : c === 'unique_key' ? `${stamp}-j-${n}-${purpose}` : job[c],
      );
    // create
    await tx(async () => {
      await q(0, [ticket.center_id, at.slice(0, 10)]);
      await q(
        1,
        tcols.map((c) =>
          c === 'id' ? id : c === 'number' ? number : c === 'status' ? 'registered' : c === 'version' ? 1 : ticket[c],
        ),
      );
      await audit(1, 'create');
      await q(
        7,
        icols.map((c) => (c === 'key' ? `${stamp}-k-${n}` : idem[c])),
      );
    });
    // dispatch
    await tx(async () => {
      await q(8, [id]);
      await q(
        9,
        dcols.map((c) => (c === 'id' ? `${stamp}-p-${n}` : c === 'ticket_id' ? id : dispatch[c])),
      );
      await q(10, deadlineRow('handling'));
      await q(11, jobRow('handling'));
      await q(10, deadlineRow('return'));
      await q(12, ['dispatched', 2, ticket.department_code, null, null, at, id, 1]);
      await audit(2, 'dispatch');
    });
    // accept
    await tx(async () => {
      await q(8, [id]);
      await q(12, ['accepted', 3, ticket.department_code, null, null, at, id, 2]);
      await audit(3, 'accept');
    });
    // reply
    await tx(async () => {
      await q(8, [id]);
      await q(10, deadlineRow('callback'));
      await q(11, jobRow('callback'));
      await q(12, ['replied', 4, ticket.department_code, 'resolved', '已修复破损地砖并清理积水。', at, id, 3]);
      await audit(4, 'reply');
    });
    // fetch by number
    await q(13, [number]);
  };
  return { texts: S, lifecycle };
}

async function rawBaseline(
  ctx: BenchContext,
  run: { concurrency: number; durationSec: number; warmupSec: number },
): Promise<ThroughputResult> {
  const k = ctx.k;
  const db = k.db as Kysely<any>;
  await shadowTables(db, k.adapter.dialect, WRITTEN, ['hotline_tickets', 'hotline_counters', 'kernel_chain_heads']);
  const { texts, lifecycle } = await rawLifecycle(db, k.adapter.dialect);
  let n = 0;
  const target = ctx.rawTarget;
  if (target.dialect === 'sqlite') {
    const { default: SQLite } = await import('better-sqlite3');
    const raw = new SQLite(target.sqliteFile!);
    try {
      applySqlitePragmas(raw, target.sqliteFile!);
      const stmts = texts.map((t) => raw.prepare(t));
      const begin = raw.prepare('begin');
      const commit = raw.prepare('commit');
      const q = async (i: number, params: unknown[]) => {
        const s = stmts[i];
        if (s.reader) return s.get(params) as Record<string, unknown> | undefined;
        s.run(params);
        return undefined;
      };
      // better-sqlite3 is synchronous: q's promises resolve at once and no other loop interleaves a transaction.
      const tx = async (f: () => Promise<void>) => {
        begin.run();
        try {
          await f();
          commit.run();
        } catch (e) {
          if (raw.inTransaction) raw.exec('rollback');
          throw e;
        }
      };
      // One loop: the work is synchronous on one connection, and awaits between statements would let loops interleave
      // inside a transaction.
      return await measureThroughput(() => lifecycle(n++, q, tx), { ...run, concurrency: 1 });
    } finally {
      raw.close();
    }
  }
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: target.pgUrl,
    max: run.concurrency,
    options: target.pgSchema ? `-c search_path=${target.pgSchema}` : undefined,
  });
  const pgTexts = texts.map((t) => {
    let i = 0;
    return t.replace(/\?/g, () => `$${++i}`);
  });
  try {
    return await measureThroughput(async () => {
      const c = await pool.connect();
      try {
        const q = async (i: number, params: unknown[]) =>
          (await c.query({ name: `bench_raw_hl_${i}`, text: pgTexts[i], values: params })).rows[0] as
            Record<string, unknown> | undefined;
        const tx = async (f: () => Promise<void>) => {
          await c.query('begin');
          try {
            await f();
            await c.query('commit');
          } catch (e) {
            await c.query('rollback').catch(() => undefined);
            throw e;
          }
        };
        await lifecycle(n++, q, tx);
      } finally {
        c.release();
      }
    }, run);
  } finally {
    await pool.end();
  }
}

// ─── The scenario ────────────────────────────────────────────────────────────────────────────────────────────────

export const hotlineLifecycle: Scenario = {
  name: 'hotline-lifecycle',
  description:
    'One 12345 ticket lifecycle through the HTTP API, 5 requests: POST ticket (operator, fresh Idempotency-Key) → POST dispatch by the ' +
    'routing rules → POST accept and POST reply (department) → POST public/track by ticket number and phone; into N stored closed tickets ' +
    '(each with 5 action rows + chain links, dispatch, callback, 3 deadlines); versus a bare Fastify JSON route (req/s ÷ 5) and the same ' +
    'rows written raw (4 prepared transactions + 1 read on a connection of its own).',
  defaultScale: 1_000_000,
  smokeScale: 1000,

  seed: (ctx, scale) => seedTickets(ctx, scale),

  async run(ctx) {
    const k = ctx.k;
    const app = await ctx.app();
    const url = await listenLocal(app);
    const op = await ctx.staffToken(OPERATOR);
    const zj = await ctx.staffToken(DEPARTMENT_STAFF);
    const stamp = `${Date.now().toString(36)}-${process.pid}-${randomInt(1e9).toString(36)}`;
    const count = Math.ceil(MAX_LIFECYCLES_PER_SEC * (ctx.durationSec + ctx.warmupSec)) + 1000;
    const body = JSON.stringify(TICKET);
    const creates = Array.from({ length: count }, (_, i) => ({
      body,
      headers: { 'idempotency-key': `bench-hl-${stamp}-${i}` },
    }));
    const json = { 'content-type': 'application/json' };
    const asOp = { ...json, authorization: `Bearer ${op}` };
    const asZj = { ...json, authorization: `Bearer ${zj}` };
    const steps = [
      { method: 'POST', path: '/api/v1/hotline/tickets', headers: asOp },
      { method: 'POST', path: '/api/v1/hotline/tickets/{id}/dispatch', headers: asOp, body: '{"version":{version}}' },
      { method: 'POST', path: '/api/v1/hotline/tickets/{id}/accept', headers: asZj, body: '{"version":{version}}' },
      {
        method: 'POST',
        path: '/api/v1/hotline/tickets/{id}/reply',
        headers: asZj,
        body: '{"version":{version},"outcome":"resolved","reply":"已修复破损地砖并清理积水。"}',
      },
      {
        method: 'POST',
        path: '/api/v1/hotline/public/track',
        headers: json,
        body: `{"number":"{number}","phone":"${PHONE}"}`,
      },
    ];
    const load = { connections: ctx.connections, durationSec: ctx.durationSec, warmupSec: ctx.warmupSec };
    // A lifecycle is five requests in sequence: in --smoke's 0.5 s a loaded machine may complete none, so the
    // lifecycle figure runs at least 3 s after at least 1 s of warm-up.
    const lifecycleLoad = {
      ...load,
      durationSec: Math.max(3, load.durationSec),
      warmupSec: Math.max(1, load.warmupSec),
    };
    const bare = await bareFastifyBaseline({ level: ctx.logLevel, ...load });
    await settleWal(k.db as Kysely<any>, k.adapter.dialect);
    const raw = await rawBaseline(ctx, {
      concurrency: ctx.connections,
      durationSec: ctx.durationSec,
      warmupSec: ctx.warmupSec,
    });
    await settleWal(k.db as Kysely<any>, k.adapter.dialect);
    const real = await measureLifecycles({ url, ...lifecycleLoad, steps, creates });
    if (real.sent > creates.length)
      throw new Error(`the run started ${real.sent} lifecycles but only ${creates.length} distinct keys were prebuilt`);
    // At rest: without load (see measureLifecycles), then the process's resident set (server, kernel, harness and the idle load
    // worker thread's heap: an upper bound for the server's).
    (globalThis as { gc?: () => void }).gc?.();
    const rssMb = process.memoryUsage().rss / 1048576;
    const stored = Number(
      (await sql<{ n: number }>`select count(*) as n from hotline_tickets`.execute(k.db)).rows[0].n,
    );
    ctx.note(
      `${real.lifecycles.toLocaleString('en-US')} lifecycles (${real.requests.toLocaleString('en-US')} requests) in ${real.durationSec} s with ${ctx.connections} connections; ` +
        `${stored.toLocaleString('en-US')} tickets stored after the run. Step p50/p95 ms — ` +
        ['create', 'dispatch', 'accept', 'reply', 'track']
          .map((name, i) => `${name} ${real.steps[i].p50Ms.toFixed(1)}/${real.steps[i].p95Ms.toFixed(1)}`)
          .join(', ') +
        `; lifecycle p50/p95/p99 ${real.lifecycle.p50Ms.toFixed(1)}/${real.lifecycle.p95Ms.toFixed(1)}/${real.lifecycle.p99Ms.toFixed(1)}; ` +
        `same rows raw: ${raw.ops.toLocaleString('en-US')} lifecycles, p50 ${raw.p50Ms.toFixed(2)} ms; bare route ${Math.round(bare.reqPerSec).toLocaleString('en-US')} req/s.`,
    );
    ctx.note(
      `Server RSS at rest: ${rssMb.toFixed(0)} MB (whole bench process after the run: server, kernel, harness; target ≤ 250 MB).`,
    );
    const s = ctx.seedInfo.tickets as { rows: number; seconds: number; ticketsPerSec: number } | undefined;
    if (s)
      ctx.note(
        `Seeded ${s.rows.toLocaleString('en-US')} closed tickets (ticket + 5 actions + 5 chain links + dispatch + callback + 3 deadlines each) in ${s.seconds.toFixed(1)} s ` +
          `(${Math.round(s.ticketsPerSec).toLocaleString('en-US')} tickets/s)${ctx.seededNow ? '' : `, when the cache was built (${String(ctx.seedInfo.seededAt ?? 'earlier')})`}.`,
      );
    const out: Measurement[] = [
      {
        name: 'lifecycles/s (5 requests each)',
        unit: 'ops/s',
        value: real.lifecyclesPerSec,
        baseline: { name: 'same rows raw (4 prepared transactions + 1 read), lifecycles/s', value: raw.opsPerSec },
        lowerIsBetter: false,
      },
      {
        name: 'lifecycles/s vs bare route',
        unit: 'ops/s',
        value: real.lifecyclesPerSec,
        baseline: { name: 'bare Fastify JSON route req/s ÷ 5', value: bare.reqPerSec / 5 },
        lowerIsBetter: false,
      },
      {
        name: 'request latency p95 (any step)',
        unit: 'ms',
        value: real.request.p95Ms,
        baseline: { name: 'target', value: 50 },
        lowerIsBetter: true,
      },
      {
        name: 'lifecycle latency p95 (5 requests in sequence)',
        unit: 'ms',
        value: real.lifecycle.p95Ms,
        baseline: { name: 'raw lifecycle p99', value: raw.p99Ms },
        lowerIsBetter: true,
      },
      ...(real.cpuMsPerLifecycle !== null && raw.cpuMsPerOp !== null
        ? [
            {
              name: 'CPU per lifecycle (server main thread)',
              unit: 'ms' as const,
              value: real.cpuMsPerLifecycle,
              baseline: { name: 'raw lifecycle CPU (client main thread)', value: raw.cpuMsPerOp },
              lowerIsBetter: true,
            },
          ]
        : []),
    ];
    return out;
  },
};
