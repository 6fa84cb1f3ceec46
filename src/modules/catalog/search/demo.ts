/**
 * Demo life-event tags, set through the tag service so each is an audited action: every demo item whose name
 * contains a keyword below gets that keyword's life events (so items other demo seeds add are tagged too).
 * Idempotent: an item already tagged is left alone. An index that is empty while implementations are published (a
 * database seeded before search existed) is rebuilt.
 */
import type { Kernel } from '../../../kernel/kernel.ts';
import type { Ctx } from '../../../kernel/context.ts';
import * as repo from '../repository.ts';
import { LIFE_EVENT_KEYS, type LifeEvent } from './life-events.ts';
import { reindexAll } from './indexer.ts';
import { getItemLifeEvents, setItemLifeEvents } from './tags.ts';

/** Name keyword → life events (示例 judgement, not an official classification). */
const RULES: Array<[keyword: RegExp, events: LifeEvent[]]> = [
  [/生育|出生|新生儿/, ['birth']],
  [/结婚|婚姻|生育/, ['marriage']],
  [/企业设立|个体工商户|食品经营|食品生产|公共场所卫生|药品零售|投资项目/, ['business_startup']],
  [/食品经营|公共场所卫生|个体工商户|餐饮/, ['restaurant']],
  [/退休|养老/, ['retirement']],
  [/不动产|公积金|住房|建筑工程施工|建设工程规划/, ['housing']],
  [/就业|失业|社会保障卡|公积金缴存|劳动|个体工商户/, ['employment']],
];

/** The life events the rules give an item name, in the vocabulary's order. */
export function demoLifeEvents(name: string): LifeEvent[] {
  const events = new Set(RULES.filter(([re]) => re.test(name)).flatMap(([, e]) => e));
  return LIFE_EVENT_KEYS.filter((e) => events.has(e));
}

export async function seedSearchDemo(k: Kernel): Promise<void> {
  const now = k.clock.now();
  const ctx: Ctx = {
    principal: {
      id: 'system:catalog-demo-editor',
      kind: 'system',
      name: '目录示例数据录入（系统）',
      roles: ['admin'],
      region: null,
      department: null,
    },
    requestId: null,
    now,
  };
  for (const item of await repo.listItems(k.db, k.adapter, { limit: 100_000 })) {
    const lifeEvents = demoLifeEvents(item.name);
    if (!lifeEvents.length || (await getItemLifeEvents(k, ctx, item.id)).version !== 0) continue;
    await setItemLifeEvents(k, ctx, item.id, { lifeEvents, version: 0, reason: '示例数据：生活事件标签' });
  }
  const indexed = await k.db.selectFrom('catalog_search_index').select('doc_id').limit(1).executeTakeFirst();
  const published = await repo.listImplementations(k.db, { published: true, limit: 1 });
  if (!indexed && published.length) await reindexAll(k, ctx, { reason: '示例数据：建立检索索引' });
}
