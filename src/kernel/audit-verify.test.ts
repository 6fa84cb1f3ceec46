/**
 * Audit-chain verification on every dialect: a clean chain verifies; each kind of tampering done directly in the
 * database (edit, delete, insert, reorder, rewrite after a checkpoint, lone action or link, head edits) is reported
 * with the right chain, position and kind; signed checkpoints verify with the published JWK and fail after one byte
 * changes; SM3 links verify; the CLI exits 0 when clean and 3 with the problem printed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { compactVerify, importJWK } from 'jose';
import { createRequire } from 'node:module';
import { testDialects, migratedDb, type TestDb } from './db/testing.ts';
import { loadConfig, type Config } from './config.ts';
import { ManualClock } from './calendar/index.ts';
import {
  canonicalJson,
  chainFor,
  hashHex,
  linkHash,
  recordAction,
  toRecord,
  type ActionRecord,
  type HashAlg,
} from './audit.ts';
import { GENESIS_HASH, verifyAuditChain, type AuditProblem } from './audit-verify.ts';
import { createCheckpoint, checkpointPayload, startCheckpointSchedule, type Checkpoint } from './audit-checkpoints.ts';
import { platformJwks, loadPlatformKey, platformKeyFile } from './platform-keys.ts';
import { newId } from './ids.ts';
import { allMigrations, runCli, testApp } from '../server/testing.ts';
import type { Kernel } from './kernel.ts';
import './db/kernel-tables.ts';

const dialects = await testDialects();

interface Env {
  db: TestDb;
  config: Config;
  clock: ManualClock;
  dataDir: string;
  k: Pick<Kernel, 'db' | 'adapter' | 'config' | 'clock'>;
  close(): Promise<void>;
}

async function setup(dialect: 'sqlite' | 'postgres', over: Partial<Config> = {}): Promise<Env> {
  const db = await migratedDb(dialect, allMigrations());
  // On SQLite the data folder is the database's own (so the CLI opens the same file and the same generated key).
  const dataDir = db.env.ONEWINDOW_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ow-audit-'));
  const config = { ...loadConfig({ ONEWINDOW_MODE: 'test', ONEWINDOW_DATA_DIR: dataDir }), ...over };
  const clock = new ManualClock('2026-12-01T02:00:00Z');
  return {
    db,
    config,
    clock,
    dataDir,
    k: { db: db.db, adapter: db.adapter, config, clock },
    async close() {
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `n` subject ids of type 'case' that fall on `n` different chains. */
function subjectsOnDistinctChains(n: number, prefix = 'S'): string[] {
  const out: string[] = [];
  const used = new Set<number>();
  for (let i = 0; out.length < n; i++) {
    const c = chainFor('case', `${prefix}${i}`);
    if (!used.has(c)) {
      used.add(c);
      out.push(`${prefix}${i}`);
    }
  }
  return out;
}

async function write(
  e: Env,
  subjectId: string,
  n: number,
  opts: { hashAlg?: HashAlg; subjectType?: string } = {},
): Promise<ActionRecord[]> {
  const out: ActionRecord[] = [];
  for (let i = 0; i < n; i++) {
    e.clock.advance(1000);
    out.push(
      await e.db.db.transaction().execute((tx) =>
        recordAction(
          tx,
          e.db.adapter,
          {
            actor: { id: 'u-clerk', role: 'window_clerk' },
            at: e.clock.now(),
            action: `step${i}`,
            subjectType: opts.subjectType ?? 'case',
            subjectId,
            reason: `步骤 ${i} for ${subjectId}`,
            after: { i },
          },
          { hashAlg: opts.hashAlg ?? 'sha256' },
        ),
      ),
    );
  }
  return out;
}

/** A background of actions on many subjects (so chains interleave), then `n` actions on each named subject. */
async function populate(e: Env, subjects: string[], n = 5): Promise<Map<string, ActionRecord[]>> {
  for (let i = 0; i < 12; i++) await write(e, `bg${i}`, 2, { subjectType: 'background' });
  const out = new Map<string, ActionRecord[]>();
  for (const s of subjects) out.set(s, await write(e, s, n));
  for (let i = 0; i < 12; i++) await write(e, `bg${i}`, 1, { subjectType: 'background' });
  return out;
}

const verify = (e: Env) => verifyAuditChain(e.db.db, e.db.adapter, { keys: platformJwks(e.config).keys, batchSize: 7 });

function only(problems: AuditProblem[], expected: Array<Partial<AuditProblem>>): void {
  assert.equal(problems.length, expected.length, `problems: ${JSON.stringify(problems, null, 2)}`);
  for (const [i, exp] of expected.entries()) {
    for (const [key, value] of Object.entries(exp)) {
      assert.deepEqual(
        (problems[i] as unknown as Record<string, unknown>)[key],
        value,
        `problem ${i} ${key}: ${JSON.stringify(problems[i])}`,
      );
    }
  }
}

async function linkAt(e: Env, chain: number, position: number) {
  return e.db.db
    .selectFrom('kernel_audit_links')
    .selectAll()
    .where('chain', '=', chain)
    .where('position', '=', position)
    .executeTakeFirstOrThrow();
}

/** Re-hashes a chain from `from` to its end and moves the head: a consistent rewrite only checkpoints can reveal. */
async function rehashFrom(e: Env, chain: number, from: number): Promise<void> {
  let prev = from === 1 ? GENESIS_HASH : (await linkAt(e, chain, from - 1)).hash;
  const links = await e.db.db
    .selectFrom('kernel_audit_links')
    .selectAll()
    .where('chain', '=', chain)
    .where('position', '>=', from)
    .orderBy('position')
    .execute();
  let last = from - 1;
  for (const l of links) {
    const a = await e.db.db
      .selectFrom('kernel_actions')
      .selectAll()
      .where('id', '=', l.action_id)
      .executeTakeFirstOrThrow();
    const hash = linkHash(prev, toRecord(a), l.hash_alg as HashAlg);
    await e.db.db
      .updateTable('kernel_audit_links')
      .set({ prev_hash: prev, hash })
      .where('chain', '=', chain)
      .where('position', '=', l.position)
      .execute();
    prev = hash;
    last = Number(l.position);
  }
  await e.db.db
    .updateTable('kernel_chain_heads')
    .set({ position: last, hash: prev })
    .where('chain', '=', chain)
    .execute();
}

/** Moves the links (and, if asked, the actions) at positions ≥ from up by one, leaving a hole at `from`. */
async function shiftUp(e: Env, chain: number, from: number, actionsToo: boolean): Promise<void> {
  // Two steps, since (chain, position) is unique and checked row by row.
  await e.db.db
    .updateTable('kernel_audit_links')
    .set({ position: sql<number>`position + 100000` })
    .where('chain', '=', chain)
    .where('position', '>=', from)
    .execute();
  await e.db.db
    .updateTable('kernel_audit_links')
    .set({ position: sql<number>`position - 99999` })
    .where('chain', '=', chain)
    .where('position', '>=', 100000)
    .execute();
  if (actionsToo)
    await e.db.db
      .updateTable('kernel_actions')
      .set({ position: sql<number>`position + 1` })
      .where('chain', '=', chain)
      .where('position', '>=', from)
      .execute();
}

async function swapPositions(e: Env, chain: number, a: number, b: number, actionsToo: boolean): Promise<void> {
  const tables = actionsToo ? (['kernel_audit_links', 'kernel_actions'] as const) : (['kernel_audit_links'] as const);
  for (const t of tables) {
    await e.db.db.updateTable(t).set({ position: -1 }).where('chain', '=', chain).where('position', '=', a).execute();
    await e.db.db.updateTable(t).set({ position: a }).where('chain', '=', chain).where('position', '=', b).execute();
    await e.db.db.updateTable(t).set({ position: b }).where('chain', '=', chain).where('position', '=', -1).execute();
  }
}

/** A forged, internally consistent action + link at `position`, continuing from the link before it. */
async function forge(e: Env, chain: number, position: number, prevHash?: string): Promise<string> {
  const prev = prevHash ?? (position === 1 ? GENESIS_HASH : (await linkAt(e, chain, position - 1)).hash);
  const rec: ActionRecord = {
    id: newId(),
    at: '2026-12-01T03:00:00.000Z',
    actorId: 'intruder',
    actorRole: 'admin',
    onBehalfOf: null,
    action: 'approve',
    subjectType: 'case',
    subjectId: 'forged',
    reason: 'forged',
    ruleVersion: null,
    beforeDigest: null,
    afterDigest: null,
    chain,
    position,
  };
  await e.db.db
    .insertInto('kernel_actions')
    .values({
      id: rec.id,
      at: rec.at,
      actor_id: rec.actorId,
      actor_role: rec.actorRole,
      on_behalf_of: null,
      action: rec.action,
      subject_type: rec.subjectType,
      subject_id: rec.subjectId,
      reason: rec.reason,
      rule_version: null,
      before_digest: null,
      after_digest: null,
      request_id: null,
      chain,
      position,
    })
    .execute();
  await e.db.db
    .insertInto('kernel_audit_links')
    .values({ chain, position, action_id: rec.id, prev_hash: prev, hash: linkHash(prev, rec), hash_alg: 'sha256' })
    .execute();
  return rec.id;
}

for (const dialect of dialects) {
  test(`[${dialect}] a clean chain verifies, in batches, with checkpoints`, async () => {
    const e = await setup(dialect);
    try {
      const empty = await verify(e);
      assert.equal(empty.ok, true, JSON.stringify(empty.problems));
      assert.equal(empty.links, 0);
      assert.equal(empty.chains.length, 16);
      const subjects = subjectsOnDistinctChains(3);
      await populate(e, subjects, 5);
      await createCheckpoint(e.k);
      await write(e, subjects[0], 3);
      await createCheckpoint(e.k);
      const r = await verify(e);
      assert.equal(r.ok, true, JSON.stringify(r, null, 2));
      assert.deepEqual(r.problems, []);
      assert.equal(r.links, 12 * 3 + 3 * 5 + 3);
      const count = await e.db.db
        .selectFrom('kernel_actions')
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(r.links, Number(count.n));
      assert.equal(
        r.chains.reduce((n, c) => n + c.length, 0),
        r.links,
      );
      for (const c of r.chains) assert.equal(c.length, c.headPosition);
      assert.deepEqual(r.checkpoints, { count: 2, signaturesChecked: true, problems: [] });
    } finally {
      await e.close();
    }
  });

  test(`[${dialect}] an append stores the action, the link over its bytes, the head and the event as one (PostgreSQL: one statement)`, async () => {
    const e = await setup(dialect);
    try {
      const [s] = subjectsOnDistinctChains(1, 'one-');
      const [first] = await write(e, s, 1);
      const links: string[] = [];
      const payload = { caseId: s, 名称: '开办企业“一件事”', n: 3, nested: { ok: true, list: [1, '二'] } };
      // Two appends to one chain in one transaction: the second sees the first's head.
      const [second, third] = await e.db.db.transaction().execute(async (tx) => [
        await recordAction(
          tx,
          e.db.adapter,
          {
            actor: { id: 'u-clerk', role: 'window_clerk', onBehalfOf: 'enterprise:e1' },
            at: e.clock.now(),
            action: 'accept',
            subjectType: 'case',
            subjectId: s,
            reason: '材料齐全 "ok" \\ \n 受理',
            ruleVersion: 'v2',
            before: { status: 'submitted' },
            after: { status: 'accepted' },
            requestId: 'req-1',
            event: { type: 'cases.case.accepted', payload },
          },
          { hashAlg: 'sha256', onLink: (hash) => links.push(hash) },
        ),
        await recordAction(
          tx,
          e.db.adapter,
          {
            actor: { id: 'u-clerk', role: 'window_clerk' },
            at: e.clock.now(),
            action: 'note',
            subjectType: 'case',
            subjectId: s,
            // The text the PostgreSQL append cuts the JSON at, inside a value, and a character outside the BMP.
            reason: ',"position":-1, 🏛️ 𠀀',
          },
          { hashAlg: 'sha256' },
        ),
      ]);
      assert.equal(second.position, first.position + 1);
      assert.equal(third.position, first.position + 2);
      const thirdLink = await linkAt(e, third.chain, third.position);
      assert.equal(thirdLink.hash, linkHash((await linkAt(e, second.chain, second.position)).hash, third));
      const firstLink = await linkAt(e, first.chain, first.position);
      const link = await linkAt(e, second.chain, second.position);
      // The stored hash is the documented one over the returned record, and the one handed to onLink (receipts).
      assert.equal(link.prev_hash, firstLink.hash);
      assert.equal(link.hash, linkHash(firstLink.hash, second));
      assert.deepEqual(links, [link.hash]);
      const action = await e.db.db
        .selectFrom('kernel_actions')
        .selectAll()
        .where('id', '=', second.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(toRecord(action), second);
      assert.equal(action.request_id, 'req-1');
      const head = await e.db.db
        .selectFrom('kernel_chain_heads')
        .selectAll()
        .where('chain', '=', second.chain)
        .executeTakeFirstOrThrow();
      assert.deepEqual([Number(head.position), head.hash], [third.position, thirdLink.hash]);
      const event = await e.db.db
        .selectFrom('kernel_outbox')
        .selectAll()
        .where('action_id', '=', second.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        [event.type, event.subject_type, event.subject_id, event.payload, event.created_at, event.dispatched_at],
        ['cases.case.accepted', 'case', s, payload, second.at, null],
      );
      only((await verify(e)).problems, []);
    } finally {
      await e.close();
    }
  });
  test(`[${dialect}] an edited action is reported as edited, at its chain and position`, async () => {
    const e = await setup(dialect);
    try {
      const [s] = subjectsOnDistinctChains(1);
      const acts = (await populate(e, [s]))!.get(s)!;
      const victim = acts[2];
      await e.db.db
        .updateTable('kernel_actions')
        .set({ reason: '已核准（篡改）' })
        .where('id', '=', victim.id)
        .execute();
      const r = await verify(e);
      assert.equal(r.ok, false);
      only(r.problems, [{ chain: victim.chain, position: victim.position, kind: 'edited', actionId: victim.id }]);
      // A stored link hash edited is also an edit at that position.
      await e.db.db.updateTable('kernel_actions').set({ reason: victim.reason }).where('id', '=', victim.id).execute();
      assert.equal((await verify(e)).ok, true, 'restoring the reason restores the chain');
      await e.db.db
        .updateTable('kernel_audit_links')
        .set({ hash: 'f'.repeat(64) })
        .where('action_id', '=', acts[1].id)
        .execute();
      only((await verify(e)).problems, [
        { chain: victim.chain, position: acts[1].position, kind: 'edited', actionId: acts[1].id },
      ]);
    } finally {
      await e.close();
    }
  });

  test(`[${dialect}] a deleted entry (action and link) is reported as deleted at its position, also at the tail`, async () => {
    const e = await setup(dialect);
    try {
      const [s1, s2] = subjectsOnDistinctChains(2);
      const acts = await populate(e, [s1, s2]);
      const victim = acts.get(s1)![2];
      await e.db.db.deleteFrom('kernel_audit_links').where('action_id', '=', victim.id).execute();
      await e.db.db.deleteFrom('kernel_actions').where('id', '=', victim.id).execute();
      // On the other chain, delete the newest entry and even move the head back: the last checkpoint still knows.
      await createCheckpoint(e.k);
      const c2 = acts.get(s2)![0].chain;
      const head = await e.db.db
        .selectFrom('kernel_chain_heads')
        .selectAll()
        .where('chain', '=', c2)
        .executeTakeFirstOrThrow();
      const tail = await linkAt(e, c2, Number(head.position));
      await e.db.db.deleteFrom('kernel_audit_links').where('action_id', '=', tail.action_id).execute();
      await e.db.db.deleteFrom('kernel_actions').where('id', '=', tail.action_id).execute();
      const before = await verify(e);
      const expected = [
        { chain: victim.chain, position: victim.position, kind: 'deleted' as const, actionId: null },
        { chain: c2, position: Number(head.position), kind: 'deleted' as const, actionId: null },
      ].sort((a, b) => a.chain - b.chain);
      only(before.problems, expected);
      await e.db.db
        .updateTable('kernel_chain_heads')
        .set({ position: Number(head.position) - 1, hash: tail.prev_hash })
        .where('chain', '=', c2)
        .execute();
      const after = await verify(e);
      const p2 = after.problems.find((p) => p.chain === c2)!;
      assert.equal(p2.kind, 'deleted');
      assert.equal(p2.position, Number(head.position));
      assert.ok(p2.checkpointId, 'found through the signed checkpoint');
    } finally {
      await e.close();
    }
  });

  test(`[${dialect}] a forged action and link inserted in the middle is reported as inserted at its position`, async () => {
    const e = await setup(dialect);
    try {
      const [s1, s2, s3] = subjectsOnDistinctChains(3);
      const acts = await populate(e, [s1, s2, s3]);
      // Chain 1: later entries renumbered (links and actions) to make room; the forgery continues correctly from its predecessor.
      const a1 = acts.get(s1)![2];
      await shiftUp(e, a1.chain, a1.position, true);
      const forged1 = await forge(e, a1.chain, a1.position);
      // Chain 2: only the links renumbered, and the forgery's prev_hash is made up.
      const a2 = acts.get(s2)![1];
      await shiftUp(e, a2.chain, a2.position, false);
      const forged2 = await forge(e, a2.chain, a2.position, 'ab'.repeat(32));
      // Chain 3: a link appended beyond the head without moving it.
      const c3 = acts.get(s3)![0].chain;
      const head3 = await e.db.db
        .selectFrom('kernel_chain_heads')
        .selectAll()
        .where('chain', '=', c3)
        .executeTakeFirstOrThrow();
      const forged3 = await forge(e, c3, Number(head3.position) + 1);
      const r = await verify(e);
      only(
        r.problems,
        [
          { chain: a1.chain, position: a1.position, kind: 'inserted' as const, actionId: forged1 },
          { chain: a2.chain, position: a2.position, kind: 'inserted' as const, actionId: forged2 },
          { chain: c3, position: Number(head3.position) + 1, kind: 'inserted' as const, actionId: forged3 },
        ].sort((a, b) => a.chain - b.chain),
      );
    } finally {
      await e.close();
    }
  });

  test(`[${dialect}] two swapped entries are reported as reordered at the first of them`, async () => {
    const e = await setup(dialect);
    try {
      const [s1, s2, s3] = subjectsOnDistinctChains(3);
      const acts = await populate(e, [s1, s2, s3]);
      const [x1, y1] = [acts.get(s1)![1], acts.get(s1)![3]];
      await swapPositions(e, x1.chain, x1.position, y1.position, true); // links and actions
      const [x2, y2] = [acts.get(s2)![0], acts.get(s2)![1]];
      await swapPositions(e, x2.chain, x2.position, y2.position, false); // links only
      const [x3, y3] = [acts.get(s3)![2], acts.get(s3)![4]];
      await e.db.db.updateTable('kernel_actions').set({ position: y3.position }).where('id', '=', x3.id).execute(); // only an action row claims another place
      const r = await verify(e);
      only(
        r.problems,
        [
          { chain: x1.chain, position: x1.position, kind: 'reordered' as const, actionId: y1.id },
          { chain: x2.chain, position: x2.position, kind: 'reordered' as const, actionId: y2.id },
          { chain: x3.chain, position: x3.position, kind: 'reordered' as const, actionId: x3.id },
        ].sort((a, b) => a.chain - b.chain),
      );
    } finally {
      await e.close();
    }
  });

  test(`[${dialect}] a chain rewritten consistently after a signed checkpoint is reported against that checkpoint`, async () => {
    const e = await setup(dialect);
    try {
      const [s] = subjectsOnDistinctChains(1);
      const acts = (await populate(e, [s]))!.get(s)!;
      const chain = acts[0].chain;
      const cp1 = await createCheckpoint(e.k);
      await write(e, s, 2);
      const cp2 = await createCheckpoint(e.k);
      assert.equal((await verify(e)).ok, true);
      // Rewrite history: change what entry 3 said and re-hash everything after it, moving the head along.
      await e.db.db.updateTable('kernel_actions').set({ reason: '改写' }).where('id', '=', acts[2].id).execute();
      await rehashFrom(e, chain, acts[2].position);
      const internal = await verifyAuditChain(e.db.db, e.db.adapter, { keys: [] }); // every checkpoint distrusted: chain-internal checks only
      assert.deepEqual(internal.problems, [], 'the rewrite is internally consistent');
      assert.equal(internal.checkpoints.problems.length, 2);
      const r = await verify(e);
      assert.equal(r.ok, false);
      const cpPos = cp1.heads[chain].position;
      only(r.problems, [
        {
          chain,
          position: cpPos,
          kind: 'head_mismatch',
          checkpointId: cp1.id,
          actionId: (await linkAt(e, chain, cpPos)).action_id,
        },
      ]);
      assert.match(r.problems[0].detail, new RegExp(`entries 1\\.\\.${cpPos} were rewritten`));
      assert.ok(cp2.heads[chain].position > cpPos);
      // The rewriter also "fixes" the stored checkpoints: their signatures no longer hold, and verification says so.
      for (const cp of [cp1, cp2]) {
        const heads = cp.heads.map((h) => (h.chain === chain ? { ...h, hash: '' } : h));
        for (const h of heads) if (h.chain === chain) h.hash = (await linkAt(e, chain, h.position)).hash;
        const root = hashHex(cp.hashAlg, canonicalJson(heads));
        await e.db.db
          .updateTable('kernel_audit_checkpoints')
          .set({ heads: heads, root })
          .where('id', '=', cp.id)
          .execute();
      }
      const r2 = await verify(e);
      assert.equal(r2.ok, false);
      assert.deepEqual(r2.problems, []);
      assert.deepEqual(r2.checkpoints.problems.map((p) => p.checkpointId).sort(), [cp1.id, cp2.id].sort());
      for (const p of r2.checkpoints.problems) assert.match(p.detail, /signed payload differs/);
    } finally {
      await e.close();
    }
  });

  test(`[${dialect}] a link without its action, an action without its link, and edited heads`, async () => {
    const e = await setup(dialect);
    try {
      const [s1, s2, s3, s4] = subjectsOnDistinctChains(4);
      const acts = await populate(e, [s1, s2, s3, s4]);
      const a1 = acts.get(s1)![1];
      await e.db.db.deleteFrom('kernel_actions').where('id', '=', a1.id).execute();
      const orphan = await forge(e, acts.get(s2)![0].chain, 999, 'cd'.repeat(32)); // an action with a link…
      await e.db.db.deleteFrom('kernel_audit_links').where('action_id', '=', orphan).execute(); // …whose link is removed
      const c3 = acts.get(s3)![0].chain;
      const h3 = await e.db.db
        .selectFrom('kernel_chain_heads')
        .selectAll()
        .where('chain', '=', c3)
        .executeTakeFirstOrThrow();
      await e.db.db
        .updateTable('kernel_chain_heads')
        .set({ hash: 'e'.repeat(64) })
        .where('chain', '=', c3)
        .execute();
      const c4 = acts.get(s4)![0].chain;
      const h4 = await e.db.db
        .selectFrom('kernel_chain_heads')
        .selectAll()
        .where('chain', '=', c4)
        .executeTakeFirstOrThrow();
      await e.db.db
        .updateTable('kernel_chain_heads')
        .set({ position: Number(h4.position) + 3 })
        .where('chain', '=', c4)
        .execute();
      const r = await verify(e);
      only(
        r.problems,
        [
          { chain: a1.chain, position: a1.position, kind: 'missing_action' as const, actionId: a1.id },
          { chain: acts.get(s2)![0].chain, position: 999, kind: 'orphan_action' as const, actionId: orphan },
          { chain: c3, position: Number(h3.position), kind: 'head_mismatch' as const },
          { chain: c4, position: Number(h4.position) + 1, kind: 'deleted' as const },
        ].sort((a, b) => a.chain - b.chain),
      );
    } finally {
      await e.close();
    }
  });

  test(`[${dialect}] SM3 links (per link, mixed with SHA-256) and an SM3 checkpoint verify; an SM3 edit is found`, async () => {
    const e = await setup(dialect, { auditHash: 'sm3' });
    try {
      const [s] = subjectsOnDistinctChains(1);
      const sha = await write(e, s, 2, { hashAlg: 'sha256' });
      const sm3 = await write(e, s, 3, { hashAlg: 'sm3' });
      const links = await e.db.db
        .selectFrom('kernel_audit_links')
        .selectAll()
        .where('chain', '=', sm3[0].chain)
        .orderBy('position')
        .execute();
      assert.deepEqual(
        links.map((l) => l.hash_alg),
        ['sha256', 'sha256', 'sm3', 'sm3', 'sm3'],
      );
      // Independently: sm-crypto's SM3 over the documented bytes.
      const { sm3: smCryptoSm3 } = createRequire(import.meta.url)('sm-crypto') as { sm3: (s: string) => string };
      assert.equal(links[2].hash, smCryptoSm3(links[1].hash + '\n' + canonicalJson(sm3[0])));
      assert.equal(links[0].hash, hashHex('sha256', GENESIS_HASH + '\n' + canonicalJson(sha[0])));
      const cp = await createCheckpoint(e.k);
      assert.equal(cp.hashAlg, 'sm3');
      assert.equal(cp.root, smCryptoSm3(canonicalJson(cp.heads)));
      const r = await verify(e);
      assert.equal(r.ok, true, JSON.stringify(r.problems));
      await e.db.db.updateTable('kernel_actions').set({ reason: 'x' }).where('id', '=', sm3[1].id).execute();
      only((await verify(e)).problems, [
        { chain: sm3[1].chain, position: sm3[1].position, kind: 'edited', actionId: sm3[1].id },
      ]);
    } finally {
      await e.close();
    }
  });

  test(`[${dialect}] signed checkpoints are public and verify with the published JWK; one changed byte fails`, async () => {
    const t = await testApp(dialect);
    try {
      const cps: Checkpoint[] = [];
      for (let i = 0; i < 3; i++) {
        t.clock.advance(60_000);
        cps.push(await createCheckpoint(t.k));
      }
      const list = await t.app.inject('/api/v1/audit/checkpoints?limit=2');
      assert.equal(list.statusCode, 200);
      const page1 = list.json();
      assert.deepEqual(
        page1.items.map((c: Checkpoint) => c.id),
        [cps[2].id, cps[1].id],
        'newest first',
      );
      const page2 = (await t.app.inject(`/api/v1/audit/checkpoints?limit=2&cursor=${page1.nextCursor}`)).json();
      assert.deepEqual(
        page2.items.map((c: Checkpoint) => c.id),
        [cps[0].id],
      );
      assert.equal(page2.nextCursor, null);
      const one = await t.app.inject(`/api/v1/audit/checkpoints/${cps[2].id}`);
      assert.equal(one.statusCode, 200);
      const cp = one.json() as Checkpoint;
      assert.deepEqual(cp, cps[2]);
      assert.equal((await t.app.inject('/api/v1/audit/checkpoints/nope')).statusCode, 404);

      // What anyone can do with the public endpoints alone:
      const jwksRes = await t.app.inject('/.well-known/onewindow-platform-keys.json');
      assert.equal(jwksRes.statusCode, 200);
      const jwks = jwksRes.json() as { keys: Array<Record<string, string>> };
      assert.equal(jwks.keys.length, 1);
      assert.equal(jwks.keys[0].d, undefined, 'no private part is published');
      const jwk = jwks.keys.find((k) => k.kid === cp.keyId)!;
      assert.ok(jwk);
      const key = await importJWK(jwk, 'EdDSA');
      const { payload, protectedHeader } = await compactVerify(cp.signature, key);
      assert.equal(protectedHeader.alg, 'EdDSA');
      const signed = JSON.parse(new TextDecoder().decode(payload));
      assert.deepEqual(signed, {
        type: 'onewindow.audit.checkpoint.v1',
        id: cp.id,
        at: cp.at,
        hashAlg: 'sha256',
        heads: cp.heads,
        root: cp.root,
      });
      assert.equal(new TextDecoder().decode(payload), checkpointPayload(cp));
      assert.equal(hashHex('sha256', canonicalJson(cp.heads)), cp.root);
      assert.equal(cp.heads.length, 16);
      assert.ok(
        cp.heads.some((h) => h.position > 0),
        'the demo seed wrote actions',
      );

      const [h, p, s] = cp.signature.split('.');
      const flip = (str: string, i: number) => str.slice(0, i) + (str[i] === 'A' ? 'B' : 'A') + str.slice(i + 1);
      await assert.rejects(compactVerify(`${h}.${flip(p, 10)}.${s}`, key), 'a changed payload byte fails');
      await assert.rejects(compactVerify(`${h}.${p}.${flip(s, 5)}`, key), 'a changed signature byte fails');
      const tamperedPayload = Buffer.from(
        checkpointPayload({ ...cp, root: (cp.root[0] === 'f' ? 'e' : 'f') + cp.root.slice(1) }),
      ).toString('base64url');
      await assert.rejects(compactVerify(`${h}.${tamperedPayload}.${s}`, key), 'a changed root fails');

      // The verification report and the action log, for audit:read only.
      const discipline = await t.login('discipline.province');
      const v = await t.app.inject({ url: '/api/v1/audit/verify', headers: discipline });
      assert.equal(v.statusCode, 200);
      assert.equal(v.json().ok, true, v.body);
      assert.equal(v.json().checkpoints.count, 3);
      assert.equal(
        (await t.app.inject({ url: '/api/v1/audit/verify', headers: await t.login('clerk.jinshui') })).statusCode,
        403,
      );
      assert.equal((await t.app.inject({ url: '/api/v1/audit/verify' })).statusCode, 401);

      for (let i = 0; i < 5; i++) {
        t.clock.advance(1000);
        await t.k.db.transaction().execute((tx) =>
          recordAction(
            tx,
            t.k.adapter,
            {
              actor: { id: 'u1', role: 'window_clerk' },
              at: t.clock.now(),
              action: `step${i}`,
              subjectType: 'case',
              subjectId: 'C-1',
              reason: `第 ${i} 步`,
            },
            { hashAlg: 'sha256' },
          ),
        );
      }
      const all = (await t.app.inject({ url: '/api/v1/audit/actions?limit=3', headers: discipline })).json();
      assert.equal(all.items.length, 3);
      assert.deepEqual(
        all.items.map((a: ActionRecord) => a.action),
        ['step4', 'step3', 'step2'],
        'newest first',
      );
      const subjPage1 = (
        await t.app.inject({ url: '/api/v1/audit/actions?subjectType=case&subjectId=C-1&limit=3', headers: discipline })
      ).json();
      const subjPage2 = (
        await t.app.inject({
          url: `/api/v1/audit/actions?subjectType=case&subjectId=C-1&limit=3&cursor=${subjPage1.nextCursor}`,
          headers: discipline,
        })
      ).json();
      assert.equal(subjPage2.nextCursor, null);
      const subj = { items: [...subjPage1.items, ...subjPage2.items] };
      assert.deepEqual(
        subj.items.map((a: ActionRecord) => a.action),
        ['step0', 'step1', 'step2', 'step3', 'step4'],
        'one subject, oldest first',
      );
      for (const a of subj.items) {
        const { link, requestId, ...rec } = a;
        void requestId;
        assert.equal(link.hash, linkHash(link.prevHash, rec as ActionRecord, link.hashAlg));
      }
      const half = await t.app.inject({ url: '/api/v1/audit/actions?subjectType=x', headers: discipline });
      assert.equal(half.statusCode, 400);
      assert.equal(half.json().error.code, 'SUBJECT_INCOMPLETE');
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] onewindow audit checkpoint / audit verify: exit 0 when clean, 3 with the problem printed`, async () => {
    const e = await setup(dialect);
    try {
      const [s] = subjectsOnDistinctChains(1);
      const acts = (await populate(e, [s], 4))!.get(s)!;
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ...e.db.env,
        ONEWINDOW_MODE: 'test',
        ONEWINDOW_DATA_DIR: e.dataDir,
        ONEWINDOW_LOG_LEVEL: 'silent',
      };
      if (dialect === 'sqlite') {
        delete env.DATABASE_URL;
        delete env.ONEWINDOW_PG_SCHEMA;
      }
      const run = (...args: string[]) => runCli(env, ...args); // the command's main, in this process
      const cp = await run('audit', 'checkpoint');
      assert.equal(cp.code, 0, cp.stderr);
      assert.match(cp.stdout, /checkpoint \S+ at .*: root [0-9a-f]{64} \(sha256\)/);
      assert.ok(fs.existsSync(platformKeyFile(e.config)), 'the development key is generated in the data folder');
      if (process.platform !== 'win32') assert.equal(fs.statSync(platformKeyFile(e.config)).mode & 0o777, 0o600);
      const ok = await run('audit', 'verify');
      assert.equal(ok.code, 0, ok.stdout + ok.stderr);
      assert.match(ok.stdout, /^OK/m);
      assert.match(ok.stdout, /1 checkpoints, signatures checked/);
      assert.match(ok.stdout, /^statuses: OK/m); // and every stored status follows from its actions (cases' own test tampers)
      // The in-process verification reads the same key the CLI generated.
      assert.equal((await verify(e)).checkpoints.problems.length, 0);

      await e.db.db.updateTable('kernel_actions').set({ reason: '篡改' }).where('id', '=', acts[1].id).execute();
      const bad = await run('audit', 'verify');
      assert.equal(bad.code, 3, bad.stdout + bad.stderr);
      assert.match(
        bad.stdout,
        new RegExp(`chain ${acts[1].chain} position ${acts[1].position}: edited \\(action ${acts[1].id}\\)`),
      );
      const json = await run('audit', 'verify', '--json');
      assert.equal(json.code, 3);
      const report = JSON.parse(json.stdout);
      assert.deepEqual(
        report.problems.map((p: AuditProblem) => [p.chain, p.position, p.kind]),
        [[acts[1].chain, acts[1].position, 'edited']],
      );
      assert.deepEqual(report.statuses.problems, []);
      const usage = await run('audit', 'frobnicate');
      assert.equal(usage.code, 1);
    } finally {
      await e.close();
    }
  });
}

test('the checkpoint schedule signs at once on a fresh database, then every interval, and stops', async () => {
  const t = await testApp('sqlite');
  try {
    const schedule = startCheckpointSchedule(t.k, 40);
    const t0 = Date.now();
    let n = 0;
    while (Date.now() - t0 < 5000) {
      n = (await t.k.db.selectFrom('kernel_audit_checkpoints').select('id').execute()).length;
      if (n >= 3) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await schedule.stop();
    assert.ok(n >= 3, `3 checkpoints within 5 s, got ${n}`);
    const after = (await t.k.db.selectFrom('kernel_audit_checkpoints').select('id').execute()).length;
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(
      (await t.k.db.selectFrom('kernel_audit_checkpoints').select('id').execute()).length,
      after,
      'no checkpoints after stop()',
    );
    const disabled = startCheckpointSchedule(t.k, 0);
    await disabled.stop();
  } finally {
    await t.close();
  }
});

test('the platform key: configured PEM or JWK, generated once in development, refused when missing in production', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-keys-'));
  try {
    const dev = loadConfig({ ONEWINDOW_MODE: 'development', ONEWINDOW_DATA_DIR: dataDir });
    const k1 = loadPlatformKey(dev);
    assert.equal(k1.source, 'generated');
    const k2 = loadPlatformKey(loadConfig({ ONEWINDOW_MODE: 'development', ONEWINDOW_DATA_DIR: dataDir }));
    assert.equal(k2.kid, k1.kid, 'the generated key is reused');
    const pem = k1.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const fromPem = loadPlatformKey(
      loadConfig({
        ONEWINDOW_MODE: 'production',
        ONEWINDOW_DATA_DIR: dataDir,
        ONEWINDOW_PLATFORM_KEY: pem.replace(/\n/g, '\\n'),
      }),
    );
    assert.equal(fromPem.kid, k1.kid);
    assert.equal(fromPem.source, 'configured');
    const jwk = JSON.stringify(k1.privateKey.export({ format: 'jwk' }));
    assert.equal(
      loadPlatformKey(
        loadConfig({ ONEWINDOW_MODE: 'production', ONEWINDOW_DATA_DIR: dataDir, ONEWINDOW_PLATFORM_KEY: jwk }),
      ).kid,
      k1.kid,
    );
    const prodNoKey = loadConfig({ ONEWINDOW_MODE: 'production', ONEWINDOW_DATA_DIR: dataDir });
    assert.throws(() => loadPlatformKey(prodNoKey), /ONEWINDOW_PLATFORM_KEY is required in production/);
    // (That the server refuses to start without it: src/server/system.test.ts.)
    assert.throws(
      () =>
        loadPlatformKey(
          loadConfig({ ONEWINDOW_MODE: 'test', ONEWINDOW_DATA_DIR: dataDir, ONEWINDOW_PLATFORM_KEY: 'nonsense' }),
        ),
      /not an Ed25519 private key/,
    );
    // A retired key stays published; a private part is refused.
    const retired = loadPlatformKey(
      loadConfig({ ONEWINDOW_MODE: 'test', ONEWINDOW_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'ow-keys2-')) }),
    );
    const withRetired = loadConfig({
      ONEWINDOW_MODE: 'test',
      ONEWINDOW_DATA_DIR: dataDir,
      ONEWINDOW_PLATFORM_RETIRED_KEYS: JSON.stringify({ keys: [retired.publicJwk] }),
    });
    assert.deepEqual(
      platformJwks(withRetired).keys.map((k) => k.kid),
      [k1.kid, retired.kid],
    );
    assert.throws(
      () =>
        platformJwks(
          loadConfig({
            ONEWINDOW_MODE: 'test',
            ONEWINDOW_DATA_DIR: dataDir,
            ONEWINDOW_PLATFORM_RETIRED_KEYS: `[${jwk}]`,
          }),
        ),
      /private key/,
    );
    assert.throws(() => loadConfig({ ONEWINDOW_AUDIT_HASH: 'md5' }), /sha256 or sm3/);
    assert.equal(loadConfig({ ONEWINDOW_AUDIT_HASH: 'SM3' }).auditHash, 'sm3');
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
