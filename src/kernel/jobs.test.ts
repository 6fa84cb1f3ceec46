/** The job scheduler on every dialect: due times, retries with backoff, dead jobs, leases, idempotent scheduling, and two processes on PostgreSQL. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { migratedDb, testDialects, type TestDb } from './db/testing.ts';
import { allMigrations } from '../server/testing.ts';
import { ManualClock } from './calendar/index.ts';
import { JobRunner, defaultJobBackoffMs, enqueueJob, jobStats, type Job, type JobRunnerOptions } from './jobs.ts';
import './db/kernel-tables.ts';

const dialects = await testDialects();
const T0 = '2026-12-01T02:00:00.000Z';

interface Fixture {
  db: TestDb;
  clock: ManualClock;
  runner(opts?: JobRunnerOptions): JobRunner;
  enqueue(input: {
    kind?: string;
    payload?: unknown;
    dueInMs?: number;
    maxAttempts?: number;
    uniqueKey?: string;
  }): Promise<{ id: string; created: boolean }>;
  job(id: string): Promise<{
    status: string;
    attempts: number;
    due_at: string;
    last_error: string | null;
    lease_owner: string | null;
    lease_until: string | null;
  }>;
}

async function fixture(dialect: (typeof dialects)[number]): Promise<Fixture> {
  const db = await migratedDb(dialect, allMigrations());
  const clock = new ManualClock(T0);
  return {
    db,
    clock,
    runner: (opts = {}) => new JobRunner({ db: db.db, adapter: db.adapter, clock }, opts),
    enqueue: (input) =>
      db.db.transaction().execute((tx) =>
        enqueueJob(tx, db.adapter, {
          kind: input.kind ?? 'test.work',
          payload: input.payload ?? {},
          dueAt: new Date(clock.now().getTime() + (input.dueInMs ?? 0)),
          maxAttempts: input.maxAttempts,
          uniqueKey: input.uniqueKey,
          now: clock.now(),
        }),
      ),
    job: async (id) => {
      const r = await db.db.selectFrom('kernel_jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return { ...r, attempts: Number(r.attempts) };
    },
  };
}

/** A promise with its resolve function, to hold a handler in the middle of a job. */
function gate() {
  let open!: () => void;
  const p = new Promise<void>((r) => (open = r));
  return { p, open };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('the default job backoff doubles from 30 s and stops growing at 1 h', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 8, 20].map(defaultJobBackoffMs),
    [30_000, 60_000, 120_000, 240_000, 480_000, 3_600_000, 3_600_000],
  );
});

for (const dialect of dialects) {
  test(`[${dialect}] a job runs when it is due, once, and only for a runner that handles its kind`, async () => {
    const f = await fixture(dialect);
    try {
      const seen: Job[] = [];
      const runner = f.runner().register('test.work', async (job) => void seen.push(job));
      const other = f
        .runner()
        .register('test.other', async () => assert.fail('a runner must not run kinds it does not handle'));
      const { id, created } = await f.enqueue({ payload: { n: 7, name: '张三' }, dueInMs: 60_000 });
      assert.equal(created, true);
      assert.equal((await runner.runOnce()).claimed, 0, 'not due yet');
      f.clock.advance(59_999);
      assert.equal((await runner.runOnce()).claimed, 0, 'still not due');
      f.clock.advance(1);
      assert.equal((await other.runOnce()).claimed, 0, 'another kind');
      assert.deepEqual(await runner.runOnce(), { claimed: 1, done: 1, failed: 0, dead: 0, lost: 0 });
      assert.equal(seen.length, 1);
      assert.deepEqual(seen[0].payload, { n: 7, name: '张三' });
      assert.equal(seen[0].attempt, 1);
      const j = await f.job(id);
      assert.equal(j.status, 'done');
      assert.equal(j.attempts, 1);
      assert.equal(j.lease_owner, null);
      f.clock.advanceDays(1);
      assert.equal((await runner.runOnce()).claimed, 0, 'a done job never runs again');
      assert.deepEqual(await jobStats(f.db.db), { queued: 0, running: 0, done: 1, failed: 0, dead: 0 });
    } finally {
      await f.db.drop();
    }
  });

  test(`[${dialect}] a failing job is retried on the backoff schedule and is dead after its last attempt`, async () => {
    const f = await fixture(dialect);
    try {
      let calls = 0;
      const runner = f.runner().register('test.work', async () => {
        calls++;
        throw new Error(`upstream unavailable #${calls}`);
      });
      const { id } = await f.enqueue({ maxAttempts: 4 });
      assert.deepEqual(await runner.runOnce(), { claimed: 1, done: 0, failed: 1, dead: 0, lost: 0 });
      let j = await f.job(id);
      assert.equal(j.status, 'failed');
      assert.equal(j.last_error, 'upstream unavailable #1');
      assert.equal(j.due_at, new Date(Date.parse(T0) + 30_000).toISOString(), 'first retry after 30 s');
      // Retries 2..4 come after 30 s, 1 min, 2 min; a moment before each, nothing runs.
      for (const [attempt, delay] of [
        [2, 30_000],
        [3, 60_000],
        [4, 120_000],
      ] as const) {
        f.clock.advance(delay - 1);
        assert.equal((await runner.runOnce()).claimed, 0, `attempt ${attempt} is not due 1 ms early`);
        f.clock.advance(1);
        const r = await runner.runOnce();
        assert.equal(r.claimed, 1, `attempt ${attempt} runs on time`);
        j = await f.job(id);
        assert.equal(j.attempts, attempt);
        if (attempt < 4) {
          assert.equal(j.status, 'failed');
          assert.equal(j.due_at, new Date(f.clock.now().getTime() + defaultJobBackoffMs(attempt)).toISOString());
        }
      }
      assert.equal(j.status, 'dead');
      assert.equal(j.last_error, 'upstream unavailable #4');
      f.clock.advanceDays(30);
      assert.equal((await runner.runOnce()).claimed, 0, 'a dead job is not retried');
      assert.equal(calls, 4);
    } finally {
      await f.db.drop();
    }
  });

  test(`[${dialect}] a job that fails once and then succeeds is done after two attempts`, async () => {
    const f = await fixture(dialect);
    try {
      const runner = f.runner().register('test.work', async (job) => {
        if (job.attempt === 1) throw new TypeError('transient');
      });
      const { id } = await f.enqueue({});
      await runner.runOnce();
      assert.equal((await f.job(id)).last_error, 'TypeError: transient');
      f.clock.advance(30_000);
      assert.equal((await runner.runOnce()).done, 1);
      const j = await f.job(id);
      assert.equal(j.status, 'done');
      assert.equal(j.attempts, 2);
      assert.equal(j.last_error, null);
    } finally {
      await f.db.drop();
    }
  });

  test(`[${dialect}] a stuck job becomes claimable when its lease passes, and the stuck process's late result is discarded`, async () => {
    const f = await fixture(dialect);
    try {
      const stuck = gate();
      const a = f.runner({ owner: 'process-a', leaseMs: 60_000 }).register('test.work', async () => {
        await stuck.p; // hangs (a dead process, a lost network) until the test releases it
        throw new Error('a late failure that must not be recorded');
      });
      let bRuns = 0;
      const b = f.runner({ owner: 'process-b' }).register('test.work', async (job) => {
        bRuns++;
        assert.equal(job.attempt, 2, 'the takeover is the second attempt');
      });
      const { id } = await f.enqueue({});
      const aRound = a.runOnce();
      while ((await f.job(id)).status !== 'running') await sleep(5);
      const held = await f.job(id);
      assert.equal(held.lease_owner, 'process-a');
      assert.equal(held.lease_until, new Date(Date.parse(T0) + 60_000).toISOString());

      f.clock.advance(59_999);
      assert.equal((await b.runOnce()).claimed, 0, 'the lease still holds');
      f.clock.advance(1);
      assert.deepEqual(
        await b.runOnce(),
        { claimed: 1, done: 1, failed: 0, dead: 0, lost: 0 },
        'the lease has passed: B takes over',
      );
      assert.equal(bRuns, 1);

      stuck.open();
      assert.deepEqual(
        await aRound,
        { claimed: 1, done: 0, failed: 0, dead: 0, lost: 1 },
        "A's result is not recorded",
      );
      const j = await f.job(id);
      assert.equal(j.status, 'done');
      assert.equal(j.attempts, 2);
      assert.equal(j.last_error, null);
    } finally {
      await f.db.drop();
    }
  });

  test(`[${dialect}] a job whose lease ran out on its last attempt is dead, not run again`, async () => {
    const f = await fixture(dialect);
    try {
      const stuck = gate();
      const a = f.runner({ owner: 'process-a' }).register('test.work', () => stuck.p);
      const b = f
        .runner({ owner: 'process-b' })
        .register('test.work', async () => assert.fail('must not run a job past its last attempt'));
      const { id } = await f.enqueue({ maxAttempts: 1 });
      const aRound = a.runOnce();
      while ((await f.job(id)).status !== 'running') await sleep(5);
      f.clock.advance(60_000);
      assert.deepEqual(await b.runOnce(), { claimed: 1, done: 0, failed: 0, dead: 1, lost: 0 });
      const j = await f.job(id);
      assert.equal(j.status, 'dead');
      assert.equal(j.attempts, 1);
      assert.match(j.last_error ?? '', /lease expired/);
      stuck.open();
      assert.equal((await aRound).lost, 1);
      assert.equal((await f.job(id)).status, 'dead');
    } finally {
      await f.db.drop();
    }
  });

  test(`[${dialect}] the heartbeat extends the lease of a long-running job`, async () => {
    const f = await fixture(dialect);
    try {
      const long = gate();
      let aborted = false;
      const a = f.runner({ owner: 'process-a', leaseMs: 90 }).register('test.work', async (_job, ctx) => {
        await long.p;
        aborted = ctx.signal.aborted;
      });
      const b = f
        .runner({ owner: 'process-b' })
        .register('test.work', async () => assert.fail('the lease is kept alive'));
      const { id } = await f.enqueue({});
      const aRound = a.runOnce();
      while ((await f.job(id)).status !== 'running') await sleep(5);
      f.clock.advance(10_000); // far past the first lease (90 ms of clock time)…
      const deadline = Date.now() + 5000;
      while ((await f.job(id)).lease_until! <= f.clock.now().toISOString()) {
        assert.ok(Date.now() < deadline, 'a heartbeat renewed the lease');
        await sleep(10);
      }
      assert.equal((await b.runOnce()).claimed, 0, '…but a heartbeat renewed it, so no one else claims the job');
      long.open();
      assert.equal((await aRound).done, 1);
      assert.equal(aborted, false);
      assert.equal((await f.job(id)).status, 'done');
    } finally {
      await f.db.drop();
    }
  });

  test(`[${dialect}] uniqueKey makes scheduling idempotent; a job enqueued in a rolled-back transaction never exists`, async () => {
    const f = await fixture(dialect);
    try {
      const first = await f.enqueue({ uniqueKey: 'reminder:application:A1:day-3', payload: { v: 1 } });
      const again = await f.enqueue({ uniqueKey: 'reminder:application:A1:day-3', payload: { v: 2 } });
      assert.equal(first.created, true);
      assert.deepEqual(again, { id: first.id, created: false });
      const both = await f.db.db.transaction().execute(async (tx) => {
        const x = await enqueueJob(tx, f.db.adapter, {
          kind: 'test.work',
          payload: null,
          dueAt: f.clock.now(),
          uniqueKey: 'k2',
        });
        const y = await enqueueJob(tx, f.db.adapter, {
          kind: 'test.work',
          payload: null,
          dueAt: f.clock.now(),
          uniqueKey: 'k2',
        });
        return [x, y];
      });
      assert.deepEqual(both[1], { id: both[0].id, created: false }, 'also within one transaction');
      await f.enqueue({});
      await f.enqueue({}); // jobs without a key are never merged
      await assert.rejects(
        f.db.db.transaction().execute(async (tx) => {
          await enqueueJob(tx, f.db.adapter, {
            kind: 'test.work',
            payload: {},
            dueAt: f.clock.now(),
            uniqueKey: 'rolled-back',
          });
          throw new Error('the change failed');
        }),
        /the change failed/,
      );
      const rows = await f.db.db.selectFrom('kernel_jobs').select(['unique_key', 'payload']).orderBy('id').execute();
      assert.equal(rows.length, 4);
      assert.deepEqual(rows[0].payload, { v: 1 }, 'the first schedule wins');
      assert.ok(!rows.some((r) => r.unique_key === 'rolled-back'));

      const ran: string[] = [];
      const runner = f.runner().register('test.work', async (job) => void ran.push(job.id));
      await runner.runOnce();
      assert.equal(ran.length, 4);
      assert.equal(
        (await f.enqueue({ uniqueKey: 'reminder:application:A1:day-3' })).created,
        false,
        'a key stays used after its job is done',
      );
    } finally {
      await f.db.drop();
    }
  });

  test(`[${dialect}] a job's payload is stored as JSON whatever its shape, with or without a unique key`, async () => {
    const f = await fixture(dialect);
    try {
      const payloads: unknown[] = [{ v: 1, 名称: '金水区' }, [1, 'two', null], 'just text', 42, true, null];
      const ids: string[] = [];
      for (const [i, payload] of payloads.entries()) {
        for (const uniqueKey of [undefined, `payload-${i}`]) {
          const { id } = await f.db.db
            .transaction()
            .execute((tx) =>
              enqueueJob(tx, f.db.adapter, { kind: 'test.work', payload, dueAt: f.clock.now(), uniqueKey }),
            );
          ids.push(id);
          const stored = await sql<{ text: string; type: string }>`select cast(payload as text) as text, ${
            dialect === 'sqlite' ? sql`json_type(payload)` : sql`jsonb_typeof(payload)`
          } as type from kernel_jobs where id = ${id}`.execute(f.db.db);
          const { text, type } = stored.rows[0]!;
          assert.deepEqual(JSON.parse(text), payload, `stored as the JSON of ${JSON.stringify(payload)}`);
          // SQLite's json_type and PostgreSQL's jsonb_typeof name the JSON types differently.
          const kind = Array.isArray(payload) ? 'array' : payload === null ? 'null' : typeof payload;
          const names: Record<string, [string, string]> = {
            object: ['object', 'object'],
            array: ['array', 'array'],
            string: ['text', 'string'],
            number: ['integer', 'number'],
            boolean: [String(payload), 'boolean'],
            null: ['null', 'null'],
          };
          assert.equal(type, names[kind]![dialect === 'sqlite' ? 0 : 1], `${JSON.stringify(payload)} stored as JSON`);
          assert.deepEqual(
            (await f.db.db.selectFrom('kernel_jobs').select('payload').where('id', '=', id).executeTakeFirstOrThrow())
              .payload,
            payload,
          );
        }
      }
      assert.equal(new Set(ids).size, ids.length);
      const again = await f.db.db.transaction().execute((tx) =>
        enqueueJob(tx, f.db.adapter, {
          kind: 'test.work',
          payload: 'other',
          dueAt: f.clock.now(),
          uniqueKey: 'payload-0',
        }),
      );
      assert.deepEqual(again, { id: ids[1], created: false });
    } finally {
      await f.db.drop();
    }
  });

  test(`[${dialect}] two runners in one process share a queue and run each job exactly once`, async () => {
    const f = await fixture(dialect);
    try {
      for (let i = 0; i < 60; i++) await f.enqueue({ payload: { i } });
      const runs = new Map<string, number>();
      const handler = async (job: Job) => {
        runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
        await sleep(1);
      };
      const a = f.runner({ owner: 'a', batchSize: 4 }).register('test.work', handler);
      const b = f.runner({ owner: 'b', batchSize: 4 }).register('test.work', handler);
      const drain = async (r: JobRunner) => {
        let n = 0;
        for (;;) {
          const x = await r.runOnce();
          if (x.claimed === 0) return n;
          n += x.done;
        }
      };
      const [na, nb] = await Promise.all([drain(a), drain(b)]);
      assert.equal(na + nb, 60);
      assert.equal(runs.size, 60);
      assert.ok(
        [...runs.values()].every((n) => n === 1),
        'no job ran twice',
      );
    } finally {
      await f.db.drop();
    }
  });

  test(`[${dialect}] start() polls until stop()`, async () => {
    const f = await fixture(dialect);
    try {
      const done: string[] = [];
      const runner = f.runner().register('test.work', async (job) => void done.push(job.id));
      runner.start(10);
      const { id } = await f.enqueue({ dueInMs: 1000 });
      await sleep(50);
      assert.deepEqual(done, [], 'not due on the manual clock');
      f.clock.advance(1000);
      const deadline = Date.now() + 5000;
      while (done.length === 0 && Date.now() < deadline) await sleep(10);
      await runner.stop();
      assert.deepEqual(done, [id]);
      await f.enqueue({});
      await sleep(50);
      assert.equal(done.length, 1, 'a stopped runner claims nothing');
    } finally {
      await f.db.drop();
    }
  });
}

if (dialects.includes('postgres')) {
  test(
    '[postgres] two server processes drain one queue: every job runs exactly once, and both do work',
    { timeout: 120_000 },
    async () => {
      const db = await migratedDb('postgres', allMigrations());
      try {
        // No primary key on purpose: a job run twice would show up as two rows instead of failing the insert.
        await sql`create table job_runs (job_id text not null, worker text not null)`.execute(db.db);
        const JOBS = 300;
        const past = new Date(Date.now() - 60_000);
        await db.db.transaction().execute(async (tx) => {
          for (let i = 0; i < JOBS; i++)
            await enqueueJob(tx, db.adapter, { kind: 'test.two_process', payload: { i }, dueAt: past });
        });

        const fixturePath = fileURLToPath(new URL('../../test/fixtures/jobs-worker.ts', import.meta.url));
        const cwd = fileURLToPath(new URL('../..', import.meta.url));
        const workers = ['worker-1', 'worker-2'].map((name) => {
          const child = spawn(process.execPath, ['--import', 'tsx', fixturePath], {
            cwd,
            env: { ...process.env, ...db.env, WORKER_NAME: name },
            stdio: ['pipe', 'pipe', 'pipe'],
          });
          let out = '';
          let err = '';
          child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
          child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
          const ready = new Promise<void>((resolve, reject) => {
            const check = () => (out.includes('ready\n') ? resolve() : undefined);
            child.stdout.on('data', check);
            child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before it was ready: ${err}`)));
          });
          const exited = new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
            child.once('exit', (code) => resolve({ code, out, err })),
          );
          return { name, child, ready, exited };
        });
        // Both start claiming at the same moment, so neither can drain the queue before the other begins.
        await Promise.all(workers.map((w) => w.ready));
        for (const w of workers) w.child.stdin.end('go\n');
        const results = await Promise.all(workers.map((w) => w.exited));
        for (const [i, r] of results.entries()) assert.equal(r.code, 0, `${workers[i].name} failed: ${r.err}`);
        const reports = results.map(
          (r) => JSON.parse(r.out.trim().split('\n').pop()!) as { worker: string; ran: number; lost: number },
        );

        const total = await sql<{
          runs: number;
          distinct_jobs: number;
        }>`select count(*)::int as runs, count(distinct job_id)::int as distinct_jobs from job_runs`.execute(db.db);
        assert.deepEqual(total.rows[0], { runs: JOBS, distinct_jobs: JOBS }, 'every job ran exactly once');
        const dup = await sql<{
          job_id: string;
        }>`select job_id from job_runs group by job_id having count(*) > 1`.execute(db.db);
        assert.deepEqual(dup.rows, []);
        const perWorker = await sql<{
          worker: string;
          n: number;
        }>`select worker, count(*)::int as n from job_runs group by worker order by worker`.execute(db.db);
        assert.equal(perWorker.rows.length, 2, `both processes ran jobs: ${JSON.stringify(perWorker.rows)}`);
        for (const r of perWorker.rows) assert.ok(r.n > 0);
        assert.deepEqual(
          reports.map((r) => r.ran).reduce((a, b) => a + b, 0),
          JOBS,
        );
        assert.ok(reports.every((r) => r.lost === 0));
        assert.deepEqual(await jobStats(db.db), { queued: 0, running: 0, done: JOBS, failed: 0, dead: 0 });
        const attempts = await db.db.selectFrom('kernel_jobs').select('attempts').where('attempts', '!=', 1).execute();
        assert.deepEqual(attempts, [], 'every job was claimed once');
      } finally {
        await db.drop();
      }
    },
  );
}
