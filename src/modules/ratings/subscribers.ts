/**
 * The ratings module's reactions to events. When a calendar year is loaded, the kernel recomputes provisional
 * deadlines; the copy of each open rectification's due time that statistics read is refreshed from them.
 */
import type { Subscriber } from '../../kernel/subscribers.ts';
import { rectificationDue } from './deadlines.ts';

export const ratingsSubscribers: Subscriber[] = [
  {
    name: 'ratings.refresh_due_times',
    events: ['kernel.calendar.loaded'],
    async handle(k, _event, tx) {
      const open = await tx
        .selectFrom('ratings_rectifications')
        .select(['id', 'due_at'])
        .where('finished_at', 'is', null)
        .execute();
      for (const r of open) {
        const due = (await rectificationDue(k, tx, r.id))?.dueAt ?? null;
        if (due !== r.due_at)
          await tx.updateTable('ratings_rectifications').set({ due_at: due }).where('id', '=', r.id).execute();
      }
    },
  },
];
