/**
 * Many writers on PostgreSQL: two processes, each with several connections, record 200 actions apiece on the same
 * subjects at the same time while this process takes signed checkpoints. Afterwards every chain verifies, all 400
 * actions are there, both writers really interleaved on shared chains, and every checkpoint taken mid-flight still
 * matches the chains. (SQLite has one writer at a time by design; the PostgreSQL run is what this test is for.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { testDialects, migratedDb } from './db/testing.ts';
import { allMigrations } from '../server/testing.ts';
import { loadConfig } from './config.ts';
import { systemClock } from './calendar/index.ts';
import { verifyAuditChain } from './audit-verify.ts';
import { createCheckpoint } from './audit-checkpoints.ts';
import { platformJwks } from './platform-keys.ts';
import './db/kernel-tables.ts';

const dialects = await testDialects(); // under CI=true this throws when PostgreSQL is unreachable, so the test cannot be skipped there
const PER_WRITER = 200;

function startWriter(
  id: string,
  env: Record<string, string>,
): { child: ChildProcess; ready: Promise<void>; done: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/audit-writer.ts'], {
    env: {
      ...process.env,
      ...env,
      AUDIT_WRITER_ID: id,
      AUDIT_WRITER_COUNT: String(PER_WRITER),
      AUDIT_WRITER_SUBJECTS: '12',
      AUDIT_WRITER_PARALLEL: '4',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('ready\n')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`writer ${id} exited ${code} before ready:\n${err}`)));
  });
  const done = new Promise<string>((resolve, reject) => {
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`writer ${id} exited ${code}:\n${out}\n${err}`)),
    );
  });
  ready.catch(() => {});
  return { child, ready, done };
}

test(
  '[postgres] two processes writing concurrently on overlapping subjects leave chains that verify cleanly',
  { skip: dialects.includes('postgres') ? false : 'PostgreSQL is unreachable' },
  async (t) => {
    const db = await migratedDb('postgres', allMigrations());
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-audit-conc-'));
    const writers: ReturnType<typeof startWriter>[] = [];
    try {
      const config = loadConfig({ ONEWINDOW_MODE: 'test', ONEWINDOW_DATA_DIR: dataDir });
      const k = { db: db.db, adapter: db.adapter, config, clock: systemClock };

      writers.push(startWriter('A', db.env), startWriter('B', db.env));
      await Promise.all(writers.map((w) => w.ready));
      for (const w of writers) w.child.stdin!.write('go\n');

      // While both write: checkpoints (each must read all heads consistently) and verifications (each must be clean).
      let finished = false;
      const all = Promise.all(writers.map((w) => w.done)).finally(() => (finished = true));
      let checkpoints = 0;
      let midFlight = 0;
      while (!finished) {
        await createCheckpoint(k);
        checkpoints++;
        const during = await verifyAuditChain(db.db, db.adapter, { keys: platformJwks(config).keys, batchSize: 64 });
        assert.equal(
          during.ok,
          true,
          `verification during the writes: ${JSON.stringify({ problems: during.problems, checkpoints: during.checkpoints }, null, 2)}`,
        );
        if (during.links > 0 && during.links < 2 * PER_WRITER) midFlight++;
        await Promise.race([all.catch(() => {}), new Promise((r) => setTimeout(r, 10))]);
      }
      const outputs = await all;
      for (const o of outputs) assert.match(o, new RegExp(`"written":${PER_WRITER}`));
      await createCheckpoint(k);
      checkpoints++;

      const report = await verifyAuditChain(db.db, db.adapter, { keys: platformJwks(config).keys, batchSize: 64 });
      assert.equal(
        report.ok,
        true,
        JSON.stringify({ problems: report.problems, checkpoints: report.checkpoints }, null, 2),
      );
      assert.equal(report.links, 2 * PER_WRITER);
      const n = await db.db
        .selectFrom('kernel_actions')
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 2 * PER_WRITER);
      assert.equal(report.checkpoints.count, checkpoints);
      assert.deepEqual(report.checkpoints.problems, []);

      // Both writers really ran at the same time: on shared chains their entries alternate.
      const rows = await db.db
        .selectFrom('kernel_actions')
        .select(['chain', 'position', 'actor_id'])
        .orderBy('chain')
        .orderBy('position')
        .execute();
      let switches = 0;
      for (let i = 1; i < rows.length; i++)
        if (rows[i].chain === rows[i - 1].chain && rows[i].actor_id !== rows[i - 1].actor_id) switches++;
      t.diagnostic(
        `writers: ${outputs.map((o) => o.trim().split('\n').pop()).join(' ')}; ${checkpoints} checkpoints and ${midFlight} clean verifications while writing; ${switches} writer switches within chains`,
      );
      assert.ok(midFlight >= 1, 'at least one verification ran while the writers were half-way');
      assert.ok(switches >= 4, `writers interleaved on shared chains (${switches} switches)`);
      const perWriter = await db.db
        .selectFrom('kernel_actions')
        .select(['actor_id', sql<number>`count(*)`.as('n')])
        .groupBy('actor_id')
        .orderBy('actor_id')
        .execute();
      assert.deepEqual(
        perWriter.map((r) => [r.actor_id, Number(r.n)]),
        [
          ['writer-A', PER_WRITER],
          ['writer-B', PER_WRITER],
        ],
      );
    } finally {
      for (const w of writers) if (w.child.exitCode === null) w.child.kill();
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
);
