/**
 * Life events (一件事 / 生命周期): tags on catalog items so a citizen can browse "what do I need when a child is born"
 * instead of knowing item names. The vocabulary is fixed here; an item's tags are set by catalog editors (tags.ts)
 * and copied into the search index of every implementation of the item.
 */
import type { Executor } from '../../../kernel/db/types.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { invalid } from '../../../kernel/errors.ts';
import './tables.ts';

export const LIFE_EVENTS = {
  birth: { zh: '新生儿出生', en: 'Birth of a child' },
  business_startup: { zh: '开办企业', en: 'Starting a business' },
  restaurant: { zh: '开餐馆', en: 'Opening a restaurant' },
  retirement: { zh: '退休', en: 'Retirement' },
  housing: { zh: '住房', en: 'Housing' },
  employment: { zh: '就业', en: 'Employment' },
  marriage: { zh: '婚育', en: 'Marriage and children' },
} as const;
export type LifeEvent = keyof typeof LIFE_EVENTS;
export const LIFE_EVENT_KEYS = Object.keys(LIFE_EVENTS) as LifeEvent[];

/** An item's tags as stored (empty when never tagged), for indexing. */
export async function lifeEventsOfItem(k: Kernel, db: Executor, itemId: string): Promise<LifeEvent[]> {
  const row = await db
    .selectFrom('catalog_item_life_events')
    .select('life_events')
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  return row ? (row.life_events as LifeEvent[]) : [];
}

/** Known keys, each once, in the vocabulary's order; anything else is a 400 on `lifeEvents`. */
export function checkLifeEvents(values: string[]): LifeEvent[] {
  const unknown = values.find((v) => !(LIFE_EVENT_KEYS as string[]).includes(v));
  if (unknown !== undefined)
    throw invalid('lifeEvents', 'LIFE_EVENT_UNKNOWN', `未知的生活事件：${unknown}`, `Unknown life event: ${unknown}`);
  if (new Set(values).size !== values.length)
    throw invalid('lifeEvents', 'LIFE_EVENT_DUPLICATE', '生活事件不能重复', 'A life event is listed twice');
  return LIFE_EVENT_KEYS.filter((key) => values.includes(key));
}
