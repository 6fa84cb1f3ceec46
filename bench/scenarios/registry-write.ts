/**
 * POST new enterprises with fresh valid USCCs and an Idempotency-Key, against a raw transaction writing the same
 * rows with prepared statements on a connection of its own (and, for comparison with older reports, the old raw
 * 3-row insert transaction).
 */
import { randomInt } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Measurement, PrebuiltRequest, RawStatement, Scenario } from '../harness.ts';
import {
  measureHttp,
  prng,
  rawPreparedTransactionBaseline,
  rawTransactionBaseline,
  settleWal,
  shadowTables,
} from '../harness.ts';
import { henanRegions } from '../../src/modules/registry/demo.ts';
import { findDivision } from '../../src/kernel/reference/divisions.ts';
import { generateUscc } from '../../src/kernel/validators/uscc.ts';
import { generateResidentId } from '../../src/kernel/validators/resident-id.ts';
import { seedEnterprises } from './registry-common.ts';
import { committedLinks, signReceipt } from '../../src/kernel/audit-receipts.ts';
import { AUDIT_CHAIN_COUNT } from '../../src/kernel/db/kernel-migrations.ts';

/** The rows one registration stores, in the order the app writes them. */
const WRITTEN = [
  'registry_enterprises',
  'kernel_actions',
  'kernel_audit_links',
  'kernel_chain_heads',
  'kernel_outbox',
  'kernel_idempotency',
];

/** A ceiling on writes per second, to size the prebuilt list so no body is sent twice. */
const MAX_WRITES_PER_SEC = 5000;

export const registryWrite: Scenario = {
  name: 'registry-write',
  description:
    'POST /api/v1/registry/enterprises as the demo admin with fresh valid USCCs and an Idempotency-Key (validation, encrypted ' +
    'legal-representative ID, row + audit action + chain link + outbox event + idempotency row in one transaction) into a table of N ' +
    'enterprises, versus the same rows written by prepared statements in one raw transaction on a connection of its own.',
  defaultScale: 100_000,
  smokeScale: 1000,

  seed: (ctx, scale) => seedEnterprises(ctx, scale),

  async run(ctx, scale) {
    const k = ctx.k;
    const app = await ctx.app();
    const token = await ctx.staffToken();
    const count = Math.ceil(MAX_WRITES_PER_SEC * (ctx.durationSec + ctx.warmupSec)) + 1000;
    // Seeded enterprises use generator seqs 0 … scale−1. A write run prebuilds four lists of `count` seqs but sends
    // only what its throughput allows, so the row count does not say which seqs earlier runs used (a later run starting
    // there met their USCCs: 409 in the warm-up). Each run takes its four lists at a random place in the generator's
    // space (31^6 seqs), far from the seeded ones; two runs' USCCs meet only if both seq and county coincide.
    const first = scale + randomInt(0, 31 ** 6 - scale - 4 * count);
    const counties = henanRegions().filter((c) => findDivision(c)?.level === 'county' && findDivision(c)?.gbt2260);
    const rnd = prng(first);
    const stamp = `${Date.now().toString(36)}-${process.pid}`;
    // Three measured runs (receipts on, off, on again), each with bodies of its own.
    const listFrom = (from: number): PrebuiltRequest[] =>
      Array.from({ length: count }, (_, i) => {
        const s = from + i;
        const region = counties[Math.floor(rnd() * counties.length)];
        return {
          method: 'POST',
          path: '/api/v1/registry/enterprises',
          headers: { 'idempotency-key': `bench-${stamp}-${s}` },
          body: JSON.stringify({
            uscc: generateUscc({ division: region, seq: s, authority: '9', orgType: '1' }),
            name: `基准写入科技有限公司（示例${s}）`,
            orgType: 'enterprise',
            entityType: '有限责任公司（自然人投资或控股）',
            region,
            address: `示例路${1 + (s % 300)}号`,
            industry: '65',
            legalRepresentative: {
              name: '王中原',
              residentId: generateResidentId({ region, birthDate: '1980-05-12', seq: s % 1000 }),
            },
            establishedOn: '2020-03-15',
          }),
        };
      });
    const list = listFrom(first);
    const run = { concurrency: ctx.connections, durationSec: ctx.durationSec, warmupSec: ctx.warmupSec };

    const settle = () => settleWal(k.db as Kysely<any>, k.adapter.dialect);
    await settle();
    const oldRaw = await rawTransactionBaseline(k.db, run);
    await shadowTables(k.db as Kysely<any>, k.adapter.dialect, WRITTEN, ['registry_enterprises', 'kernel_chain_heads']);
    await settle();
    const raw = await rawPreparedTransactionBaseline(
      ctx.rawTarget,
      await sameRows(k.db as Kysely<any>, k.adapter.dialect, stamp, counties),
      run,
    );
    await settle();
    const real = await measureHttp(app, {
      connections: ctx.connections,
      durationSec: ctx.durationSec,
      warmupSec: ctx.warmupSec,
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      list,
    });
    if (real.sent > list.length)
      throw new Error(`the run sent ${real.sent} requests but only ${list.length} distinct bodies were prebuilt`);
    // What the write receipt costs (OneWindow-Receipt: a read of the committed links and an Ed25519 signature): the
    // same write with receipts off, alternated with it on, so drift over the run does not favour either side.
    const receipted = k.config.receipts;
    const http = {
      connections: ctx.connections,
      durationSec: ctx.durationSec,
      warmupSec: ctx.warmupSec,
      method: 'POST' as const,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    };
    // Alternated (on, off, on, off) and averaged in pairs: on a shared machine the load swings within a run.
    k.config.receipts = false;
    await settle();
    const off1 = await measureHttp(app, { ...http, list: listFrom(first + count) });
    k.config.receipts = receipted;
    await settle();
    const again = await measureHttp(app, { ...http, list: listFrom(first + 2 * count) });
    k.config.receipts = false;
    await settle();
    const off2 = await measureHttp(app, { ...http, list: listFrom(first + 3 * count) });
    k.config.receipts = receipted;
    const on = (a: number, b: number) => (a + b) / 2;
    const mean = (f: (m: typeof off1) => number | null) => {
      const a = f(off1);
      const b = f(off2);
      return a === null || b === null ? null : (a + b) / 2;
    };
    const off = {
      reqPerSec: mean((m) => m.reqPerSec)!,
      p50Ms: mean((m) => m.p50Ms)!,
      cpuMsPerRequest: mean((m) => m.cpuMsPerRequest),
    };
    // The receipt's own work, in process and without the load's noise: the committed-link read and the signature.
    const newest = await k.db
      .selectFrom('kernel_audit_links')
      .select(['chain', 'position', 'hash', 'action_id'])
      .orderBy('position', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const link = {
      chain: Number(newest.chain),
      position: Number(newest.position),
      hash: newest.hash,
      actionId: newest.action_id,
    };
    const N = 2000;
    let t0 = performance.now();
    for (let i = 0; i < N; i++) signReceipt(k.config, [link], new Date());
    const signMs = (performance.now() - t0) / N;
    t0 = performance.now();
    for (let i = 0; i < N; i++) await committedLinks(k.db, [link]);
    const readMs = (performance.now() - t0) / N;
    ctx.note(
      `receipt in process: Ed25519 signature ${(signMs * 1000).toFixed(0)} µs, committed-link read ${(readMs * 1000).toFixed(0)} µs per write.`,
    );
    ctx.note(
      `receipts: ${Math.round(on(real.reqPerSec, again.reqPerSec))} writes/s with (mean of the runs before and after), ` +
        `${Math.round(off.reqPerSec)} without (mean of the two runs between); p50 ${on(real.p50Ms, again.p50Ms).toFixed(2)} vs ${off.p50Ms.toFixed(2)} ms.`,
    );
    ctx.note(
      `${real.requests.toLocaleString('en-US')} enterprises registered in the measured period (seqs ${first}–${first + real.sent - 1} with warm-up); ` +
        `same-rows raw baseline ${raw.ops.toLocaleString('en-US')} transactions, old 3-row baseline ${oldRaw.ops.toLocaleString('en-US')}, each with ${ctx.connections} concurrent loops.`,
    );

    const label = 'same rows, raw prepared transaction';
    const out: Measurement[] = [
      {
        name: 'POST enterprise (201 Created)',
        unit: 'ops/s',
        value: real.reqPerSec,
        baseline: { name: label, value: raw.opsPerSec },
        lowerIsBetter: false,
      },
      {
        name: 'POST enterprise latency p50',
        unit: 'ms',
        value: real.p50Ms,
        baseline: { name: `${label} p50`, value: raw.p50Ms },
        lowerIsBetter: true,
      },
      {
        name: 'POST enterprise latency p99',
        unit: 'ms',
        value: real.p99Ms,
        baseline: { name: `${label} p99`, value: raw.p99Ms },
        lowerIsBetter: true,
      },
      ...(real.cpuMsPerRequest !== null && raw.cpuMsPerOp !== null
        ? [
            {
              name: 'POST enterprise CPU per write (main thread)',
              unit: 'ms' as const,
              value: real.cpuMsPerRequest,
              baseline: { name: `${label} CPU per transaction`, value: raw.cpuMsPerOp },
              lowerIsBetter: true,
            },
          ]
        : []),
      {
        name: 'POST enterprise with receipt',
        unit: 'ops/s',
        value: on(real.reqPerSec, again.reqPerSec),
        baseline: { name: 'the same write, receipts off', value: off.reqPerSec },
        lowerIsBetter: false,
      },
      {
        name: 'POST enterprise with receipt, latency p50',
        unit: 'ms',
        value: on(real.p50Ms, again.p50Ms),
        baseline: { name: 'receipts off p50', value: off.p50Ms },
        lowerIsBetter: true,
      },
      ...(real.cpuMsPerRequest !== null && again.cpuMsPerRequest !== null && off.cpuMsPerRequest !== null
        ? [
            {
              name: 'POST enterprise with receipt, CPU per write (main thread)',
              unit: 'ms' as const,
              value: on(real.cpuMsPerRequest, again.cpuMsPerRequest),
              baseline: { name: 'receipts off, CPU per write', value: off.cpuMsPerRequest },
              lowerIsBetter: true,
            },
          ]
        : []),
      ...(off.cpuMsPerRequest !== null
        ? [
            {
              name: 'receipt in process (link read + signature) per write',
              unit: 'ms' as const,
              value: signMs + readMs,
              baseline: { name: 'CPU per write, receipts off', value: off.cpuMsPerRequest },
              lowerIsBetter: true,
            },
          ]
        : []),
      {
        name: 'POST enterprise (201 Created), old baseline',
        unit: 'ops/s',
        value: real.reqPerSec,
        baseline: { name: 'raw 3-row insert transaction (app Kysely)', value: oldRaw.opsPerSec },
        lowerIsBetter: false,
      },
    ];
    return out;
  },
};

/**
 * The statements of one registration, against the `bench_raw_*` copies: read the chain head (locking it on
 * PostgreSQL), insert the enterprise, the action, the chain link, move the head, insert the outbox event and the
 * idempotency row. Values are the size of real ones (a real enterprise row as template).
 */
async function sameRows(
  db: Kysely<any>,
  dialect: 'sqlite' | 'postgres',
  stamp: string,
  counties: string[],
): Promise<RawStatement[]> {
  const row = (await db.selectFrom('registry_enterprises').selectAll().limit(1).executeTakeFirstOrThrow()) as Record<
    string,
    unknown
  >;
  // Rows come back converted (columns.ts): bind JSON values as JSON text again, and booleans as SQLite stores them.
  const stored = (v: unknown) =>
    v !== null && typeof v === 'object'
      ? JSON.stringify(v)
      : typeof v === 'boolean' && dialect === 'sqlite'
        ? Number(v)
        : v;
  const template = Object.fromEntries(Object.entries(row).map(([c, v]) => [c, stored(v)]));
  const posBase =
    Number(
      (await sql<{ p: number }>`select coalesce(max(position), 0) as p from bench_raw_kernel_audit_links`.execute(db))
        .rows[0].p,
    ) + 1;
  const cols = Object.keys(template);
  const hash = 'a'.repeat(64);
  const at = new Date().toISOString();
  const body = JSON.stringify({
    ...template,
    regionName: '河南省郑州市金水区',
    industryName: '软件和信息技术服务业',
    legalRepresentative: { name: '王中原', residentIdMasked: '4101**********1234' },
  });
  const id = (kind: string, n: number) => `${stamp}-${kind}-${String(n).padStart(10, '0')}`;
  // The real write's keys land where the real ones do: a valid USCC of a random county (a random leaf of the USCC
  // index) and that county in the region index. Authority '5' and seqs after every earlier run's keep them unique.
  const firstSeq = Number(
    (await sql<{ n: number }>`select count(*) as n from bench_raw_registry_enterprises`.execute(db)).rows[0].n,
  );
  const regionOf = (n: number) => counties[(n * 2654435761) % counties.length];
  const usccOf = (n: number) =>
    generateUscc({ division: regionOf(n), seq: firstSeq + n, authority: '5', orgType: '1' });
  // Every head exists, as for the real write (until 2026-12-07 `n % 64` of 16 heads: three writes in four read no
  // head and updated no row, which flattered the baseline).
  const chain = (n: number) => n % AUDIT_CHAIN_COUNT;
  return [
    {
      sql: `select position, hash from bench_raw_kernel_chain_heads where chain = ?${dialect === 'postgres' ? ' for update' : ''}`,
      params: (n) => [chain(n)],
    },
    {
      sql: `insert into bench_raw_registry_enterprises (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`,
      params: (n) =>
        cols.map((c) =>
          c === 'id'
            ? id('e', n)
            : c === 'uscc'
              ? usccOf(n)
              : c === 'region'
                ? regionOf(n)
                : c === 'name'
                  ? `基准写入科技有限公司（示例${n}）`
                  : template[c],
        ),
    },
    {
      sql:
        'insert into bench_raw_kernel_actions (id, at, actor_id, actor_role, on_behalf_of, action, subject_type, subject_id, reason, rule_version, before_digest, after_digest, request_id, chain, position) ' +
        'values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      params: (n) => [
        id('a', n),
        at,
        id('actor', 0),
        'admin',
        null,
        'register',
        'enterprise',
        id('e', n),
        null,
        null,
        null,
        hash,
        id('r', n),
        chain(n),
        posBase + n,
      ],
    },
    {
      sql: 'insert into bench_raw_kernel_audit_links (chain, position, action_id, prev_hash, hash, hash_alg) values (?, ?, ?, ?, ?, ?)',
      params: (n) => [chain(n), posBase + n, id('a', n), hash, hash, 'sha256'],
    },
    {
      sql: 'update bench_raw_kernel_chain_heads set position = ?, hash = ? where chain = ?',
      params: (n) => [posBase + n, hash, chain(n)],
    },
    {
      sql: 'insert into bench_raw_kernel_outbox (id, type, action_id, subject_type, subject_id, payload, created_at, dispatched_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
      params: (n) => [
        id('o', n),
        'registry.enterprise.registered',
        id('a', n),
        'enterprise',
        id('e', n),
        JSON.stringify({ id: id('e', n), uscc: usccOf(n), region: regionOf(n) }),
        at,
        null,
      ],
    },
    {
      sql: 'insert into bench_raw_kernel_idempotency (caller, key, route, request_hash, response_status, response_body, created_at) values (?, ?, ?, ?, ?, ?, ?)',
      params: (n) => [id('actor', 0), id('k', n), 'POST /api/v1/registry/enterprises', hash, 201, body, at],
    },
  ];
}
