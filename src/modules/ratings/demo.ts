/**
 * The ratings module's demo data: the demo applicant (citizen.demo) rated four illustrative services of published
 * Zhengzhou 市场监管 implementations — 5, 4 and a 差评 of 2 that opened a rectification — and has one invitation still to rate,
 * so 我的评价, the queues and the statistics have something to show. The subjects are examples of their own type
 * (`ratings.demo_service`), not cases: concluded demo cases offer real invitations through the cases subscriber.
 * Added once; a second run adds nothing.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Ctx } from '../../kernel/context.ts';
import { findAccountByUsername } from '../../kernel/auth/accounts.ts';
import { listPublishedForIndex } from '../catalog/index.ts';
import { offerRating, rate, type RateInput } from './service.ts';

const RATINGS: Array<RateInput | null> = [
  { score: 5, tags: ['efficient', 'one_visit'], comment: '窗口指导很耐心，一次就办成了（示例）', channel: 'on_site' },
  { score: 4, tags: ['easy_online'], channel: 'online' },
  { score: 2, tags: ['repeated_visits'], comment: '材料清单与窗口要求不一致，跑了两次（示例）', channel: 'online' },
  null,
];

export async function seedRatingsDemo(k: Kernel): Promise<void> {
  // Its own examples only: the cases demo (seeded first) has already offered and rated a real case.
  const seeded = await k.db
    .selectFrom('ratings_invitations')
    .select('id')
    .where('subject_type', '=', 'ratings.demo_service')
    .limit(1)
    .executeTakeFirst();
  if (seeded) return;
  const a = await findAccountByUsername(k.db, 'citizen.demo');
  if (!a) return;
  const citizen: Ctx = {
    principal: {
      id: a.id,
      kind: a.kind,
      name: a.name,
      roles: ['applicant'],
      region: a.region,
      department: a.department,
      grants: k.permissions.grantsOf(['applicant']),
    },
    requestId: null,
    now: k.clock.now(),
  };
  const published = (await listPublishedForIndex(k, { limit: 200 }))
    .map((p) => p.version)
    .filter((v) => v.region.startsWith('4101') && v.department.code.endsWith('-SCJG')); // lead.zhengzhou's kind
  for (const [i, input] of RATINGS.entries()) {
    const v = published[i];
    if (!v) return;
    const inv = await offerRating(k, undefined, {
      subjectType: 'ratings.demo_service',
      subjectId: `demo-${i + 1}`,
      subjectLabel: `示例服务 ${i + 1}：${v.item.name}`,
      raterAccount: a.id,
      department: { code: v.department.code, name: v.department.name },
      region: v.region,
      item: { id: v.item.id, name: v.item.name },
    });
    if (input) await rate(k, citizen, inv.id, input);
  }
}
