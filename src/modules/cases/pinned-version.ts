/**
 * The parts of a published implementation version that a filing pins (its item, code and elements), memoised: a
 * published version never changes, and a filing reads the one in force on every submission.
 *
 * Only a version read by a transaction that then committed is remembered (`rememberCommitted`, called once the
 * transaction is known to have committed), so a version published inside a transaction that rolls back never enters
 * the memo, and a version number published again after such a rollback is read afresh.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { getImplementationVersion, type ImplementationVersion } from '../catalog/index.ts';

/** What never changes once a version is published (its status, published or superseded, does: not kept here). */
export type PinnedVersion = Pick<ImplementationVersion, 'implementationId' | 'version' | 'code' | 'item' | 'elements'>;

const MAX = 1000;
/** Per kernel (its database): two kernels in one process (tests, tools) may hold different versions under one key. */
const committedOf = new WeakMap<Kernel, Map<string, PinnedVersion>>();
/** Versions read by transactions not yet known to have committed, with the kernel that read them. */
const pending = new WeakMap<Executor, { k: Kernel; read: Map<string, PinnedVersion> }>();

/** The version `id@version` (404 when absent), from the memo or read within `tx`. */
export async function pinnedVersion(k: Kernel, id: string, version: number, tx: Executor): Promise<PinnedVersion> {
  const key = `${id}@${version}`;
  const known = committedOf.get(k)?.get(key);
  if (known) return known;
  const v = await getImplementationVersion(k, id, version, tx);
  const pinned: PinnedVersion = {
    implementationId: v.implementationId,
    version: v.version,
    code: v.code,
    item: v.item,
    elements: v.elements,
  };
  let p = pending.get(tx);
  if (!p) pending.set(tx, (p = { k, read: new Map() }));
  p.read.set(key, pinned);
  return pinned;
}

/** `tx` committed: what it read is now committed data, kept for later filings. */
export function rememberCommitted(tx: Executor | undefined): void {
  const p = tx && pending.get(tx);
  if (!p) return;
  pending.delete(tx);
  let committed = committedOf.get(p.k);
  if (!committed) committedOf.set(p.k, (committed = new Map()));
  if (committed.size + p.read.size > MAX) committed.clear();
  for (const [key, v] of p.read) committed.set(key, v);
}
