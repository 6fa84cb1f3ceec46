/**
 * The server's resident memory at rest, before and after hotline traffic (issue 12: ≤ 250 MB at rest). Starts the
 * server as `npm start` does (`node bin/onewindow.js start`: MALLOC_ARENA_MAX=2 set by the bin) on a fresh SQLite
 * data folder, lets the first start seed the demo province, restarts it, then:
 *   rest  — RSS after REST s at rest;
 *   load  — LOAD s of hotline lifecycles (create with dispatch → accept → reply → public track) from CLIENTS clients;
 *   after — RSS every 5 s for AFTER s at rest.
 * Extra NODE_OPTIONS for the server: `--node-options=…`. Prints one JSON line.
 *
 *   node --import tsx bench/rss-at-rest.ts [--node-options=--max-semi-space-size=4] [--load 30] [--after 120]
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, sleep, DEMO_PASSWORD } from './reliability/proc.ts';

const { values } = parseArgs({
  options: {
    'node-options': { type: 'string', default: '' },
    load: { type: 'string', default: '30' },
    after: { type: 'string', default: '120' },
    rest: { type: 'string', default: '15' },
    clients: { type: 'string', default: '4' },
  },
});

const statusMb = (pid: number, field: string) => {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 102.4) / 10 : null;
};
const loadAvg = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-rss-'));
const env = {
  ...process.env,
  ONEWINDOW_DATA_DIR: dataDir,
  ONEWINDOW_DATA_KEY: randomBytes(32).toString('base64'),
  DATABASE_URL: '',
  ONEWINDOW_MODE: 'development',
  ONEWINDOW_WEB: 'off',
  ONEWINDOW_LOG_LEVEL: 'warn',
  ONEWINDOW_PUBLIC_RATE_LIMIT: '1000000',
  NODE_OPTIONS: values['node-options'],
};

/** `npm start`'s process; the bin may re-exec itself in place (Node ≥ 22.15) or as a child (older Node). */
async function start(port: number) {
  const proc = spawn(process.execPath, ['bin/onewindow.js', 'start'], {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 1500; i++) {
    if (
      await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await sleep(200);
  }
  // The server is the deepest node process under the bin (the child when it re-launched with the arena limit).
  const children = (pid: number) =>
    fs.existsSync(`/proc/${pid}/task/${pid}/children`)
      ? fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
      : [];
  let pid = proc.pid!;
  for (let c = children(pid); c.length; c = children(pid)) pid = c[0];
  return { proc, pid };
}

async function stop(proc: ReturnType<typeof spawn>) {
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await exited;
}

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
  const r = await fetch(base + url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
  return r.json() as Promise<Record<string, any>>;
};
const login = async (username: string) => ({
  authorization: `Bearer ${(await post('/api/v1/session', { username, password: DEMO_PASSWORD })).token}`,
});

await stop((await start(port)).proc); // first start: migrations and the demo province
const { proc, pid } = await start(port);
await sleep(Number(values.rest) * 1000);
const out: Record<string, unknown> = {
  nodeOptions: values['node-options'],
  restartedAtRest: { rss: statusMb(pid, 'VmRSS'), anon: statusMb(pid, 'RssAnon'), load: loadAvg() },
};

const op = await login('hotline.zhengzhou');
const zj = await login('staff.zhengzhou.zj');
let lifecycles = 0;
const until = Date.now() + Number(values.load) * 1000;
const client = async (c: number) => {
  for (let i = 0; Date.now() < until; i++) {
    const t = await post(
      '/api/v1/hotline/tickets',
      {
        requestType: 'complaint',
        topicCode: 'urban.roads',
        content: '文化路人行道地砖大面积破损，雨天积水严重，请尽快修复。',
        region: '410105',
        callerName: '张示例',
        callerPhone: '13800000011',
        dispatch: {},
      },
      { ...op, 'idempotency-key': `rss-${c}-${i}` },
    );
    await post(`/api/v1/hotline/tickets/${t.id}/accept`, { version: t.version }, zj);
    await post(
      `/api/v1/hotline/tickets/${t.id}/reply`,
      { version: t.version + 1, outcome: 'resolved', reply: '已修复破损地砖并清理积水。' },
      zj,
    );
    await post('/api/v1/hotline/public/track', { number: t.number, phone: '13800000011' });
    lifecycles++;
  }
};
await Promise.all(Array.from({ length: Number(values.clients) }, (_, c) => client(c)));
out.traffic = { lifecycles, perSec: Math.round(lifecycles / Number(values.load)), load: loadAvg() };
out.endOfLoad = { rss: statusMb(pid, 'VmRSS'), anon: statusMb(pid, 'RssAnon') };
const rest: Array<{ s: number; rss: number | null; anon: number | null }> = [];
for (let s = 5; s <= Number(values.after); s += 5) {
  await sleep(5000);
  rest.push({ s, rss: statusMb(pid, 'VmRSS'), anon: statusMb(pid, 'RssAnon') });
}
out.atRestAfterTraffic = rest;
out.loadAtEnd = loadAvg();
await stop(proc);
fs.rmSync(dataDir, { recursive: true, force: true });
console.log(JSON.stringify(out));
