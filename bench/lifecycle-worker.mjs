// The load generator for multi-step lifecycles (bench/scenarios/hotline-lifecycle.ts), in a worker thread like
// load-worker.mjs so autocannon never shares the server's event loop. Plain JavaScript: a worker does not inherit
// the tsx loader.
//
// A job: { id, url, connections, warmupSec, durationSec, steps, creates }. Each connection walks `steps` in order;
// autocannon keeps a context per connection and resets it when the walk restarts, so one walk is one lifecycle.
// `steps[i]` = { method, path, headers, body } where `{id}`, `{version}`, `{number}` in path and body are replaced
// by what the previous answers said (the first step's answer gives id and number, every answer gives version).
// The first step's body and headers come from `creates` (prebuilt, each sent once: a fresh Idempotency-Key).
// Answered with { id, ok: true, result } or { id, ok: false, error }.
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const fill = (s, ctx) =>
  s.replace(/\{(id|version|number)\}/g, (_, k) => {
    const v = ctx[k];
    if (v === undefined) throw new Error(`no ${k} from the previous step`);
    return String(v);
  });

function run(job, state, duration, record) {
  const { url, connections, steps, creates } = job;
  const n = steps.length;
  const requests = steps.map((step, i) => ({
    setupRequest(req, ctx) {
      const out = { ...req, method: step.method, headers: { ...step.headers } };
      if (i === 0) {
        const c = creates[state.cursor++ % creates.length];
        ctx.t0 = performance.now();
        out.path = step.path;
        out.body = c.body;
        Object.assign(out.headers, c.headers);
      } else {
        // The previous step failed (recorded in onResponse): start the next lifecycle.
        if (ctx.id === undefined) return null;
        out.path = fill(step.path, ctx);
        if (step.body !== undefined) out.body = fill(step.body, ctx);
      }
      ctx.sent = performance.now();
      return out;
    },
    onResponse(status, body, ctx) {
      const now = performance.now();
      if (record) state.steps[i].push(now - ctx.sent);
      if (status < 200 || status > 299) {
        state.bad ??= { step: i, status, body: String(body).slice(0, 500) };
        return;
      }
      if (i < n - 1) {
        const j = JSON.parse(body);
        if (i === 0) {
          ctx.id = j.id;
          ctx.number = j.number;
        }
        ctx.version = j.version;
      } else if (record) {
        state.lifecycles.push(now - ctx.t0);
      }
    },
  }));
  return new Promise((resolve, reject) => {
    // A lifecycle on a loaded machine can wait seconds for a lock: a 60 s timeout instead of autocannon's 10 s (a
    // timed-out request counts as an error and fails the figure).
    const inst = autocannon({ url, connections, duration, requests, timeout: 60 }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
    inst.on('error', reject);
  });
}

async function measure(job) {
  const state = { cursor: 0, bad: null, lifecycles: [], steps: job.steps.map(() => []) };
  if (job.warmupSec > 0) {
    const w = await run(job, state, job.warmupSec, false);
    if (state.bad || w.errors > 0)
      throw new Error(
        `warm-up failed: ${state.bad ? `step ${state.bad.step} HTTP ${state.bad.status} ${state.bad.body}` : `${w.errors} connection errors`}`,
      );
  }
  const r = await run(job, state, job.durationSec, true);
  if (state.bad || r.errors > 0)
    throw new Error(
      `lifecycle failed: ${state.bad ? `step ${state.bad.step} HTTP ${state.bad.status} ${state.bad.body}` : `${r.errors} connection errors`}`,
    );
  const all = state.steps.flat().sort((a, b) => a - b);
  const lc = state.lifecycles.sort((a, b) => a - b);
  if (!lc.length) throw new Error('no lifecycle completed');
  const completed = r['1xx'] + r['2xx'] + r['3xx'] + r['4xx'] + r['5xx'];
  return {
    lifecyclesPerSec: lc.length / r.duration,
    lifecycles: lc.length,
    reqPerSec: completed / r.duration,
    requests: completed,
    durationSec: r.duration,
    lifecycle: { p50Ms: percentile(lc, 50), p95Ms: percentile(lc, 95), p99Ms: percentile(lc, 99) },
    request: { p50Ms: percentile(all, 50), p95Ms: percentile(all, 95), p99Ms: percentile(all, 99) },
    steps: state.steps.map((s) => {
      s.sort((a, b) => a - b);
      return { p50Ms: percentile(s, 50), p95Ms: percentile(s, 95), meanMs: s.reduce((a, b) => a + b, 0) / s.length };
    }),
    sent: state.cursor,
  };
}

parentPort.on('message', (job) => {
  measure(job).then(
    (result) => parentPort.postMessage({ id: job.id, ok: true, result }),
    (e) => parentPort.postMessage({ id: job.id, ok: false, error: e instanceof Error ? e.message : String(e) }),
  );
});
