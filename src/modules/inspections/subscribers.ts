/**
 * The inspections module's reactions to events, delivered by the outbox dispatcher at least once; the kernel stores a
 * receipt with the handler's changes, so each event takes effect once.
 */
import type { Subscriber } from '../../kernel/subscribers.ts';

export const inspectionsSubscribers: Subscriber[] = [
  {
    name: 'inspections.note_closures',
    events: ['inspections.record.closed'],
    async handle(_k, event, tx) {
      const { id } = event.payload as { id: string };
      await tx
        .insertInto('inspections_closures')
        .values({ event_id: event.id, record_id: id, noted_at: event.createdAt })
        .execute();
    },
  },
];
