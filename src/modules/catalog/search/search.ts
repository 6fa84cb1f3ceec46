/**
 * Public search and browse over the index. Only implementations that apply where the user is count: those of the
 * user's region and of its ancestors (a 金水区 resident sees 金水区's, 郑州市's and the province's, never 老城区's).
 *
 * Ranking, and why it is cheap. Results come in two tiers — every query word in the title (item name or result
 * name), then every query word somewhere in the text — and within a tier the user's own region first, then its
 * parents (county, city, province), and within a region in sort-key order (shorter names first, then publication
 * order). So a search is a sequence of steps (tier × region), each read in key order straight off the full-text
 * index, and it stops as soon as `limit + 1` matches are in hand. Nothing ranks all matches of a frequent word such
 * as 许可证, which is what made bm25 ordering take tens of milliseconds at 100 000 rows. One region per step keeps each
 * step narrow, which matters on PostgreSQL, where a step reads every one of its matches (see the adapter). The
 * region, department, item-type and life-event filters are tokens in the same index, so they narrow the match inside
 * the index too.
 */
import { sql } from 'kysely';
import type { Kernel } from '../../../kernel/kernel.ts';
import type { Ctx } from '../../../kernel/context.ts';
import type { FullTextQuery } from '../../../kernel/db/adapter.ts';
import { invalid, orThrow } from '../../../kernel/errors.ts';
import { ancestorsOf, checkDivisionCode, fullName } from '../../../kernel/reference/divisions.ts';
import { PROVINCE } from '../convert.ts';
import { ITEM_TYPES, type ItemType } from '../model.ts';
import { LIFE_EVENTS, LIFE_EVENT_KEYS, type LifeEvent } from './life-events.ts';
import { queryLength, queryWords } from './segment.ts';
import { scopeToken, titleToken } from './indexer.ts';
import { SEARCH_FULL_TEXT, type SearchIndexTable } from './tables.ts';
import { correctTypos, interpretLatin, vocabularyOf, type Interpretation } from './forgiving.ts';

export const QUERY_MIN_CHARS = 2;
export const QUERY_MAX_CHARS = 100;

export interface SearchQuery {
  q?: string;
  /** Where the user is (default: the province, which sees provincial implementations only). */
  region?: string;
  department?: string;
  lifeEvent?: LifeEvent;
  itemType?: number;
  /** Where the previous page stopped: its step (tier × region) and the last sort key. */
  after?: { step: number; key: number } | null;
  limit: number;
}

export interface SearchHit {
  implementationId: string;
  version: number;
  code: string;
  name: string;
  itemType: ItemType;
  itemTypeName: string;
  departmentCode: string;
  departmentName: string;
  region: string;
  regionName: string;
  handlingKind: string;
  promisedDays: number | null;
  /** 示例: content not checked against its sources. */
  illustrative: boolean;
  lifeEvents: LifeEvent[];
  /** Where the query matched: the title (name or result), or only the rest of the text; null when browsing without words. */
  matchedIn: 'title' | 'text' | null;
}

export interface SearchPage {
  items: SearchHit[];
  next: { step: number; key: number } | null;
  /** The words every hit matched (in its title, or for `matchedIn: 'text'` elsewhere in its guide): what to highlight. */
  words: string[];
  /** When the query as typed found nothing and was read another way (pinyin, initials, English, a typo): how. */
  interpretedAs: Interpretation | null;
}

/** The user's region and its ancestors, most specific first; 400 on `region` for an unknown code. */
export function applicableRegions(region: string | undefined): string[] {
  const r = region ?? PROVINCE;
  orThrow(checkDivisionCode(r), 'region');
  return [r, ...ancestorsOf(r).map((d) => d.code)];
}

/** The words of a query; 400 on `q` when it is shorter than 2 characters, longer than 100, or has no words. */
export function checkQuery(q: string): string[] {
  const n = queryLength(q);
  if (n < QUERY_MIN_CHARS)
    throw invalid(
      'q',
      'QUERY_TOO_SHORT',
      `检索词至少 ${QUERY_MIN_CHARS} 个字`,
      `The query needs at least ${QUERY_MIN_CHARS} characters`,
    );
  if (n > QUERY_MAX_CHARS)
    throw invalid(
      'q',
      'QUERY_TOO_LONG',
      `检索词不能超过 ${QUERY_MAX_CHARS} 个字`,
      `The query may have at most ${QUERY_MAX_CHARS} characters`,
    );
  const words = queryWords(q);
  if (!words.length)
    throw invalid('q', 'QUERY_NO_WORDS', '检索词中没有可检索的文字', 'The query has no words to search for');
  return words;
}

/** The filter groups of each filter given. */
function filterGroups(query: SearchQuery): string[][] {
  const groups: string[][] = [];
  if (query.department) groups.push([scopeToken.department(query.department)]);
  if (query.itemType !== undefined) groups.push([scopeToken.itemType(query.itemType)]);
  if (query.lifeEvent) groups.push([scopeToken.lifeEvent(query.lifeEvent)]);
  return groups;
}

interface Step {
  q: FullTextQuery;
  matchedIn: SearchHit['matchedIn'];
}

/**
 * The steps of a search, in ranking order: tier 0 (all words in the title), tier 1 (all words in the text but not
 * all in the title) — or one tier without words — each crossed with the applicable regions, most specific first.
 */
function stepsOf(query: SearchQuery): Step[] {
  const filters = filterGroups(query);
  const regions = applicableRegions(query.region);
  let tiers: Step[];
  if (query.q === undefined) {
    if (!filters.length)
      throw invalid(
        'q',
        'QUERY_REQUIRED',
        '请输入检索词，或选择部门、生活事件或事项类型',
        'Give a query, or a department, life event or item type to browse',
      );
    tiers = [{ q: { all: filters }, matchedIn: null }];
  } else {
    const words = checkQuery(query.q);
    const inTitle = words.map((w) => [titleToken(w)]);
    tiers = [
      { q: { all: [...inTitle, ...filters] }, matchedIn: 'title' },
      { q: { all: [...words.map((w) => [w]), ...filters], not: inTitle }, matchedIn: 'text' },
    ];
  }
  return tiers.flatMap((t) => regions.map((r) => ({ ...t, q: { ...t.q, all: [...t.q.all, [scopeToken.region(r)]] } })));
}

type HitRow = Omit<SearchIndexTable, 'tokens' | 'indexed_at' | 'item_id' | 'department_kind'>;

function toHit(k: Kernel, r: HitRow, matchedIn: SearchHit['matchedIn']): SearchHit {
  return {
    implementationId: r.implementation_id,
    version: Number(r.version),
    code: r.code,
    name: r.name,
    itemType: Number(r.item_type) as ItemType,
    itemTypeName: ITEM_TYPES[Number(r.item_type) as ItemType]?.zh ?? '',
    departmentCode: r.department_code,
    departmentName: r.department_name,
    region: r.region,
    regionName: fullName(r.region) ?? r.region,
    handlingKind: r.handling_kind,
    promisedDays: r.promised_days === null ? null : Number(r.promised_days),
    illustrative: r.illustrative,
    lifeEvents: r.life_events as LifeEvent[],
    matchedIn,
  };
}

/** The statement reading one step's next matches after `after`: keys in order straight off the full-text index, joined to their rows. */
function stepStatement(k: Kernel, step: Step, after: number | null, limit: number) {
  const keys = k.adapter.fullTextKeys(SEARCH_FULL_TEXT, step.q, { after, limit });
  return sql<HitRow & { key: number }>`
    select m.key, i.doc_id, i.implementation_id, i.version, i.code, i.name, i.item_type, i.department_code, i.department_name,
           i.region, i.handling_kind, i.promised_days, i.illustrative, i.life_events
    from (${keys}) m join catalog_search_index i on i.doc_id = m.key
    order by m.key`;
}

/** The statements of a query's first page, one per step, in order — for EXPLAIN in tests and the benchmark. */
export function searchStatements(k: Kernel, query: SearchQuery) {
  return stepsOf(query).map((step) => stepStatement(k, step, null, query.limit + 1));
}

async function readStep(
  k: Kernel,
  step: Step,
  after: number | null,
  limit: number,
): Promise<Array<{ key: number; hit: SearchHit }>> {
  const rows = await stepStatement(k, step, after, limit).execute(k.db);
  return rows.rows.map((r) => ({ key: Number(r.key), hit: toHit(k, r, step.matchedIn) }));
}

/**
 * Published implementations in force that apply in `region` and match the query words (all of them) and filters,
 * ranked as described above; `next` says where the following page starts. Public: no login.
 *
 * A query that finds nothing as typed is read another way (forgiving.ts): Latin letters as English, pinyin or
 * initials, Chinese with a mistyped character as the index word it resembles; the answer says how
 * (`interpretedAs`). Later pages repeat the same decision, so a cursor always belongs to the query it came from.
 */
export async function searchImplementations(k: Kernel, _ctx: Ctx, query: SearchQuery): Promise<SearchPage> {
  const literal = await pageOf(k, query);
  if (query.q === undefined || literal.items.length || !(await nothingAsTyped(k, query, literal))) return literal;
  const v = await vocabularyOf(k);
  const interpreted = interpretLatin(v, query.q) ?? correctTypos(v, query.q);
  if (!interpreted || interpreted.q === query.q) return literal;
  const page = await pageOf(k, { ...query, q: interpreted.q });
  return page.items.length ? { ...page, interpretedAs: interpreted } : literal;
}

/** Whether the query as typed matches nothing at all (a later page of it may be empty only because it ended). */
async function nothingAsTyped(k: Kernel, query: SearchQuery, page: SearchPage): Promise<boolean> {
  if (!query.after) return page.items.length === 0;
  return (await pageOf(k, { ...query, after: null, limit: 1 })).items.length === 0;
}

async function pageOf(k: Kernel, query: SearchQuery): Promise<SearchPage> {
  const steps = stepsOf(query);
  const start = query.after ?? { step: 0, key: -1 };
  if (
    !Number.isInteger(start.step) ||
    start.step < 0 ||
    start.step >= steps.length ||
    !Number.isSafeInteger(start.key)
  ) {
    throw invalid('query.cursor', 'CURSOR_INVALID', '分页游标无效', 'The page cursor is not valid');
  }
  const found: Array<{ step: number; key: number; hit: SearchHit }> = [];
  for (let s = start.step; s < steps.length && found.length <= query.limit; s++) {
    const after = s === start.step && start.key >= 0 ? start.key : null;
    for (const m of await readStep(k, steps[s], after, query.limit + 1 - found.length)) found.push({ step: s, ...m });
  }
  const page = found.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((f) => f.hit),
    next: found.length > query.limit ? { step: last.step, key: last.key } : null,
    words: query.q === undefined ? [] : queryWords(query.q),
    interpretedAs: null,
  };
}

export interface DepartmentCount {
  departmentCode: string;
  departmentName: string;
  region: string;
  regionName: string;
  count: number;
}

/** Departments with implementations that apply in `region`, with how many; own region first, then by count. */
export async function browseDepartments(k: Kernel, _ctx: Ctx, region?: string): Promise<DepartmentCount[]> {
  const regions = applicableRegions(region);
  const rows = await k.db
    .selectFrom('catalog_search_index')
    .select((eb) => [
      'department_code',
      'region',
      eb.fn.max('department_name').as('department_name'),
      eb.fn.countAll<number>().as('n'),
    ])
    .where('region', 'in', regions)
    .groupBy(['region', 'department_code'])
    .execute();
  return rows
    .map((r) => ({
      departmentCode: r.department_code,
      departmentName: String(r.department_name),
      region: r.region,
      regionName: fullName(r.region) ?? r.region,
      count: Number(r.n),
    }))
    .sort(
      (a, b) =>
        regions.indexOf(a.region) - regions.indexOf(b.region) ||
        b.count - a.count ||
        a.departmentCode.localeCompare(b.departmentCode),
    );
}

export interface ItemTypeCount {
  itemType: ItemType;
  itemTypeName: string;
  count: number;
}

/** Item types with implementations that apply in `region`, in national-code order. */
export async function browseItemTypes(k: Kernel, _ctx: Ctx, region?: string): Promise<ItemTypeCount[]> {
  const rows = await k.db
    .selectFrom('catalog_search_index')
    .select((eb) => ['item_type', eb.fn.countAll<number>().as('n')])
    .where('region', 'in', applicableRegions(region))
    .groupBy('item_type')
    .orderBy('item_type')
    .execute();
  return rows.map((r) => ({
    itemType: Number(r.item_type) as ItemType,
    itemTypeName: ITEM_TYPES[Number(r.item_type) as ItemType]?.zh ?? '',
    count: Number(r.n),
  }));
}

export interface LifeEventCount {
  lifeEvent: LifeEvent;
  zh: string;
  en: string;
  count: number;
}

/** Every life event with how many implementations that apply in `region` carry it (0 included: a stable menu). */
export async function browseLifeEvents(k: Kernel, _ctx: Ctx, region?: string): Promise<LifeEventCount[]> {
  // Grouped by the tag set: there are few distinct sets, so this reads the region's rows once and counts a handful.
  const rows = await k.db
    .selectFrom('catalog_search_index')
    .select((eb) => ['life_events', eb.fn.countAll<number>().as('n')])
    .where('region', 'in', applicableRegions(region))
    .groupBy('life_events')
    .execute();
  const counts = new Map<string, number>();
  for (const r of rows) for (const e of r.life_events as string[]) counts.set(e, (counts.get(e) ?? 0) + Number(r.n));
  return LIFE_EVENT_KEYS.map((e) => ({ lifeEvent: e, ...LIFE_EVENTS[e], count: counts.get(e) ?? 0 }));
}
