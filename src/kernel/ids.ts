/** Sortable ids: UUIDv7 (RFC 9562) — 48-bit Unix milliseconds, then random bits. */
import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let seq = 0;

// Random bytes are drawn 4 KiB at a time (one system call per 256 ids, not two per id); each byte is handed out once.
const POOL = Buffer.alloc(4096);
let poolAt = POOL.length;

/** Copies `n` (≤ 4096) fresh random bytes from the pool into `into` at `offset`. */
export function takeRandom(into: Buffer, n: number, offset = 0): void {
  if (poolAt + n > POOL.length) {
    randomFillSync(POOL);
    poolAt = 0;
  }
  POOL.copy(into, offset, poolAt, poolAt + n);
  poolAt += n;
}

const take16 = (into: Buffer) => takeRandom(into, 16);

const b = Buffer.alloc(16);

/** A new UUIDv7. Ids made in the same millisecond by this process still sort in creation order. */
export function newId(nowMs: number = Date.now()): string {
  take16(b);
  if (nowMs <= lastMs) {
    nowMs = lastMs;
    seq = (seq + 1) & 0xfff;
    if (seq === 0) nowMs = ++lastMs;
  } else {
    seq = b.readUInt16BE(6) & 0x7ff; // leave room to count up within one ms
  }
  lastMs = nowMs;
  b.writeUIntBE(nowMs, 0, 6);
  b[6] = 0x70 | (seq >> 8);
  b[7] = seq & 0xff;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
