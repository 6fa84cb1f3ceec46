/**
 * Signed checkpoints of the audit chain. A checkpoint reads every chain head in one consistent read, combines them into
 * one root, and signs the whole with the platform key, so the platform can later be held to what its log said then:
 *
 *   heads     = [{ chain, position, hash }] for chains 0..15 in chain order (position 0 / 64 zeros for an empty chain)
 *   root      = H( UTF-8( JCS(heads) ) )                       H = the checkpoint's hashAlg (sha256 or sm3), hex
 *   payload   = JCS({ type: "onewindow.audit.checkpoint.v1", id, at, hashAlg, heads, root })
 *   signature = compact JWS (RFC 7515) over the payload bytes, protected header { alg: "EdDSA", kid, typ }
 *
 * Checkpoints are kept (never updated or deleted) and served publicly; verification (audit-verify.ts) checks each
 * signature and that every checkpointed head is still on its chain. See docs/audit-chain.md.
 */
import { CompactSign, compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { AUDIT_CHAIN_COUNT } from './db/kernel-migrations.ts';
import type { DbAdapter } from './db/adapter.ts';
import type { Executor } from './db/types.ts';
import { canonicalJson, hashHex, HASH_ALGS, type HashAlg } from './audit.ts';
import { loadPlatformKey, type PublicJwk } from './platform-keys.ts';
import { newId } from './ids.ts';
import type { Kernel } from './kernel.ts';
import { enqueueJob, type JobHandler } from './jobs.ts';

export interface CheckpointTable {
  id: string;
  at: string;
  hash_alg: string;
  heads: unknown;
  root: string;
  /** The compact JWS over the checkpoint's payload. */
  signature: string;
  key_id: string;
  alg: string;
}

declare module './db/types.ts' {
  interface Database {
    kernel_audit_checkpoints: CheckpointTable;
  }
}

export interface CheckpointHead {
  chain: number;
  position: number;
  hash: string;
}

export interface Checkpoint {
  id: string;
  at: string;
  hashAlg: HashAlg;
  heads: CheckpointHead[];
  root: string;
  keyId: string;
  alg: string;
  signature: string;
}

export const CHECKPOINT_TYPE = 'onewindow.audit.checkpoint.v1';
export const CHECKPOINT_JWS_TYPE = 'onewindow-audit-checkpoint+jws';

/** The root over all heads: H(JCS(heads)), heads in chain order. */
export function checkpointRoot(heads: CheckpointHead[], alg: HashAlg): string {
  return hashHex(alg, canonicalJson(heads.map((h) => ({ chain: h.chain, position: h.position, hash: h.hash }))));
}

/** The exact bytes (as a string; UTF-8 encoded when signed) the signature covers. */
export function checkpointPayload(cp: Pick<Checkpoint, 'id' | 'at' | 'hashAlg' | 'heads' | 'root'>): string {
  return canonicalJson({
    type: CHECKPOINT_TYPE,
    id: cp.id,
    at: cp.at,
    hashAlg: cp.hashAlg,
    heads: cp.heads.map((h) => ({ chain: h.chain, position: h.position, hash: h.hash })),
    root: cp.root,
  });
}

function toCheckpoint(r: CheckpointTable): Checkpoint {
  const heads = (r.heads as CheckpointHead[]).map((h) => ({
    chain: Number(h.chain),
    position: Number(h.position),
    hash: String(h.hash),
  }));
  return {
    id: r.id,
    at: r.at,
    hashAlg: r.hash_alg as HashAlg,
    heads,
    root: r.root,
    keyId: r.key_id,
    alg: r.alg,
    signature: r.signature,
  };
}

/** Every chain head in one consistent read (one statement; on PostgreSQL inside a REPEATABLE READ transaction). */
export async function readChainHeads(db: Kernel['db'], adapter: DbAdapter): Promise<CheckpointHead[]> {
  const read = (ex: Executor) =>
    ex.selectFrom('kernel_chain_heads').select(['chain', 'position', 'hash']).orderBy('chain').execute();
  // A single SELECT already sees one snapshot; REPEATABLE READ makes that explicit and survives later edits adding reads.
  const rows =
    adapter.dialect === 'postgres'
      ? await db.transaction().setIsolationLevel('repeatable read').execute(read)
      : await read(db);
  return rows.map((r) => ({ chain: Number(r.chain), position: Number(r.position), hash: r.hash }));
}

/** Takes, signs and stores a checkpoint of every chain head. */
export async function createCheckpoint(k: Pick<Kernel, 'db' | 'adapter' | 'config' | 'clock'>): Promise<Checkpoint> {
  const key = loadPlatformKey(k.config);
  const heads = await readChainHeads(k.db, k.adapter);
  if (heads.length !== AUDIT_CHAIN_COUNT)
    throw new Error(`expected ${AUDIT_CHAIN_COUNT} chain heads, found ${heads.length}`);
  const now = k.clock.now();
  const hashAlg = k.config.auditHash;
  const base = {
    id: newId(now.getTime()),
    at: now.toISOString(),
    hashAlg,
    heads,
    root: checkpointRoot(heads, hashAlg),
  };
  const signature = await new CompactSign(new TextEncoder().encode(checkpointPayload(base)))
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: CHECKPOINT_JWS_TYPE })
    .sign(key.privateKey);
  const cp: Checkpoint = { ...base, keyId: key.kid, alg: 'EdDSA', signature };
  await k.db
    .insertInto('kernel_audit_checkpoints')
    .values({
      id: cp.id,
      at: cp.at,
      hash_alg: cp.hashAlg,
      heads: cp.heads,
      root: cp.root,
      signature: cp.signature,
      key_id: cp.keyId,
      alg: cp.alg,
    })
    .execute();
  return cp;
}

/** Checkpoints newest first; `before` is the id of the last one on the previous page. */
export async function listCheckpoints(
  db: Executor,
  adapter: DbAdapter,
  opts: { before?: string | null; limit: number },
): Promise<Checkpoint[]> {
  let q = db.selectFrom('kernel_audit_checkpoints').selectAll().orderBy('id', 'desc').limit(opts.limit);
  if (opts.before) q = q.where('id', '<', opts.before);
  return (await q.execute()).map((r) => toCheckpoint(r));
}

export async function getCheckpoint(db: Executor, adapter: DbAdapter, id: string): Promise<Checkpoint | null> {
  const r = await db.selectFrom('kernel_audit_checkpoints').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toCheckpoint(r) : null;
}

/** All checkpoints oldest first, in batches (verification streams them). */
export async function* allCheckpoints(db: Executor, adapter: DbAdapter, batch = 500): AsyncGenerator<Checkpoint> {
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('kernel_audit_checkpoints')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(batch)
      .execute();
    for (const r of rows) yield toCheckpoint(r);
    if (rows.length < batch) return;
    after = rows[rows.length - 1].id;
  }
}

/**
 * Checks one checkpoint against a set of public keys: the JWS verifies with the key its header names, its payload is
 * exactly this checkpoint's payload, and the root is the hash of the heads. Returns null when sound, else the reason.
 */
export async function checkpointSignatureProblem(cp: Checkpoint, keys: readonly PublicJwk[]): Promise<string | null> {
  if (!HASH_ALGS.includes(cp.hashAlg)) return `unknown hash algorithm ${cp.hashAlg}`;
  if (cp.heads.length !== AUDIT_CHAIN_COUNT || cp.heads.some((h, i) => h.chain !== i))
    return `the heads list is not chains 0..${AUDIT_CHAIN_COUNT - 1} in order`;
  if (checkpointRoot(cp.heads, cp.hashAlg) !== cp.root) return 'the root is not the hash of the heads';
  let kid: string | undefined;
  try {
    const header = decodeProtectedHeader(cp.signature);
    if (header.alg !== 'EdDSA') return `unexpected signature algorithm ${String(header.alg)}`;
    kid = header.kid;
  } catch (e) {
    return `the signature is not a compact JWS: ${(e as Error).message}`;
  }
  if (kid !== cp.keyId) return `the signature names key ${kid}, the checkpoint says ${cp.keyId}`;
  const jwk = keys.find((k) => k.kid === kid);
  if (!jwk) return `signed by key ${kid}, which is not a published platform key`;
  try {
    const { payload } = await compactVerify(cp.signature, await importJWK(jwk, 'EdDSA'));
    if (new TextDecoder().decode(payload) !== checkpointPayload(cp))
      return 'the signed payload differs from the stored checkpoint';
  } catch (e) {
    return `the signature does not verify: ${(e as Error).message}`;
  }
  return null;
}

/** The most recent checkpoint's time, or null. */
export async function latestCheckpointAt(db: Executor): Promise<string | null> {
  const r = await db
    .selectFrom('kernel_audit_checkpoints')
    .select('at')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.at ?? null;
}

export interface CheckpointSchedule {
  /** Stops the timer; resolves once a checkpoint in progress has finished. */
  stop(): Promise<void>;
}

/**
 * Takes a checkpoint every `intervalMs` (0 disables). The first one comes when the interval since the last stored
 * checkpoint has elapsed (at once on a fresh database), so restarts do not postpone checkpoints indefinitely.
 * Several servers each running a schedule is harmless: checkpoints only add. A job scheduler may replace this timer.
 */
export function startCheckpointSchedule(k: Kernel, intervalMs: number): CheckpointSchedule {
  if (!intervalMs || intervalMs <= 0) return { stop: async () => {} };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(tick, Math.max(0, ms));
    timer.unref();
  };
  const tick = () => {
    running = createCheckpoint(k)
      .then((cp) => k.log.info({ checkpoint: cp.id, root: cp.root }, 'audit checkpoint signed'))
      .catch((e: Error) => k.log.error({ err: e }, 'audit checkpoint failed'))
      .finally(() => {
        running = null;
        schedule(intervalMs);
      });
  };
  latestCheckpointAt(k.db)
    .then((at) => schedule(at ? new Date(at).getTime() + intervalMs - k.clock.now().getTime() : 0))
    .catch((e: Error) => {
      k.log.error({ err: e }, 'audit checkpoint schedule could not read the last checkpoint');
      schedule(intervalMs);
    });
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

/** The job kind that takes the automatic checkpoints (registered by the server's job runner). */
export const CHECKPOINT_JOB = 'kernel.audit.checkpoint';

type CheckpointKernel = Pick<Kernel, 'db' | 'adapter' | 'config' | 'clock'>;

/**
 * Takes a checkpoint when some chain has moved since the newest stored checkpoint (or none exists and a chain has
 * links); a quiet log adds none. Returns the new checkpoint or null.
 */
export async function checkpointIfMoved(k: CheckpointKernel): Promise<Checkpoint | null> {
  const [latest] = await listCheckpoints(k.db, k.adapter, { limit: 1 });
  const heads = await readChainHeads(k.db, k.adapter);
  const held = new Map((latest?.heads ?? []).map((h) => [h.chain, h.position]));
  if (!heads.some((h) => h.position !== (held.get(h.chain) ?? 0))) return null;
  return createCheckpoint(k);
}

/**
 * Queues the checkpoint job of the interval slot containing `from` (`next`: the slot after it). One job per slot
 * (its unique key), so several server processes queue it once between them and one of them runs it.
 */
export async function enqueueCheckpointJob(k: CheckpointKernel, from: Date, next = false): Promise<void> {
  const interval = k.config.checkpointIntervalMs;
  if (interval <= 0) return;
  const slot = Math.floor(from.getTime() / interval) + (next ? 1 : 0);
  await enqueueJob(k.db, k.adapter, {
    kind: CHECKPOINT_JOB,
    payload: { slot, intervalMs: interval },
    dueAt: new Date(Math.max(slot * interval, from.getTime())),
    uniqueKey: `${CHECKPOINT_JOB}:${interval}:${slot}`,
    maxAttempts: 3,
    now: from,
  });
}

/**
 * The automatic checkpoint, as a kernel job: every `checkpointIntervalMs` (default 60 s), a checkpoint if a chain has
 * moved, then the next slot's job queued. Done jobs of this kind older than a day are removed (one per minute would
 * otherwise pile up). `onewindow audit checkpoint` still takes one on demand.
 */
export function checkpointJobHandler(k: CheckpointKernel & Pick<Kernel, 'log'>): JobHandler {
  return async (_job, { now }) => {
    const cp = await checkpointIfMoved(k);
    if (cp) k.log.info({ checkpoint: cp.id, root: cp.root }, 'audit checkpoint signed');
    await enqueueCheckpointJob(k, now, true);
    await k.db
      .deleteFrom('kernel_jobs')
      .where('kind', '=', CHECKPOINT_JOB)
      .where('status', '=', 'done')
      .where('updated_at', '<', new Date(now.getTime() - 86_400_000).toISOString())
      .execute();
  };
}
