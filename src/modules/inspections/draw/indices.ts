/**
 * Spec steps 3–5: commitments, the seed, uniform indices and sample sizes. Pure functions of their arguments.
 *
 * The hot loop (one SHA-256 per candidate) avoids BigInt: the 64-bit candidate x is two 32-bit halves, the
 * rejection test and x mod n are done exactly in doubles while n is small enough, and in BigInt beyond that.
 */
import crypto, { createHash } from 'node:crypto';
import { DrawError, HEX64, checkInteger } from './spec.ts';
import { SeededHasher } from './sha256-seeded.ts';

/** One-shot SHA-256 of the UTF-8 bytes of `s` (crypto.hash where this Node has it: faster for short strings). */
const sha256: (s: string) => Buffer =
  typeof crypto.hash === 'function'
    ? (s) => crypto.hash('sha256', s, 'buffer') as unknown as Buffer
    : (s) => createHash('sha256').update(s, 'utf8').digest();

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

function checkSecret(secret: unknown, what: string): string {
  if (typeof secret !== 'string' || !HEX64.test(secret))
    throw new DrawError('BAD_REVEAL', `${what} must be 64 lowercase hex characters`, { what });
  return secret;
}

/** Spec step 3: the commitment to a secret is the hex SHA-256 of the secret string. */
export function commitmentOf(secret: string): string {
  return sha256Hex(checkSecret(secret, 'secret'));
}

/** Spec step 3: seed = hex SHA-256 of the reveals joined with "|", in the order their commitments were recorded. */
export function seedOf(reveals: readonly string[]): string {
  if (reveals.length < 2) throw new DrawError('BAD_REVEAL', 'a seed needs the reveals of at least two persons');
  reveals.forEach((r, i) => checkSecret(r, `reveal ${i + 1}`));
  return sha256Hex(reveals.join('|'));
}

/**
 * Checks each reveal against its commitment (same order). A missing (null) or wrong reveal voids the round:
 * `{ ok: false, missing, wrong }` lists their positions; otherwise the seed.
 */
export function checkReveals(
  commitments: readonly string[],
  reveals: readonly (string | null)[],
): { ok: true; seed: string } | { ok: false; missing: number[]; wrong: number[] } {
  const missing: number[] = [];
  const wrong: number[] = [];
  commitments.forEach((c, i) => {
    const r = reveals[i];
    if (r === null || r === undefined) missing.push(i);
    else if (!HEX64.test(r) || sha256Hex(r) !== c) wrong.push(i);
  });
  if (missing.length || wrong.length || reveals.length !== commitments.length) return { ok: false, missing, wrong };
  return { ok: true, seed: seedOf(reveals as string[]) };
}

/** Spec step 5: k = floor((n × r + 9999) / 10000) for a ratio r in basis points (0–10000). */
export function sampleSize(n: number, ratioBp: number): number {
  checkInteger(n, 'n', 0, 2 ** 53 / 16384); // n × 10000 stays exact
  checkInteger(ratioBp, 'ratio (basis points)', 0, 10000);
  return Math.floor((n * ratioBp + 9999) / 10000);
}

const TWO_32 = 4294967296;
/** Below this n, (x_hi mod n)·(2^32 mod n) + x_lo < 2^53, so x mod n is exact in doubles. */
const EXACT_N = 94_906_265;

/**
 * Spec step 4 for one candidate x = hi·2^32 + lo: −1 when x ≥ 2^64 − (2^64 mod n) (rejected), else x mod n.
 * `r` is 2^64 mod n. Exported for the boundary tests.
 */
export function reduceCandidate(hi: number, lo: number, n: number, r: number): number {
  // x ≥ 2^64 − r  ⟺  (2^64 − 1 − x) < r; r < n ≤ 2^53, so only a complement below 2^53 can be smaller.
  const notHi = 0xffffffff - hi;
  if (notHi < 0x200000 && notHi * TWO_32 + (0xffffffff - lo) < r) return -1;
  if (n <= EXACT_N) return ((hi % n) * (TWO_32 % n) + lo) % n;
  return Number(((BigInt(hi) << 32n) + BigInt(lo)) % BigInt(n));
}

const remainders = new Map<number, number>(); // pool sizes repeat: one BigInt division per distinct n

/** 2^64 mod n. */
export function rejectionRemainder(n: number): number {
  let r = remainders.get(n);
  if (r === undefined) {
    r = Number((1n << 64n) % BigInt(n));
    if (remainders.size < 4096) remainders.set(n, r);
  }
  return r;
}

let lastHasher: SeededHasher | null = null;

/** The shared JavaScript hasher for `seed` laid out for `label`, or null (seed not 64 ASCII characters, or a non-ASCII label). */
function seededHasher(seed: string, label: string): SeededHasher | null {
  if (lastHasher?.seed !== seed) {
    if (seed.length !== 64 || /[\u0080-\uffff]/.test(seed)) return null;
    lastHasher = new SeededHasher(seed);
  }
  return lastHasher.setLabel(label) ? lastHasher : null;
}

/** Spec step 4: the first 8 bytes of SHA-256(seed|label|i) as [hi, lo] 32-bit halves. */
export function candidate(seed: string, label: string, i: number): [number, number] {
  const hasher = seededHasher(seed, label);
  if (hasher) {
    hasher.hash(i);
    return [hasher.out[0], hasher.out[1]];
  }
  const h = sha256(`${seed}|${label}|${i}`);
  return [h.readUInt32BE(0), h.readUInt32BE(4)];
}

/**
 * Spec step 4: k distinct indices in [0, n), in order of acceptance. n = 0 gives none; k ≥ n gives 0 … n−1.
 * Candidate i advances after every candidate, accepted, rejected or a duplicate.
 */
export function uniformIndices(seed: string, label: string, n: number, k: number): number[] {
  checkInteger(n, 'n');
  checkInteger(k, 'k');
  if (n === 0 || k === 0) return [];
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  const r = rejectionRemainder(n);
  const taken = k <= 16 ? null : new Uint8Array(n <= 1 << 26 ? n : 0);
  const big = taken !== null && taken.length === 0 ? new Set<number>() : null;
  const out: number[] = [];
  const hasher = seededHasher(seed, label);
  const hv = hasher?.out;
  for (let i = 0; out.length < k; i++) {
    let idx: number;
    if (hasher) {
      hasher.hash(i);
      idx = reduceCandidate(hv![0], hv![1], n, r);
    } else {
      const [hi, lo] = candidate(seed, label, i);
      idx = reduceCandidate(hi, lo, n, r);
    }
    if (idx < 0) continue;
    if (big) {
      if (big.has(idx)) continue;
      big.add(idx);
    } else if (taken) {
      if (taken[idx]) continue;
      taken[idx] = 1;
    } else if (out.includes(idx)) continue;
    out.push(idx);
  }
  return out;
}

/**
 * `uniformIndices` for a few (k ≤ n) of a small n, with a hasher whose label is laid out already (step 6: m
 * inspectors of a pool): the indices go to `out` from `at`, nothing is allocated.
 */
export function fewIndices(hasher: SeededHasher, n: number, k: number, out: Int32Array, at: number): void {
  if (k >= n) {
    for (let q = 0; q < n; q++) out[at + q] = q;
    return;
  }
  const r = rejectionRemainder(n);
  const hv = hasher.out;
  let got = 0;
  for (let i = 0; got < k; i++) {
    hasher.hash(i);
    const idx = reduceCandidate(hv[0], hv[1], n, r);
    if (idx < 0) continue;
    let seen = false;
    for (let q = 0; q < got; q++) if (out[at + q] === idx) seen = true;
    if (!seen) out[at + got++] = idx;
  }
}
