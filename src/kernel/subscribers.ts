/**
 * Subscribers are in-process reactions to events, delivered by the outbox dispatcher at least once (retries, dead
 * letters), each in its own transaction together with a receipt row, so a handler's database changes happen once per
 * event. Declared by modules in `ModuleDef.subscribers`; bound to the kernel by `bindSubscribers` (outbox.ts).
 * (Apart from events.ts because a handler takes the Kernel, whose type includes the EventRegistry.)
 */
import type { Executor } from './db/types.ts';
import type { EventEnvelope } from './events.ts';
import type { Kernel } from './kernel.ts';

export interface Subscriber {
  /** `<module>.<what it does>`; unique. Deliveries and receipts are kept under this name, so keep it stable. */
  name: string;
  /** Event types or patterns (`registry.enterprise.*`). */
  events: readonly string[];
  /**
   * Reacts to one event inside `tx`, which also stores the receipt that makes a second delivery of the same event a
   * no-op. Throwing rolls both back; the dispatcher retries with backoff, then dead-letters.
   */
  handle(k: Kernel, event: EventEnvelope, tx: Executor): Promise<void>;
}
