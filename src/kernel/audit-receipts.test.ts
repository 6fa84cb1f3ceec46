/**
 * Write receipts on every dialect: an acknowledged write answers with a signed OneWindow-Receipt naming its chain
 * link; the receipt verifies (CLI `audit verify --receipt`, the public endpoint); the two rewrites a chain check alone
 * cannot see after the last checkpoint (drop the newest link and move the head back; re-hash the newest entry
 * consistently) are caught by the receipt with their chain and position; a forged receipt is refused; an
 * Idempotency-Key repeat (its attempt rolled back) gets no receipt; the checkpoint job signs only when a chain moved.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import { testDialects } from './db/testing.ts';
import { runCli, testApp, type TestApp } from '../server/testing.ts';
import { generateUscc } from './validators/uscc.ts';
import { generateResidentId } from './validators/resident-id.ts';
import { linkHash, toRecord } from './audit.ts';
import { verifyAuditChain } from './audit-verify.ts';
import { checkReceipt, openReceipt, RECEIPT_HEADER, signReceipt, type Receipt } from './audit-receipts.ts';
import { loadConfig } from './config.ts';
import { loadPlatformKey, platformJwks } from './platform-keys.ts';
import { CHECKPOINT_JOB, checkpointJobHandler, enqueueCheckpointJob } from './audit-checkpoints.ts';
import { JobRunner } from './jobs.ts';

const dialects = await testDialects();

function enterpriseBody(seq: number, region = '410105') {
  return {
    uscc: generateUscc({ division: region, seq }),
    name: `回执测试有限公司${seq}`,
    orgType: 'enterprise',
    entityType: '有限责任公司（自然人投资或控股）',
    region,
    address: '郑州市金水区测试路1号',
    industry: '62',
    legalRepresentative: {
      name: '张三',
      residentId: generateResidentId({ region, birthDate: '1980-05-06', seq: seq % 1000 }),
    },
  };
}

async function register(t: TestApp, headers: Record<string, string>, seq: number, key?: string) {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/registry/enterprises',
    headers: { ...headers, ...(key ? { 'idempotency-key': key } : {}) },
    payload: enterpriseBody(seq),
  });
  assert.equal(r.statusCode, 201, r.body);
  return r;
}

async function receiptOf(t: TestApp, jws: string): Promise<Receipt> {
  const opened = await openReceipt(jws, platformJwks(t.k.config).keys);
  assert.ok(opened.receipt, opened.problem ?? '');
  return opened.receipt;
}

/** Removes the newest link of a chain (its action and event too) and moves the head back: a chain check passes. */
async function dropNewest(t: TestApp, chain: number, position: number): Promise<void> {
  const link = await t.k.db
    .selectFrom('kernel_audit_links')
    .selectAll()
    .where('chain', '=', chain)
    .where('position', '=', position)
    .executeTakeFirstOrThrow();
  await t.k.db.deleteFrom('kernel_outbox').where('action_id', '=', link.action_id).execute();
  await t.k.db.deleteFrom('kernel_actions').where('id', '=', link.action_id).execute();
  await t.k.db.deleteFrom('kernel_audit_links').where('chain', '=', chain).where('position', '=', position).execute();
  await t.k.db
    .updateTable('kernel_chain_heads')
    .set({ position: position - 1, hash: link.prev_hash })
    .where('chain', '=', chain)
    .execute();
}

/** Edits the newest action of a chain and re-hashes its link and head to match: a chain check passes. */
async function rehashNewest(t: TestApp, chain: number, position: number): Promise<void> {
  const link = await t.k.db
    .selectFrom('kernel_audit_links')
    .selectAll()
    .where('chain', '=', chain)
    .where('position', '=', position)
    .executeTakeFirstOrThrow();
  await t.k.db.updateTable('kernel_actions').set({ reason: '事后改写' }).where('id', '=', link.action_id).execute();
  const row = await t.k.db
    .selectFrom('kernel_actions')
    .selectAll()
    .where('id', '=', link.action_id)
    .executeTakeFirstOrThrow();
  const hash = linkHash(link.prev_hash, toRecord(row), link.hash_alg as 'sha256');
  await t.k.db
    .updateTable('kernel_audit_links')
    .set({ hash })
    .where('chain', '=', chain)
    .where('position', '=', position)
    .execute();
  await t.k.db.updateTable('kernel_chain_heads').set({ hash }).where('chain', '=', chain).execute();
}

async function chainOk(t: TestApp): Promise<boolean> {
  return (await verifyAuditChain(t.k.db, t.k.adapter, { keys: platformJwks(t.k.config).keys, now: t.k.clock.now() }))
    .ok;
}

function cliEnv(t: TestApp): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...t.db.env,
    ONEWINDOW_MODE: 'test',
    ONEWINDOW_LOG_LEVEL: 'silent',
    // The CLI opens the test database, so it signs and verifies with the test app's key, handed over explicitly.
    ONEWINDOW_PLATFORM_KEY: loadPlatformKey(t.k.config).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
  if (!t.db.env.DATABASE_URL) {
    delete env.DATABASE_URL;
    delete env.ONEWINDOW_PG_SCHEMA;
  }
  return env;
}

for (const dialect of dialects) {
  test(`[${dialect}] a write's receipt verifies; dropping or re-hashing its link after the checkpoint is caught by it`, async () => {
    const t = await testApp(dialect);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-receipts-'));
    try {
      const clerk = await t.login('clerk.jinshui');
      const first = await register(t, clerk, 11);
      const jws = first.headers[RECEIPT_HEADER] as string;
      assert.ok(jws, 'a 201 carries OneWindow-Receipt');
      assert.equal(decodeProtectedHeader(jws).typ, 'onewindow-audit-receipt+jws');
      const receipt = await receiptOf(t, jws);
      assert.equal(receipt.links.length, 1);
      const [link] = receipt.links;
      const stored = await t.k.db
        .selectFrom('kernel_audit_links')
        .selectAll()
        .where('chain', '=', link.chain)
        .where('position', '=', link.position)
        .executeTakeFirstOrThrow();
      assert.equal(stored.hash, link.hash);
      const action = await t.k.db
        .selectFrom('kernel_actions')
        .selectAll()
        .where('id', '=', link.actionId)
        .executeTakeFirstOrThrow();
      assert.equal(action.subject_id, first.json().id, 'the receipt names the registration’s own action');

      // Reads carry no receipt.
      const read = await t.app.inject({
        method: 'GET',
        url: `/api/v1/registry/enterprises/${first.json().id}`,
        headers: clerk,
      });
      assert.equal(read.statusCode, 200);
      assert.equal(read.headers[RECEIPT_HEADER], undefined);

      // The CLI and the public endpoint accept it.
      const file = path.join(dir, 'receipt.jws');
      fs.writeFileSync(file, jws + '\n');
      const ok = await runCli(cliEnv(t), 'audit', 'verify', '--receipt', file);
      assert.equal(ok.code, 0, ok.stdout + ok.stderr);
      assert.match(ok.stdout, /^stored records: OK \(0 certificates\.certificate, 0 inspections\.task checked/m);
      assert.match(
        ok.stdout,
        new RegExp(`receipt 1 of .*: OK[\\s\\S]*chain ${link.chain} position ${link.position}: present`),
      );
      const pub = await t.app.inject({
        method: 'POST',
        url: '/api/v1/audit/receipts/verify',
        payload: { receipt: jws },
      });
      assert.equal(pub.statusCode, 200, pub.body);
      assert.equal(pub.json().ok, true);
      assert.equal(pub.json().links[0].status, 'present');

      // A checkpoint now; then the newest link is re-hashed consistently: the chain check alone sees nothing.
      assert.equal((await runCli(cliEnv(t), 'audit', 'checkpoint')).code, 0);
      const second = await register(t, clerk, 12);
      const r2 = await receiptOf(t, second.headers[RECEIPT_HEADER] as string);
      const [l2] = r2.links;
      await rehashNewest(t, l2.chain, l2.position);
      assert.equal(await chainOk(t), true, 'a consistent re-hash after the last checkpoint passes the chain check');
      const edited = await checkReceipt(
        t.k.db,
        second.headers[RECEIPT_HEADER] as string,
        platformJwks(t.k.config).keys,
      );
      assert.equal(edited.ok, false);
      assert.deepEqual(
        edited.problems.map((p) => [p.kind, p.chain, p.position]),
        [['edited', l2.chain, l2.position]],
      );
      const file2 = path.join(dir, 'receipt2.json');
      fs.writeFileSync(file2, JSON.stringify({ receipt: second.headers[RECEIPT_HEADER] }));
      const bad = await runCli(cliEnv(t), 'audit', 'verify', '--receipt', file2);
      assert.equal(bad.code, 3, bad.stdout + bad.stderr);
      assert.match(bad.stdout, new RegExp(`chain ${l2.chain} position ${l2.position}: edited`));

      // The newest link dropped and its head moved back: the chain check passes, the receipt does not.
      const third = await register(t, clerk, 13);
      const jws3 = third.headers[RECEIPT_HEADER] as string;
      const [l3] = (await receiptOf(t, jws3)).links;
      await dropNewest(t, l3.chain, l3.position);
      assert.equal(await chainOk(t), true, 'dropping the newest link leaves the chain check clean');
      const dropped = await t.app.inject({
        method: 'POST',
        url: '/api/v1/audit/receipts/verify',
        payload: { receipt: jws3 },
      });
      assert.equal(dropped.json().ok, false);
      assert.deepEqual(
        dropped
          .json()
          .problems.map((p: { kind: string; chain: number; position: number }) => [p.kind, p.chain, p.position]),
        [['deleted', l3.chain, l3.position]],
      );
      assert.equal(dropped.json().links[0].status, 'missing');
      const file3 = path.join(dir, 'receipt3.jws');
      fs.writeFileSync(file3, jws3);
      const gone = await runCli(cliEnv(t), 'audit', 'verify', '--receipt', file3, '--json');
      assert.equal(gone.code, 3);
      assert.deepEqual(
        JSON.parse(gone.stdout).receipts[0].problems.map((p: { kind: string; chain: number; position: number }) => [
          p.kind,
          p.chain,
          p.position,
        ]),
        [['deleted', l3.chain, l3.position]],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await t.close({ tampered: true });
    }
  });

  test(`[${dialect}] a forged or altered receipt is refused; a repeated Idempotency-Key gets no receipt of the rolled-back attempt`, async () => {
    const t = await testApp(dialect);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-receipts-'));
    try {
      const clerk = await t.login('clerk.jinshui');
      const first = await register(t, clerk, 21, 'receipt-key-1');
      const jws = first.headers[RECEIPT_HEADER] as string;
      const receipt = await receiptOf(t, jws);

      // The same links signed by another Ed25519 key (under the platform's kid): the signature does not verify.
      const other = generateKeyPairSync('ed25519').privateKey;
      const otherConfig = loadConfig({
        ONEWINDOW_MODE: 'test',
        ONEWINDOW_DATA_DIR: dir,
        ONEWINDOW_PLATFORM_KEY: other.export({ format: 'pem', type: 'pkcs8' }).toString(),
      });
      const foreign = signReceipt(otherConfig, receipt.links, new Date());
      const [h] = jws.split('.');
      const [, p, s] = foreign.split('.');
      for (const [name, forged] of [
        ['another key', foreign],
        ['another key under the platform kid', `${h}.${p}.${s}`],
        [
          'an altered payload',
          `${h}.${Buffer.from(JSON.stringify({ ...receipt, at: '2030-01-01T00:00:00.000Z' })).toString('base64url')}.${jws.split('.')[2]}`,
        ],
      ] as const) {
        const c = await checkReceipt(t.k.db, forged, platformJwks(t.k.config).keys);
        assert.equal(c.signatureValid, false, name);
        assert.equal(c.ok, false, name);
        assert.equal(c.problems[0].kind, 'signature', name);
        const pub = await t.app.inject({
          method: 'POST',
          url: '/api/v1/audit/receipts/verify',
          payload: { receipt: forged },
        });
        assert.equal(pub.statusCode, 200);
        assert.deepEqual([pub.json().ok, pub.json().signatureValid], [false, false], name);
      }
      const file = path.join(dir, 'forged.jws');
      fs.writeFileSync(file, foreign);
      const cli = await runCli(cliEnv(t), 'audit', 'verify', '--receipt', file);
      assert.equal(cli.code, 3);
      assert.match(cli.stdout, /REFUSED: signed by key \S+, which is not a published platform key/);
      assert.equal((await runCli(cliEnv(t), 'audit', 'verify', '--receipt', path.join(dir, 'none'))).code, 1);
      const junk = await t.app.inject({
        method: 'POST',
        url: '/api/v1/audit/receipts/verify',
        payload: { receipt: 'x.y' },
      });
      assert.deepEqual([junk.statusCode, junk.json().signatureValid], [200, false]);
      const empty = await t.app.inject({ method: 'POST', url: '/api/v1/audit/receipts/verify', payload: {} });
      assert.equal(empty.statusCode, 400);

      // A repeat runs the write again, which rolls back: the stored answer comes back without a receipt of it.
      const again = await register(t, clerk, 21, 'receipt-key-1');
      assert.equal(again.json().id, first.json().id);
      assert.equal(again.headers[RECEIPT_HEADER], undefined);

      // With receipts switched off (the bench's comparison), writes answer without one.
      t.k.config.receipts = false;
      const off = await register(t, clerk, 22);
      assert.equal(off.headers[RECEIPT_HEADER], undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await t.close();
    }
  });

  test(`[${dialect}] the checkpoint job signs when a chain has moved, each interval, once per slot`, async () => {
    const t = await testApp(dialect);
    try {
      t.k.config.checkpointIntervalMs = 60_000;
      const count = async () => (await t.k.db.selectFrom('kernel_audit_checkpoints').select('id').execute()).length;
      const runner = new JobRunner({ db: t.k.db, adapter: t.k.adapter, clock: t.clock });
      runner.register(CHECKPOINT_JOB, checkpointJobHandler(t.k));
      await enqueueCheckpointJob(t.k, t.clock.now());
      await enqueueCheckpointJob(t.k, t.clock.now()); // a second process starting: the same slot, one job
      await register(t, await t.login('clerk.jinshui'), 30);
      const before = await count();
      const r1 = await runner.runOnce();
      assert.equal(r1.claimed, 1);
      assert.equal(await count(), before + 1, 'a write moved a chain: a checkpoint');
      assert.equal((await runner.runOnce()).claimed, 0, 'the next slot is not due yet');
      t.clock.advance(60_000);
      assert.equal((await runner.runOnce()).claimed, 1);
      assert.equal(await count(), before + 1, 'nothing moved: no checkpoint');
      await register(t, await t.login('clerk.jinshui'), 31);
      t.clock.advance(60_000);
      assert.equal((await runner.runOnce()).done, 1);
      assert.equal(await count(), before + 2, 'a chain moved: a checkpoint');
    } finally {
      await t.close();
    }
  });
}
