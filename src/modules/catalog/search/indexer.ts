/**
 * Keeps the search index current. An implementation is indexed exactly when `checkApplicability` says an
 * application filed now would be accepted — published, in force, not retired, item neither retired nor abolished —
 * and then with the version in force. Publishing, retiring and item changes call `reindexImplementation` /
 * `reindexItem` inside their own transaction, so the index never disagrees with a committed catalog; a date that
 * changes what is in force (a revision's effective date, a licensing list's start or end) schedules a job then.
 */
import type { DbAdapter } from '../../../kernel/db/adapter.ts';
import type { Executor } from '../../../kernel/db/types.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { requireJurisdiction, requirePermission, systemCtx, type Ctx } from '../../../kernel/context.ts';
import { orThrow } from '../../../kernel/errors.ts';
import { enqueueJob, type JobHandler } from '../../../kernel/jobs.ts';
import { addDays, shanghaiDate, startOfShanghaiDay } from '../../../kernel/calendar/index.ts';
import { checkDivisionCode } from '../../../kernel/reference/divisions.ts';
import * as repo from '../repository.ts';
import { PUBLISH, departmentKindOf } from '../access.ts';
import { checkApplicability } from '../applicability.ts';
import { elementText } from '../elements.ts';
import { PROVINCE, levelOf, toItem } from '../convert.ts';
import { ITEM_TYPES, type ImplementationVersion, type ItemType } from '../model.ts';
import { LIFE_EVENTS, lifeEventsOfItem, type LifeEvent } from './life-events.ts';
import { segment } from './segment.ts';
import { SEARCH_FULL_TEXT, type SearchIndexTable } from './tables.ts';

export const REINDEX_JOB = 'catalog.search.reindex';

/** Everything an index row is built from: a version in force (or, in the benchmark, a synthetic one). */
export interface IndexSource {
  implementationId: string;
  version: number;
  itemId: string;
  code: string;
  basicCode: string;
  name: string;
  itemType: number;
  departmentCode: string;
  departmentName: string;
  departmentKind: string;
  region: string;
  handlingKind: string;
  promisedDays: number | null;
  illustrative: boolean;
  lifeEvents: LifeEvent[];
  /** What the applicant obtains (the result's name), searched with the name. */
  resultName: string | null;
  /** The rest of the searchable text: conditions, materials, fees, places, steps. */
  text: string;
}

/** Filter tokens, one vocabulary for the indexer and for queries. */
export const scopeToken = {
  region: (code: string) => `r_${code}`,
  department: (code: string) => `d_${code.toLowerCase().replace(/[^\p{L}\p{N}_-]/gu, '_')}`,
  itemType: (t: number) => `t_${t}`,
  lifeEvent: (e: string) => `l_${e}`,
};

/** Marks a word of the title (name and result), so a query can ask for title matches first. */
export const titleToken = (word: string) => `^${word}`;

const LEVEL_BUCKET = { county: 0, city: 1, province: 2 } as const;
const SEQ_BITS = 2 ** 40;

/**
 * The sort key that is also the row key: level bucket (the user's own county first, then the city, then the
 * province), then the name's length (the general item before its special cases), then publication order.
 * Stays below 2^53, so it survives JSON and JavaScript numbers.
 */
export function sortKey(region: string, name: string, seq: number): number {
  return (LEVEL_BUCKET[levelOf(region)] * 64 + Math.min(63, [...name].length)) * SEQ_BITS + (seq % SEQ_BITS);
}

/** The index row of a source, with its sort key from `seq`. Pure: the benchmark builds rows with it too. */
export function buildIndexRow(adapter: DbAdapter, s: IndexSource, seq: number, at: Date): SearchIndexTable {
  const title = segment(`${s.name}\n${s.resultName ?? ''}`);
  const words = segment(
    [
      s.name,
      s.resultName ?? '',
      ITEM_TYPES[s.itemType as ItemType]?.zh ?? '',
      s.departmentName,
      s.basicCode,
      ...s.lifeEvents.map((e) => LIFE_EVENTS[e].zh),
      s.text,
    ].join('\n'),
  );
  const scope = [
    scopeToken.region(s.region),
    scopeToken.department(s.departmentCode),
    scopeToken.itemType(s.itemType),
    ...s.lifeEvents.map(scopeToken.lifeEvent),
  ];
  return {
    doc_id: sortKey(s.region, s.name, seq),
    implementation_id: s.implementationId,
    version: s.version,
    item_id: s.itemId,
    code: s.code,
    name: s.name,
    item_type: s.itemType,
    department_code: s.departmentCode,
    department_name: s.departmentName,
    department_kind: s.departmentKind,
    region: s.region,
    handling_kind: s.handlingKind,
    promised_days: s.promisedDays,
    illustrative: s.illustrative,
    life_events: s.lifeEvents,
    tokens: [...title.map(titleToken), ...words, ...scope].join(' '),
    indexed_at: at.toISOString(),
  };
}

/** Reserves `n` sequence numbers for sort keys; returns the first. */
export async function allocateSeqs(tx: Executor, n: number): Promise<number> {
  const r = await tx
    .updateTable('catalog_search_state')
    .set((eb) => ({ next_seq: eb('next_seq', '+', n) }))
    .where('id', '=', 'doc')
    .returning('next_seq')
    .executeTakeFirstOrThrow();
  return Number(r.next_seq) - n;
}

async function sourceOf(k: Kernel, tx: Executor, v: ImplementationVersion): Promise<IndexSource> {
  return {
    implementationId: v.implementationId,
    version: v.version,
    itemId: v.item.id,
    code: v.code,
    basicCode: v.item.basicCode,
    name: v.item.name,
    itemType: v.item.itemType,
    departmentCode: v.department.code,
    departmentName: v.department.name,
    departmentKind: (await departmentKindOf(k, v.department.code, tx)) ?? '',
    region: v.region,
    handlingKind: v.elements.handlingKind,
    promisedDays: v.elements.promisedDays,
    illustrative: v.illustrative,
    lifeEvents: await lifeEventsOfItem(k, tx, v.item.id),
    resultName: v.elements.result?.name ?? null,
    text: elementText(v.elements),
  };
}

/** The next date (Shanghai) on which what is in force may change: a later effective date, a licensing list's start or end. */
async function nextChange(k: Kernel, tx: Executor, implementationId: string, now: Date): Promise<string | null> {
  const today = shanghaiDate(now);
  const row = (await repo.findImplementation(tx, implementationId))!;
  const dates = (await repo.listVersions(tx, implementationId, { limit: 1000 })).map((v) => v.effective_from);
  const item = toItem(k, (await repo.findItem(tx, row.item_id))!);
  const entry = item.licensingLists.find((l) => l.level === levelOf(row.region));
  if (entry) dates.push(entry.effectiveFrom, ...(entry.effectiveTo ? [addDays(entry.effectiveTo, 1)] : []));
  return dates.filter((d) => d > today).sort()[0] ?? null;
}

/**
 * Re-indexes one implementation in the caller's transaction: removes its row, and inserts the version in force if
 * there is one. Returns whether it is indexed now.
 */
export async function reindexImplementation(
  k: Kernel,
  tx: Executor,
  implementationId: string,
  now: Date = k.clock.now(),
): Promise<boolean> {
  await tx.deleteFrom('catalog_search_index').where('implementation_id', '=', implementationId).execute();
  const a = await checkApplicability(k, systemCtx(now), { implementationId, at: now }, tx);
  if (a.ok) {
    await tx
      .insertInto('catalog_search_index')
      .values(buildIndexRow(k.adapter, await sourceOf(k, tx, a.version), await allocateSeqs(tx, 1), now))
      .execute();
  }
  const next = await nextChange(k, tx, implementationId, now);
  if (next)
    await enqueueJob(tx, k.adapter, {
      kind: REINDEX_JOB,
      payload: { implementationId },
      dueAt: startOfShanghaiDay(next),
      uniqueKey: `${REINDEX_JOB}:${implementationId}:${next}`,
      now,
    });
  return a.ok;
}

/** Re-indexes every implementation of an item (after its tags, reform mode, lists or status changed). */
export async function reindexItem(k: Kernel, tx: Executor, itemId: string): Promise<void> {
  for (const impl of await repo.listImplementations(tx, { itemId, limit: 100_000 }))
    await reindexImplementation(k, tx, impl.id);
}

export interface ReindexResult {
  region: string;
  /** Rows of the region's subtree before the rebuild, and after it. */
  before: number;
  indexed: number;
}

/**
 * Rebuilds the index of a region's subtree (default: the caller's region, or the province) in one transaction:
 * every row there is dropped and every published implementation re-indexed. An audited maintenance action.
 */
export async function reindexAll(
  k: Kernel,
  ctx: Ctx,
  input: { region?: string; reason?: string } = {},
): Promise<ReindexResult> {
  requirePermission(ctx, PUBLISH);
  const region = input.region ?? ctx.principal.region ?? PROVINCE;
  orThrow(checkDivisionCode(region), 'region');
  requireJurisdiction(ctx, region);
  return k.db.transaction().execute(async (t) => {
    const prefix = repo.subtreePrefix(region);
    const dropped = await t.deleteFrom('catalog_search_index').where('region', 'like', `${prefix}%`).executeTakeFirst();
    let indexed = 0;
    for (let after: string | null = null; ;) {
      const page = await repo.listImplementations(t, { region, published: true, after, limit: 500 });
      for (const impl of page) if (await reindexImplementation(k, t, impl.id, ctx.now)) indexed++;
      if (page.length < 500) break;
      after = page[page.length - 1].id;
    }
    await k.adapter.optimizeFullTextIndex(t, SEARCH_FULL_TEXT); // one segment again, after the bulk rewrite
    const result = { region, before: Number(dropped.numDeletedRows), indexed };
    await k.audit.record(t, ctx, {
      permission: PUBLISH,
      action: 'reindex',
      subjectType: 'catalog.search_index',
      subjectId: region,
      reason: input.reason?.trim() || null,
      after: result,
      event: { type: 'catalog.search_index.rebuilt', payload: { ...result } },
    });
    return result;
  });
}

/** The job that re-indexes an implementation on a date that changes what is in force. */
export function searchJobs(k: Kernel): Record<string, JobHandler> {
  return {
    [REINDEX_JOB]: async (job, ctx) => {
      const { implementationId } = job.payload as { implementationId: string };
      await k.db.transaction().execute((t) => reindexImplementation(k, t, implementationId, ctx.now));
    },
  };
}
