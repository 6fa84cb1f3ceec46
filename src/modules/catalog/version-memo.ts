/**
 * Published implementation versions kept in memory once known committed: a published version never changes (its
 * status, published or superseded, is derived from the implementation's head, not stored with it), so its parsed row
 * can be served to every later filing instead of reading and parsing its JSON content again. Which version is in
 * force is never kept here — that changes with each publication, withdrawal or retirement and is read every time.
 *
 * A version must never be kept if the transaction that published it may still roll back. `insertVersion` marks the
 * version unsettled before writing it; it is settled (may be kept) once it is known committed:
 *  - the publication ran in its own transaction, which returned (`settleVersion`, lifecycle.ts), or
 *  - it was read outside any transaction (only committed rows are visible there).
 * A version read inside a transaction and not marked unsettled was committed by another transaction (a transaction
 * sees only committed rows and its own writes, and its own writes of a version are marked): it is kept at once. A
 * version published in a transaction that rolled back stays unsettled, so the version number published again later
 * is read afresh until that publication is known committed.
 *
 * Kept per database (a test process opens many), bounded: the oldest entry is dropped past `MAX`.
 */
import type { Executor } from '../../kernel/db/types.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { preparedQuery } from '../../kernel/db/prepared.ts';
import { notFound } from '../../kernel/errors.ts';
import type { ImplementationVersionTable } from './tables.ts';
import type { Elements } from './elements.ts';
import type { ImplementationVersion, ItemSummary } from './model.ts';

const MAX = 1000;
const memo = new WeakMap<object, Map<string, ImplementationVersionTable>>();
/** Versions written by a transaction not (yet) known to have committed, with how many such writes. */
const unsettled = new Map<string, number>();

const keyOf = (implementationId: string, version: number) => `${implementationId}@${version}`;

const versionRow = preparedQuery((db: Executor, implementationId: string, version: number) =>
  db
    .selectFrom('catalog_implementation_versions')
    .selectAll()
    .where('implementation_id', '=', implementationId)
    .where('version', '=', version),
);

/** A version is about to be written in a transaction that may roll back: never keep it until settled. */
export function markVersionWritten(implementationId: string, version: number): void {
  const key = keyOf(implementationId, version);
  unsettled.set(key, (unsettled.get(key) ?? 0) + 1);
}

/** The transaction that wrote this version committed (or it was read outside any transaction): it may be kept. */
export function settleVersion(implementationId: string, version: number): void {
  unsettled.delete(keyOf(implementationId, version));
}

/** One stored version (undefined when absent), from memory when known committed, else read within `db`. */
export async function publishedVersionRow(
  k: Pick<Kernel, 'db'>,
  db: Executor,
  implementationId: string,
  version: number,
): Promise<ImplementationVersionTable | undefined> {
  let kept = memo.get(k.db);
  if (!kept) memo.set(k.db, (kept = new Map()));
  const key = keyOf(implementationId, version);
  const known = kept.get(key);
  if (known) return known;
  const row = (await versionRow(db, implementationId, version)).rows[0];
  if (!row) return undefined;
  if (!db.isTransaction) unsettled.delete(key); // read outside a transaction: committed
  if (unsettled.has(key)) return row;
  if (kept.size >= MAX) kept.delete(kept.keys().next().value!);
  kept.set(key, row);
  return row;
}

/** What a filing pins of a published version: all of it fixed once published (its status is not: not included). */
export type PinnedVersion = Pick<ImplementationVersion, 'implementationId' | 'version' | 'code' | 'item' | 'elements'>;

/** The published version `id@version` as a filing pins it (404 when absent), from memory once known committed. */
export async function pinnedVersion(
  k: Pick<Kernel, 'db'>,
  implementationId: string,
  version: number,
  tx?: Executor,
): Promise<PinnedVersion> {
  const v = await publishedVersionRow(k, tx ?? k.db, implementationId, version);
  if (!v) throw notFound('实施清单版本 implementation version', `${implementationId}@${version}`);
  return {
    implementationId: v.implementation_id,
    version: Number(v.version),
    code: v.code,
    item: v.item as ItemSummary,
    elements: v.elements as Elements,
  };
}
