// The HTTP load generator, run in a worker thread (see `measureHttp` in harness.ts) so that autocannon never shares
// the event loop of the server it measures. Plain JavaScript: a worker does not inherit the tsx loader.
//
// One worker serves every measurement of a run (starting one costs about a second): each message is a job
// { id, url, connections, warmupSec, durationSec, allowNon2xx, base: { method, headers }, list: [{ method, path, headers?, body? }] }
// The list is prebuilt by the caller and walked in order (one shared cursor for every connection), so a request
// costs the generator an array index, not a JSON.stringify, and bodies meant to be unique (fresh USCCs) are sent once.
// answered with { id, ok: true, result } or { id, ok: false, error }.
import { parentPort } from 'node:worker_threads';
import autocannon from 'autocannon';

function run({ url, connections, base }, next, duration, onResponse, latencies) {
  return new Promise((resolve, reject) => {
    const inst = autocannon(
      {
        url,
        connections,
        duration,
        method: base.method,
        headers: base.headers,
        requests: [
          {
            setupRequest: (req) => {
              const r = next();
              const out = { ...req, method: r.method ?? base.method, path: r.path };
              if (r.body !== undefined) out.body = r.body;
              if (r.headers) out.headers = { ...base.headers, ...r.headers };
              return out;
            },
            ...(onResponse ? { onResponse } : {}),
          },
        ],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    inst.on('error', reject);
    if (latencies) inst.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
}

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function measure(job) {
  const { warmupSec, durationSec, allowNon2xx, base, list } = job;
  let cursor = 0;
  const next = () => list[cursor++ % list.length];
  const describe = `${list[0]?.method ?? base.method} ${list[0]?.path ?? '?'}`;
  let warmupRequests = 0;
  if (warmupSec > 0) {
    let bad = null;
    const w = await run(job, next, warmupSec, (status, body) => {
      if (!bad && (status < 200 || status > 299)) bad = { status, body: String(body).slice(0, 500) };
    });
    if (!allowNon2xx && (bad || w.errors > 0)) {
      throw new Error(
        `warm-up against ${describe} failed: ${bad ? `HTTP ${bad.status} ${bad.body}` : `${w.errors} connection errors`}`,
      );
    }
    warmupRequests = w['1xx'] + w['2xx'] + w['3xx'] + w['4xx'] + w['5xx'];
  }
  const latencies = [];
  const r = await run(job, next, durationSec, null, latencies);
  latencies.sort((a, b) => a - b);
  const completed = r['1xx'] + r['2xx'] + r['3xx'] + r['4xx'] + r['5xx'];
  if (!allowNon2xx && (r.non2xx > 0 || r.errors > 0)) {
    throw new Error(
      `${describe}: ${r.non2xx} non-2xx answers (4xx ${r['4xx']}, 5xx ${r['5xx']}) and ${r.errors} errors in ${completed} requests`,
    );
  }
  if (completed === 0) throw new Error(`${describe}: no request completed`);
  return {
    reqPerSec: completed / r.duration,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    meanMs: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
    requests: completed,
    non2xx: r.non2xx,
    errors: r.errors,
    durationSec: r.duration,
    sent: cursor,
    warmupRequests,
  };
}

parentPort.on('message', (job) => {
  measure(job).then(
    (result) => parentPort.postMessage({ id: job.id, ok: true, result }),
    (e) => parentPort.postMessage({ id: job.id, ok: false, error: e instanceof Error ? e.message : String(e) }),
  );
});
