/**
 * Typed events. Each module declares its events once — name `<module>.<subject>.<past-tense verb>`, zh/en label,
 * TypeBox payload schema — and builds them with `make`, so the compiler checks every payload where it is written;
 * the outbox checks them again at run time (EventRegistry.check) before the row is stored.
 *
 *   export const catalogEvents = defineEvents('catalog', {
 *     'catalog.item.retired': { zh: '事项已取消', en: 'Item retired', payload: Type.Object({ id: Type.String(), version: Type.Integer() }) },
 *   });
 *   catalogEvents.make('catalog.item.retired', { id, version }); // { type, payload }, payload type-checked
 *
 * Subscribers (subscribers.ts) are in-process reactions to these events.
 */
import type { Static, TSchema } from '@fastify/type-provider-typebox';
import { Compile } from 'typebox/compile';
import { AppError } from './errors.ts';

export interface EventSpec<P extends TSchema = TSchema> {
  zh: string;
  en: string;
  payload: P;
}

export interface EventDef extends EventSpec {
  type: string;
  module: string;
}

export interface EventCatalog<T extends Record<string, EventSpec> = Record<string, EventSpec>> {
  readonly module: string;
  readonly list: readonly EventDef[];
  /** An event of this module, its payload checked by the compiler against the declared schema. */
  make<N extends keyof T & string>(
    type: N,
    payload: Static<T[N]['payload']>,
  ): { type: N; payload: Record<string, unknown> };
}

const EVENT_NAME = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;

/** Declares a module's events. Every name must start with `<module>.` and read `<module>.<subject>.<past tense>`. */
export function defineEvents<const T extends Record<string, EventSpec>>(module: string, specs: T): EventCatalog<T> {
  const list: EventDef[] = [];
  for (const [type, spec] of Object.entries(specs)) {
    if (!EVENT_NAME.test(type) || !type.startsWith(`${module}.`))
      throw new Error(`event ${type} must be named ${module}.<subject>.<past-tense verb>`);
    list.push({ type, module, ...spec });
  }
  return { module, list, make: (type, payload) => ({ type, payload: payload as Record<string, unknown> }) };
}

/** What a subscriber receives: the event as stored in the outbox. */
export interface EventEnvelope {
  id: string;
  type: string;
  subjectType: string;
  subjectId: string;
  actionId: string | null;
  createdAt: string;
  payload: unknown;
}

/** Every declared event, gathered at start-up; checks an event's payload before the outbox stores it. */
export class EventRegistry {
  readonly all: readonly EventDef[];
  private readonly checks = new Map<string, ReturnType<typeof Compile>>();

  constructor(catalogs: readonly EventCatalog[]) {
    const all: EventDef[] = [];
    for (const c of catalogs) {
      for (const def of c.list) {
        if (this.checks.has(def.type)) throw new Error(`event ${def.type} is declared twice`);
        this.checks.set(def.type, Compile(def.payload));
        all.push(def);
      }
    }
    this.all = all;
  }

  has(type: string): boolean {
    return this.checks.has(type);
  }

  /** Throws (a 500: a programming error, never the caller's) when the type is undeclared or the payload does not match. */
  check(type: string, payload: unknown): void {
    const c = this.checks.get(type);
    if (!c)
      throw new AppError({
        code: 'EVENT_UNDECLARED',
        status: 500,
        zh: `未声明的事件 ${type}`,
        en: `Undeclared event ${type}`,
      });
    if (!c.Check(payload)) {
      const first = [...c.Errors(payload)][0] as { instancePath?: string; message?: string } | undefined;
      throw new AppError({
        code: 'EVENT_PAYLOAD_INVALID',
        status: 500,
        zh: `事件 ${type} 的内容不符合声明`,
        en: `The payload of event ${type} does not match its schema at ${first?.instancePath || '/'}: ${first?.message ?? ''}`,
      });
    }
  }
}
