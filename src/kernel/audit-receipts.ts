/**
 * Receipts: what closes the window after the last checkpoint (as Certificate Transparency's signed certificate
 * timestamps do). Every acknowledged write answers with a receipt, signed by the platform key, naming the chain
 * link(s) its action(s) were appended as:
 *
 *   payload = JCS({ type: "onewindow.audit.receipt.v1", at, links: [{ chain, position, hash, actionId }] })
 *   receipt = compact JWS (RFC 7515) over the payload bytes, protected header { alg: "EdDSA", kid, typ }
 *
 * The link hash commits to every earlier link of its chain, so a receipt pins its chain up to its position. Later,
 * anyone holding it can ask the platform to show that link: dropped (the head moved back) or different (the entry
 * consistently re-hashed) is tampering, named by chain and position. See docs/audit-chain.md, "Receipts".
 */
import { sign as edSign } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import type { Executor } from './db/types.ts';
import { canonicalJson } from './audit.ts';
import type { Config } from './config.ts';
import { loadPlatformKey, type PublicJwk } from './platform-keys.ts';
import './db/kernel-tables.ts';

export const RECEIPT_TYPE = 'onewindow.audit.receipt.v1';
export const RECEIPT_JWS_TYPE = 'onewindow-audit-receipt+jws';
/** The response header carrying the receipt of a write. */
export const RECEIPT_HEADER = 'onewindow-receipt';
/** At most this many links per receipt (a header must stay small); a larger write's receipt names the last ones. */
export const RECEIPT_MAX_LINKS = 32;

/** One chain link a write appended. */
export interface ReceiptLink {
  chain: number;
  position: number;
  hash: string;
  actionId: string;
}

export interface Receipt {
  type: typeof RECEIPT_TYPE;
  /** ISO-8601 UTC time the receipt was signed (after the write committed). */
  at: string;
  links: ReceiptLink[];
}

const b64u = (s: string | Buffer) => Buffer.from(s).toString('base64url');

/** The exact payload string a receipt signs. */
export function receiptPayload(r: Pick<Receipt, 'at' | 'links'>): string {
  return canonicalJson({
    type: RECEIPT_TYPE,
    at: r.at,
    links: r.links.map((l) => ({ chain: l.chain, position: l.position, hash: l.hash, actionId: l.actionId })),
  });
}

/**
 * Signs a receipt for `links` (compact JWS, EdDSA, the platform key). Built with node:crypto directly, synchronously:
 * it runs on every write, and jose's async signer adds promises for the same Ed25519 signature.
 */
export function signReceipt(config: Config, links: readonly ReceiptLink[], now: Date): string {
  const { input, key } = signingInput(config, links, now);
  return `${input}.${edSign(null, Buffer.from(input), key.privateKey).toString('base64url')}`;
}

const headers = new WeakMap<object, string>();

function signingInput(config: Config, links: readonly ReceiptLink[], now: Date) {
  const key = loadPlatformKey(config);
  let header = headers.get(key);
  if (!header) headers.set(key, (header = b64u(JSON.stringify({ alg: 'EdDSA', kid: key.kid, typ: RECEIPT_JWS_TYPE }))));
  const input = `${header}.${b64u(receiptPayload({ at: now.toISOString(), links: links.slice(-RECEIPT_MAX_LINKS) }))}`;
  return { input, key };
}

/**
 * Of the links a request appended, those committed as recorded: a write whose transaction rolled back (an
 * Idempotency-Key repeat answered with the stored response, a retried conflict) must not be receipted. One read.
 */
export async function committedLinks(db: Executor, links: readonly ReceiptLink[]): Promise<ReceiptLink[]> {
  if (links.length === 0) return [];
  const wanted = links.slice(-RECEIPT_MAX_LINKS);
  const rows = await db
    .selectFrom('kernel_audit_links')
    .select(['chain', 'position', 'hash', 'action_id'])
    .where((eb) => eb.or(wanted.map((l) => eb.and([eb('chain', '=', l.chain), eb('position', '=', l.position)]))))
    .execute();
  const found = new Map(rows.map((r) => [`${Number(r.chain)}:${Number(r.position)}`, r]));
  return wanted.filter((l) => {
    const r = found.get(`${l.chain}:${l.position}`);
    return r !== undefined && r.hash === l.hash && r.action_id === l.actionId;
  });
}

export type ReceiptProblemKind = 'signature' | 'deleted' | 'edited';

export interface ReceiptProblem {
  kind: ReceiptProblemKind;
  /** Set for link problems (deleted / edited): where the log no longer holds what the receipt was given for. */
  chain?: number;
  position?: number;
  actionId?: string;
  detail: string;
}

export interface ReceiptCheck {
  /** The signature verified with a published platform key and the payload is a receipt. */
  signatureValid: boolean;
  /** The receipt as signed (null when it could not be read). */
  receipt: Receipt | null;
  keyId: string | null;
  links: Array<ReceiptLink & { status: 'present' | 'missing' | 'different' }>;
  problems: ReceiptProblem[];
  ok: boolean;
}

/** Reads and verifies the signature of a receipt; the receipt is null with the reason when it does not verify. */
export async function openReceipt(
  jws: string,
  keys: readonly PublicJwk[],
): Promise<{ receipt: Receipt | null; keyId: string | null; problem: string | null }> {
  let kid: string | null = null;
  try {
    const header = decodeProtectedHeader(jws);
    if (header.alg !== 'EdDSA') return { receipt: null, keyId: null, problem: `unexpected algorithm ${header.alg}` };
    if (header.typ !== RECEIPT_JWS_TYPE)
      return { receipt: null, keyId: null, problem: `not a receipt (${header.typ})` };
    kid = header.kid ?? null;
  } catch (e) {
    return { receipt: null, keyId: null, problem: `not a compact JWS: ${(e as Error).message}` };
  }
  const jwk = keys.find((k) => k.kid === kid);
  if (!jwk)
    return { receipt: null, keyId: kid, problem: `signed by key ${kid}, which is not a published platform key` };
  let text: string;
  try {
    text = new TextDecoder().decode((await compactVerify(jws, await importJWK(jwk, 'EdDSA'))).payload);
  } catch (e) {
    return { receipt: null, keyId: kid, problem: `the signature does not verify: ${(e as Error).message}` };
  }
  let r: Receipt;
  try {
    r = JSON.parse(text) as Receipt;
  } catch {
    return { receipt: null, keyId: kid, problem: 'the signed payload is not JSON' };
  }
  const shaped =
    r?.type === RECEIPT_TYPE &&
    typeof r.at === 'string' &&
    Array.isArray(r.links) &&
    r.links.every(
      (l) =>
        Number.isInteger(l?.chain) &&
        Number.isInteger(l?.position) &&
        typeof l.hash === 'string' &&
        typeof l.actionId === 'string',
    );
  if (!shaped || receiptPayload(r) !== text)
    return { receipt: null, keyId: kid, problem: 'the signed payload is not a receipt' };
  return { receipt: r, keyId: kid, problem: null };
}

/**
 * Checks a receipt against the log: the signature (with the published keys), then each link it names — present at
 * that chain and position, with that hash and action. A missing or different link is tampering at that position.
 */
export async function checkReceipt(db: Executor, jws: string, keys: readonly PublicJwk[]): Promise<ReceiptCheck> {
  const opened = await openReceipt(jws.trim(), keys);
  if (!opened.receipt) {
    return {
      signatureValid: false,
      receipt: null,
      keyId: opened.keyId,
      links: [],
      problems: [{ kind: 'signature', detail: opened.problem ?? 'invalid receipt' }],
      ok: false,
    };
  }
  const links: ReceiptCheck['links'] = [];
  const problems: ReceiptProblem[] = [];
  for (const l of opened.receipt.links) {
    const row = await db
      .selectFrom('kernel_audit_links')
      .select(['hash', 'action_id'])
      .where('chain', '=', l.chain)
      .where('position', '=', l.position)
      .executeTakeFirst();
    const where = { chain: l.chain, position: l.position, actionId: l.actionId };
    if (!row) {
      links.push({ ...l, status: 'missing' });
      problems.push({
        kind: 'deleted',
        ...where,
        detail: `the receipt of ${opened.receipt.at} names link ${l.position} of chain ${l.chain}, which the log no longer holds`,
      });
    } else if (row.hash !== l.hash || row.action_id !== l.actionId) {
      links.push({ ...l, status: 'different' });
      problems.push({
        kind: 'edited',
        ...where,
        detail:
          row.hash !== l.hash
            ? `link ${l.position} of chain ${l.chain} now has hash ${row.hash}, the receipt of ${opened.receipt.at} says ${l.hash}`
            : `link ${l.position} of chain ${l.chain} now holds action ${row.action_id}, the receipt says ${l.actionId}`,
      });
    } else links.push({ ...l, status: 'present' });
  }
  return { signatureValid: true, receipt: opened.receipt, keyId: opened.keyId, links, problems, ok: !problems.length };
}

/** The receipts in a file: one compact JWS per line, or JSON ({ receipt } or an array of them / of strings). */
export function receiptsIn(text: string): string[] {
  const t = text.trim();
  if (t.startsWith('{') || t.startsWith('[')) {
    const parsed = JSON.parse(t) as unknown;
    const list = Array.isArray(parsed) ? parsed : [parsed];
    return list.map((x) => (typeof x === 'string' ? x : String((x as { receipt?: unknown })?.receipt ?? '')));
  }
  return t
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function formatReceiptCheck(file: string, i: number, c: ReceiptCheck): string {
  const head = `receipt ${i + 1} of ${file}: `;
  if (!c.signatureValid) return `${head}REFUSED: ${c.problems[0]?.detail}`;
  const lines = c.links.map((l) => `  chain ${l.chain} position ${l.position}: ${l.status} (action ${l.actionId})`);
  const probs = c.problems.map((p) => `  chain ${p.chain} position ${p.position}: ${p.kind}: ${p.detail}`);
  return [`${head}${c.ok ? 'OK' : 'TAMPERING'} (signed ${c.receipt!.at} by ${c.keyId})`, ...lines, ...probs].join('\n');
}
