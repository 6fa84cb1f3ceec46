/**
 * The action log and its audit chain. Every state change calls `recordAction` inside the transaction that makes
 * the change, so the change, its action row, its chain link and its outbox event commit or vanish together.
 *
 * The chain is partitioned: AUDIT_CHAIN_COUNT chains, an action going to chain = first 4 bytes of
 * SHA-256(subjectType + ':' + subjectId) mod AUDIT_CHAIN_COUNT, so all actions on one subject are in one chain (and
 * ordered) while writers on different subjects rarely wait on the same head.
 *
 * Bytes hashed for a link (hex lowercase SHA-256, or SM3 when ONEWINDOW_AUDIT_HASH=sm3; the link's hash_alg says which):
 *   hash = H( UTF-8( prev_hash + "\n" + JCS(action) ) )
 * where prev_hash is the previous link's hash in the same chain (64 zeros for position 1) and JCS is RFC 8785
 * canonical JSON of the action row's fields: id, at, actorId, actorRole, onBehalfOf, action, subjectType,
 * subjectId, reason, ruleVersion, beforeDigest, afterDigest, chain, position (nulls included).
 * Verification, checkpoints and a worked example: src/kernel/audit-verify.ts, src/kernel/audit-checkpoints.ts, docs/audit-chain.md.
 */
import { createHash, getHashes } from 'node:crypto';
import { createRequire } from 'node:module';
import canonicalize from 'canonicalize';
import { sql } from 'kysely';
import type { DbAdapter } from './db/adapter.ts';
import { AUDIT_CHAIN_COUNT } from './db/kernel-migrations.ts';
import type { Executor } from './db/types.ts';
import { newId } from './ids.ts';
import type { AuditHashAlg } from './config.ts';
import './db/kernel-tables.ts';

/** The hash of a chain link: 'sha256' or 'sm3' (GB/T 32905-2016). Each link records its own in `hash_alg`. */
export type HashAlg = AuditHashAlg;
export const HASH_ALGS: readonly HashAlg[] = ['sha256', 'sm3'];

const nodeHasSm3 = getHashes().includes('sm3');
let smCryptoSm3: ((s: string) => string) | undefined;

/** Hex lowercase digest of the UTF-8 bytes of `s`. SM3 comes from OpenSSL when this Node has it, else from sm-crypto. */
export function hashHex(alg: HashAlg, s: string): string {
  if (alg === 'sha256') return createHash('sha256').update(s, 'utf8').digest('hex');
  if (alg === 'sm3') {
    if (nodeHasSm3) return createHash('sm3').update(s, 'utf8').digest('hex');
    smCryptoSm3 ??= (createRequire(import.meta.url)('sm-crypto') as { sm3: (s: string) => string }).sm3;
    return smCryptoSm3(s); // sm-crypto encodes a string as UTF-8
  }
  throw new Error(`unknown audit hash algorithm ${String(alg)}`);
}

export interface Actor {
  id: string;
  role: string;
  onBehalfOf?: string | null;
}

export interface ActionInput {
  actor: Actor;
  at: Date;
  action: string;
  subjectType: string;
  subjectId: string;
  reason?: string | null;
  ruleVersion?: string | null;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
  /** The outbox event written with the action: `<module>.<subject>.<past-tense verb>`. */
  event?: { type: string; payload: Record<string, unknown> };
}

export interface ActionRecord {
  id: string;
  at: string;
  actorId: string;
  actorRole: string;
  onBehalfOf: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  reason: string | null;
  ruleVersion: string | null;
  beforeDigest: string | null;
  afterDigest: string | null;
  chain: number;
  position: number;
}

export function canonicalJson(value: unknown): string {
  const s = (canonicalize as unknown as (v: unknown) => string | undefined)(value);
  if (s === undefined) throw new Error('value cannot be canonicalized');
  return s;
}

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/** Digest of a state snapshot for the before/after fields: SHA-256 of its canonical JSON. */
export function digestOf(value: unknown): string | null {
  return value === undefined || value === null ? null : sha256Hex(canonicalJson(value));
}

export function chainFor(subjectType: string, subjectId: string): number {
  return createHash('sha256').update(`${subjectType}:${subjectId}`).digest().readUInt32BE(0) % AUDIT_CHAIN_COUNT;
}

export function linkHash(prevHash: string, action: ActionRecord, alg: HashAlg = 'sha256'): string {
  return hashHex(alg, prevHash + '\n' + canonicalJson(action));
}

/**
 * Writes the action row, its chain link and (if given) its outbox event. Call inside the change's transaction.
 * Services call `k.audit.record` (audit-log.ts), which fills the actor from the context and checks the event; this
 * is the storage step underneath. The hash algorithm is the kernel's configuration (config.auditHash).
 */
export async function recordAction(
  tx: Executor,
  adapter: DbAdapter,
  input: ActionInput,
  opts: { hashAlg: HashAlg },
): Promise<ActionRecord> {
  const hashAlg = opts.hashAlg;
  const chain = chainFor(input.subjectType, input.subjectId);
  // Lock this chain's head so concurrent writers on the same chain append one after another.
  let headQuery = tx.selectFrom('kernel_chain_heads').select(['position', 'hash']).where('chain', '=', chain);
  if (adapter.supportsRowLocks) headQuery = headQuery.forUpdate();
  const head = await headQuery.executeTakeFirstOrThrow();
  const record: ActionRecord = {
    id: newId(input.at.getTime()),
    at: input.at.toISOString(),
    actorId: input.actor.id,
    actorRole: input.actor.role,
    onBehalfOf: input.actor.onBehalfOf ?? null,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    reason: input.reason ?? null,
    ruleVersion: input.ruleVersion ?? null,
    beforeDigest: digestOf(input.before),
    afterDigest: digestOf(input.after),
    chain,
    position: Number(head.position) + 1,
  };
  const hash = linkHash(head.hash, record, hashAlg);
  await tx
    .insertInto('kernel_actions')
    .values({
      id: record.id,
      at: record.at,
      actor_id: record.actorId,
      actor_role: record.actorRole,
      on_behalf_of: record.onBehalfOf,
      action: record.action,
      subject_type: record.subjectType,
      subject_id: record.subjectId,
      reason: record.reason,
      rule_version: record.ruleVersion,
      before_digest: record.beforeDigest,
      after_digest: record.afterDigest,
      request_id: input.requestId ?? null,
      chain,
      position: record.position,
    })
    .execute();
  await tx
    .insertInto('kernel_audit_links')
    .values({ chain, position: record.position, action_id: record.id, prev_hash: head.hash, hash, hash_alg: hashAlg })
    .execute();
  await tx
    .updateTable('kernel_chain_heads')
    .set({ position: record.position, hash })
    .where('chain', '=', chain)
    .execute();
  if (input.event) {
    await tx
      .insertInto('kernel_outbox')
      .values({
        id: newId(input.at.getTime()),
        type: input.event.type,
        action_id: record.id,
        subject_type: input.subjectType,
        subject_id: input.subjectId,
        payload: input.event.payload,
        created_at: record.at,
        dispatched_at: null,
      })
      .execute();
  }
  return record;
}

/** The actions on one subject, oldest first. */
export async function actionsOf(db: Executor, subjectType: string, subjectId: string): Promise<ActionRecord[]> {
  const rows = await db
    .selectFrom('kernel_actions')
    .selectAll()
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .orderBy(sql`position`)
    .execute();
  return rows.map(toRecord);
}

export function toRecord(r: import('./db/kernel-tables.ts').ActionTable): ActionRecord {
  return {
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    actorRole: r.actor_role,
    onBehalfOf: r.on_behalf_of,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    reason: r.reason,
    ruleVersion: r.rule_version,
    beforeDigest: r.before_digest,
    afterDigest: r.after_digest,
    chain: Number(r.chain),
    position: Number(r.position),
  };
}
