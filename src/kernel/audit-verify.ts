/**
 * Verifies the audit chain: recomputes every chain from genesis in position order (streamed in batches), cross-checks
 * each link against its action row, the chain heads and every signed checkpoint, looks for action rows no link holds,
 * and reports the FIRST problem of each chain with its position and a kind:
 *
 *   edited          an action row (or a link's stored hash) changed: the recomputed hash differs
 *   deleted         an entry is gone: a gap in positions, the chain ends before its head or before a checkpointed head
 *   inserted        an extra entry: a link the chain skips over, or links beyond the chain head
 *   reordered       entries out of order: a link continues from a link at another position, or an action row claims
 *                   another position than its link's
 *   head_mismatch   a chain head, or a signed checkpoint's head, disagrees with the link at that position (the chain
 *                   was rewritten consistently after the checkpoint; only checkpoints can show that)
 *   orphan_action   an action row that no link holds
 *   missing_action  a link whose action row is gone
 *
 * Concurrent writers (and checkpoints) are fine: checkpoints are read first, then the heads (one statement, with each
 * chain's highest link position), and only links up to those heads are walked; heads only grow, and links and actions
 * are written in one transaction, so nothing committed meanwhile looks like a problem.
 */
import { sql } from 'kysely';
import type { DbAdapter } from './db/adapter.ts';
import type { Executor } from './db/types.ts';
import { AUDIT_CHAIN_COUNT } from './db/kernel-migrations.ts';
import { HASH_ALGS, linkHash, toRecord, type HashAlg } from './audit.ts';
import { allCheckpoints, checkpointSignatureProblem } from './audit-checkpoints.ts';
import type { PublicJwk } from './platform-keys.ts';
import type { ActionTable } from './db/kernel-tables.ts';
import './db/kernel-tables.ts';

export const GENESIS_HASH = '0'.repeat(64);

export type ProblemKind =
  'edited' | 'deleted' | 'inserted' | 'reordered' | 'head_mismatch' | 'orphan_action' | 'missing_action';

export interface AuditProblem {
  chain: number;
  /** The position of the first bad entry (for `deleted`, the first missing position). */
  position: number;
  kind: ProblemKind;
  actionId: string | null;
  detail: string;
  /** For problems found against a signed checkpoint. */
  checkpointId?: string;
}

export interface ChainSummary {
  chain: number;
  /** Links walked (up to the head read at the start). */
  length: number;
  /** The chain head as stored: its position and hash. */
  headPosition: number;
  head: string;
}

export interface CheckpointProblem {
  checkpointId: string;
  at: string;
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  checkedAt: string;
  /** Links walked over all chains. */
  links: number;
  chains: ChainSummary[];
  /** At most one per chain — its first problem — ordered by chain. */
  problems: AuditProblem[];
  checkpoints: {
    count: number;
    /** Signatures were checked against the given keys (false when none were given). */
    signaturesChecked: boolean;
    /** Checkpoints whose signature, payload or root does not hold; they are not used for the chain cross-check. */
    problems: CheckpointProblem[];
  };
}

export interface VerifyOptions {
  /** Public keys to check checkpoint signatures with (the platform JWKS). Without them signatures are not checked. */
  keys?: readonly PublicJwk[];
  /** Rows per query (default 1000). */
  batchSize?: number;
  now?: Date;
}

interface LinkRow {
  position: number;
  action_id: string;
  prev_hash: string;
  hash: string;
  hash_alg: string;
  action: ActionTable | null;
}

interface CheckpointMark {
  hash: string;
  checkpointId: string;
  at: string;
}

const ACTION_COLS = [
  'id',
  'at',
  'actor_id',
  'actor_role',
  'on_behalf_of',
  'action',
  'subject_type',
  'subject_id',
  'reason',
  'rule_version',
  'before_digest',
  'after_digest',
  'request_id',
  'chain',
  'position',
] as const;

async function linkBatch(db: Executor, chain: number, after: number, upTo: number, limit: number): Promise<LinkRow[]> {
  const rows = await db
    .selectFrom('kernel_audit_links as l')
    .leftJoin('kernel_actions as a', 'a.id', 'l.action_id')
    .select(['l.position', 'l.action_id', 'l.prev_hash', 'l.hash', 'l.hash_alg'])
    .select(ACTION_COLS.map((c) => sql.ref(`a.${c}`).as(`a_${c}`)))
    .where('l.chain', '=', chain)
    .where('l.position', '>', after)
    .where('l.position', '<=', upTo)
    .orderBy('l.position')
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const row = r as unknown as Record<string, unknown>;
    const action =
      row.a_id === null || row.a_id === undefined
        ? null
        : (Object.fromEntries(ACTION_COLS.map((c) => [c, row[`a_${c}`]])) as unknown as ActionTable);
    return {
      position: Number(r.position),
      action_id: r.action_id,
      prev_hash: r.prev_hash,
      hash: r.hash,
      hash_alg: r.hash_alg,
      action,
    };
  });
}

async function linkAt(db: Executor, chain: number, position: number): Promise<LinkRow | undefined> {
  return (await linkBatch(db, chain, position - 1, position, 1))[0];
}

/** Another position in the chain whose stored hash is `hash` (used only once a chain has a problem). */
async function positionOfHash(db: Executor, chain: number, hash: string, except: number): Promise<number | null> {
  const r = await db
    .selectFrom('kernel_audit_links')
    .select('position')
    .where('chain', '=', chain)
    .where('hash', '=', hash)
    .where('position', '!=', except)
    .orderBy('position')
    .limit(1)
    .executeTakeFirst();
  return r ? Number(r.position) : null;
}

const short = (h: string) => (h.length > 16 ? `${h.slice(0, 16)}…` : h);

/** Recomputes and cross-checks every chain; see the module comment for what each problem kind means. */
export async function verifyAuditChain(
  db: Executor,
  adapter: DbAdapter,
  opts: VerifyOptions = {},
): Promise<VerifyReport> {
  void adapter; // the queries are dialect-neutral; kept in the signature like every storage function
  const batch = opts.batchSize ?? 1000;

  // 1. Checkpoints, read BEFORE the heads (heads only grow, so every checkpoint read here is at or below the heads read
  //    next, even while writers and the checkpoint timer run): check each signature; the sound ones become marks
  //    (chain → position → head) for the walk.
  const marks = new Map<number, Map<number, CheckpointMark[]>>();
  const checkpointProblems: CheckpointProblem[] = [];
  let checkpointCount = 0;
  for await (const cp of allCheckpoints(db, adapter)) {
    checkpointCount++;
    if (opts.keys) {
      const p = await checkpointSignatureProblem(cp, opts.keys);
      if (p) {
        checkpointProblems.push({ checkpointId: cp.id, at: cp.at, detail: p });
        continue;
      }
    }
    for (const h of cp.heads) {
      if (h.position <= 0) continue;
      let byPos = marks.get(h.chain);
      if (!byPos) marks.set(h.chain, (byPos = new Map()));
      const list = byPos.get(h.position) ?? [];
      // Keep one mark per distinct hash at a position (an idle chain repeats its head in every checkpoint).
      if (!list.some((m) => m.hash === h.hash)) list.push({ hash: h.hash, checkpointId: cp.id, at: cp.at });
      byPos.set(h.position, list);
    }
  }

  // 2. The heads, each with its chain's highest link position, in one statement (one snapshot).
  const headRows = await db
    .selectFrom('kernel_chain_heads as h')
    .select(['h.chain', 'h.position', 'h.hash'])
    .select((eb) =>
      eb
        .selectFrom('kernel_audit_links as l')
        .whereRef('l.chain', '=', 'h.chain')
        .select((e) => e.fn.max('l.position').as('m'))
        .as('max_position'),
    )
    .orderBy('h.chain')
    .execute();
  const heads = new Map(
    headRows.map((h) => [
      Number(h.chain),
      { position: Number(h.position), hash: h.hash, maxPosition: h.max_position === null ? 0 : Number(h.max_position) },
    ]),
  );
  // Links on chains that have no head (outside 0..15, or a head row deleted).
  const strayChains = await db
    .selectFrom('kernel_audit_links')
    .select('chain')
    .distinct()
    .where((eb) =>
      eb.or([eb('chain', '<', 0), eb('chain', '>=', AUDIT_CHAIN_COUNT), eb('chain', 'not in', [...heads.keys(), -1])]),
    )
    .execute();
  const chainIds = [
    ...new Set([
      ...Array.from({ length: AUDIT_CHAIN_COUNT }, (_, i) => i),
      ...heads.keys(),
      ...strayChains.map((r) => Number(r.chain)),
    ]),
  ].sort((a, b) => a - b);

  // 3. Walk each chain.
  const firstProblem = new Map<number, AuditProblem>();
  const offer = (p: AuditProblem) => {
    const cur = firstProblem.get(p.chain);
    if (!cur || p.position < cur.position) firstProblem.set(p.chain, p);
  };
  const chains: ChainSummary[] = [];
  let totalLinks = 0;

  for (const chain of chainIds) {
    const head = heads.get(chain);
    const cpMarks = marks.get(chain) ?? new Map<number, CheckpointMark[]>();
    if (!head) {
      const first = await db
        .selectFrom('kernel_audit_links')
        .select(['position', 'action_id'])
        .where('chain', '=', chain)
        .orderBy('position')
        .limit(1)
        .executeTakeFirst();
      offer({
        chain,
        position: first ? Number(first.position) : 0,
        kind: chain >= 0 && chain < AUDIT_CHAIN_COUNT ? 'head_mismatch' : 'inserted',
        actionId: first?.action_id ?? null,
        detail:
          chain >= 0 && chain < AUDIT_CHAIN_COUNT
            ? `chain ${chain} has no head row`
            : `links on chain ${chain}, which does not exist (chains are 0..${AUDIT_CHAIN_COUNT - 1})`,
      });
      chains.push({ chain, length: 0, headPosition: 0, head: '' });
      continue;
    }

    let expectedPos = 1;
    let expectedPrev = GENESIS_HASH;
    let prevPrev: string | null = null; // the hash the previous link continued from
    let prevLink: LinkRow | null = null;
    let lastMatchedMark = 0;
    let length = 0;
    let problem: AuditProblem | null = null;
    let after = 0;

    const examine = async (r: LinkRow, next: LinkRow | undefined): Promise<AuditProblem | null> => {
      const p = r.position;
      const base = { chain, actionId: r.action_id };
      if (p !== expectedPos) {
        const n = p - expectedPos;
        return {
          chain,
          position: expectedPos,
          kind: 'deleted',
          actionId: null,
          detail: `position${n > 1 ? `s ${expectedPos}..${p - 1} are` : ` ${expectedPos} is`} missing: the chain goes from ${expectedPos - 1} to ${p}`,
        };
      }
      if (r.prev_hash !== expectedPrev) {
        if (prevPrev !== null && prevLink && r.prev_hash === prevPrev) {
          return {
            chain,
            position: p - 1,
            kind: 'inserted',
            actionId: prevLink.action_id,
            detail: `the link at ${p} continues from position ${p - 2}, skipping the entry at ${p - 1} (action ${prevLink.action_id}), which was inserted`,
          };
        }
        const q = await positionOfHash(db, chain, r.prev_hash, p - 1);
        if (q !== null) {
          return {
            ...base,
            position: p,
            kind: 'reordered',
            detail: `the link at ${p} (action ${r.action_id}) continues from the link now at position ${q}, not from ${p - 1}`,
          };
        }
        const nxt = next ?? (await linkAt(db, chain, p + 1));
        if (nxt && nxt.position === p + 1 && nxt.prev_hash === expectedPrev) {
          return {
            ...base,
            position: p,
            kind: 'inserted',
            detail: `the entry at ${p} (action ${r.action_id}) does not continue from ${p - 1}, and the link at ${p + 1} skips over it`,
          };
        }
        if (r.action && Number(r.action.chain) === chain && Number(r.action.position) > p) {
          return {
            chain,
            position: p,
            kind: 'deleted',
            actionId: null,
            detail: `the entry recorded at position ${r.action.position} (action ${r.action_id}) now sits at ${p}: entries before it were deleted and the rest renumbered`,
          };
        }
        return {
          ...base,
          position: p,
          kind: 'edited',
          detail: `the link at ${p} says the previous hash is ${short(r.prev_hash)}, but the link at ${p - 1} has ${short(expectedPrev)}`,
        };
      }
      if (!r.action) {
        return {
          ...base,
          position: p,
          kind: 'missing_action',
          detail: `the link at ${p} holds action ${r.action_id}, whose row is gone`,
        };
      }
      if (Number(r.action.chain) !== chain || Number(r.action.position) !== p) {
        const same = Number(r.action.chain) === chain;
        return {
          ...base,
          position: p,
          kind: same ? 'reordered' : 'edited',
          detail: `action ${r.action_id} says chain ${r.action.chain} position ${r.action.position}, but its link is chain ${chain} position ${p}`,
        };
      }
      if (!HASH_ALGS.includes(r.hash_alg as HashAlg)) {
        return {
          ...base,
          position: p,
          kind: 'edited',
          detail: `the link at ${p} names an unknown hash algorithm ${r.hash_alg}`,
        };
      }
      const recomputed = linkHash(r.prev_hash, toRecord(r.action), r.hash_alg as HashAlg);
      if (recomputed !== r.hash) {
        return {
          ...base,
          position: p,
          kind: 'edited',
          detail: `action ${r.action_id} at ${p} hashes to ${short(recomputed)} (${r.hash_alg}), but its link stores ${short(r.hash)}: the action row or the link was changed`,
        };
      }
      for (const m of cpMarks.get(p) ?? []) {
        if (m.hash !== r.hash) {
          return {
            ...base,
            position: p,
            kind: 'head_mismatch',
            checkpointId: m.checkpointId,
            detail: `signed checkpoint ${m.checkpointId} (${m.at}) recorded hash ${short(m.hash)} at position ${p}; the chain now has ${short(r.hash)}: entries ${lastMatchedMark + 1}..${p} were rewritten after it`,
          };
        }
      }
      if (cpMarks.has(p)) lastMatchedMark = p;
      return null;
    };

    for (;;) {
      const rows = await linkBatch(db, chain, after, head.position, batch);
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        length++;
        after = r.position;
        if (problem) continue;
        problem = await examine(r, rows[i + 1]);
        prevPrev = expectedPrev;
        expectedPrev = r.hash;
        expectedPos = r.position + 1;
        prevLink = r;
      }
      if (rows.length < batch) break;
    }
    totalLinks += length;
    if (problem) offer(problem);
    else {
      // The walk ended at `after`; compare with the head and with checkpointed heads beyond it.
      if (after < head.position) {
        offer({
          chain,
          position: after + 1,
          kind: 'deleted',
          actionId: null,
          detail: `the chain head says position ${head.position}, but the links end at ${after}`,
        });
      } else if (expectedPrev !== head.hash) {
        offer({
          chain,
          position: head.position,
          kind: 'head_mismatch',
          actionId: prevLink?.action_id ?? null,
          detail: `the chain head stores hash ${short(head.hash)} for position ${head.position}, but the link there has ${short(expectedPrev)}`,
        });
      }
      for (const [pos, ms] of cpMarks) {
        if (pos > after) {
          offer({
            chain,
            position: after + 1,
            kind: 'deleted',
            actionId: null,
            checkpointId: ms[0].checkpointId,
            detail: `signed checkpoint ${ms[0].checkpointId} (${ms[0].at}) recorded position ${pos}, but the chain now ends at ${after}`,
          });
        }
      }
    }
    if (head.maxPosition > head.position) {
      const extra = await linkAt(db, chain, head.position + 1);
      offer({
        chain,
        position: head.position + 1,
        kind: 'inserted',
        actionId: extra?.action_id ?? null,
        detail: `links up to position ${head.maxPosition} exist beyond the chain head at ${head.position}`,
      });
    }
    chains.push({ chain, length, headPosition: head.position, head: head.hash });
  }

  // 4. Action rows that no link holds.
  let afterId = '';
  for (;;) {
    const rows = await db
      .selectFrom('kernel_actions as a')
      .leftJoin('kernel_audit_links as l', 'l.action_id', 'a.id')
      .select(['a.id', 'a.chain', 'a.position'])
      .where('l.action_id', 'is', null)
      .where('a.id', '>', afterId)
      .orderBy('a.id')
      .limit(batch)
      .execute();
    for (const r of rows) {
      offer({
        chain: Number(r.chain),
        position: Number(r.position),
        kind: 'orphan_action',
        actionId: r.id,
        detail: `action ${r.id} (chain ${r.chain}, position ${r.position}) has no chain link`,
      });
    }
    if (rows.length < batch) break;
    afterId = rows[rows.length - 1].id;
  }

  const problems = [...firstProblem.values()].sort((a, b) => a.chain - b.chain);
  return {
    ok: problems.length === 0 && checkpointProblems.length === 0,
    checkedAt: (opts.now ?? new Date()).toISOString(),
    links: totalLinks,
    chains,
    problems,
    checkpoints: { count: checkpointCount, signaturesChecked: Boolean(opts.keys), problems: checkpointProblems },
  };
}

/** A human-readable report for the CLI. */
export function formatVerifyReport(r: VerifyReport): string {
  const lines: string[] = [];
  const nonEmpty = r.chains.filter((c) => c.headPosition > 0).length;
  lines.push(
    `audit chain: ${r.links} links in ${r.chains.length} chains (${nonEmpty} non-empty); ${r.checkpoints.count} checkpoints${r.checkpoints.signaturesChecked ? ', signatures checked' : ''}`,
  );
  for (const c of r.chains)
    lines.push(
      `  chain ${String(c.chain).padStart(2)}  length ${String(c.length).padStart(8)}  head ${c.headPosition} ${c.head}`,
    );
  if (r.ok) {
    lines.push('OK: every chain recomputes, every link matches its action, heads and checkpoints agree');
    return lines.join('\n');
  }
  lines.push(`PROBLEMS: ${r.problems.length} chain(s), ${r.checkpoints.problems.length} checkpoint(s)`);
  for (const p of r.problems) {
    lines.push(
      `  chain ${p.chain} position ${p.position}: ${p.kind}${p.actionId ? ` (action ${p.actionId})` : ''}${p.checkpointId ? ` [checkpoint ${p.checkpointId}]` : ''}`,
    );
    lines.push(`    ${p.detail}`);
  }
  for (const c of r.checkpoints.problems) lines.push(`  checkpoint ${c.checkpointId} (${c.at}): ${c.detail}`);
  return lines.join('\n');
}
