/**
 * After closure the citizen rates the handling (好差评) through the ratings module: a subscriber, as cases do
 * (src/modules/cases/ratings-link.ts), so an invitation never holds up the closure. Offered once per ticket
 * (`offerRating` is idempotent per subject) to the account that submitted it online; a ticket taken by phone has no
 * account to rate with (the callback records the caller's satisfaction instead). Merged and answered tickets are
 * offered too when filed online; the rated department is the one that handled it (the center's for an answer).
 */
import type { Subscriber } from '../../kernel/subscribers.ts';
import { offerRating } from '../ratings/index.ts';
import { findDepartment } from '../registry/index.ts';
import { findTicketRow } from './repository.ts';
import { REQUEST_TYPE_LABELS, type RequestType } from './model.ts';

export const hotlineRatingsLink: Subscriber = {
  name: 'hotline.offer_rating',
  events: ['hotline.ticket.closed'],
  async handle(k, event, tx) {
    const { id } = event.payload as { id: string };
    const t = await findTicketRow(tx, id);
    if (!t?.caller_account) return;
    const code = t.department_code ?? t.center_department;
    const dept = await findDepartment(k, code, tx);
    const topic = await tx
      .selectFrom('hotline_topics')
      .select('name_zh')
      .where('code', '=', t.topic_code)
      .executeTakeFirst();
    await offerRating(k, tx, {
      subjectType: 'hotline.ticket',
      subjectId: t.id,
      subjectLabel: `${t.number} ${REQUEST_TYPE_LABELS[t.request_type as RequestType].zh}·${topic?.name_zh ?? t.topic_code}`,
      raterAccount: t.caller_account,
      department: { code, name: dept?.name ?? code, kind: dept?.kind },
      region: t.region,
      item: { id: `hotline:${t.topic_code}`, name: `12345 ${topic?.name_zh ?? t.topic_code}` },
      channel: 'online', // only tickets filed online have a rater account
    });
  },
};
