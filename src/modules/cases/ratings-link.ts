/**
 * Cases offer a rating (好差评) to the applicant once a case is concluded or refused: a subscriber, so a rating
 * invitation never holds up the move itself (eventual, on purpose: ../shared/DESIGN.md). Delivered at least once; the
 * ratings module's `offerRating` is idempotent per case, and the kernel's receipt makes each event count once.
 * A case without an applicant account (a clerk filed for a person with none, or an enterprise) is not offered.
 */
import type { Subscriber } from '../../kernel/subscribers.ts';
import { offerRating } from '../ratings/index.ts';
import { findCaseRow } from './repository.ts';
import { SUBJECT_TYPE } from './deadlines.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import type { CaseTable } from './tables.ts';

/** Offers the case's applicant a rating (once per case: a second call answers the same invitation); null without an account. */
export async function offerCaseRating(
  k: Kernel,
  tx: Executor | undefined,
  c: CaseTable,
): Promise<{ id: string; created: boolean } | null> {
  if (!c.applicant_account) return null;
  return offerRating(k, tx, {
    subjectType: SUBJECT_TYPE,
    subjectId: c.id,
    subjectLabel: `${c.number} ${c.item_name}`,
    raterAccount: c.applicant_account,
    department: { code: c.department_code, name: c.department_name, kind: c.department_kind },
    region: c.region,
    item: { id: c.item_id, name: c.item_name },
    channel: c.channel === 'window' ? 'on_site' : 'online',
  });
}

export const casesRatingsLink: Subscriber = {
  name: 'cases.offer_rating',
  events: ['cases.case.concluded', 'cases.case.refused'],
  async handle(k, event, tx) {
    const { id } = event.payload as { id: string };
    const c = await findCaseRow(tx, id);
    if (c) await offerCaseRating(k, tx, c);
  },
};
