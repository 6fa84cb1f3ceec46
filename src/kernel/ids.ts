/** Sortable ids: UUIDv7 (RFC 9562) — 48-bit Unix milliseconds, then random bits. */
import { randomBytes } from 'node:crypto';

let lastMs = 0;
let seq = 0;

/** A new UUIDv7. Ids made in the same millisecond by this process still sort in creation order. */
export function newId(nowMs: number = Date.now()): string {
  if (nowMs <= lastMs) {
    nowMs = lastMs;
    seq = (seq + 1) & 0xfff;
    if (seq === 0) nowMs = ++lastMs;
  } else {
    seq = randomBytes(2).readUInt16BE(0) & 0x7ff; // leave room to count up within one ms
  }
  lastMs = nowMs;
  const b = randomBytes(16);
  b.writeUIntBE(nowMs, 0, 6);
  b[6] = 0x70 | (seq >> 8);
  b[7] = seq & 0xff;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
