/**
 * The first 8 bytes of SHA-256(seed + rest) for a 64-character seed, in plain JavaScript: the seed is exactly one
 * 64-byte block, so its compression is done once and every candidate hashes only its own tail. For the short ASCII
 * tails of spec step 4 this avoids node:crypto's per-call cost (the hot loop of a draw). The tests hold it to
 * node:crypto's SHA-256.
 */
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);
const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const W = new Int32Array(64);

/** Compresses the 16 words of `W` into `state` (8 words). */
function compress(state: Int32Array): void {
  for (let t = 16; t < 64; t++) {
    const w15 = W[t - 15];
    const w2 = W[t - 2];
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
  }
  let a = state[0];
  let b = state[1];
  let c = state[2];
  let d = state[3];
  let e = state[4];
  let f = state[5];
  let g = state[6];
  let h = state[7];
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[t] + W[t]) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0] + a) | 0;
  state[1] = (state[1] + b) | 0;
  state[2] = (state[2] + c) | 0;
  state[3] = (state[3] + d) | 0;
  state[4] = (state[4] + e) | 0;
  state[5] = (state[5] + f) | 0;
  state[6] = (state[6] + g) | 0;
  state[7] = (state[7] + h) | 0;
}

/** Loads 64 bytes of the ASCII string `s` from `offset` (zero past its end) into W, big-endian. */
function load(s: string, offset: number, pad: number, bitLength: number, last: boolean): void {
  for (let j = 0; j < 16; j++) {
    let word = 0;
    for (let b = 0; b < 4; b++) {
      const p = offset + j * 4 + b;
      const byte = p < s.length ? s.charCodeAt(p) : p === pad ? 0x80 : 0;
      word = (word << 8) | byte;
    }
    W[j] = word;
  }
  if (last) {
    W[14] = Math.floor(bitLength / 4294967296);
    W[15] = bitLength | 0;
  }
}

/**
 * Hashers of `seed + "|" + label + "|" + i` for one 64-character seed (spec step 4, `i` the candidate number in
 * decimal). The label's bytes are laid out once and only the digits change per candidate, so a candidate costs one
 * compression per 64-byte block of its tail and no allocation: the first 8 bytes of the digest land in `out` as
 * [hi, lo] 32-bit halves. A label may be given as a head and a tail (`head + tail`): step 6's labels share their head
 * (task and department) and differ in their tail (the target), so only the tail is copied per target.
 */
export class SeededHasher {
  readonly seed: string;
  /** [hi, lo] of the last candidate hashed. */
  readonly out = new Uint32Array(2);
  readonly #mid = new Int32Array(8);
  readonly #state = new Int32Array(8);
  #buf = new Uint8Array(192);
  #head: string | null = null;
  #prefixLength = -1;

  constructor(seed: string) {
    if (seed.length !== 64 || /[\u0080-\uffff]/.test(seed)) throw new Error('the seed must be 64 ASCII characters');
    this.seed = seed;
    this.#mid.set(IV);
    load(seed, 0, -1, 0, false);
    compress(this.#mid);
  }

  /** Copies ASCII `s` into the buffer at `at`; false (and the label unset) at a non-ASCII character. */
  #copy(s: string, at: number): boolean {
    const buf = this.#buf;
    for (let j = 0; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c > 0x7f) {
        this.#head = null;
        this.#prefixLength = -1;
        return false;
      }
      buf[at + j] = c;
    }
    return true;
  }

  /**
   * Lays out `"|" + head + tail + "|"` for the following `hash` calls; false when the label is not ASCII (it is
   * then left to node:crypto).
   */
  setLabel(head: string, tail = ''): boolean {
    const n = head.length + tail.length + 2;
    if (this.#buf.length < n + 32 + 9 + 64) {
      this.#buf = new Uint8Array(Math.ceil((n + 32 + 9) / 64) * 64 + 64);
      this.#head = null;
    }
    if (head !== this.#head) {
      this.#buf[0] = 0x7c; // "|"
      if (!this.#copy(head, 1)) return false;
      this.#head = head;
    }
    if (!this.#copy(tail, 1 + head.length)) return false;
    this.#buf[n - 1] = 0x7c;
    this.#prefixLength = n;
    return true;
  }

  /** Hashes `seed + "|" + label + "|" + i` (i a non-negative safe integer) into `out`. */
  hash(i: number): void {
    const buf = this.#buf;
    let n = this.#prefixLength;
    // The decimal digits of i, written backwards then in place.
    let digits = 1;
    for (let v = i; v >= 10; v = Math.floor(v / 10)) digits++;
    for (let v = i, p = n + digits - 1; p >= n; p--, v = Math.floor(v / 10)) buf[p] = 48 + (v % 10);
    n += digits;
    const blocks = Math.ceil((n + 9) / 64);
    const end = blocks * 64;
    buf[n] = 0x80;
    buf.fill(0, n + 1, end - 8);
    const bits = (64 + n) * 8; // the seed's block comes first
    buf[end - 8] = 0;
    buf[end - 7] = 0;
    buf[end - 6] = 0;
    buf[end - 5] = 0;
    buf[end - 4] = bits >>> 24;
    buf[end - 3] = (bits >>> 16) & 0xff;
    buf[end - 2] = (bits >>> 8) & 0xff;
    buf[end - 1] = bits & 0xff;
    const state = this.#state;
    state.set(this.#mid);
    for (let b = 0; b < end; b += 64) {
      for (let j = 0; j < 16; j++) {
        const p = b + j * 4;
        W[j] = (buf[p] << 24) | (buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3];
      }
      compress(state);
    }
    this.out[0] = state[0];
    this.out[1] = state[1];
  }
}

/** A hasher of `seed + tail` for one 64-character seed; `tail` must be ASCII (checked by the callers' identifiers). */
export function seededSha256(seed: string): (tail: string) => [number, number] {
  if (seed.length !== 64 || /[\u0080-\uffff]/.test(seed)) throw new Error('the seed must be 64 ASCII characters');
  const mid = new Int32Array(IV);
  load(seed, 0, -1, 0, false);
  compress(mid);
  const state = new Int32Array(8);
  return (tail) => {
    state.set(mid);
    const n = tail.length;
    const bits = (64 + n) * 8;
    // Blocks of the tail after the seed: data, then 0x80, then the 64-bit length at the end of the last block.
    const blocks = Math.ceil((n + 9) / 64);
    for (let i = 0; i < blocks; i++) {
      load(tail, i * 64, n, bits, i === blocks - 1);
      compress(state);
    }
    return [state[0] >>> 0, state[1] >>> 0];
  };
}
