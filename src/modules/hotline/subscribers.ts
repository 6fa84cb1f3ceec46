/**
 * The hotline module's reactions to events, delivered by the outbox dispatcher at least once; the kernel stores a
 * receipt with the handler's changes, so each event takes effect once.
 */
import type { Subscriber } from '../../kernel/subscribers.ts';

export const hotlineSubscribers: Subscriber[] = [
  {
    name: 'hotline.note_closures',
    events: ['hotline.record.closed'],
    async handle(_k, event, tx) {
      const { id } = event.payload as { id: string };
      await tx
        .insertInto('hotline_closures')
        .values({ event_id: event.id, record_id: id, noted_at: event.createdAt })
        .execute();
    },
  },
];
