/**
 * The inspections module's reactions to other modules' events: none yet. Its own `inspections.result.recorded` is
 * for the credit module to turn into credit records.
 */
import type { Subscriber } from '../../kernel/subscribers.ts';

export const inspectionsSubscribers: Subscriber[] = [];
