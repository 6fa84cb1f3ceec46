/**
 * Bitstring Status Lists (W3C): one revocation and one suspension list per issuing department, 131,072 entries each.
 * A certificate takes a random free index (the same in both lists), so a list says nothing about who holds what.
 * Bit i is the i-th bit from the left (most significant bit of byte 0 first); `encodedList` is multibase base64url
 * ('u' prefix) of the GZIP-compressed bitstring.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { randomInt } from 'node:crypto';
import type { Executor } from '../../kernel/db/types.ts';

export const STATUS_LIST_SIZE = 131_072;
export const PURPOSES = ['revocation', 'suspension'] as const;
export type StatusPurpose = (typeof PURPOSES)[number];

export const listId = (department: string, purpose: StatusPurpose) => `${department}-${purpose}`;

async function ensureLists(tx: Executor, department: string, at: string): Promise<void> {
  for (const purpose of PURPOSES) {
    const id = listId(department, purpose);
    const have = await tx.selectFrom('certificates_status_lists').select('id').where('id', '=', id).executeTakeFirst();
    if (!have)
      await tx
        .insertInto('certificates_status_lists')
        .values({
          id,
          department_code: department,
          purpose,
          size: STATUS_LIST_SIZE,
          bits: Buffer.alloc(STATUS_LIST_SIZE / 8).toString('base64url'),
          revision: 0,
          updated_at: at,
        })
        // Two first grants of a department at once: the second finds the lists made (no duplicate key, no 500).
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
  }
}

/** A random index not yet taken in the department's lists. */
export async function allocateIndex(tx: Executor, department: string, at: string): Promise<number> {
  await ensureLists(tx, department, at);
  for (;;) {
    const index = randomInt(STATUS_LIST_SIZE);
    const taken = await tx
      .selectFrom('certificates_certificates')
      .select('id')
      .where('status_list', '=', department)
      .where('status_index', '=', index)
      .executeTakeFirst();
    if (!taken) return index;
  }
}

export function bitAt(bits: Buffer, index: number): boolean {
  return (bits[index >> 3] & (0x80 >> (index & 7))) !== 0;
}

/** Sets (or clears) the certificate's bit in the list of `purpose`, in the caller's transaction. */
export async function setStatus(
  tx: Executor,
  department: string,
  purpose: StatusPurpose,
  index: number,
  on: boolean,
  at: string,
): Promise<void> {
  const id = listId(department, purpose);
  const row = await tx
    .selectFrom('certificates_status_lists')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const bits = Buffer.from(row.bits, 'base64url');
  if (on) bits[index >> 3] |= 0x80 >> (index & 7);
  else bits[index >> 3] &= ~(0x80 >> (index & 7));
  await tx
    .updateTable('certificates_status_lists')
    .set({ bits: bits.toString('base64url'), revision: Number(row.revision) + 1, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export const encodeList = (bits: Buffer) => 'u' + gzipSync(bits).toString('base64url');

export function decodeList(encoded: string): Buffer {
  if (!encoded.startsWith('u')) throw new Error('encodedList must be multibase base64url');
  return gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
}
