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
import { createHash, getHashes, hash as oneShotHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { sql } from 'kysely';
import type { DbAdapter } from './db/adapter.ts';
import { AUDIT_CHAIN_COUNT } from './db/kernel-migrations.ts';
import type { Executor } from './db/types.ts';
import { newId } from './ids.ts';
import { preparedQuery, preparedSql } from './db/prepared.ts';
import type { AuditHashAlg } from './config.ts';
import './db/kernel-tables.ts';

/** The hash of a chain link: 'sha256' or 'sm3' (GB/T 32905-2016). Each link records its own in `hash_alg`. */
export type HashAlg = AuditHashAlg;
export const HASH_ALGS: readonly HashAlg[] = ['sha256', 'sm3'];

const nodeHasSm3 = getHashes().includes('sm3');
let smCryptoSm3: ((s: string) => string) | undefined;

/** Hex lowercase digest of the UTF-8 bytes of `s`. SM3 comes from OpenSSL when this Node has it, else from sm-crypto. */
export function hashHex(alg: HashAlg, s: string): string {
  if (alg === 'sha256') return sha256Hex(s);
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

/**
 * RFC 8785 (JCS) canonical JSON: object keys sorted by UTF-16 code units, no whitespace, numbers and strings as
 * ECMAScript's JSON.stringify writes them; lone surrogates, non-finite numbers and cycles are refused. Written here
 * rather than taken from `canonicalize` (its author's reference code, which this must equal: audit.test.ts compares
 * the two over random values) because every write hashes two or three canonical forms and the library checks each
 * string for lone surrogates one character at a time in JavaScript, where `isWellFormed()` is one native call.
 */
export function canonicalJson(value: unknown): string {
  return jcs(value, new Set());
}

/**
 * `canonicalJson(value)` handed to `write` in pieces (the same characters in the same order), so a value with a
 * million entries — a draw record's selections — can be hashed without building one giant string. Arrays and
 * objects are walked down to `depth` levels; anything deeper is written whole, one piece per element.
 */
export function canonicalJsonTo(
  value: unknown,
  write: (piece: string) => void,
  depth = 2,
  /** For the values below `depth`: their canonical JSON when the caller knows a faster way, else null. */
  leaf?: (v: unknown) => string | null,
): void {
  jcsTo(value, new Set(), write, depth, leaf);
}

function jcsTo(
  v: unknown,
  seen: Set<object>,
  write: (piece: string) => void,
  depth: number,
  leaf: ((v: unknown) => string | null) | undefined,
): void {
  if (depth <= 0 || v === null || typeof v !== 'object' || typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    write((depth <= 0 && leaf?.(v)) || jcs(v, seen));
    return;
  }
  if (seen.has(v)) throw new Error('Circular reference detected');
  seen.add(v);
  if (Array.isArray(v)) {
    write('[');
    for (let i = 0; i < v.length; i++) {
      const e: unknown = v[i];
      if (i) write(',');
      if (e === undefined || typeof e === 'symbol') write('null');
      else jcsTo(e, seen, write, depth - 1, leaf);
    }
    write(']');
  } else {
    const o = v as Record<string, unknown>;
    let first = true;
    write('{');
    for (const key of Object.keys(o).sort()) {
      const e = o[key];
      if (e === undefined || typeof e === 'symbol') continue;
      write((first ? '' : ',') + jcs(key, seen) + ':');
      jcsTo(e, seen, write, depth - 1, leaf);
      first = false;
    }
    write('}');
  }
  seen.delete(v);
}

function jcs(v: unknown, seen: Set<object>): string {
  if (typeof v === 'string') {
    // String.prototype.isWellFormed: Node 20+ (ES2024; the project's lib is older, so typed here).
    if (!(v as string & { isWellFormed(): boolean }).isWellFormed()) throw new Error('Lone surrogate is not allowed');
    return JSON.stringify(v);
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`${v} is not allowed`);
    return JSON.stringify(v);
  }
  if (v === null || typeof v !== 'object') {
    const s = JSON.stringify(v);
    if (s === undefined) throw new Error('value cannot be canonicalized');
    return s;
  }
  if (seen.has(v)) throw new Error('Circular reference detected');
  seen.add(v);
  let out: string;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    out = jcs((v as { toJSON(): unknown }).toJSON(), seen);
  } else if (Array.isArray(v)) {
    out = '[';
    for (let i = 0; i < v.length; i++) {
      const e: unknown = v[i];
      out += (i ? ',' : '') + (e === undefined || typeof e === 'symbol' ? 'null' : jcs(e, seen));
    }
    out += ']';
  } else {
    const o = v as Record<string, unknown>;
    out = '{';
    let first = true;
    for (const key of Object.keys(o).sort()) {
      const e = o[key];
      if (e === undefined || typeof e === 'symbol') continue;
      out += (first ? '' : ',') + jcs(key, seen) + ':' + jcs(e, seen);
      first = false;
    }
    out += '}';
  }
  seen.delete(v);
  return out;
}

/**
 * Hex SHA-256 of the UTF-8 bytes of `s`. node:crypto's one-shot `hash` (Node 20.12+, 21.7+): no Hash object per
 * digest, and every write takes three or four of these.
 */
export function sha256Hex(s: string): string {
  return oneShotHash('sha256', s, 'hex');
}

/** Digest of a state snapshot for the before/after fields: SHA-256 of its canonical JSON. */
export function digestOf(value: unknown): string | null {
  return value === undefined || value === null ? null : sha256Hex(canonicalJson(value));
}

export function chainFor(subjectType: string, subjectId: string): number {
  return oneShotHash('sha256', `${subjectType}:${subjectId}`, 'buffer').readUInt32BE(0) % AUDIT_CHAIN_COUNT;
}

export function linkHash(prevHash: string, action: ActionRecord, alg: HashAlg = 'sha256'): string {
  return hashHex(alg, prevHash + '\n' + canonicalJson(action));
}

// The append's statements, compiled once (db/prepared.ts): every state change runs them.
const chainHead = preparedQuery((db: Executor, chain: number) =>
  db.selectFrom('kernel_chain_heads').select(['position', 'hash']).where('chain', '=', chain),
);
const chainHeadForUpdate = preparedQuery((db: Executor, chain: number) =>
  db.selectFrom('kernel_chain_heads').select(['position', 'hash']).where('chain', '=', chain).forUpdate(),
);
const insertAction = preparedQuery((db: Executor, ...v: ActionRowValues) =>
  db.insertInto('kernel_actions').values({
    id: v[0],
    at: v[1],
    actor_id: v[2],
    actor_role: v[3],
    on_behalf_of: v[4],
    action: v[5],
    subject_type: v[6],
    subject_id: v[7],
    reason: v[8],
    rule_version: v[9],
    before_digest: v[10],
    after_digest: v[11],
    request_id: v[12],
    chain: v[13],
    position: v[14],
  }),
);
type ActionRowValues = [
  id: string,
  at: string,
  actorId: string,
  actorRole: string,
  onBehalfOf: string | null,
  action: string,
  subjectType: string,
  subjectId: string,
  reason: string | null,
  ruleVersion: string | null,
  beforeDigest: string | null,
  afterDigest: string | null,
  requestId: string | null,
  chain: number,
  position: number,
];
const insertLink = preparedQuery(
  (db: Executor, chain: number, position: number, actionId: string, prevHash: string, hash: string, alg: HashAlg) =>
    db
      .insertInto('kernel_audit_links')
      .values({ chain, position, action_id: actionId, prev_hash: prevHash, hash, hash_alg: alg }),
);
const advanceHead = preparedQuery((db: Executor, chain: number, position: number, hash: string) =>
  db.updateTable('kernel_chain_heads').set({ position, hash }).where('chain', '=', chain),
);
const insertOutbox = preparedQuery(
  (
    db: Executor,
    id: string,
    type: string,
    actionId: string,
    subjectType: string,
    subjectId: string,
    payload: unknown,
    createdAt: string,
  ) =>
    db.insertInto('kernel_outbox').values({
      id,
      type,
      action_id: actionId,
      subject_type: subjectType,
      subject_id: subjectId,
      payload: payload as never,
      created_at: createdAt,
      dispatched_at: null,
    }),
);

/**
 * PostgreSQL, SHA-256 links: the whole append in one statement — one round trip where the steps below take five (head,
 * action, link, head's advance, outbox event). The head is locked and read, the link hashed by the server over the same
 * bytes (`sha256` of prev_hash, "\n" and the action's canonical JSON, whose position is the head's plus one: the JSON
 * is sent in two pieces around it), and every row written by data-modifying CTEs; a concurrent writer on the chain
 * waits for the lock and then sees the new head, as with `select … for update`. SM3 links (no SM3 in PostgreSQL)
 * and SQLite (no round trips to save) take the steps below.
 */
const APPEND_HEAD = `with h as (select "position" + 1 as "position", hash as prev from kernel_chain_heads where chain = $14 for update),
k as (select "position", prev, encode(sha256(convert_to(prev || chr(10) || $15 || "position"::text || $16, 'UTF8')), 'hex') as hash from h),
a as (insert into kernel_actions (id, at, actor_id, actor_role, on_behalf_of, action, subject_type, subject_id, reason, rule_version, before_digest, after_digest, request_id, chain, "position")
  select $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "position" from k),
l as (insert into kernel_audit_links (chain, "position", action_id, prev_hash, hash, hash_alg) select $14, "position", $1, prev, hash, 'sha256' from k),
u as (update kernel_chain_heads set "position" = k."position", hash = k.hash from k where chain = $14)`;
const appendInOneStatement = preparedSql<{ position: number; hash: string }>(
  `${APPEND_HEAD}\nselect "position", hash from k`,
);
const appendWithEventInOneStatement = preparedSql<{ position: number; hash: string }>(
  `${APPEND_HEAD},
o as (insert into kernel_outbox (id, type, action_id, subject_type, subject_id, payload, created_at, dispatched_at)
  select $17, $18, $1, $7, $8, $19::jsonb, $2, null from k)
select "position", hash from k`,
);

/** Where the canonical JSON of an action record is cut around its position (the server fills it in). */
const POSITION_SENTINEL = -1;
const POSITION_FIELD = `,"position":${POSITION_SENTINEL},`;

async function appendInOneRoundTrip(
  tx: Executor,
  record: ActionRecord,
  requestId: string | null,
  event: ActionInput['event'],
): Promise<{ position: number; hash: string }> {
  const json = canonicalJson({ ...record, position: POSITION_SENTINEL });
  // Keys are sorted: "position" comes after "onBehalfOf" and before "reason", and a string value cannot contain the
  // marker (its quotes would be escaped).
  const cut = json.indexOf(POSITION_FIELD);
  if (cut < 0) throw new Error('audit append: the action record has no position between two members');
  const before = json.slice(0, cut) + ',"position":';
  const after = json.slice(cut + POSITION_FIELD.length - 1);
  const r = record;
  const row = [...actionValues(r, requestId), r.chain, before, after];
  const result = event
    ? await appendWithEventInOneStatement(
        tx,
        ...row,
        newId(Date.parse(r.at)),
        event.type,
        JSON.stringify(event.payload),
      )
    : await appendInOneStatement(tx, ...row);
  const link = result.rows[0];
  if (!link) throw new Error(`audit chain ${r.chain} has no head row`);
  return { position: Number(link.position), hash: link.hash };
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
  opts: { hashAlg: HashAlg; onLink?: (hash: string) => void },
): Promise<ActionRecord> {
  const hashAlg = opts.hashAlg;
  const chain = chainFor(input.subjectType, input.subjectId);
  if (adapter.dialect === 'postgres' && hashAlg === 'sha256') {
    const record = actionRecord(input, chain, POSITION_SENTINEL);
    const link = await appendInOneRoundTrip(tx, record, input.requestId ?? null, input.event);
    record.position = link.position;
    opts.onLink?.(link.hash);
    return record;
  }
  // Lock this chain's head so concurrent writers on the same chain append one after another.
  const heads = await (adapter.supportsRowLocks ? chainHeadForUpdate : chainHead)(tx, chain);
  const head = heads.rows[0];
  if (!head) throw new Error(`audit chain ${chain} has no head row`);
  const record = actionRecord(input, chain, Number(head.position) + 1);
  const hash = linkHash(head.hash, record, hashAlg);
  const r = record;
  await insertAction(tx, ...actionValues(r, input.requestId ?? null), chain, r.position);
  await insertLink(tx, chain, r.position, r.id, head.hash, hash, hashAlg);
  await advanceHead(tx, chain, r.position, hash);
  opts.onLink?.(hash);
  if (input.event) {
    const e = input.event;
    await insertOutbox(tx, newId(input.at.getTime()), e.type, r.id, r.subjectType, r.subjectId, e.payload, r.at);
  }
  return record;
}

/** An action row's columns from `id` to `request_id`, in the order of its insert (chain and position follow). */
function actionValues(r: ActionRecord, requestId: string | null) {
  return [
    r.id,
    r.at,
    r.actorId,
    r.actorRole,
    r.onBehalfOf,
    r.action,
    r.subjectType,
    r.subjectId,
    r.reason,
    r.ruleVersion,
    r.beforeDigest,
    r.afterDigest,
    requestId,
  ] as const;
}

function actionRecord(input: ActionInput, chain: number, position: number): ActionRecord {
  return {
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
    position,
  };
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

/** The actions on many subjects of one type, oldest first per subject, read in batches (supervision views). */
export async function actionsOfMany(
  db: Executor,
  subjectType: string,
  subjectIds: readonly string[],
): Promise<Map<string, ActionRecord[]>> {
  const out = new Map<string, ActionRecord[]>(subjectIds.map((id) => [id, []]));
  for (let i = 0; i < subjectIds.length; i += 500) {
    const rows = await db
      .selectFrom('kernel_actions')
      .selectAll()
      .where('subject_type', '=', subjectType)
      .where('subject_id', 'in', subjectIds.slice(i, i + 500))
      .orderBy(sql`position`)
      .execute();
    for (const r of rows) out.get(r.subject_id)?.push(toRecord(r));
  }
  return out;
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
