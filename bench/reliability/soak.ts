/**
 * Soak and several processes (issue 14). Steady mixed traffic (reads and writes, every write with an
 * Idempotency-Key) at a fixed rate against the real server for N seconds: latency percentiles, errors (must be 0),
 * the server's RSS sampled over time with its trend (MB/min), and the delay of a trivial route (/healthz) as the
 * client-side measure of the server's event-loop delay (the server does not expose its own).
 * On PostgreSQL, a second server process (ONEWINDOW_WORKERS=off) joins the first on the same schema and data
 * folder: the same load split over both, the same move raced through both (one 200, one 409: no lost update), a
 * file uploaded through one and read through the other, no job or delivery run twice, the chains verify, and catalog
 * publishes through one process and through both (the search index's counter row serializes them).
 */
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import type { ReliabilityFigures, ReliabilityOptions, ReliabilityPart } from './types.ts';
import { call, cli, loginAll, partDb, rng, sleep, startServer, type PartDb, type Server, type Who } from './proc.ts';
import { certificateItem, createStep, draftImplementation, moves, READER, readPath, type Kind } from './workload.ts';

type Tokens = Record<Who, string>;

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Least-squares slope of y over x. */
export function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

interface Subject {
  kind: Kind;
  id: string;
  version: number;
  next: number;
}

interface TrafficResult {
  requests: number;
  errors: number;
  writes: number;
  latencies: number[];
  health: number[];
  rss: Array<{ t: number; mb: number; anon: number }>;
  errorSamples: string[];
  skipped: number;
  /** The machine's 1-minute load average, sampled with RSS. */
  load: number[];
}

/**
 * Open-loop traffic: one request every 1000/rate ms whatever the answers (a cap on requests in flight guards the
 * client), round-robin over `servers`. Subjects are moved by one request at a time, so no 409 is expected.
 */
async function traffic(
  servers: Server[],
  tokens: Tokens,
  itemId: string,
  o: { rate: number; seconds: number; seed: number; rssEveryMs: number; tag: string },
): Promise<TrafficResult> {
  const random = rng(o.seed);
  const res: TrafficResult = {
    requests: 0,
    errors: 0,
    writes: 0,
    latencies: [],
    health: [],
    rss: [],
    errorSamples: [],
    skipped: 0,
    load: [],
  };
  const idle: Subject[] = [];
  const known: Subject[] = [];
  let inFlight = 0;
  let seq = 0;
  let rr = 0;
  const pick = () => servers[rr++ % servers.length];
  const record = (status: number, ms: number, what: string, body: unknown) => {
    res.requests++;
    res.latencies.push(ms);
    if (status < 200 || status >= 300) {
      res.errors++;
      if (res.errorSamples.length < 5)
        res.errorSamples.push(`${what}: ${status} ${JSON.stringify(body).slice(0, 200)}`);
      return false;
    }
    return true;
  };
  const one = async () => {
    const s = pick();
    const x = random();
    if (x < 0.7 || (x >= 0.9 && idle.length === 0)) {
      const r = random();
      const subject = known.length ? known[Math.floor(random() * known.length)] : null;
      const [who, p]: [Who, string] =
        r < 0.3 || !subject
          ? ['clerk', '/api/v1/cases?limit=20']
          : r < 0.5
            ? ['operator', '/api/v1/hotline/tickets?limit=20']
            : [READER[subject.kind], readPath(subject.kind, subject.id)];
      const a = await call(s.base, 'GET', p, { token: tokens[who] });
      record(a.status, a.ms, `GET ${p}`, a.body);
      return;
    }
    res.writes++;
    if (x < 0.9) {
      const kind: Kind = random() < 0.5 ? 'case' : 'ticket';
      const st = createStep(kind, itemId);
      const a = await call(s.base, 'POST', st.path, {
        token: tokens[st.who],
        body: st.body,
        key: `soak-${o.tag}-${o.seed}-${seq++}`,
      });
      if (record(a.status, a.ms, `POST ${st.path}`, a.body)) {
        const sub = { kind, id: a.body.id, version: a.body.version, next: 0 };
        idle.push(sub);
        known.push(sub);
      }
      return;
    }
    const sub = idle.splice(Math.floor(random() * idle.length), 1)[0];
    const m = moves(sub.kind, sub.id)[sub.next];
    const a = await call(s.base, 'POST', m.path, {
      token: tokens[m.who],
      body: m.body(sub.version),
      key: `soak-${o.tag}-${o.seed}-${seq++}`,
    });
    if (record(a.status, a.ms, `POST ${m.path}`, a.body)) {
      sub.version = a.body.version;
      sub.next++;
      if (sub.next < moves(sub.kind, sub.id).length) idle.push(sub);
    }
  };
  const t0 = performance.now();
  const interval = 1000 / o.rate;
  const pending = new Set<Promise<void>>();
  const sampler = setInterval(() => {
    for (const s of servers) {
      const mb = s.rssMb();
      if (mb !== null) res.rss.push({ t: (performance.now() - t0) / 60_000, mb, anon: s.anonMb() ?? 0 });
    }
    res.load.push(os.loadavg()[0]);
  }, o.rssEveryMs);
  const health = setInterval(() => {
    const s = pick();
    void call(s.base, 'GET', '/healthz').then((a) => res.health.push(a.ms));
  }, 250);
  try {
    for (let i = 0; performance.now() - t0 < o.seconds * 1000; i++) {
      const due = t0 + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      if (inFlight >= 64) {
        res.skipped++;
        continue;
      }
      inFlight++;
      const p = one()
        .catch((e) => {
          res.errors++;
          if (res.errorSamples.length < 5) res.errorSamples.push(String(e));
        })
        .finally(() => {
          inFlight--;
          pending.delete(p);
        });
      pending.add(p);
    }
    await Promise.all(pending);
  } finally {
    clearInterval(sampler);
    clearInterval(health);
  }
  return res;
}

/**
 * The traffic's figures under `prefix`; the RSS trend over the samples after `warmUp` of the run (a fraction): V8
 * grows its heap towards a steady size for minutes at a steady load, so a trend is read only after that.
 */
function trafficFigures(r: TrafficResult, prefix: string, seconds: number, warmUp = 0.25) {
  const lat = [...r.latencies].sort((a, b) => a - b);
  const health = [...r.health].sort((a, b) => a - b);
  const warm = r.rss.filter((s) => s.t * 60 >= seconds * warmUp);
  const rssSlope = slope(
    warm.map((s) => s.t),
    warm.map((s) => s.mb),
  );
  const anonSlope = slope(
    warm.map((s) => s.t),
    warm.map((s) => s.anon),
  );
  const mbs = r.rss.map((s) => s.mb);
  return {
    [`${prefix}requests`]: r.requests,
    [`${prefix}writes`]: r.writes,
    [`${prefix}reqPerSec`]: round(r.requests / seconds),
    [`${prefix}errors`]: r.errors,
    [`${prefix}p50Ms`]: round(percentile(lat, 50)),
    [`${prefix}p95Ms`]: round(percentile(lat, 95)),
    [`${prefix}p99Ms`]: round(percentile(lat, 99)),
    [`${prefix}healthzP50Ms`]: round(percentile(health, 50)),
    [`${prefix}healthzP99Ms`]: round(percentile(health, 99)),
    [`${prefix}rssStartMb`]: round(mbs[0] ?? 0),
    [`${prefix}rssEndMb`]: round(mbs[mbs.length - 1] ?? 0),
    [`${prefix}rssMaxMb`]: round(Math.max(0, ...mbs)),
    [`${prefix}rssSlopeMbPerMin`]: round(rssSlope, 2),
    [`${prefix}rssGrowthAfterWarmUpMb`]: round((warm[warm.length - 1]?.mb ?? 0) - (warm[0]?.mb ?? 0)),
    [`${prefix}anonStartMb`]: round(r.rss[0]?.anon ?? 0),
    [`${prefix}anonEndMb`]: round(r.rss[r.rss.length - 1]?.anon ?? 0),
    [`${prefix}anonSlopeMbPerMin`]: round(anonSlope, 2),
    [`${prefix}anonGrowthAfterWarmUpMb`]: round((warm[warm.length - 1]?.anon ?? 0) - (warm[0]?.anon ?? 0)),
    [`${prefix}rssSamples`]: r.rss.length,
  };
}

/** The heap a full collection leaves (server started with --trace-gc), after the warm-up: first, last, trend. */
function heapFigures(s: Server, loadStart: number, seconds: number, warmUp: number) {
  const from = loadStart + seconds * 1000 * warmUp;
  const warm = s.majorGcs.filter((g) => g.at >= from && g.at <= loadStart + seconds * 1000);
  const trend = slope(
    warm.map((g) => (g.at - loadStart) / 60_000),
    warm.map((g) => g.heapMb),
  );
  return {
    majorGcs: s.majorGcs.filter((g) => g.at >= loadStart).length,
    heapAfterMajorGcFirstMb: round(warm[0]?.heapMb ?? 0),
    heapAfterMajorGcLastMb: round(warm[warm.length - 1]?.heapMb ?? 0),
    heapAfterMajorGcGrowthMb: round((warm[warm.length - 1]?.heapMb ?? 0) - (warm[0]?.heapMb ?? 0)),
    heapAfterMajorGcSlopeMbPerMin: round(trend, 2),
  };
}

async function pgQuery(db: PartDb, q: string): Promise<any[]> {
  const c = new pg.Client({ connectionString: db.env.DATABASE_URL });
  await c.connect();
  try {
    await c.query(`set search_path to "${db.env.ONEWINDOW_PG_SCHEMA}"`);
    return (await c.query(q)).rows;
  } finally {
    await c.end();
  }
}

/** Publishes `drafts` with `concurrency` requests at a time, round-robin over `servers`; answers publishes/s. */
async function publishAll(
  servers: Server[],
  tokens: Tokens,
  drafts: Array<{ id: string; version: number }>,
  concurrency: number,
): Promise<{ perSec: number; errors: string[] }> {
  // Submitting is not what is measured: every draft is submitted first.
  const submitted: Array<{ id: string; version: number }> = [];
  for (const d of drafts) {
    const r = await call(servers[0].base, 'POST', `/api/v1/catalog/implementations/${d.id}/submit`, {
      token: tokens.reviewer,
      body: { version: d.version, reason: '可靠性测试：submit' },
    });
    if (r.status !== 200) throw new Error(`submit: ${r.status} ${JSON.stringify(r.body)}`);
    submitted.push({ id: d.id, version: r.body.version });
  }
  const errors: string[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = next++; i < submitted.length; i = next++) {
        const s = servers[(i + w) % servers.length];
        const r = await call(s.base, 'POST', `/api/v1/catalog/implementations/${submitted[i].id}/publish`, {
          token: tokens.lead,
          body: { version: submitted[i].version, reason: '可靠性测试：publish' },
        });
        if (r.status !== 200) errors.push(`publish via ${s.port}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      }
    }),
  );
  return { perSec: round(submitted.length / ((performance.now() - t0) / 1000), 2), errors };
}

export async function runSoak(opts: ReliabilityOptions): Promise<ReliabilityFigures> {
  // Full: ten minutes (ONEWINDOW_SOAK_SECONDS for a longer one), the trend read over the second half (three minutes
  // were all warm-up: the heap still growing).
  const seconds = opts.full ? Number(process.env.ONEWINDOW_SOAK_SECONDS ?? 600) : 15;
  const warmUp = opts.full ? 0.5 : 0.25;
  const rate = opts.full ? 40 : 20;
  const notes: string[] = [];
  let failures = 0;
  const fail = (msg: string) => {
    if (notes.length < 12) notes.push(msg);
    failures++;
  };
  const figures: Record<string, number | string> = {};
  const db = await partDb(opts, 'soak');
  const servers: Server[] = [];
  const loop = monitorEventLoopDelay({ resolution: 10 });
  try {
    const a = await startServer(db, {}, undefined, { traceGc: true });
    servers.push(a);
    const tokens = await loginAll(a.base);
    const itemId = await certificateItem(a.base, tokens, `${opts.seed % 1e6}${Date.now() % 1e4}`);
    loop.enable();
    const one = await traffic([a], tokens, itemId, {
      rate,
      seconds,
      seed: opts.seed,
      rssEveryMs: opts.full ? 5000 : 1000,
      tag: 'one',
    });
    loop.disable();
    const loadStart = Date.now() - seconds * 1000;
    Object.assign(figures, trafficFigures(one, '', seconds, warmUp), heapFigures(a, loadStart, seconds, warmUp));
    figures.clientLoopDelayP99Ms = round(loop.percentile(99) / 1e6);
    notes.push(
      'The server does not expose its event-loop delay: healthz* is the latency of GET /healthz every 250 ms during the load ' +
        '(client-side, queueing included); clientLoopDelayP99Ms is the load generator’s own loop delay.',
    );
    if (one.errors) fail(`${one.errors} error(s): ${one.errorSamples.join('; ')}`);
    figures.notSent = one.skipped;
    const cpus = os.cpus().length;
    figures.machineLoadMean = round(one.load.reduce((a, b) => a + b, 0) / Math.max(1, one.load.length), 2);
    figures.cpus = cpus;
    // Not sent because 64 were in flight: the server fell behind the rate. A failure in the full run on a machine
    // the soak has to itself; when other work kept the machine's mean load above its CPU count, the server was
    // starved, not slow, so the count is reported and not failed (as in the reduced run, which shares the machine with npm
    // test's other files).
    if (one.skipped && opts.full) {
      const msg = `${one.skipped} request(s) not sent: 64 already in flight (the server fell behind)`;
      if (Number(figures.machineLoadMean) <= cpus) fail(msg);
      else
        notes.push(
          `${msg} — the machine's load average was ${figures.machineLoadMean} on ${cpus} CPUs over the run (other work): not counted as a failure`,
        );
    }
    // A leak: anonymous memory still rising after the warm-up, or the live heap (what a full collection leaves)
    // rising. File pages (RSS − RssAnon) are not counted: on SQLite they are the growing database file, mapped.
    const growth = Number(figures.anonGrowthAfterWarmUpMb);
    if (opts.full && Number(figures.anonSlopeMbPerMin) > 5 && growth > 20)
      fail(`anonymous RSS grows after the warm-up: ${figures.anonSlopeMbPerMin} MB/min, ${round(growth)} MB`);
    const heapGrowth = Number(figures.heapAfterMajorGcGrowthMb);
    if (opts.full && Number(figures.heapAfterMajorGcSlopeMbPerMin) > 2 && heapGrowth > 10)
      fail(`the live heap grows after the warm-up: ${figures.heapAfterMajorGcSlopeMbPerMin} MB/min, ${heapGrowth} MB`);

    if (opts.db === 'postgres') await severalProcesses(opts, db, servers, tokens, itemId, figures, fail);
    else notes.push('Several processes: PostgreSQL only (SQLite serves one process).');

    for (const s of servers.splice(0)) await s.stop();
    const v = await cli(db, ['audit', 'verify']);
    figures.auditVerifyExit = v.code ?? -1;
    if (v.code !== 0) fail(`audit verify exited ${v.code}: ${v.out.slice(-400)}`);
  } catch (e) {
    fail(`crashed: ${(e as Error).stack ?? e}`);
    for (const s of servers) notes.push(s.output().slice(-1500));
  } finally {
    for (const s of servers) await s.kill9().catch(() => {});
    await db.drop().catch(() => {});
  }
  return { part: 'soak', figures, failures, notes };
}

async function severalProcesses(
  opts: ReliabilityOptions,
  db: PartDb,
  servers: Server[],
  tokens: Tokens,
  itemId: string,
  figures: Record<string, number | string>,
  fail: (msg: string) => void,
): Promise<void> {
  const [a] = servers;
  const b = await startServer(db, { ONEWINDOW_WORKERS: 'off' });
  servers.push(b);
  const seconds = opts.full ? 60 : 8;
  const mp = await traffic([a, b], tokens, itemId, {
    rate: opts.full ? 40 : 20,
    seconds,
    seed: opts.seed + 1,
    rssEveryMs: 2000,
    tag: 'two',
  });
  const mf = trafficFigures(mp, 'twoProcesses.', seconds);
  for (const k of ['requests', 'reqPerSec', 'errors', 'p50Ms', 'p95Ms', 'p99Ms'])
    figures[`twoProcesses.${k}`] = mf[`twoProcesses.${k}`];
  if (mp.errors) fail(`two processes: ${mp.errors} error(s): ${mp.errorSamples.join('; ')}`);

  // The same move raced through both processes with the same version: exactly one wins, the other is told 409.
  const races = opts.full ? 30 : 6;
  let conflicts = 0;
  let lost = 0;
  for (let i = 0; i < races; i++) {
    const kind: Kind = i % 2 ? 'ticket' : 'case';
    const st = createStep(kind, itemId);
    const c = await call(a.base, 'POST', st.path, {
      token: tokens[st.who],
      body: st.body,
      key: `race-${opts.seed}-${i}`,
    });
    if (c.status !== 201) {
      fail(`race ${i}: create ${c.status}`);
      continue;
    }
    const m = moves(kind, c.body.id)[0];
    const answers = await Promise.all(
      [a, b].map((s) => call(s.base, 'POST', m.path, { token: tokens[m.who], body: m.body(c.body.version) })),
    );
    const statuses = answers.map((x) => x.status).sort();
    const after = await call(b.base, 'GET', readPath(kind, c.body.id), { token: tokens[READER[kind]] });
    if (statuses[0] === 200 && statuses[1] === 409 && after.body?.version === c.body.version + 1) conflicts++;
    else {
      lost++;
      fail(`race ${i} (${kind} ${m.action}): answers ${statuses.join(', ')}, then version ${after.body?.version}`);
    }
  }
  figures['twoProcesses.racedMoves'] = races;
  figures['twoProcesses.conflictsAnswered409'] = conflicts;
  figures['twoProcesses.lostUpdates'] = lost;

  // A file stored through one process is served by the other (one data folder for all processes).
  const st = createStep('case', itemId);
  const c = await call(a.base, 'POST', st.path, { token: tokens.citizen, body: st.body, key: `file-${opts.seed}` });
  const pdf = Buffer.from(`%PDF-1.7\n1 0 obj <<>> endobj\n% ${opts.seed}\ntrailer <<>>\n%%EOF\n`);
  const up = await fetch(`${a.base}/api/v1/cases/${c.body.id}/materials?name=${encodeURIComponent('申请书.pdf')}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.citizen}`, 'content-type': 'application/pdf' },
    body: pdf,
  });
  const m = (await up.json()) as { id?: string };
  const down = await fetch(`${b.base}/api/v1/cases/${c.body.id}/materials/${m.id}`, {
    headers: { authorization: `Bearer ${tokens.citizen}` },
  });
  const same = up.status === 201 && down.status === 200 && Buffer.from(await down.arrayBuffer()).equals(pdf);
  figures['twoProcesses.fileSharedAcrossProcesses'] = same ? 'yes' : 'no';
  if (!same) fail(`file uploaded via one process (${up.status}) read via the other: ${down.status}`);

  // Catalog publishes: through one process, then through both (the same number of publishers in flight).
  const n = opts.full ? 24 : 6;
  const drafts = [];
  for (let i = 0; i < 2 * n; i++)
    drafts.push(await draftImplementation(a.base, tokens, `${opts.seed % 1e5}${i}${Date.now() % 1e3}`));
  const p1 = await publishAll([a], tokens, drafts.slice(0, n), 4);
  const p2 = await publishAll([a, b], tokens, drafts.slice(n), 4);
  figures['publishes.perSecOneProcess'] = p1.perSec;
  figures['publishes.perSecTwoProcesses'] = p2.perSec;
  for (const e of [...p1.errors, ...p2.errors]) fail(e);

  // Let the worker process drain the outbox, then: no job and no delivery ran twice.
  await sleep(3000);
  const [jobs] = await pgQuery(
    db,
    `select count(*)::int as total, count(*) filter (where status = 'done')::int as done,
            count(*) filter (where attempts > 1)::int as retried, count(*) filter (where status = 'dead')::int as dead
       from kernel_jobs`,
  );
  const [deliveries] = await pgQuery(
    db,
    `select count(*)::int as total, count(*) filter (where attempts > 1)::int as retried from kernel_event_deliveries`,
  );
  const [outbox] = await pgQuery(
    db,
    `select count(*)::int as total, count(*) filter (where dispatched_at is null)::int as pending from kernel_outbox`,
  );
  figures['twoProcesses.jobs'] = jobs.total;
  figures['twoProcesses.jobsDone'] = jobs.done;
  figures['twoProcesses.jobsRunTwice'] = jobs.retried;
  figures['twoProcesses.events'] = outbox.total;
  figures['twoProcesses.eventsPending'] = outbox.pending;
  figures['twoProcesses.deliveries'] = deliveries.total;
  figures['twoProcesses.deliveriesRunTwice'] = deliveries.retried;
  if (jobs.retried || jobs.dead) fail(`jobs: ${jobs.retried} ran more than once, ${jobs.dead} dead`);
  if (deliveries.retried) fail(`${deliveries.retried} event deliveries ran more than once`);
}

export const soakPart: ReliabilityPart = {
  name: 'soak',
  description:
    'steady mixed traffic: latency, errors, RSS trend; on PostgreSQL two processes: races, files, jobs, publishes',
  run: runSoak,
};
