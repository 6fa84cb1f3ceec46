/** Sortable ids: UUIDv7 (RFC 9562) — 48-bit Unix milliseconds, then random bits. */
import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let seq = 0;

// Random bytes are drawn 4 KiB at a time (one system call per 256 ids, not two per id).
const POOL = Buffer.alloc(4096);
let poolAt = POOL.length;

function take16(into: Buffer): void {
  if (poolAt + 16 > POOL.length) {
    randomFillSync(POOL);
    poolAt = 0;
  }
  POOL.copy(into, 0, poolAt, poolAt + 16);
  poolAt += 16;
}

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
